/**
 * Benchmark driver for Node: the generated TypeScript client, a raw node:http request and ali-oss.
 * One measurement per process, so each gets a fresh heap and its own peak RSS. Prints one JSON line.
 *
 *   crc    FILE REPEATS                       CRC-64 of the file's bytes (read into memory first)
 *   big    client|raw|alioss URL KEY TOTAL CHUNK   TOTAL bytes appended in CHUNK-byte appends
 *   small  client|raw|alioss URL KEY COUNT SIZE    COUNT sequential appends of SIZE bytes
 *   file   client|alioss URL KEY PATH              the whole file appended as one streamed append
 */
import { Agent, request } from 'node:http';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  Appender,
  OssClient,
  canonicalQuery,
  crc64,
  encodeKey,
  fromFile,
  signV4,
  useCrcWorker,
  type Credentials,
} from '../../out/ts/src/index.js';

const BUCKET = 'examplebucket';
const REGION = 'cn-hangzhou';
const credentials: Credentials = { accessKeyId: 'ak', accessKeySecret: 'sk' };

/** A deterministic pseudo-random chunk (xorshift32 from seed 1, as the Go and C drivers). */
function pattern(size: number): Buffer {
  const buf = Buffer.allocUnsafe(size);
  let x = 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    buf[i] = x & 0xff;
  }
  return buf;
}

function print(result: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** A raw signed append over a keep-alive agent: the floor any Node client pays. */
function rawAppender(url: string, key: string) {
  const endpoint = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const append = (position: number, body: Buffer | string, length: number): Promise<void> => {
    const query: Array<[string, string | undefined]> = [['append', undefined], ['position', String(position)]];
    const headers: Record<string, string> = { 'content-length': String(length) };
    signV4({ method: 'POST', bucket: BUCKET, key, query, headers }, credentials, REGION, new Date());
    return new Promise((resolve, reject) => {
      const req = request(
        {
          method: 'POST',
          hostname: endpoint.hostname,
          port: endpoint.port,
          path: `/${BUCKET}/${encodeKey(key)}?${canonicalQuery(query)}`,
          headers,
          agent,
        },
        (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`raw append: status ${res.statusCode}`))));
        },
      );
      req.on('error', reject);
      if (typeof body === 'string') createReadStream(body).pipe(req);
      else req.end(body);
    });
  };
  return { append, close: () => agent.destroy() };
}

interface AliOssClient {
  append(name: string, file: Buffer | string, options: { position: string; headers?: Record<string, string> }): Promise<{ nextAppendPosition: string }>;
}

/**
 * ali-oss's V1 puts the signed date in x-oss-date only; the simulator (like the wire contract) reads V1's
 * date from Date. Sending both with the same value keeps ali-oss's own signature valid for both readings.
 */
function aliOssDate(): { headers: Record<string, string> } {
  const now = new Date().toUTCString();
  return { headers: { 'x-oss-date': now, Date: now } };
}

function aliOss(url: string): AliOssClient {
  const require = createRequire(import.meta.url);
  const OSS = require('ali-oss') as new (options: Record<string, unknown>) => AliOssClient & { setSLDEnabled(on: boolean): AliOssClient };
  // Path-style addressing (/bucket/key), as the simulator expects; V1 signing (its default). Named by
  // "localhost": on an IP endpoint ali-oss rewrites Host to bucket.oss-REGION.aliyuncs.com.
  const endpoint = new URL(url);
  if (endpoint.hostname === '127.0.0.1') endpoint.hostname = 'localhost';
  return new OSS({ endpoint: endpoint.origin, bucket: BUCKET, region: `oss-${REGION}`, accessKeyId: 'ak', accessKeySecret: 'sk', secure: false, timeout: 600_000 }).setSLDEnabled(true);
}

/** Events seen by the 'observed' variant's listeners (checked after a run: observing that saw nothing measured nothing). */
let observedEvents = 0;
const observe = () => void observedEvents++;

/** 'observed' (issue #20): the same client with an upload-progress listener and request/response hooks on every attempt. */
async function openClient(url: string, key: string, observed = false): Promise<{ client: OssClient; appender: Appender }> {
  // Worker-thread hashing is opt-in in the client (it loses on a machine without an idle core); this measures it.
  if (process.env.OSSGEN_BENCH_TS_CRC_WORKER === '1') await useCrcWorker(true);
  const client = new OssClient({ endpoint: url, bucket: BUCKET, region: REGION, credentials, timeoutMs: 600_000, ...(observed ? { hooks: { onRequest: observe, onResponse: observe } } : {}) });
  return { client, appender: await Appender.open(client, { key, ...(observed ? { onUploadProgress: observe } : {}) }) };
}

function checkObserved(variant: string): void {
  if (variant === 'observed' && observedEvents === 0) throw new Error('observed: no progress or hook event arrived');
}

async function big(variant: string, url: string, key: string, total: number, chunkSize: number): Promise<void> {
  const chunk = pattern(chunkSize);
  const count = Math.ceil(total / chunkSize);
  let ms: number;
  if (variant === 'client' || variant === 'observed') {
    const { client, appender } = await openClient(url, key, variant === 'observed');
    const start = performance.now();
    for (let i = 0; i < count; i++) await appender.append(chunk);
    ms = performance.now() - start;
    client.close();
    checkObserved(variant);
  } else if (variant === 'raw') {
    const raw = rawAppender(url, key);
    const start = performance.now();
    for (let i = 0; i < count; i++) await raw.append(i * chunkSize, chunk, chunkSize);
    ms = performance.now() - start;
    raw.close();
  } else if (variant === 'alioss') {
    const client = aliOss(url);
    const start = performance.now();
    let position = 0;
    for (let i = 0; i < count; i++) position = Number((await client.append(key, chunk, { position: String(position), ...aliOssDate() })).nextAppendPosition);
    ms = performance.now() - start;
  } else throw new Error(`unknown variant ${variant}`);
  print({ ms, bytes: count * chunkSize });
}

async function small(variant: string, url: string, key: string, count: number, size: number): Promise<void> {
  const chunk = pattern(size);
  let ms: number;
  if (variant === 'client' || variant === 'observed') {
    const { client, appender } = await openClient(url, key, variant === 'observed');
    const start = performance.now();
    for (let i = 0; i < count; i++) await appender.append(chunk);
    ms = performance.now() - start;
    client.close();
    checkObserved(variant);
  } else if (variant === 'raw') {
    const raw = rawAppender(url, key);
    const start = performance.now();
    for (let i = 0; i < count; i++) await raw.append(i * size, chunk, size);
    ms = performance.now() - start;
    raw.close();
  } else if (variant === 'alioss') {
    const client = aliOss(url);
    const start = performance.now();
    let position = 0;
    for (let i = 0; i < count; i++) position = Number((await client.append(key, chunk, { position: String(position), ...aliOssDate() })).nextAppendPosition);
    ms = performance.now() - start;
  } else throw new Error(`unknown variant ${variant}`);
  print({ ms, ops: count });
}

async function file(variant: string, url: string, key: string, path: string): Promise<void> {
  const size = statSync(path).size;
  let ms: number;
  if (variant === 'client') {
    const { client, appender } = await openClient(url, key);
    const start = performance.now();
    await appender.append(fromFile(path));
    ms = performance.now() - start;
    client.close();
  } else if (variant === 'raw') {
    const raw = rawAppender(url, key);
    const start = performance.now();
    await raw.append(0, path, size);
    ms = performance.now() - start;
    raw.close();
  } else if (variant === 'alioss') {
    const client = aliOss(url);
    const start = performance.now();
    await client.append(key, path, { position: '0', ...aliOssDate() });
    ms = performance.now() - start;
  } else throw new Error(`unknown variant ${variant}`);
  print({ ms, bytes: size });
}

function crc(path: string, repeats: number): void {
  const data = readFileSync(path);
  const runs: number[] = [];
  let value = 0n;
  crc64(data.subarray(0, 1 << 20)); // warm the JIT on a slice
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    value = crc64(data);
    runs.push(performance.now() - start);
  }
  print({ ms: runs, bytes: data.length, crc: value.toString() });
}

const [mode, ...args] = process.argv.slice(2);
const n = (s: string | undefined): number => {
  const v = Number(s);
  if (!Number.isFinite(v)) throw new Error(`not a number: ${s}`);
  return v;
};
if (mode === 'crc') crc(args[0]!, n(args[1]));
else if (mode === 'big') await big(args[0]!, args[1]!, args[2]!, n(args[3]), n(args[4]));
else if (mode === 'small') await small(args[0]!, args[1]!, args[2]!, n(args[3]), n(args[4]));
else if (mode === 'file') await file(args[0]!, args[1]!, args[2]!, args[3]!);
else {
  process.stderr.write('usage: ts-driver crc|big|small|file ...\n');
  process.exitCode = 2;
}
