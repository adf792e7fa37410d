/**
 * What the mock reads from a raw HTTP request (addressing, bucket, key, query, headers) and how it
 * writes the service's answers (common headers, XML errors, HEAD errors in `x-oss-err`). Shared by
 * the simulator, the replayer and the recorder so all three see a request the same way.
 */
import { createHash } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIP, type Socket } from 'node:net';
import type { IrError, IrModel, IrProtocol } from '../ir/types.js';
import { httpDate, type QueryParam, type SignableRequest } from './signing.js';

export interface WireRequest extends SignableRequest {
  method: string;
  /** The request target's path and query exactly as sent (never normalized). */
  rawPath: string;
  rawQuery: string;
  host: string;
  addressing: 'path' | 'virtual-hosted';
  /** False when the percent-decoded key is not valid UTF-8. */
  keyValidUtf8: boolean;
  /** Length of the decoded key in bytes. */
  keyBytes: number;
}

/** Decodes `%XX` escapes to bytes; anything that is not a valid escape is kept literally. */
export function percentDecode(text: string): Buffer {
  const out: number[] = [];
  const raw = Buffer.from(text, 'utf8');
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i]!;
    if (b === 0x25 && i + 2 < raw.length + 0 && /^[0-9A-Fa-f]{2}$/.test(raw.subarray(i + 1, i + 3).toString('latin1'))) {
      out.push(parseInt(raw.subarray(i + 1, i + 3).toString('latin1'), 16));
      i += 2;
    } else {
      out.push(b);
    }
  }
  return Buffer.from(out);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(bytes: Buffer): { text: string; valid: boolean } {
  try {
    return { text: strictUtf8.decode(bytes), valid: true };
  } catch {
    return { text: bytes.toString('utf8'), valid: false };
  }
}

/**
 * The query as the service reads it: `&`-separated, percent-decoded as UTF-8, and a `+` is a space
 * (form encoding, as browsers and presigned-URL tools send it; a literal plus arrives as `%2B`).
 */
export function parseQuery(rawQuery: string): QueryParam[] {
  const params: QueryParam[] = [];
  const decode = (text: string) => decodeUtf8(percentDecode(text.replace(/\+/g, ' '))).text;
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decode(eq < 0 ? part : part.slice(0, eq));
    params.push(eq < 0 ? { name } : { name, value: decode(part.slice(eq + 1)) });
  }
  return params;
}

export function hostName(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']') > 0 ? host.indexOf(']') : undefined);
  const colon = host.lastIndexOf(':');
  return colon >= 0 ? host.slice(0, colon) : host;
}

/** Path-style for IP addresses and `localhost` (the model's rule), virtual-hosted otherwise. */
export function isPathStyleHost(name: string): boolean {
  return isIP(name) !== 0 || name === 'localhost';
}

export function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** Reads a request's target: addressing style, bucket, key (decoded) and query. */
export function parseWireRequest(req: IncomingMessage): WireRequest {
  let target = req.url ?? '/';
  // Absolute-form targets (`POST http://host/key`, as sent to a proxy) carry the path after the authority.
  const absolute = /^https?:\/\/[^/?]*/i.exec(target);
  if (absolute) target = target.slice(absolute[0].length) || '/';
  const q = target.indexOf('?');
  const rawPath = q < 0 ? target : target.slice(0, q);
  const rawQuery = q < 0 ? '' : target.slice(q + 1);
  const headers = headersOf(req);
  const host = headers['host'] ?? '';
  const name = hostName(host);
  const pathBytes = percentDecode(rawPath.startsWith('/') ? rawPath.slice(1) : rawPath);
  let bucket: string | undefined;
  let keyBytes: Buffer | undefined;
  let addressing: WireRequest['addressing'];
  if (name === '' || isPathStyleHost(name)) {
    addressing = 'path';
    const slash = pathBytes.indexOf(0x2f);
    if (pathBytes.length > 0) {
      bucket = (slash < 0 ? pathBytes : pathBytes.subarray(0, slash)).toString('utf8');
      if (slash >= 0 && slash + 1 < pathBytes.length) keyBytes = pathBytes.subarray(slash + 1);
    }
  } else {
    addressing = 'virtual-hosted';
    const dot = name.indexOf('.');
    bucket = dot > 0 ? name.slice(0, dot) : undefined;
    if (pathBytes.length > 0) keyBytes = pathBytes;
  }
  const decodedKey = keyBytes ? decodeUtf8(keyBytes) : undefined;
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    rawPath,
    rawQuery,
    host,
    addressing,
    ...(bucket !== undefined ? { bucket } : {}),
    ...(decodedKey ? { key: decodedKey.text } : {}),
    keyValidUtf8: decodedKey ? decodedKey.valid : true,
    keyBytes: keyBytes?.length ?? 0,
    query: parseQuery(rawQuery),
    headers,
  };
}

export function queryValue(req: { query: QueryParam[] }, name: string): string | undefined {
  const found = req.query.find((p) => p.name === name);
  return found ? (found.value ?? '') : undefined;
}

export function hasQuery(req: { query: QueryParam[] }, name: string): boolean {
  return req.query.some((p) => p.name === name);
}

// ---------------------------------------------------------------------------------------------
// Errors

export interface ServiceError {
  code: string;
  status: number;
  message: string;
  ec?: string;
  /** Response headers that carry error fields (`x-oss-next-append-position`). */
  headers: Record<string, string>;
  /** Extra XML elements after the standard ones (error fields such as StringToSign). */
  xml: [string, string][];
}

export interface ErrorDetails {
  message?: string;
  ec?: string;
  /** Values of the IR error's fields, by field id. */
  fields?: Record<string, string | number | bigint>;
  /** Extra elements the service adds (OSSAccessKeyId, SignatureProvided, CanonicalRequest). */
  xml?: [string, string][];
}

/** Builds the service's error for `code`: status, message, EC and fields from the IR. */
export function serviceError(ir: IrModel, code: string, details: ErrorDetails = {}): ServiceError {
  const modeled: IrError | undefined = ir.errors.find((e) => e.code === code);
  const status = modeled?.status ?? 400;
  const message = details.message ?? modeled?.message ?? code;
  const ec = details.ec ?? modeled?.ec;
  const headers: Record<string, string> = {};
  const xml: [string, string][] = [];
  for (const field of modeled?.fields ?? []) {
    const value = details.fields?.[field.id];
    if (value === undefined) continue;
    if (field.headerLower) headers[field.headerLower] = String(value);
    if (field.xml) xml.push([field.xml, String(value)]);
  }
  xml.push(...(details.xml ?? []));
  return { code, status, message, ...(ec ? { ec } : {}), headers, xml };
}

export function xmlEscape(text: string): string {
  return text.replace(/[&<>"'\n\r\t]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : c === "'" ? '&apos;' : `&#${c.charCodeAt(0)};`,
  );
}

/** The error document (`protocol.errorBody`: its root and element names come from the model). */
export function errorXml(err: ServiceError, requestId: string, hostId: string, protocol: IrProtocol): string {
  const { root, elements } = protocol.errorBody;
  const element = (name: string, value: string) => `  <${name}>${xmlEscape(value)}</${name}>`;
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<${root}>`, element(elements.code, err.code), element(elements.message, err.message)];
  if (elements.requestId) lines.push(element(elements.requestId, requestId));
  if (elements.hostId) lines.push(element(elements.hostId, hostId));
  for (const [name, value] of err.xml) lines.push(element(name, value));
  if (err.ec && elements.ec) {
    lines.push(element(elements.ec, err.ec));
    lines.push(element('RecommendDoc', `https://api.aliyun.com/troubleshoot?q=${err.ec}`));
  }
  lines.push(`</${root}>`, '');
  return lines.join('\n');
}

/**
 * The service's HostId: the bucket's public endpoint host from the model's endpoint template
 * (`https://oss-{region}.aliyuncs.com`), virtual-hosted; never the mock's own address, so
 * recordings are stable.
 */
export function hostIdFor(endpointTemplate: string, bucket: string | undefined, region: string): string {
  const host = endpointTemplate.replace(/^[a-z]+:\/\//i, '').replace(/[/?#].*$/, '').split('{region}').join(region);
  return bucket ? `${bucket}.${host}` : host;
}

export interface ResponseContext {
  /** The model's protocol: header names and the error document. */
  protocol: IrProtocol;
  requestId: string;
  hostId: string;
  /** The request's method: HEAD errors carry no body. */
  method: string;
  /** Epoch milliseconds for the Date header. */
  now: number;
  /** True when the request body was not read: the connection is closed after the answer. */
  closeConnection?: boolean;
}

export function commonHeaders(ctx: ResponseContext): Record<string, string> {
  return { server: 'AliyunOSS', date: httpDate(ctx.now), [ctx.protocol.headers.requestId]: ctx.requestId };
}

/** Writes status and headers through setHeader, so the access log can read them back. */
export function respond(res: ServerResponse, status: number, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.writeHead(status);
}

/**
 * Sends an error the way the service does: the error document as the body, its code in
 * `protocol.headers.errorCode` (`x-oss-ec`); on HEAD no body, the document base64-encoded in
 * `protocol.errorBody.bodylessHeader` (`x-oss-err`).
 */
export function sendError(res: ServerResponse, err: ServiceError, ctx: ResponseContext): void {
  // The parser's own error path already answered on this connection (rawErrorResponse): nothing more may go out.
  if (res.socket && answeredByParser.has(res.socket)) return;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const { headers, body } = errorAnswer(err, ctx);
  respond(res, err.status, headers);
  res.end(body);
}

/** Connections answered with rawErrorResponse, whose request handlers must not answer again. */
export const answeredByParser = new WeakSet<Socket>();

/** The headers and body of an error answer (sendError; rawErrorResponse for a bare socket). */
function errorAnswer(err: ServiceError, ctx: ResponseContext): { headers: Record<string, string>; body: Buffer } {
  const xml = errorXml(err, ctx.requestId, ctx.hostId, ctx.protocol);
  const headers: Record<string, string> = { ...commonHeaders(ctx), 'content-type': 'application/xml', ...err.headers };
  const { errorCode } = ctx.protocol.headers;
  if (err.ec && errorCode) headers[errorCode] = err.ec;
  if (ctx.closeConnection) headers['connection'] = 'close';
  if (ctx.method === 'HEAD') {
    const bodyless = ctx.protocol.errorBody.bodylessHeaderLower;
    if (bodyless) headers[bodyless] = Buffer.from(xml, 'utf8').toString('base64');
    headers['content-length'] = '0';
    return { headers, body: Buffer.alloc(0) };
  }
  const body = Buffer.from(xml, 'utf8');
  headers['content-length'] = String(body.length);
  return { headers, body };
}

/**
 * The same error answer as sendError, as the bytes of a whole HTTP/1.1 response, for a connection
 * Node's parser gave up on (malformed request, body ended short) where no ServerResponse exists
 * or can still be used. The connection is always closed after it.
 */
export function rawErrorResponse(err: ServiceError, ctx: ResponseContext): Buffer {
  const { headers, body } = errorAnswer(err, { ...ctx, closeConnection: true });
  const reason = STATUS_CODES[err.status] ?? 'Error';
  const head = [`HTTP/1.1 ${err.status} ${reason}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)].join('\r\n');
  return Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), body]);
}

/** A deterministic request-id source: the same sequence on every run, so recordings are byte-stable. */
export function requestIdSource(seed: string): () => string {
  let n = 0;
  return () => createHash('sha1').update(`${seed}:${++n}`).digest('hex').slice(0, 24).toUpperCase();
}
