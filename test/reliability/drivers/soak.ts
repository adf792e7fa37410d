/**
 * Reliability driver for the generated TypeScript client (out/ts), the same protocol as the Go,
 * Python and C drivers: `soak URL KEY DATA SIZES` appends DATA cut at SIZES through an Appender;
 * `integrity URL KEY` makes one append whose answer carries a wrong CRC header. For the hostile-server
 * suite: `append-once URL KEY FILE` (one appendObject at position 0), `appender URL KEY FILE...`
 * (Appender.open, then one append per file) and `head URL KEY`, each printing
 * {"ok":true,"next":N,"crc":"…"} or {"ok":false,"kind":…,"class":…,…}, exit 0 either way.
 * Returns (and, run as a program, prints) one JSON object. Credentials come from the client's own
 * environment loading (OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET / OSS_SESSION_TOKEN), never printed.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  AbortError,
  Appender,
  IntegrityError,
  NetworkError,
  OssClient,
  PositionNotEqualToLengthError,
  ProtocolError,
  ServiceError,
  TimeoutError,
  ValidationError,
} from '../../../out/ts/src/index.js';

const BUCKET = 'examplebucket';

/** Under faults even the probe can fail after its own retries: try a few times. */
async function open(client: OssClient, key: string): Promise<Appender> {
  let last: unknown;
  for (let i = 0; i < 10; i++) {
    try {
      return await Appender.open(client, { bucket: BUCKET, key });
    } catch (err) {
      last = err;
    }
  }
  throw last;
}

/** One failure as the hostile-server suite reads it: the kind of error, never a credential. */
export function describeFailure(err: unknown): Record<string, unknown> {
  const kind =
    err instanceof ServiceError
      ? 'service'
      : err instanceof TimeoutError || err instanceof AbortError
        ? 'timeout'
        : err instanceof NetworkError
          ? 'network'
          : err instanceof ProtocolError
            ? 'protocol'
            : err instanceof IntegrityError
              ? 'integrity'
              : err instanceof ValidationError
                ? 'validation'
                : 'untyped';
  const out: Record<string, unknown> = {
    ok: false,
    kind,
    class: err instanceof Error ? err.constructor.name : typeof err,
    message: err instanceof Error ? err.message : String(err),
  };
  if (err instanceof ServiceError) {
    out.code = err.code;
    out.status = err.status;
  }
  if (err instanceof PositionNotEqualToLengthError && err.nextAppendPosition !== undefined) out.nextAppendPosition = err.nextAppendPosition;
  return out;
}

function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** append-once, appender and head: one JSON line, success or a described failure. */
async function hostileCommand(mode: string, url: string, key: string, files: string[]): Promise<Record<string, unknown>> {
  let client: OssClient | undefined;
  try {
    client = new OssClient({
      endpoint: url,
      bucket: BUCKET,
      timeoutMs: envNumber('OSSGEN_TIMEOUT_MS', 1000),
      retry: { maxAttempts: envNumber('OSSGEN_MAX_ATTEMPTS', 3), baseDelayMs: 10, maxDelayMs: 50 },
    });
    if (mode === 'head') {
      const head = await client.headObject({ key });
      return { ok: true, next: head.nextAppendPosition ?? head.contentLength, crc: head.hashCrc64ecma === undefined ? null : String(head.hashCrc64ecma) };
    }
    if (mode === 'append-once') {
      const out = await client.appendObject({ key, position: 0, body: readFileSync(files[0]!) }, { previousCrc: 0n });
      return { ok: true, next: out.nextAppendPosition, crc: out.hashCrc64ecma === undefined ? null : String(out.hashCrc64ecma) };
    }
    const appender = await Appender.open(client, { key });
    for (const file of files) await appender.append(readFileSync(file));
    return { ok: true, next: appender.position, crc: appender.crc === undefined ? null : String(appender.crc) };
  } catch (err) {
    return describeFailure(err);
  } finally {
    client?.close();
  }
}

export async function runDriver(args: string[]): Promise<Record<string, unknown>> {
  const [mode, url, key, dataPath, sizesPath] = args as [string, string, string, string?, string?];
  if (mode === 'append-once' || mode === 'appender' || mode === 'head') return hostileCommand(mode, url, key, args.slice(3));
  const client = new OssClient({ endpoint: url, timeoutMs: 800, retry: { maxAttempts: 6 } });
  try {
    if (mode === 'integrity') {
      const appender = await open(client, key);
      try {
        await appender.append(Buffer.from('integrity check'));
        return { lang: 'ts', integrityError: false, error: 'accepted' };
      } catch (err) {
        return { lang: 'ts', integrityError: err instanceof IntegrityError, error: String(err) };
      }
    }
    const data = readFileSync(dataPath!);
    const sizes = readFileSync(sizesPath!, 'ascii').split(/\s+/).filter(Boolean).map(Number);
    let appender = await open(client, key);
    let opens = 1;
    let errors = 0;
    let integrity = 0;
    let landedAfterError = 0;
    let offset = 0;
    for (const size of sizes) {
      const chunk = data.subarray(offset, offset + size);
      for (;;) {
        const before = appender.position;
        try {
          await appender.append(chunk);
          break;
        } catch (err) {
          errors++;
          if (err instanceof IntegrityError) integrity++;
        }
        // The outcome is settled by reading the object back, never by guessing.
        appender = await open(client, key);
        opens++;
        if (appender.position === before + size) {
          landedAfterError++;
          break;
        }
        if (appender.position !== before) throw new Error(`object is ${appender.position} bytes, neither ${before} nor ${before + size}`);
      }
      offset += size;
    }
    return { lang: 'ts', chunks: sizes.length, bytes: offset, position: appender.position, crc: String(appender.crc), errors, integrityErrors: integrity, landedAfterError, opens };
  } finally {
    client.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runDriver(process.argv.slice(2)).then(
    (result) => console.log(JSON.stringify(result)),
    (err: unknown) => {
      console.error(`driver: ${err instanceof Error ? `${err.name}: ${err.message}` : 'failed'}`);
      process.exit(1);
    },
  );
}
