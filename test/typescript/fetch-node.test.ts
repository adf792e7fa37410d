/**
 * The `./fetch` entry of out/ts (FetchOssClient: globalThis.fetch + WebCrypto, no node: module)
 * against the simulator, run in Node 20, whose fetch is what Deno and Bun users get: appends with
 * the position and CRC-64 checks, reads back, typed errors, cancellation, Blob and stream bodies,
 * and the same signatures as the Node client's signer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, loadDefaultIr, type MockServer } from '../../generator/mock/index.js';
import { crc64 } from '../../runtime/ts/crc64.js';
import { AbortError, FetchOssClient, IntegrityError, NoSuchKeyError, PositionNotEqualToLengthError, ValidationError } from '../../out/ts/src/fetch.js';
import { signV1, signV1Web, signV4, signV4Web } from '../../out/ts/src/signer.js';
import { Appender, NoSuchKeyError as NodeNoSuchKey, OssClient, PositionNotEqualToLengthError as NodePositionError, fetchTransport, fromFile } from '../../out/ts/src/index.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ir = await loadDefaultIr();
const BUCKET = 'examplebucket';
let server: MockServer;
let client: FetchOssClient;

beforeAll(async () => {
  server = await startMock({ mode: 'sim', ir });
  client = new FetchOssClient({ endpoint: server.url, bucket: BUCKET, credentials: ir.tests.credentials });
});
afterAll(async () => {
  await server?.close();
});

/** A GET of exactly this path and query (node:http sends the path as given) to the simulator. */
function rawGet(pathAndQuery: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, method: 'GET', path: pathAndQuery, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('FetchOssClient (./fetch) in Node against the simulator', () => {
  it('signs exactly as the Node signer (V4 and V1, with a security token)', async () => {
    const credentials = { accessKeyId: 'id', accessKeySecret: 'secret/+=', securityToken: 'token' };
    const now = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
    const request = () => ({ method: 'POST', bucket: BUCKET, key: 'a b/ü.log', query: [['append', undefined], ['position', '7']] as Array<[string, string | undefined]>, headers: { 'content-type': 'text/plain', 'x-oss-meta-a': '1' } as Record<string, string> });
    const [node4, web4, node1, web1] = [request(), request(), request(), request()];
    signV4(node4, credentials, 'cn-hangzhou', now);
    await signV4Web(web4, credentials, 'cn-hangzhou', now);
    signV1(node1, credentials, now);
    await signV1Web(web1, credentials, now);
    expect(web4.headers).toEqual(node4.headers);
    expect(web4.headers.authorization).toMatch(/Signature=[0-9a-f]{64}$/);
    expect(web1.headers).toEqual(node1.headers);
  });

  it('appends a Blob, then bytes and a string, checked by position and CRC-64, and reads it back', async () => {
    const key = `fetch-node/${Date.now()}.log`;
    const first = await client.appendObject({ key, position: 0, body: new Blob(['hello ', 'blob\n']) });
    expect(first.nextAppendPosition).toBe(11);
    expect(first.hashCrc64ecma).toBe(crc64('hello blob\n'));
    const second = await client.appendObject({ key, position: 11, body: new TextEncoder().encode('bytes\n') });
    expect(second.nextAppendPosition).toBe(17);
    const third = await client.appendObject({ key, position: 17, body: 'text\n' });
    expect(third.hashCrc64ecma).toBe(crc64('hello blob\nbytes\ntext\n'));
    const got = await client.getObject({ key });
    expect(await got.text()).toBe('hello blob\nbytes\ntext\n');
    const meta = await client.headObject({ key });
    expect(meta.nextAppendPosition).toBe(22);
  });

  it('appends a web stream (sent chunked, CRC-64 computed as fetch reads it)', async () => {
    const key = `fetch-node/stream-${Date.now()}.log`;
    const parts = ['one\n', 'two\n', 'three\n'].map((s) => new TextEncoder().encode(s));
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = parts.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    const seen: number[] = [];
    const out = await client.appendObject({ key, position: 0, body }, { onUploadProgress: (p) => seen.push(p.loaded) });
    expect(out.nextAppendPosition).toBe(14);
    expect(out.hashCrc64ecma).toBe(crc64('one\ntwo\nthree\n'));
    expect(seen).toEqual([4, 8, 14]);
  });

  it('reports upload progress of a Blob at the start and at the answer (fetch cannot do better)', async () => {
    const seen: Array<[number, number | undefined]> = [];
    await client.appendObject({ key: `fetch-node/progress-${Date.now()}`, position: 0, body: new Blob(['x'.repeat(1000)]) }, { onUploadProgress: (p) => seen.push([p.loaded, p.total]) });
    expect(seen).toEqual([
      [0, 1000],
      [1000, 1000],
    ]);
  });

  it('maps a wrong position and a missing key to the typed exceptions', async () => {
    const key = `fetch-node/conflict-${Date.now()}.log`;
    await client.appendObject({ key, position: 0, body: 'abc' });
    const err = await client.appendObject({ key, position: 1, body: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PositionNotEqualToLengthError);
    expect((err as PositionNotEqualToLengthError).status).toBe(409);
    expect((err as PositionNotEqualToLengthError).headers['x-oss-next-append-position']).toBe('3');
    await expect(client.getObject({ key: `fetch-node/absent-${Date.now()}` })).rejects.toBeInstanceOf(NoSuchKeyError);
    // HEAD has no body: the error comes from the status (and x-oss-err where the service sends it).
    await expect(client.headObject({ key: `fetch-node/absent-${Date.now()}` })).rejects.toBeInstanceOf(NoSuchKeyError);
  });

  it('rejects an answer whose CRC-64 does not match the bytes sent (previousCrc given wrong)', async () => {
    const key = `fetch-node/crc-${Date.now()}.log`;
    await client.appendObject({ key, position: 0, body: 'abc' });
    await expect(client.appendObject({ key, position: 3, body: 'def' }, { previousCrc: 12345n })).rejects.toBeInstanceOf(IntegrityError);
  });

  it('cancels through abortSignal with AbortError, before and during the call', async () => {
    const before = new AbortController();
    before.abort();
    await expect(client.appendObject({ key: 'fetch-node/aborted', position: 0, body: 'x' }, { abortSignal: before.signal })).rejects.toBeInstanceOf(AbortError);
    const during = new AbortController();
    // A stream that never ends keeps the request open until the abort.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(10));
      },
    });
    const pending = client.appendObject({ key: `fetch-node/aborted-${Date.now()}`, position: 0, body }, { signal: during.signal });
    setTimeout(() => during.abort(), 100);
    await expect(pending).rejects.toBeInstanceOf(AbortError);
  });

  it('refuses a key with a "." or ".." segment before sending (fetch would remove it from the URL); the Node client sends it as given', async () => {
    const node = new OssClient({ endpoint: server.url, bucket: BUCKET, credentials: ir.tests.credentials });
    const viaFetch = new OssClient({ endpoint: server.url, bucket: BUCKET, credentials: ir.tests.credentials, transport: fetchTransport() });
    for (const key of [`fetch-node/dots-${Date.now()}/../x.log`, `fetch-node/./dots-${Date.now()}.log`]) {
      for (const refused of [client.appendObject({ key, position: 0, body: 'x' }), client.getObject({ key }), viaFetch.appendObject({ key, position: 0, body: 'x' })]) {
        const err = await refused.catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ValidationError);
        expect((err as ValidationError).rule).toBe('objectKey.dotSegment');
      }
      // Nothing was sent: the object does not exist until the Node client's own transport writes it.
      await expect(node.headObject({ key })).rejects.toBeInstanceOf(NodeNoSuchKey);
      await node.appendObject({ key, position: 0, body: 'dots kept' });
      expect(await (await node.getObject({ key })).text()).toBe('dots kept');
      // A presigned URL keeps the path as given (the model's decision): sent as it is, it reads the object;
      // a consumer that removes dot segments (WHATWG URL, as fetch and browsers do) asks for another path.
      const presigned = await node.presignGetObject({ key }, { expiresSeconds: 600 });
      const asGiven = presigned.url.slice(presigned.url.indexOf('/', presigned.url.indexOf('//') + 2));
      expect(asGiven).toContain(key.includes('/../') ? '/../' : '/./');
      expect(await rawGet(asGiven)).toEqual({ status: 200, body: 'dots kept' });
      const normalized = new URL(presigned.url);
      expect((await rawGet(`${normalized.pathname}${normalized.search}`)).status).toBe(403);
    }
  });

  it('validates before sending: a Node stream-like object is not a fetch body', async () => {
    const err = await client.appendObject({ key: 'k', position: 0, body: { path: '/etc/passwd' } as unknown as Blob }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toContain('Blob');
  });
});

describe('OssClient (the Node client) with fetchTransport() against the simulator', () => {
  it('appends a file, a string and a stream through the appender, reads back, maps errors, cancels', async () => {
    const sent: string[] = [];
    const node = new OssClient({
      endpoint: server.url,
      bucket: BUCKET,
      credentials: ir.tests.credentials,
      // Sees every request the client makes, proving they all go through fetch.
      transport: fetchTransport((url, init) => {
        sent.push(`${init.method} ${new URL(url).pathname}`);
        return fetch(url, init);
      }),
    });
    const dir = mkdtempSync(join(tmpdir(), 'ossgen-fetch-transport-'));
    try {
      const file = join(dir, 'part.txt');
      writeFileSync(file, 'from a file\n');
      const key = `fetch-transport/${Date.now()}.log`;
      const appender = await Appender.open(node, { key });
      await appender.append(fromFile(file));
      await appender.append('a string\n');
      const { Readable } = await import('node:stream');
      await appender.append(Readable.from([Buffer.from('a '), Buffer.from('stream\n')]));
      const all = 'from a file\na string\na stream\n';
      expect(appender.position).toBe(all.length);
      expect(appender.crc).toBe(crc64(all));
      expect(await (await node.getObject({ key })).text()).toBe(all);
      await expect(node.appendObject({ key, position: 1, body: 'x' })).rejects.toBeInstanceOf(NodePositionError);
      const cancel = new AbortController();
      cancel.abort();
      await expect(node.headObject({ key }, { abortSignal: cancel.signal })).rejects.toBeInstanceOf(AbortError);
      expect(sent.filter((r) => r.startsWith('POST')).length).toBeGreaterThanOrEqual(4);
      expect(sent.some((r) => r.startsWith('HEAD'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      node.close();
    }
  });
});
