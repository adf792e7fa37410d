/**
 * The per-request shortcuts of the generated client's signing (issue #21) give the same bytes as the
 * long way: the V4 signing key cached per credentials object is derived again when the secret, the
 * day or the region changes (checked against signV4Web, which derives it every time), and the
 * query and key encoding and the ISO timestamp (one per second) fast paths agree with the general forms they replaced.
 */
import { describe, expect, it } from 'vitest';
import { canonicalQuery, encodeKey, encodeStrict, iso8601Basic, signV4, signV4Web, type Credentials, type SignableRequest } from '../../out/ts/src/signer.js';

const request = (): SignableRequest => ({
  method: 'POST',
  bucket: 'examplebucket',
  key: 'logs/a b.txt',
  query: [['append', undefined], ['position', '1024']],
  headers: { 'content-length': '1024' },
});

/** The signature signV4 writes, and signV4Web's for the same request (a fresh derivation of the key). */
async function both(credentials: Credentials, region: string, now: Date): Promise<[string, string]> {
  const node = request();
  const web = request();
  signV4(node, credentials, region, now);
  await signV4Web(web, { ...credentials }, region, now);
  return [node.headers.authorization!, web.headers.authorization!];
}

describe('signing fast paths', () => {
  it('derives the V4 key again when the secret, the day or the region of the same credentials object changes', async () => {
    const credentials: Credentials = { accessKeyId: 'ak', accessKeySecret: 'first-secret' };
    const day1 = new Date('2026-12-01T23:59:59Z');
    const [warm, warmWeb] = await both(credentials, 'cn-hangzhou', day1);
    expect(warm).toBe(warmWeb);
    credentials.accessKeySecret = 'rotated-secret';
    const [rotated, rotatedWeb] = await both(credentials, 'cn-hangzhou', day1);
    expect(rotated).toBe(rotatedWeb);
    expect(rotated).not.toBe(warm);
    const [nextDay, nextDayWeb] = await both(credentials, 'cn-hangzhou', new Date('2026-12-02T00:00:00Z'));
    expect(nextDay).toBe(nextDayWeb);
    const [otherRegion, otherRegionWeb] = await both(credentials, 'cn-beijing', new Date('2026-12-02T00:00:00Z'));
    expect(otherRegion).toBe(otherRegionWeb);
  });

  it('encodes queries as the general map/sort/join form did', () => {
    const general = (query: Array<[string, string | undefined]>) =>
      query
        .map(([name, value]) => [encodeURIComponent(name).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()), value === undefined ? undefined : encodeURIComponent(value).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())] as const)
        .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
        .map(([name, value]) => (value === undefined || value === '' ? name : `${name}=${value}`))
        .join('&');
    const cases: Array<Array<[string, string | undefined]>> = [
      [],
      [['append', undefined]],
      [['position', '0'], ['append', undefined]],
      [['', undefined], ['x', '1']],
      [['b', 'x y'], ['a', "it's (*)!"], ['a', ''], ['c', 'é/~.-_']],
      [['response-content-type', 'text/plain; charset=utf-8'], ['versionId', 'CAEQ+/=']],
    ];
    for (const query of cases) expect(canonicalQuery(query), JSON.stringify(query)).toBe(general(query));
    for (const key of ['', 'logs/2026/a.txt', 'a b/c', "it's/(1)", '日本/x', 'a//b', 'a%2Fb', 'a+b=c'])
      expect(encodeKey(key), key).toBe(encodeURIComponent(key).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()).replace(/%2F/g, '/'));
    for (const value of ['', 'abcXYZ019-_.~', "!'()*", 'a b', '日本', 'a/b'])
      expect(encodeStrict(value), value).toBe(encodeURIComponent(value).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()));
  });

  it('writes the V4 timestamp as the regular-expression form did, second after second, years past 9999 included', () => {
    // Same second twice, the next second, back to an earlier second, and dates before 1970: each its own stamp.
    for (const iso of ['2026-12-01T14:30:05.123Z', '2026-12-01T14:30:05.999Z', '2026-12-01T14:30:06.000Z', '2026-12-01T14:30:05.000Z', '1969-12-31T23:59:59.500Z', '1970-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '+010000-01-01T00:00:00.000Z', '2026-12-01T14:30:06.000Z']) {
      const date = new Date(iso);
      expect(iso8601Basic(date), iso).toBe(date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, ''));
    }
  });
});
