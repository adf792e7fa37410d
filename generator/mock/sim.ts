/**
 * The stateful simulator: AppendObject, HeadObject, GetObjectMeta, GetObject (with Range, response-*
 * overrides and conditions), PutObject and
 * DeleteObject with the service's rules, all read from the IR: the append position rules
 * (`op.append.rules`), the headers that count only on the first append
 * (`op.append.firstAppendOnly`), the limits (`ir.limits`), the error codes, statuses, ECs and
 * messages (`ir.errors`), the output headers of each operation (`op.output`), and the auth
 * schemes (`ir.auth`).
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { pipeline } from 'node:stream/promises';
import type { IrAppendRule, IrMember, IrModel, IrOperation } from '../ir/types.js';
import { Crc64 } from '../../runtime/ts/crc64.js';
import { evaluatePreconditions } from './conditions.js';
import { mockProtocol, type MockProtocol } from './protocol.js';
import { httpDate, requestDate, verifySignature } from './signing.js';
import { APPENDABLE_RECORD, isAppendable, NORMAL_RECORD, type ObjectInfo, type ObjectStore } from './store.js';
import {
  commonHeaders,
  respond,
  hasQuery,
  hostIdFor,
  queryValue,
  sendError,
  serviceError,
  type ErrorDetails,
  type ResponseContext,
  type ServiceError,
  type WireRequest,
} from './wire.js';

export interface SimOptions {
  ir: IrModel;
  store: ObjectStore;
  buckets: string[];
  region: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** When set, `x-oss-security-token` must carry exactly this value when present. */
  securityToken?: string;
  clock: () => number;
  nextRequestId: () => string;
  /**
   * How long a request body may go without a byte (default DEFAULT_BODY_TIMEOUT_MS) before the
   * write is abandoned: nothing is stored, the object's lock is released, the client gets 400
   * RequestTimeout and the connection is closed. A dead client cannot wedge an object.
   */
  bodyTimeoutMs?: number;
}

export const DEFAULT_BODY_TIMEOUT_MS = 15_000;

/** Thrown inside a handler to answer with a service error. */
export class ServiceFailure extends Error {
  constructor(readonly error: ServiceError) {
    super(`${error.code}: ${error.message}`);
  }
}

/**
 * Sub-resources of operations the model does not cover: a request naming one is not implemented here.
 * (The model's V1 signed sub-resources count too, except where an operation takes them: see resolveOperation.)
 */
const UNMODELED_SUBRESOURCES = ['acl', 'tagging', 'seal', 'symlink', 'restore', 'uploads', 'uploadId', 'partNumber', 'x-oss-process', 'versionId', 'versions', 'cors', 'lifecycle', 'policy'];

const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const DECIMAL = /^(0|[1-9][0-9]*)$/;

/** Per-object serialization: appends to one key happen one at a time, in arrival order. */
class KeyLocks {
  private readonly tails = new Map<string, Promise<void>>();
  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

/**
 * A fault to inject into the next matching request (for retry and recovery tests):
 * - `error`: answer the IR error `code` (default InternalError) without doing the operation;
 * - `drop-request` (alias `reset-before`): close the connection before reading the request;
 * - `drop-response` (alias `reset-after-store`): do the operation, then close the connection
 *   instead of answering (the client cannot know the outcome: the case an appender must recover
 *   from by reading the length);
 * - `reset-mid-body`: read part of the body into the store, then close the connection; the write
 *   is rolled back, so the object stays as it was;
 * - `500`, `503`, `503-retry-after`: InternalError, ServiceUnavailable, ServiceUnavailable with
 *   `Retry-After` (`retryAfter`, default 1 s), without doing the operation;
 * - `delay`: wait `delayMs` (default 1000; 1500 for random faults, past a short client timeout),
 *   then handle normally;
 * - `wrong-crc`: handle normally, but answer a CRC-64 header that is off by one bit.
 */
export const FAULT_TYPES = ['error', 'drop-request', 'drop-response', 'delay', 'reset-before', 'reset-after-store', 'reset-mid-body', '500', '503', '503-retry-after', 'wrong-crc'] as const;
export type FaultType = (typeof FAULT_TYPES)[number];

export interface Fault {
  type: FaultType;
  /** Only requests for this operation (default: any). */
  operation?: string;
  code?: string;
  retryAfter?: number;
  delayMs?: number;
  /** How many matching requests it applies to (default 1). */
  count?: number;
}

/**
 * Faults drawn at random: each request to one of `operations` (default: all) gets one of `types`
 * with probability `rate`. The draws come from a PRNG seeded with `seed`, so a run of one client
 * (requests in the same order) meets the same faults again.
 */
export interface RandomFaults {
  rate: number;
  seed: number;
  types: FaultType[];
  operations?: string[];
  delayMs?: number;
  retryAfter?: number;
}

/** What the simulator counted since start (or since the counters were reset). */
export interface FaultStats {
  /** Requests by operation name (`unknown` when none matches). */
  requests: Record<string, number>;
  /** Faults injected by type. */
  injected: Record<string, number>;
  /** Faults injected by operation and type (`AppendObject:wrong-crc`). */
  injectedByOperation: Record<string, number>;
}

/** Parses `rate=0.15,seed=42,types=reset-before,500[,operations=AppendObject,HeadObject][,delayMs=N][,retryAfter=S]`. */
export function parseFaultSpec(spec: string): RandomFaults {
  const fields: Record<string, string[]> = {};
  let last: string | undefined;
  for (const token of spec.split(',').map((t) => t.trim()).filter(Boolean)) {
    const eq = token.indexOf('=');
    if (eq > 0) {
      last = token.slice(0, eq);
      fields[last] = [token.slice(eq + 1)];
    } else if (last === 'types' || last === 'operations') fields[last]!.push(token);
    else throw new Error(`fault spec: "${token}" is not name=value`);
  }
  for (const name of Object.keys(fields)) {
    if (!['rate', 'seed', 'types', 'operations', 'delayMs', 'retryAfter'].includes(name)) throw new Error(`fault spec: unknown field "${name}"`);
  }
  const rate = Number(fields['rate']?.[0]);
  if (!(rate >= 0 && rate <= 1)) throw new Error('fault spec: rate must be a number from 0 to 1');
  const seedText = fields['seed']?.[0] ?? '1';
  if (!/^\d+$/.test(seedText)) throw new Error('fault spec: seed must be a non-negative integer');
  const types = (fields['types'] ?? ['reset-before', 'reset-after-store', 'reset-mid-body', '500', '503', '503-retry-after', 'delay', 'wrong-crc']) as FaultType[];
  for (const t of types) if (!FAULT_TYPES.includes(t) || t === 'error') throw new Error(`fault spec: unknown fault type "${t}"`);
  const int = (name: string): number | undefined => {
    const v = fields[name]?.[0];
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v)) throw new Error(`fault spec: ${name} must be a non-negative integer`);
    return Number(v);
  };
  const delayMs = int('delayMs');
  const retryAfter = int('retryAfter');
  return {
    rate,
    seed: Number(seedText) >>> 0,
    types,
    ...(fields['operations'] ? { operations: fields['operations'] } : {}),
    ...(delayMs !== undefined ? { delayMs } : {}),
    ...(retryAfter !== undefined ? { retryAfter } : {}),
  };
}

/** mulberry32: a small, fast, seedable PRNG (uniform in [0, 1)). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}


export class Simulator {
  private readonly locks = new KeyLocks();
  private faults: Fault[] = [];
  private random: (RandomFaults & { next: () => number }) | undefined;
  private stats: FaultStats = { requests: {}, injected: {}, injectedByOperation: {} };
  /** Requests to cut after this many body bytes (the `reset-mid-body` fault). */
  private readonly cutAfter = new WeakMap<IncomingMessage, number>();
  private readonly ops: IrOperation[];
  /** Input header members stored on the object: the ones some read operation returns. */
  private readonly storedMembers: Set<string>;
  /**
   * The probe and the read answer with every stored property (the union of their modeled outputs);
   * any other GET or HEAD operation (GetObjectMeta) with its own outputs only.
   */
  private readonly readOutputs: IrMember[];
  /** Aborted by close(): injected delays stop waiting, so a shutdown is never held by a fault. */
  private readonly closing = new AbortController();
  /** The protocol facts (codes, headers, the appendable type) read from the IR. */
  private readonly p: MockProtocol;
  /** Operations whose answer carries a CRC-64 the client can check against the bytes it sent or received. */
  private readonly checkedCrcOperations: string[];
  /** Operations with a request body, where a reset can come in the middle of it. */
  private readonly bodyOperations: string[];

  constructor(private readonly o: SimOptions) {
    this.ops = o.ir.operations;
    this.p = mockProtocol(o.ir);
    const crcHeader = this.p.headers.crc;
    this.bodyOperations = this.ops.filter((op) => op.inputBody).map((op) => op.name);
    this.checkedCrcOperations = this.ops.filter((op) => (op.inputBody || op.outputBody) && op.output.some((m) => m.headerLower === crcHeader)).map((op) => op.name);
    const readOutputs = new Set(this.ops.filter((op) => op.http.method === 'GET' || op.http.method === 'HEAD').flatMap((op) => op.output.map((m) => m.id)));
    this.storedMembers = readOutputs;
    const seen = new Set<string>();
    const fullReads = [this.p.append.probe.name, this.p.append.read?.name];
    this.readOutputs = this.ops
      .filter((op) => fullReads.includes(op.name))
      .flatMap((op) => op.output)
      .filter((m) => m.location !== 'body' && !seen.has(m.id) && seen.add(m.id));
  }

  private fail(code: string, details?: ErrorDetails): never {
    throw new ServiceFailure(serviceError(this.o.ir, code, details));
  }

  /** Ends what a shutdown must not wait for (injected delays). */
  close(): void {
    this.closing.abort();
  }

  addFault(fault: Fault): void {
    this.faults.push({ ...fault, count: fault.count ?? 1 });
  }

  pendingFaults(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** Clears the queued faults and stops random faults. */
  clearFaults(): void {
    this.faults = [];
    this.random = undefined;
  }

  /** Starts drawing faults at random (replacing an earlier random setting); `undefined` stops it. */
  setRandomFaults(spec: RandomFaults | undefined): void {
    this.random = spec ? { ...spec, next: prng(spec.seed) } : undefined;
  }

  randomFaults(): RandomFaults | undefined {
    if (!this.random) return undefined;
    const { next: _next, ...spec } = this.random;
    return spec;
  }

  faultStats(): FaultStats {
    return structuredClone(this.stats);
  }

  resetStats(): void {
    this.stats = { requests: {}, injected: {}, injectedByOperation: {} };
  }

  private operationName(wire: WireRequest): string | undefined {
    return this.ops.find((op) => op.http.method === wire.method && op.http.flags.every((f) => hasQuery(wire, f)) && (op.http.flags.length > 0 || !hasQuery(wire, 'append')))?.name;
  }

  /** The first pending fault for this request, consumed; else one drawn at random. */
  private takeFault(name: string | undefined): Fault | undefined {
    const index = this.faults.findIndex((f) => f.operation === undefined || f.operation === name);
    if (index >= 0) {
      const fault = this.faults[index]!;
      fault.count = (fault.count ?? 1) - 1;
      if (fault.count <= 0) this.faults.splice(index, 1);
      return fault;
    }
    const random = this.random;
    if (!random || random.types.length === 0) return undefined;
    if (random.operations && !random.operations.includes(name ?? '')) return undefined;
    // Two draws per eligible request, whatever the outcome, so the sequence depends only on the request order.
    const hit = random.next() < random.rate;
    const pick = random.next();
    if (!hit) return undefined;
    // A type that cannot apply to this operation falls back to the applicable ones.
    const applicable = random.types.filter((t) => (t !== 'wrong-crc' || this.checkedCrcOperations.includes(name ?? '')) && (t !== 'reset-mid-body' || this.bodyOperations.includes(name ?? '')));
    if (applicable.length === 0) return undefined;
    const type = applicable[Math.floor(pick * applicable.length)]!;
    return {
      type,
      delayMs: random.delayMs ?? 1500,
      ...(random.retryAfter !== undefined ? { retryAfter: random.retryAfter } : {}),
    };
  }

  private count(table: Record<string, number>, name: string): void {
    table[name] = (table[name] ?? 0) + 1;
  }

  async handle(req: IncomingMessage, res: ServerResponse, wire: WireRequest): Promise<void> {
    const ctx: ResponseContext = {
      protocol: this.p.protocol,
      requestId: this.o.nextRequestId(),
      hostId: hostIdFor(this.o.ir.endpoint.template, wire.bucket, this.o.region),
      method: wire.method,
      now: this.o.clock(),
    };
    const name = this.operationName(wire);
    this.count(this.stats.requests, name ?? 'unknown');
    const fault = this.takeFault(name);
    if (fault) {
      this.count(this.stats.injected, fault.type);
      this.count(this.stats.injectedByOperation, `${name ?? 'unknown'}:${fault.type}`);
    }
    const type = fault?.type;
    const hasBody = req.headers['content-length'] !== undefined ? req.headers['content-length'] !== '0' : req.headers['transfer-encoding'] !== undefined;
    if (type === 'drop-request' || type === 'reset-before' || (type === 'reset-mid-body' && !hasBody)) {
      req.socket.destroy();
      return;
    }
    if (type === 'delay') {
      try {
        await sleep(fault!.delayMs ?? 1000, undefined, { signal: this.closing.signal });
      } catch {
        req.socket.destroy(); // the server is shutting down
        return;
      }
    }
    if (type === 'error' || type === '500' || type === '503' || type === '503-retry-after') {
      const code = type === 'error' ? (fault!.code ?? 'InternalError') : type === '500' ? 'InternalError' : 'ServiceUnavailable';
      const error = serviceError(this.o.ir, code);
      const retryAfter = type === '503-retry-after' ? (fault!.retryAfter ?? 1) : type === 'error' ? fault!.retryAfter : undefined;
      if (retryAfter !== undefined) error.headers['retry-after'] = String(retryAfter);
      ctx.closeConnection = !req.complete;
      sendError(res, error, ctx);
      return;
    }
    if (type === 'reset-mid-body') {
      // At about half of the declared body (at least one byte), after it reached the store's writer.
      const declared = Number(req.headers['content-length']);
      this.cutAfter.set(req, Number.isFinite(declared) && declared > 1 ? Math.floor(declared / 2) : 1);
    }
    if (type === 'wrong-crc') {
      const setHeader = res.setHeader.bind(res);
      const crcHeader = this.p.headers.crc;
      res.setHeader = ((header: string, value: number | string | readonly string[]) =>
        setHeader(header, header.toLowerCase() === crcHeader && typeof value === 'string' && /^\d+$/.test(value) ? (BigInt(value) ^ 1n).toString() : value)) as typeof res.setHeader;
    }
    if (type === 'drop-response' || type === 'reset-after-store') {
      // The operation runs to completion; whatever it would answer is replaced by a closed connection.
      res.writeHead = (() => {
        req.socket.destroy();
        return res;
      }) as typeof res.writeHead;
      res.end = (() => res) as typeof res.end;
    }
    try {
      await this.dispatch(req, res, wire, ctx);
    } catch (err) {
      if (!(err instanceof ServiceFailure)) throw err;
      // A request whose body was not read ends the connection, so a client that declared a huge
      // body cannot keep the server waiting for it.
      if (!req.complete) ctx.closeConnection = true;
      sendError(res, err.error, ctx);
    }
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse, wire: WireRequest, ctx: ResponseContext): Promise<void> {
    const op = this.ops.find((candidate) => candidate.http.method === wire.method);
    if (!op) this.fail(this.p.codes.methodNotAllowed);
    if (wire.bucket === undefined || wire.bucket === '') this.fail(this.p.codes.notImplemented, { message: `${askedFor(wire)}: service-level operations are not part of the model.` });
    if (!BUCKET_NAME.test(wire.bucket)) this.fail(this.p.codes.invalidBucket);
    if (!this.o.buckets.includes(wire.bucket)) this.fail('NoSuchBucket');
    // A name that is not valid UTF-8 cannot even be put in a string to sign: names are checked first.
    if (wire.key !== undefined) this.checkKey(wire);
    this.authenticate(wire, ctx);
    const operation = this.resolveOperation(wire);
    // By name: a test may hand the simulator a copy of the IR with some operations replaced.
    const { append } = this.p;
    const name = operation.name;
    if (name === append.operation.name) return this.append(req, res, wire, ctx, operation);
    if (name === this.p.put?.name) return this.put(req, res, wire, ctx, operation);
    // Every other body-less read (GetObjectMeta's HEAD ?objectMeta) answers from the object too, with its own outputs.
    if (name === append.probe.name || name === append.read?.name || operation.http.method === 'HEAD' || operation.http.method === 'GET') {
      return this.read(res, wire, ctx, operation);
    }
    if (operation.http.method === 'DELETE') return this.remove(res, wire, ctx, operation);
    this.fail(this.p.codes.notImplemented, { message: `${askedFor(wire)}: ${operation.name} is not simulated.` });
  }

  /** The operation a request names: its method and query flags; anything else is not implemented. */
  private resolveOperation(wire: WireRequest): IrOperation {
    if (wire.key === undefined) this.fail(this.p.codes.notImplemented, { message: `${askedFor(wire)}: bucket-level operations are not part of the model.` });
    const candidates = this.ops.filter((op) => op.http.method === wire.method && op.http.flags.every((f) => hasQuery(wire, f)));
    const allFlags = new Set(this.ops.flatMap((op) => op.http.flags));
    const op = candidates.find((c) => [...allFlags].every((f) => c.http.flags.includes(f) || !hasQuery(wire, f)));
    // The method is one the model has (dispatch checked): with this query it names an operation the model lacks.
    if (!op) this.fail(this.p.codes.notImplemented, { message: `${askedFor(wire)}: no operation of the model answers this method with this query.` });
    const known = new Set([...op.http.flags, ...op.input.filter((m) => m.location === 'query').map((m) => m.queryName ?? m.id)]);
    const stray = wire.query.find((q) => !known.has(q.name) && (UNMODELED_SUBRESOURCES.includes(q.name) || this.o.ir.auth.signedSubresources.includes(q.name)));
    if (stray) this.fail(this.p.codes.notImplemented, { message: `${askedFor(wire)}: the sub-resource "${stray.name}" is not part of the model.` });
    return op;
  }

  private authenticate(wire: WireRequest, ctx: ResponseContext): void {
    const v4 = this.o.ir.auth.schemes.find((s) => s.id === 'v4');
    const v1 = this.o.ir.auth.schemes.find((s) => s.id === 'v1');
    const result = verifySignature(wire, {
      strings: this.p.signing,
      credentials: { accessKeyId: this.o.accessKeyId, accessKeySecret: this.o.accessKeySecret },
      region: this.o.region,
      product: this.p.signing.v4.product,
      signedSubresources: this.o.ir.auth.signedSubresources,
    });
    // A presigned request carries its token in the query, any other in the header.
    const token = result.presigned ? result.presigned.securityToken : wire.headers[this.o.ir.service.credentials.securityTokenHeader.toLowerCase()];
    if (token !== undefined && token !== this.o.securityToken) this.fail(this.p.codes.invalidSecurityToken);
    const scheme = result.scheme === 'v4' ? v4 : result.scheme === 'v1' ? v1 : undefined;
    if (result.presigned && scheme?.presign) {
      // A presigned URL's time is its expiry (no clock-skew check), and an expired or over-long one is
      // refused whatever its signature.
      const { presign } = scheme;
      const info = result.presigned;
      const refuse = (r: { error: { code: string }; message: string; ec?: string }) => this.fail(r.error.code, { message: r.message, ...(r.ec ? { ec: r.ec } : {}) });
      if (info.expiresSeconds !== undefined && presign.expiresOutOfRange && !(info.expiresSeconds >= 1 && info.expiresSeconds <= (presign.maxExpiresSeconds ?? Infinity))) {
        refuse(presign.expiresOutOfRange);
      }
      if (Number.isNaN(info.expiresAtMs) || ctx.now > info.expiresAtMs) refuse(presign.expired);
    } else if (scheme && (result.ok || result.failure === 'mismatch')) {
      if (scheme.payloadHashHeader && scheme.payloadHash && wire.headers[scheme.payloadHashHeader.toLowerCase()] !== scheme.payloadHash) {
        this.fail(this.p.codes.invalidArgument, { message: `${scheme.payloadHashHeader} must be ${scheme.payloadHash}.`, ec: '0002-00000214' });
      }
      // Each scheme's own date header, or the other scheme's (requestDate in signing.ts says why).
      const when = requestDate(this.p.signing, wire.headers, scheme.id === 'v4' ? 'v4' : 'v1')?.epochMs ?? NaN;
      if (Number.isNaN(when)) this.fail(this.p.codes.accessDenied, { message: `The request needs a valid ${scheme.dateHeader} header.` });
      if (Math.abs(when - ctx.now) > scheme.maxClockSkewSeconds * 1000) this.fail('RequestTimeTooSkewed');
    }
    if (result.ok) return;
    if (result.failure === 'mismatch') {
      const xml: [string, string][] = [];
      if (result.accessKeyId) xml.push(['OSSAccessKeyId', result.accessKeyId]);
      if (result.signatureProvided) xml.push(['SignatureProvided', result.signatureProvided]);
      if (result.canonicalRequest !== undefined) xml.push(['CanonicalRequest', result.canonicalRequest]);
      this.fail('SignatureDoesNotMatch', { fields: { stringToSign: result.stringToSign ?? '' }, xml });
    }
    if (result.failure === 'unknown-key') this.fail(this.p.codes.unknownAccessKey);
    const denied = this.p.codes.accessDenied;
    this.fail(denied, { message: `${this.o.ir.errors.find((e) => e.code === denied)?.message ?? 'Access denied'}: ${result.reason}.` });
  }

  private checkKey(wire: WireRequest): void {
    const rule = this.o.ir.limits.objectKey;
    const key = wire.key ?? '';
    if (wire.keyBytes < rule.minBytes) this.fail(rule.error, { ec: '0016-00000001', message: 'The object name must not be empty.' });
    if (wire.keyBytes > rule.maxBytes || !wire.keyValidUtf8) {
      this.fail(rule.error, { ec: '0016-00000002', message: `The object name must be 1 to ${rule.maxBytes} bytes of UTF-8.` });
    }
    if (rule.forbiddenPrefixes.some((p) => key.startsWith(p))) {
      this.fail(rule.error, { message: `The object name must not start with ${rule.forbiddenPrefixes.map((p) => JSON.stringify(p)).join(' or ')}.` });
    }
  }

  // -------------------------------------------------------------------------------------------
  // Request headers → object properties

  /** Validates the modeled headers a write carries; returns the values by member id. */
  private readInputs(op: IrOperation, wire: WireRequest): Map<string, string | Record<string, string>> {
    const values = new Map<string, string | Record<string, string>>();
    for (const member of op.input) {
      if (member.location === 'header' && member.headerLower) {
        const value = wire.headers[member.headerLower];
        if (value === undefined) continue;
        this.checkHeader(member, value);
        values.set(member.id, value);
      } else if (member.location === 'header-map' && member.prefix) {
        const map: Record<string, string> = {};
        for (const name of Object.keys(wire.headers).sort()) {
          if (name.startsWith(member.prefix)) map[name.slice(member.prefix.length)] = wire.headers[name]!;
        }
        if (Object.keys(map).length > 0) {
          this.checkMetadata(member, map);
          values.set(member.id, map);
        }
      }
    }
    return values;
  }

  private checkHeader(member: IrMember, value: string): void {
    const header = member.header ?? member.id;
    if (member.enum && !member.enum.some((e) => e.value === value)) {
      this.fail(this.p.codes.invalidArgument, { message: `${header} must be one of ${member.enum.map((e) => e.value).join(', ')}, not "${value}".` });
    }
    if (member.type === 'boolean' && value !== 'true' && value !== 'false') {
      this.fail(this.p.codes.invalidArgument, { message: `${header} must be true or false, not "${value}".`, ...(member.id === this.p.overwrite?.member ? { ec: '0017-00000279' } : {}) });
    }
    if (member.format === 'base64-md5' && Buffer.from(value, 'base64').length !== 16) this.fail(this.p.codes.invalidDigest);
    if (member.format === 'tagging') this.checkTagging(header, value);
  }

  private checkMetadata(member: IrMember, map: Record<string, string>): void {
    const rule = this.o.ir.limits.userMetadata;
    const pattern = new RegExp(rule.namePattern);
    let total = 0;
    for (const [name, value] of Object.entries(map)) {
      if (!pattern.test(name)) this.fail(this.p.codes.invalidArgument, { message: `User metadata name "${member.prefix}${name}" must match ${rule.namePattern}.` });
      total += Buffer.byteLength(name) + Buffer.byteLength(value);
    }
    if (total > rule.maxTotalBytes) this.fail(this.p.codes.invalidArgument, { message: `User metadata is ${total} bytes; at most ${rule.maxTotalBytes} are allowed.` });
  }

  private checkTagging(header: string, value: string): void {
    const rule = this.o.ir.limits.tagging;
    const chars = new RegExp(rule.charPattern);
    const pairs = value === '' ? [] : value.split('&');
    if (pairs.length > rule.maxTags) this.fail(this.p.codes.invalidArgument, { message: `${header} has ${pairs.length} tags; at most ${rule.maxTags} are allowed.` });
    for (const pair of pairs) {
      const eq = pair.indexOf('=');
      let k: string;
      let v: string;
      try {
        k = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
        v = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1));
      } catch {
        this.fail(this.p.codes.invalidArgument, { message: `${header} is not URL-encoded key=value pairs.` });
      }
      if (k.length === 0 || k.length > rule.maxKeyLength || v.length > rule.maxValueLength || !chars.test(k) || !chars.test(v)) {
        this.fail(this.p.codes.invalidArgument, { message: `${header} tag "${k}" breaks the tagging limits (key 1-${rule.maxKeyLength}, value at most ${rule.maxValueLength}, characters ${rule.charPattern}).` });
      }
    }
  }

  /** The properties a new object keeps: the stored members among the inputs, plus the default content type. */
  private propsFrom(values: Map<string, string | Record<string, string>>): ObjectInfo['props'] {
    const props: ObjectInfo['props'] = {};
    for (const [id, value] of values) if (this.storedMembers.has(id)) props[id] = value;
    if (props['contentType'] === undefined) props['contentType'] = 'application/octet-stream';
    return props;
  }

  // -------------------------------------------------------------------------------------------
  // Bodies

  private declaredLength(wire: WireRequest): number | undefined {
    const raw = wire.headers['content-length'];
    if (raw === undefined) {
      if (wire.headers['transfer-encoding'] === undefined) this.fail('MissingContentLength');
      return undefined;
    }
    if (!DECIMAL.test(raw)) this.fail(this.p.codes.invalidArgument, { message: 'Content-Length must be a decimal integer.' });
    return Number(raw);
  }

  /**
   * Streams the request body into `write`, continuing `crc`, refusing more than `limit` bytes;
   * checks Content-MD5 when sent. Throws a ServiceFailure (or the stream's error) on failure.
   */
  private async consume(req: IncomingMessage, wire: WireRequest, crc: Crc64, limit: number, write: (chunk: Buffer) => Promise<void>): Promise<{ size: number; md5: string }> {
    const md5 = createHash('md5');
    let size = 0;
    // Read with an idle timer: a body that stops arriving must not hold the object's lock forever.
    const idleMs = this.o.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
    const chunks = (req as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    for (;;) {
      const next = chunks.next();
      // One timer per read, settled either way, so nothing piles up over a long body.
      const step = await new Promise<IteratorResult<Buffer> | 'stalled'>((resolve, reject) => {
        const timer = setTimeout(() => resolve('stalled'), idleMs);
        next.then(
          (value) => {
            clearTimeout(timer);
            resolve(value);
          },
          (err: unknown) => {
            clearTimeout(timer);
            reject(err instanceof Error ? err : new Error(String(err)));
          },
        );
      });
      if (step === 'stalled') {
        this.fail(this.p.codes.incompleteBody, { message: `No byte of the request body arrived for ${idleMs} ms; nothing was stored.` });
      }
      if (step.done) break;
      const chunk = step.value;
      size += chunk.length;
      if (size > limit) this.fail(this.o.ir.limits.objectSize.error, { message: `The object would exceed ${this.o.ir.limits.objectSize.maxBytes} bytes.` });
      crc.update(chunk);
      md5.update(chunk);
      await write(chunk);
      const cut = this.cutAfter.get(req);
      if (cut !== undefined && size >= cut) {
        req.socket.destroy();
        throw new Error('connection reset in the middle of the body (injected fault)');
      }
    }
    if (!req.complete) throw new Error('request body truncated');
    const digest = md5.digest();
    const sent = wire.headers['content-md5'];
    if (sent !== undefined && Buffer.from(sent, 'base64').compare(digest) !== 0) this.fail(this.p.codes.invalidDigest);
    return { size, md5: digest.toString('hex').toUpperCase() };
  }

  // -------------------------------------------------------------------------------------------
  // Operations

  private outputHeaders(op: Pick<IrOperation, 'output'>, values: Record<string, string | Record<string, string> | undefined>): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const member of op.output) {
      const value = values[member.id];
      if (value === undefined) continue;
      if (member.location === 'header' && member.headerLower && typeof value === 'string') headers[member.headerLower] = value;
      if (member.location === 'header-map' && member.prefix && typeof value === 'object') {
        for (const [name, v] of Object.entries(value)) headers[`${member.prefix}${name}`] = v;
      }
    }
    return headers;
  }

  private objectValues(info: ObjectInfo, ctx: ResponseContext): Record<string, string | Record<string, string> | undefined> {
    const appendable = isAppendable(info);
    const objectType = this.p.append.objectType?.member.id ?? 'objectType';
    const nextPosition = this.p.append.nextPosition.id;
    return {
      ...info.props,
      contentLength: String(info.length),
      [objectType]: appendable ? this.p.appendable : info.type,
      [nextPosition]: appendable ? String(info.length) : undefined,
      [this.p.append.crc.id]: info.crc,
      etag: info.etag,
      lastModified: httpDate(info.lastModified),
      requestId: ctx.requestId,
    };
  }

  private positionRule(rules: IrAppendRule[], state: IrAppendRule['object'], position: number, length: number): IrAppendRule | undefined {
    return rules.find((rule) => {
      if (rule.object !== state) return false;
      switch (rule.position) {
        case 'zero':
          return position === 0;
        case 'length':
          return position === length;
        case 'other':
          return position !== length;
        case 'any':
          return true;
      }
    });
  }

  private async append(req: IncomingMessage, res: ServerResponse, wire: WireRequest, ctx: ResponseContext, op: IrOperation): Promise<void> {
    const append = op.append!;
    const positionMember = op.input.find((m) => m.id === append.position)!;
    const raw = queryValue(wire, positionMember.queryName ?? positionMember.id);
    if (raw === undefined) this.fail('MissingArgument', { message: 'The position parameter is missing.', ec: '0016-00000501' });
    if (!DECIMAL.test(raw) || raw.length > 19 || BigInt(raw) > BigInt(Number.MAX_SAFE_INTEGER)) {
      this.fail('MissingArgument', { message: `The position "${raw}" is not a non-negative integer.` });
    }
    const position = Number(raw);
    const declared = this.declaredLength(wire);
    const inputs = this.readInputs(op, wire);
    const maxBytes = this.o.ir.limits.objectSize.maxBytes;
    if (declared !== undefined && position + declared > maxBytes) {
      this.fail(this.o.ir.limits.objectSize.error, { message: `The object would exceed ${maxBytes} bytes.` });
    }
    const bucket = wire.bucket!;
    const key = wire.key!;
    await this.locks.run(`${bucket}\n${key}`, async () => {
      const current = this.o.store.head(bucket, key);
      const state = !current ? 'absent' : isAppendable(current) ? 'appendable' : 'normal';
      const length = current?.length ?? 0;
      const overwrite = this.p.overwrite;
      if (overwrite && current && position === 0 && inputs.get(overwrite.member) === 'true') this.fail(overwrite.code);
      const rule = this.positionRule(append.rules, state, position, length);
      if (!rule) this.fail(this.p.codes.positionError, { fields: { [this.p.positionField]: length } });
      if (rule.outcome !== 'create' && rule.outcome !== 'append') {
        const fields: Record<string, number> = {};
        const error = this.o.ir.errors.find((e) => e.code === rule.outcome);
        if (error?.fields.some((f) => f.id === append.nextPosition) && (!current || isAppendable(current))) fields[append.nextPosition] = length;
        this.fail(rule.outcome, { fields });
      }
      const creating = rule.outcome === 'create';
      if (!creating) {
        for (const { member, later } of append.firstAppendOnly) {
          if (later === 'reject' && inputs.has(member)) {
            const m = op.input.find((x) => x.id === member);
            const name = m?.header ?? (m?.prefix ? `${m.prefix}*` : member);
            this.fail(this.p.codes.invalidArgument, { message: `${name} is allowed only on the first append (position 0 of a new object).` });
          }
        }
      } else if (inputs.has('serverSideEncryptionKeyId')) {
        this.fail(this.p.codes.invalidArgument, { message: `${this.p.appendable} objects cannot be encrypted with a specified KMS key id.` });
      }
      const crc = new Crc64(current && !creating ? BigInt(current.crc) : 0n);
      const writer = await this.o.store.writer(bucket, key, creating ? 'replace' : 'append', length);
      let size: number;
      try {
        ({ size } = await this.consume(req, wire, crc, maxBytes - position, (chunk) => writer.write(chunk)));
      } catch (err) {
        await writer.abort();
        throw err;
      }
      const crcText = crc.digest().toString();
      const changed = creating || size > 0;
      const info: ObjectInfo = {
        bucket,
        key,
        type: APPENDABLE_RECORD,
        length: position + size,
        crc: crcText,
        etag: `"${crc.digest().toString(16).toUpperCase().padStart(16, '0').padEnd(32, '0')}"`,
        lastModified: changed ? ctx.now : current!.lastModified,
        props: creating ? this.propsFrom(inputs) : current!.props,
      };
      if (changed) await writer.commit(info);
      else await writer.abort();
      const headers = this.outputHeaders(op, { ...this.objectValues(info, ctx), [this.p.append.nextPosition.id]: String(info.length) });
      // The encryption the object was created with is echoed under its request header's name.
      const sse = info.props['serverSideEncryption'];
      const sseHeader = op.input.find((m) => m.id === 'serverSideEncryption')?.headerLower;
      if (typeof sse === 'string' && sseHeader) headers[sseHeader] = sse;
      respond(res, 200, { ...commonHeaders(ctx), ...headers, 'content-length': '0' });
      res.end();
    });
  }

  private async put(req: IncomingMessage, res: ServerResponse, wire: WireRequest, ctx: ResponseContext, op: IrOperation): Promise<void> {
    const declared = this.declaredLength(wire);
    const inputs = this.readInputs(op, wire);
    const maxBytes = this.o.ir.limits.objectSize.maxBytes;
    if (declared !== undefined && declared > maxBytes) this.fail(this.o.ir.limits.objectSize.error, { message: `The object would exceed ${maxBytes} bytes.` });
    const bucket = wire.bucket!;
    const key = wire.key!;
    await this.locks.run(`${bucket}\n${key}`, async () => {
      const overwrite = this.p.overwrite;
      if (overwrite && this.o.store.head(bucket, key) && inputs.get(overwrite.member) === 'true') this.fail(overwrite.code);
      const crc = new Crc64();
      const writer = await this.o.store.writer(bucket, key, 'replace', 0);
      let result: { size: number; md5: string };
      try {
        result = await this.consume(req, wire, crc, maxBytes, (chunk) => writer.write(chunk));
      } catch (err) {
        await writer.abort();
        throw err;
      }
      const info: ObjectInfo = {
        bucket,
        key,
        type: NORMAL_RECORD,
        length: result.size,
        crc: crc.digest().toString(),
        etag: `"${result.md5}"`,
        lastModified: ctx.now,
        props: this.propsFrom(inputs),
      };
      await writer.commit(info);
      const headers = this.outputHeaders(op, this.objectValues(info, ctx));
      headers['content-md5'] = Buffer.from(result.md5, 'hex').toString('base64');
      respond(res, 200, { ...commonHeaders(ctx), ...headers, 'content-length': '0' });
      res.end();
    });
  }

  private async read(res: ServerResponse, wire: WireRequest, ctx: ResponseContext, op: IrOperation): Promise<void> {
    const info = this.o.store.head(wire.bucket!, wire.key!);
    if (!info) this.fail(this.p.codes.notFound);
    const values = this.objectValues(info, ctx);
    const outputs = op.name === this.p.append.probe.name || op.name === this.p.append.read?.name ? this.readOutputs : op.output;
    const precondition = evaluatePreconditions(wire.headers, info.etag, info.lastModified);
    if (precondition.outcome === 'failed') {
      // HTTP's 412, answered with the operation's modeled error of that status (PreconditionFailed in OSS's model).
      const failed = this.o.ir.errors.find((e) => e.status === 412 && op.errors.includes(e.code));
      if (failed) this.fail(failed.code, { xml: [['Condition', precondition.header]] });
    }
    if (precondition.outcome === 'not-modified') {
      // No body; the validators the client compares with (ETag, Last-Modified) are kept.
      const all = this.outputHeaders({ output: outputs }, values);
      const validators = Object.fromEntries(Object.entries(all).filter(([name]) => name === 'etag' || name === 'last-modified'));
      respond(res, 304, { ...commonHeaders(ctx), ...validators });
      res.end();
      return;
    }
    let start = 0;
    let end = info.length - 1;
    let status = 200;
    const rangeMember = op.input.find((m) => m.format === 'byte-range');
    const range = rangeMember?.headerLower ? wire.headers[rangeMember.headerLower] : undefined;
    if (range !== undefined) {
      // The model's rule (protocol.range): lenient unless the behavior header asks for the strict value.
      const rule = this.p.protocol.range;
      const asked = rule && op.input.some((m) => m.id === rule.behavior.member) ? wire.headers[rule.behavior.headerLower] : undefined;
      const strict = rule !== undefined && asked?.trim().toLowerCase() === rule.strict.toLowerCase();
      const parsed = parseRange(range, info.length, strict);
      if (parsed === 'unsatisfiable') {
        this.fail(rule!.unsatisfiable.code, { message: `The requested range ${range} cannot be satisfied for an object of ${info.length} bytes.` });
      } else if (parsed) {
        [start, end] = parsed;
        status = 206;
        values['contentRange'] = `bytes ${start}-${end}/${info.length}`;
        values['contentLength'] = String(end - start + 1);
      }
    }
    const headers: Record<string, string> = { ...commonHeaders(ctx), ...this.outputHeaders({ output: outputs }, values), 'accept-ranges': 'bytes' };
    // The read's response overrides (response-content-type, …): each sets its header on this answer only.
    for (const member of op.input) {
      if (member.location !== 'query' || !member.responseHeaderLower) continue;
      const value = queryValue(wire, member.queryName ?? member.id);
      if (value === undefined) continue;
      // A control character cannot go in a header (it would split the answer); other text goes out as its UTF-8 bytes.
      if (/[\x00-\x08\x0a-\x1f\x7f]/.test(value)) this.fail(this.p.codes.invalidArgument, { message: `${member.queryName} must not contain control characters.` });
      headers[member.responseHeaderLower] = Buffer.from(value, 'utf8').toString('latin1');
    }
    if (op.http.method === 'HEAD') {
      respond(res, 200, headers);
      res.end();
      return;
    }
    respond(res, status, headers);
    await pipeline(this.o.store.read(info.bucket, info.key, start, end), res);
  }

  private async remove(res: ServerResponse, wire: WireRequest, ctx: ResponseContext, op: IrOperation): Promise<void> {
    await this.locks.run(`${wire.bucket}\n${wire.key}`, () => this.o.store.delete(wire.bucket!, wire.key!));
    respond(res, 204, { ...commonHeaders(ctx), ...this.outputHeaders(op, { requestId: ctx.requestId }) });
    res.end();
  }
}

/**
 * What a request asked for, as a NotImplemented message names it: method, resource and query
 * (`PUT /bucket/key?acl`), capped so a hostile query cannot make the answer huge.
 */
function askedFor(wire: WireRequest): string {
  const resource = `/${wire.bucket ?? ''}${wire.key !== undefined ? `/${wire.key}` : ''}`;
  const query = wire.query.map((q) => (q.value === undefined ? q.name : `${q.name}=${q.value}`)).join('&');
  const text = `${wire.method} ${resource}${query ? `?${query}` : ''}`;
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/**
 * The `bytes=` range a read serves, by the model's rule (`protocol.range`): only the first of several
 * ranges counts; a malformed or reversed one is always ignored (undefined: the whole object, 200). A
 * range the object cannot serve (starting or ending beyond it, a suffix longer than it or empty) is
 * ignored too, unless `strict`: then a start beyond the end or an empty suffix is 'unsatisfiable' (416)
 * and an end beyond the end or a long suffix is clipped to the object.
 */
export function parseRange(header: string, length: number, strict: boolean): [number, number] | 'unsatisfiable' | undefined {
  const spec = /^bytes=(.*)$/.exec(header.trim());
  if (!spec) return undefined;
  const m = /^(\d*)-(\d*)$/.exec(spec[1]!.split(',')[0]!.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  const cannot = strict ? 'unsatisfiable' : undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || length === 0) return cannot;
    if (suffix > length) return strict ? [0, length - 1] : undefined;
    return [length - suffix, length - 1];
  }
  const start = Number(m[1]);
  if (m[2] !== '' && Number(m[2]) < start) return undefined;
  if (start >= length) return cannot;
  if (m[2] === '') return [start, length - 1];
  const end = Number(m[2]);
  if (end >= length) return strict ? [start, length - 1] : undefined;
  return [start, end];
}
