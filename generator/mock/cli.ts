/**
 * `gen mock`: start the mock server from the command line. Prints exactly one line,
 * `listening on http://HOST:PORT`, on stdout when ready, and stops on SIGINT/SIGTERM within a
 * bounded time (idle, stalled and half-open connections are closed; see STOP_BOUND_MS).
 * Exit status: 0 after a clean stop, 1 when the server cannot start, 2 on bad usage.
 */
import { parseArgs } from 'node:util';
import type { CliIo } from '../cli-io.js';
import { startMock, type MockOptions } from './index.js';
import { parseCorsOrigins } from './cors.js';
import { parseFaultSpec } from './sim.js';

export const MOCK_HELP = `Usage:
  gen mock --sim [--data-dir DIR] [--faults SPEC] [common options]
  gen mock --fixtures DIR [common options]
  gen mock --record FILE --upstream URL [--scenario ID] [common options]

Modes (exactly one):
  --sim                 stateful simulator of the modeled operations (AppendObject, HeadObject,
                        GetObject, PutObject, DeleteObject) with the service's rules
  --fixtures DIR        replay the cassettes (*.json) in DIR, matching requests in order
  --record FILE         recording proxy: forward to --upstream and write the cassette FILE
  --upstream URL        where --record forwards (a simulator, or a real OSS endpoint)
  --scenario ID         scenario id written in the cassette (default: FILE's name without .json)
  --data-dir DIR        (--sim) keep objects on disk under DIR; memory stays bounded
  --faults SPEC         (--sim) seeded random faults, e.g. rate=0.15,seed=42,types=reset-before,
                        reset-after-store,reset-mid-body,500,503,503-retry-after,delay,wrong-crc
                        [,operations=AppendObject,HeadObject][,delayMs=1500][,retryAfter=1]
  --body-timeout-ms MS  (--sim) a request body that sends no byte for MS ms is abandoned: nothing
                        stored, 400 RequestTimeout, connection closed (default 15000)

Common options:
  --host HOST           address to listen on (default 127.0.0.1)
  --port PORT           port (default 0: any free port)
  --bucket NAME         bucket that exists (repeatable; default examplebucket)
  --region REGION       region the V4 scope must name (default cn-hangzhou)
  --access-key-id ID    credentials requests must be signed with
  --access-key-secret S (default: $OSS_ACCESS_KEY_ID / $OSS_ACCESS_KEY_SECRET, else the model's
                        test credentials ak / sk)
  --security-token T    (--sim) session token accepted in x-oss-security-token
                        (default $OSS_SESSION_TOKEN)
  --cors ORIGIN|*       answer CORS for browser pages from ORIGIN (repeatable or comma-separated; *
                        for any): preflights, Access-Control-Allow-Origin, every answer header
                        exposed (x-oss-next-append-position, x-oss-hash-crc64ecma, ETag, ...)
  --control-endpoints   answer the control endpoints below (off by default: they need no
                        authentication and can wipe the store; for tests only)
  --verbose             one access-log line per request on stderr (never a secret)
  -h, --help            this help

Control endpoints (with --control-endpoints, on path-style requests to the server's own address):
GET /__mock/report[?scenario=ID], POST /__mock/reset[?scenario=ID];
(--sim) POST/GET/DELETE /__mock/faults, GET/DELETE /__mock/stats (fault counters).
Prints "listening on http://HOST:PORT" when ready; on SIGINT or SIGTERM it closes every connection
and exits within 1.5 seconds.
`;

/** The longest a stop on SIGINT/SIGTERM takes before the process exits regardless. */
export const STOP_BOUND_MS = 1_500;

function usage(io: CliIo, message: string): number {
  io.stderr(`gen mock: ${message}\nRun "gen mock --help" for usage.\n`);
  return 2;
}

export async function mockCommand(args: string[], io: CliIo): Promise<number> {
  let values: Record<string, string | boolean | string[] | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        sim: { type: 'boolean' },
        fixtures: { type: 'string' },
        record: { type: 'string' },
        upstream: { type: 'string' },
        scenario: { type: 'string' },
        'data-dir': { type: 'string' },
        faults: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        bucket: { type: 'string', multiple: true },
        region: { type: 'string' },
        'access-key-id': { type: 'string' },
        'access-key-secret': { type: 'string' },
        'security-token': { type: 'string' },
        'body-timeout-ms': { type: 'string' },
        'control-endpoints': { type: 'boolean' },
        cors: { type: 'string', multiple: true },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    return usage(io, (err as Error).message);
  }
  if (values.help) {
    io.stdout(MOCK_HELP);
    return 0;
  }
  if (positionals.length > 0) return usage(io, `unexpected argument "${positionals[0]}"`);
  const modes = [values.sim ? 'sim' : undefined, values.fixtures !== undefined ? 'fixtures' : undefined, values.record !== undefined ? 'record' : undefined].filter(Boolean);
  if (modes.length !== 1) return usage(io, 'choose exactly one of --sim, --fixtures DIR, --record FILE');
  const mode = modes[0] as MockOptions['mode'];
  if (mode === 'record' && !values.upstream) return usage(io, '--record needs --upstream URL');
  if (mode !== 'record' && (values.upstream !== undefined || values.scenario !== undefined)) return usage(io, '--upstream and --scenario go with --record');
  if (mode !== 'sim' && values['data-dir'] !== undefined) return usage(io, '--data-dir goes with --sim');
  if (mode !== 'sim' && values.faults !== undefined) return usage(io, '--faults goes with --sim');
  if (mode !== 'sim' && values['body-timeout-ms'] !== undefined) return usage(io, '--body-timeout-ms goes with --sim');
  let bodyTimeoutMs: number | undefined;
  if (values['body-timeout-ms'] !== undefined) {
    const text = values['body-timeout-ms'] as string;
    bodyTimeoutMs = Number(text);
    if (!/^[1-9]\d{0,8}$/.test(text)) return usage(io, `--body-timeout-ms must be a positive number of milliseconds, not "${text}"`);
  }
  if (values.faults !== undefined) {
    try {
      parseFaultSpec(values.faults as string);
    } catch (err) {
      return usage(io, (err as Error).message);
    }
  }
  if (values.upstream !== undefined) {
    try {
      const u = new URL(values.upstream as string);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http(s)');
    } catch {
      return usage(io, `--upstream must be an http:// or https:// URL, not "${values.upstream as string}"`);
    }
  }
  let cors: string[] | undefined;
  if (values.cors !== undefined) {
    try {
      cors = parseCorsOrigins(values.cors as string[]);
    } catch (err) {
      return usage(io, (err as Error).message);
    }
  }
  let port = 0;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port as string) || port > 65535) return usage(io, `--port must be 0-65535, not "${values.port as string}"`);
  }
  const env = process.env;
  const accessKeyId = (values['access-key-id'] as string | undefined) ?? env.OSS_ACCESS_KEY_ID;
  const accessKeySecret = (values['access-key-secret'] as string | undefined) ?? env.OSS_ACCESS_KEY_SECRET;
  const securityToken = (values['security-token'] as string | undefined) ?? env.OSS_SESSION_TOKEN;
  const options: MockOptions = {
    mode,
    // The command is the server's own process: signals and memory belong to it, no thread needed.
    inProcess: true,
    port,
    ...(values.host !== undefined ? { host: values.host as string } : {}),
    ...(values.bucket !== undefined ? { buckets: values.bucket as string[] } : {}),
    ...(values.region !== undefined ? { region: values.region as string } : {}),
    ...(accessKeyId ? { accessKeyId } : {}),
    ...(accessKeySecret ? { accessKeySecret } : {}),
    ...(securityToken ? { securityToken } : {}),
    ...(values.fixtures !== undefined ? { fixturesDir: values.fixtures as string } : {}),
    ...(values['data-dir'] !== undefined ? { dataDir: values['data-dir'] as string } : {}),
    ...(values.faults !== undefined ? { faults: values.faults as string } : {}),
    ...(bodyTimeoutMs !== undefined ? { bodyTimeoutMs } : {}),
    ...(values['control-endpoints'] ? { controlEndpoints: true } : {}),
    ...(cors ? { cors } : {}),
    ...(values.record !== undefined ? { recordFile: values.record as string, upstream: values.upstream as string } : {}),
    ...(values.scenario !== undefined ? { scenario: values.scenario as string } : {}),
    ...(values.verbose ? { log: (line: string) => io.stderr(`${line}\n`) } : {}),
  };
  let server;
  try {
    server = await startMock(options);
  } catch (err) {
    io.stderr(`gen mock: cannot start: ${(err as Error).message}\n`);
    return 1;
  }
  const ready = server;
  io.stdout(`listening on ${ready.url}\n`);
  return new Promise<number>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      // A second signal stops at once.
      process.once('SIGINT', () => process.exit(0));
      process.once('SIGTERM', () => process.exit(0));
      // close() ends every connection within its grace; should anything still hold the event loop
      // after STOP_BOUND_MS, the process exits anyway: a stop is always bounded.
      setTimeout(() => process.exit(0), STOP_BOUND_MS).unref();
      void ready.close().then(() => resolve(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
