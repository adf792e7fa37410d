/**
 * Request bodies: strings, bytes, streams and files, streamed through the CRC.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { Crc64 } from './crc64.js';
import { ValidationError } from './sdk-errors.js';

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

/** Whether the same bytes can be sent again (a stream can be read only once). */
export function isReplayable(body: BodySource | undefined): boolean {
  return !(body instanceof Readable);
}

/** A body ready for one attempt. */
export interface PreparedBody {
  data: Uint8Array | Readable | undefined;
  /** Known size, sent as Content-Length; unknown means chunked. */
  length: number | undefined;
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

/** Yields `bytes` in slices, feeding each to the CRC just before it is sent. */
function* slices(bytes: Uint8Array, crc: Crc64): Generator<Uint8Array> {
  for (let offset = 0; offset < bytes.byteLength; offset += SLICE_BYTES) {
    const slice = bytes.subarray(offset, Math.min(offset + SLICE_BYTES, bytes.byteLength));
    crc.update(slice);
    yield slice;
  }
}

/** Opens the body for one attempt, feeding every byte to `crc` as it goes out and counting them in `counter`. */
export async function prepareBody(
  body: BodySource | undefined,
  crc: Crc64 | undefined,
  counter?: { bytes: number },
): Promise<PreparedBody> {
  if (body === undefined) return { data: undefined, length: 0 };
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    if (counter) counter.bytes = bytes.byteLength;
    if (!crc || bytes.byteLength <= SLICE_BYTES) {
      crc?.update(bytes);
      return { data: bytes, length: bytes.byteLength };
    }

    // Large buffers go out slice by slice, so the CRC of one slice overlaps the sending of the last.
    return {
      data: Readable.from(slices(bytes, crc), { objectMode: false }),
      length: bytes.byteLength,
    };
  }

  if (body instanceof Readable) return { data: throughCrc(body, crc, counter), length: undefined };
  const size = (await stat(body.path)).size;
  return {
    data: throughCrc(createReadStream(body.path, { highWaterMark: 1024 * 1024 }), crc, counter),
    length: size,
  };
}

function throughCrc(
  source: Readable,
  crc: Crc64 | undefined,
  counter?: { bytes: number },
): Readable {
  if (!crc && !counter) return source;
  const tap = new Transform({
    transform(chunk: Buffer | string, _encoding, callback) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      crc?.update(bytes);
      if (counter) counter.bytes += bytes.byteLength;
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
  return crc.digest();
}
