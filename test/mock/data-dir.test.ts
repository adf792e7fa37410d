/** --data-dir: objects on disk, keys that can never leave the directory, rollback, restart. */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc64 } from '../../generator/mock/crc64.js';
import type { MockServer } from '../../generator/mock/index.js';
import { append, get, head, put, signedRaw, withMock, BUCKET } from './helpers.js';

let root: string;
let dataDir: string;
let mock: MockServer;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ossgen-datadir-'));
  dataDir = join(root, 'data');
  mock = await withMock({ dataDir });
});
afterAll(async () => {
  await mock.close();
  rmSync(root, { recursive: true, force: true });
});

/** Every file under `dir`, relative. */
function walk(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}

describe('--data-dir', () => {
  it('hostile keys stay inside the data directory, under hashed names', async () => {
    const keys = ['../../x', '../../../../../../tmp/ossgen-escape', 'a/../../b', '..', 'nul\u0000byte', `${'long/'.repeat(204)}end`, '%2e%2e/x', 'C:\\windows', '..\\..\\x'];
    for (const key of keys) {
      const r = await append(mock.url, key, 0, `content of ${key}`);
      expect(r.status, key).toBe(200);
      const back = await get(mock.url, key);
      expect(back.body.toString(), key).toBe(`content of ${key}`);
    }
    expect(readdirSync(root)).toEqual(['data']);
    const files = walk(dataDir);
    expect(files.length).toBe(keys.length * 2);
    for (const f of files) expect(f).toMatch(/^objects\/[0-9a-f]{64}(\.[0-9a-f]{16}\.data|\.json)$/);
  });

  it('appends continue on disk with the CRC; ranges read from the file; PutObject replaces', async () => {
    await append(mock.url, 'disk/log', 0, 'hello ');
    const r = await append(mock.url, 'disk/log', 6, 'world');
    expect(r.headers['x-oss-hash-crc64ecma']).toBe(crc64(Buffer.from('hello world')).toString());
    expect((await get(mock.url, 'disk/log', { headers: { range: 'bytes=6-10' } })).body.toString()).toBe('world');
    await put(mock.url, 'disk/log', 'replaced');
    expect((await get(mock.url, 'disk/log')).body.toString()).toBe('replaced');
    expect((await head(mock.url, 'disk/log')).headers['x-oss-object-type']).toBe('Normal');
  });

  it('a truncated body leaves the object on disk exactly as it was', async () => {
    await append(mock.url, 'disk/trunc', 0, 'abc');
    const query = [{ name: 'append' }, { name: 'position', value: '3' }];
    await signedRaw(mock.url, { method: 'POST', bucket: BUCKET, key: 'disk/trunc', query }, { contentLength: 1000, body: 'partial', waitMs: 300 });
    await new Promise((r) => setTimeout(r, 100));
    const h = await head(mock.url, 'disk/trunc');
    expect(h.headers['content-length']).toBe('3');
    expect((await get(mock.url, 'disk/trunc')).body.toString()).toBe('abc');
    expect((await append(mock.url, 'disk/trunc', 3, 'def')).headers['x-oss-hash-crc64ecma']).toBe(crc64(Buffer.from('abcdef')).toString());
  });

  it('objects survive a restart on the same directory', async () => {
    await append(mock.url, 'disk/persist', 0, 'kept');
    await mock.close();
    mock = await withMock({ dataDir });
    const h = await head(mock.url, 'disk/persist');
    expect(h.headers['content-length']).toBe('4');
    expect(h.headers['x-oss-hash-crc64ecma']).toBe(crc64(Buffer.from('kept')).toString());
    expect((await append(mock.url, 'disk/persist', 4, '!')).status).toBe(200);
  });
});
