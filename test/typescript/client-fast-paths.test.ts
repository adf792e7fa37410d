/**
 * The per-append shortcuts of the generated Node client (issue #21, 1 KiB appends) keep its contracts:
 * static credentials checked once are checked again when a value in them changes (and a request is
 * signed with the values of the moment), an append started with nothing queued still lands in call
 * order with appends queued behind it and after a failed one, and the object key's length bounds hold
 * where the key is not encoded to count its bytes. The default transport over node:http: sequential
 * appends reuse one connection, its answer deadlines (one timer per transport) still fire for a request
 * sent after an earlier one was answered, and a pooled connection keeps the client's idle limit after a
 * server's shorter `Keep-Alive: timeout` hint. The idle limit kept by the transport's own sockets (no
 * timer per request): a stalled download fails, one whose bytes keep coming does not; a pooled connection
 * is closed idle past the limit or the server's hint, and kept when reused within it; a request with its
 * own timeoutMs keeps it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { Appender, Crc64, IntegrityError, NetworkError, NodeTransport, OssClient, ServiceError, TimeoutError, ValidationError, type Credentials, type Transport, type TransportRequest, type TransportResponse } from '../../out/ts/src/index.js';

/** A transport that stores what it is sent and answers an append as the service would (a failure when `fail` says so). */
function appendSink(fail: (request: TransportRequest) => boolean = () => false) {
  const requests: TransportRequest[] = [];
  const crc = new Crc64();
  let length = 0;
  const transport: Transport = async (request): Promise<TransportResponse> => {
    requests.push({ ...request, headers: { ...request.headers } });
    const body = Readable.from([]);
    if (fail(request)) return { status: 403, headers: { 'content-type': 'application/xml' }, body: Readable.from(['<Error><Code>AccessDenied</Code></Error>']) };
    const bytes = request.body as Uint8Array;
    crc.update(bytes);
    length += bytes.byteLength;
    return { status: 200, headers: { 'x-oss-next-append-position': String(length), 'x-oss-hash-crc64ecma': crc.digest().toString() }, body };
  };
  return { transport, requests };
}

const client = (credentials: Credentials, transport: Transport) =>
  new OssClient({ endpoint: 'http://127.0.0.1:1', bucket: 'examplebucket', credentials, transport, retry: { maxAttempts: 1 } });

describe('static credentials checked once', () => {
  it('are checked again, and signed with, when a value in them changes', async () => {
    const credentials: Credentials = { accessKeyId: 'ak', accessKeySecret: 'sk' };
    const { transport, requests } = appendSink();
    const oss = client(credentials, transport);
    await oss.appendObject({ key: 'k', position: 0, body: 'a' });
    credentials.accessKeySecret = 'other';
    await oss.appendObject({ key: 'k', position: 1, body: 'b' });
    const signature = (r: TransportRequest) => r.headers.authorization!.split('Signature=')[1];
    // Same request shape, another secret: another signature (the same would mean a stale secret).
    expect(signature(requests[1]!)).not.toBe(signature(requests[0]!));
    credentials.accessKeySecret = 'sk\r\nx-injected: 1';
    const err = await oss.appendObject({ key: 'k', position: 2, body: 'c' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).rule).toBe('credentials.printable');
    expect(String((err as Error).message)).not.toContain('injected');
    credentials.securityToken = 'bad token';
    credentials.accessKeySecret = 'sk';
    const tokenErr = await oss.appendObject({ key: 'k', position: 2, body: 'c' }).catch((e: unknown) => e);
    expect((tokenErr as ValidationError).rule).toBe('credentials.printable');
    expect(requests).toHaveLength(2);
  });
});

describe('Appender queue', () => {
  it('keeps call order for appends made without waiting, before and after a failed one, and whenIdle waits for all', async () => {
    let calls = 0;
    const { transport, requests } = appendSink(() => ++calls === 3);
    const oss = client({ accessKeyId: 'ak', accessKeySecret: 'sk' }, transport);
    const appender = new Appender(oss, { key: 'k' }, 0, 0n);
    const first = [appender.append(Buffer.from('aa')), appender.append('bbb')];
    const failed = appender.append('cccc');
    const after = appender.append('d');
    await Promise.all(first);
    await expect(failed).rejects.toThrow();
    await after;
    await appender.whenIdle();
    expect(requests.map((r) => r.path.match(/position=(\d+)/)![1])).toEqual(['0', '2', '5', '5']);
    expect(appender.position).toBe(6);
    // Idle again: the next append starts at once and still lands after the others.
    await appender.append(Buffer.from('ee'));
    expect(appender.position).toBe(8);
  });
});

/** Microtask turns from a transport's answer until `promise` settles (a deterministic count, not a time). */
async function turnsToSettle(answer: () => void, promise: Promise<unknown>): Promise<number> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  answer();
  let turns = 0;
  while (!settled && turns < 100) {
    await Promise.resolve();
    turns++;
  }
  return turns;
}

/** A transport whose answers the test releases (`answer()`), each the service's answer to an append of `bytes` bytes. */
function heldSink() {
  const crc = new Crc64();
  let length = 0;
  const held: Array<() => void> = [];
  const transport: Transport = (request) =>
    new Promise<TransportResponse>((resolve) => {
      held.push(() => {
        crc.update(request.body as Uint8Array);
        length += (request.body as Uint8Array).byteLength;
        // An empty answer read to its end, as node:http's message is once it is complete (nothing left to wait for).
        const body = { complete: true, readableLength: 0, readableEnded: true, resume() {}, destroy() {}, on() {} } as unknown as Readable;
        resolve({ status: 200, headers: { 'x-oss-next-append-position': String(length), 'x-oss-hash-crc64ecma': crc.digest().toString() }, body });
      });
    });
  return { transport, answer: () => held.shift()!() };
}

describe('promise layers of a call nothing can cancel', () => {
  it('an append without signal, deadline or listener settles within 4 microtask turns of its answer; a cancellable one still ends (its timer cleared)', async () => {
    const { transport, answer } = heldSink();
    const oss = client({ accessKeyId: 'ak', accessKeySecret: 'sk' }, transport);
    const first = oss.appendObject({ key: 'k', position: 0, body: Buffer.alloc(8) });
    await Promise.resolve();
    await Promise.resolve();
    answer();
    await first; // the credentials are checked now: later calls run to the transport at once
    const plain = oss.appendObject({ key: 'k', position: 8, body: Buffer.alloc(8) }, { previousCrc: (await first).hashCrc64ecma });
    // 4 turns; 5 when appendObject was an async function awaiting the request path (broken on purpose: fails).
    expect(await turnsToSettle(answer, plain)).toBeLessThanOrEqual(4);
    const timers = new Set<unknown>();
    const cleared: unknown[] = [];
    const { setTimeout: set, clearTimeout: clear } = globalThis;
    globalThis.setTimeout = ((fn: () => void, ms: number) => {
      const t = set(fn, ms);
      timers.add(t);
      return t;
    }) as typeof setTimeout;
    globalThis.clearTimeout = ((t: ReturnType<typeof setTimeout>) => {
      cleared.push(t);
      clear(t);
    }) as typeof clearTimeout;
    try {
      const bounded = oss.appendObject({ key: 'k', position: 16, body: Buffer.alloc(8) }, { operationTimeout: 60_000 });
      await Promise.resolve();
      answer();
      expect((await bounded).nextAppendPosition).toBe(24);
    } finally {
      globalThis.setTimeout = set;
      globalThis.clearTimeout = clear;
    }
    expect(timers.size).toBe(1);
    expect(cleared).toContain([...timers][0]);
    // A refused operationTimeout is a rejection, not a throw.
    const refused = oss.appendObject({ key: 'k', position: 24, body: 'x' }, { operationTimeout: -1 });
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
  });

  it('an appender with nothing queued after a failed append starts the next one at once (the transport called before append returns)', async () => {
    let calls = 0;
    const { transport, requests } = appendSink(() => ++calls === 2);
    const oss = client({ accessKeyId: 'ak', accessKeySecret: 'sk' }, transport);
    const appender = new Appender(oss, { key: 'k' }, 0, 0n);
    await appender.append(Buffer.from('aa'));
    await expect(appender.append(Buffer.from('bb'))).rejects.toThrow();
    await appender.whenIdle();
    const next = appender.append(Buffer.from('cc'));
    expect(requests).toHaveLength(3);
    await next;
    // whenIdle never rejects, even when the last append failed.
    calls = 1;
    const failing = appender.append(Buffer.from('dd')).catch((e: unknown) => e);
    await expect(appender.whenIdle()).resolves.toBeUndefined();
    expect(await failing).toBeInstanceOf(Error);
    await expect(appender.append(Buffer.from('ee'))).resolves.toBeDefined();
  });
});

describe('the CRC-64 remembered per object', () => {
  it('checks an append without previousCrc against the last believed answer for its object, across appends to another object', async () => {
    const objects = new Map<string, { crc: Crc64; length: number }>();
    let lie = false;
    const transport: Transport = async (request) => {
      const path = request.path.split('?')[0]!;
      const object = objects.get(path) ?? { crc: new Crc64(), length: 0 };
      objects.set(path, object);
      object.crc.update(request.body as Uint8Array);
      object.length += (request.body as Uint8Array).byteLength;
      const crc = lie ? '1' : object.crc.digest().toString();
      return { status: 200, headers: { 'x-oss-next-append-position': String(object.length), 'x-oss-hash-crc64ecma': crc }, body: Readable.from([]) };
    };
    const oss = client({ accessKeyId: 'ak', accessKeySecret: 'sk' }, transport);
    const positions: Record<string, number> = { a: 0, b: 0 };
    for (const key of ['a', 'a', 'a', 'b', 'a', 'b', 'b', 'a']) {
      await oss.appendObject({ key, position: positions[key]!, body: Buffer.from('xyz') });
      positions[key]! += 3;
    }
    // A wrong CRC-64 is caught only if this append was checked: against what the last append to `a` answered.
    lie = true;
    await expect(oss.appendObject({ key: 'a', position: positions.a!, body: Buffer.from('xyz') })).rejects.toBeInstanceOf(IntegrityError);
    await expect(oss.appendObject({ key: 'b', position: positions.b!, body: Buffer.from('xyz') })).rejects.toBeInstanceOf(IntegrityError);
  });
});

describe('object key length', () => {
  it('holds the UTF-8 byte bounds whether or not the key is encoded to count them', async () => {
    const { transport, requests } = appendSink();
    const oss = client({ accessKeyId: 'ak', accessKeySecret: 'sk' }, transport);
    const bytes = (key: string) => Buffer.byteLength(key, 'utf8');
    // 341 three-byte characters: 1023 bytes, at the bound and within it however they are counted.
    for (const key of ['€'.repeat(341), 'é'.repeat(511), 'a'.repeat(1023), '😀'.repeat(255)]) {
      expect(bytes(key)).toBeLessThanOrEqual(1023);
      await oss.appendObject({ key, position: 0, body: '' });
    }
    for (const key of ['€'.repeat(342), 'é'.repeat(512), 'a'.repeat(1024), '😀'.repeat(256), '']) {
      const err = await oss.appendObject({ key, position: 0, body: '' }).catch((e: unknown) => e);
      expect(err, JSON.stringify(key.slice(0, 4))).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).rule).toMatch(/^objectKey\.(maxBytes|minBytes)$/);
    }
    expect(requests).toHaveLength(4);
  });
});

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A node:http server answering appends as the service would (`answer` may delay or change an answer); counts its connections. */
async function appendServer(answer: (n: number, res: ServerResponse, headers: Record<string, string>) => void = (_n, res, headers) => res.writeHead(200, headers).end()) {
  const crc = new Crc64();
  let length = 0;
  let requests = 0;
  const state = { connections: 0, url: '' };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      crc.update(body);
      length += body.length;
      answer(++requests, res, { 'x-oss-next-append-position': String(length), 'x-oss-hash-crc64ecma': crc.digest().toString(), 'content-length': '0' });
    });
  });
  server.on('connection', () => state.connections++);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

const httpClient = (url: string, timeoutMs: number) =>
  new OssClient({ endpoint: url, bucket: 'examplebucket', credentials: { accessKeyId: 'ak', accessKeySecret: 'sk' }, timeoutMs, retry: { maxAttempts: 1 } });

describe('the default transport (node:http)', () => {
  it('sends sequential appends over one connection: an empty answer ends (its connection back in the pool) before the append resolves', async () => {
    const server = await appendServer();
    const oss = httpClient(server.url, 10_000);
    const appender = new Appender(oss, { key: 'k' }, 0, 0n);
    for (let i = 0; i < 20; i++) await appender.append(Buffer.alloc(1024, i));
    expect(appender.position).toBe(20 * 1024);
    expect(server.connections).toBe(1);
    oss.close();
  });

  it('fails a request whose answer headers drip past timeoutMs, sent after an earlier request was answered (one timer for all requests)', async () => {
    const server = await appendServer((n, res, headers) => {
      if (n === 1) return void res.writeHead(200, headers).end();
      // Headers one byte every 50 ms: the connection is never idle, only the answer deadline can end this.
      const text = 'HTTP/1.1 200 OK\r\nx-pad: ' + 'y'.repeat(200) + '\r\n\r\n';
      let i = 0;
      const timer = setInterval(() => (i < text.length && !res.socket!.destroyed ? res.socket!.write(text[i++]!) : clearInterval(timer)), 50);
      res.socket!.on('close', () => clearInterval(timer));
    });
    const oss = httpClient(server.url, 400);
    await oss.appendObject({ key: 'k', position: 0, body: 'a' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    const err = await oss.appendObject({ key: 'k', position: 1, body: 'b' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as Error).message).toContain('no complete response headers');
    expect(Date.now() - started).toBeLessThan(3000);
    oss.close();
  });

  it('gives repeated answer headers joined (Set-Cookie too) and the others as sent', async () => {
    const server = await appendServer((_n, res) => {
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.writeHead(403, { 'content-type': 'application/xml', 'x-oss-request-id': 'R1' }).end('<Error><Code>AccessDenied</Code><Message>no</Message></Error>');
    });
    const oss = httpClient(server.url, 10_000);
    const err = await oss.appendObject({ key: 'k', position: 0, body: 'a' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceError);
    expect((err as ServiceError).headers['set-cookie']).toBe('a=1, b=2');
    expect((err as ServiceError).headers['x-oss-request-id']).toBe('R1');
    oss.close();
  });

  it('sends each request to its own Host, whichever host the previous request went to', async () => {
    const one = await appendServer();
    const two = await appendServer();
    const transport = new NodeTransport(undefined, 10_000);
    const hosts = [one, two, two, one, two].map((s) => new URL(s.url).host);
    for (const [i, host] of hosts.entries()) {
      const response = await transport.send({ method: 'POST', protocol: 'http:', host, path: `/examplebucket/k${i}?append&position=0`, headers: { 'content-length': '1' }, body: Buffer.from('x'), timeoutMs: 10_000 });
      expect(response.status).toBe(200);
      await new Promise((resolve) => response.body.resume().on('end', resolve));
    }
    // Each server got its requests over its one pooled connection; none got the other's.
    expect([one.connections, two.connections]).toEqual([1, 1]);
    transport.close();
  });

  it("keeps the client's idle limit on a pooled connection after a server's shorter Keep-Alive hint", async () => {
    // `Keep-Alive: timeout=2`: node:http gives the pooled socket a 1 s idle limit; the second answer comes after 1.5 s.
    const server = await appendServer((n, res, headers) => {
      if (n === 1) return void res.writeHead(200, { ...headers, 'keep-alive': 'timeout=2' }).end();
      setTimeout(() => res.writeHead(200, headers).end(), 1500);
    });
    const oss = httpClient(server.url, 5_000);
    await oss.appendObject({ key: 'k', position: 0, body: 'a' });
    const out = await oss.appendObject({ key: 'k', position: 1, body: 'b' });
    expect(out.nextAppendPosition).toBe(2);
    expect(server.connections).toBe(1);
    oss.close();
  });
});

/** A node:http server whose GET answers `bytes` in `pieces` one every `everyMs` after the headers (0 pieces sent, it stalls); counts its connections open and closed. */
async function downloadServer(bytes: number, pieces: number, everyMs: number) {
  const state = { opened: 0, closed: 0, url: '' };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    res.writeHead(200, { 'content-length': String(bytes) });
    if (pieces === 0) return void res.flushHeaders();
    const piece = Buffer.alloc(bytes / pieces, 0x61);
    let sent = 0;
    const timer = setInterval(() => {
      if (res.destroyed) return clearInterval(timer);
      if (++sent === pieces) {
        clearInterval(timer);
        res.end(piece);
      } else res.write(piece);
    }, everyMs);
  });
  server.on('connection', (socket) => {
    state.opened++;
    socket.on('close', () => state.closed++);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

describe("the default transport's idle limit (kept by its agents' sockets, no timer per request)", () => {
  it('fails a download whose body stalls past the limit, and not one whose bytes keep coming for longer than the limit', async () => {
    const stalled = await downloadServer(10, 0, 0);
    const oss = httpClient(stalled.url, 300);
    const out = await oss.getObject({ key: 'k' });
    const started = Date.now();
    const err = await out.text().catch((e: unknown) => e);
    // node:http ends the answer of a destroyed connection as cut short ("aborted"): the download's error.
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as Error).message).toContain('cut short');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(Date.now() - started).toBeLessThan(3000);
    oss.close();
    // 10 pieces 100 ms apart: 1 s in use, never idle 300 ms.
    const dripping = await downloadServer(10, 10, 100);
    const slow = httpClient(dripping.url, 300);
    expect(await (await slow.getObject({ key: 'k' })).text()).toBe('a'.repeat(10));
    slow.close();
  });

  it('closes a pooled connection idle past the limit, and keeps one reused within it', async () => {
    const server = await appendServer();
    const oss = httpClient(server.url, 1500);
    await oss.appendObject({ key: 'k', position: 0, body: 'a' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await oss.appendObject({ key: 'k', position: 1, body: 'b' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await oss.appendObject({ key: 'k', position: 2, body: 'c' });
    // Reused twice within its limit: one connection.
    expect(server.connections).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await oss.appendObject({ key: 'k', position: 3, body: 'd' });
    // Idle 2.5 s in the pool: closed, the next append opened another.
    expect(server.connections).toBe(2);
    oss.close();
  });

  it("closes a pooled connection at a server's shorter Keep-Alive hint, and after a request with its own timeoutMs", async () => {
    // `Keep-Alive: timeout=2`: pooled, the connection is closed 1 s before the server would (node:http's margin).
    const hinted = await appendServer((_n, res, headers) => res.writeHead(200, { ...headers, 'keep-alive': 'timeout=2' }).end());
    const oss = httpClient(hinted.url, 10_000);
    await oss.appendObject({ key: 'k', position: 0, body: 'a' });
    await new Promise((resolve) => setTimeout(resolve, 1600));
    await oss.appendObject({ key: 'k', position: 1, body: 'b' });
    expect(hinted.connections).toBe(2);
    oss.close();
    // A request whose timeoutMs is not the transport's limit (node:http's per-request timer, cleared at its
    // end): the pooled connection gets the transport's limit back.
    const server = await appendServer();
    const transport = new NodeTransport(undefined, 1000);
    const host = new URL(server.url).host;
    for (let i = 0; i < 2; i++) {
      const response = await transport.send({ method: 'POST', protocol: 'http:', host, path: `/examplebucket/k?append&position=${i}`, headers: { 'content-length': '1' }, body: Buffer.from('x'), timeoutMs: 10_000 });
      await new Promise((resolve) => response.body.resume().on('end', resolve));
      if (i === 0) await new Promise((resolve) => setTimeout(resolve, 1800));
    }
    expect(server.connections).toBe(2);
    transport.close();
  });

  it("keeps a request's own timeoutMs, other than the transport's limit", async () => {
    const stalled = await downloadServer(10, 0, 0);
    const transport = new NodeTransport(undefined, 10_000);
    const host = new URL(stalled.url).host;
    const response = await transport.send({ method: 'GET', protocol: 'http:', host, path: '/examplebucket/k', headers: {}, body: undefined, timeoutMs: 300 });
    const started = Date.now();
    const err = await new Promise((resolve) => response.body.on('error', resolve).resume());
    expect((err as Error).message).toBe('aborted');
    // Its 300 ms, not the transport's 10 s.
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(Date.now() - started).toBeLessThan(3000);
    transport.close();
  });
});
