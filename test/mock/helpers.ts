/** Shared pieces of the mock's tests: the IR, a server per test file, request shortcuts. */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { loadDefaultIr, startMock, type MockOptions, type MockServer } from '../../generator/mock/index.js';
import { buildSigned, send, type RawRequest, type RawResponse } from '../../generator/mock/raw-client.js';

export const BUCKET = 'examplebucket';
export const ir = await loadDefaultIr();

/** A simulator for one test file, with the control endpoints on (`controlEndpoints: false` to test without). */
export async function withMock(options: Partial<MockOptions> = {}): Promise<MockServer> {
  return startMock({ mode: 'sim', ir, controlEndpoints: true, ...options } as MockOptions);
}

const appendQuery = (position: number | string) => [{ name: 'append' }, { name: 'position', value: String(position) }];

export function append(url: string, key: string, position: number | string, body: string | Buffer, extra: Partial<RawRequest> = {}): Promise<RawResponse> {
  return send(url, { method: 'POST', bucket: BUCKET, key, query: appendQuery(position), body, ...extra });
}

export function head(url: string, key: string, extra: Partial<RawRequest> = {}): Promise<RawResponse> {
  return send(url, { method: 'HEAD', bucket: BUCKET, key, ...extra });
}

export function get(url: string, key: string, extra: Partial<RawRequest> = {}): Promise<RawResponse> {
  return send(url, { method: 'GET', bucket: BUCKET, key, ...extra });
}

export function put(url: string, key: string, body: string | Buffer, extra: Partial<RawRequest> = {}): Promise<RawResponse> {
  return send(url, { method: 'PUT', bucket: BUCKET, key, body, ...extra });
}

export function del(url: string, key: string, extra: Partial<RawRequest> = {}): Promise<RawResponse> {
  return send(url, { method: 'DELETE', bucket: BUCKET, key, ...extra });
}

/** Writes raw bytes on a fresh connection and returns whatever comes back before it closes (or after `waitMs`). */
export function rawExchange(url: string, bytes: string | Buffer, waitMs = 1500): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const finish = () => {
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    const timer = setTimeout(finish, waitMs);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
    socket.on('error', () => undefined);
    socket.write(bytes);
  });
}

/** A plain JSON GET/POST (for the control endpoints). */
export function controlRequest(url: string, method: 'GET' | 'POST', path: string): Promise<{ status: number; json: unknown }> {
  const u = new URL(path, url);
  return new Promise((resolve, reject) => {
    const r = httpRequest({ hostname: u.hostname, port: u.port, path: `${u.pathname}${u.search}`, method, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    r.on('error', reject);
    r.end();
  });
}

/**
 * A signed request written byte by byte on a socket, so the test controls framing: the declared
 * Content-Length (or none), how much body is really sent, and the raw path.
 */
export function signedRaw(url: string, req: RawRequest, framing: { contentLength?: number | 'none'; body?: string; rawPath?: string; waitMs?: number } = {}): Promise<string> {
  const { path, headers } = buildSigned(req);
  const lines = [`${req.method} ${framing.rawPath ?? path} HTTP/1.1`, `Host: ${new URL(url).host}`, 'Connection: close'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  const body = framing.body ?? '';
  if (framing.contentLength !== 'none') lines.push(`Content-Length: ${framing.contentLength ?? Buffer.byteLength(body)}`);
  return rawExchange(url, `${lines.join('\r\n')}\r\n\r\n${body}`, framing.waitMs);
}
