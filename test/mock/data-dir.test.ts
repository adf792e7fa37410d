/** --data-dir: objects on disk, keys that can never leave the directory, rollback, restart, start-up recovery. */
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc64 } from '../../runtime/ts/crc64.js';
import type { MockServer } from '../../generator/mock/index.js';
import { DiskStore } from '../../generator/mock/store.js';
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

describe('--data-dir start-up recovery (what a crash leaves behind)', () => {
  const stem = (key: string) => DiskStore.fileStem(BUCKET, key);
  /** A fresh data dir with one committed object per key, written by a store that then goes away. */
  async function prepared(contents: Record<string, string>): Promise<string> {
    const dir = mkdtempSync(join(root, 'recover-'));
    const m = await withMock({ dataDir: dir });
    for (const [key, text] of Object.entries(contents)) expect((await append(m.url, key, 0, text)).status).toBe(200);
    await m.close();
    return dir;
  }
  const objectsOf = (dir: string) => join(dir, 'objects');
  const dataFileOf = (dir: string, key: string) => readdirSync(objectsOf(dir)).find((f) => f.startsWith(`${stem(key)}.`) && f.endsWith('.data'))!;
  const recordOf = (dir: string, key: string) => join(objectsOf(dir), `${stem(key)}.json`);

  it('cuts an uncommitted append tail, removes temporary and orphan files, keeps the committed bytes', async () => {
    const dir = await prepared({ 'r/tail': 'committed' });
    const data = join(objectsOf(dir), dataFileOf(dir, 'r/tail'));
    appendFileSync(data, 'UNACKNOWLEDGED'); // an append whose record never got renamed
    writeFileSync(join(objectsOf(dir), `${stem('r/tail')}.json.7.tmp`), '{"half":'); // its temporary record
    writeFileSync(join(objectsOf(dir), `${stem('r/new')}.0123456789abcdef.data`), 'a PutObject that never committed');
    const store = new DiskStore(dir);
    expect(store.recovery).toMatchObject({ objects: 1, truncated: [dataFileOf(dir, 'r/tail')], removedTemp: [`${stem('r/tail')}.json.7.tmp`], removedOrphans: [`${stem('r/new')}.0123456789abcdef.data`], quarantined: [] });
    expect(readFileSync(data, 'utf8')).toBe('committed');
    expect(store.head(BUCKET, 'r/new')).toBeUndefined();
    expect(readdirSync(objectsOf(dir)).sort()).toEqual([`${stem('r/tail')}.json`, dataFileOf(dir, 'r/tail')].sort());
    // And the next append continues the committed bytes.
    const m = await withMock({ dataDir: dir });
    try {
      const r = await append(m.url, 'r/tail', 9, '+more');
      expect(r.headers['x-oss-hash-crc64ecma']).toBe(crc64(Buffer.from('committed+more')).toString());
      expect((await get(m.url, 'r/tail')).body.toString()).toBe('committed+more');
    } finally {
      await m.close();
    }
  });

  it('quarantines a record whose data is missing, short or has another CRC, and any file it does not know; never serves them', async () => {
    const dir = await prepared({ 'q/short': 'twelve bytes', 'q/crc': 'original', 'q/missing': 'gone', 'q/good': 'fine' });
    const short = dataFileOf(dir, 'q/short');
    writeFileSync(join(objectsOf(dir), short), 'twelve'); // fewer bytes than the record says
    writeFileSync(join(objectsOf(dir), dataFileOf(dir, 'q/crc')), 'ORIGINAL'); // same length, other bytes
    rmSync(join(objectsOf(dir), dataFileOf(dir, 'q/missing')));
    writeFileSync(join(objectsOf(dir), 'notes.txt'), 'not ours');
    const store = new DiskStore(dir);
    const reasons = Object.fromEntries(store.recovery.quarantined.map((q) => [q.file, q.reason]));
    expect(reasons[`${stem('q/short')}.json`]).toMatch(/holds 6 bytes, the record says 12/);
    expect(reasons[short]).toMatch(/holds 6 bytes/);
    expect(reasons[`${stem('q/crc')}.json`]).toMatch(/CRC-64/);
    expect(reasons[`${stem('q/missing')}.json`]).toMatch(/missing/);
    expect(reasons['notes.txt']).toMatch(/not a file of the store/);
    for (const key of ['q/short', 'q/crc', 'q/missing']) expect(store.head(BUCKET, key), key).toBeUndefined();
    expect(store.head(BUCKET, 'q/good')?.length).toBe(4);
    expect(readdirSync(join(dir, 'quarantine'))).toEqual(expect.arrayContaining([`${stem('q/short')}.json`, short, 'notes.txt']));
  });

  it('quarantines a record that is not JSON or names another key than its file name', async () => {
    const dir = await prepared({ 'm/a': 'a', 'm/b': 'b' });
    writeFileSync(recordOf(dir, 'm/a'), '{"format":"ossgen-object/2",'); // torn
    // m/b's record copied under another stem: a key must never be served from a file named for another.
    const foreign = `${'0'.repeat(64)}.json`;
    writeFileSync(join(objectsOf(dir), foreign), readFileSync(recordOf(dir, 'm/b')));
    const store = new DiskStore(dir);
    const reasons = Object.fromEntries(store.recovery.quarantined.map((q) => [q.file, q.reason]));
    expect(reasons[`${stem('m/a')}.json`]).toMatch(/not JSON/);
    expect(reasons[foreign]).toMatch(/malformed|another key/);
    expect(store.head(BUCKET, 'm/a')).toBeUndefined();
    expect(store.head(BUCKET, 'm/b')?.length).toBe(1);
  });

  it('never follows a symbolic link planted as a data file: quarantined, and its target is neither read nor cut', async () => {
    const dir = await prepared({ 'l/link': 'short' });
    const outside = join(root, 'outside-target.txt');
    // It starts with the object's bytes, so only the link itself can give it away.
    writeFileSync(outside, 'short, then bytes of a file outside the data dir');
    const data = join(objectsOf(dir), dataFileOf(dir, 'l/link'));
    rmSync(data);
    symlinkSync(outside, data);
    const store = new DiskStore(dir);
    expect(store.head(BUCKET, 'l/link')).toBeUndefined();
    expect(store.recovery.quarantined.map((q) => q.file)).toEqual(expect.arrayContaining([`${stem('l/link')}.json`]));
    expect(readFileSync(outside, 'utf8')).toBe('short, then bytes of a file outside the data dir');
  });

  it('reads a data dir of the first format (<stem>.data beside a bare ObjectInfo record)', async () => {
    const dir = mkdtempSync(join(root, 'legacy-'));
    mkdirSync(join(dir, 'objects'));
    const info = { bucket: BUCKET, key: 'old/format', type: 'Appendable', length: 3, crc: crc64(Buffer.from('old')).toString(), etag: '"X"', lastModified: 0, props: { contentType: 'text/plain' } };
    writeFileSync(join(dir, 'objects', `${stem('old/format')}.data`), 'old');
    writeFileSync(join(dir, 'objects', `${stem('old/format')}.json`), JSON.stringify(info));
    const m = await withMock({ dataDir: dir });
    try {
      expect((await append(m.url, 'old/format', 3, '+new')).status).toBe(200);
      expect((await get(m.url, 'old/format')).body.toString()).toBe('old+new');
    } finally {
      await m.close();
    }
  });
});
