/**
 * Issue 17 item 7: every error the simulator gives is the service's shape, the model's error
 * document (`protocol.errorBody`) with the request id header, never a bare answer from Node's HTTP
 * parser. Covered here on raw sockets: bodies shorter than their Content-Length (ended by a
 * half-close, or stalled past the body timeout), malformed requests Node's parser refuses, and
 * operations the model does not have (501 with the request named). The codes come from the IR
 * (`protocol.errors.incompleteBody`, `.notImplemented`, `.invalidArgument`), never from literals.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type MockServer } from '../../generator/mock/index.js';
import { buildSigned, send, xmlField, type RawRequest, type RawResponse } from '../../generator/mock/raw-client.js';
import { append, BUCKET, head, ir, withMock } from './helpers.js';

const BODY_TIMEOUT_MS = 300;
const { errorBody, headers: protocolHeaders } = ir.protocol;
const requestIdHeader = protocolHeaders.requestId;
const incompleteBody = ir.protocol.errors.incompleteBody!;
const notImplemented = ir.protocol.errors.notImplemented!;
const invalidArgument = ir.protocol.errors.invalidArgument;

let mock: MockServer;
beforeAll(async () => {
  mock = await withMock({ bodyTimeoutMs: BODY_TIMEOUT_MS });
});
afterAll(async () => {
  await mock?.close();
});

/** An HTTP/1.1 answer read off a raw socket, split into status, lower-cased headers and body. */
function parseAnswer(text: string): RawResponse {
  const split = text.indexOf('\r\n\r\n');
  expect(split, `an HTTP answer, not ${JSON.stringify(text.slice(0, 200))}`).toBeGreaterThan(0);
  const [statusLine, ...lines] = text.slice(0, split).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(statusLine!)?.[1]), headers, body: Buffer.from(text.slice(split + 4), 'latin1') };
}

/**
 * Writes `bytes` on a fresh connection, then half-closes it (`end`) or keeps it open, and returns
 * what came back once the server closed the connection (or after `waitMs`).
 */
function exchange(bytes: string, { halfClose, waitMs = 3000, url = mock.url }: { halfClose: boolean; waitMs?: number; url?: string }): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const done = () => resolve(Buffer.concat(chunks).toString('latin1'));
    const timer = setTimeout(() => {
      socket.destroy();
      done();
    }, waitMs);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', () => {
      clearTimeout(timer);
      done();
    });
    socket.on('error', () => undefined);
    if (halfClose) socket.end(bytes);
    else socket.write(bytes);
  });
}

/** A signed request's head (path-style, this mock's host) declaring `contentLength` body bytes. */
function signedHead(req: RawRequest, contentLength: number, url = mock.url): string {
  const { path, headers } = buildSigned(req);
  const lines = [`${req.method} ${path} HTTP/1.1`, `Host: ${new URL(url).host}`];
  for (const [name, value] of Object.entries(headers)) if (name !== 'content-length') lines.push(`${name}: ${value}`);
  lines.push(`Content-Length: ${contentLength}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** The answer is the model's error document for `code`, with the request id in the header and the document alike. */
function expectErrorDocument(answer: RawResponse, code: string, status: number): void {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toBe('application/xml');
  const xml = answer.body.toString('utf8');
  expect(xml).toContain(`<${errorBody.root}>`);
  expect(xmlField(answer, errorBody.elements.code)).toBe(code);
  expect(xmlField(answer, errorBody.elements.message)?.length).toBeGreaterThan(0);
  const requestId = answer.headers[requestIdHeader];
  expect(requestId).toMatch(/^[0-9A-F]{24}$/);
  expect(xmlField(answer, errorBody.elements.requestId!)).toBe(requestId);
  expect(xmlField(answer, errorBody.elements.hostId!)?.length).toBeGreaterThan(0);
  expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
}

async function stillUp(): Promise<void> {
  const key = `alive-${Math.random().toString(36).slice(2)}`;
  expect((await append(mock.url, key, 0, 'ok')).status).toBe(200);
}

const appendQuery = (position: number) => [{ name: 'append' }, { name: 'position', value: String(position) }];

describe('a body shorter than its Content-Length', () => {
  // Declared, sent: nothing at all, one byte short, most of a larger body.
  const sizes: [declared: number, sent: number][] = [
    [10, 0],
    [10, 2],
    [4096, 4095],
    [200_000, 150_000],
  ];

  for (const [declared, sent] of sizes) {
    it(`declared ${declared}, sent ${sent}, half-closed: ${incompleteBody.status} ${incompleteBody.code} with the document; nothing stored`, async () => {
      const key = `short-half-${declared}-${sent}`;
      expect((await append(mock.url, key, 0, 'abc')).status).toBe(200);
      const request = signedHead({ method: 'POST', bucket: BUCKET, key, query: appendQuery(3) }, declared);
      const answer = parseAnswer(await exchange(request + 'x'.repeat(sent), { halfClose: true }));
      expectErrorDocument(answer, incompleteBody.code, incompleteBody.status);
      expect(answer.headers['connection']).toBe('close');
      if (incompleteBody.ec && protocolHeaders.errorCode) expect(answer.headers[protocolHeaders.errorCode]).toBe(incompleteBody.ec);
      expect(xmlField(answer, errorBody.elements.hostId!)).toContain(BUCKET);
      expect((await head(mock.url, key)).headers['content-length']).toBe('3');
      await stillUp();
    });

    it(`declared ${declared}, sent ${sent}, connection left open: ${incompleteBody.code} after the body timeout; nothing stored`, async () => {
      const key = `short-open-${declared}-${sent}`;
      expect((await append(mock.url, key, 0, 'abc')).status).toBe(200);
      const request = signedHead({ method: 'POST', bucket: BUCKET, key, query: appendQuery(3) }, declared);
      const started = Date.now();
      const answer = parseAnswer(await exchange(request + 'x'.repeat(sent), { halfClose: false }));
      expect(Date.now() - started).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS - 50);
      expectErrorDocument(answer, incompleteBody.code, incompleteBody.status);
      expect((await head(mock.url, key)).headers['content-length']).toBe('3');
      await stillUp();
    });
  }

  it('a whole-object PUT ended short is answered the same, and no object appears', async () => {
    const key = 'short-put';
    const answer = parseAnswer(await exchange(signedHead({ method: 'PUT', bucket: BUCKET, key }, 100) + 'abc', { halfClose: true }));
    expectErrorDocument(answer, incompleteBody.code, incompleteBody.status);
    expect((await head(mock.url, key)).status).toBe(404);
    await stillUp();
  });
});

describe('malformed requests Node’s parser refuses', () => {
  const malformed: [string, string][] = [
    ['a method that is not a token', 'G(T /examplebucket/k HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'],
    ['an unknown HTTP version', 'GET /examplebucket/k HTTP/7.1\r\nHost: 127.0.0.1\r\n\r\n'],
    ['garbage instead of a request line', 'NOT HTTP AT ALL\r\n\r\n'],
    ['a header line without a colon', 'GET /examplebucket/k HTTP/1.1\r\nHost: 127.0.0.1\r\nbroken header\r\n\r\n'],
    ['a non-numeric Content-Length', 'PUT /examplebucket/k HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ten\r\n\r\n'],
    ['both Content-Length and chunked', 'PUT /examplebucket/k HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc'],
    ['a bad chunk size', 'PUT /examplebucket/k HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n'],
    ['a control character in a header value', 'GET /examplebucket/k HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Bad: a\u0001b\r\n\r\n'],
  ];
  for (const [name, bytes] of malformed) {
    for (const halfClose of [false, true]) {
      it(`${name}${halfClose ? ' (half-closed)' : ''}: 400 ${invalidArgument.code} with the document and a request id`, async () => {
        const answer = parseAnswer(await exchange(bytes, { halfClose }));
        expectErrorDocument(answer, invalidArgument.code, 400);
        expect(answer.headers['connection']).toBe('close');
        await stillUp();
      });
    }
  }
});

describe('operations the model does not have', () => {
  const unsupported: [what: string, req: RawRequest][] = [
    ['PUT /examplebucket/k?acl', { method: 'PUT', bucket: BUCKET, key: 'k', query: [{ name: 'acl' }], body: '' }],
    ['POST /examplebucket/k?uploads', { method: 'POST', bucket: BUCKET, key: 'k', query: [{ name: 'uploads' }], body: '' }],
    ['GET /examplebucket?list-type=2', { method: 'GET', bucket: BUCKET, query: [{ name: 'list-type', value: '2' }] }],
    ['GET /examplebucket/k?tagging', { method: 'GET', bucket: BUCKET, key: 'k', query: [{ name: 'tagging' }] }],
    ['DELETE /examplebucket/k?uploadId=7', { method: 'DELETE', bucket: BUCKET, key: 'k', query: [{ name: 'uploadId', value: '7' }] }],
    ['POST /examplebucket/k?restore', { method: 'POST', bucket: BUCKET, key: 'k', query: [{ name: 'restore' }], body: '' }],
  ];
  for (const [what, req] of unsupported) {
    it(`${what}: ${notImplemented.status} ${notImplemented.code}, the message naming it`, async () => {
      const answer = await send(mock.url, req);
      expectErrorDocument(answer, notImplemented.code, notImplemented.status);
      expect(xmlField(answer, errorBody.elements.message)).toContain(what);
      await stillUp();
    });
  }

  it('a HEAD the model has no operation for carries the document in the body-less header', async () => {
    const answer = await send(mock.url, { method: 'HEAD', bucket: BUCKET, key: 'k', query: [{ name: 'acl' }] });
    expect(answer.status).toBe(notImplemented.status);
    expect(answer.body.length).toBe(0);
    expect(answer.headers[requestIdHeader]).toMatch(/^[0-9A-F]{24}$/);
    expect(xmlField(answer, errorBody.elements.code, errorBody.bodylessHeader)).toBe(notImplemented.code);
    expect(xmlField(answer, errorBody.elements.message, errorBody.bodylessHeader)).toContain('HEAD /examplebucket/k?acl');
  });
});

describe('the replaying mock answers the parser\'s errors the same way', () => {
  let replay: MockServer;
  beforeAll(async () => {
    replay = await startMock({ mode: 'fixtures', ir });
  });
  afterAll(async () => {
    await replay?.close();
  });

  it(`a malformed request: 400 ${invalidArgument.code} with the document and a request id`, async () => {
    const answer = parseAnswer(await exchange('NOT HTTP AT ALL\r\n\r\n', { halfClose: false, url: replay.url }));
    expectErrorDocument(answer, invalidArgument.code, 400);
  });

  it(`a body ended short by a half-close: ${incompleteBody.status} ${incompleteBody.code} with the document`, async () => {
    const request = signedHead({ method: 'POST', bucket: BUCKET, key: 'replay-short', query: appendQuery(0) }, 64, replay.url);
    const answer = parseAnswer(await exchange(`${request}abc`, { halfClose: true, url: replay.url }));
    expectErrorDocument(answer, incompleteBody.code, incompleteBody.status);
  });
});
