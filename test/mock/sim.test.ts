/** The simulator's rules, driven over HTTP with hand-built V4 and V1 signed requests. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc64 } from '../../runtime/ts/crc64.js';
import { startMock, type MockServer } from '../../generator/mock/index.js';
import { buildMockIr, MOCK_DEFAULT_MODEL } from '../../generator/mock/model.js';
import { send, xmlField, type RawResponse } from '../../generator/mock/raw-client.js';
import { append, BUCKET, del, get, head, ir, put, signedRaw, withMock } from './helpers.js';

let mock: MockServer;
let url: string;
beforeAll(async () => {
  mock = await withMock({ buckets: [BUCKET, 'otherbucket'] });
  url = mock.url;
});
afterAll(() => mock.close());

let n = 0;
const fresh = (name: string) => `t/${name}-${++n}`;

const VERBATIM_MESSAGES = new Set(['PositionNotEqualToLength', 'ObjectNotAppendable', 'NoSuchKey', 'NoSuchBucket', 'SignatureDoesNotMatch', 'RequestTimeTooSkewed', 'FileAlreadyExists', 'InvalidBucketName']);

/** Asserts a service error whose status, message and EC come from the IR's entry for the code. */
function expectError(res: RawResponse, code: string, ec?: string): void {
  const modeled = ir.errors.find((e) => e.code === code);
  expect({ status: res.status, code: xmlField(res, 'Code') }).toEqual({ status: modeled?.status ?? res.status, code });
  // Errors whose message is the IR's own (others add which argument was wrong).
  if (modeled && VERBATIM_MESSAGES.has(code)) expect(xmlField(res, 'Message')).toBe(modeled.message);
  else expect(xmlField(res, 'Message')).toBeTruthy();
  const wantEc = ec ?? modeled?.ec;
  if (wantEc) {
    expect(xmlField(res, 'EC')).toBe(wantEc);
    expect(res.headers['x-oss-ec']).toBe(wantEc);
  }
  expect(xmlField(res, 'RequestId')).toBe(res.headers['x-oss-request-id']);
  expect(xmlField(res, 'HostId')).toMatch(/aliyuncs\.com$/);
  expect(res.headers['x-oss-request-id']).toMatch(/^[0-9A-F]{24}$/);
}

describe('append positions (op.append.rules)', () => {
  it('creates at 0, appends at the length, continues the CRC and reports every header', async () => {
    const key = fresh('append');
    const r1 = await append(url, key, 0, 'first line\n', { headers: { 'content-type': 'text/plain' } });
    expect(r1.status).toBe(200);
    expect(r1.headers['x-oss-next-append-position']).toBe('11');
    expect(r1.headers['x-oss-hash-crc64ecma']).toBe(crc64(Buffer.from('first line\n')).toString());
    expect(r1.headers['x-oss-object-type']).toBe('Appendable');
    expect(r1.headers['etag']).toMatch(/^"[0-9A-F]{32}"$/);
    expect(r1.headers['server']).toBe('AliyunOSS');
    expect(r1.headers['date']).toMatch(/GMT$/);
    const r2 = await append(url, key, 11, 'second line\n');
    expect(r2.headers['x-oss-next-append-position']).toBe('23');
    const whole = Buffer.from('first line\nsecond line\n');
    expect(r2.headers['x-oss-hash-crc64ecma']).toBe(crc64(whole).toString());
    const h = await head(url, key);
    expect(h.status).toBe(200);
    expect(h.headers).toMatchObject({
      'content-length': '23',
      'x-oss-object-type': 'Appendable',
      'x-oss-next-append-position': '23',
      'x-oss-hash-crc64ecma': crc64(whole).toString(),
      'content-type': 'text/plain',
      etag: r2.headers['etag'],
    });
    expect(h.headers['last-modified']).toMatch(/GMT$/);
    const g = await get(url, key);
    expect(g.status).toBe(200);
    expect(g.body.toString()).toBe(whole.toString());
  });

  it('PositionNotEqualToLength with x-oss-next-append-position for a wrong position, absent objects included', async () => {
    const key = fresh('wrongpos');
    expect((await append(url, key, 0, '12345')).status).toBe(200);
    for (const position of [3, 6, 0]) {
      const r = await append(url, key, position, '678');
      expectError(r, 'PositionNotEqualToLength', '0026-00000016');
      expect(r.headers['x-oss-next-append-position']).toBe('5');
    }
    const absent = await append(url, fresh('absent'), 7, 'x');
    expectError(absent, 'PositionNotEqualToLength');
    expect(absent.headers['x-oss-next-append-position']).toBe('0');
    expect((await head(url, key)).headers['content-length']).toBe('5');
  });

  it('ObjectNotAppendable on a Normal object; PutObject over an appendable object makes it Normal', async () => {
    const key = fresh('normal');
    expect((await put(url, key, 'normal object')).status).toBe(200);
    expectError(await append(url, key, 13, 'more'), 'ObjectNotAppendable', '0026-00000017');
    expectError(await append(url, key, 0, 'more'), 'ObjectNotAppendable');
    const key2 = fresh('replace');
    await append(url, key2, 0, 'abc');
    const p = await put(url, key2, 'xyz');
    expect(p.headers['etag']).toMatch(/^"[0-9A-F]{32}"$/);
    const h = await head(url, key2);
    expect(h.headers['x-oss-object-type']).toBe('Normal');
    expect(h.headers['x-oss-next-append-position']).toBeUndefined();
    expectError(await append(url, key2, 3, 'd'), 'ObjectNotAppendable');
    expect((await del(url, key2)).status).toBe(204);
    expect((await append(url, key2, 0, 'again')).status).toBe(200);
  });

  it('0-byte appends: create an empty object at 0, change nothing elsewhere; position 0 appends to an empty object', async () => {
    const key = fresh('zero');
    const r = await append(url, key, 0, '');
    expect(r.status).toBe(200);
    expect(r.headers['x-oss-next-append-position']).toBe('0');
    expect(r.headers['x-oss-hash-crc64ecma']).toBe('0');
    expect((await head(url, key)).headers['content-length']).toBe('0');
    expect((await append(url, key, 0, 'abc')).headers['x-oss-next-append-position']).toBe('3');
    const before = await head(url, key);
    const z = await append(url, key, 3, '');
    expect(z.headers['x-oss-next-append-position']).toBe('3');
    expect(z.headers['x-oss-hash-crc64ecma']).toBe(before.headers['x-oss-hash-crc64ecma']);
    const after = await head(url, key);
    expect(after.headers['content-length']).toBe('3');
    expect(after.headers['last-modified']).toBe(before.headers['last-modified']);
  });

  it('concurrent appends at the same position: exactly one lands', async () => {
    const key = fresh('race');
    await append(url, key, 0, 'a');
    const results = await Promise.all([append(url, key, 1, 'bb'), append(url, key, 1, 'cc'), append(url, key, 1, 'dd')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect((await head(url, key)).headers['content-length']).toBe('3');
  });

  it('bad position values: missing, not a number, negative, huge', async () => {
    const key = fresh('badpos');
    const missing = await send(url, { method: 'POST', bucket: BUCKET, key, query: [{ name: 'append' }], body: 'x' });
    expectError(missing, 'MissingArgument', '0016-00000501');
    for (const position of ['test', '-1', '1.5', '+1', '99999999999999999999999', '']) {
      expectError(await append(url, key, position, 'x'), 'MissingArgument', '0016-00000502');
    }
  });
});

describe('headers that count only on the first append (op.append.firstAppendOnly)', () => {
  it('stores them at creation and shows them on HEAD and GET', async () => {
    const key = fresh('meta');
    const r = await append(url, key, 0, 'with metadata\n', {
      headers: { 'content-type': 'text/plain', 'cache-control': 'no-cache', 'content-disposition': 'attachment; filename="m.log"', 'x-oss-meta-source': 'sensor-7', 'x-oss-meta-site': 'hangzhou', 'x-oss-storage-class': 'IA', 'x-oss-server-side-encryption': 'AES256' },
    });
    expect(r.status).toBe(200);
    expect(r.headers['x-oss-server-side-encryption']).toBe('AES256');
    for (const res of [await head(url, key), await get(url, key)]) {
      expect(res.headers).toMatchObject({
        'content-type': 'text/plain',
        'cache-control': 'no-cache',
        'content-disposition': 'attachment; filename="m.log"',
        'x-oss-meta-source': 'sensor-7',
        'x-oss-meta-site': 'hangzhou',
        'x-oss-storage-class': 'IA',
        'x-oss-server-side-encryption': 'AES256',
      });
    }
  });

  it('ignores the "ignore" ones later and refuses the "reject" ones (metadata, tagging) later', async () => {
    const key = fresh('later');
    await append(url, key, 0, 'abc', { headers: { 'content-type': 'text/plain' } });
    const ignored = await append(url, key, 3, 'def', { headers: { 'content-type': 'image/png', 'cache-control': 'max-age=1' } });
    expect(ignored.status).toBe(200);
    const h = await head(url, key);
    expect(h.headers['content-type']).toBe('text/plain');
    expect(h.headers['cache-control']).toBeUndefined();
    const rejects = ir.operations.find((o) => o.name === 'AppendObject')!.append!.firstAppendOnly.filter((f) => f.later === 'reject');
    expect(rejects.map((r) => r.member).sort()).toEqual(['metadata', 'tagging']);
    const meta = await append(url, key, 6, 'x', { headers: { 'x-oss-meta-a': '1' } });
    expectError(meta, 'InvalidArgument');
    expect(xmlField(meta, 'Message')).toContain('x-oss-meta-');
    expectError(await append(url, key, 6, 'x', { headers: { 'x-oss-tagging': 'a=b' } }), 'InvalidArgument');
    expect((await head(url, key)).headers['content-length']).toBe('6');
  });

  it('defaults Content-Type to application/octet-stream when none is sent', async () => {
    const key = fresh('ctype');
    await append(url, key, 0, 'x');
    expect((await head(url, key)).headers['content-type']).toBe('application/octet-stream');
  });
});

describe('limits (ir.limits) and header values', () => {
  it('object key rules: empty, too long, not UTF-8, leading / or \\', async () => {
    const max = ir.limits.objectKey.maxBytes;
    expect((await append(url, 'k'.repeat(max), 0, 'x')).status).toBe(200);
    expectError(await append(url, 'k'.repeat(max + 1), 0, 'x'), 'InvalidObjectName', '0016-00000002');
    expectError(await append(url, '日'.repeat(342), 0, 'x'), 'InvalidObjectName', '0016-00000002');
    expectError(await append(url, '\\lead', 0, 'x'), 'InvalidObjectName');
    expectError(await append(url, '/lead', 0, 'x'), 'InvalidObjectName');
    // Not UTF-8: a raw %FF in the path.
    const bad = await signedRaw(url, { method: 'GET', bucket: BUCKET, key: 'x' }, { rawPath: `/${BUCKET}/%FF%FE`, contentLength: 'none' });
    expect(bad).toMatch(/^HTTP\/1\.1 400 /);
    expect(bad).toContain('<Code>InvalidObjectName</Code>');
    expect(bad).toContain('<EC>0016-00000002</EC>');
  });

  it('user metadata names and total size', async () => {
    expectError(await append(url, fresh('m'), 0, 'x', { headers: { 'x-oss-meta-bad_name': '1' } }), 'InvalidArgument');
    const big = 'v'.repeat(ir.limits.userMetadata.maxTotalBytes);
    expectError(await append(url, fresh('m'), 0, 'x', { headers: { 'x-oss-meta-big': big } }), 'InvalidArgument');
    const fits = 'v'.repeat(ir.limits.userMetadata.maxTotalBytes - 3);
    expect((await append(url, fresh('m'), 0, 'x', { headers: { 'x-oss-meta-big': fits } })).status).toBe(200);
  });

  it('tagging limits, enums and booleans', async () => {
    const tags = Array.from({ length: ir.limits.tagging.maxTags + 1 }, (_, i) => `k${i}=v`).join('&');
    expectError(await append(url, fresh('tag'), 0, 'x', { headers: { 'x-oss-tagging': tags } }), 'InvalidArgument');
    expectError(await append(url, fresh('tag'), 0, 'x', { headers: { 'x-oss-tagging': `${'k'.repeat(129)}=v` } }), 'InvalidArgument');
    expect((await append(url, fresh('tag'), 0, 'x', { headers: { 'x-oss-tagging': 'team=logs&env=prod' } })).status).toBe(200);
    expectError(await append(url, fresh('acl'), 0, 'x', { headers: { 'x-oss-object-acl': 'everyone' } }), 'InvalidArgument');
    expectError(await append(url, fresh('sc'), 0, 'x', { headers: { 'x-oss-storage-class': 'Cold' } }), 'InvalidArgument');
    expectError(await append(url, fresh('fo'), 0, 'x', { headers: { 'x-oss-forbid-overwrite': 'yes' } }), 'InvalidArgument', '0017-00000279');
  });

  it('x-oss-forbid-overwrite: PutObject over an object, position 0 on an existing object', async () => {
    const key = fresh('forbid');
    await put(url, key, 'one');
    expectError(await put(url, key, 'two', { headers: { 'x-oss-forbid-overwrite': 'true' } }), 'FileAlreadyExists', '0026-00000201');
    expect((await put(url, key, 'two', { headers: { 'x-oss-forbid-overwrite': 'false' } })).status).toBe(200);
    const empty = fresh('forbid-empty');
    await append(url, empty, 0, '');
    expectError(await append(url, empty, 0, 'x', { headers: { 'x-oss-forbid-overwrite': 'true' } }), 'FileAlreadyExists');
    expect((await append(url, empty, 0, 'x')).status).toBe(200);
    expect((await append(url, empty, 1, 'y', { headers: { 'x-oss-forbid-overwrite': 'true' } })).status).toBe(200);
  });

  it('Content-MD5 is checked and a mismatch leaves the object unchanged', async () => {
    const key = fresh('md5');
    await append(url, key, 0, 'abc');
    const wrong = Buffer.alloc(16, 1).toString('base64');
    const r = await append(url, key, 3, 'def', { headers: { 'content-md5': wrong } });
    expect(r.status).toBe(400);
    expect(xmlField(r, 'Code')).toBe('InvalidDigest');
    expect((await head(url, key)).headers['content-length']).toBe('3');
    const right = (await import('node:crypto')).createHash('md5').update('def').digest('base64');
    expect((await append(url, key, 3, 'def', { headers: { 'content-md5': right } })).status).toBe(200);
  });

  it('the object size limit (5 GiB from the IR): declared lengths are refused before any byte is read', async () => {
    const max = ir.limits.objectSize.maxBytes;
    expect(max).toBe(5 * 1024 ** 3);
    const key = fresh('huge');
    const query = [{ name: 'append' }, { name: 'position', value: '0' }];
    // The client declares 5 GiB + 1 and sends 3 bytes: the answer comes at once and the connection closes.
    const reply = await signedRaw(url, { method: 'POST', bucket: BUCKET, key, query }, { contentLength: max + 1, body: 'abc' });
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expect(reply).toContain(`<Code>${ir.limits.objectSize.error}</Code>`);
    expect(reply.toLowerCase()).toContain('connection: close');
    await append(url, key, 0, 'abc');
    const later = await signedRaw(url, { method: 'POST', bucket: BUCKET, key, query: [{ name: 'append' }, { name: 'position', value: '3' }] }, { contentLength: max - 2, body: 'x' });
    expect(later).toMatch(/^HTTP\/1\.1 400 /);
    expect((await head(url, key)).headers['content-length']).toBe('3');
  });
});

describe('reads', () => {
  // The edge cases (beyond the end, the strict behavior header, several ranges) are in range.test.ts.
  it('Range: 206 with Content-Range, suffix and open ranges; beyond the end or malformed, ignored by default', async () => {
    const key = fresh('range');
    await append(url, key, 0, '0123456789');
    const r = await get(url, key, { headers: { range: 'bytes=2-4' } });
    expect(r.status).toBe(206);
    expect(r.body.toString()).toBe('234');
    expect(r.headers['content-range']).toBe('bytes 2-4/10');
    expect(r.headers['content-length']).toBe('3');
    expect(r.headers['x-oss-hash-crc64ecma']).toBe(crc64(Buffer.from('0123456789')).toString());
    expect((await get(url, key, { headers: { range: 'bytes=7-' } })).body.toString()).toBe('789');
    expect((await get(url, key, { headers: { range: 'bytes=-2' } })).body.toString()).toBe('89');
    expect((await get(url, key, { headers: { range: 'bytes=5-100' } })).status).toBe(200);
    expect((await get(url, key, { headers: { range: 'bytes=10-12' } })).status).toBe(200);
    expectError(await get(url, key, { headers: { range: 'bytes=10-12', 'x-oss-range-behavior': 'standard' } }), 'InvalidRange');
    const ignored = await get(url, key, { headers: { range: 'pages=1-2' } });
    expect(ignored.status).toBe(200);
    expect(ignored.body.toString()).toBe('0123456789');
  });

  it('HEAD errors have no body but x-oss-err (base64 XML) and x-oss-ec', async () => {
    const r = await head(url, fresh('missing'));
    expect(r.status).toBe(404);
    expect(r.body.length).toBe(0);
    const xml = Buffer.from(r.headers['x-oss-err']!, 'base64').toString('utf8');
    expect(xml).toContain('<Code>NoSuchKey</Code>');
    const key = fresh('h');
    await put(url, key, 'x');
    const bad = await head(url, key, { credentials: { accessKeyId: 'ak', accessKeySecret: 'nope' } });
    expect(bad.status).toBe(403);
    expect(bad.body.length).toBe(0);
    expect(xmlField(bad, 'Code')).toBe('SignatureDoesNotMatch');
  });

  it('DeleteObject answers 204, whether or not the object existed', async () => {
    const key = fresh('del');
    await append(url, key, 0, 'x');
    expect((await del(url, key)).status).toBe(204);
    expect((await head(url, key)).status).toBe(404);
    expect((await del(url, key)).status).toBe(204);
  });
});

describe('authentication (ir.auth)', () => {
  it('V1 signed requests work like V4 ones', async () => {
    const key = fresh('v1');
    expect((await append(url, key, 0, 'abc', { auth: 'v1', headers: { 'content-type': 'text/plain', 'x-oss-meta-a': 'b' } })).status).toBe(200);
    expect((await head(url, key, { auth: 'v1' })).headers['content-length']).toBe('3');
  });

  it('a wrong secret is SignatureDoesNotMatch with the string to sign the server computed (V4 and V1)', async () => {
    const key = fresh('sig');
    const time = Date.now();
    const r = await append(url, key, 0, 'x', { credentials: { accessKeyId: 'ak', accessKeySecret: 'wrong' }, time });
    expectError(r, 'SignatureDoesNotMatch');
    const { v4StringToSign, v4CanonicalRequest, v4Datetime, signingStrings } = await import('../../generator/mock/signing.js');
    const strings = signingStrings(ir);
    const datetime = v4Datetime(time);
    const canonical = v4CanonicalRequest(strings, { method: 'POST', bucket: BUCKET, key, query: [{ name: 'append' }, { name: 'position', value: '0' }], headers: { 'x-oss-date': datetime, 'x-oss-content-sha256': 'UNSIGNED-PAYLOAD' } });
    expect(xmlField(r, 'StringToSign')).toBe(v4StringToSign(strings, canonical, { datetime, region: 'cn-hangzhou', product: 'oss' }));
    expect(xmlField(r, 'CanonicalRequest')).toBe(canonical);
    const v1 = await append(url, key, 0, 'x', { auth: 'v1', credentials: { accessKeyId: 'ak', accessKeySecret: 'wrong' }, time });
    expectError(v1, 'SignatureDoesNotMatch');
    expect(xmlField(v1, 'StringToSign')).toBe(`POST\n\n\n${new Date(time).toUTCString()}\n/${BUCKET}/${key}?append&position=0`);
    expect((await head(url, key)).status).toBe(404);
  });

  it('a header changed after signing is SignatureDoesNotMatch; an unsigned request is AccessDenied', async () => {
    const key = fresh('tamper');
    expectError(await append(url, key, 0, 'x', { headers: { 'x-oss-meta-a': '1' }, tamper: (h) => (h['x-oss-meta-a'] = '2') }), 'SignatureDoesNotMatch');
    expectError(await append(url, key, 0, 'x', { headers: { 'content-type': 'text/plain' }, tamper: (h) => (h['content-type'] = 'text/html') }), 'SignatureDoesNotMatch');
    expectError(await append(url, key, 0, 'x', { auth: 'v1', tamper: (h) => (h['date'] = new Date(Date.now() - 1000).toUTCString()) }), 'SignatureDoesNotMatch');
    expectError(await append(url, key, 0, 'x', { auth: 'none' }), 'AccessDenied');
    expectError(await append(url, key, 0, 'x', { tamper: (h) => (h['authorization'] = 'Bearer abc') }), 'AccessDenied');
    expect((await append(url, key, 0, 'x', { headers: { 'user-agent': 'a' }, tamper: (h) => (h['user-agent'] = 'b') })).status).toBe(200);
  });

  it('clock skew beyond maxClockSkewSeconds is RequestTimeTooSkewed; within it is accepted', async () => {
    const skew = ir.auth.schemes.find((s) => s.id === 'v4')!.maxClockSkewSeconds * 1000;
    expectError(await append(url, fresh('skew'), 0, 'x', { time: Date.now() - skew - 60_000 }), 'RequestTimeTooSkewed');
    expectError(await append(url, fresh('skew'), 0, 'x', { time: Date.now() + skew + 60_000, auth: 'v1' }), 'RequestTimeTooSkewed');
    expect((await append(url, fresh('skew'), 0, 'x', { time: Date.now() - skew + 60_000 })).status).toBe(200);
  });

  it('an unknown access key, a wrong region and a wrong payload hash are refused', async () => {
    const r = await append(url, fresh('ak'), 0, 'x', { credentials: { accessKeyId: 'other', accessKeySecret: 'sk' } });
    expect(r.status).toBe(403);
    expect(xmlField(r, 'Code')).toBe('InvalidAccessKeyId');
    expectError(await append(url, fresh('region'), 0, 'x', { region: 'cn-shanghai' }), 'SignatureDoesNotMatch');
    expectError(await append(url, fresh('sha'), 0, 'x', { tamper: (h) => (h['x-oss-content-sha256'] = 'abc') }), 'InvalidArgument', '0002-00000214');
  });

  it('security tokens: accepted when configured, refused otherwise', async () => {
    const withToken = await withMock({ securityToken: 'session-1' });
    try {
      const ok = await append(withToken.url, 'tok', 0, 'x', { credentials: { accessKeyId: 'ak', accessKeySecret: 'sk', securityToken: 'session-1' } });
      expect(ok.status).toBe(200);
      const wrong = await append(withToken.url, 'tok2', 0, 'x', { credentials: { accessKeyId: 'ak', accessKeySecret: 'sk', securityToken: 'other' } });
      expect(xmlField(wrong, 'Code')).toBe('InvalidSecurityToken');
    } finally {
      await withToken.close();
    }
    const r = await append(url, fresh('tok'), 0, 'x', { credentials: { accessKeyId: 'ak', accessKeySecret: 'sk', securityToken: 'x' } });
    expect(r.status).toBe(403);
  });
});

describe('addressing and unknown operations', () => {
  it('virtual-hosted requests (Host: bucket.host) address the same objects as path-style ones', async () => {
    const key = fresh('vhost');
    const { port } = new URL(url);
    const r = await send(url, { method: 'POST', bucket: BUCKET, key, query: [{ name: 'append' }, { name: 'position', value: '0' }], body: 'vh', virtualHost: `localhost:${port}` });
    expect(r.status).toBe(200);
    expect((await head(url, key)).headers['content-length']).toBe('2');
    const other = await send(url, { method: 'HEAD', bucket: 'otherbucket', key, virtualHost: `oss-cn-hangzhou.aliyuncs.com` });
    expect(other.status).toBe(404);
    expect(xmlField(other, 'Code')).toBe('NoSuchKey');
  });

  it('unknown buckets are NoSuchBucket, invalid names InvalidBucketName', async () => {
    const r = await send(url, { method: 'POST', bucket: 'nosuchbucket', key: 'k', query: [{ name: 'append' }, { name: 'position', value: '0' }], body: 'x' });
    expectError(r, 'NoSuchBucket');
    expect(xmlField(r, 'HostId')).toBe('nosuchbucket.oss-cn-hangzhou.aliyuncs.com');
    const { port } = new URL(url);
    expectError(await send(url, { method: 'GET', bucket: 'nosuchbucket', key: 'k', virtualHost: `localhost:${port}` }), 'NoSuchBucket');
    expectError(await send(url, { method: 'GET', bucket: 'Bad_Bucket', key: 'k' }), 'InvalidBucketName');
  });

  it('operations outside the model get the service\'s errors', async () => {
    const patch = await send(url, { method: 'PATCH', bucket: BUCKET, key: 'k', body: '' });
    expect([patch.status, xmlField(patch, 'Code')]).toEqual([405, 'MethodNotAllowed']);
    const post = await send(url, { method: 'POST', bucket: BUCKET, key: 'k', body: '' });
    expect([post.status, xmlField(post, 'Code')]).toEqual([501, 'NotImplemented']);
    const acl = await send(url, { method: 'GET', bucket: BUCKET, key: 'k', query: [{ name: 'acl' }] });
    expect([acl.status, xmlField(acl, 'Code')]).toEqual([501, 'NotImplemented']);
    const seal = await send(url, { method: 'POST', bucket: BUCKET, key: 'k', query: [{ name: 'seal' }, { name: 'position', value: '0' }], body: '' });
    expect(seal.status).toBe(501);
    const list = await send(url, { method: 'GET', bucket: BUCKET });
    expect([list.status, xmlField(list, 'Code')]).toEqual([501, 'NotImplemented']);
  });
});

describe('the rules come from the IR, not from constants', () => {
  it('a model with other rules, limits and messages gives a simulator that follows them', async () => {
    const appendOp = ir.operations.find((o) => o.name === 'AppendObject')!;
    const changed = {
      ...ir,
      limits: { ...ir.limits, objectKey: { ...ir.limits.objectKey, maxBytes: 8 }, userMetadata: { ...ir.limits.userMetadata, maxTotalBytes: 10 } },
      errors: ir.errors.map((e) => (e.code === 'PositionNotEqualToLength' ? { ...e, message: 'Custom message', ec: '9999-00000001' } : e)),
      operations: ir.operations.map((o) =>
        o.name === 'AppendObject'
          ? {
              ...o,
              append: {
                ...appendOp.append!,
                firstAppendOnly: appendOp.append!.firstAppendOnly.map((f) => (f.member === 'metadata' ? { ...f, later: 'ignore' as const } : f)),
                // Normal objects become appendable at their length (not the service's rule: a test of the wiring).
                rules: appendOp.append!.rules.map((r) => (r.object === 'normal' ? { ...r, position: 'length' as const, outcome: 'append' } : r)),
              },
            }
          : o,
      ),
    };
    const custom = await withMock({ ir: changed });
    try {
      expectError(await append(custom.url, 'k'.repeat(9), 0, 'x'), 'InvalidObjectName', '0016-00000002');
      expect((await append(custom.url, 'k'.repeat(8), 0, 'x')).status).toBe(200);
      expectError(await append(custom.url, 'meta', 0, 'x', { headers: { 'x-oss-meta-abcdef': 'ghijk' } }), 'InvalidArgument');
      await append(custom.url, 'meta', 0, 'x', { headers: { 'x-oss-meta-a': 'b' } });
      expect((await append(custom.url, 'meta', 1, 'y', { headers: { 'x-oss-meta-a': 'changed' } })).status).toBe(200);
      expect((await head(custom.url, 'meta')).headers['x-oss-meta-a']).toBe('b');
      const wrong = await append(custom.url, 'meta', 7, 'z');
      expect([wrong.status, xmlField(wrong, 'Message'), xmlField(wrong, 'EC')]).toEqual([409, 'Custom message', '9999-00000001']);
      await put(custom.url, 'normal', 'abc');
      expect((await append(custom.url, 'normal', 3, 'd')).status).toBe(200);
    } finally {
      await custom.close();
    }
  });

  it('a model with the error codes, header names and error document renamed gives a simulator that speaks them', async () => {
    // The model's own text with the protocol's names changed: nothing in the mock may still say the old ones.
    const renames: [RegExp, string][] = [
      [/\bPositionNotEqualToLength\b/g, 'PosMismatch'],
      [/\bObjectNotAppendable\b/g, 'NotExtendable'],
      [/\bNoSuchKey\b/g, 'KeyMissing'],
      [/\bInvalidBucketName\b/g, 'BadBucket'],
      [/\bInvalidArgument\b/g, 'BadArg'],
      [/\bAccessDenied\b/g, 'Denied'],
      [/\bFileAlreadyExists\b/g, 'Exists'],
      [/\bAppendable\b/g, 'Extendable'],
      [/x-oss-next-append-position/g, 'x-acme-next-pos'],
      [/x-oss-hash-crc64ecma/g, 'x-acme-crc'],
      [/x-oss-object-type/g, 'x-acme-type'],
      [/x-oss-request-id/g, 'x-acme-request-id'],
      [/x-oss-ec\b/g, 'x-acme-ec'],
      [/x-oss-err\b/g, 'x-acme-err'],
      [/^(\s*)root: Error$/m, '$1root: Fault'],
      [/^(\s*)template: https:\/\/oss-\{region\}\.aliyuncs\.com$/m, '$1template: https://acme-{region}.example.com'],
      [/elements: \{ code: Code, message: Message, requestId: RequestId, hostId: HostId, ec: EC \}/, 'elements: { code: FaultCode, message: FaultText, requestId: Rid, hostId: Hid, ec: Ecode }'],
    ];
    let text = readFileSync(MOCK_DEFAULT_MODEL, 'utf8');
    for (const [pattern, replacement] of renames) {
      const before = text;
      text = text.replace(pattern, replacement);
      expect(text, `${pattern} renamed something`).not.toBe(before);
    }
    const dir = mkdtempSync(join(tmpdir(), 'ossgen-renamed-'));
    const file = join(dir, 'renamed.yaml');
    writeFileSync(file, text);
    const renamed = await buildMockIr(file);
    rmSync(dir, { recursive: true, force: true });
    const custom = await startMock({ mode: 'sim', ir: renamed, inProcess: true });
    const field = (res: RawResponse, name: string) => xmlField(res, name, 'x-acme-err');
    const expectFault = (res: RawResponse, status: number, code: string) => {
      expect({ status: res.status, code: field(res, 'FaultCode') }).toEqual({ status, code });
      const document = res.body.length > 0 ? res.body.toString('utf8') : Buffer.from(res.headers['x-acme-err'] ?? '', 'base64').toString('utf8');
      expect(document).toMatch(/^<\?xml[^>]*>\n<Fault>\n/);
      expect(document).not.toMatch(/<Error>|<Code>|<Message>|<RequestId>|<HostId>/);
      expect(field(res, 'Rid')).toBe(res.headers['x-acme-request-id']);
      expect(field(res, 'FaultText')).toBeTruthy();
      expect(field(res, 'Hid')).toMatch(/^examplebucket\.acme-cn-hangzhou\.example\.com$|^Bad_Bucket\.acme-cn-hangzhou\.example\.com$/);
    };
    try {
      const first = await append(custom.url, 'renamed', 0, '12345');
      expect(first.status).toBe(200);
      expect(first.headers).toMatchObject({ 'x-acme-next-pos': '5', 'x-acme-crc': crc64(Buffer.from('12345')).toString(), 'x-acme-type': 'Extendable' });
      expect(first.headers['x-acme-request-id']).toMatch(/^[0-9A-F]{24}$/);
      expect(Object.keys(first.headers).filter((h) => /^x-oss-(next-append-position|hash-crc64ecma|object-type|request-id)$/.test(h))).toEqual([]);

      const wrong = await append(custom.url, 'renamed', 3, 'x');
      expectFault(wrong, 409, 'PosMismatch');
      expect(wrong.headers['x-acme-next-pos']).toBe('5');
      expect(wrong.headers['x-acme-ec']).toBe(field(wrong, 'Ecode'));
      expect(wrong.headers['x-acme-ec']).toBe(renamed.errors.find((e) => e.code === 'PosMismatch')!.ec);
      expect(wrong.headers['x-oss-ec']).toBeUndefined();

      const probe = await head(custom.url, 'renamed');
      expect(probe.headers).toMatchObject({ 'content-length': '5', 'x-acme-next-pos': '5', 'x-acme-type': 'Extendable' });
      const missing = await head(custom.url, 'never-written');
      expectFault(missing, 404, 'KeyMissing');
      expect(missing.headers['x-oss-err']).toBeUndefined();
      expectFault(await get(custom.url, 'never-written'), 404, 'KeyMissing');

      await put(custom.url, 'whole', 'abc');
      expectFault(await append(custom.url, 'whole', 3, 'd'), 409, 'NotExtendable');
      expectFault(await append(custom.url, 'whole', 0, 'd', { headers: { 'x-oss-forbid-overwrite': 'true' } }), 409, 'Exists');
      expectFault(await append(custom.url, 'acl', 0, 'd', { headers: { 'x-oss-object-acl': 'bogus' } }), 400, 'BadArg');
      expectFault(await send(custom.url, { method: 'HEAD', bucket: 'Bad_Bucket', key: 'k' }), 400, 'BadBucket');
      expectFault(await append(custom.url, 'unsigned', 0, 'x', { tamper: (h) => delete h['authorization'] }), 403, 'Denied');
    } finally {
      await custom.close();
    }
  });
});
