/**
 * A Writable that appends: bytes written are gathered and sent in batches, by size and by time.
 */
import { Writable } from 'node:stream';
import { AbortError, ValidationError } from './sdk-errors.js';

/** How an append stream batches. */
export interface AppendStreamOptions {
  /** Bytes gathered before an append is sent (default 1 MiB); a larger write is sent in pieces of this size. Also the stream's highWaterMark. */
  maxBytes?: number | undefined;
  /** Longest a written byte waits before it is sent, in milliseconds (default 1000). */
  maxDelayMs?: number | undefined;
  /** Cancels the stream: an append in flight is cancelled (and read back by the appender), unsent bytes are dropped, and the stream is destroyed with AbortError. */
  signal?: AbortSignal | undefined;
}

/** Sends one batch; resolves when it is stored. */
export type AppendBatch = (bytes: Uint8Array, signal: AbortSignal | undefined) => Promise<unknown>;

const DEFAULT_MAX_BYTES = 1024 * 1024;
const DEFAULT_MAX_DELAY_MS = 1000;

/** Pipe a log stream into it: writes are gathered up to `maxBytes` or `maxDelayMs`, then appended in order, one append at a time. A write that fills a batch is acknowledged only once that batch is stored (back-pressure: `write()` returns false and `drain` follows the append). `flush()` sends what is gathered now; `end()` sends the rest before `finish`. A failed append (after the appender's own read-back recovery) destroys the stream with that error; the appender's `position` says what is stored. */
export class AppendStream extends Writable {
  readonly maxBytes: number;
  readonly maxDelayMs: number;
  private gathered: Buffer[] = [];
  private gatheredBytes = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The last batch sent (or queued): batches go out one after another. */
  private sending: Promise<void> = Promise.resolve();
  private failure: unknown;
  private readonly signal: AbortSignal | undefined;

  constructor(
    private readonly appendBatch: AppendBatch,
    options: AppendStreamOptions = {},
  ) {
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    const maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 1)
      throw new ValidationError(
        'maxBytes: must be a whole number of bytes, at least 1',
        'maxBytes',
        'range',
      );
    if (!(maxDelayMs >= 0 && maxDelayMs <= 2147483647))
      throw new ValidationError(
        'maxDelayMs: must be a number of milliseconds from 0 to 2147483647',
        'maxDelayMs',
        'range',
      );
    super({ highWaterMark: maxBytes, decodeStrings: true });
    this.maxBytes = maxBytes;
    this.maxDelayMs = maxDelayMs;
    this.signal = options.signal;
    const signal = options.signal;
    if (signal) {
      const onAbort = () =>
        this.destroy(
          new AbortError('the append stream was cancelled through its signal', {
            cause: signal.reason,
          }),
        );
      if (signal.aborted) queueMicrotask(onAbort);
      else {
        signal.addEventListener('abort', onAbort, { once: true });
        this.once('close', () => signal.removeEventListener('abort', onAbort));
      }
    }
  }

  /** Sends what has been gathered now; resolves when it and every batch before it are stored. */
  flush(): Promise<void> {
    return this.sendGathered();
  }

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    if (this.failure !== undefined) return callback(this.failure as Error);
    this.gathered.push(chunk);
    this.gatheredBytes += chunk.length;
    if (this.gatheredBytes >= this.maxBytes) {
      // A full batch: acknowledge the write only once it is stored, so a fast producer waits.
      this.sendGathered().then(() => callback(), callback);
      return;
    }

    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.sendGathered().catch((err: Error) => this.destroy(err));
    }, this.maxDelayMs);
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.sendGathered().then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.gathered = [];
    this.gatheredBytes = 0;
    callback(error);
  }

  /** Queues the gathered bytes, in pieces of at most `maxBytes`, after the batches already queued. */
  private sendGathered(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const data = Buffer.concat(this.gathered);
    this.gathered = [];
    this.gatheredBytes = 0;
    const send = async () => {
      if (this.failure !== undefined) throw this.failure;
      for (let offset = 0; offset < data.length; offset += this.maxBytes) {
        try {
          await this.appendBatch(data.subarray(offset, offset + this.maxBytes), this.signal);
        } catch (err) {
          this.failure = err;
          throw err;
        }
      }
    };
    const sent = this.sending.then(send);
    this.sending = sent.catch(() => undefined);
    return sent;
  }
}
