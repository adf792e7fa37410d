/**
 * A hostile HTTP front for the simulator: every request reaches `handle`, which may forward it to
 * the simulator untouched, forward it and then lie about or lose the answer, or answer by itself
 * (redirects, dripped bytes, endless or malformed error bodies). It counts what it saw, so a suite
 * can tell that a client never retried a redirect or never sent a request at all. Loopback only;
 * every loop it runs is bounded in bytes and time and stops when the client goes away.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One JSON line of a driver (drivers/soak.*) for `append-once`, `appender` and `head` (see README.md here). */
export interface DriverResult {
  ok: boolean;
  next?: number;
  crc?: string | null;
  kind?: string;
  class?: string;
  code?: string;
  status?: number;
  message?: string;
  nextAppendPosition?: number;
}

export interface Forwarded {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface Exchange {
  /** 0-based index of this request on the server. */
  index: number;
  method: string;
  /** Path and query as sent. */
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** True for an append (`?append`). */
  isAppend: boolean;
  res: ServerResponse;
  socket: Socket;
  /** Sends the request on to the simulator and returns its whole answer (not yet relayed). */
  forward(): Promise<Forwarded>;
  /** Relays an answer (possibly edited) to the client with a correct Content-Length. */
  relay(answer: Forwarded): void;
}

export type Handler = (ex: Exchange) => unknown;

export interface HostileServer {
  url: string;
  /** Requests seen, as `METHOD path?query`. */
  seen: string[];
  /** Bytes a handler managed to push into the client's socket with `drip` or `flood`. */
  pushed: { bytes: number };
  setHandler(handler: Handler): void;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

export async function startHostileServer(upstream: string): Promise<HostileServer> {
  const target = new URL(upstream);
  let handler: Handler = async (ex) => ex.relay(await ex.forward());
  const seen: string[] = [];
  const pushed = { bytes: 0 };
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => undefined);
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = req.url ?? '/';
      const index = seen.length;
      seen.push(`${req.method} ${url}`);
      const ex: Exchange = {
        index,
        method: req.method ?? 'GET',
        url,
        headers: req.headers,
        body,
        isAppend: /[?&]append(?:[&=]|$)/.test(url),
        res,
        socket: req.socket,
        forward: () => forward(target, req, url, body),
        relay: (answer) => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(k)) headers[k] = v;
          headers['content-length'] = String(answer.body.length);
          res.writeHead(answer.status, headers);
          res.end(req.method === 'HEAD' ? undefined : answer.body);
        },
      };
      Promise.resolve(handler(ex)).catch(() => req.socket.destroy());
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    pushed,
    setHandler(h) {
      handler = h;
      seen.length = 0;
      pushed.bytes = 0;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function forward(target: URL, req: IncomingMessage, url: string, body: Buffer): Promise<Forwarded> {
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
  if (req.method !== 'GET' && req.method !== 'HEAD') headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const up = http.request({ hostname: target.hostname, port: target.port, method: req.method, path: url, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    up.on('error', reject);
    up.end(body.length > 0 ? body : undefined);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Writes `bytes` into the raw socket one byte every `everyMs`, for at most `maxMs`; stops when the
 * client closes. Counts what it wrote in `pushed`.
 */
export async function drip(socket: Socket, bytes: string, pushed: { bytes: number }, everyMs = 300, maxMs = 30_000): Promise<void> {
  const started = Date.now();
  for (let i = 0; i < bytes.length && Date.now() - started < maxMs; i++) {
    if (socket.destroyed || !socket.writable) return;
    socket.write(bytes[i]!);
    pushed.bytes++;
    await sleep(everyMs);
  }
  socket.destroy();
}

/**
 * Answers with `head` and then an endless stream of `unit` (respecting back-pressure), for at most
 * `maxBytes` or `maxMs`, stopping when the client goes away.
 */
export async function flood(socket: Socket, head: string, unit: string, pushed: { bytes: number }, maxBytes = 256 * 1024 * 1024, maxMs = 20_000): Promise<void> {
  const started = Date.now();
  const block = Buffer.from(unit.repeat(Math.max(1, Math.floor(16384 / unit.length))));
  const closed = new Promise<boolean>((r) => socket.once('close', () => r(false)));
  const deadline = sleep(maxMs).then(() => false);
  socket.write(head);
  while (!socket.destroyed && socket.writable && pushed.bytes < maxBytes && Date.now() - started < maxMs) {
    pushed.bytes += block.length;
    if (!socket.write(block)) {
      const drained = await Promise.race([new Promise<boolean>((r) => socket.once('drain', () => r(true))), closed, deadline]);
      if (!drained) break;
    }
  }
  socket.destroy();
}
