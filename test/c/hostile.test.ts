/**
 * The generated C client against small hostile HTTP servers on loopback (issue 14): redirects, dripping
 * headers and error bodies, endless and malformed error bodies, answers that contradict the request,
 * truncated answers, credentials that are not header material, and a lost race between two writers. Each case
 * runs the reliability driver (test/reliability/drivers/soak.c) built from out/c with ASan and UBSan; a few run
 * under valgrind too. Every server loop is bounded (it stops when the client goes away or after a cap).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type MockServer } from '../../generator/mock/index.js';
import { PROJECT_ROOT } from '../../generator/run.js';
import type { DriverResult as Outcome } from '../reliability/hostile-server.js';
import { buildCDriver } from '../reliability/lib.js';
import { run, type RunResult } from '../support/subprocess.js';

// OSSGEN_C_HOSTILE_OUT: a copy of out/c with a protection undone, to watch these tests fail without it.
const OUT = process.env.OSSGEN_C_HOSTILE_OUT ?? join(PROJECT_ROOT, 'out/c');
const SANITIZE = ['-fsanitize=address,undefined', '-fno-sanitize-recover=undefined'];
const VALGRIND = ['--leak-check=full', '--errors-for-leak-kinds=definite,indirect,possible', '--error-exitcode=99', '-q'];
const CREDENTIALS = { OSS_ACCESS_KEY_ID: 'ak', OSS_ACCESS_KEY_SECRET: 'sk', OSS_SESSION_TOKEN: '' };

interface Ran extends RunResult {
  /** The driver's JSON lines, one per call. */
  lines: Outcome[];
}

/** Runs a program without blocking the event loop (the hostile servers live in this process), killed after killAfterMs. */
async function runAsync(command: string, args: string[], env: NodeJS.ProcessEnv, killAfterMs = 60_000): Promise<Ran> {
  const result = await run(command, args, { env, timeoutMs: killAfterMs });
  const lines = result.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Outcome);
  return { ...result, lines };
}

/** A raw TCP server: handler gets the socket and each request's head (and body, read per Content-Length). */
interface Hostile {
  url: string;
  port: number;
  requests: string[];
  connections: number;
  bytesWritten: number;
  close(): Promise<void>;
}

async function hostile(handler: (socket: Socket, head: string, h: Hostile) => void): Promise<Hostile> {
  const sockets = new Set<Socket>();
  const state: Hostile = { url: '', port: 0, requests: [], connections: 0, bytesWritten: 0, close: async () => {} };
  const server: Server = createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffered = Buffer.alloc(0);
    let need = -1;
    let head = '';
    socket.on('data', (data: Buffer) => {
      buffered = Buffer.concat([buffered, data]);
      for (;;) {
        if (need < 0) {
          const end = buffered.indexOf('\r\n\r\n');
          if (end < 0) return;
          head = buffered.subarray(0, end).toString('latin1');
          buffered = buffered.subarray(end + 4);
          const length = /\r\ncontent-length: *(\d+)/i.exec(head);
          need = length ? Number(length[1]) : 0;
        }
        if (buffered.length < need) return;
        buffered = buffered.subarray(need);
        need = -1;
        state.requests.push(head);
        handler(socket, head, state);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  state.port = address.port;
  state.url = `http://127.0.0.1:${address.port}`;
  state.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}

/** Writes and counts; false once the socket is gone. */
function send(socket: Socket, h: Hostile, data: string | Buffer): boolean {
  if (socket.destroyed) return false;
  const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
  h.bytesWritten += bytes.length;
  socket.write(bytes);
  return true;
}

/**
 * Drips text one byte every `everyMs` (or, with `lines`, one whole header line each time, so that the connection is
 * never idle) until the client goes away, or 200 pieces: a bounded loop.
 */
function drip(socket: Socket, h: Hostile, text: string, everyMs = 300, lines = false): void {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || i >= 200) {
      clearInterval(timer);
      socket.destroy();
      return;
    }
    send(socket, h, lines ? `x-oss-drip-${i}: a\r\n` : text[i % text.length]!);
    i++;
  }, everyMs);
  socket.on('close', () => clearInterval(timer));
}

function answer(status: number, headers: Record<string, string | number>, body = ''): string {
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  return `HTTP/1.1 ${status} X\r\n${lines}\r\n${body}`;
}

const CHUNK = 'hello';
const CHUNK_CRC = crc64(CHUNK);

describe('c: the client against hostile servers', () => {
  let work: string;
  let asan: string;
  let plain: string;
  let chunkFile: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'ossgen-c-hostile-'));
    // The reliability driver (test/reliability/drivers/soak.c), from the shared driver cache: built once per content of OUT.
    [asan, plain] = await Promise.all([
      buildCDriver(work, OUT, { name: 'soak-c-asan', flags: ['-O1', '-g', ...SANITIZE] }),
      buildCDriver(work, OUT, { name: 'soak-c-debug', flags: ['-O1', '-g'] }),
    ]);
    chunkFile = join(work, 'chunk.bin');
    writeFileSync(chunkFile, CHUNK);
  }, 300_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** Runs a driver command (ASan build, or valgrind on the plain build); expects exit 0 and one JSON line per call. */
  async function driver(args: string[], env: NodeJS.ProcessEnv = {}, options: { valgrind?: boolean } = {}): Promise<Ran> {
    const fullEnv = { ...CREDENTIALS, OSSGEN_TIMEOUT_MS: '1000', OSSGEN_MAX_ATTEMPTS: '3', ...env };
    const r = options.valgrind ? await runAsync('valgrind', [...VALGRIND, plain, ...args], fullEnv) : await runAsync(asan, args, fullEnv);
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.lines.length, r.stdout).toBeGreaterThan(0);
    return r;
  }

  describe('redirects are never followed', () => {
    for (const status of [301, 302, 303, 307, 308]) {
      it(`a ${status} on an append and on a HEAD is a typed service error; the Location host is never contacted`, async () => {
        const elsewhere = await hostile((socket, _head, h) => send(socket, h, answer(200, { 'Content-Length': 0 })));
        const server = await hostile((socket, _head, h) =>
          send(socket, h, answer(status, { Location: `${elsewhere.url}/examplebucket/redirected`, 'Content-Length': 0 })),
        );
        try {
          const env = { OSS_SESSION_TOKEN: 'session-token' };
          for (const args of [['append-once', server.url, 'r.log', chunkFile], ['head', server.url, 'r.log']]) {
            const before = server.requests.length;
            const r = await driver(args, env);
            expect(r.lines[0]).toMatchObject({ ok: false, kind: 'service', status, code: '' });
            // Not retried, and nothing went to the other host.
            expect(server.requests.length - before).toBe(1);
          }
          expect(elsewhere.connections).toBe(0);
        } finally {
          await server.close();
          await elsewhere.close();
        }
      });
    }
  });

  describe('time limits', () => {
    it('a server dripping its headers one byte every 300 ms is cut at the 1 s timeout (append and HEAD)', async () => {
      const server = await hostile((socket, _head, h) => {
        send(socket, h, 'HTTP/1.1 200 OK\r\n');
        drip(socket, h, 'x-oss-drip: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
      });
      try {
        const once = await driver(['append-once', server.url, 'drip.log', chunkFile]);
        expect(once.lines[0]).toMatchObject({ ok: false, kind: 'timeout' });
        expect(once.ms).toBeLessThan(5_000);
        const head = await driver(['head', server.url, 'drip.log'], { OSSGEN_MAX_ATTEMPTS: '1' });
        expect(head.lines[0]).toMatchObject({ ok: false, kind: 'timeout' });
        expect(head.ms).toBeLessThan(5_000);
      } finally {
        await server.close();
      }
    });

    it('a server sending a header line every 300 ms (never idle) is cut at the 1 s timeout', async () => {
      const server = await hostile((socket, _head, h) => {
        send(socket, h, 'HTTP/1.1 200 OK\r\n');
        drip(socket, h, '', 300, true);
      });
      try {
        const once = await driver(['append-once', server.url, 'drip.log', chunkFile]);
        expect(once.lines[0]).toMatchObject({ ok: false, kind: 'timeout' });
        expect(once.ms).toBeLessThan(5_000);
        const head = await driver(['head', server.url, 'drip.log'], { OSSGEN_MAX_ATTEMPTS: '1' });
        expect(head.lines[0]).toMatchObject({ ok: false, kind: 'timeout' });
        expect(head.ms).toBeLessThan(5_000);
      } finally {
        await server.close();
      }
    });

    it('an error body dripped one byte every 300 ms is cut at the 1 s timeout', async () => {
      const server = await hostile((socket, _head, h) => {
        send(socket, h, answer(409, { 'Content-Length': 100_000, 'Content-Type': 'application/xml' }));
        drip(socket, h, '<Error><Code>PositionNotEqualToLength</Code>');
      });
      try {
        const r = await driver(['append-once', server.url, 'drip.log', chunkFile]);
        expect(r.lines[0]).toMatchObject({ ok: false, kind: 'timeout' });
        expect(r.ms).toBeLessThan(5_000);
      } finally {
        await server.close();
      }
    });

    it('a GET success body streams past timeout_ms as long as it keeps moving', async () => {
      const piece = 'x'.repeat(1000);
      const server = await hostile((socket, _head, h) => {
        send(socket, h, answer(200, { 'Content-Length': piece.length * 12 }));
        let sent = 0;
        const timer = setInterval(() => {
          if (socket.destroyed || sent === 12) {
            clearInterval(timer);
            return;
          }
          send(socket, h, piece);
          sent++;
        }, 250);
      });
      try {
        // 3 s of body under a 1 s limit: fine, the connection is never idle for 1 s.
        const r = await driver(['get', server.url, 'big.log']);
        expect(r.lines[0]).toEqual({ ok: true, next: 12_000, crc: crc64(piece.repeat(12)) });
        expect(r.ms).toBeGreaterThan(2_500);
      } finally {
        await server.close();
      }
    });

    it('a GET success body that stalls is cut by the idle limit', async () => {
      const server = await hostile((socket, _head, h) => {
        send(socket, h, answer(200, { 'Content-Length': 10_000 }, 'x'.repeat(100)));
      });
      try {
        const r = await driver(['get', server.url, 'stall.log'], { OSSGEN_MAX_ATTEMPTS: '1' });
        expect(r.lines[0]).toMatchObject({ ok: false, kind: 'timeout' });
        expect(r.ms).toBeLessThan(5_000);
      } finally {
        await server.close();
      }
    });

    it('operation_timeout_ms bounds a whole call, retries included', async () => {
      const server = await hostile((socket, _head, h) => {
        send(socket, h, 'HTTP/1.1 200 OK\r\n');
        drip(socket, h, 'x-oss-drip: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 100);
      });
      try {
        // Each attempt may take 5 s; the call as a whole only 1.5 s.
        const r = await driver(['head', server.url, 'slow.log'], { OSSGEN_TIMEOUT_MS: '5000', OSSGEN_MAX_ATTEMPTS: '5', OSSGEN_OPERATION_TIMEOUT_MS: '1500' });
        expect(r.lines[0]).toMatchObject({ ok: false, kind: 'timeout' });
        expect(r.lines[0]!.message).toContain('operation_timeout_ms');
        expect(r.ms).toBeLessThan(4_500);
        expect(server.requests.length).toBe(1);
      } finally {
        await server.close();
      }
    });
  });

  describe('error bodies are bounded', () => {
    it('an endless error body is read to 64 KiB, then the connection is dropped; the typed error comes from what was read', async () => {
      const server = await hostile((socket, _head, h) => {
        send(socket, h, answer(403, { 'Content-Type': 'application/xml', 'Transfer-Encoding': 'chunked' }));
        const piece = Buffer.from('<Error><Code>AccessDenied</Code><Message>no</Message>' + '<a>'.repeat(20_000));
        const frame = Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]);
        // Writes while the client reads, up to 2 GiB: the client has to stop it.
        const pump = () => {
          while (!socket.destroyed && h.bytesWritten < 2 ** 31) {
            if (!send(socket, h, frame)) return;
            if (socket.writableLength > 1 << 20) {
              socket.once('drain', pump);
              return;
            }
          }
        };
        pump();
      });
      try {
        const r = await driver(['append-once', server.url, 'endless.log', chunkFile], { OSSGEN_TIMEOUT_MS: '10000' });
        expect(r.lines[0]).toMatchObject({ ok: false, kind: 'service', code: 'AccessDenied', status: 403 });
        expect(r.ms).toBeLessThan(3_000);
        // 64 KiB read, plus what sits in the kernel's socket buffers and Node's write queue.
        expect(server.bytesWritten).toBeLessThan(16 * 1024 * 1024);
      } finally {
        await server.close();
      }
    });

    it('endless response headers are refused as a protocol error once they pass 256 KiB', async () => {
      const server = await hostile((socket, _head, h) => {
        send(socket, h, 'HTTP/1.1 200 OK\r\n');
        const line = `x-oss-meta-flood: ${'a'.repeat(1000)}\r\n`.repeat(64);
        const pump = () => {
          while (!socket.destroyed && h.bytesWritten < 2 ** 31) {
            if (!send(socket, h, line)) return;
            if (socket.writableLength > 1 << 20) {
              socket.once('drain', pump);
              return;
            }
          }
        };
        pump();
      });
      try {
        const r = await driver(['head', server.url, 'flood.log'], { OSSGEN_TIMEOUT_MS: '10000', OSSGEN_MAX_ATTEMPTS: '1' });
        expect(r.lines[0]).toMatchObject({ ok: false, kind: 'protocol' });
        expect(r.ms).toBeLessThan(3_000);
        expect(server.bytesWritten).toBeLessThan(16 * 1024 * 1024);
      } finally {
        await server.close();
      }
    });

    it('a 409 whose body is not an <Error> document, or that has no body, is the base service error with code "" (never FileAlreadyExists)', async () => {
      for (const [body, headers] of [
        ['not xml at all', { 'Content-Type': 'text/plain' }],
        ['', {}],
        ['<html><Code>FileAlreadyExists</Code></html>', {}],
      ] as const) {
        const server = await hostile((socket, _head, h) => send(socket, h, answer(409, { ...headers, 'Content-Length': Buffer.byteLength(body) }, body)));
        try {
          const r = await driver(['append-once', server.url, 'conflict.log', chunkFile], {}, { valgrind: body === '' });
          expect(r.lines[0]).toMatchObject({ ok: false, kind: 'service', status: 409, code: '', class: 'UnmodeledServiceError' });
        } finally {
          await server.close();
        }
      }
    });

    it('bad character references and unclosed tags never crash the parser and keep the code', async () => {
      const body = `<Error><Code>AccessDenied</Code><Message>&#x110000; &#0; &bogus; &#xD800; &#128512; &amp</Message><a><b><c>${'<x'.repeat(10_000)}</Error>`;
      const server = await hostile((socket, _head, h) => send(socket, h, answer(403, { 'Content-Length': Buffer.byteLength(body) }, body)));
      try {
        const r = await driver(['append-once', server.url, 'refs.log', chunkFile], {}, { valgrind: true });
        expect(r.lines[0]).toMatchObject({ ok: false, kind: 'service', code: 'AccessDenied', status: 403 });
        expect(r.lines[0]!.message).toBe('&#x110000; &#0; &bogus; &#xD800; \u{1F600} &amp');
      } finally {
        await server.close();
      }
    });
  });

  describe('what a 2xx says is checked', () => {
    const crcHeader = { 'x-oss-hash-crc64ecma': CHUNK_CRC };
    const cases: [string, Record<string, string | number>, string][] = [
      ['next position +1000', { 'x-oss-next-append-position': 1005, ...crcHeader }, 'protocol'],
      ['next position 0', { 'x-oss-next-append-position': 0, ...crcHeader }, 'protocol'],
      ['next position -7', { 'x-oss-next-append-position': -7, ...crcHeader }, 'protocol'],
      ['next position " 5"', { 'x-oss-next-append-position': '+5', ...crcHeader }, 'protocol'],
      ['no next position', { ...crcHeader }, 'protocol'],
      ['an empty 200', {}, 'protocol'],
      ['no CRC header', { 'x-oss-next-append-position': 5 }, 'protocol'],
      ['a CRC that is not a number', { 'x-oss-next-append-position': 5, 'x-oss-hash-crc64ecma': '-1' }, 'protocol'],
      ['a wrong CRC', { 'x-oss-next-append-position': 5, 'x-oss-hash-crc64ecma': '12345' }, 'integrity'],
    ];
    for (const [name, headers, kind] of cases) {
      it(`an append answered with ${name} is a ${kind} error`, async () => {
        const server = await hostile((socket, _head, h) => send(socket, h, answer(200, { ...headers, 'Content-Length': 0 })));
        try {
          const r = await driver(['append-once', server.url, 'checked.log', chunkFile]);
          expect(r.lines[0]).toMatchObject({ ok: false, kind });
        } finally {
          await server.close();
        }
      });
    }

    it('the control: a consistent answer is accepted', async () => {
      const server = await hostile((socket, _head, h) => send(socket, h, answer(200, { 'x-oss-next-append-position': 5, ...crcHeader, 'Content-Length': 0 })));
      try {
        const r = await driver(['append-once', server.url, 'checked.log', chunkFile]);
        expect(r.lines[0]).toEqual({ ok: true, next: 5, crc: CHUNK_CRC });
      } finally {
        await server.close();
      }
    });

    it('a HEAD without a usable position is a protocol error, never 0', async () => {
      for (const headers of [{ 'x-oss-object-type': 'Appendable' }, { 'x-oss-object-type': 'Appendable', 'Content-Length': '-7' }, { 'x-oss-next-append-position': 'x', 'Content-Length': 3 }] as Record<string, string | number>[]) {
        const server = await hostile((socket, _head, h) => {
          send(socket, h, answer(200, headers));
          socket.end();
        });
        try {
          const head = await driver(['head', server.url, 'h.log']);
          expect(head.lines[0]).toMatchObject({ ok: false, kind: 'protocol' });
          const appender = await driver(['appender', server.url, 'h.log', chunkFile]);
          expect(appender.lines[0]).toMatchObject({ ok: false, kind: 'protocol' });
        } finally {
          await server.close();
        }
      }
    });
  });

  describe('a response cut short is a network error (an unknown outcome: probed, never resent blindly)', () => {
    const cases: [string, (socket: Socket, h: Hostile) => void][] = [
      ['fewer bytes than Content-Length', (s, h) => { send(s, h, answer(200, { 'x-oss-next-append-position': 5, 'x-oss-hash-crc64ecma': CHUNK_CRC, 'Content-Length': 100 }, 'short')); s.end(); }],
      ['an error body cut short', (s, h) => { send(s, h, answer(409, { 'Content-Length': 100 }, '<Error><Code>PositionNot')); s.end(); }],
      ['bad chunked framing', (s, h) => { send(s, h, answer(200, { 'x-oss-next-append-position': 5, 'x-oss-hash-crc64ecma': CHUNK_CRC, 'Transfer-Encoding': 'chunked' }, 'zz\r\nnot a chunk\r\n')); s.end(); }],
      ['headers cut off before their end', (s, h) => { send(s, h, 'HTTP/1.1 200 OK\r\nx-oss-request-id: 1\r\n'); s.destroy(); }],
      ['a reset', (s) => s.resetAndDestroy()],
      ['nothing at all', (s) => s.end()],
    ];
    for (const [name, act] of cases) {
      it(`${name}`, async () => {
        const server = await hostile((socket, _head, h) => act(socket, h));
        try {
          const r = await driver(['append-once', server.url, 'cut.log', chunkFile]);
          expect(r.lines[0]).toMatchObject({ ok: false, kind: 'network' });
          // The append went once; then only probes (HEAD, cut short as well), which cannot settle the outcome.
          expect(server.requests[0]).toMatch(/^POST /);
          expect(server.requests.slice(1).length).toBeGreaterThan(0);
          expect(server.requests.slice(1).every((r) => r.startsWith('HEAD '))).toBe(true);
        } finally {
          await server.close();
        }
      });
    }
  });

  describe('credentials are header material', () => {
    const cases: [string, NodeJS.ProcessEnv, string][] = [
      ['a session token with CR/LF', { OSS_SESSION_TOKEN: 'tok-SECRETPART\r\nx-oss-injected: 1' }, 'OSS_SESSION_TOKEN'],
      ['a session token with a trailing newline', { OSS_SESSION_TOKEN: 'tok-SECRETPART\n' }, 'OSS_SESSION_TOKEN'],
      ['a secret with a trailing newline', { OSS_ACCESS_KEY_SECRET: 'sk-SECRETPART\n' }, 'OSS_ACCESS_KEY_SECRET'],
      ['an access key id with a space', { OSS_ACCESS_KEY_ID: 'ak SECRETPART' }, 'OSS_ACCESS_KEY_ID'],
      ['a secret with a NUL-free control byte', { OSS_ACCESS_KEY_SECRET: 'sk\u0007SECRETPART' }, 'OSS_ACCESS_KEY_SECRET'],
    ];
    for (const [name, env, setting] of cases) {
      it(`${name} is refused before any request, naming the setting and not the value`, async () => {
        const server = await hostile((socket, _head, h) => send(socket, h, answer(200, { 'Content-Length': 0 })));
        try {
          for (const args of [['append-once', server.url, 'cred.log', chunkFile], ['head', server.url, 'cred.log']]) {
            const r = await driver(args, env);
            expect(r.lines[0]).toMatchObject({ ok: false, kind: 'validation' });
            expect(r.lines[0]!.message).toContain(setting);
            expect(r.stdout + r.stderr).not.toContain('SECRETPART');
            expect(r.stdout + r.stderr).not.toContain('injected');
          }
          expect(server.connections).toBe(0);
        } finally {
          await server.close();
        }
      });
    }
  });

  describe('unknown outcome vs lost race (two writers on the simulator)', () => {
    let sim: MockServer;
    beforeAll(async () => {
      sim = await startMock({ mode: 'sim' });
    });
    afterAll(async () => {
      await sim?.close();
    });

    type Fate = { kind: 'pass' } | { kind: 'lose' | 'drop'; then: () => Promise<unknown> };

    /**
     * A proxy in front of the simulator. fate(n) decides the n-th append (1-based): pass it; 'lose' it (forward,
     * run `then` once the simulator stored it, then cut the answer short); or 'drop' it (run `then`, reset the
     * connection, never forward). After a lost answer, the next `failHeads` HEADs are reset too.
     */
    async function proxy(fate: (n: number) => Fate, failHeads = 0) {
      let appends = 0;
      let headsToFail = 0;
      const seen: string[] = [];
      const server = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
        const chunks: Buffer[] = [];
        req.on('data', (d: Buffer) => chunks.push(d));
        req.on('end', () => {
          void (async () => {
            const isAppend = req.method === 'POST' && /[?&]append/.test(req.url ?? '');
            const f: Fate = isAppend ? fate(++appends) : { kind: 'pass' };
            seen.push(req.method ?? '');
            if (req.method === 'HEAD' && headsToFail > 0) {
              headsToFail--;
              req.socket.resetAndDestroy();
              return;
            }
            if (f.kind === 'drop') {
              await f.then();
              headsToFail = failHeads;
              req.socket.resetAndDestroy();
              return;
            }
            const target = new URL(sim.url);
            const upstream = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
              const body: Buffer[] = [];
              up.on('data', (d: Buffer) => body.push(d));
              up.on('end', () => {
                void (async () => {
                  if (f.kind === 'lose') {
                    await f.then();
                    headsToFail = failHeads;
                    // Stored, but the answer is cut short: fewer bytes than its Content-Length.
                    req.socket.end('HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\ncut');
                    return;
                  }
                  res.writeHead(up.statusCode ?? 502, up.headers);
                  res.end(Buffer.concat(body));
                })();
              });
            });
            upstream.end(Buffer.concat(chunks));
          })();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      return {
        url: `http://127.0.0.1:${address.port}`,
        seen,
        close: () =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      };
    }

    function files(parts: Record<string, string>): Record<string, string> {
      const out: Record<string, string> = {};
      for (const [name, text] of Object.entries(parts)) {
        out[name] = join(work, `${name}.bin`);
        writeFileSync(out[name]!, text);
      }
      return out;
    }

    /** The object as the simulator has it: length and CRC-64, through a direct HEAD. */
    async function stored(key: string): Promise<Outcome> {
      const r = await runAsync(plain, ['head', sim.url, key], CREDENTIALS);
      return r.lines[0]!;
    }

    /** Writer B: its own appender, straight to the simulator. */
    const writerB = (key: string, file: string) => () => runAsync(plain, ['appender', sim.url, key, file], CREDENTIALS);

    it("A's chunk landed but its answer was cut short, and B appended before A's probe: A is told it landed, and A B A is never written", async () => {
      const key = 'race/landed.log';
      const f = files({ a1: 'AAAAAAAA', a2: 'aaaa', b: 'BBBBBBBBBBBB' });
      const front = await proxy((n) => (n === 1 ? { kind: 'lose', then: writerB(key, f.b!) } : { kind: 'pass' }));
      try {
        const r = await driver(['appender-each', front.url, key, f.a1!, f.a2!], {}, { valgrind: true });
        // The first append landed (verified by reading its range back); the second meets B's bytes.
        expect(r.lines[0]).toMatchObject({ ok: true, next: 8 });
        expect(r.lines[1]).toMatchObject({ ok: false, kind: 'service', code: 'PositionNotEqualToLength', nextAppendPosition: 20 });
        expect(await stored(key)).toMatchObject({ ok: true, next: 20, crc: crc64('AAAAAAAA' + 'BBBBBBBBBBBB') });
      } finally {
        await front.close();
      }
    });

    it("A's chunk never arrived and B appended in its place: A gets PositionNotEqualToLength (verified absent), nothing duplicated", async () => {
      const key = 'race/absent.log';
      const f = files({ a1: 'AAAAAAAA', b: 'BBBBBBBBBBBB' });
      const front = await proxy((n) => (n === 1 ? { kind: 'drop', then: writerB(key, f.b!) } : { kind: 'pass' }));
      try {
        const r = await driver(['appender', front.url, key, f.a1!]);
        expect(r.lines[0]).toMatchObject({ ok: false, kind: 'service', code: 'PositionNotEqualToLength', nextAppendPosition: 12 });
        expect(r.lines[0]!.message).toContain('verified absent');
        expect(await stored(key)).toMatchObject({ ok: true, next: 12, crc: crc64('BBBBBBBBBBBB') });
      } finally {
        await front.close();
      }
    });

    it('an unknown outcome the probe cannot settle is reported as the original network error, and the next append settles it first', async () => {
      const key = 'race/pending.log';
      const f = files({ a1: 'AAAAAAAA', a2: 'aaaa' });
      // The first answer is cut short and the three HEADs of the probe are reset.
      const front = await proxy((n) => (n === 1 ? { kind: 'lose', then: async () => {} } : { kind: 'pass' }), 3);
      try {
        const r = await driver(['appender-each', front.url, key, f.a1!, f.a2!]);
        expect(r.lines[0]).toMatchObject({ ok: false, kind: 'network' });
        expect(r.lines[1]).toEqual({ ok: true, next: 12, crc: crc64('AAAAAAAAaaaa') });
        expect(await stored(key)).toMatchObject({ ok: true, next: 12, crc: crc64('AAAAAAAAaaaa') });
      } finally {
        await front.close();
      }
    });

    it('the caller retrying a chunk whose outcome stayed unknown: it landed, so it is not sent again (written once)', async () => {
      const key = 'race/retry-landed.log';
      const f = files({ a1: 'AAAAAAAA' });
      // The answer is cut short after the simulator stored the chunk, and the three HEADs of the probe are reset.
      const front = await proxy((n) => (n === 1 ? { kind: 'lose', then: async () => {} } : { kind: 'pass' }), 3);
      try {
        const r = await driver(['appender-each', front.url, key, f.a1!, f.a1!], {}, { valgrind: true });
        expect(r.lines[0]).toMatchObject({ ok: false, kind: 'network' });
        expect(r.lines[1]).toEqual({ ok: true, next: 8, crc: crc64('AAAAAAAA') });
        expect(await stored(key)).toMatchObject({ ok: true, next: 8, crc: crc64('AAAAAAAA') });
        expect(front.seen.filter((m) => m === 'POST').length).toBe(1);
      } finally {
        await front.close();
      }
    });

    it('the caller retrying a chunk whose outcome stayed unknown: it did not land, so it is sent (written once)', async () => {
      const key = 'race/retry-absent.log';
      const f = files({ a1: 'AAAAAAAA' });
      // The append never reaches the simulator, and the three HEADs of the probe are reset.
      const front = await proxy((n) => (n === 1 ? { kind: 'drop', then: async () => {} } : { kind: 'pass' }), 3);
      try {
        const r = await driver(['appender-each', front.url, key, f.a1!, f.a1!]);
        expect(r.lines[0]).toMatchObject({ ok: false, kind: 'network' });
        expect(r.lines[1]).toEqual({ ok: true, next: 8, crc: crc64('AAAAAAAA') });
        expect(await stored(key)).toMatchObject({ ok: true, next: 8, crc: crc64('AAAAAAAA') });
      } finally {
        await front.close();
      }
    });

    it('one append call (not the appender) whose answer was cut short after it was stored reports success, sent once', async () => {
      const key = 'once/landed.log';
      const f = files({ a1: 'AAAAAAAA' });
      const front = await proxy((n) => (n === 1 ? { kind: 'lose', then: async () => {} } : { kind: 'pass' }));
      try {
        const r = await driver(['append-once', front.url, key, f.a1!], {}, { valgrind: true });
        expect(r.lines[0]).toEqual({ ok: true, next: 8, crc: crc64('AAAAAAAA') });
        expect(await stored(key)).toMatchObject({ ok: true, next: 8, crc: crc64('AAAAAAAA') });
        expect(front.seen.filter((m) => m === 'POST').length).toBe(1);
        expect(front.seen).toContain('HEAD');
      } finally {
        await front.close();
      }
    });

    it('one append call whose request never arrived is resent once the probe finds the object unchanged', async () => {
      const key = 'once/absent.log';
      const f = files({ a1: 'AAAAAAAA' });
      const front = await proxy((n) => (n === 1 ? { kind: 'drop', then: async () => {} } : { kind: 'pass' }));
      try {
        const r = await driver(['append-once', front.url, key, f.a1!]);
        expect(r.lines[0]).toEqual({ ok: true, next: 8, crc: crc64('AAAAAAAA') });
        expect(await stored(key)).toMatchObject({ ok: true, next: 8, crc: crc64('AAAAAAAA') });
        expect(front.seen.filter((m) => m === 'POST').length).toBe(2);
      } finally {
        await front.close();
      }
    });

    it('one append call: another writer appended in place of a chunk that never arrived: PositionNotEqualToLength, verified absent', async () => {
      const key = 'once/raced.log';
      const f = files({ a1: 'AAAAAAAA', b: 'BBBBBBBBBBBB' });
      const front = await proxy((n) => (n === 1 ? { kind: 'drop', then: writerB(key, f.b!) } : { kind: 'pass' }));
      try {
        const r = await driver(['append-once', front.url, key, f.a1!]);
        expect(r.lines[0]).toMatchObject({ ok: false, kind: 'service', code: 'PositionNotEqualToLength', nextAppendPosition: 12 });
        expect(r.lines[0]!.message).toContain('verified absent');
        expect(await stored(key)).toMatchObject({ ok: true, next: 12, crc: crc64('BBBBBBBBBBBB') });
      } finally {
        await front.close();
      }
    });

    it('one append call streaming from a pipe (cannot be read again) is neither compared nor resent: the unknown outcome is reported', async () => {
      const key = 'once/pipe.log';
      const f = files({ a1: 'AAAAAAAA' });
      const front = await proxy((n) => (n === 1 ? { kind: 'drop', then: async () => {} } : { kind: 'pass' }));
      try {
        const r = await driver(['append-once-pipe', front.url, key, f.a1!], {}, { valgrind: true });
        expect(r.lines[0]).toMatchObject({ ok: false, kind: 'network' });
        expect(front.seen).toEqual(['POST']);
      } finally {
        await front.close();
      }
    });
  });

  it('operation_timeout_ms cutting the recovery of a lost append short ends it with the timeout error', async () => {
    // The append's answer is cut short; every HEAD then drips a header line every 100 ms (never idle).
    const server = await hostile((socket, head, h) => {
      if (head.startsWith('POST ')) {
        socket.end('HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\ncut');
        return;
      }
      send(socket, h, 'HTTP/1.1 200 OK\r\n');
      drip(socket, h, '', 100, true);
    });
    try {
      const r = await driver(['append-once', server.url, 'deadline.log', chunkFile], { OSSGEN_TIMEOUT_MS: '5000', OSSGEN_OPERATION_TIMEOUT_MS: '1500' });
      expect(r.lines[0]).toMatchObject({ ok: false, kind: 'timeout' });
      expect(r.lines[0]!.message).toContain('operation_timeout_ms');
      expect(r.ms).toBeLessThan(4_500);
      expect(server.requests.filter((q) => q.startsWith('POST ')).length).toBe(1);
    } finally {
      await server.close();
    }
  });
});

/** CRC-64/XZ, bit by bit, so the test does not trust the client's CRC. */
function crc64(text: string): string {
  const poly = 0xc96c5795d7870f42n;
  const mask = (1n << 64n) - 1n;
  let c = mask;
  for (const b of Buffer.from(text)) {
    c ^= BigInt(b);
    for (let i = 0; i < 8; i++) c = c & 1n ? (c >> 1n) ^ poly : c >> 1n;
  }
  return (c ^ mask).toString();
}
