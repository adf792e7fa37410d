/**
 * Crash safety of the simulator as a process (issue 14), on loopback only, with bounded loops:
 * - kill -9 at every step of a disk commit (OSSGEN_SIM_CRASH_AT makes the process SIGKILL itself
 *   there, see generator/mock/store.ts), across an append, a PutObject over an appendable object, a
 *   create and a delete: after a restart on the same data dir every acknowledged byte is there and
 *   nothing unacknowledged is visible (a crash before the record's rename shows the old state, from
 *   the rename on the new one in full, never a mix), the next append continues correctly, and no
 *   temporary or orphan file is left;
 * - a stalled request body cannot wedge an object: another writer and a DELETE complete shortly
 *   after the body timeout;
 * - SIGTERM stops the process within a bound, whatever its connections are doing;
 * - the control endpoints are off unless enabled, and even then never in the object namespace.
 */
import { mkdtempSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc64 } from '../../runtime/ts/crc64.js';
import { startMockProcess, type MockProcess } from '../../generator/mock/index.js';
import { buildSigned, send, type RawRequest, type RawResponse } from '../../generator/mock/raw-client.js';
import type { CrashPoint } from '../../generator/mock/store.js';

const BUCKET = 'examplebucket';
const credentials = { accessKeyId: 'ak', accessKeySecret: 'sk' };
const started: MockProcess[] = [];
let base: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'ossgen-crash-'));
});
afterAll(async () => {
  await Promise.all(started.map((p) => p.close()));
  // No simulator this file started is left running.
  for (const p of started) expect(() => process.kill(p.pid, 0), `pid ${p.pid}`).toThrow();
  rmSync(base, { recursive: true, force: true });
});

async function sim(options: Parameters<typeof startMockProcess>[0]): Promise<MockProcess> {
  const p = await startMockProcess({ accessKeyId: credentials.accessKeyId, accessKeySecret: credentials.accessKeySecret, ...options });
  started.push(p);
  return p;
}

const req = (url: string, r: Omit<RawRequest, 'bucket'>): Promise<RawResponse> => send(url, { bucket: BUCKET, credentials, ...r });
const appendReq = (position: number, body: Buffer): Omit<RawRequest, 'bucket' | 'key'> => ({ method: 'POST', query: [{ name: 'append' }, { name: 'position', value: String(position) }], body });
const bytes = (c: string, n: number) => Buffer.alloc(n, c);

/** Content as runs, `A×2000 + C×10` (or the error that stopped reading it), for readable failures. */
function runs(b: Buffer): string {
  const out: string[] = [];
  for (let i = 0; i < b.length; ) {
    let j = i;
    while (j < b.length && b[j] === b[i]) j++;
    out.push(`${b[i] === 0 ? 'NUL' : String.fromCharCode(b[i]!)}×${j - i}`);
    i = j;
  }
  return out.join(' + ') || '(empty)';
}

async function content(url: string, key: string): Promise<string> {
  return req(url, { key, method: 'GET' }).then(
    (r) => (r.status === 200 ? runs(r.body) : `status ${r.status}`),
    (e: Error) => `GET failed: ${e.message}`,
  );
}

/** Every file under `dir`, relative. */
function files(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)) : [];
}

type Kind = 'append' | 'put' | 'create' | 'delete';
interface State {
  type: 'Appendable' | 'Normal';
  content: Buffer;
}
interface Case {
  kind: Kind;
  step: CrashPoint;
  key: string;
  /** The acknowledged state before the crash (undefined: absent). */
  before?: State;
  /** The state if the request in flight took effect. */
  after?: State;
  request: Omit<RawRequest, 'bucket' | 'key'>;
}

const A = bytes('A', 2000);
const KINDS: Record<Kind, { steps: CrashPoint[]; before?: State; after?: State; request: Case['request'] }> = {
  // The case: an Appendable object of 2000 acknowledged bytes, then a request that never gets its answer.
  append: { steps: ['data-written', 'data-synced', 'record-written', 'record-renamed', 'dir-synced'], before: { type: 'Appendable', content: A }, after: { type: 'Appendable', content: Buffer.concat([A, bytes('C', 10)]) }, request: appendReq(2000, bytes('C', 10)) },
  put: { steps: ['data-written', 'data-synced', 'record-written', 'record-renamed', 'dir-synced', 'old-data-removed'], before: { type: 'Appendable', content: A }, after: { type: 'Normal', content: bytes('B', 300) }, request: { method: 'PUT', body: bytes('B', 300) } },
  create: { steps: ['data-written', 'data-synced', 'record-written', 'record-renamed', 'dir-synced'], after: { type: 'Appendable', content: bytes('D', 50) }, request: appendReq(0, bytes('D', 50)) },
  delete: { steps: ['record-removed'], before: { type: 'Appendable', content: A }, request: { method: 'DELETE' } },
};
/** Steps before the record's rename: the old state must survive. From the rename on: the new one. */
const BEFORE_COMMIT: CrashPoint[] = ['data-written', 'data-synced', 'record-written'];

const CASES: Case[] = (Object.keys(KINDS) as Kind[]).flatMap((kind) =>
  KINDS[kind].steps.map((step) => ({ kind, step, key: `crash/${kind}/${step}.log`, ...KINDS[kind] })),
);

describe('kill -9 at every step of a disk commit', () => {
  it(`${CASES.length} crash points (append, PutObject over an appendable object, create, delete): the last acknowledged state survives, never a mix`, async () => {
    const dataDir = join(base, 'data');
    // The acknowledged states, written by a simulator that then stops cleanly.
    const setup = await sim({ mode: 'sim', dataDir });
    for (const c of CASES) {
      if (c.before) expect((await req(setup.url, { key: c.key, ...appendReq(0, c.before.content) })).status).toBe(200);
    }
    await setup.close();

    // One crash per case: the simulator kills itself at that step of that request; its client gets no answer.
    const lines: string[] = [];
    for (const c of CASES) {
      const doomed = await sim({ mode: 'sim', dataDir, env: { OSSGEN_SIM_CRASH_AT: c.step } });
      const answer = await req(doomed.url, { key: c.key, ...c.request }).then(
        (r) => `answered ${r.status}`,
        (e: Error) => `no answer (${e.message})`,
      );
      const exit = await doomed.exited;
      expect(exit.signal, `${c.kind} at ${c.step}: ${answer}`).toBe('SIGKILL');
      expect(answer).toMatch(/^no answer/);
    }

    // A clean restart on the same directory: each object is exactly the old or, from the rename on, the new state.
    const after = await sim({ mode: 'sim', dataDir });
    for (const c of CASES) {
      const expected = BEFORE_COMMIT.includes(c.step) ? c.before : c.after;
      const h = await req(after.url, { key: c.key, method: 'HEAD' });
      const what = `${c.kind} crashed at ${c.step}`;
      if (!expected) {
        expect(h.status, what).toBe(404);
        lines.push(`${c.kind}@${c.step}=absent`);
        continue;
      }
      expect(h.status, what).toBe(200);
      expect(await content(after.url, c.key), what).toBe(runs(expected.content));
      expect(h.headers['x-oss-object-type'], what).toBe(expected.type);
      expect(h.headers['content-length'], what).toBe(String(expected.content.length));
      expect(h.headers['x-oss-hash-crc64ecma'], what).toBe(crc64(expected.content).toString());
      if (expected.type === 'Appendable') {
        // The next append continues the acknowledged bytes: never B×300 + NUL×1700 + C×10.
        const tail = bytes('E', 10);
        const next = await req(after.url, { key: c.key, ...appendReq(expected.content.length, tail) });
        const whole = Buffer.concat([expected.content, tail]);
        expect(next.status, what).toBe(200);
        expect(await content(after.url, c.key), what).toBe(runs(whole));
        expect(next.headers['x-oss-hash-crc64ecma'], what).toBe(crc64(whole).toString());
      }
      lines.push(`${c.kind}@${c.step}=${expected === c.before ? 'old' : 'new'}(${expected.type}/${expected.content.length})`);
    }
    // Nothing left behind: one record and one data file per object, no temporary, orphan or quarantined file.
    const left = files(dataDir);
    const present = CASES.filter((c) => (BEFORE_COMMIT.includes(c.step) ? c.before : c.after) !== undefined).length;
    expect(left.filter((f) => /^objects\/[0-9a-f]{64}\.json$/.test(f))).toHaveLength(present);
    expect(left.filter((f) => /^objects\/[0-9a-f]{64}\.[0-9a-f]{16}\.data$/.test(f))).toHaveLength(present);
    expect(left).toHaveLength(2 * present);
    console.log(`[reliability/crash-safety] kill -9 at ${CASES.length} commit steps, restart: ${lines.join(' ')}`);
  }, 180_000);
});

/** A signed request whose headers and the first `sent` bytes of a `declared`-byte body go out; then the socket stays open. */
function stalledRequest(url: string, r: RawRequest, declared: number, sent: number): { socket: Socket; answer: Promise<string> } {
  const { path, headers } = buildSigned(r);
  const u = new URL(url);
  const socket = connect(Number(u.port), u.hostname);
  const head = [`${r.method} ${path} HTTP/1.1`, `Host: ${u.host}`, ...Object.entries(headers).map(([n, v]) => `${n}: ${v}`), `Content-Length: ${declared}`, '', ''].join('\r\n');
  socket.on('error', () => undefined);
  socket.write(head);
  socket.write(Buffer.alloc(sent, 'x'));
  const answer = new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
  });
  return { socket, answer };
}

const within = <T>(ms: number, p: Promise<T>, what: string): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms).unref())]);

describe('a stalled body', () => {
  it('is abandoned after the body timeout: nothing stored, 400 RequestTimeout, connection closed; the next writer and a DELETE go through', async () => {
    const TIMEOUT = 500;
    const s = await sim({ mode: 'sim', dataDir: join(base, 'stall'), bodyTimeoutMs: TIMEOUT });
    const key = 'stall/object.log';
    expect((await req(s.url, { key, ...appendReq(0, Buffer.from('abc')) })).status).toBe(200);
    const t0 = performance.now();
    // Headers and half of the body, then silence (the connection stays open).
    const stalled = stalledRequest(s.url, { method: 'POST', bucket: BUCKET, key, credentials, query: [{ name: 'append' }, { name: 'position', value: '3' }] }, 1000, 500);
    await new Promise((r) => setTimeout(r, 100));
    const writer = req(s.url, { key, ...appendReq(3, Buffer.from('def')) });
    await new Promise((r) => setTimeout(r, 100));
    const remover = req(s.url, { key, method: 'DELETE' });
    const [first, second, third] = await within(TIMEOUT * 8, Promise.all([stalled.answer, writer, remover]), 'the requests queued behind a stalled body');
    const seconds = (performance.now() - t0) / 1000;
    stalled.socket.destroy();
    console.log(`[reliability/crash-safety] stalled body (timeout ${TIMEOUT} ms): stalled=${first.slice(0, 24).trim()} writer=${second.status} delete=${third.status} after ${seconds.toFixed(2)}s`);
    expect(first).toMatch(/^HTTP\/1\.1 400 /);
    expect(first).toContain('<Code>RequestTimeout</Code>');
    expect(first.toLowerCase()).toContain('connection: close');
    // The stalled append stored nothing: the next writer appends at 3.
    expect(second.status).toBe(200);
    expect(second.headers['x-oss-next-append-position']).toBe('6');
    expect(second.headers['x-oss-hash-crc64ecma']).toBe(crc64(Buffer.from('abcdef')).toString());
    expect(third.status).toBe(204);
    expect(seconds).toBeLessThan(TIMEOUT / 1000 + 2);
    expect((await req(s.url, { key, method: 'HEAD' })).status).toBe(404);
    await s.close();
  }, 60_000);
});

describe('SIGTERM', () => {
  it('stops the process within the bound while connections are idle, half-open, stalled mid-body, stalled mid-headers or held by an injected delay', async () => {
    const s = await sim({ mode: 'sim', dataDir: join(base, 'term'), controlEndpoints: true });
    const u = new URL(s.url);
    const held: Socket[] = [];
    const open = () => {
      const socket = connect(Number(u.port), u.hostname);
      socket.on('error', () => undefined);
      held.push(socket);
      return socket;
    };
    for (let i = 0; i < 4; i++) {
      const { socket } = stalledRequest(s.url, { method: 'POST', bucket: BUCKET, key: `term/${i}.log`, credentials, query: [{ name: 'append' }, { name: 'position', value: '0' }] }, 1_000_000, 100);
      held.push(socket);
      if (i % 2 === 0) socket.end(); // half-open: the client's side is closed, the body never completes
    }
    open().write(`GET /${BUCKET}/x HTTP/1.1\r\nHost: ${u.host}\r\n`); // headers never finish
    open(); // idle connection, no byte sent
    // A request held by a day-long injected delay.
    expect((await fetch(`${s.url}/__mock/faults?type=delay&delayMs=86400000&operation=HeadObject`, { method: 'POST' })).status).toBe(200);
    void req(s.url, { key: 'term/delayed', method: 'HEAD' }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));
    const t0 = performance.now();
    process.kill(s.pid, 'SIGTERM');
    const exit = await within(10_000, s.exited, 'the simulator after SIGTERM');
    const ms = Math.round(performance.now() - t0);
    for (const socket of held) socket.destroy();
    console.log(`[reliability/crash-safety] SIGTERM with ${held.length + 1} idle, half-open, stalled and delayed connections: exit ${exit.code ?? exit.signal} after ${ms} ms`);
    expect(exit.code).toBe(0);
    expect(ms).toBeLessThan(2_000);
    expect(() => process.kill(s.pid, 0)).toThrow();
  }, 60_000);
});

describe('control endpoints', () => {
  it('off unless enabled: POST /__mock/reset is an ordinary request and wipes nothing', async () => {
    const s = await sim({ mode: 'sim' });
    const key = 'control/kept.log';
    expect((await req(s.url, { key, ...appendReq(0, Buffer.from('kept')) })).status).toBe(200);
    const reset = await fetch(`${s.url}/__mock/reset`, { method: 'POST' });
    const text = await reset.text();
    // `__mock` is read as a bucket name, which is not valid.
    expect([reset.status, text]).toEqual([400, expect.stringContaining('<Code>InvalidBucketName</Code>')]);
    const faults = await fetch(`${s.url}/__mock/faults?type=500`, { method: 'POST' });
    expect(faults.status).toBe(400);
    await faults.arrayBuffer();
    const h = await req(s.url, { key, method: 'HEAD' });
    expect([h.status, h.headers['content-length']]).toEqual([200, '4']);
    await s.close();
  }, 60_000);

  it('enabled: a virtual-hosted append to the key "__mock/reset" stores an object and wipes nothing; path-style /__mock/reset resets', async () => {
    const s = await sim({ mode: 'sim', controlEndpoints: true });
    const key = 'control/kept.log';
    expect((await req(s.url, { key, ...appendReq(0, Buffer.from('kept')) })).status).toBe(200);
    const vhost = { virtualHost: 'oss-cn-hangzhou.example.test' };
    const appended = await req(s.url, { key: '__mock/reset', ...appendReq(0, Buffer.from('an object, not a reset')), ...vhost });
    expect([appended.status, appended.headers['x-oss-next-append-position']]).toEqual([200, '22']);
    const back = await req(s.url, { key: '__mock/reset', method: 'GET', ...vhost });
    expect([back.status, back.body.toString()]).toEqual([200, 'an object, not a reset']);
    expect((await req(s.url, { key, method: 'HEAD' })).status).toBe(200);
    // The same object through a path-style request: still an object.
    expect((await req(s.url, { key: '__mock/reset', method: 'HEAD' })).status).toBe(200);
    // The control endpoint proper still works where it lives.
    const reset = await fetch(`${s.url}/__mock/reset`, { method: 'POST' });
    expect([reset.status, await reset.json()]).toEqual([200, { reset: 'all' }]);
    expect((await req(s.url, { key, method: 'HEAD' })).status).toBe(404);
    await s.close();
  }, 60_000);
});
