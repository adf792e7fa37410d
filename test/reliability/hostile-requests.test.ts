/**
 * Hostile requests: 20,000 randomized malformed requests (bad methods, paths, query values, header
 * bytes, lengths that lie, slow bodies, garbage, and signed writes with traversal keys) sent over raw
 * loopback sockets to the simulator running as its own process with --data-dir. Every request must
 * get an HTTP answer or a closed connection (never a hang), the process must stay up and keep
 * serving, its resident memory must stay bounded, and no file may appear outside the data dir.
 * Then SIGTERM must stop it within a bound, and no simulator this file started may outlive it
 * (one once ran for an hour after `npm test`). OSSGEN_HOSTILE_REQUESTS raises the count for a soak.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock } from '../../generator/mock/index.js';
import { buildSigned, send } from '../../generator/mock/raw-client.js';
import { DiskStore } from '../../generator/mock/store.js';
import { startBackground, type Background } from '../support/subprocess.js';
import { ACCESS_KEY_ID, PROJECT_ROOT, prng, SECRET } from './lib.js';

const COUNT = Number(process.env.OSSGEN_HOSTILE_REQUESTS ?? 20_000);
/** Sized by the count with a generous floor (20,000 requests take about 25 s), so a busy machine or a larger count is not cut short. */
const LIMIT_MS = Math.max(300_000, COUNT * 15);
const CONCURRENCY = 48;
const HANG_MS = 20_000;
const MARKER = 'PWNED-ossgen-reliability';
/** The longest a SIGTERM may take to stop the simulator (its own bound is 1.5 s). */
const STOP_MS = 3_000;
/** The files a data dir may hold: `objects/<sha256>.json` records and `objects/<sha256>.<gen>.data` data. */
const STORE_FILE = /^objects\/[0-9a-f]{64}(\.json|\.[0-9a-f]{16}\.data)$/;
const credentials = { accessKeyId: ACCESS_KEY_ID, accessKeySecret: SECRET };

/** Object keys that try to leave the data dir or break a file system. */
const EVIL_KEYS = [
  `../../../${MARKER}`,
  `../${MARKER}`,
  `..\\..\\${MARKER}`,
  `a/../../../../${MARKER}`,
  `./././${MARKER}`,
  `${MARKER}\u0000.txt`,
  `/etc/${MARKER}`,
  `\\${MARKER}`,
  `objects/../../${MARKER}`,
  `%2e%2e/%2e%2e/${MARKER}`,
  'x'.repeat(1023),
  'é'.repeat(600),
  `CON`,
  `${MARKER}/..`,
  `${MARKER}\r\nx-injected: 1`,
];
const METHODS = ['GET', 'PUT', 'POST', 'HEAD', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'CONNECT', 'PROPFIND', 'GETT', 'get', 'G ET', 'X'.repeat(300), 'PU\u0000T', '\u00ffGET', ''];
const PATHS = [
  '/examplebucket/../../etc/passwd',
  '/examplebucket/%2e%2e/%2e%2e/etc/passwd',
  '/examplebucket/%00',
  '/examplebucket/%ff%fe%fd',
  '/examplebucket/%zz',
  '//examplebucket//a',
  '\\examplebucket\\a',
  'examplebucket/a',
  '*',
  'http://evil.example/examplebucket/a',
  '/',
  '/EXAMPLEBUCKET/a',
  '/-bad-/a',
  '/examplebucket/' + 'a'.repeat(5000),
  '/examplebucket/' + '%41'.repeat(3000),
  '/examplebucket/a?',
  '/examplebucket/a#frag',
  '/__mock/../examplebucket/a',
  '/__mock/faults?type=delay&delayMs=99999999',
];
const QUERIES = ['append', 'append&position=-1', 'append&position=1e3', 'append&position=99999999999999999999', 'append&position=%zz', 'append&position=0&position=5', 'append&position=', 'acl', 'seal', 'uploads', 'x-oss-process=image', 'append&position=0x10', 'append&position=%00', '&&&', '=', 'a=' + 'b'.repeat(4000)];

interface HostileRequest {
  kind: string;
  segments: Buffer[];
  pauseMs: number;
}

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)]!;
}

function randomBytes(next: () => number, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(next() * 256);
  return b;
}

function serialize(method: string, path: string, headers: [string, string][], body: Buffer = Buffer.alloc(0)): Buffer {
  const head = [`${method} ${path} HTTP/1.1`, ...headers.map(([n, v]) => `${n}: ${v}`), '', ''].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

/** A correctly signed request with an optional hostile key, as header pairs (Host first). */
function signed(next: () => number, method: string, key: string, query: { name: string; value?: string }[], body: Buffer, host: string): { path: string; headers: [string, string][] } {
  const { path, headers } = buildSigned({ method, bucket: 'examplebucket', key, query, body, credentials, auth: next() < 0.5 ? 'v4' : 'v1' });
  return { path, headers: [['Host', host], ...Object.entries(headers), ['Content-Length', String(body.length)]] };
}

function hostile(next: () => number, host: string): HostileRequest {
  const r = next();
  const body = randomBytes(next, Math.floor(next() * 2048));
  const key = next() < 0.7 ? pick(next, EVIL_KEYS) : `fuzz/${Math.floor(next() * 50)}`;
  const one = (kind: string, bytes: Buffer): HostileRequest => ({ kind, segments: [bytes], pauseMs: 0 });
  if (r < 0.2) {
    // Signed writes with hostile keys: these reach the store, so they are what could escape the data dir.
    const append = next() < 0.5;
    const query = append ? [{ name: 'append' }, { name: 'position', value: String(next() < 0.7 ? 0 : Math.floor(next() * 4096)) }] : [];
    const s = signed(next, append ? 'POST' : 'PUT', key, query, body, host);
    return one('signed-write', serialize(append ? 'POST' : 'PUT', s.path, s.headers, body));
  }
  if (r < 0.3) {
    const method = pick(next, ['GET', 'HEAD', 'DELETE']);
    const s = signed(next, method, key, [], Buffer.alloc(0), host);
    const range: [string, string][] = next() < 0.5 ? [['Range', pick(next, ['bytes=0-', 'bytes=-1', 'bytes=99999999-', 'bytes=5-2', 'bytes=a-b', 'bytes=0-1,3-4', `bytes=${'9'.repeat(40)}-`])]] : [];
    return one('signed-read', serialize(method, s.path, [...s.headers, ...range]));
  }
  if (r < 0.4) return one('bad-method', serialize(pick(next, METHODS), `/examplebucket/${encodeURIComponent(key)}`, [['Host', host], ['Content-Length', '0']]));
  if (r < 0.52) return one('bad-path', serialize(pick(next, ['GET', 'PUT', 'POST', 'HEAD']), pick(next, PATHS), [['Host', host], ['Content-Length', '0']]));
  if (r < 0.62) {
    const s = signed(next, 'POST', key, [{ name: 'append' }, { name: 'position', value: '0' }], body, host);
    const path = s.path.replace(/\?.*$/, '') + '?' + pick(next, QUERIES);
    return one('bad-query', serialize('POST', path, s.headers, body));
  }
  if (r < 0.77) {
    // Header bytes: control characters, non-ASCII, bad names, folding, duplicates, huge values.
    const s = signed(next, 'PUT', key, [], body, host);
    const headers = [...s.headers];
    const i = 1 + Math.floor(next() * (headers.length - 1));
    const evil = pick(next, [
      () => (headers[i] = [headers[i]![0], headers[i]![1] + '\u0001\u007f']),
      () => (headers[i] = [headers[i]![0], headers[i]![1] + '\u00ff\u00fe']),
      () => headers.push(['Bad Header', 'x']),
      () => headers.push(['x-oss-meta-\u00e9', 'x']),
      () => headers.push(['X-Fold', 'a\r\n continued']),
      () => headers.push(['Content-Length', String(body.length + 1)]),
      () => headers.push(['x-oss-meta-big', 'v'.repeat(20_000)]),
      () => headers.push(['Authorization', 'OSS4-HMAC-SHA256 ' + 'x'.repeat(next() * 500)]),
      () => headers.push(['x-oss-object-acl', '"><script>']),
      () => headers.push(['Host', 'evil.example']),
      () => headers.splice(0, 1),
      () => headers.push([':authority', 'x']),
      () => headers.push(['Transfer-Encoding', 'chunked, identity']),
      () => headers.push(['Expect', '100-continue']),
    ]);
    evil();
    return one('header-bytes', serialize('PUT', s.path, headers, body));
  }
  if (r < 0.92) {
    // Lengths that lie.
    const s = signed(next, 'PUT', key, [], body, host);
    const headers = s.headers.filter(([n]) => n !== 'Content-Length');
    return pick(next, [
      () => one('length-longer', serialize('PUT', s.path, [...headers, ['Content-Length', String(body.length + 1 + Math.floor(next() * 1e6))]], body)),
      () => one('length-shorter', serialize('PUT', s.path, [...headers, ['Content-Length', String(Math.floor(body.length / 2))]], Buffer.concat([body, Buffer.from('GARBAGE / HTTP/1.1\r\n\r\n')]))),
      () => one('length-negative', serialize('PUT', s.path, [...headers, ['Content-Length', '-5']], body)),
      () => one('length-text', serialize('PUT', s.path, [...headers, ['Content-Length', pick(next, ['abc', '1e3', '0x10', ' 5', '99999999999999999999999', '5, 6'])]], body)),
      () => one('length-huge', serialize('PUT', s.path, [...headers, ['Content-Length', String(6 * 1024 ** 3)]], body)),
      () => one('length-and-chunked', serialize('PUT', s.path, [...headers, ['Content-Length', '3'], ['Transfer-Encoding', 'chunked']], Buffer.from('3\r\nabc\r\n0\r\n\r\n'))),
      () => one('chunked-bad-size', serialize('PUT', s.path, [...headers, ['Transfer-Encoding', 'chunked']], Buffer.from(pick(next, ['zz\r\nabc\r\n0\r\n\r\n', 'ffffffffffffffff\r\nabc', '5\r\nab\r\n0\r\n\r\n', '-1\r\n\r\n', '3\r\nabc'])))),
      () => one('chunked-truncated', serialize('PUT', s.path, [...headers, ['Transfer-Encoding', 'chunked']], Buffer.from(`400\r\n${'a'.repeat(100)}`))),
    ])();
  }
  if (r < 0.95) {
    // Slow bodies: the declared body arrives in pieces, with pauses, or stops short.
    const s = signed(next, 'PUT', key, [], body, host);
    const bytes = serialize('PUT', s.path, s.headers, body);
    const cuts = [0, ...Array.from({ length: 3 }, () => Math.floor(next() * bytes.length)).sort((a, b) => a - b), bytes.length];
    const segments = cuts.slice(1).map((c, i) => bytes.subarray(cuts[i]!, c));
    if (next() < 0.3) segments.pop();
    return { kind: 'slow-body', segments, pauseMs: 20 + Math.floor(next() * 150) };
  }
  return one('garbage', randomBytes(next, 1 + Math.floor(next() * 4096)));
}

type Outcome = 'answered' | 'closed' | 'hung';

function fire(port: number, req: HostileRequest): Promise<Outcome> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    let first: Buffer | undefined;
    let settled = false;
    const finish = (o: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      done(o);
    };
    const timer = setTimeout(() => finish('hung'), HANG_MS);
    socket.on('data', (d: Buffer) => {
      first ??= d;
    });
    socket.on('error', () => finish(first ? 'answered' : 'closed'));
    socket.on('close', () => finish(first && first.subarray(0, 9).toString('latin1') === 'HTTP/1.1 ' ? 'answered' : 'closed'));
    socket.on('connect', async () => {
      for (const [i, segment] of req.segments.entries()) {
        if (i > 0 && req.pauseMs > 0) await new Promise((r) => setTimeout(r, req.pauseMs));
        if (socket.destroyed) return;
        socket.write(segment);
      }
      // Half-close: nothing more is coming, so a server waiting for a lying length learns it now.
      if (!socket.destroyed) socket.end();
    });
  });
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => join(e.parentPath, e.name));
}

/** Runs `count` hostile requests against `port`, `CONCURRENCY` at a time; calls `sample` every 1,000. */
async function barrage(port: number, count: number, seed: number, sample?: () => void): Promise<Record<string, number>> {
  const next = prng(seed);
  const tally: Record<string, number> = {};
  let issued = 0;
  const worker = async () => {
    while (issued < count) {
      const n = issued++;
      const req = hostile(next, `127.0.0.1:${port}`);
      const outcome = await fire(port, req);
      tally[outcome] = (tally[outcome] ?? 0) + 1;
      tally[`${req.kind}`] = (tally[req.kind] ?? 0) + 1;
      if (outcome === 'hung') tally[`hung:${req.kind}`] = (tally[`hung:${req.kind}`] ?? 0) + 1;
      if (n % 1000 === 999) sample?.();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return tally;
}

let base: string;
/** Every simulator process this file started: none may be running when it ends. */
const spawned: Background[] = [];
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'ossgen-hostile-'));
});
afterAll(async () => {
  for (const server of spawned) await server.stop({ signal: 'SIGKILL' });
  if (base) rmSync(base, { recursive: true, force: true });
  for (const server of spawned) expect(() => process.kill(server.pid, 0), `simulator pid ${server.pid} still running`).toThrow();
});

/** SIGTERM, then the time until the process has exited (SIGKILLed after STOP_MS * 2, so at least that when it did not). */
async function stop(server: Background): Promise<number> {
  return (await server.stop({ graceMs: STOP_MS * 2 })).ms;
}

describe('hostile requests', () => {
  it(`${COUNT} malformed requests: every one answered or closed, the server stays up, memory bounded, no file outside --data-dir`, async () => {
    // The server's working directory is a jail around its data dir: anything written outside data/ shows up here.
    const jail = join(base, 'jail');
    const data = join(jail, 'data');
    mkdirSync(data, { recursive: true });
    const server = startBackground(
      process.execPath,
      ['--import', pathToFileURL(join(PROJECT_ROOT, 'node_modules/tsx/dist/loader.mjs')).href, join(PROJECT_ROOT, 'generator/mock/main.ts'), '--sim', '--data-dir', data, '--access-key-id', ACCESS_KEY_ID, '--access-key-secret', SECRET, '--verbose'],
      { cwd: jail },
    );
    spawned.push(server);
    let exited: number | null = null;
    void server.exited.then((code) => (exited = code ?? -1));
    try {
      const url = (await server.waitFor(/listening on (http:\/\/\S+)/))[1]!;
      const port = Number(new URL(url).port);
      const started = performance.now();
      const rss: number[] = [rssMb(server.pid)];
      const tally = await barrage(port, COUNT, 20261122, () => rss.push(rssMb(server.pid)));
      const seconds = (performance.now() - started) / 1000;
      rss.push(rssMb(server.pid));

      // Still serving: a good write and read after the barrage.
      const put = await send(url, { method: 'PUT', bucket: 'examplebucket', key: 'after/barrage.txt', body: 'still here', credentials });
      const get = await send(url, { method: 'GET', bucket: 'examplebucket', key: 'after/barrage.txt', credentials });
      // A write whose client gave up mid-barrage may still be committing (its fsynced temporary record exists for
      // a moment): such files may settle for up to 5 s. One still there after that is a leak, and fails below.
      const outsideNow = () => filesUnder(jail).filter((f) => !STORE_FILE.test(relative(data, f)));
      for (const deadline = performance.now() + 5000; outsideNow().length > 0 && performance.now() < deadline; ) await new Promise((r) => setTimeout(r, 100));
      const outside = outsideNow().map((f) => relative(jail, f));
      const strays = filesUnder(base).filter((f) => f.includes(MARKER)).concat(readdirSync(tmpdir()).filter((f) => f.includes(MARKER)));
      const warm = rss[Math.min(2, rss.length - 1)]!;
      const peak = Math.max(...rss);
      const kinds = Object.entries(tally).filter(([k]) => !['answered', 'closed', 'hung'].includes(k)).sort().map(([k, n]) => `${k}=${n}`).join(' ');
      console.log(
        `[reliability/hostile-requests] requests=${COUNT} answered=${tally['answered'] ?? 0} closed=${tally['closed'] ?? 0} hung=${tally['hung'] ?? 0} ` +
          `crashes=${exited === null ? 0 : 1} rss-start=${rss[0]!.toFixed(0)}MB rss-after-2k=${warm.toFixed(0)}MB rss-peak=${peak.toFixed(0)}MB rss-end=${rss.at(-1)!.toFixed(0)}MB ` +
          `objects-on-disk=${filesUnder(data).length} files-outside-data-dir=${outside.length + strays.length} ${seconds.toFixed(1)}s (${kinds})`,
      );
      expect(exited).toBeNull();
      expect(tally['hung'] ?? 0).toBe(0);
      expect((tally['answered'] ?? 0) + (tally['closed'] ?? 0)).toBe(COUNT);
      expect(tally['answered']).toBeGreaterThan(COUNT / 2); // most malformed requests get a real HTTP answer
      expect([put.status, get.status, get.body.toString()]).toEqual([200, 200, 'still here']);
      expect(outside).toEqual([]);
      expect(strays).toEqual([]);
      expect(peak - warm).toBeLessThan(96); // no growth with the number of requests
      expect(peak).toBeLessThan(512);
      expect(server.stderr().includes(SECRET)).toBe(false);
      // The barrage's half-open and stalled connections do not hold the stop: the process is gone within the bound.
      const stopMs = await stop(server);
      console.log(`[reliability/hostile-requests] SIGTERM after the barrage: exited in ${Math.round(stopMs)} ms`);
      expect(stopMs).toBeLessThan(STOP_MS);
      expect(() => process.kill(server.pid, 0)).toThrow();
    } finally {
      await stop(server);
    }
  }, LIMIT_MS);

  it('catches a store that turns keys into paths (the path check removed on purpose)', async () => {
    // In this process only: the disk store names files after the key instead of its SHA-256.
    const original = DiskStore.fileStem;
    const jail = join(base, 'mutant');
    const data = join(jail, 'a', 'b', 'data');
    mkdirSync(data, { recursive: true });
    DiskStore.fileStem = (_bucket: string, key: string) => key;
    const sim = await startMock({ mode: 'sim', inProcess: true, dataDir: data, ...credentials });
    try {
      for (const key of EVIL_KEYS.slice(0, 5)) await send(sim.url, { method: 'PUT', bucket: 'examplebucket', key, body: 'x', credentials }).catch(() => undefined);
      const outside = filesUnder(jail).filter((f) => !STORE_FILE.test(relative(data, f)));
      console.log(`[reliability/hostile-requests] mutation (key used as a path): ${outside.length} file(s) outside --data-dir detected`);
      expect(outside.length).toBeGreaterThan(0);
    } finally {
      DiskStore.fileStem = original;
      await sim.close();
    }
  });
});
