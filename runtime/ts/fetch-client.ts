/**
 * The fetch client's engine, whatever the model: requests over `globalThis.fetch` (browsers, Deno,
 * Bun, Node 20+), signed with WebCrypto, bodies as bytes, Blobs or web streams. It imports no node:
 * module (nor anything that does), so `<package>/fetch` loads in a browser without polyfills. The
 * generated fetch.ts subclasses it with one typed method per operation and hands it the model's
 * parts (operation table, error classes, validation, signers, defaults).
 */
import {
  bodyMember,
  bucketMember,
  checkAppendAnswer,
  checkCredential,
  headerValue,
  isUnknownOutcome,
  keyMember,
  parseOutput,
} from './answers.js';
import { Crc64 } from './crc64.js';
import {
  AbortError,
  IntegrityError,
  MAX_ERROR_BODY_BYTES,
  NetworkError,
  ProtocolError,
  SdkError,
  ServiceError,
  TimeoutError,
  ValidationError,
} from './sdk-errors.js';
import type { OperationSpec } from './spec.js';

/** A request body the fetch client sends: a string (UTF-8), bytes, a `Blob` (a browser `File` included) or a web stream. A stream is sent chunked and cannot be resent; browsers send a stream only over HTTP/2 (Chromium refuses it on HTTP/1.1), so in a browser prefer a Blob. */
export type FetchBody = string | Uint8Array | ArrayBuffer | Blob | ReadableStream<Uint8Array>;

/** Credentials of the fetch client (the same shape as the Node client's). */
export interface FetchCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string | undefined;
}

/** How much of a request body has gone out. */
export interface FetchUploadProgress {
  loaded: number;
  total: number | undefined;
}

/** `fetch` itself, or one that wraps it (tests, proxies, instrumentation). */
export type FetchFunction = (url: string, init: RequestInit) => Promise<Response>;

/** Retry policy of the fetch client (the model's defaults unless overridden). */
export interface FetchRetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  retryableStatuses: readonly number[];
}

/** Options of the fetch client. */
export interface FetchClientOptions {
  /** Service URL (default: the model's endpoint for the region). Path-style addressing is used for IP and localhost hosts. */
  endpoint?: string | undefined;
  /** Region ID, part of the V4 signature scope. */
  region?: string | undefined;
  /** Bucket used when an input does not name one. */
  bucket?: string | undefined;
  /** Static credentials, or a provider called before each request (for STS tokens a page fetches from its server). Required: a browser has no environment to read them from. */
  credentials: FetchCredentials | (() => FetchCredentials | Promise<FetchCredentials>) | undefined;
  /** Signature version (default `v4`). */
  signatureVersion?: 'v4' | 'v1' | undefined;
  /** Time limit of one attempt, in milliseconds, until the response headers (and an error body) have arrived. */
  timeoutMs?: number | undefined;
  /** Overrides of the model's retry policy. */
  retry?: Partial<FetchRetryPolicy> | undefined;
  /** The fetch to use (default `globalThis.fetch`). */
  fetch?: FetchFunction | undefined;
  /** Current time for signing (tests pin it). */
  clock?: (() => Date) | undefined;
  /** How backoff waits (tests make it instant). */
  sleep?: ((ms: number) => Promise<void>) | undefined;
}

/** Per-call options of the fetch client. */
export interface FetchCallOptions {
  /** Cancels the call (retries and read-backs included): it ends with AbortError. */
  signal?: AbortSignal | undefined;
  /** The same as `signal`, under the AWS SDK v3 name. */
  abortSignal?: AbortSignal | undefined;
  /** Upload progress. In a browser (XMLHttpRequest present, `fetch` option not set) a string, bytes or Blob body is then sent with XMLHttpRequest, which reports bytes as they leave. fetch itself cannot report upload progress: elsewhere (Deno, Bun, Node, or your own fetch) it is called with `loaded: 0` when the request is handed to fetch and with `loaded: total` when the answer arrives; a stream reports its bytes as fetch reads them. */
  onUploadProgress?: ((progress: FetchUploadProgress) => void) | undefined;
}

/** Per-call options of an append. */
export interface FetchAppendCallOptions extends FetchCallOptions {
  /** The object's CRC-64 before this append; enables the integrity check after position 0 (the client remembers its own last append to an object). */
  previousCrc?: bigint | undefined;
}

/** Ways to read a downloaded body whole (one of them, once); a full read is checked against the object's CRC-64 when the service sent it (IntegrityError). */
export interface FetchBodyReaders {
  text(): Promise<string>;
  bytes(): Promise<Uint8Array>;
  blob(): Promise<Blob>;
}

/** What the generated client hands the engine: the model's parts. */
export interface FetchModel {
  createServiceError(status: number, headers: Record<string, string>, body: string): ServiceError;
  validateInput(
    spec: OperationSpec,
    input: Readonly<Record<string, unknown>>,
    body: { accepts(value: unknown): boolean; kinds: string },
  ): void;
  checkObjectSize(field: string, size: number): void;
  signV4(
    request: SignableRequest,
    credentials: FetchCredentials,
    region: string,
    now: Date,
  ): Promise<void>;
  signV1(request: SignableRequest, credentials: FetchCredentials, now: Date): Promise<void>;
  encodeKey(key: string): string;
  canonicalQuery(query: Array<[string, string | undefined]>): string;
  defaults: {
    region: string;
    endpointTemplate: string;
    timeoutMs: number;
    retry: FetchRetryPolicy;
    pathStyle: boolean;
    pathStyleFor: readonly string[];
  };
  /** The operation that reads an object's length (HEAD), and its output members holding it. */
  probe?: { spec: OperationSpec; nextPosition: string; length: string } | undefined;
}

interface SignableRequest {
  method: string;
  bucket: string;
  key: string;
  query: Array<[string, string | undefined]>;
  headers: Record<string, string>;
}

/** The bodies the fetch client sends, as `validateInput` checks them. */
export const FETCH_BODIES = {
  accepts: (value: unknown): boolean =>
    typeof value === 'string' ||
    value instanceof Uint8Array ||
    value instanceof ArrayBuffer ||
    (typeof Blob !== 'undefined' && value instanceof Blob) ||
    (typeof ReadableStream !== 'undefined' && value instanceof ReadableStream),
  kinds: 'a string, Uint8Array, ArrayBuffer, Blob or ReadableStream',
} as const;

/** Headers a page may not set (the browser sends its own) and that no signature covers. */
const UNSENDABLE = new Set(['host', 'content-length', 'user-agent']);

/** How many objects' last append a client remembers for the CRC check of the next one. */
const REMEMBERED_OBJECTS = 1024;

/** One call in progress: its signal fires on the caller's abort. */
interface Call {
  readonly signal: AbortSignal;
  readonly progress: ((progress: FetchUploadProgress) => void) | undefined;
  end(): void;
}

/** A body ready for one attempt. */
interface Prepared {
  data: Uint8Array | Blob | ReadableStream<Uint8Array> | undefined;
  length: number | undefined;
}

function isIpHost(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':');
}

/**
 * fetch and XMLHttpRequest parse the URL as WHATWG URL does, which removes "." and ".." path segments: an object
 * key holding one (logs/../app.log is a key of its own) would be sent as another object's name. Refused before
 * anything is sent, as the C# client does; the Node client sends it as it is.
 */
function checkSendableKey(spec: OperationSpec, input: Record<string, unknown>): void {
  const field = keyMember(spec);
  const key = input[field];
  if (
    typeof key === 'string' &&
    key.split('/').some((segment) => segment === '.' || segment === '..')
  )
    throw new ValidationError(
      `${field}: has a "." or ".." path segment, which fetch removes from the URL (it would name another object); use the Node client or another key`,
      field,
      'objectKey.dotSegment',
    );
}

/** The byte length of a body known without reading it (a stream's is not). */
export function fetchBodyLength(body: FetchBody | undefined): number | undefined {
  if (body === undefined) return 0;
  if (typeof body === 'string') return new TextEncoder().encode(body).byteLength;
  if (body instanceof Uint8Array || body instanceof ArrayBuffer) return body.byteLength;
  if (typeof Blob !== 'undefined' && body instanceof Blob) return body.size;
  return undefined;
}

function isStream(body: unknown): body is ReadableStream<Uint8Array> {
  return typeof ReadableStream !== 'undefined' && body instanceof ReadableStream;
}

/** Feeds a Blob's bytes to the CRC (read as a stream: a large File is never held whole). */
async function crcOfBlob(blob: Blob, crc: Crc64): Promise<void> {
  const reader = blob.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    crc.update(value);
  }
}

/** A web stream that fails with IntegrityError at its end when the bytes' CRC-64 is not `expected`. */
function verifyingStream(
  body: ReadableStream<Uint8Array>,
  expected: bigint,
): ReadableStream<Uint8Array> {
  const crc = new Crc64();
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        crc.update(chunk);
        controller.enqueue(chunk);
      },
      flush(controller) {
        const actual = crc.digest();
        if (actual !== expected)
          controller.error(
            new IntegrityError(
              `downloaded CRC-64 ${actual} differs from the object’s ${expected}`,
              expected,
              actual,
            ),
          );
      },
    }),
  );
}

/** What the client uses of XMLHttpRequest (declared here: the package compiles without the DOM library). */
interface XhrLike {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  getAllResponseHeaders(): string;
  send(body: Uint8Array | Blob): void;
  abort(): void;
  responseType: string;
  readonly status: number;
  readonly response: ArrayBuffer | null;
  readonly upload: { onprogress: ((event: { loaded: number }) => void) | null };
  onload: (() => void) | null;
  onerror: (() => void) | null;
  ontimeout: (() => void) | null;
}

type XhrConstructor = new () => XhrLike;

/** One request through XMLHttpRequest, answered as a fetch Response; `onProgress` hears the bytes sent. XHR follows redirects itself (fetch here does not), and buffers the answer whole (only appends and uploads, whose answers are small, go this way). */
function sendWithXhr(
  Xhr: XhrConstructor,
  url: string,
  method: string,
  headers: Record<string, string>,
  body: Uint8Array | Blob,
  signal: AbortSignal,
  onProgress: (loaded: number) => void,
): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    signal.throwIfAborted();
    const xhr = new Xhr();
    const onAbort = () => {
      xhr.abort();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const settle = () => signal.removeEventListener('abort', onAbort);
    xhr.open(method, url);
    xhr.responseType = 'arraybuffer';
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => onProgress(event.loaded);
    xhr.onload = () => {
      settle();
      const answer = new Headers();
      for (const line of xhr.getAllResponseHeaders().split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon > 0) answer.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
      }
      const bodyless = method === 'HEAD' || xhr.status === 204 || xhr.status === 304;
      try {
        resolve(
          new Response(bodyless ? null : xhr.response, { status: xhr.status, headers: answer }),
        );
      } catch (err) {
        reject(new TypeError(`unusable answer (HTTP ${xhr.status})`, { cause: err }));
      }
    };
    xhr.onerror = xhr.ontimeout = () => {
      settle();
      reject(new TypeError(`${method} ${url}: the request failed`));
    };
    xhr.send(body);
  });
}

/** Reads at most `limit` bytes of an (error) body as UTF-8. */
async function readLimited(response: Response, limit: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value.subarray(0, Math.max(0, limit - size)));
    size += value.byteLength;
    if (size >= limit) {
      await reader.cancel();
      break;
    }
  }

  return new TextDecoder().decode(concat(chunks));
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let offset = 0;
  for (const c of chunks) {
    all.set(c, offset);
    offset += c.byteLength;
  }

  return all;
}

/** The fetch client's engine; use the generated `FetchOssClient` (or your model's name for it). */
export class FetchClientCore {
  readonly endpoint: URL;
  readonly region: string;
  readonly bucket: string | undefined;
  readonly signatureVersion: 'v4' | 'v1';
  readonly timeoutMs: number;
  readonly retry: Readonly<FetchRetryPolicy>;
  readonly #credentials: FetchClientOptions['credentials'];
  readonly #model: FetchModel;
  readonly #fetch: FetchFunction;
  /** XMLHttpRequest, for bodies whose upload progress is watched (browsers only, and only with the platform's own fetch). */
  readonly #xhr: XhrConstructor | undefined;
  readonly #clock: () => Date;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #pathStyle: boolean;
  /** Where this client's last append to each object ended, and the CRC-64 there. */
  readonly #lastAppends = new Map<string, { next: number; crc: bigint }>();

  constructor(options: FetchClientOptions, model: FetchModel) {
    this.#model = model;
    this.region = options.region ?? model.defaults.region;
    const endpoint =
      options.endpoint ?? model.defaults.endpointTemplate.replace('{region}', this.region);
    try {
      this.endpoint = new URL(endpoint);
    } catch (err) {
      throw new ValidationError(
        `endpoint: ${JSON.stringify(endpoint)} is not a URL`,
        'endpoint',
        'url',
        { cause: err },
      );
    }

    if (this.endpoint.protocol !== 'http:' && this.endpoint.protocol !== 'https:')
      throw new ValidationError('endpoint: must be an http or https URL', 'endpoint', 'protocol');
    this.bucket = options.bucket;
    this.signatureVersion = options.signatureVersion ?? 'v4';
    this.timeoutMs = options.timeoutMs ?? model.defaults.timeoutMs;
    if (!(this.timeoutMs > 0 && this.timeoutMs <= 2147483647))
      throw new ValidationError(
        'timeoutMs: must be a number of milliseconds between 1 and 2147483647',
        'timeoutMs',
        'range',
      );
    this.retry = { ...model.defaults.retry, ...options.retry };
    this.#credentials = options.credentials;
    const fetchFn = options.fetch ?? (globalThis.fetch as FetchFunction | undefined);
    if (typeof fetchFn !== 'function')
      throw new ValidationError(
        'fetch: this platform has no globalThis.fetch; pass one',
        'fetch',
        'required',
      );
    // Called unbound: a browser's fetch throws "Illegal invocation" when called as a method of another object.
    this.#fetch = (url, init) => fetchFn(url, init);
    this.#xhr = options.fetch
      ? undefined
      : (globalThis as { XMLHttpRequest?: XhrConstructor }).XMLHttpRequest;
    this.#clock = options.clock ?? (() => new Date());
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const host = this.endpoint.hostname.replace(/^\[|\]$/g, '');
    const kind = isIpHost(host) ? 'ip' : host === 'localhost' ? 'localhost' : 'name';
    this.#pathStyle = model.defaults.pathStyle || model.defaults.pathStyleFor.includes(kind);
  }

  /** Sends an operation that is not an append: retried on a network error, a timeout or a retryable status when its body can be sent again. */
  protected async invoke(
    spec: OperationSpec,
    input: Record<string, unknown>,
    options: FetchCallOptions,
  ): Promise<Record<string, unknown>> {
    const call = this.#startCall(options);
    try {
      return await this.#invoke(spec, input, call);
    } finally {
      call.end();
    }
  }

  async #invoke(
    spec: OperationSpec,
    input: Record<string, unknown>,
    call: Call,
  ): Promise<Record<string, unknown>> {
    const bucket = this.#bucketOf(spec, input);
    this.#model.validateInput(spec, input, FETCH_BODIES);
    checkSendableKey(spec, input);
    const body = input[bodyMember(spec)] as FetchBody | undefined;
    const length = fetchBodyLength(body);
    if (body !== undefined && length !== undefined)
      this.#model.checkObjectSize(bodyMember(spec), length);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#attempt(spec, input, bucket, undefined, call, { bytes: 0 });
      } catch (err) {
        if (call.signal.aborted) throw call.signal.reason;
        if (!this.#retryable(err, attempt) || isStream(body)) throw err;
        await this.#pause(this.#backoff(attempt), call);
      }
    }
  }

  /** Appends at `input.position`: the answer is checked (next position, CRC-64 whenever the previous one is known); an attempt whose outcome is unknown is resolved with a HEAD before anything is sent again (length at the position: resend; at the chunk's end with the expected CRC-64: landed; anything else: the original error, outcome unknown). Unlike the Node client, it does not read a range back. */
  protected async append(
    spec: OperationSpec,
    input: Record<string, unknown>,
    options: FetchAppendCallOptions,
  ): Promise<Record<string, unknown>> {
    const append = spec.append!;
    const call = this.#startCall(options);
    try {
      const bucket = this.#bucketOf(spec, input);
      this.#model.validateInput(spec, input, FETCH_BODIES);
      checkSendableKey(spec, input);
      const position = input[append.position] as number;
      const key = input[keyMember(spec)] as string;
      const body = input[bodyMember(spec)] as FetchBody | undefined;
      const length = fetchBodyLength(body);
      if (length !== undefined) this.#model.checkObjectSize(bodyMember(spec), position + length);
      const id = `${bucket}\n${key}`;
      const remembered = this.#lastAppends.get(id);
      const previousCrc =
        options.previousCrc ??
        (position === 0 ? 0n : remembered?.next === position ? remembered.crc : undefined);
      let unknown: unknown;
      for (let attempt = 1; ; attempt++) {
        const crc = previousCrc === undefined ? undefined : new Crc64(previousCrc);
        const counter = { bytes: 0 };
        try {
          const output = await this.#attempt(spec, input, bucket, crc, call, counter);
          return this.#remember(
            id,
            spec,
            checkAppendAnswer(spec, output, position, length ?? counter.bytes, crc),
          );
        } catch (err) {
          if (call.signal.aborted) throw call.signal.reason;
          if (
            !isUnknownOutcome(err) ||
            isStream(body) ||
            length === undefined ||
            !this.#model.probe
          )
            throw err;
          unknown ??= err;
          let stored: { length: number; output: Record<string, unknown> };
          try {
            stored = await this.#probe(bucket, key, call);
          } catch {
            throw call.signal.aborted ? call.signal.reason : unknown;
          }

          if (stored.length === position + length && length > 0 && previousCrc !== undefined) {
            const expected = new Crc64(previousCrc);
            await this.#feed(body, expected);
            if (stored.output[append.crc] === expected.digest()) {
              const output: Record<string, unknown> = { ...stored.output };
              output[append.nextPosition] = stored.length;
              return this.#remember(id, spec, output);
            }
          }

          if (stored.length !== position || attempt >= this.retry.maxAttempts) throw unknown;
          await this.#pause(this.#backoff(attempt), call);
        }
      }
    } finally {
      call.end();
    }
  }

  #remember(
    id: string,
    spec: OperationSpec,
    output: Record<string, unknown>,
  ): Record<string, unknown> {
    const next = output[spec.append!.nextPosition];
    const crc = output[spec.append!.crc];
    this.#lastAppends.delete(id);
    if (typeof next === 'number' && typeof crc === 'bigint') {
      if (this.#lastAppends.size >= REMEMBERED_OBJECTS)
        this.#lastAppends.delete(this.#lastAppends.keys().next().value!);
      this.#lastAppends.set(id, { next, crc });
    }

    return output;
  }

  async #probe(
    bucket: string,
    key: string,
    call: Call,
  ): Promise<{ length: number; output: Record<string, unknown> }> {
    const probe = this.#model.probe!;
    let output: Record<string, unknown>;
    try {
      output = await this.#invoke(
        probe.spec,
        { [bucketMember(probe.spec)]: bucket, [keyMember(probe.spec)]: key },
        call,
      );
    } catch (err) {
      if (err instanceof ServiceError && err.status === 404) return { length: 0, output: {} };
      throw err;
    }

    const next = output[probe.nextPosition];
    const size = output[probe.length];
    const length = typeof next === 'number' ? next : size;
    if (typeof length !== 'number')
      throw new ProtocolError('the object’s answer carries no length');
    return { length, output };
  }

  /** Feeds a replayable body to `crc`. */
  async #feed(body: FetchBody | undefined, crc: Crc64): Promise<void> {
    if (body === undefined) return;
    if (typeof body === 'string') crc.update(new TextEncoder().encode(body));
    else if (body instanceof ArrayBuffer) crc.update(new Uint8Array(body));
    else if (body instanceof Uint8Array) crc.update(body);
    else if (!isStream(body)) await crcOfBlob(body, crc);
  }

  /** Opens the body for one attempt: bytes and Blobs go to fetch as they are (their CRC computed beside), a stream through a tap that feeds the CRC and counts. */
  async #prepare(
    body: FetchBody | undefined,
    crc: Crc64 | undefined,
    counter: { bytes: number },
    progress: Call['progress'],
  ): Promise<Prepared> {
    if (body === undefined) return { data: undefined, length: 0 };
    if (isStream(body)) {
      let loaded = 0;
      const tap = new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          crc?.update(chunk);
          counter.bytes += chunk.byteLength;
          loaded += chunk.byteLength;
          progress?.({ loaded, total: undefined });
          controller.enqueue(chunk);
        },
      });
      return { data: body.pipeThrough(tap), length: undefined };
    }

    const data =
      typeof body === 'string'
        ? new TextEncoder().encode(body)
        : body instanceof ArrayBuffer
          ? new Uint8Array(body)
          : body;
    if (crc) await this.#feed(data, crc);
    const length = data instanceof Uint8Array ? data.byteLength : data.size;
    counter.bytes = length;
    return { data, length };
  }

  /** One signed request and its answer. */
  async #attempt(
    spec: OperationSpec,
    input: Record<string, unknown>,
    bucket: string,
    crc: Crc64 | undefined,
    call: Call,
    counter: { bytes: number },
  ): Promise<Record<string, unknown>> {
    call.signal.throwIfAborted();
    const credentials = await this.#resolveCredentials();
    const key = input[keyMember(spec)] as string;
    const query: Array<[string, string | undefined]> = spec.flags.map((flag) => [flag, undefined]);
    const headers: Record<string, string> = {};
    for (const m of spec.input) {
      const value = input[m.name];
      if (value === undefined || value === null) continue;
      if (m.location === 'query') query.push([m.wire ?? m.name, headerValue(value)]);
      else if (m.location === 'header') headers[m.wire ?? m.name] = headerValue(value);
      else if (m.location === 'header-map')
        for (const [name, v] of Object.entries(value as Record<string, string>))
          headers[`${m.wire ?? ''}${name.toLowerCase()}`] = v;
    }

    const hasBody = spec.input.some((m) => m.location === 'body');
    const prepared = await this.#prepare(
      input[bodyMember(spec)] as FetchBody | undefined,
      crc,
      counter,
      call.progress,
    );
    // fetch sends a typed Blob (a File) with its type as Content-Type, which V4 and V1 sign: sign what goes out.
    if (
      hasBody &&
      prepared.data instanceof Blob &&
      prepared.data.type &&
      headers['content-type'] === undefined
    )
      headers['content-type'] = prepared.data.type;
    const signable = { method: spec.method, bucket, key, query, headers };
    if (this.signatureVersion === 'v1')
      await this.#model.signV1(signable, credentials, this.#clock());
    else await this.#model.signV4(signable, credentials, this.region, this.#clock());
    const { encodeKey, canonicalQuery } = this.#model;
    const queryString = canonicalQuery(query);
    const host = this.#pathStyle ? this.endpoint.host : `${bucket}.${this.endpoint.host}`;
    const path =
      (this.#pathStyle ? `/${encodeKey(bucket)}/${encodeKey(key)}` : `/${encodeKey(key)}`) +
      (queryString ? `?${queryString}` : '');
    const send: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers))
      if (!UNSENDABLE.has(name)) send[name] = value;

    // One attempt's deadline, until the answer's headers (and an error body) are in.
    const attempt = new AbortController();
    const onAbort = () => attempt.abort(call.signal.reason);
    call.signal.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(
      () =>
        attempt.abort(new TimeoutError(`no answer within ${this.timeoutMs} ms`, this.timeoutMs)),
      this.timeoutMs,
    );
    const done = () => {
      clearTimeout(timer);
      call.signal.removeEventListener('abort', onAbort);
    };
    const total = prepared.length;
    const data = hasBody ? prepared.data : undefined;
    try {
      // Where XMLHttpRequest exists (browsers) and fetch was not replaced, a watched body goes out through it: it reports upload progress as bytes leave, which fetch cannot.
      const xhr = call.progress && data !== undefined && !isStream(data) ? this.#xhr : undefined;
      if (data !== undefined && !isStream(data)) call.progress?.({ loaded: 0, total });
      let response: Response;
      try {
        const url = `${this.endpoint.protocol}//${host}${path}`;
        if (xhr)
          response = await sendWithXhr(
            xhr,
            url,
            spec.method,
            send,
            data as Uint8Array | Blob,
            attempt.signal,
            (loaded) => call.progress?.({ loaded, total }),
          );
        else
          response = await this.#fetch(url, {
            method: spec.method,
            headers: send,
            // A Uint8Array over a SharedArrayBuffer is not a BodyInit; the client's bodies never are.
            ...(data === undefined ? {} : { body: data as Blob }),
            // A stream body must say so (fetch's half-duplex upload).
            ...(isStream(data) ? { duplex: 'half' } : {}),
            redirect: 'manual',
            cache: 'no-store',
            credentials: 'omit',
            signal: attempt.signal,
          } as RequestInit);
      } catch (err) {
        if (attempt.signal.aborted) throw attempt.signal.reason;
        throw err instanceof SdkError
          ? err
          : new NetworkError(
              `${spec.method} ${host}: ${err instanceof Error ? err.message : String(err)}`,
              { cause: err },
            );
      }

      const answer: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        answer[name.toLowerCase()] = value;
      });
      // Redirects are never followed: a 3xx (or the opaque answer a browser gives for one, status 0) is an error answer.
      if (response.status >= 300 || response.status < 200) {
        const text = await readLimited(response, MAX_ERROR_BODY_BYTES).catch((err: unknown) => {
          if (attempt.signal.aborted) throw attempt.signal.reason;
          throw new NetworkError('the answer was cut short', { cause: err });
        });
        throw this.#model.createServiceError(response.status, answer, text);
      }

      if (data !== undefined && !isStream(data) && !xhr)
        call.progress?.({ loaded: total ?? 0, total });
      const bodyName = spec.output.find((m) => m.location === 'body')?.name;
      if (!bodyName)
        await response.arrayBuffer().catch((err: unknown) => {
          if (attempt.signal.aborted) throw attempt.signal.reason;
          throw new NetworkError('the answer was cut short', { cause: err });
        });
      const output = parseOutput(spec, answer, undefined);
      if (bodyName) {
        const verify = spec.verifyBody;
        const expected = verify ? output[verify.crc] : undefined;
        const raw = response.body ?? new Blob([]).stream();
        const stream =
          verify &&
          typeof expected === 'bigint' &&
          response.status === 200 &&
          (verify.unlessInput === undefined || input[verify.unlessInput] === undefined)
            ? verifyingStream(raw, expected)
            : raw;
        output[bodyName] = stream;
        addFetchBodyReaders(output, bodyName);
      }

      return output;
    } finally {
      done();
    }
  }

  #retryable(err: unknown, attempt: number): boolean {
    if (attempt >= this.retry.maxAttempts) return false;
    if (err instanceof NetworkError || err instanceof TimeoutError) return true;
    return err instanceof ServiceError && this.retry.retryableStatuses.includes(err.status);
  }

  #backoff(attempt: number): number {
    const cap = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.floor(Math.random() * cap);
  }

  async #pause(ms: number, call: Call): Promise<void> {
    call.signal.throwIfAborted();
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(call.signal.reason);
      call.signal.addEventListener('abort', onAbort, { once: true });
      this.#sleep(ms).then(() => {
        call.signal.removeEventListener('abort', onAbort);
        resolve();
      }, reject);
    });
  }

  #startCall(options: FetchCallOptions): Call {
    const controller = new AbortController();
    const users = [options.signal, options.abortSignal].filter(
      (s): s is AbortSignal => s !== undefined,
    );
    const cancel = (user: AbortSignal) =>
      controller.abort(
        new AbortError('the call was cancelled through its signal', { cause: user.reason }),
      );
    const listeners = users.map((user) => [user, () => cancel(user)] as const);
    for (const [user, listener] of listeners) {
      if (controller.signal.aborted) break;
      if (user.aborted) cancel(user);
      else user.addEventListener('abort', listener, { once: true });
    }

    return {
      signal: controller.signal,
      progress: options.onUploadProgress,
      end: () => {
        for (const [user, listener] of listeners) user.removeEventListener('abort', listener);
      },
    };
  }

  #bucketOf(spec: OperationSpec, input: Record<string, unknown>): string {
    const bucket = (input[bucketMember(spec)] as string | undefined) ?? this.bucket;
    if (!bucket)
      throw new ValidationError(
        'bucket: is required (in the input or the client options)',
        'bucket',
        'required',
      );
    return bucket;
  }

  async #resolveCredentials(): Promise<FetchCredentials> {
    const source = this.#credentials;
    let credentials: FetchCredentials | undefined;
    try {
      credentials = typeof source === 'function' ? await source() : source;
    } catch (err) {
      if (err instanceof SdkError) throw err;
      throw new ValidationError(
        'credentials: the credentials provider failed',
        'credentials',
        'provider',
        { cause: err },
      );
    }

    if (typeof credentials !== 'object' || credentials === null)
      throw new ValidationError('credentials: none configured', 'credentials', 'required');
    checkCredential('accessKeyId', credentials.accessKeyId);
    checkCredential('accessKeySecret', credentials.accessKeySecret);
    if (credentials.securityToken !== undefined && credentials.securityToken !== '')
      checkCredential('securityToken', credentials.securityToken);
    return credentials;
  }
}

/** Adds `text()`, `bytes()` and `blob()` over `output[member]` (a web stream), as non-enumerable methods; one read only (a second is a ValidationError). */
export function addFetchBodyReaders<T extends object>(
  output: T,
  member: string,
): T & FetchBodyReaders {
  const record = output as Record<string, unknown>;
  let used = false;
  const bytes = async (): Promise<Uint8Array> => {
    if (used) throw new ValidationError(`${member}: has already been read`, member, 'consumed');
    used = true;
    // Read here rather than with new Response(stream): that would hide an IntegrityError behind a TypeError.
    const reader = (record[member] as ReadableStream<Uint8Array>).getReader();
    const chunks: Uint8Array[] = [];
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
      }
    } catch (err) {
      throw err instanceof SdkError
        ? err
        : new NetworkError('the answer was cut short', { cause: err });
    }

    return concat(chunks);
  };
  const readers: FetchBodyReaders = {
    bytes,
    text: async () => new TextDecoder().decode(await bytes()),
    blob: async () => new Blob([(await bytes()) as Uint8Array<ArrayBuffer>]),
  };
  for (const [name, value] of Object.entries(readers))
    Object.defineProperty(output, name, { value, enumerable: false, configurable: true });
  return output as T & FetchBodyReaders;
}
