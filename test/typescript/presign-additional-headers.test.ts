/**
 * The TypeScript client's V4 presigning signs additional headers (x-oss-additional-headers) when asked:
 * the URL is the one ali-oss (an official signer) computes for the same request and time, and the
 * simulator accepts it only with the signed headers sent unchanged. Host is signable though it is never
 * one of the headers the caller is told to send.
 */
import { createRequire } from 'node:module';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MockServer } from '../../generator/mock/index.js';
import { append, BUCKET, withMock } from '../mock/helpers.js';
import { OssClient } from '../../out/ts/src/index.js';

const CREDENTIALS = { accessKeyId: 'ak', accessKeySecret: 'sk' };
const REGION = 'cn-hangzhou';

interface AliOssClient {
  signatureUrlV4(method: string, expires: number, request: { headers?: Record<string, string> }, objectName: string, additionalHeaders?: string[]): Promise<string>;
}
const OSS = createRequire(import.meta.url)('ali-oss') as new (options: Record<string, unknown>) => AliOssClient;

/** A URL's query as sorted name=value pairs. */
const pairs = (url: string) => [...new URL(url).searchParams.entries()].map(([n, v]) => `${n}=${v}`).sort();

describe('presignGetObject with additionalHeaders (offline)', () => {
  it('is the URL ali-oss signs for the same headers and time', async () => {
    const epochMs = Date.UTC(2026, 10, 30, 12, 0, 0);
    const client = new OssClient({ bucket: BUCKET, region: REGION, credentials: CREDENTIALS, clock: () => new Date(epochMs) });
    const ours = await client.presignGetObject({ key: 'dir/a b.txt', range: 'bytes=0-9' }, { expiresSeconds: 600, additionalHeaders: ['Range', 'host'] });
    expect(new URL(ours.url).searchParams.get('x-oss-additional-headers')).toBe('host;range');
    expect(ours.headers).toEqual({ range: 'bytes=0-9' });

    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(epochMs);
      const ali = new OSS({ region: `oss-${REGION}`, accessKeyId: 'ak', accessKeySecret: 'sk', bucket: BUCKET, secure: true });
      const host = new URL(ours.url).host;
      const theirs = await ali.signatureUrlV4('GET', 600, { headers: { host, range: 'bytes=0-9' } }, 'dir/a b.txt', ['range', 'host']);
      expect(pairs(ours.url)).toEqual(pairs(theirs));
    } finally {
      vi.useRealTimers();
    }
  });

  it('signs no additional header it would not send, and none under V1', async () => {
    const client = new OssClient({ bucket: BUCKET, region: REGION, credentials: CREDENTIALS });
    const v4 = await client.presignGetObject({ key: 'k' }, { expiresSeconds: 60, additionalHeaders: ['range', 'x-oss-meta-a', 'content-type'] });
    expect(new URL(v4.url).searchParams.has('x-oss-additional-headers')).toBe(false);
    const v1 = await client.presignGetObject({ key: 'k', range: 'bytes=0-1' }, { expiresSeconds: 60, signatureVersion: 'v1', additionalHeaders: ['range'] });
    expect(new URL(v1.url).searchParams.has('x-oss-additional-headers')).toBe(false);
  });
});

describe('presigned URLs with additional headers against the simulator', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await withMock();
  });
  afterAll(() => mock.close());

  /** Sends a presigned URL's path and query to the simulator with exactly these headers (Host included). */
  function fetchWith(url: string, headers: Record<string, string>): Promise<number> {
    const u = new URL(url);
    const m = new URL(mock.url);
    return new Promise((resolve, reject) => {
      const req = httpRequest({ hostname: m.hostname, port: m.port, method: 'GET', path: `${u.pathname}${u.search}`, headers, agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('works with the signed headers as signed, and is refused when one differs', async () => {
    const key = 'presign-additional/object';
    expect((await append(mock.url, key, 0, 'abcdefghij')).status).toBe(200);
    const client = new OssClient({ endpoint: mock.url, bucket: BUCKET, region: REGION, credentials: CREDENTIALS });
    const presigned = await client.presignGetObject({ key, range: 'bytes=2-4' }, { expiresSeconds: 600, additionalHeaders: ['range', 'host'] });
    const host = new URL(presigned.url).host;
    expect(await fetchWith(presigned.url, { host, ...presigned.headers })).toBe(206);
    // Range is signed: another range is another request.
    expect(await fetchWith(presigned.url, { host, range: 'bytes=0-4' })).toBe(403);
    // Host is signed: the same URL sent under another name of the same server (still path-style) is refused.
    const otherName = `${new URL(mock.url).hostname === 'localhost' ? '127.0.0.1' : 'localhost'}:${new URL(mock.url).port}`;
    expect(await fetchWith(presigned.url, { host: otherName, ...presigned.headers })).toBe(403);
    // Without additional headers the range is not signed, and any range works.
    const plain = await client.presignGetObject({ key, range: 'bytes=2-4' }, { expiresSeconds: 600 });
    expect(await fetchWith(plain.url, { host, range: 'bytes=0-4' })).toBe(206);
  });
});
