/**
 * The HTTP transport (node:http/https, keep-alive).
 */
import { Agent as HttpAgent, IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { PassThrough, Readable } from 'node:stream';
import {
  MAX_ERROR_BODY_BYTES,
  NetworkError,
  SdkError,
  TimeoutError,
  ValidationError,
} from './sdk-errors.js';

/** One HTTP exchange, fully prepared and signed. */
export interface TransportRequest {
  method: string;
  protocol: 'http:' | 'https:';
  /** Host header value: hostname, and `:port` when not the default. */
  host: string;
  /** Encoded path and query, exactly as sent. */
  path: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: Uint8Array | Readable | undefined;
  /** The attempt fails with TimeoutError when the connection is idle this long, or when the response headers have not all arrived this long after the request was sent. */
  timeoutMs: number;
  /** Aborts the exchange (and a response body still streaming) with `signal.reason`. */
  signal?: AbortSignal;
}

/** The answer: status, headers and the body as a stream. */
export interface TransportResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: Readable;
  /** When (`Date.now()` milliseconds) an error body must have arrived in full: `timeoutMs` after the request was sent. Default: `timeoutMs` after the headers. */
  deadline?: number;
}

/** Sends one request. Inject your own for tests, proxies or instrumentation. */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

export function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  // node:http's answer headers are lower-case already, repeated ones joined but Set-Cookie's: an object
  // holding no list is the flat one as it is (no copy per answer).
  let lists = false;
  for (const name in headers)
    if (typeof headers[name] !== 'string') {
      lists = true;
      break;
    }
  if (!lists) return headers as Record<string, string>;
  const out: Record<string, string> = {};
  // for...in rather than Object.entries: no array of pairs per answer (node:http's header object has no prototype).
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined)
      out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Where node:http connects for a Host value: its hostname and port, as URL parses them. */
interface Target {
  hostname: string;
  port: string | undefined;
}

/** Listens to an error that is reported elsewhere (one function for every answer, not a closure each). */
function ignoreError(): void {}

/** Hosts remembered per transport (one per bucket with virtual-hosted addressing); past this the memory starts over. */
const MAX_TARGETS = 256;

/** Reused connections: one TLS handshake per socket, not per append. */
const DEFAULT_AGENT_OPTIONS = { keepAlive: true, maxSockets: 64 };

/** A request waiting for its answer's headers, until `deadline` (`Date.now()` milliseconds). */
interface AnswerWait {
  deadline: number;
  expire: () => void;
}

/** The default transport: node:http/https with keep-alive agents, streaming request bodies with backpressure. */
export class NodeTransport {
  readonly httpAgent: HttpAgent;
  readonly httpsAgent: HttpsAgent;
  /** Parsed once per protocol and Host: a URL per request costs more than the rest of the request's setup. */
  private readonly targets = new Map<string, Target>();
  /** The target of the last request, with its protocol and Host. */
  private lastTarget: { protocol: string; host: string; target: Target } | undefined;
  /** Requests sent and waiting for their answer's headers: one timer watches them all (a timer per request cost more than the rest of the request's own work). */
  private readonly waits = new Set<AnswerWait>();
  private waitTimer: ReturnType<typeof setTimeout> | undefined;
  /** When `waitTimer` fires (`Date.now()` milliseconds; Infinity when it is not armed). */
  private waitTimerAt = Infinity;

  /** The idle limit the sockets of `httpAgent` / `httpsAgent` keep themselves (undefined for an agent given by the caller, or without `idleTimeoutMs`). */
  private readonly httpIdleLimit: number | undefined;
  private readonly httpsIdleLimit: number | undefined;

  /** `idleTimeoutMs`: the idle limit the sockets of the agents this transport makes keep from their creation to their end (a request whose `timeoutMs` equals it sets no timer and no listener of its own). */
  constructor(agent?: HttpAgent | HttpsAgent, idleTimeoutMs?: number) {
    const ownHttp = !agent || agent instanceof HttpsAgent;
    const ownHttps = !(agent instanceof HttpsAgent);
    this.httpAgent = ownHttp
      ? keepIdleLimit(new HttpAgent(DEFAULT_AGENT_OPTIONS), idleTimeoutMs)
      : (agent as HttpAgent);
    this.httpsAgent = ownHttps
      ? keepIdleLimit(new HttpsAgent(DEFAULT_AGENT_OPTIONS), idleTimeoutMs)
      : (agent as HttpsAgent);
    this.httpIdleLimit = ownHttp ? idleTimeoutMs : undefined;
    this.httpsIdleLimit = ownHttps ? idleTimeoutMs : undefined;
  }

  /** Sends the request; resolves when the response headers arrive. */
  send(request: TransportRequest): Promise<TransportResponse> {
    return new Promise<TransportResponse>((resolve, reject) => {
      const signal = request.signal;
      if (signal?.aborted) return reject(signal.reason);
      const https = request.protocol === 'https:';
      const target = this.target(request.protocol, request.host);
      let bodyError: unknown;
      let sentAt = Date.now();
      let wait: AnswerWait | undefined;
      // The idle limit: kept by the socket itself when it is this transport's agent's (no timer, no
      // listener per request); otherwise node:http's per-request `timeout`, armed when the socket is given.
      const ownIdleLimit = request.timeoutMs === (https ? this.httpsIdleLimit : this.httpIdleLimit);
      const req = (https ? httpsRequest : httpRequest)(
        {
          method: request.method,
          hostname: target.hostname,
          port: target.port,
          path: request.path,
          headers: request.headers,
          agent: https ? this.httpsAgent : this.httpAgent,
          timeout: ownIdleLimit ? undefined : request.timeoutMs,
        },
        (res) => {
          if (wait) this.waits.delete(wait);
          // A response cut short surfaces as an error of the body stream; keep it from being unhandled when nobody reads.
          res.on('error', ignoreError);
          if (signal) {
            const abortBody = () => res.destroy(signal.reason);
            signal.addEventListener('abort', abortBody, { once: true });
            res.once('close', () => signal.removeEventListener('abort', abortBody));
          }

          resolve({
            status: res.statusCode ?? 0,
            headers: flattenHeaders(res.headers),
            body: res,
            deadline: sentAt + request.timeoutMs,
          });
        },
      );
      const fail = (err: unknown) => req.destroy(err as Error);
      if (!ownIdleLimit) req.on('timeout', () => fail(idleTimeoutError(request.timeoutMs)));
      // Once the request is sent, the headers must arrive in full within timeoutMs, however slowly they drip.
      req.on('finish', () => {
        sentAt = Date.now();
        wait = {
          deadline: sentAt + request.timeoutMs,
          expire: () =>
            fail(
              new TimeoutError(
                `no complete response headers within ${request.timeoutMs} ms of sending`,
                request.timeoutMs,
              ),
            ),
        };
        this.watch(wait);
      });
      const onAbort = () => fail(signal!.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('close', () => {
        if (wait) this.waits.delete(wait);
        signal?.removeEventListener('abort', onAbort);
      });
      req.on('error', (err) => {
        if (wait) this.waits.delete(wait);
        if (bodyError !== undefined) reject(bodyError);
        else
          reject(
            err instanceof SdkError
              ? err
              : new NetworkError(`${request.method} ${request.host}: ${err.message}`, {
                  cause: err,
                }),
          );
      });
      const body = request.body;
      if (body === undefined) req.end();
      else if (body instanceof Uint8Array) req.end(body);
      else {
        body.on('error', (err) => {
          bodyError = err;
          req.destroy(err);
        });
        body.pipe(req);
      }
    });
  }

  /** Adds a request to the waits; the timer is armed again only when this one is due before it fires. */
  private watch(wait: AnswerWait): void {
    this.waits.add(wait);
    if (wait.deadline < this.waitTimerAt) this.armWaitTimer(wait.deadline);
  }

  private armWaitTimer(at: number): void {
    clearTimeout(this.waitTimer);
    this.waitTimerAt = at;
    // Unreferenced: a request waiting for its answer holds its socket, which keeps the process alive.
    this.waitTimer = setTimeout(() => this.expireWaits(), Math.max(0, at - Date.now())).unref();
  }

  /** Fails the requests whose deadline has passed and arms the timer for the earliest one left. */
  private expireWaits(): void {
    this.waitTimer = undefined;
    this.waitTimerAt = Infinity;
    const now = Date.now();
    let next = Infinity;
    for (const wait of this.waits) {
      if (wait.deadline <= now) {
        this.waits.delete(wait);
        wait.expire();
      } else if (wait.deadline < next) next = wait.deadline;
    }

    if (next < Infinity) this.armWaitTimer(next);
  }

  private target(protocol: string, host: string): Target {
    // The host of the last request again (every append to one object): no key string, no lookup.
    const last = this.lastTarget;
    if (last !== undefined && last.protocol === protocol && last.host === host) return last.target;
    const id = `${protocol}//${host}`;
    let target = this.targets.get(id);
    if (target === undefined) {
      const url = new URL(id);
      target = { hostname: url.hostname, port: url.port || undefined };
      if (this.targets.size >= MAX_TARGETS) this.targets.clear();
      this.targets.set(id, target);
    }
    this.lastTarget = { protocol, host, target };
    return target;
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

/** The error of a request whose connection was idle past its limit. */
function idleTimeoutError(limit: number): TimeoutError {
  return new TimeoutError(`no answer within ${limit} ms (connection idle)`, limit);
}

/** node:http's socket fields read here: the request using the socket, and its answer. */
type HttpSocket = Socket & {
  _httpMessage?: { destroy(err: Error): void; res?: { headers: IncomingHttpHeaders } } | null;
};

/** How much earlier than a server's `Keep-Alive: timeout` hint a pooled socket is closed (node:http's margin). */
const KEEP_ALIVE_HINT_MARGIN_MS = 1000;

/**
 * `agent`, whose sockets keep the idle limit `limit` themselves, from their creation (connecting included)
 * to their end: one socket timer, armed once and never cleared per request, fails the request using the
 * socket (TimeoutError) or, the socket being pooled, closes it (the agent's own 'timeout' listener). The
 * agent has no `timeout` option, so node:http sets no timer and no listener per request, and clears and
 * re-arms nothing when the socket goes back to the pool. A pooled socket's limit is shortened to a server's
 * `Keep-Alive: timeout` hint (as node:http does), and given back when a request takes the socket.
 */
function keepIdleLimit<A extends HttpAgent>(agent: A, limit: number | undefined): A {
  if (limit === undefined) return agent;
  const owned = agent as unknown as {
    createConnection(
      options: object,
      callback: (err: Error | null, socket: Socket) => void,
    ): Socket | undefined;
    keepSocketAlive(socket: Socket): boolean;
    keepAliveMsecs: number;
  };
  const create = owned.createConnection;
  owned.createConnection = function (options, callback) {
    const socket = create.call(this, options, callback) as HttpSocket | undefined;
    if (socket) {
      socket.setTimeout(limit);
      socket.on('timeout', () => {
        // Another limit on the socket is a request's own (node:http's `timeout` and its listener).
        if (socket.timeout === limit) socket._httpMessage?.destroy(idleTimeoutError(limit));
      });
    }
    return socket;
  };
  owned.keepSocketAlive = function (socket) {
    socket.setKeepAlive(true, this.keepAliveMsecs);
    socket.unref();
    let idle = limit;
    const hint = (socket as HttpSocket)._httpMessage?.res?.headers['keep-alive'] as
      string | undefined;
    if (hint) {
      const seconds = /^timeout=(\d+)/.exec(hint)?.[1];
      if (seconds !== undefined) {
        const hinted = Number(seconds) * 1000 - KEEP_ALIVE_HINT_MARGIN_MS;
        // Too short to reuse safely.
        if (hinted <= 0) return false;
        if (hinted < idle) idle = hinted;
      }
    }
    if (socket.timeout !== idle) socket.setTimeout(idle);
    return true;
  };
  const reuse = agent.reuseSocket.bind(agent);
  agent.reuseSocket = (socket, request) => {
    reuse(socket, request);
    const pooled = socket as Socket;
    if (pooled.timeout !== limit) pooled.setTimeout(limit);
  };
  return agent;
}

/** `fetch` as a Node client's transport (default `globalThis.fetch`): for runtimes that run this client but whose node:http is missing or partial (Bun, Deno's Node compatibility), or to go through undici's dispatchers. Stream bodies go out half-duplex (chunked), buffers with their length; Host and Content-Length are fetch's to set. The attempt's `timeoutMs` covers the wait for the response headers; `signal` also ends a body still streaming. The browser entry is `<package>/fetch`, not this. */
export function fetchTransport(
  fetchFn: (url: string, init: RequestInit) => Promise<Response> = (url, init) =>
    globalThis.fetch(url, init),
): Transport {
  return async (request) => {
    request.signal?.throwIfAborted();
    // fetch parses the URL as WHATWG URL does, which removes "." and ".." path segments: an object key holding
    // one (logs/../app.log is a key of its own) would be sent as another object's name. Refused, nothing sent.
    if (
      request.path
        .split('?', 1)[0]!
        .split('/')
        .some((segment) => segment === '.' || segment === '..')
    )
      throw new ValidationError(
        'key: has a "." or ".." path segment, which fetch removes from the URL (it would name another object); use the default transport or another key',
        'key',
        'objectKey.dotSegment',
      );
    const controller = new AbortController();
    const onAbort = () => controller.abort(request.signal!.reason);
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(
      () =>
        controller.abort(
          new TimeoutError(
            `no complete response headers within ${request.timeoutMs} ms`,
            request.timeoutMs,
          ),
        ),
      request.timeoutMs,
    );
    const release = () => {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
    };
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers))
      if (name !== 'host' && name !== 'content-length') headers[name] = value;
    const body = request.body;
    let response: Response;
    try {
      response = await fetchFn(`${request.protocol}//${request.host}${request.path}`, {
        method: request.method,
        headers,
        ...(body === undefined
          ? {}
          : body instanceof Uint8Array
            ? { body: body as Uint8Array<ArrayBuffer> }
            : {
                body: Readable.toWeb(body) as ReadableStream<Uint8Array>,
                duplex: 'half',
              }),
        redirect: 'manual',
        signal: controller.signal,
      } as RequestInit);
    } catch (err) {
      release();
      if (controller.signal.aborted) throw controller.signal.reason;
      throw new NetworkError(
        `${request.method} ${request.host}: ${err instanceof Error ? err.message : String(err)}`,
        { cause: err },
      );
    }

    clearTimeout(timer);
    const answer: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      answer[name.toLowerCase()] = value;
    });
    const stream = response.body
      ? Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>)
      : Readable.from([]);
    // Cancelling the call (the controller) fails a body still streaming; once it has ended, nothing is held.
    stream.once('close', release);
    return { status: response.status, headers: answer, body: stream };
  };
}

/** Reads a (small) response body as UTF-8, at most `limit` bytes. */
export async function readText(body: Readable, limit: number = 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
    if (size < limit) chunks.push(bytes);
    size += bytes.length;
  }

  return Buffer.concat(chunks).toString('utf8');
}

/**
 * For an answer whose body has already arrived in full and is empty (node:http's message, complete,
 * nothing buffered): resumes it to its end and returns a promise of that end, when node:http has put
 * the connection back in the pool (so the next request reuses this connection; going on before it,
 * each request took another pooled one). Any other body (a custom transport's stream, bytes still to
 * come or buffered) gives undefined, and is read with `readBounded`.
 */
export function drainEmpty(body: Readable): Promise<void> | undefined {
  if ((body as { complete?: unknown }).complete !== true || body.readableLength !== 0)
    return undefined;
  body.resume();
  if (body.readableEnded) return Promise.resolve();
  return new Promise<void>((resolve) => {
    body.on('end', resolve);
    // Destroyed before its end (a cancelled call): nothing more will come.
    body.on('close', resolve);
  });
}

/** Reads an error body (or the small body of an answer without content) as UTF-8: at most `limit` bytes (then the stream, and with it the connection, is destroyed), in full by `deadline` (`Date.now()` milliseconds; TimeoutError otherwise). A body cut short is a NetworkError. */
export function readBounded(
  body: Readable,
  deadline: number,
  timeoutMs: number,
  limit: number = MAX_ERROR_BODY_BYTES,
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (err?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
      body.on('error', () => undefined);
      if (err === undefined) resolve(Buffer.concat(chunks).toString('utf8'));
      else reject(err);
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      if (size + bytes.length >= limit) {
        chunks.push(bytes.subarray(0, limit - size));
        size = limit;
        settle();
        body.destroy();
        return;
      }

      chunks.push(bytes);
      size += bytes.length;
    };
    const onEnd = () => settle();
    const onError = (err: Error) =>
      settle(
        err instanceof SdkError
          ? err
          : new NetworkError(`the answer was cut short: ${err.message}`, {
              cause: err,
            }),
      );
    const timer = setTimeout(
      () => {
        settle(
          new TimeoutError(
            `the answer did not arrive in full within ${timeoutMs} ms of sending`,
            timeoutMs,
          ),
        );
        body.destroy();
      },
      Math.max(0, deadline - Date.now()),
    );
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('error', onError);
  });
}

/** The success body as given to the caller: a stream that fails with NetworkError (not a bare `Error: aborted`) when the answer is cut short. */
export function typedBody(body: Readable): Readable {
  const out = new PassThrough();
  body.on('error', (err) =>
    out.destroy(
      err instanceof SdkError
        ? err
        : new NetworkError(`the answer was cut short: ${err.message}`, {
            cause: err,
          }),
    ),
  );
  out.on('close', () => {
    if (!body.readableEnded) body.destroy();
  });
  return body.pipe(out);
}

/** What replaces a credential or a signature in what a hook sees. */
export const REDACTED = '[redacted]';

/** One attempt's request as a hook sees it: a copy, its credentials and signature replaced by `[redacted]`. */
export interface HookRequest {
  method: string;
  /** `protocol//host/path?query`, as sent. */
  url: string;
  /** Lower-case names; the Authorization value keeps only its scheme (`OSS4-HMAC-SHA256 [redacted]`). */
  headers: Record<string, string>;
}

/** The answer to one attempt, as a hook sees it (headers only: the body is the caller's). */
export interface HookResponse {
  request: HookRequest;
  status: number;
  headers: Record<string, string>;
  /** From sending the request to the response headers. */
  durationMs: number;
}

/** An attempt that got no answer (network error, timeout, cancellation). */
export interface HookFailure {
  request: HookRequest;
  error: unknown;
  durationMs: number;
}

/** Observers of every attempt (retries and read-backs included), beside the transport rather than in place of it. They never see a secret or a signature; one that throws does not change the call. */
export interface Hooks {
  /** Before an attempt is sent. */
  onRequest?: (request: HookRequest) => void;
  /** When an attempt's response headers arrive. */
  onResponse?: (response: HookResponse) => void;
  /** When an attempt ends without an answer. */
  onError?: (failure: HookFailure) => void;
}

/** `headers` with the values of `secretHeaders` (lower-case names) replaced; Authorization keeps its scheme word. */
export function redactHeaders(
  headers: Record<string, string>,
  secretHeaders: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'authorization') {
      const space = value.indexOf(' ');
      out[name] = space > 0 ? `${value.slice(0, space)} ${REDACTED}` : REDACTED;
    } else out[name] = secretHeaders.includes(lower) ? REDACTED : value;
  }

  return out;
}

/** `transport`, with `hooks` told of every attempt; the hooks get redacted copies and cannot touch the request or its body. */
export function observedTransport(
  transport: Transport,
  hooks: Hooks,
  secretHeaders: readonly string[],
): Transport {
  const tell = <T,>(hook: ((value: T) => void) | undefined, value: T) => {
    try {
      hook?.(value);
    } catch {
      // An observer's failure is not the call's.
    }
  };
  return async (request) => {
    const seen: HookRequest = {
      method: request.method,
      url: `${request.protocol}//${request.host}${request.path}`,
      headers: redactHeaders(request.headers, secretHeaders),
    };
    tell(hooks.onRequest, seen);
    const started = Date.now();
    try {
      const response = await transport(request);
      tell(hooks.onResponse, {
        request: seen,
        status: response.status,
        headers: redactHeaders(response.headers, secretHeaders),
        durationMs: Date.now() - started,
      });
      return response;
    } catch (err) {
      tell(hooks.onError, {
        request: seen,
        error: err,
        durationMs: Date.now() - started,
      });
      throw err;
    }
  };
}
