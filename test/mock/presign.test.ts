/**
 * Issue 17 item 4: presigned URLs, V1 (OSSAccessKeyId, Expires, Signature) and V4 (x-oss-signature-version,
 * x-oss-credential, x-oss-date, x-oss-expires, x-oss-signature), for GET, HEAD, PUT and the append POST.
 * The model's presigned vectors are recomputed here with ali-oss (an official signer) and sent to the
 * simulator as they are; the refusals (expired, out of range, bad signature, wrong token) use the raw
 * client's presigning, whose output the vectors pin.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MockServer } from '../../generator/mock/index.js';
import { send, xmlField, type RawRequest, type RawResponse } from '../../generator/mock/raw-client.js';
import type { QueryParam } from '../../generator/mock/signing.js';
import type { IrPresignVector } from '../../generator/ir/types.js';
import { BUCKET, ir, withMock } from './helpers.js';

interface AliOssClient {
  signatureUrl(name: string, options: Record<string, unknown>): string;
  signatureUrlV4(method: string, expires: number, request?: { headers?: Record<string, string>; queries?: Record<string, string | null> }, objectName?: string, additionalHeaders?: string[]): Promise<string>;
}
type AliOss = new (options: Record<string, unknown>) => AliOssClient;
const OSS = createRequire(import.meta.url)('ali-oss') as AliOss;

const STS = 'sts-token/with+chars=';
const v1 = ir.auth.schemes.find((s) => s.id === 'v1')!.presign!;
const v4 = ir.auth.schemes.find((s) => s.id === 'v4')!.presign!;
const bodyless = ir.protocol.errorBody.bodylessHeader;
const codeOf = (res: RawResponse) => xmlField(res, 'Code', bodyless);

/** ali-oss for the vectors' bucket and region, optionally with an STS token. */
function aliOss(stsToken?: string): AliOssClient {
  return new OSS({ region: 'oss-cn-hangzhou', accessKeyId: 'ak', accessKeySecret: 'sk', bucket: BUCKET, secure: true, ...(stsToken ? { stsToken } : {}) });
}

const valueOf = (v: IrPresignVector, member: string) => v.input.find((i) => i.member.id === member)?.value;

/** The URL ali-oss signs for a vector's operation, input and validity, at the current (possibly fake) time. */
async function aliOssUrl(v: IrPresignVector): Promise<string> {
  const op = ir.operations.find((o) => o.name === v.operation)!;
  const key = String(valueOf(v, 'key'));
  const client = aliOss(v.securityToken);
  // The operation's flags and query members, as ali-oss takes them: sub-resources (V1), queries (V4; null writes a flag without `=`).
  const query: Record<string, string | null> = {};
  for (const flag of op.http.flags) query[flag] = null;
  for (const m of op.input) if (m.location === 'query' && valueOf(v, m.id) !== undefined) query[m.queryName ?? m.id] = String(valueOf(v, m.id));
  if (v.auth === 'v1') {
    const subResource = Object.fromEntries(Object.entries(query).map(([k, val]) => [k, val ?? '']));
    return client.signatureUrl(key, { expires: v.expiresSeconds, method: op.http.method, ...(Object.keys(subResource).length ? { subResource } : {}) });
  }
  return client.signatureUrlV4(op.http.method, v.expiresSeconds, Object.keys(query).length ? { queries: query } : undefined, key);
}

/** A URL's query as a sorted list of decoded name=value pairs (ali-oss writes `append=`, the clients `append`). */
const pairs = (search: string) =>
  [...new URLSearchParams(search).entries()].map(([n, val]) => `${n}=${val}`).sort();

/** Sends a presigned URL's path and query path-style to the simulator, with no Authorization header. */
function fetchPresigned(base: string, url: string, init: { method: string; body?: Uint8Array; headers?: Record<string, string> }): Promise<Response> {
  const u = new URL(url);
  return fetch(`${base}/${BUCKET}${u.pathname}${u.search}`, { method: init.method, ...(init.body ? { body: init.body } : {}), ...(init.headers ? { headers: init.headers } : {}) });
}

/** The error code of a fetch answer (HEAD: the base64 document in the bodyless header). */
async function fetchedCode(res: Response): Promise<string | undefined> {
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => (headers[name] = value));
  return xmlField({ status: res.status, headers, body: Buffer.from(await res.arrayBuffer()) }, 'Code', bodyless);
}

const vectorUrl = (v: IrPresignVector) => `https://${v.expect.host}${v.expect.path}?${v.expect.query}`;

describe('the model’s presigned vectors', () => {
  it('covers GET, HEAD, PUT and the append POST in both schemes', () => {
    const covered = new Set(ir.tests.presigned.map((v) => `${v.auth} ${v.expect.method}`));
    for (const scheme of ['v1', 'v4']) for (const method of ['GET', 'HEAD', 'PUT', 'POST']) expect(covered).toContain(`${scheme} ${method}`);
  });

  it.each(ir.tests.presigned.map((v) => [v.id, v] as const))('%s is what ali-oss computes', async (_id, v) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(v.epochSeconds * 1000);
      const url = new URL(await aliOssUrl(v));
      expect(url.host).toBe(v.expect.host);
      expect(url.pathname).toBe(v.expect.path);
      expect(pairs(url.search)).toEqual(pairs(v.expect.query));
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the simulator accepts presigned URLs', () => {
  // One simulator per scheme (each appends at position 0 to the same key), its clock a minute after the vectors were signed.
  const mocks = new Map<string, MockServer>();
  beforeAll(async () => {
    const signedAt = ir.tests.presigned[0]!.epochSeconds * 1000;
    for (const scheme of ['v1', 'v4']) mocks.set(scheme, await withMock({ clock: () => signedAt + 60_000, securityToken: STS }));
  });
  afterAll(async () => {
    for (const m of mocks.values()) await m.close();
  });

  it.each(['v1', 'v4'])('%s: the vectors’ append, PUT, GET and HEAD URLs, sent as they are', async (scheme) => {
    const base = mocks.get(scheme)!.url;
    const of = (method: string) => ir.tests.presigned.find((v) => v.auth === scheme && v.expect.method === method)!;
    const appended = await fetchPresigned(base, vectorUrl(of('POST')), { method: 'POST', body: new TextEncoder().encode('hello') });
    expect(appended.status, await fetchedCode(appended.clone())).toBe(200);
    expect(appended.headers.get('x-oss-next-append-position')).toBe('5');
    const put = await fetchPresigned(base, vectorUrl(of('PUT')), { method: 'PUT', body: new TextEncoder().encode('put body') });
    expect(put.status, await fetchedCode(put.clone())).toBe(200);
    const got = await fetchPresigned(base, vectorUrl(of('GET')), { method: 'GET' });
    expect(got.status, await fetchedCode(got.clone())).toBe(200);
    expect(await got.text()).toBe('hello');
    const headed = await fetchPresigned(base, vectorUrl(of('HEAD')), { method: 'HEAD' });
    expect(headed.status, await fetchedCode(headed)).toBe(200);
    expect(headed.headers.get('content-length')).toBe('5');
  });
});

describe('presigned requests against the simulator’s own clock', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await withMock({ securityToken: 'session-1' });
  });
  afterAll(() => mock.close());

  let n = 0;
  const fresh = (name: string) => `presign/${name}-${++n}`;
  const presigned = (scheme: 'v4' | 'v1', method: string, key: string, extra: Partial<RawRequest> = {}) =>
    send(mock.url, { method, bucket: BUCKET, key, auth: scheme, presign: { expiresSeconds: 300 }, ...extra });
  const appendQuery: QueryParam[] = [{ name: 'append' }, { name: 'position', value: '0' }];

  it.each(['v1', 'v4'] as const)('%s: ali-oss URLs signed now work for the append POST, PUT, GET and HEAD', async (scheme) => {
    const key = fresh(`ali-${scheme}`);
    const client = aliOss();
    const url = (method: string, queries?: Record<string, string | null>) =>
      scheme === 'v1'
        ? Promise.resolve(client.signatureUrl(key, { expires: 60, method, ...(queries ? { subResource: Object.fromEntries(Object.entries(queries).map(([k, v]) => [k, v ?? ''])) } : {}) }))
        : client.signatureUrlV4(method, 60, queries ? { queries } : undefined, key);
    const appended = await fetchPresigned(mock.url, await url('POST', { append: null, position: '0' }), { method: 'POST', body: new TextEncoder().encode('abc') });
    expect(appended.status, await fetchedCode(appended.clone())).toBe(200);
    const got = await fetchPresigned(mock.url, await url('GET'), { method: 'GET' });
    expect(await got.text()).toBe('abc');
    const headed = await fetchPresigned(mock.url, await url('HEAD'), { method: 'HEAD' });
    expect(headed.headers.get('content-length')).toBe('3');
    const put = await fetchPresigned(mock.url, await url('PUT'), { method: 'PUT', body: new TextEncoder().encode('replaced') });
    expect(put.status, await fetchedCode(put.clone())).toBe(200);
    expect(await (await fetchPresigned(mock.url, await url('GET'), { method: 'GET' })).text()).toBe('replaced');
  });

  it('v4: x-oss-additional-headers from ali-oss — the named header is signed, so it must be sent as signed', async () => {
    const key = fresh('additional');
    expect((await presigned('v4', 'POST', key, { query: appendQuery, body: 'abcdef' })).status).toBe(200);
    const url = await aliOss().signatureUrlV4('GET', 60, { headers: { range: 'bytes=1-2' } }, key, ['range']);
    expect(new URL(url).searchParams.get(v4.parameters.additionalHeaders!)).toBe('range');
    const ranged = await fetchPresigned(mock.url, url, { method: 'GET', headers: { range: 'bytes=1-2' } });
    expect(ranged.status, await fetchedCode(ranged.clone())).toBe(206);
    expect(await ranged.text()).toBe('bc');
    const other = await fetchPresigned(mock.url, url, { method: 'GET', headers: { range: 'bytes=0-2' } });
    expect(other.status).toBe(403);
    expect(await fetchedCode(other)).toBe('SignatureDoesNotMatch');
  });

  it.each(['v1', 'v4'] as const)('%s: the raw client’s presigned append, GET, HEAD and PUT work, with a security token too', async (scheme) => {
    const key = fresh(`raw-${scheme}`);
    const credentials = { accessKeyId: 'ak', accessKeySecret: 'sk', securityToken: 'session-1' };
    expect((await presigned(scheme, 'POST', key, { query: appendQuery, body: 'abc', credentials })).status).toBe(200);
    expect((await presigned(scheme, 'GET', key)).body.toString()).toBe('abc');
    expect((await presigned(scheme, 'HEAD', key, { credentials })).headers['content-length']).toBe('3');
    expect((await presigned(scheme, 'PUT', key, { body: 'xyz' })).status).toBe(200);
  });

  it.each(['v1', 'v4'] as const)('%s: an expired URL is 403 AccessDenied, "Request has expired." with a request id (GET body, HEAD header)', async (scheme) => {
    const key = fresh(`expired-${scheme}`);
    expect((await presigned(scheme, 'POST', key, { query: appendQuery, body: 'abc' })).status).toBe(200);
    const rule = scheme === 'v1' ? v1.expired : v4.expired;
    const past = { time: Date.now() - 600_000 };
    const got = await presigned(scheme, 'GET', key, past);
    expect(got.status).toBe(403);
    expect(codeOf(got)).toBe(rule.error.code);
    expect(xmlField(got, 'Message')).toBe(rule.message);
    expect(xmlField(got, 'EC')).toBe(rule.ec);
    expect(xmlField(got, 'RequestId')).toBe(got.headers[ir.protocol.headers.requestId]);
    const headed = await presigned(scheme, 'HEAD', key, past);
    expect(headed.status).toBe(403);
    expect(xmlField(headed, 'Message', bodyless)).toBe(rule.message);
    // Expired is decided before the signature: a tampered expired URL is still "expired".
    const tampered = await presigned(scheme, 'GET', key, { ...past, tamperQuery: (q) => q.map((p) => (p.name === (scheme === 'v1' ? v1 : v4).parameters.signature ? { ...p, value: 'AAAA' } : p)) });
    expect(xmlField(tampered, 'Message')).toBe(rule.message);
  });

  it('v4: x-oss-expires beyond 7 days (or 0) is 403 AccessDenied, EC of the out-of-range rule', async () => {
    const key = fresh('long');
    const rule = v4.expiresOutOfRange!;
    for (const expiresSeconds of [v4.maxExpiresSeconds! + 1, 0]) {
      const res = await send(mock.url, { method: 'GET', bucket: BUCKET, key, auth: 'v4', presign: { expiresSeconds } });
      expect(res.status).toBe(403);
      expect(codeOf(res)).toBe(rule.error.code);
      expect(xmlField(res, 'EC')).toBe(rule.ec);
      expect(xmlField(res, 'Message')).toBe(rule.message);
    }
    // Exactly 7 days is allowed (the object does not exist: 404, past authentication).
    expect((await send(mock.url, { method: 'GET', bucket: BUCKET, key, auth: 'v4', presign: { expiresSeconds: v4.maxExpiresSeconds! } })).status).toBe(404);
  });

  it.each(['v1', 'v4'] as const)('%s: a bad signature, another secret, or a changed position is SignatureDoesNotMatch', async (scheme) => {
    const key = fresh(`bad-${scheme}`);
    const signature = (scheme === 'v1' ? v1 : v4).parameters.signature;
    const tampered = await presigned(scheme, 'GET', key, { tamperQuery: (q) => q.map((p) => (p.name === signature ? { ...p, value: scheme === 'v1' ? 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' : '0'.repeat(64) } : p)) });
    expect(tampered.status).toBe(403);
    expect(codeOf(tampered)).toBe('SignatureDoesNotMatch');
    expect(xmlField(tampered, 'StringToSign')).toBeTruthy();
    const otherSecret = await presigned(scheme, 'GET', key, { credentials: { accessKeyId: 'ak', accessKeySecret: 'not-sk' } });
    expect(codeOf(otherSecret)).toBe('SignatureDoesNotMatch');
    // position is part of the signature: a URL signed for position 0 cannot append at 3.
    const moved = await presigned(scheme, 'POST', key, {
      query: appendQuery,
      body: 'abc',
      tamperQuery: (q) => q.map((p) => (p.name === 'position' ? { ...p, value: '3' } : p)),
    });
    expect(moved.status).toBe(403);
    expect(codeOf(moved)).toBe('SignatureDoesNotMatch');
    const unknownKey = await presigned(scheme, 'GET', key, { credentials: { accessKeyId: 'nobody', accessKeySecret: 'sk' } });
    expect(codeOf(unknownKey)).toBe('InvalidAccessKeyId');
  });

  it.each(['v1', 'v4'] as const)('%s: the token is checked and signed', async (scheme) => {
    const key = fresh(`token-${scheme}`);
    const wrong = await presigned(scheme, 'GET', key, { credentials: { accessKeyId: 'ak', accessKeySecret: 'sk', securityToken: 'session-2' } });
    expect(codeOf(wrong)).toBe('InvalidSecurityToken');
    const tokenName = (scheme === 'v1' ? v1 : v4).parameters.securityToken!;
    const added = await presigned(scheme, 'GET', key, { tamperQuery: (q) => [...q, { name: tokenName, value: 'session-1' }] });
    expect(codeOf(added)).toBe('SignatureDoesNotMatch');
  });

  it('a header-signed request is still checked as before (not mistaken for a presigned one)', async () => {
    const key = fresh('header');
    const res = await send(mock.url, { method: 'GET', bucket: BUCKET, key, auth: 'v4', query: [{ name: v4.parameters.signature, value: 'x' }] });
    expect(res.status, codeOf(res)).toBe(404);
  });
});
