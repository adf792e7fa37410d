/** CRC-64/XZ and signing vectors: the reference's published ones and the model's request vectors. */
import { describe, expect, it } from 'vitest';
import { Crc64, crc64 } from '../../runtime/ts/crc64.js';
import { buildSigned, CONTRACT_SIGNED_SUBRESOURCES, CONTRACT_SIGNING } from '../../generator/mock/raw-client.js';
import { operationRequest } from '../../generator/mock/scenario-runner.js';
import { signingStrings, signV1, signV4, v1StringToSign, v4CanonicalRequest, v4Datetime, verifySignature, parseAuthorization } from '../../generator/mock/signing.js';
import { ir } from './helpers.js';

/** The project model's signing strings: the published vectors below are the service's. */
const S = signingStrings(ir);

const text = (s: string) => new TextEncoder().encode(s);

describe('CRC-64/XZ', () => {
  it('matches the published check values', () => {
    expect(crc64(text('123456789'))).toBe(11051210869376104954n);
    expect(crc64(text('test'))).toBe(18020588380933092773n);
    expect(crc64(text('This is a test of the emergency broadcast system.'))).toBe(0x27db187fc15bbc72n);
    expect(crc64(text(''))).toBe(0n);
  });

  it('continues across appends from the previous CRC, at every split point and chunk size', () => {
    const data = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7 + 3) & 0xff));
    const whole = crc64(data);
    for (const split of [0, 1, 7, 8, 9, 63, 64, 150, 299, 300]) {
      expect(crc64(data.subarray(split), crc64(data.subarray(0, split)))).toBe(whole);
    }
    const inc = new Crc64();
    for (let i = 0; i < data.length; i += 13) inc.update(data.subarray(i, i + 13));
    expect(inc.digest()).toBe(whole);
    expect(crc64(text('6789'), crc64(text('12345')))).toBe(11051210869376104954n);
  });
});

describe('signing: the reference\'s published vectors', () => {
  const creds = { accessKeyId: 'ak', accessKeySecret: 'sk' };
  const goV2Query = [
    { name: 'param1', value: 'value1' },
    { name: '+param1', value: 'value3' },
    { name: '|param1', value: 'value4' },
    { name: '+param2', value: '' },
    { name: '|param2', value: '' },
    { name: 'param2', value: '' },
  ];
  const goV2Headers = (epochSeconds: number) => ({
    'x-oss-head1': 'value',
    abc: 'value',
    zabc: 'value',
    xyz: 'value',
    'content-type': 'text/plain',
    'x-oss-content-sha256': 'UNSIGNED-PAYLOAD',
    'x-oss-date': v4Datetime(epochSeconds * 1000),
  });

  it('V4, Go v2 TestV4AuthHeader', () => {
    const headers = goV2Headers(1702743657);
    const signed = signV4(S, { method: 'PUT', bucket: 'bucket', key: '1234+-/123/1.txt', query: goV2Query, headers }, creds, { datetime: headers['x-oss-date'], region: 'cn-hangzhou', product: 'oss' });
    expect(signed.signature).toBe('e21d18daa82167720f9b1047ae7e7f1ce7cb77a31e8203a7d5f4624fa0284afe');
  });

  it('V4 with AdditionalHeaders abc;zabc', () => {
    const headers = goV2Headers(1702747512);
    const signed = signV4(S, { method: 'PUT', bucket: 'bucket', key: '1234+-/123/1.txt', query: goV2Query, headers }, creds, { datetime: headers['x-oss-date'], region: 'cn-hangzhou', product: 'oss' }, ['x-oss-no-exist', 'ZAbc', 'x-oss-head1', 'abc']);
    expect(signed.authorization).toBe(
      'OSS4-HMAC-SHA256 Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request,AdditionalHeaders=abc;zabc,Signature=4a4183c187c07c8947db7620deb0a6b38d9fbdd34187b6dbaccb316fa251212f',
    );
  });

  it('V4 append example: canonical request and signature', () => {
    const req = { method: 'POST', bucket: 'examplebucket', key: 'log.txt', query: [{ name: 'append' }, { name: 'position', value: '0' }], headers: { 'content-type': 'text/plain', 'x-oss-content-sha256': 'UNSIGNED-PAYLOAD', 'x-oss-date': '20231216T162057Z' } };
    expect(v4CanonicalRequest(S, req)).toBe('POST\n/examplebucket/log.txt\nappend&position=0\ncontent-type:text/plain\nx-oss-content-sha256:UNSIGNED-PAYLOAD\nx-oss-date:20231216T162057Z\n\n\nUNSIGNED-PAYLOAD');
    expect(signV4(S, req, creds, { datetime: '20231216T162057Z', region: 'cn-hangzhou', product: 'oss' }).signature).toBe('02341375f8b11c03cbed0dcb7a6d21ed2983c311519d0c242176ef2b9261ed41');
  });

  it('V1, official doc 31951', () => {
    const req = {
      method: 'PUT',
      bucket: 'oss-example',
      key: 'nelson',
      query: [],
      headers: { 'content-md5': 'ODBGOERFMDMzQTczRUY3NUE3NzA5QzdFNUYzMDQxNEM=', 'content-type': 'text/html', date: 'Thu, 17 Nov 2005 18:49:58 GMT', 'x-oss-magic': 'abracadabra', 'x-oss-meta-author': 'foo@bar.com' },
    };
    expect(v1StringToSign(S, req, [])).toBe('PUT\nODBGOERFMDMzQTczRUY3NUE3NzA5QzdFNUYzMDQxNEM=\ntext/html\nThu, 17 Nov 2005 18:49:58 GMT\nx-oss-magic:abracadabra\nx-oss-meta-author:foo@bar.com\n/oss-example/nelson');
    expect(signV1(S, req, { accessKeyId: '44CF9590006BF252F707', accessKeySecret: 'OtxrzxIsfpFjA7SwPzILwy8Bw21TLhquhboDYROV' }, []).signature).toBe('26NBxoKdsyly4EDv6inkoDft/yA=');
  });

  it('V1, Go v2 TestV1AuthHeader', () => {
    const date = 'Wed, 28 Dec 2022 10:27:41 GMT';
    const req = { method: 'PUT', bucket: 'examplebucket', key: 'nelson', query: [], headers: { 'content-md5': 'eB5eJF1ptWaXm4bijSPyxw==', 'content-type': 'text/html', 'x-oss-meta-author': 'alice', 'x-oss-meta-magic': 'abracadabra', 'x-oss-date': date, date } };
    expect(signV1(S, req, creds, ir.auth.signedSubresources).authorization).toBe('OSS ak:kSHKmLxlyEAKtZPkJhG9bZb5k7M=');
  });

  it('V1 append example', () => {
    const req = { method: 'POST', bucket: 'examplebucket', key: 'log.txt', query: [{ name: 'append' }, { name: 'position', value: '0' }], headers: { 'content-type': 'text/plain', date: 'Wed, 28 Dec 2022 10:27:41 GMT' } };
    expect(signV1(S, req, creds, ir.auth.signedSubresources).authorization).toBe('OSS ak:f3st39NafMvMyEMjLiZuX3Ll/8w=');
  });

  it('verifies what it signs and rejects a tampered header, a wrong secret and a wrong region', () => {
    const headers: Record<string, string> = { 'x-oss-date': '20231216T162057Z', 'x-oss-content-sha256': 'UNSIGNED-PAYLOAD', 'x-oss-meta-a': '1' };
    const req = { method: 'POST', bucket: 'b-1', key: 'k', query: [{ name: 'append' }, { name: 'position', value: '0' }], headers };
    headers['authorization'] = signV4(S, req, creds, { datetime: headers['x-oss-date']!, region: 'cn-hangzhou', product: 'oss' }).authorization;
    const opts = { strings: S, credentials: creds, region: 'cn-hangzhou', product: 'oss', signedSubresources: ir.auth.signedSubresources };
    expect(verifySignature(req, opts).ok).toBe(true);
    expect(verifySignature({ ...req, headers: { ...headers, 'x-oss-meta-a': '2' } }, opts)).toMatchObject({ ok: false, failure: 'mismatch' });
    expect(verifySignature(req, { ...opts, credentials: { accessKeyId: 'ak', accessKeySecret: 'other' } })).toMatchObject({ ok: false, failure: 'mismatch' });
    expect(verifySignature(req, { ...opts, region: 'cn-shanghai' })).toMatchObject({ ok: false, failure: 'mismatch' });
    expect(verifySignature({ ...req, headers: { ...headers, authorization: '' } }, opts)).toMatchObject({ ok: false, failure: 'denied' });
    expect(parseAuthorization(S, 'Bearer x')).toMatchObject({ scheme: 'invalid' });
  });
});

describe('signing strings', () => {
  it('come from the model: the V4 algorithm, secret prefix and scope terminator, V1 algorithm, default-signed headers', () => {
    expect(S.v4).toEqual({
      algorithm: 'OSS4-HMAC-SHA256',
      secretPrefix: 'aliyun_v4',
      terminator: 'aliyun_v4_request',
      product: 'oss',
      dateHeader: 'x-oss-date',
      payloadHashHeader: 'x-oss-content-sha256',
      payloadHash: 'UNSIGNED-PAYLOAD',
    });
    expect(S.v1).toEqual({ algorithm: 'OSS', dateHeader: 'date' });
    expect([S.signedHeaderPrefix, S.signedHeaders]).toEqual(['x-oss-', ['content-md5', 'content-type']]);
    // The raw test client's contract strings are the project model's.
    expect(CONTRACT_SIGNING).toEqual(S);
  });

  it("the raw test client's V1 sub-resources are the project model's", () => {
    expect(CONTRACT_SIGNED_SUBRESOURCES).toEqual(ir.auth.signedSubresources);
  });

  it('another scheme signs and verifies with its own strings, and the two never accept each other', () => {
    const creds = { accessKeyId: 'ak', accessKeySecret: 'sk' };
    const other = { ...S, v4: { ...S.v4, algorithm: 'ACME4-HMAC-SHA256', secretPrefix: 'acme4', terminator: 'acme4_request' } };
    const headers: Record<string, string> = { 'x-oss-date': '20231216T162057Z', 'x-oss-content-sha256': 'UNSIGNED-PAYLOAD' };
    const req = { method: 'GET', bucket: 'b-1', key: 'k', query: [], headers };
    const scope = { datetime: headers['x-oss-date']!, region: 'cn-hangzhou', product: 'oss' };
    const signed = signV4(other, req, creds, scope);
    expect(signed.authorization).toMatch(/^ACME4-HMAC-SHA256 Credential=ak\/20231216\/cn-hangzhou\/oss\/acme4_request,Signature=[0-9a-f]{64}$/);
    expect(signed.signature).not.toBe(signV4(S, req, creds, scope).signature);
    const opts = { credentials: creds, region: 'cn-hangzhou', product: 'oss', signedSubresources: [] };
    const withAuth = { ...req, headers: { ...headers, authorization: signed.authorization } };
    expect(verifySignature(withAuth, { ...opts, strings: other }).ok).toBe(true);
    expect(verifySignature(withAuth, { ...opts, strings: S })).toMatchObject({ ok: false, failure: 'denied' });
  });
});

describe("signing: the model's request vectors (tests.requests)", () => {
  for (const vector of ir.tests.requests) {
    it(vector.id, () => {
      const req = operationRequest(ir, vector.operation, vector.input, ir.tests.credentials);
      const endpointHost = new URL(vector.endpoint).host;
      const { path, headers } = buildSigned({ ...req, auth: vector.auth, region: vector.region, time: vector.epochSeconds * 1000, virtualHost: endpointHost });
      expect(`${req.bucket}.${endpointHost}`).toBe(vector.expect.host);
      expect(req.method).toBe(vector.expect.method);
      const [p, q = ''] = path.split('?');
      expect(p).toBe(vector.expect.path);
      expect(q).toBe(vector.expect.query);
      for (const { name, value } of vector.expect.headers) expect(headers[name], name).toBe(value);
    });
  }
});
