/**
 * Measures the generated TypeScript client, in one run against the simulator:
 * - CRC-64 throughput of the pure-TypeScript implementation (MB/s);
 * - append throughput with 64 MiB chunks: OssClient.appendObject (CRC computed and checked)
 *   against a raw node:http request carrying the same bytes (signed the same way, nothing else);
 * - the cost of observing: the same appends with an onUploadProgress listener and hooks on every
 *   attempt (without them nothing is wrapped: the plain run above is the "unused" cost).
 * Run: npx tsx test/typescript/bench.ts [chunks]   (prints one JSON line)
 */
import { request } from 'node:http';
import { randomFillSync } from 'node:crypto';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../generator/run.js';
import { startBackground } from '../support/subprocess.js';
import { Crc64, crc64, OssClient, canonicalQuery, encodeKey, signV4 } from '../../out/ts/src/index.js';

const MiB = 1024 * 1024;
const chunkCount = Number(process.argv[2] ?? 4);
const chunk = randomFillSync(Buffer.allocUnsafe(64 * MiB));
const credentials = { accessKeyId: 'ak', accessKeySecret: 'sk' };

function best(label: string, runs: number, fn: () => void): number {
  let fastest = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    fastest = Math.min(fastest, performance.now() - start);
  }
  void label;
  return fastest;
}

const crcMs = best('crc', 5, () => void crc64(chunk));
const crcMBps = chunk.length / MiB / (crcMs / 1000);
// Many tiny updates (7-byte pieces: only the byte loop runs, plus per-call overhead), for contrast.
const tailMs = best('tail', 1, () => {
  const c = new Crc64();
  const slice = chunk.subarray(0, 8 * MiB);
  for (let i = 0; i < slice.length; i += 7) c.update(slice.subarray(i, Math.min(i + 7, slice.length)));
});
const tailMBps = 8 / (tailMs / 1000);

// The simulator runs in its own process, so its work (storing, its own CRC) does not share this thread.
const simProcess = startBackground(process.execPath, [join(PROJECT_ROOT, 'bin/gen.js'), 'mock', '--sim', '--port', '0'], { stderr: 'inherit' });
const simUrl = (await simProcess.waitFor(/listening on (\S+)/))[1]!;
const sim = { url: simUrl, close: async () => void (await simProcess.stop()) };
const endpoint = new URL(sim.url);

async function viaClient(key: string, observed = false): Promise<number> {
  let events = 0;
  const count = () => void events++;
  const client = new OssClient({ endpoint: sim.url, bucket: 'examplebucket', credentials, ...(observed ? { hooks: { onRequest: count, onResponse: count } } : {}) });
  const start = performance.now();
  let position = 0;
  let crc = 0n;
  for (let i = 0; i < chunkCount; i++) {
    const out = await client.appendObject({ key, position, body: chunk }, observed ? { previousCrc: crc, onUploadProgress: count } : { previousCrc: crc });
    position = out.nextAppendPosition;
    crc = out.hashCrc64ecma!;
  }
  const ms = performance.now() - start;
  client.close();
  if (observed && events < chunkCount * 3) throw new Error(`only ${events} progress and hook events`);
  return ms;
}

function rawAppend(key: string, position: number): Promise<void> {
  const query: Array<[string, string | undefined]> = [['append', undefined], ['position', String(position)]];
  const headers: Record<string, string> = { 'content-length': String(chunk.length) };
  signV4({ method: 'POST', bucket: 'examplebucket', key, query, headers }, credentials, 'cn-hangzhou', new Date());
  return new Promise((resolve, reject) => {
    const req = request(
      { method: 'POST', hostname: endpoint.hostname, port: endpoint.port, path: `/examplebucket/${encodeKey(key)}?${canonicalQuery(query)}`, headers },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(chunk);
  });
}

async function viaRaw(key: string): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < chunkCount; i++) await rawAppend(key, i * chunk.length);
  return performance.now() - start;
}

const run = `bench-${process.pid}`;
// Warm up both paths once (JIT, sockets), then measure alternately and keep each one's best.
await viaRaw(`${run}/warm-raw`);
await viaClient(`${run}/warm-client`);
let rawMs = Infinity;
let clientMs = Infinity;
let observedMs = Infinity;
for (let round = 0; round < 2; round++) {
  clientMs = Math.min(clientMs, await viaClient(`${run}/client-${round}`));
  observedMs = Math.min(observedMs, await viaClient(`${run}/observed-${round}`, true));
  rawMs = Math.min(rawMs, await viaRaw(`${run}/raw-${round}`));
}
await sim.close();

const total = (chunk.length * chunkCount) / MiB;
console.log(
  JSON.stringify({
    crc64MBps: Math.round(crcMBps),
    crc64In7ByteUpdatesMBps: Math.round(tailMBps),
    appendChunkMiB: 64,
    chunks: chunkCount,
    clientMBps: Math.round(total / (clientMs / 1000)),
    rawHttpMBps: Math.round(total / (rawMs / 1000)),
    clientVsRaw: Number((rawMs / clientMs).toFixed(2)),
    clientWithProgressAndHooksMBps: Math.round(total / (observedMs / 1000)),
    progressAndHooksVsPlain: Number((clientMs / observedMs).toFixed(2)),
  }),
);
