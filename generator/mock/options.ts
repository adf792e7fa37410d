/**
 * The options and handle of a mock server (`startMock` in index.ts, `startMockProcess` in
 * process.ts), in a module of their own so the two starters need not import each other.
 */
import type { IrModel } from '../ir/types.js';
import type { Provenance } from './cassette.js';

export interface MockOptions {
  mode: 'sim' | 'fixtures' | 'record';
  /** Replay: directory of cassettes (default test/fixtures/recordings of this project). */
  fixturesDir?: string;
  /** Simulator: store objects on disk under this directory instead of in memory. */
  dataDir?: string;
  /** Record: the cassette to write and the server to forward to. */
  recordFile?: string;
  upstream?: string;
  /** Record: the scenario id written in the cassette (default: the file name without `.json`). */
  scenario?: string;
  /** Record: what the cassette says it was recorded against (default derived from `upstream`). */
  provenance?: Partial<Provenance>;
  host?: string;
  port?: number;
  buckets?: string[];
  region?: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  /** Simulator: a security token requests may carry in `x-oss-security-token`. */
  securityToken?: string;
  /**
   * Simulator: random faults from the start, `rate=0.15,seed=42,types=reset-before,500,…
   * [,operations=AppendObject,…][,delayMs=N][,retryAfter=S]` (see parseFaultSpec in sim.ts).
   */
  faults?: string;
  /**
   * Answer the control endpoints (`/__mock/report`, `/__mock/reset`, `/__mock/faults`,
   * `/__mock/stats`) on path-style requests. Off by default: they need no authentication and can
   * wipe the store, so only tests turn them on.
   */
  controlEndpoints?: boolean;
  /** Answer CORS for these origins (`*`: any), one rule for every bucket; see cors.ts. Off by default. */
  cors?: string[];
  /** Simulator: milliseconds a request body may stall before the write is abandoned (default 15,000). */
  bodyTimeoutMs?: number;
  /** The server's clock in epoch milliseconds (a fixed clock makes recordings byte-stable). */
  clock?: () => number;
  /** An already built IR (default: built from model/oss.yaml). */
  ir?: IrModel;
  /** Called with one access-log line per request (method, path, status, size, time, request id; never a secret). */
  log?: (line: string) => void;
  /**
   * Run the server on the caller's own event loop. By default it runs in a worker thread, so it
   * keeps answering while the caller blocks (a test that runs a client with spawnSync); with a
   * `clock` function it always runs here, since functions cannot cross to a thread.
   */
  inProcess?: boolean;
}

export interface MockServer {
  url: string;
  close(): Promise<void>;
}
