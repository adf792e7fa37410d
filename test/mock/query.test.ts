/** How the mock reads a request's query (issue 17 item 5): percent-decoding, and `+` as a space. */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../../generator/mock/index.js';
import { buildSigned, type RawRequest } from '../../generator/mock/raw-client.js';
import { parseQuery } from '../../generator/mock/wire.js';
import { append, BUCKET, withMock } from './helpers.js';

describe('parseQuery', () => {
  it('decodes names and values, keeps flags, and reads + as a space (a literal plus is %2B)', () => {
    expect(parseQuery('append&position=0')).toEqual([{ name: 'append' }, { name: 'position', value: '0' }]);
    expect(parseQuery('a=x+y&b=x%20y&c=x%2By&d+e=1')).toEqual([
      { name: 'a', value: 'x y' },
      { name: 'b', value: 'x y' },
      { name: 'c', value: 'x+y' },
      { name: 'd e', value: '1' },
    ]);
    expect(parseQuery('name=%E6%97%A5%E5%BF%97&&empty=')).toEqual([
      { name: 'name', value: '日志' },
      { name: 'empty', value: '' },
    ]);
  });
});

describe('a signed request whose query value has a space', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await withMock();
  });
  afterAll(() => mock.close());

  /** Sends a signed HEAD with its query string rewritten by `rewrite` after signing. */
  function headRewritten(key: string, rewrite: (path: string) => string): Promise<number> {
    const req: RawRequest = { method: 'HEAD', bucket: BUCKET, key, query: [{ name: 'x-note', value: 'a b' }] };
    const { path, headers } = buildSigned(req);
    const url = new URL(mock.url);
    return new Promise((resolve, reject) => {
      const r = http.request({ hostname: url.hostname, port: url.port, method: 'HEAD', path: rewrite(path), headers, agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      r.on('error', reject);
      r.end();
    });
  }

  it('verifies whether the space is sent as %20 or +, and not when it is a literal plus', async () => {
    const key = 'query/space';
    expect((await append(mock.url, key, 0, 'abc')).status).toBe(200);
    expect(await headRewritten(key, (p) => p)).toBe(200);
    expect(await headRewritten(key, (p) => p.replace('a%20b', 'a+b'))).toBe(200);
    expect(await headRewritten(key, (p) => p.replace('a%20b', 'a%2Bb'))).toBe(403);
  });
});
