/**
 * Reliability driver for the generated TypeScript client (out/ts), the same protocol as the Go,
 * Python and C drivers: `soak URL KEY DATA SIZES` appends DATA cut at SIZES through an Appender;
 * `integrity URL KEY` makes one append whose answer carries a wrong CRC header. Returns (and,
 * run as a program, prints) one JSON object. Credentials come from OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Appender, IntegrityError, OssClient } from '../../../out/ts/src/index.js';

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

export async function runDriver(args: string[]): Promise<Record<string, unknown>> {
  const [mode, url, key, dataPath, sizesPath] = args as [string, string, string, string?, string?];
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
      console.error(`driver: ${String(err)}`);
      process.exit(1);
    },
  );
}
