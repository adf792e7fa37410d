/**
 * Issue 17, items 1 and 2: the request time in the other scheme's date header. The official Go SDK
 * signs V4 with only `Date` (its text verbatim on the string to sign's time line, the scope's day
 * taken from it); ali-oss signs V1 with only `x-oss-date` (an RFC 1123 value on the Date line). The
 * signatures here are computed by a signer written in this file from those SDKs' published
 * algorithm, not by the mock's own signing code.
 */
import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../../generator/mock/index.js';
import { send, xmlField, type RawResponse } from '../../generator/mock/raw-client.js';
import { append, BUCKET, ir, withMock } from './helpers.js';

const AK = 'ak';
const SK = 'sk';
const REGION = 'cn-hangzhou';

let mock: MockServer;
beforeAll(async () => {
  mock = await withMock();
});
afterAll(() => mock.close());

let n = 0;
const fresh = (name: string) => `dates/${name}-${++n}`;

/** `yyyymmdd` of a time, UTC. */
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');

/** The headers the V4 canonical request signs by default: x-oss-*, Content-Type, Content-MD5. */
function canonicalHeaders(headers: Record<string, string>): string {
  return Object.keys(headers)
    .filter((h) => h.startsWith('x-oss-') || h === 'content-type' || h === 'content-md5')
    .sort()
    .map((h) => `${h}:${headers[h]!.trim()}\n`)
    .join('');
}

/** V4 as the Go SDK computes it when the request carries only `Date`. */
function signV4DateOnly(method: string, key: string, headers: Record<string, string>, options: { signDate: string; day: string; secret?: string }): string {
  const canonical = [method, `/${BUCKET}/${key}`, '', canonicalHeaders(headers), '', 'UNSIGNED-PAYLOAD'].join('\n');
  const scope = `${options.day}/${REGION}/oss/aliyun_v4_request`;
  const stringToSign = ['OSS4-HMAC-SHA256', options.signDate, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
  let signingKey: Buffer = createHmac('sha256', `aliyun_v4${options.secret ?? SK}`).update(options.day).digest();
  for (const part of [REGION, 'oss', 'aliyun_v4_request']) signingKey = createHmac('sha256', signingKey).update(part).digest();
  const signature = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  return `OSS4-HMAC-SHA256 Credential=${AK}/${scope},Signature=${signature}`;
}

/** V1 with the time on the Date line taken from `x-oss-date` (ali-oss). */
function signV1OssDate(method: string, key: string, headers: Record<string, string>): string {
  const ossHeaders = Object.keys(headers)
    .filter((h) => h.startsWith('x-oss-'))
    .sort()
    .map((h) => `${h}:${headers[h]!.trim()}\n`)
    .join('');
  const stringToSign = `${method}\n\n\n${headers['x-oss-date']}\n${ossHeaders}/${BUCKET}/${key}`;
  return `OSS ${AK}:${createHmac('sha1', SK).update(stringToSign).digest('base64')}`;
}

function headWith(key: string, headers: Record<string, string>): Promise<RawResponse> {
  return send(mock.url, { method: 'HEAD', bucket: BUCKET, key, auth: 'none', headers });
}

/** The code of an answer's error (HEAD answers carry the document base64 in a header). */
const codeOf = (res: RawResponse) => xmlField(res, 'Code', ir.protocol.errorBody.bodylessHeader);

describe('V4 dated by Date only (the Go SDK)', () => {
  it('is accepted: the Date text verbatim on the time line, the scope day from it', async () => {
    const key = fresh('v4-date');
    expect((await append(mock.url, key, 0, 'abc')).status).toBe(200);
    const now = Date.now();
    const headers: Record<string, string> = { date: new Date(now).toUTCString(), 'x-oss-content-sha256': 'UNSIGNED-PAYLOAD' };
    headers.authorization = signV4DateOnly('HEAD', key, headers, { signDate: headers.date!, day: utcDay(now) });
    const res = await headWith(key, headers);
    expect(res.status, codeOf(res)).toBe(200);
    expect(res.headers['content-length']).toBe('3');
  });

  it('is refused when the scope names another day, the secret is wrong, or the Date is too far off', async () => {
    const key = fresh('v4-date-bad');
    expect((await append(mock.url, key, 0, 'abc')).status).toBe(200);
    const now = Date.now();
    const base = { date: new Date(now).toUTCString(), 'x-oss-content-sha256': 'UNSIGNED-PAYLOAD' };
    const wrongDay = signV4DateOnly('HEAD', key, base, { signDate: base.date, day: utcDay(now - 86_400_000) });
    expect(codeOf(await headWith(key, { ...base, authorization: wrongDay }))).toBe('SignatureDoesNotMatch');
    const wrongSecret = signV4DateOnly('HEAD', key, base, { signDate: base.date, day: utcDay(now), secret: 'nope' });
    expect(codeOf(await headWith(key, { ...base, authorization: wrongSecret }))).toBe('SignatureDoesNotMatch');
    // A signature over the ISO form of the same time is not a signature over the Date text.
    const isoLine = signV4DateOnly('HEAD', key, base, { signDate: new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, ''), day: utcDay(now) });
    expect(codeOf(await headWith(key, { ...base, authorization: isoLine }))).toBe('SignatureDoesNotMatch');
    const skew = ir.auth.schemes.find((s) => s.id === 'v4')!.maxClockSkewSeconds * 1000;
    const old = now - skew - 60_000;
    const stale = { date: new Date(old).toUTCString(), 'x-oss-content-sha256': 'UNSIGNED-PAYLOAD' };
    const staleAuth = signV4DateOnly('HEAD', key, stale, { signDate: stale.date, day: utcDay(old) });
    expect(codeOf(await headWith(key, { ...stale, authorization: staleAuth }))).toBe('RequestTimeTooSkewed');
  });

  it('prefers x-oss-date when both are sent (the Date header is then not read)', async () => {
    const key = fresh('v4-both');
    expect((await append(mock.url, key, 0, 'abc', { headers: { date: 'not a date' } })).status).toBe(200);
  });
});

describe('V1 dated by x-oss-date only (ali-oss)', () => {
  it('is accepted: the x-oss-date value on the Date line', async () => {
    const key = fresh('v1-ossdate');
    expect((await append(mock.url, key, 0, 'abcd')).status).toBe(200);
    const headers: Record<string, string> = { 'x-oss-date': new Date().toUTCString() };
    headers.authorization = signV1OssDate('HEAD', key, headers);
    const res = await headWith(key, headers);
    expect(res.status, codeOf(res)).toBe(200);
    expect(res.headers['content-length']).toBe('4');
  });

  it('is refused when the date is changed after signing or too far off', async () => {
    const key = fresh('v1-ossdate-bad');
    expect((await append(mock.url, key, 0, 'abcd')).status).toBe(200);
    const headers: Record<string, string> = { 'x-oss-date': new Date().toUTCString() };
    const authorization = signV1OssDate('HEAD', key, headers);
    const later = new Date(Date.now() + 5_000).toUTCString();
    expect(codeOf(await headWith(key, { 'x-oss-date': later, authorization }))).toBe('SignatureDoesNotMatch');
    const skew = ir.auth.schemes.find((s) => s.id === 'v1')!.maxClockSkewSeconds * 1000;
    const stale: Record<string, string> = { 'x-oss-date': new Date(Date.now() - skew - 60_000).toUTCString() };
    stale.authorization = signV1OssDate('HEAD', key, stale);
    expect(codeOf(await headWith(key, stale))).toBe('RequestTimeTooSkewed');
  });

  it('a request with neither date header is refused', async () => {
    const key = fresh('v1-nodate');
    expect((await append(mock.url, key, 0, 'x')).status).toBe(200);
    const authorization = `OSS ${AK}:${createHmac('sha1', SK).update(`HEAD\n\n\n\n/${BUCKET}/${key}`).digest('base64')}`;
    expect(codeOf(await headWith(key, { authorization }))).toBe('AccessDenied');
  });
});
