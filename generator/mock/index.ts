/**
 * `startMock`: the mock server as a library, for tests and for `gen mock`. One node:http server
 * on loopback in one of three modes:
 * - `sim`: the stateful simulator (sim.ts), rules read from the IR;
 * - `fixtures`: replay of recorded cassettes (replay.ts);
 * - `record`: a recording proxy in front of an upstream (record.ts).
 * Control endpoints, only when started with `controlEndpoints: true` (`--control-endpoints`), and
 * only on a path-style request (Host an IP, `localhost` or empty) whose path starts with `/__mock/`
 * (`__mock` is not a valid bucket name, so this is outside the object namespace; a virtual-hosted
 * request for the key `__mock/reset` is an ordinary object request). Off, `/__mock/...` is an
 * ordinary request like any other. In every mode: `GET /__mock/report[?scenario=ID]`, `POST /__mock/reset[?scenario=ID]`;
 * in the simulator also `POST /__mock/faults?type=TYPE[&operation=Op][&code=Code][&retryAfter=S]
 * [&delayMs=MS][&count=N]` (queued faults, types in sim.ts), `POST /__mock/faults?rate=R&seed=N
 * [&types=a,b][&operations=Op,Op][&delayMs=MS][&retryAfter=S]` (seeded random faults),
 * `GET /__mock/faults` (queued, random and the counters), `DELETE /__mock/faults` (clears both),
 * `GET /__mock/stats` (requests and injected faults counted), `DELETE /__mock/stats` (zeroes them).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { IrModel } from '../ir/types.js';
import { corsPolicy } from './cors.js';
import { buildMockIr, MOCK_PROJECT_ROOT } from './model.js';
import { mockProtocol } from './protocol.js';
import type { MockOptions, MockServer } from './options.js';
import { Recorder } from './record.js';
import { loadCassettes, Replayer } from './replay.js';
import { FAULT_TYPES, parseFaultSpec, ServiceFailure, Simulator, type Fault } from './sim.js';
import { DiskStore, MemoryStore, type ObjectStore } from './store.js';
import { answeredByParser, hostIdFor, parseQuery, rawErrorResponse, respond, parseWireRequest, requestIdSource, sendError, serviceError, type WireRequest } from './wire.js';

export type { MockOptions, MockServer } from './options.js';

let defaultIr: Promise<IrModel> | undefined;

/** The IR of the project's model (model/oss.yaml), built once per process. */
export function loadDefaultIr(): Promise<IrModel> {
  defaultIr ??= buildMockIr();
  return defaultIr;
}

export { startMockProcess, type MockProcess, type ProcessMockOptions } from './process.js';

export const DEFAULT_FIXTURES_DIR = resolve(MOCK_PROJECT_ROOT, 'test/fixtures/recordings');

/** Query parameters that can carry credentials (presigned URLs) are never logged. */
const SECRET_QUERY = /signature|security-token|credential|accesskeyid/i;

function logLine(wire: WireRequest | undefined, req: IncomingMessage, res: ServerResponse, started: number, requestIdHeader: string): string {
  const query = (wire?.query ?? [])
    .map((q) => (SECRET_QUERY.test(q.name) ? `${q.name}=***` : q.value === undefined ? q.name : `${q.name}=${q.value}`))
    .join('&');
  const path = wire ? `${wire.rawPath}${query ? `?${query}` : ''}` : '(unparsed)';
  const requestId = res.getHeader(requestIdHeader) ?? '-';
  const length = res.getHeader('content-length') ?? '-';
  return `${new Date().toISOString()} ${req.method ?? '-'} ${path} ${res.statusCode} ${length} ${Math.round(performance.now() - started)}ms ${requestId}`;
}

/** How long `close()` lets requests in flight finish before it closes their connections. */
export const CLOSE_GRACE_MS = 200;

/**
 * Starts the mock (see MockOptions). Resolves once it listens; `close()` stops it and waits for
 * in-flight requests (at most CLOSE_GRACE_MS, then every connection is closed).
 */
export async function startMock(options: MockOptions): Promise<MockServer> {
  if (options.inProcess || options.clock) return startMockHere(options);
  return startMockThread(options);
}

/** The server in a worker thread (generator/mock/thread.mjs), speaking to this thread by messages. */
async function startMockThread(options: MockOptions): Promise<MockServer> {
  const { log, clock: _clock, inProcess: _inProcess, ...plain } = options;
  const worker = new Worker(new URL('./thread.mjs', import.meta.url), { workerData: { options: plain, verbose: Boolean(log) } });
  type Message = { type: 'ready'; url: string } | { type: 'error'; message: string } | { type: 'log'; line: string } | { type: 'closed' };
  let closed: (() => void) | undefined;
  const url = await new Promise<string>((resolve, reject) => {
    worker.on('message', (message: Message) => {
      if (message.type === 'ready') resolve(message.url);
      else if (message.type === 'error') reject(new Error(message.message));
      else if (message.type === 'log') log?.(message.line);
      else if (message.type === 'closed') closed?.();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the mock thread exited (${code}) before it was ready`)));
  });
  return {
    url,
    close: async () => {
      const done = new Promise<void>((resolve) => {
        closed = resolve;
        setTimeout(resolve, 5_000).unref();
      });
      worker.postMessage('close');
      await done;
      await worker.terminate();
    },
  };
}

async function startMockHere(options: MockOptions): Promise<MockServer> {
  const ir = options.ir ?? (await loadDefaultIr());
  const region = options.region ?? ir.service.defaults.region;
  const accessKeyId = options.accessKeyId ?? ir.tests.credentials.accessKeyId;
  const accessKeySecret = options.accessKeySecret ?? ir.tests.credentials.accessKeySecret;
  const buckets = options.buckets && options.buckets.length > 0 ? options.buckets : ['examplebucket'];
  const clock = options.clock ?? (() => Date.now());
  const nextRequestId = requestIdSource(`ossgen-${options.mode}`);

  let store: ObjectStore | undefined;
  let sim: Simulator | undefined;
  let replayer: Replayer | undefined;
  let recorder: Recorder | undefined;
  if (options.mode === 'sim') {
    if (options.dataDir) {
      const disk = new DiskStore(resolve(options.dataDir));
      const r = disk.recovery;
      if (r.removedTemp.length + r.removedOrphans.length + r.truncated.length + r.quarantined.length > 0) {
        options.log?.(
          `recovered ${options.dataDir}: ${r.objects} objects, ${r.truncated.length} truncated to their committed length, ` +
            `${r.removedTemp.length} temporary and ${r.removedOrphans.length} orphan files removed, ${r.quarantined.length} files quarantined` +
            r.quarantined.map((q) => ` (${q.file}: ${q.reason})`).join(''),
        );
      }
      store = disk;
    } else store = new MemoryStore();
    sim = new Simulator({
      ir,
      store,
      buckets,
      region,
      accessKeyId,
      accessKeySecret,
      ...(options.securityToken ? { securityToken: options.securityToken } : {}),
      ...(options.bodyTimeoutMs !== undefined ? { bodyTimeoutMs: options.bodyTimeoutMs } : {}),
      clock,
      nextRequestId,
    });
    if (options.faults) sim.setRandomFaults(parseFaultSpec(options.faults));
  } else if (options.mode === 'fixtures') {
    const cassettes = loadCassettes(resolve(options.fixturesDir ?? DEFAULT_FIXTURES_DIR));
    replayer = new Replayer({ ir, cassettes, region, accessKeyId, accessKeySecret, clock, nextRequestId });
  } else if (options.mode === 'record') {
    if (!options.recordFile || !options.upstream) throw new Error('record mode needs recordFile and upstream');
    const file = resolve(options.recordFile);
    const upstream = new URL(options.upstream);
    const loopback = upstream.hostname === '127.0.0.1' || upstream.hostname === 'localhost' || upstream.hostname === '[::1]';
    const version = ir.service.version;
    recorder = new Recorder({
      ir,
      file,
      upstream: options.upstream,
      scenario: options.scenario ?? file.replace(/^.*[\\/]/, '').replace(/\.json$/, ''),
      region,
      accessKeyId,
      accessKeySecret,
      provenance: {
        tool: `ossgen gen mock --record (model ${ir.source} ${version})`,
        // The port of a local upstream changes every run; only its kind is recorded.
        upstream: loopback ? 'local server on loopback' : `${upstream.protocol}//${upstream.host}`,
        ...(loopback ? {} : { recordedOn: new Date().toISOString().slice(0, 10) }),
        ...options.provenance,
      },
    });
  } else {
    throw new Error(`unknown mock mode "${String(options.mode)}"`);
  }

  const control = async (wire: WireRequest, res: ServerResponse): Promise<void> => {
    const scenario = parseQuery(wire.rawQuery).find((q) => q.name === 'scenario')?.value;
    const json = (status: number, body: unknown) => {
      const text = `${JSON.stringify(body, null, 2)}\n`;
      respond(res, status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
      res.end(text);
    };
    if (wire.rawPath === '/__mock/report' && wire.method === 'GET') {
      return json(200, replayer ? replayer.report(scenario) : { unmatched: [], unused: [] });
    }
    if (wire.rawPath === '/__mock/stats' && sim) {
      if (wire.method === 'GET') return json(200, sim.faultStats());
      if (wire.method === 'DELETE') {
        sim.resetStats();
        return json(200, sim.faultStats());
      }
    }
    if (wire.rawPath === '/__mock/faults' && sim) {
      const state = () => ({ faults: sim!.pendingFaults(), random: sim!.randomFaults() ?? null, ...sim!.faultStats() });
      if (wire.method === 'GET') return json(200, state());
      if (wire.method === 'DELETE') {
        sim.clearFaults();
        return json(200, state());
      }
      if (wire.method === 'POST') {
        const q = Object.fromEntries(parseQuery(wire.rawQuery).map((p) => [p.name, p.value ?? '']));
        if (q['type'] === undefined && q['rate'] !== undefined) {
          // The same spec as `gen mock --faults`, one query parameter per field.
          const spec = ['rate', 'seed', 'types', 'operations', 'delayMs', 'retryAfter'].filter((n) => q[n] !== undefined).map((n) => `${n}=${q[n]}`).join(',');
          try {
            const random = parseFaultSpec(spec);
            const unknown = random.operations?.find((op) => !ir.operations.some((o) => o.name === op));
            if (unknown) return json(400, { error: `unknown operation ${unknown}` });
            sim.setRandomFaults(random);
          } catch (err) {
            return json(400, { error: (err as Error).message });
          }
          return json(200, state());
        }
        const type = q['type'] as Fault['type'];
        if (!(FAULT_TYPES as readonly string[]).includes(type)) return json(400, { error: `type must be one of ${FAULT_TYPES.join(', ')} (or give rate= for random faults)` });
        const int = (name: string) => (q[name] !== undefined && /^\d+$/.test(q[name]!) ? Number(q[name]) : undefined);
        const fault: Fault = {
          type,
          ...(q['operation'] ? { operation: q['operation'] } : {}),
          ...(q['code'] ? { code: q['code'] } : {}),
          ...(int('retryAfter') !== undefined ? { retryAfter: int('retryAfter')! } : {}),
          ...(int('delayMs') !== undefined ? { delayMs: int('delayMs')! } : {}),
          ...(int('count') !== undefined ? { count: int('count')! } : {}),
        };
        if (fault.operation && !ir.operations.some((o) => o.name === fault.operation)) return json(400, { error: `unknown operation ${fault.operation}` });
        if (fault.code && !ir.errors.some((e) => e.code === fault.code)) return json(400, { error: `unknown error code ${fault.code}` });
        sim.addFault(fault);
        return json(200, state());
      }
    }
    if (wire.rawPath === '/__mock/reset' && wire.method === 'POST') {
      if (replayer) {
        if (scenario !== undefined && !replayer.hasScenario(scenario)) return json(404, { error: `no cassette for scenario "${scenario}"` });
        replayer.reset(scenario);
      } else if (store) {
        sim?.clearFaults();
        if (scenario === undefined) await store.clear();
        else {
          const s = ir.tests.scenarios.find((x) => x.id === scenario);
          if (!s) return json(404, { error: `no scenario "${scenario}" in the model` });
          await store.delete(s.bucket, s.key);
        }
      }
      return json(200, { reset: scenario ?? 'all' });
    }
    return json(404, { error: `unknown control endpoint ${wire.method} ${wire.rawPath}` });
  };

  const cors = options.cors && options.cors.length > 0 ? corsPolicy(ir, options.cors) : undefined;
  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    let wire: WireRequest | undefined;
    res.sendDate = false;
    if (options.log) res.on('finish', () => options.log!(logLine(wire, req, res, started, ir.protocol.headers.requestId)));
    try {
      if (cors?.preflight(req, res)) return;
      cors?.decorate(req, res);
      wire = parseWireRequest(req);
      if (options.controlEndpoints && wire.addressing === 'path' && wire.rawPath.startsWith('/__mock/')) return await control(wire, res);
      if (sim) return await sim.handle(req, res, wire);
      if (replayer) return await replayer.handle(req, res, wire);
      if (recorder) return await recorder.handle(req, res, wire);
    } catch (err) {
      // A broken or truncated request must never take the server down: answer if still possible.
      // A body that ended short was already answered by the parser's error path (clientError below).
      if (answeredByParser.has(req.socket)) return;
      if (res.headersSent || req.destroyed) {
        res.destroy();
        return;
      }
      const error = err instanceof ServiceFailure ? err.error : serviceError(ir, 'InternalError', { message: `The mock failed: ${(err as Error).message}` });
      sendError(res, error, {
        protocol: ir.protocol,
        requestId: nextRequestId(),
        hostId: hostIdFor(ir.endpoint.template, wire?.bucket, region),
        method: wire?.method ?? req.method ?? 'GET',
        now: clock(),
        closeConnection: true,
      });
    }
  };

  const server = createServer((req, res) => {
    void handler(req, res);
  });
  // Node's parser gives up on a connection: a malformed request (broken request line, headers or
  // framing) or a body that ended (the client half-closed) before its Content-Length. Either is
  // answered like the service answers, with the model's error document and a request id (the
  // invalidArgument error, the incompleteBody one for a short body), then the connection is closed;
  // the server itself carries on. A connection the client closed entirely cannot be answered.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    // The request in flight on this connection, if any (its answer may have started already).
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage ?? undefined;
    if (!socket.writable || inFlight?.headersSent || answeredByParser.has(socket)) {
      socket.destroy();
      return;
    }
    const truncated = err.code === 'HPE_INVALID_EOF_STATE' && inFlight !== undefined;
    let bucket: string | undefined;
    try {
      if (inFlight?.req) bucket = parseWireRequest(inFlight.req).bucket;
    } catch {
      bucket = undefined; // a target that cannot be read gets the service's own host id
    }
    const codes = mockProtocol(ir).codes;
    const error = truncated
      ? serviceError(ir, codes.incompleteBody, { message: `The request body ended before the ${inFlight.req.headers['content-length'] ?? 'declared'} bytes its Content-Length declared; nothing was stored.` })
      : serviceError(ir, codes.invalidArgument, { message: `The request could not be parsed as HTTP/1.1 (${err.code ?? err.message}).` });
    answeredByParser.add(socket);
    socket.end(
      rawErrorResponse(error, {
        protocol: ir.protocol,
        requestId: nextRequestId(),
        hostId: hostIdFor(ir.endpoint.template, bucket, region),
        method: truncated ? inFlight.req.method ?? 'GET' : 'GET',
        now: clock(),
      }),
    );
  });
  server.headersTimeout = 30_000;
  server.requestTimeout = 0; // bodies of any size may stream for as long as they keep coming
  server.keepAliveTimeout = 5_000;
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', fail);
      done();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${address.port}`,
    // Bounded: idle connections close now, injected delays end now, requests in flight get
    // CLOSE_GRACE_MS to finish, then every connection is closed, half-open and stalled ones included.
    close: () =>
      (closing ??= new Promise<void>((done) => {
        server.close(() => done());
        server.closeIdleConnections();
        sim?.close();
        setTimeout(() => {
          server.closeAllConnections();
          for (const socket of sockets) socket.destroy();
        }, CLOSE_GRACE_MS).unref();
      })),
  };
}
