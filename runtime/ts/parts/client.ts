/**
 * Model-independent parts of the generated src/client.ts (generator/emitters/typescript/view-model/client.ts
 * splices each region into it as it is). The class below stands for the generated OssClient: those regions
 * are method bodies, at the indentation they have there.
 */
import type { UploadProgressListener } from '../body.js';
import {
  AbortError,
  SdkError,
  NetworkError,
  ProtocolError,
  ServiceError,
  TimeoutError,
  ValidationError,
} from '../sdk-errors.js';
import type { Hooks, Transport, TransportRequest, TransportResponse } from '../transport.js';
import { NodeTransport, observedTransport } from '../transport.js';
import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import type { Readable } from 'node:stream';
import type { BodySource } from '../body.js';

interface OperationSpec {
  idempotent: boolean;
}
interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string | undefined;
}
declare const NODE_BODIES: unknown;
declare function isReplayable(body: BodySource | undefined): boolean;
declare function bodyMember(spec: OperationSpec): string;
declare function knownLength(body: BodySource | undefined): Promise<number | undefined>;
declare function checkObjectSize(field: string, length: number): void;
declare function validateInput(spec: object, input: unknown, bodies: unknown): void;

interface CallOptions {
  signal?: AbortSignal | undefined;
  abortSignal?: AbortSignal | undefined;
  operationTimeout?: number | undefined;
  onUploadProgress?: UploadProgressListener | undefined;
}
interface RetryPolicy {
  maxAttempts: number;
  retryableStatuses: readonly number[];
  baseDelayMs: number;
  maxDelayMs: number;
  honorRetryAfter: boolean;
}

// #region call-types
/** Where a chunk whose append outcome was unknown stands: `landed` (then `output` is what the append would have returned), or not there, with the object’s current `length` (`verified` when its absence was proven by the length equal to the position or by reading the range back). */
export type AppendCheck<T> =
  { landed: true; output: T } | { landed: false; length: number; verified: boolean };
/** One call in progress: its signal fires on the caller’s abort or at the operation deadline. */
interface Call {
  readonly signal: AbortSignal;
  /** False when the call has neither a caller’s signal nor a deadline: its signal (`NEVER_ABORTED`) cannot fire, so nothing listens to it and the transport gets none. */
  readonly cancellable: boolean;
  /** Reported to as a request body goes out. */
  readonly progress: UploadProgressListener | undefined;
  end(): void;
}
// #endregion

// #region call-helpers
/** The signal of every call that nothing can cancel (no caller’s signal, no deadline): never aborted, never listened to, so such a call costs no AbortController and no listeners per request. */
const NEVER_ABORTED = new AbortController().signal;

/** What ends a call that nothing can cancel: it holds no timer and no listener. */
function uncancellableEnd(): void {}

/** Whether two credentials hold the same values. */
function sameCredentials(a: Credentials, b: Credentials): boolean {
  if (a.accessKeyId !== b.accessKeyId || a.accessKeySecret !== b.accessKeySecret) return false;
  return a.securityToken === b.securityToken;
}

/** A call that nothing can cancel and nobody watches (the same for every such call). */
const UNCANCELLABLE: Call = {
  signal: NEVER_ABORTED,
  cancellable: false,
  progress: undefined,
  end: uncancellableEnd,
};

/** The error a cancelled or timed-out call ends with: the abort reason, unless the service had already answered. */
function stopped(call: Call, err: unknown): unknown {
  return err instanceof NetworkError || err instanceof TimeoutError || err instanceof AbortError
    ? call.signal.reason
    : err;
}
// #endregion

export abstract class ClientParts {
  protected abstract readonly operationTimeout: number | undefined;
  protected abstract readonly sleep: (ms: number) => Promise<void>;
  protected abstract readonly retry: RetryPolicy;
  protected abstract readonly transport: Transport;
  protected abstract bucketOf(input: Record<string, unknown>): string;
  protected abstract attempt(
    spec: OperationSpec,
    input: Record<string, unknown>,
    bucket: string,
    crc: undefined,
    call: Call,
  ): Promise<Record<string, unknown>>;

  startCall(options: CallOptions): Call {
    // #region start-call
    const limit = options.operationTimeout ?? this.operationTimeout;
    if (limit !== undefined && !(limit > 0 && limit <= 2147483647))
      throw new ValidationError(
        'operationTimeout: must be a number of milliseconds between 1 and 2147483647',
        'operationTimeout',
        'range',
      );
    if (limit === undefined && options.signal === undefined && options.abortSignal === undefined) {
      if (options.onUploadProgress === undefined) return UNCANCELLABLE;
      return {
        signal: NEVER_ABORTED,
        cancellable: false,
        progress: options.onUploadProgress,
        end: uncancellableEnd,
      };
    }

    const controller = new AbortController();
    // `signal` and its AWS SDK v3 name `abortSignal`: either one cancels.
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

    const timer =
      limit === undefined
        ? undefined
        : setTimeout(
            () =>
              controller.abort(
                new TimeoutError(
                  `the call did not finish within its operationTimeout of ${limit} ms`,
                  limit,
                ),
              ),
            limit,
          );
    return {
      signal: controller.signal,
      cancellable: true,
      progress: options.onUploadProgress,
      end: () => {
        clearTimeout(timer);
        for (const [user, listener] of listeners) user.removeEventListener('abort', listener);
      },
    };
    // #endregion
  }

  async pause(ms: number, call: Call): Promise<void> {
    // #region pause
    call.signal.throwIfAborted();
    if (!call.cancellable) return this.sleep(ms);
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(call.signal.reason);
      call.signal.addEventListener('abort', onAbort, { once: true });
      this.sleep(ms).then(() => {
        call.signal.removeEventListener('abort', onAbort);
        resolve();
      }, reject);
    });
    // #endregion
  }

  backoff(attempt: number, err: unknown): number {
    // #region backoff
    const cap = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    let delay = Math.random() * cap;
    if (this.retry.honorRetryAfter && err instanceof ServiceError) {
      const seconds = Number(err.headers['retry-after']);
      if (Number.isFinite(seconds) && seconds > 0) delay = Math.max(delay, seconds * 1000);
    }

    return Math.round(delay);
    // #endregion
  }

  retryable(
    spec: OperationSpec,
    input: Record<string, unknown>,
    err: unknown,
    attempt: number,
  ): boolean {
    // #region retryable
    if (attempt >= this.retry.maxAttempts || !spec.idempotent) return false;
    if (!isReplayable(input[bodyMember(spec)] as BodySource | undefined)) return false;
    if (err instanceof NetworkError || err instanceof TimeoutError) return true;
    return (
      err instanceof ServiceError &&
      (err.retryable || this.retry.retryableStatuses.includes(err.status))
    );
    // #endregion
  }

  async invoke(
    spec: OperationSpec,
    input: Record<string, unknown>,
    call: Call,
  ): Promise<Record<string, unknown>> {
    // #region invoke
    const bucket = this.bucketOf(input);
    validateInput(spec, input, NODE_BODIES);
    const body = input[bodyMember(spec)] as BodySource | undefined;
    if (body !== undefined) {
      const length = await knownLength(body);
      if (length !== undefined) checkObjectSize(bodyMember(spec), length);
    }

    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(spec, input, bucket, undefined, call);
      } catch (err) {
        if (call.signal.aborted) throw stopped(call, err);
        if (!this.retryable(spec, input, err, attempt)) throw err;
        await this.pause(this.backoff(attempt, err), call);
      }
    }
    // #endregion
  }

  send(request: TransportRequest, call: Call): Promise<TransportResponse> {
    // #region send
    if (!call.cancellable) return this.transport(request);
    const sent = this.transport(request);
    return new Promise<TransportResponse>((resolve, reject) => {
      const onAbort = () => {
        reject(call.signal.reason);
        sent.then(
          (late) => late.body.destroy(),
          () => undefined,
        );
      };
      call.signal.addEventListener('abort', onAbort, { once: true });
      sent.then(
        (response) => {
          call.signal.removeEventListener('abort', onAbort);
          resolve(response);
        },
        (err: unknown) => {
          call.signal.removeEventListener('abort', onAbort);
          reject(err);
        },
      );
    });
    // #endregion
  }
}

export function fromEnvironment(): {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
} {
  const accessKeyId = process.env['OSS_ACCESS_KEY_ID'] ?? '';
  const accessKeySecret = process.env['OSS_ACCESS_KEY_SECRET'] ?? '';
  const securityToken = process.env['OSS_SESSION_TOKEN'];
  // #region environment-credentials
  return securityToken
    ? { accessKeyId, accessKeySecret, securityToken }
    : { accessKeyId, accessKeySecret };
  // #endregion
}

// Used by the generated client (sameCredentials by its resolveCredentials, which the view-model writes).
export { sameCredentials, stopped };

interface AppendSpec {
  append?: { position: string; nextPosition: string; crc: string };
  output: readonly { name: string }[];
}
interface AppendCallOptions {
  previousCrc?: bigint | undefined;
}
declare const REMEMBERED_OBJECTS: number;
declare function keyMember(spec: AppendSpec): string;
declare function crcOfBody(body: BodySource | undefined, crc: bigint): Promise<bigint>;

/** Stands for the generated OssClient's credentials and append paths. */
export abstract class AppendParts {
  readonly #credentials: Credentials | (() => Promise<Credentials>) | undefined;
  #checked: Credentials | undefined;
  private readonly lastAppends: Map<string, { next: number; crc: bigint }> = new Map();
  private lastAppended: { bucket: string; key: string; next: number; crc: bigint } | undefined;
  protected abstract bucketOf(input: Record<string, unknown>): string;
  protected abstract checkCredentials(
    configured: Credentials | (() => Promise<Credentials>) | undefined,
  ): Promise<Credentials>;
  protected abstract probe(
    bucket: string,
    key: string,
    call: Call,
  ): Promise<{ length: number; output: Record<string, unknown> }>;
  protected abstract rangeCrc(
    bucket: string,
    key: string,
    position: number,
    length: number,
    call: Call,
  ): Promise<bigint>;

  constructor(credentials: Credentials | undefined) {
    this.#credentials = credentials;
  }

  protected resolveCredentials(): Credentials | Promise<Credentials> {
    // #region resolve-credentials
    const configured = this.#credentials;
    const checked = this.#checked;
    if (checked && typeof configured === 'object' && sameCredentials(checked, configured))
      return configured;
    return this.checkCredentials(configured);
    // #endregion
  }

  protected async appendStart(
    spec: OperationSpec & AppendSpec,
    input: Record<string, unknown>,
    options: AppendCallOptions,
  ): Promise<void> {
    // #region append-start
    const append = spec.append!;
    const bucket = this.bucketOf(input);
    validateInput(spec, input, NODE_BODIES);
    const position = input[append.position] as number;
    const key = input[keyMember(spec)] as string;
    const body = input[bodyMember(spec)] as BodySource | undefined;
    const length = body instanceof Uint8Array ? body.byteLength : await knownLength(body);
    if (length !== undefined) checkObjectSize(bodyMember(spec), position + length);
    // The CRC before this append: given, implied by position 0, or remembered from this client’s last append to the object when it ended at this position (looked up only then).
    let previousCrc = options.previousCrc ?? (position === 0 ? 0n : undefined);
    if (previousCrc === undefined) {
      const remembered = this.lastAppends.get(`${bucket}\n${key}`);
      if (remembered?.next === position) previousCrc = remembered.crc;
    }
    /** The first error after which the outcome was unknown: what the caller gets when it cannot be resolved. */
    let unknown: unknown;
    // #endregion
    void [append, previousCrc, unknown];
  }

  protected remember(
    bucket: string,
    key: string,
    append: NonNullable<AppendSpec['append']>,
    output: Record<string, unknown>,
  ): Record<string, unknown> {
    // #region remember
    const next = output[append.nextPosition];
    const crc = output[append.crc];
    const believed = typeof next === 'number' && typeof crc === 'bigint';
    // The object appended to last is the newest entry already: kept in place (no key string, no reordering).
    const last = this.lastAppended;
    if (believed && last !== undefined && last.bucket === bucket && last.key === key) {
      last.next = next;
      last.crc = crc;
      return output;
    }

    const id = `${bucket}\n${key}`;
    this.lastAppends.delete(id);
    this.lastAppended = undefined;
    if (believed) {
      if (this.lastAppends.size >= REMEMBERED_OBJECTS)
        this.lastAppends.delete(this.lastAppends.keys().next().value!);
      const state = { bucket, key, next, crc };
      this.lastAppends.set(id, state);
      this.lastAppended = state;
    }

    return output;
    // #endregion
  }

  protected async locate(
    spec: AppendSpec,
    bucket: string,
    key: string,
    position: number,
    length: number,
    body: BodySource | undefined,
    previousCrc: bigint | undefined,
    call: Call,
  ): Promise<AppendCheck<Record<string, unknown>>> {
    // #region locate
    const append = spec.append!;
    const state = await this.probe(bucket, key, call);
    const stored = state.length;
    if (stored === position) return { landed: false, length: stored, verified: true };
    // Appends are atomic: an object shorter than the chunk’s end does not hold it.
    if (stored < position + length || length === 0)
      return { landed: false, length: stored, verified: false };
    const expectedCrc = previousCrc === undefined ? undefined : await crcOfBody(body, previousCrc);
    if (
      stored === position + length &&
      expectedCrc !== undefined &&
      state.output[append.crc] === expectedCrc
    ) {
      const output: Record<string, unknown> = {};
      for (const m of spec.output)
        if (state.output[m.name] !== undefined) output[m.name] = state.output[m.name];
      output[append.nextPosition] = stored;
      return { landed: true, output };
    }

    // The object has grown past the chunk (or its CRC is unknown): read the chunk’s range back and compare.
    const chunkCrc = await crcOfBody(body, 0n);
    if ((await this.rangeCrc(bucket, key, position, length, call)) !== chunkCrc)
      return { landed: false, length: stored, verified: true };
    const output: Record<string, unknown> = { [append.nextPosition]: position + length };
    if (expectedCrc !== undefined) output[append.crc] = expectedCrc;
    return { landed: true, output };
    // #endregion
  }
}

declare const DEFAULT_TIMEOUT_MS: number;
declare const DEFAULT_RETRY: Readonly<RetryPolicy>;
declare const SECRET_HEADERS: readonly string[];
interface ClientOptions {
  credentials?: Credentials | (() => Promise<Credentials>) | undefined;
  timeoutMs?: number | undefined;
  operationTimeout?: number | undefined;
  retry?: Partial<RetryPolicy> | undefined;
  agent?: HttpAgent | HttpsAgent | undefined;
  clock?: (() => Date) | undefined;
  sleep?: ((ms: number) => Promise<void>) | undefined;
  transport?: Transport | undefined;
  hooks?: Hooks | undefined;
}

/** Stands for the generated OssClient's constructor: the options every model's client has. */
export class ConstructorParts {
  readonly timeoutMs: number;
  readonly operationTimeout: number | undefined;
  readonly retry: Readonly<RetryPolicy>;
  readonly #credentials: Credentials | (() => Promise<Credentials>) | undefined;
  private readonly clock: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly transport: Transport;
  private readonly ownTransport: NodeTransport | undefined;

  constructor(options: ClientOptions = {}) {
    // #region constructor-options
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!(this.timeoutMs > 0 && this.timeoutMs <= 2147483647))
      throw new ValidationError(
        'timeoutMs: must be a number of milliseconds between 1 and 2147483647',
        'timeoutMs',
        'range',
      );
    this.operationTimeout = options.operationTimeout;
    if (
      this.operationTimeout !== undefined &&
      !(this.operationTimeout > 0 && this.operationTimeout <= 2147483647)
    )
      throw new ValidationError(
        'operationTimeout: must be a number of milliseconds between 1 and 2147483647',
        'operationTimeout',
        'range',
      );
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.#credentials = options.credentials;
    this.clock = options.clock ?? (() => new Date());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    let transport: Transport;
    if (options.transport) {
      transport = options.transport;
    } else {
      const own = new NodeTransport(options.agent, this.timeoutMs);
      this.ownTransport = own;
      transport = (request) => own.send(request);
    }

    // Hooks observe beside the transport (redacted copies); without them nothing is wrapped.
    this.transport = options.hooks
      ? observedTransport(transport, options.hooks, SECRET_HEADERS)
      : transport;
    // #endregion
  }

  get parts(): unknown {
    return [this.#credentials, this.clock, this.sleep, this.transport, this.ownTransport];
  }
}

declare function bucketMember(spec: AppendSpec): string;

/** Stands for the generated OssClient's read-backs: probe and rangeCrc. */
export abstract class ReadBackParts {
  protected abstract invoke(
    spec: AppendSpec,
    input: Record<string, unknown>,
    call: Call,
  ): Promise<Record<string, unknown>>;

  protected async probe(
    spec: AppendSpec,
    bucket: string,
    key: string,
    call: Call,
  ): Promise<unknown> {
    let output: Record<string, unknown>;
    try {
      // #region probe-invoke
      output = await this.invoke(
        spec,
        { [bucketMember(spec)]: bucket, [keyMember(spec)]: key },
        call,
      );
      // #endregion
    } catch {
      return undefined;
    }
    return output;
  }

  protected checkRange(body: Readable, range: unknown, position: number, last: number): void {
    // #region range-check
    if (
      typeof range !== 'string' ||
      !range.replace(/\s+/g, ' ').startsWith(`bytes ${position}-${last}/`)
    ) {
      body.destroy();
      throw new ProtocolError(
        `the read-back answered ${JSON.stringify(range ?? '')}, not bytes ${position}-${last}`,
      );
    }
    // #endregion
  }
}

interface PresignSpec extends AppendSpec {
  method: string;
  flags: readonly string[];
  input: readonly { name: string; location: string; wire?: string | undefined }[];
}
interface Signable {
  method: string;
  bucket: string;
  key: string;
  query: Array<[string, string | undefined]>;
  headers: Record<string, string>;
}
declare const MAX_PRESIGN_EXPIRES_SECONDS: number;
declare function headerValue(value: unknown): string;
declare function encodeKey(key: string): string;
declare function canonicalQuery(query: Array<[string, string | undefined]>): string;
declare function presignV1(s: Signable, c: Credentials, now: Date, expires: number): void;
declare function presignV4(
  s: Signable,
  c: Credentials,
  region: string,
  now: Date,
  expires: number,
  additional?: readonly string[],
): void;

/** Stands for the generated OssClient's presignRequest. */
export abstract class PresignParts {
  protected abstract readonly signatureVersion: 'v4' | 'v1';
  protected abstract readonly pathStyle: boolean;
  protected abstract readonly endpoint: URL;
  protected abstract readonly endpointProtocol: 'http:' | 'https:';
  protected abstract readonly endpointHost: string;
  protected abstract readonly region: string;
  protected abstract clock(): Date;
  protected abstract bucketOf(input: Record<string, unknown>): string;
  protected abstract resolveCredentials(): Credentials | Promise<Credentials>;

  protected async presignRequest(
    spec: PresignSpec,
    input: Record<string, unknown>,
    options: {
      signatureVersion?: 'v4' | 'v1' | undefined;
      expiresSeconds: number;
      additionalHeaders?: string[] | undefined;
    },
  ): Promise<{ method: string; url: string; expiration: Date; headers: Record<string, string> }> {
    // #region presign-start
    const bucket = this.bucketOf(input);
    validateInput(
      { ...spec, input: spec.input.filter((m) => m.location !== 'body') },
      input,
      NODE_BODIES,
    );
    const version = options.signatureVersion ?? this.signatureVersion;
    const expires = options.expiresSeconds;
    const max = version === 'v4' ? MAX_PRESIGN_EXPIRES_SECONDS : Number.MAX_SAFE_INTEGER;
    if (!Number.isSafeInteger(expires) || expires < 1 || expires > max)
      throw new ValidationError(
        `expiresSeconds: must be a whole number of seconds from 1 to ${max}`,
        'expiresSeconds',
        'range',
      );
    const credentials = await this.resolveCredentials();
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

    const now = this.clock();
    const signable = { method: spec.method, bucket, key, query, headers };
    const base = this.pathStyle ? `/${encodeKey(bucket)}/${encodeKey(key)}` : `/${encodeKey(key)}`;
    const host = this.pathStyle ? this.endpoint.host : `${bucket}.${this.endpoint.host}`;
    // #endregion
    // #region presign-additional
    // Host is sent by every HTTP client: signable when asked for, never in the headers to send.
    const additional = options.additionalHeaders ?? [];
    const signedHost: Record<string, string> = additional.some(
      (name) => name.trim().toLowerCase() === 'host',
    )
      ? { host }
      : {};
    if (version === 'v1') presignV1(signable, credentials, now, expires);
    else
      presignV4(
        { ...signable, headers: { ...headers, ...signedHost } },
        credentials,
        this.region,
        now,
        expires,
        additional,
      );
    // #endregion
    // #region presign-return
    return {
      method: spec.method,
      url: `${this.endpoint.protocol}//${host}${base}?${canonicalQuery(query)}`,
      expiration: new Date((Math.floor(now.getTime() / 1000) + expires) * 1000),
      headers,
    };
    // #endregion
  }
}

interface Prepared {
  data: Uint8Array | Readable | undefined;
  length: number | undefined;
  hashed: Promise<void> | undefined;
}
interface AttemptSpec extends PresignSpec, OperationSpec {
  output: readonly { name: string; location: string }[];
  verifyBody?: { crc: string; unlessInput?: string | undefined } | undefined;
}
interface Crc64 {
  update(bytes: Uint8Array): void;
}
declare const USER_AGENT: string;
declare function prepareInMemory(
  source: string | Uint8Array,
  crc: Crc64 | undefined,
  counter: { bytes: number } | undefined,
  progress: UploadProgressListener | undefined,
): Prepared | undefined;
declare function prepareBody(
  source: BodySource | undefined,
  crc: Crc64 | undefined,
  counter: { bytes: number } | undefined,
  progress: UploadProgressListener | undefined,
): Promise<Prepared>;
declare function signV1(s: Signable, c: Credentials, now: Date): void;
declare function signV4(s: Signable, c: Credentials, region: string, now: Date): void;
declare function readBounded(body: Readable, deadline: number, timeoutMs: number): Promise<string>;
declare function createServiceError(
  status: number,
  headers: Record<string, string>,
  text: string,
): ServiceError;
declare function drainEmpty(body: Readable): Promise<void> | undefined;
declare function parseOutput(
  spec: AttemptSpec,
  headers: Record<string, string>,
  body: Readable,
): Record<string, unknown>;
declare function typedBody(body: Readable): Readable;
declare function verifyingBody(body: Readable, expected: bigint): Readable;
declare function addBodyReaders(output: Record<string, unknown>, name: string): void;

/** Stands for the generated OssClient's attempt: one request and its answer. */
export abstract class AttemptParts {
  protected abstract readonly signatureVersion: 'v4' | 'v1';
  protected abstract readonly pathStyle: boolean;
  protected abstract readonly endpoint: URL;
  protected abstract readonly endpointProtocol: 'http:' | 'https:';
  protected abstract readonly endpointHost: string;
  protected abstract readonly region: string;
  protected abstract readonly timeoutMs: number;
  protected abstract clock(): Date;
  protected abstract resolveCredentials(): Credentials | Promise<Credentials>;
  protected abstract send(
    request: TransportRequest,
    call: Call,
  ): Promise<TransportResponse & { deadline?: number | undefined; body: Readable }>;

  protected async attempt(
    spec: AttemptSpec,
    input: Record<string, unknown>,
    bucket: string,
    crc: Crc64 | undefined,
    call: Call,
    counter?: { bytes: number },
  ): Promise<Record<string, unknown>> {
    // #region attempt
    call.signal.throwIfAborted();
    const resolved = this.resolveCredentials();
    const credentials = resolved instanceof Promise ? await resolved : resolved;
    const key = input[keyMember(spec)] as string;
    const query: Array<[string, string | undefined]> = spec.flags.map((flag) => [flag, undefined]);
    const headers: Record<string, string> = { 'user-agent': USER_AGENT };
    for (const m of spec.input) {
      const value = input[m.name];
      if (value === undefined || value === null) continue;
      if (m.location === 'query') query.push([m.wire ?? m.name, headerValue(value)]);
      else if (m.location === 'header') headers[m.wire ?? m.name] = headerValue(value);
      else if (m.location === 'header-map') {
        for (const [name, v] of Object.entries(value as Record<string, string>))
          headers[`${m.wire ?? ''}${name.toLowerCase()}`] = v;
      }
    }

    const source = input[bodyMember(spec)] as BodySource | undefined;
    // A string or bytes is ready at once (no hop through a promise).
    const inMemory = typeof source === 'string' || source instanceof Uint8Array;
    let prepared = inMemory ? prepareInMemory(source, crc, counter, call.progress) : undefined;
    prepared ??= await prepareBody(source, crc, counter, call.progress);
    const hasBody = spec.input.some((m) => m.location === 'body');
    if (hasBody && prepared.length !== undefined)
      headers['content-length'] = String(prepared.length);
    const signable = { method: spec.method, bucket, key, query, headers };
    if (this.signatureVersion === 'v1') signV1(signable, credentials, this.clock());
    else signV4(signable, credentials, this.region, this.clock());
    const queryString = canonicalQuery(query);
    const path =
      (this.pathStyle ? `/${encodeKey(bucket)}/${encodeKey(key)}` : `/${encodeKey(key)}`) +
      (queryString ? `?${queryString}` : '');
    const request: TransportRequest = {
      method: spec.method,
      protocol: this.endpointProtocol,
      host: this.pathStyle ? this.endpointHost : `${bucket}.${this.endpointHost}`,
      path,
      headers,
      body: hasBody ? prepared.data : undefined,
      timeoutMs: this.timeoutMs,
    };
    if (call.cancellable) request.signal = call.signal;
    const response = await this.send(request, call);
    // A large in-memory body is hashed while it goes out (body.ts): its CRC is complete once this resolves.
    if (prepared.hashed) await prepared.hashed;
    const deadline = response.deadline ?? Date.now() + this.timeoutMs;
    // Redirects are never followed: a 3xx is an error answer like a 4xx, and nothing is sent to its Location.
    if (response.status >= 300 || response.status < 200) {
      const text = await readBounded(response.body, deadline, this.timeoutMs);
      throw createServiceError(response.status, response.headers, text);
    }

    const bodyName = spec.output.find((m) => m.location === 'body')?.name;
    // An answer without content is read to its end (bounded): one cut short is a NetworkError, an unknown outcome.
    if (!bodyName)
      await (drainEmpty(response.body) ?? readBounded(response.body, deadline, this.timeoutMs));
    let output: Record<string, unknown>;
    try {
      output = parseOutput(spec, response.headers, response.body);
    } catch (err) {
      response.body.destroy();
      throw err;
    }

    if (bodyName) {
      const verify = spec.verifyBody;
      const expected = verify ? output[verify.crc] : undefined;
      const body = typedBody(response.body);
      output[bodyName] =
        verify &&
        typeof expected === 'bigint' &&
        response.status === 200 &&
        (verify.unlessInput === undefined || input[verify.unlessInput] === undefined)
          ? verifyingBody(body, expected)
          : body;
      // text(), bytes() and toFile(): the whole body read through the same (CRC-checked) stream.
      addBodyReaders(output, bodyName);
    }

    return output;
    // #endregion
  }
}

/** Stands for the generated OssClient's checkCredentials (its checks name the model's environment variables). */
export abstract class CredentialsParts {
  #checked: Credentials | undefined;

  protected async checkCredentials(
    configured: Credentials | (() => Promise<Credentials>) | undefined,
  ): Promise<Credentials> {
    // #region check-credentials-start
    const source = configured ?? (() => fromEnvironment());
    let credentials: Credentials;
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
    // #endregion
    // #region check-credentials-end
    if (configured === credentials) this.#checked = { ...credentials };
    return credentials;
    // #endregion
  }

  get checked(): Credentials | undefined {
    return this.#checked;
  }
}
