/**
 * GetObject's response overrides (issue 17 item 5): `response-content-type`, `-content-language`,
 * `-expires`, `-cache-control`, `-content-disposition` and `-content-encoding` set those headers on the one
 * answer (the stored object keeps its own); V1 signs each as a sub-resource with its decoded value. They are
 * GetObject query members with `responseHeader` in the model, so the simulator and the clients read them from
 * the IR. Raw signed requests, V4 and V1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../../generator/mock/index.js';
import { xmlField, type RawResponse } from '../../generator/mock/raw-client.js';
import { signingStrings, v1StringToSign } from '../../generator/mock/signing.js';
import { BUCKET, get, head, ir, put, withMock } from './helpers.js';

const getObject = ir.operations.find((o) => o.name === 'GetObject')!;
const overrides = getObject.input.filter((m) => m.responseHeaderLower !== undefined);
const KEY = 'overrides/report.txt';
const BODY = 'report body\n';

/**
 * A value per override: spaces, quotes, `;`, `=`, `/`, `*`, `'` and `%`, all of which the query encodes (a
 * non-ASCII file name goes in RFC 6266's `filename*=UTF-8''…` form, as browsers expect).
 */
const VALUES: Record<string, string> = {
  'cache-control': 'no-cache, max-age=0',
  'content-disposition': `attachment; filename="report 2026.txt"; filename*=UTF-8''%E6%8A%A5%E5%91%8A%202026.txt`,
  'content-encoding': 'identity',
  'content-language': 'zh-CN',
  'content-type': 'text/csv; charset=utf-8',
  expires: 'Wed, 21 Oct 2026 07:28:00 GMT',
};

let mock: MockServer;
beforeAll(async () => {
  mock = await withMock();
  const stored = { 'content-type': 'text/plain', 'cache-control': 'private', 'content-disposition': 'inline' };
  expect((await put(mock.url, KEY, BODY, { headers: stored })).status).toBe(200);
});
afterAll(() => mock.close());

function read(query: { name: string; value: string }[], signature: 'v4' | 'v1'): Promise<RawResponse> {
  return get(mock.url, KEY, { query, auth: signature });
}

describe('the model', () => {
  it('GetObject takes the six overrides as query members naming the header each sets; V1 signs them', () => {
    expect(overrides.map((m) => [m.queryName, m.responseHeaderLower])).toEqual(Object.keys(VALUES).sort().map((h) => [`response-${h}`, h]));
    for (const m of overrides) expect(ir.auth.signedSubresources).toContain(m.queryName);
    // Each header the overrides set is one GetObject's result reads.
    for (const m of overrides) expect(getObject.output.some((o) => o.headerLower === m.responseHeaderLower)).toBe(true);
  });

  it('V1 signs the decoded values, sorted by name, after the other sub-resources', () => {
    const query = [{ name: 'response-content-type', value: 'text/csv; charset=utf-8' }, { name: 'response-cache-control', value: 'no-cache' }, { name: 'unsigned', value: 'x' }];
    const sts = v1StringToSign(signingStrings(ir), { method: 'GET', bucket: BUCKET, key: 'k', query, headers: { date: 'Wed, 28 Dec 2022 10:27:41 GMT' } }, ir.auth.signedSubresources);
    expect(sts.endsWith(`/${BUCKET}/k?response-cache-control=no-cache&response-content-type=text/csv; charset=utf-8`)).toBe(true);
  });
});

describe('GET with response-* overrides', () => {
  for (const signature of ['v4', 'v1'] as const) {
    it(`${signature}: all six at once set their headers; the body and the stored object are unchanged`, async () => {
      const query = overrides.map((m) => ({ name: m.queryName!, value: VALUES[m.responseHeaderLower!]! }));
      const res = await read(query, signature);
      expect(res.status).toBe(200);
      expect(res.body.toString()).toBe(BODY);
      for (const m of overrides) expect([m.responseHeaderLower, res.headers[m.responseHeaderLower!]]).toEqual([m.responseHeaderLower, VALUES[m.responseHeaderLower!]]);
      const after = await head(mock.url, KEY, { auth: signature });
      expect({ type: after.headers['content-type'], cache: after.headers['cache-control'], disposition: after.headers['content-disposition'], language: after.headers['content-language'] }).toEqual({
        type: 'text/plain',
        cache: 'private',
        disposition: 'inline',
        language: undefined,
      });
    });

    for (const m of overrides) {
      it(`${signature}: ${m.queryName} alone replaces only its header`, async () => {
        const res = await read([{ name: m.queryName!, value: VALUES[m.responseHeaderLower!]! }], signature);
        expect(res.status).toBe(200);
        expect(res.headers[m.responseHeaderLower!]).toBe(VALUES[m.responseHeaderLower!]);
        if (m.responseHeaderLower !== 'content-type') expect(res.headers['content-type']).toBe('text/plain');
      });
    }
  }

  it('V1 signed without the overrides in the resource (the old sub-resource list) is SignatureDoesNotMatch', async () => {
    const res = await get(mock.url, KEY, { query: [{ name: 'response-content-type', value: 'text/csv' }], auth: 'v1', signedSubresources: ['acl', 'append', 'position', 'tagging', 'versionId'] });
    expect(res.status).toBe(403);
    expect(xmlField(res, 'Code')).toBe('SignatureDoesNotMatch');
  });

  it('a control character in an override is InvalidArgument, not a broken answer', async () => {
    const res = await read([{ name: 'response-content-type', value: 'text/plain\r\nx-injected: 1' }], 'v4');
    expect({ status: res.status, injected: res.headers['x-injected'] }).toEqual({ status: 400, injected: undefined });
    expect(xmlField(res, 'Code')).toBe(ir.protocol.errors.invalidArgument.code);
  });

  it('a ranged read with an override: 206 and the header set', async () => {
    const res = await get(mock.url, KEY, { query: [{ name: 'response-content-type', value: 'text/csv' }], headers: { range: 'bytes=0-5' } });
    expect({ status: res.status, type: res.headers['content-type'], body: res.body.toString() }).toEqual({ status: 206, type: 'text/csv', body: BODY.slice(0, 6) });
  });
});
