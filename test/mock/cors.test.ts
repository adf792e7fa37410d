/** `--cors` (MockOptions.cors): preflights, the Allow-Origin and Expose-Headers of every answer to an allowed origin, nothing without it. */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCorsOrigins } from '../../generator/mock/cors.js';
import type { MockServer } from '../../generator/mock/index.js';
import { append, BUCKET, head, withMock } from './helpers.js';

const PAGE = 'http://127.0.0.1:8123';
let cors: MockServer;
let plain: MockServer;
beforeAll(async () => {
  [cors, plain] = await Promise.all([withMock({ cors: [PAGE] }), withMock()]);
});
afterAll(async () => {
  await Promise.all([cors?.close(), plain?.close()]);
});

/** An unsigned OPTIONS request, as a browser sends a preflight. */
function preflight(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname: u.hostname, port: u.port, method: 'OPTIONS', path: `/${BUCKET}/k.log?append&position=0`, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers as Record<string, string>, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const list = (value: string | undefined) => (value ?? '').split(',').map((s) => s.trim());

describe('mock CORS', () => {
  it('answers an allowed preflight with the origin, the modeled methods and the requested headers', async () => {
    const res = await preflight(cors.url, { origin: PAGE, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,x-oss-date,x-oss-content-sha256,content-type' });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(PAGE);
    expect(list(res.headers['access-control-allow-methods'])).toEqual(['DELETE', 'GET', 'HEAD', 'POST', 'PUT']);
    expect(res.headers['access-control-allow-headers']).toBe('authorization,x-oss-date,x-oss-content-sha256,content-type');
    expect(res.headers['access-control-max-age']).toBe('600');
    expect(res.body).toBe('');
  });

  it('refuses a preflight from another origin or for an unmodeled method with 403 and no Allow headers', async () => {
    for (const [origin, method] of [
      ['http://evil.example', 'POST'],
      [PAGE, 'PATCH'],
    ] as const) {
      const res = await preflight(cors.url, { origin, 'access-control-request-method': method });
      expect(res.status, `${origin} ${method}`).toBe(403);
      expect(res.body).toContain('<Code>AccessForbidden</Code>');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('exposes every header of an append answer, success or error, to an allowed origin', async () => {
    const ok = await append(cors.url, 'cors/a.log', 0, 'abc', { headers: { origin: PAGE } });
    expect(ok.status).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe(PAGE);
    expect(ok.headers['vary']).toBe('Origin');
    const exposed = list(ok.headers['access-control-expose-headers']);
    for (const name of ['etag', 'x-oss-next-append-position', 'x-oss-hash-crc64ecma', 'x-oss-request-id']) expect(exposed).toContain(name);
    expect(exposed).not.toContain('content-length'); // safelisted: readable anyway
    const conflict = await append(cors.url, 'cors/a.log', 0, 'x', { headers: { origin: PAGE } });
    expect(conflict.status).toBe(409);
    expect(conflict.headers['access-control-allow-origin']).toBe(PAGE);
    expect(list(conflict.headers['access-control-expose-headers'])).toContain('x-oss-next-append-position');
    const missing = await head(cors.url, 'cors/absent.log', { headers: { origin: PAGE } });
    expect(missing.status).toBe(404);
    expect(list(missing.headers['access-control-expose-headers'])).toContain('x-oss-err');
  });

  it('adds nothing for another origin, for a request without Origin, or without --cors', async () => {
    const other = await append(cors.url, 'cors/b.log', 0, 'abc', { headers: { origin: 'http://evil.example' } });
    const none = await append(cors.url, 'cors/c.log', 0, 'abc');
    const off = await append(plain.url, 'cors/d.log', 0, 'abc', { headers: { origin: PAGE } });
    for (const res of [other, none, off]) {
      expect(res.status).toBe(200);
      expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
    const offPreflight = await preflight(plain.url, { origin: PAGE, 'access-control-request-method': 'POST' });
    expect(offPreflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('--cors takes origins or *, comma-separated or repeated, and rejects anything else', () => {
    expect(parseCorsOrigins(['http://a.example:8080,https://b.example', '*'])).toEqual(['http://a.example:8080', 'https://b.example', '*']);
    expect(() => parseCorsOrigins(['http://a.example/path'])).toThrow(/did you mean "http:\/\/a.example"/);
    expect(() => parseCorsOrigins(['not an origin'])).toThrow(/not an origin/);
    expect(() => parseCorsOrigins([''])).toThrow(/needs an origin/);
  });
});
