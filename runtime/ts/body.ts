/**
 * Request bodies: strings, bytes, streams and files, streamed through the CRC.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Worker } from 'node:worker_threads';
import { Crc64, sharedCrc64Kernel, type SharedCrc64Kernel } from './crc64.js';
import { IntegrityError, NetworkError, SdkError, ValidationError } from './sdk-errors.js';

/** A body read from a file; make one with `fromFile(path)`. */
export interface FileBody {
  /** Path of a local file whose bytes are sent, streamed. */
  readonly path: string;
}

/** A request body: a string (sent as UTF-8), bytes, a readable stream (sent chunked, never buffered whole), or a file (streamed, with its size as Content-Length). */
export type BodySource = string | Uint8Array | Readable | FileBody;

/** A body streamed from the file at `path`. */
export function fromFile(path: string): FileBody {
  return { path };
}

export function isFileBody(body: unknown): body is FileBody {
  return (
    typeof body === 'object' &&
    body !== null &&
    !(body instanceof Uint8Array) &&
    !(body instanceof Readable) &&
    typeof (body as { path?: unknown }).path === 'string'
  );
}

export function isBodySource(body: unknown): body is BodySource {
  return (
    typeof body === 'string' ||
    body instanceof Uint8Array ||
    body instanceof Readable ||
    isFileBody(body)
  );
}

/** The bodies this (Node) client sends, as `validateInput` checks them. */
export const NODE_BODIES = {
  accepts: isBodySource,
  kinds: 'a string, Uint8Array, Readable or fromFile(path)',
} as const;

/** Whether the same bytes can be sent again (a stream can be read only once). */
export function isReplayable(body: BodySource | undefined): boolean {
  return !(body instanceof Readable);
}

/** How much of a request body has gone to the transport: `loaded` bytes of `total` (undefined for a stream of unknown length). */
export interface UploadProgress {
  loaded: number;
  total: number | undefined;
}

/** Called as the body goes out, slice by slice (every attempt starts again from 0). */
export type UploadProgressListener = (progress: UploadProgress) => void;

/** A body ready for one attempt. */
export interface PreparedBody {
  data: Uint8Array | Readable | undefined;
  /** Known size, sent as Content-Length; unknown means chunked. */
  length: number | undefined;
  /** Set when the CRC is fed in the background while the body goes out: the CRC is complete once it resolves. */
  hashed?: Promise<void>;
}

/** The body size when it is known without reading it. */
export async function knownLength(body: BodySource | undefined): Promise<number | undefined> {
  if (body === undefined) return 0;
  if (typeof body === 'string') return Buffer.byteLength(body, 'utf8');
  if (body instanceof Uint8Array) return body.byteLength;
  if (body instanceof Readable) return undefined;
  try {
    return (await stat(body.path)).size;
  } catch (err) {
    throw new ValidationError(
      `body: cannot read the file ${JSON.stringify(body.path)}`,
      'body',
      'file',
      { cause: err },
    );
  }
}

/** Slice size for large in-memory bodies. */
const SLICE_BYTES = 1024 * 1024;

/** Slice size of an in-memory body whose progress is watched: small enough for several events per MiB. */
const PROGRESS_SLICE_BYTES = 64 * 1024;

/** Yields `bytes` in slices of `size`, feeding each to the CRC and reporting it just before it is sent. */
function* slices(
  bytes: Uint8Array,
  crc: Crc64 | undefined,
  size: number,
  onProgress: UploadProgressListener | undefined,
): Generator<Uint8Array> {
  for (let offset = 0; offset < bytes.byteLength; offset += size) {
    const end = Math.min(offset + size, bytes.byteLength);
    const slice = bytes.subarray(offset, end);
    crc?.update(slice);
    onProgress?.({ loaded: end, total: bytes.byteLength });
    yield slice;
  }
}

/** Feeds `bytes` to `crc` one slice per turn of the event loop (starting on the next turn, once the request is written). */
async function hashBetweenTurns(bytes: Uint8Array, crc: Crc64): Promise<void> {
  for (let offset = 0; offset < bytes.byteLength; offset += SLICE_BYTES) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    crc.update(bytes.subarray(offset, offset + SLICE_BYTES));
  }
}

/** Bodies up to this size are hashed on the worker thread (the shared memory it reads grows to the largest); larger ones between turns. */
const WORKER_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The worker thread's code (plain JavaScript, evaluated: it needs no file of its own and no loader):
 * it instantiates the CRC kernel over the memory it shares with the main thread and hashes each
 * job's bytes there, continued from the job's previous CRC, answering with the new CRC.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const ALL_ONES = 0xffffffffffffffffn;
const { module, memory, dataOffset } = workerData;
const { update } = new WebAssembly.Instance(module, { env: { memory } }).exports;
// Calls of at most 1 MiB: the engine moves a WebAssembly function to its optimizing tier between
// calls, so one long first call would run entirely on the baseline tier.
const PIECE = 1 << 20;
parentPort.on('message', ({ id, length, previous }) => {
  let state = BigInt.asUintN(64, previous) ^ ALL_ONES;
  for (let offset = 0; offset < length; offset += PIECE) {
    state = update(state, dataOffset + offset, Math.min(PIECE, length - offset));
  }
  parentPort.postMessage({ id, digest: BigInt.asUintN(64, state) ^ ALL_ONES });
});
`;

interface HashJob {
  bytes: Uint8Array;
  crc: Crc64;
  resolve: () => void;
}

/**
 * One worker thread that hashes large in-memory bodies while the main thread sends them (the main
 * thread is busy writing the socket, so hashing between its turns overlaps little). A body is
 * copied once into WebAssembly memory shared with the worker (the main thread's kernel copies it
 * into its window as well, so this costs the main thread nothing more) and hashed there in place.
 * One body at a time: another large body meanwhile (a second append in flight) is hashed between
 * turns. The worker does not keep the process alive while idle; if it fails or exits, a pending
 * body is hashed on the main thread, and later ones between turns.
 */
class CrcWorker {
  private readonly worker: Worker;
  private readonly kernel: SharedCrc64Kernel;
  private job: HashJob | undefined;
  private nextId = 0;
  private dead = false;
  /** Set once the worker runs: until then bodies are hashed between turns, so its start-up (tens of ms) delays no append. */
  online = false;

  constructor(kernel: SharedCrc64Kernel) {
    this.kernel = kernel;
    const { module, memory, dataOffset } = kernel;
    // No execArgv: the worker runs plain JavaScript, so loaders the process was started with (tsx) are not needed.
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { module, memory, dataOffset },
      execArgv: [],
    });
    this.worker.unref();
    this.worker.once('online', () => (this.online = true));
    this.worker.on('message', ({ id, digest }: { id: number; digest: bigint }) => {
      const job = this.job;
      if (!job || id !== this.nextId - 1) return;
      this.job = undefined;
      this.worker.unref();
      job.crc.absorb(digest, job.bytes.byteLength);
      job.resolve();
    });
    const fail = () => this.fail();
    this.worker.on('error', fail);
    this.worker.on('exit', fail);
  }

  /** Whether it can take `bytes` now (it is running, idle, and they fit its memory). */
  accepts(bytes: Uint8Array): boolean {
    return this.online && !this.dead && !this.job && bytes.byteLength <= this.kernel.maxBytes;
  }

  hash(bytes: Uint8Array, crc: Crc64): Promise<void> {
    const { memory, dataOffset } = this.kernel;
    const pages =
      Math.ceil((dataOffset + bytes.byteLength) / 65536) - memory.buffer.byteLength / 65536;
    if (pages > 0) memory.grow(pages);
    new Uint8Array(memory.buffer, dataOffset, bytes.byteLength).set(bytes);
    const id = this.nextId++;
    const previous = crc.digest();
    return new Promise<void>((resolve) => {
      this.job = { bytes, crc, resolve };
      // Kept alive only while a body is being hashed: an append awaits its CRC.
      this.worker.ref();
      this.worker.postMessage({ id, length: bytes.byteLength, previous });
    });
  }

  /** Ends the worker; a body it was hashing is hashed on the main thread. */
  async stop(): Promise<void> {
    await this.worker.terminate();
    this.fail();
  }

  private fail(): void {
    this.dead = true;
    if (crcWorker === this) crcWorker = null;
    const job = this.job;
    this.job = undefined;
    if (job) {
      job.crc.update(job.bytes);
      job.resolve();
    }
  }
}

/**
 * The worker once started; undefined until then, null when turned off (the default, see
 * useCrcWorker), or once it failed or could not start.
 */
let crcWorker: CrcWorker | undefined | null = null;

function startCrcWorker(): CrcWorker | null {
  const kernel = sharedCrc64Kernel(WORKER_MAX_BYTES);
  if (!kernel) return null;
  try {
    return new CrcWorker(kernel);
  } catch {
    return null;
  }
}

/**
 * Whether large in-memory bodies (over 1 MiB) are hashed on a worker thread while they are sent,
 * or on the main thread between the event loop's turns (the default). The worker helps where a core
 * is idle while the main thread writes the socket; on a machine whose cores are all busy it costs
 * more than it saves (its start-up, and each body waiting for the worker to be scheduled), so it is
 * opt-in. Where worker threads or shared WebAssembly memory are unavailable, bodies are hashed
 * between turns whatever this says. Turning it off ends the worker; a body it was hashing is
 * finished on the main thread.
 */
export async function useCrcWorker(enabled: boolean): Promise<void> {
  if (enabled) {
    if (crcWorker === null) crcWorker = undefined;
    return;
  }
  const running = crcWorker;
  crcWorker = null;
  await running?.stop();
}

/** Whether the CRC worker thread is running and taking bodies (see useCrcWorker). */
export function crcWorkerRunning(): boolean {
  return !!crcWorker?.online;
}

/** Feeds `bytes` to `crc` in the background while they are sent: on the worker thread when it can take them, else between turns. */
function hashInBackground(bytes: Uint8Array, crc: Crc64): Promise<void> {
  if (crcWorker === undefined) crcWorker = startCrcWorker();
  if (crcWorker?.accepts(bytes)) return crcWorker.hash(bytes, crc);
  return hashBetweenTurns(bytes, crc);
}

/** `prepareBody` for a string or bytes, which needs nothing to wait for: the body at once, not a promise of it. */
export function prepareInMemory(
  body: string | Uint8Array,
  crc: Crc64 | undefined,
  counter?: { bytes: number },
  onProgress?: UploadProgressListener,
): PreparedBody {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  if (counter) counter.bytes = bytes.byteLength;
  if (onProgress) {
    // Watched bodies go out in small slices pulled by the transport, so progress follows the socket.
    return {
      data: Readable.from(slices(bytes, crc, PROGRESS_SLICE_BYTES, onProgress), {
        objectMode: false,
      }),
      length: bytes.byteLength,
    };
  }

  if (!crc || bytes.byteLength <= SLICE_BYTES) {
    crc?.update(bytes);
    return { data: bytes, length: bytes.byteLength };
  }

  // A large buffer goes to the socket whole, as a raw request sends it, and is hashed meanwhile on
  // the worker thread (or a slice at a time between the event loop's turns).
  return {
    data: bytes,
    length: bytes.byteLength,
    hashed: hashInBackground(bytes, crc),
  };
}

/** Opens the body for one attempt, feeding every byte to `crc` as it goes out, counting them in `counter` and reporting them to `onProgress` (none of this costs anything when not asked for). */
export async function prepareBody(
  body: BodySource | undefined,
  crc: Crc64 | undefined,
  counter?: { bytes: number },
  onProgress?: UploadProgressListener,
): Promise<PreparedBody> {
  if (body === undefined) return { data: undefined, length: 0 };
  if (typeof body === 'string' || body instanceof Uint8Array)
    return prepareInMemory(body, crc, counter, onProgress);
  if (body instanceof Readable)
    return {
      data: throughCrc(body, crc, counter, onProgress, undefined),
      length: undefined,
    };
  const size = (await stat(body.path)).size;
  return {
    data: throughCrc(
      createReadStream(body.path, {
        highWaterMark: onProgress ? PROGRESS_SLICE_BYTES : SLICE_BYTES,
      }),
      crc,
      counter,
      onProgress,
      size,
    ),
    length: size,
  };
}

function throughCrc(
  source: Readable,
  crc: Crc64 | undefined,
  counter: { bytes: number } | undefined,
  onProgress: UploadProgressListener | undefined,
  total: number | undefined,
): Readable {
  if (!crc && !counter && !onProgress) return source;
  let loaded = 0;
  const tap = new Transform({
    transform(chunk: Buffer | string, _encoding, callback) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      crc?.update(bytes);
      if (counter) counter.bytes += bytes.byteLength;
      loaded += bytes.byteLength;
      onProgress?.({ loaded, total });
      callback(null, bytes);
    },
  });
  source.on('error', (err) => tap.destroy(err));
  return source.pipe(tap);
}

/** CRC-64 of a replayable body continued from `previous`, read in streaming fashion for files. */
export async function crcOfBody(body: BodySource | undefined, previous: bigint): Promise<bigint> {
  const crc = new Crc64(previous);
  const prepared = await prepareBody(body, crc);
  if (prepared.data instanceof Readable) for await (const _chunk of prepared.data) void _chunk;
  await prepared.hashed;
  return crc.digest();
}

/** Ways to read a downloaded body whole. Each consumes the body stream, so only one of them (or the stream) can be used; a second read is a ValidationError. A full read is checked against the whole-object CRC-64 when the service returned it: a mismatch rejects with IntegrityError (and `toFile` removes what it wrote). */
export interface BodyReaders {
  /** The body decoded as UTF-8. */
  text(): Promise<string>;
  /** The body's bytes. */
  bytes(): Promise<Uint8Array>;
  /** Streams the body into the file at `path` (created or replaced) and resolves with the bytes written; on any failure the partial file is removed. */
  toFile(path: string): Promise<number>;
}

/** Adds the `BodyReaders` of `output[member]` to `output`, as non-enumerable methods (the output's data stays what it was). */
export function addBodyReaders<T extends object>(output: T, member: string): T & BodyReaders {
  const record = output as Record<string, unknown>;
  let used = false;
  const take = (): Readable => {
    if (used) throw new ValidationError(`${member}: has already been read`, member, 'consumed');
    used = true;
    return record[member] as Readable;
  };
  const bytes = async (): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    for await (const chunk of take())
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer));
    return Buffer.concat(chunks);
  };
  const readers: BodyReaders = {
    text: async () => (await bytes()).toString('utf8'),
    bytes: async () => new Uint8Array(await bytes()),
    toFile: async (path: string) => {
      const body = take();
      let written = 0;
      const count = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          written += chunk.length;
          callback(null, chunk);
        },
      });
      try {
        await pipeline(body, count, createWriteStream(path));
      } catch (err) {
        await rm(path, { force: true });
        throw err;
      }

      return written;
    },
  };
  for (const [name, value] of Object.entries(readers))
    Object.defineProperty(output, name, { value, enumerable: false, configurable: true });
  return output as T & BodyReaders;
}

/** Passes a downloaded body through, and fails it with IntegrityError at the end when its CRC-64 is not `expected`. */
export function verifyingBody(body: Readable, expected: bigint): Readable {
  const crc = new Crc64();
  const checked = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      crc.update(chunk);
      callback(null, chunk);
    },
    flush(callback) {
      const actual = crc.digest();
      callback(
        actual === expected
          ? null
          : new IntegrityError(
              `downloaded CRC-64 ${actual} differs from the object’s ${expected}`,
              expected,
              actual,
            ),
      );
    },
  });
  body.on('error', (err) =>
    checked.destroy(
      err instanceof SdkError
        ? err
        : new NetworkError(`the answer was cut short: ${err.message}`, { cause: err }),
    ),
  );
  return body.pipe(checked);
}
