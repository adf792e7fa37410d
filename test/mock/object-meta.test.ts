/**
 * GetObjectMeta (issue 17 item 5): `HEAD /<key>?objectMeta` answers with the object's length, ETag,
 * Last-Modified and, for an appendable object, the next append position — and only those (no object type,
 * no CRC, no stored content headers: that is HeadObject). A missing key is 404 NoSuchKey with no body and the
 * error document in the body-less header. V1 signs `objectMeta` as a sub-resource (the official SDKs do), so
 * the request verifies under V1 as well as V4. Every request here is a raw signed one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../../generator/mock/index.js';
import { buildSigned, send, xmlField, type RawResponse } from '../../generator/mock/raw-client.js';
import { v1StringToSign, signingStrings } from '../../generator/mock/signing.js';
import { append, BUCKET, get, head, ir, put, withMock } from './helpers.js';

const op = ir.operations.find((o) => o.name === 'GetObjectMeta')!;
const flag = op.http.flags[0]!;
const bodyless = ir.protocol.errorBody.bodylessHeaderLower;
const signatures = ['v4', 'v1'] as const;

let mock: MockServer;
beforeAll(async () => {
  mock = await withMock();
  expect((await append(mock.url, 'meta/appendable.log', 0, 'first line\n')).status).toBe(200);
  expect((await append(mock.url, 'meta/appendable.log', 11, 'second\n', { headers: {} })).status).toBe(200);
  expect((await put(mock.url, 'meta/normal.txt', 'normal object', { headers: { 'content-type': 'text/plain' } })).status).toBe(200);
});
afterAll(() => mock.close());

function objectMeta(key: string, signature: 'v4' | 'v1'): Promise<RawResponse> {
  return head(mock.url, key, { query: [{ name: flag }], auth: signature });
}

describe('the model', () => {
  it('has GetObjectMeta as HEAD /{key}?objectMeta, V1 signs the flag, and its outputs are the basic metadata', () => {
    expect({ method: op.http.method, path: op.http.path, flags: op.http.flags }).toEqual({ method: 'HEAD', path: '/{key}', flags: ['objectMeta'] });
    expect(ir.auth.signedSubresources).toContain('objectMeta');
    expect(op.output.map((m) => m.headerLower)).toEqual(['content-length', 'etag', 'last-modified', 'x-oss-last-access-time', 'x-oss-next-append-position', 'x-oss-request-id', 'x-oss-version-id']);
    expect(op.errors).toContain('NoSuchKey');
  });

  it('V1 puts ?objectMeta in the canonicalized resource', () => {
    const sts = v1StringToSign(signingStrings(ir), { method: 'HEAD', bucket: BUCKET, key: 'k', query: [{ name: 'objectMeta' }], headers: { date: 'Wed, 28 Dec 2022 10:27:41 GMT' } }, ir.auth.signedSubresources);
    expect(sts.endsWith(`/${BUCKET}/k?objectMeta`)).toBe(true);
  });
});

describe('HEAD ?objectMeta', () => {
  for (const signature of signatures) {
    it(`${signature}: an appendable object: length, ETag, Last-Modified, next append position, and nothing of HeadObject's`, async () => {
      const res = await objectMeta('meta/appendable.log', signature);
      const full = await head(mock.url, 'meta/appendable.log', { auth: signature });
      expect(res.status).toBe(200);
      expect(res.body.length).toBe(0);
      expect({
        length: res.headers['content-length'],
        etag: res.headers['etag'],
        lastModified: res.headers['last-modified'],
        next: res.headers['x-oss-next-append-position'],
      }).toEqual({ length: '18', etag: full.headers['etag'], lastModified: full.headers['last-modified'], next: '18' });
      expect(res.headers['x-oss-request-id']).toMatch(/\S/);
      // HeadObject's other headers are not GetObjectMeta's.
      for (const header of ['x-oss-object-type', 'x-oss-hash-crc64ecma', 'content-type']) expect(res.headers[header]).toBeUndefined();
      expect(full.headers['x-oss-object-type']).toBe('Appendable');
    });

    it(`${signature}: a Normal object: no next append position`, async () => {
      const res = await objectMeta('meta/normal.txt', signature);
      expect({ status: res.status, length: res.headers['content-length'], next: res.headers['x-oss-next-append-position'] }).toEqual({ status: 200, length: '13', next: undefined });
      expect(res.headers['etag']).toMatch(/^"[0-9A-F]{32}"$/);
    });

    it(`${signature}: a missing key is 404 NoSuchKey, no body, the error document in the body-less header`, async () => {
      const res = await objectMeta('meta/missing', signature);
      expect({ status: res.status, bodyLength: res.body.length }).toEqual({ status: 404, bodyLength: 0 });
      expect(xmlField(res, 'Code', bodyless)).toBe('NoSuchKey');
      expect(res.headers['x-oss-request-id']).toMatch(/\S/);
    });
  }

  it('V1 without objectMeta in the signature (a client with the old list) is SignatureDoesNotMatch', async () => {
    const res = await head(mock.url, 'meta/appendable.log', { query: [{ name: flag }], auth: 'v1', signedSubresources: ['acl', 'append', 'position', 'tagging', 'versionId'] });
    expect(res.status).toBe(403);
    expect(xmlField(res, 'Code', bodyless)).toBe('SignatureDoesNotMatch');
  });

  it('virtual-hosted, V1: the same answer', async () => {
    const key = 'meta/appendable.log';
    expect(buildSigned({ method: 'HEAD', bucket: BUCKET, key, query: [{ name: flag }], auth: 'v1', virtualHost: 'oss-cn-hangzhou.aliyuncs.com' }).path).toBe(`/${key}?objectMeta`);
    const res = await send(mock.url, { method: 'HEAD', bucket: BUCKET, key, query: [{ name: flag }], auth: 'v1', virtualHost: 'oss-cn-hangzhou.aliyuncs.com' });
    expect({ status: res.status, next: res.headers['x-oss-next-append-position'] }).toEqual({ status: 200, next: '18' });
  });

  it('V1 signs ?delete too: a multi-object delete verifies, then is 501 NotImplemented (not SignatureDoesNotMatch)', async () => {
    const res = await send(mock.url, { method: 'POST', bucket: BUCKET, key: 'meta/appendable.log', query: [{ name: 'delete' }], body: '<Delete/>', auth: 'v1' });
    expect(res.status).toBe(501);
    expect(xmlField(res, 'Code')).toBe('NotImplemented');
    const unsigned = await send(mock.url, { method: 'POST', bucket: BUCKET, key: 'meta/appendable.log', query: [{ name: 'delete' }], body: '<Delete/>', auth: 'v1', signedSubresources: ['acl', 'append', 'position', 'tagging', 'versionId'] });
    expect(xmlField(unsigned, 'Code')).toBe('SignatureDoesNotMatch');
  });

  it('GET ?objectMeta is not an operation of the model: 501 NotImplemented naming it', async () => {
    const res = await get(mock.url, 'meta/appendable.log', { query: [{ name: flag }] });
    expect(res.status).toBe(501);
    expect(xmlField(res, 'Message')).toContain('objectMeta');
  });
});
