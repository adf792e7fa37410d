/**
 * Faults through the command-line tool: the generated binary (out/cli over out/go) appends a 3 MiB
 * file in 48 KiB chunks through a simulator that injects seeded random faults into 15% of the
 * appends and probes (the faults suite's types: resets before the request is read, after the chunk
 * is stored and in the middle of the body; 500; 503 with and without Retry-After; a delay past the
 * tool's --timeout; a wrong CRC header). The tool's contract: a run either completes, or fails with
 * exit code 1 (integrity), 3 (service) or 4 (network) and the same command run again resumes where
 * the object ends. The object must end equal to the file byte for byte, with the file's CRC-64.
 * OSSGEN_SOAK_SEED (42) and OSSGEN_SOAK_RATE (0.15) as in faults.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type MockServer } from '../../generator/mock/index.js';
import { send } from '../../generator/mock/raw-client.js';
import type { FaultStats } from '../../generator/mock/sim.js';
import { crc64 } from '../../runtime/ts/crc64.js';
import { ACCESS_KEY_ID, control, goEnv, PROJECT_ROOT, run, SECRET } from './lib.js';

const RATE = Number(process.env.OSSGEN_SOAK_RATE ?? 0.15);
const SEED = Number(process.env.OSSGEN_SOAK_SEED ?? 42);
const TYPES = 'reset-before,reset-after-store,reset-mid-body,500,503,503-retry-after,delay,wrong-crc';
const credentials = { accessKeyId: ACCESS_KEY_ID, accessKeySecret: SECRET };

let work: string;
let binary: string;
let sim: MockServer;

describe('reliability: the CLI under random faults', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'ossgen-cli-faults-'));
    cpSync(join(PROJECT_ROOT, 'out/go'), join(work, 'go'), { recursive: true });
    cpSync(join(PROJECT_ROOT, 'out/cli'), join(work, 'cli'), { recursive: true });
    binary = join(work, 'bin', 'tool');
    const built = await run('go', ['build', '-o', binary, '.'], { cwd: join(work, 'cli'), env: { ...process.env, ...goEnv() }, timeoutMs: 600_000 });
    expect(built.status, built.stderr).toBe(0);
    sim = await startMock({ mode: 'sim', ...credentials, controlEndpoints: true });
  }, 600_000);

  afterAll(async () => {
    await sim?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('loses and duplicates nothing: failed runs exit 1/3/4 and the next run resumes', async () => {
    const data = randomBytes(3 << 20);
    const file = join(work, 'data.bin');
    writeFileSync(file, data);
    const key = `reliability/cli-soak-${Date.now()}.bin`;
    const env = { HOME: work, PATH: process.env.PATH ?? '', OSS_ENDPOINT: sim.url, OSS_ACCESS_KEY_ID: ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET: SECRET };
    await control(sim.url, 'DELETE', '/__mock/stats');
    await control(sim.url, 'POST', `/__mock/faults?rate=${RATE}&seed=${SEED}&types=${TYPES}&operations=AppendObject,HeadObject&delayMs=2000&retryAfter=1`);
    const exits: number[] = [];
    const started = performance.now();
    for (let attempt = 0; attempt < 25; attempt++) {
      const r = await run(binary, ['append', '--json', '--timeout', '1s', '--chunk-size', '48KiB', file, `oss://examplebucket/${key}`], { env, timeoutMs: 300_000 });
      exits.push(r.status ?? -1);
      if (r.status === 0) break;
      // Only the documented failures, each with a message and no secret in it.
      expect([1, 3, 4], r.stderr).toContain(r.status);
      expect(r.stderr).not.toContain(SECRET);
    }
    const seconds = (performance.now() - started) / 1000;
    await control(sim.url, 'DELETE', '/__mock/faults');
    const stats = (await control(sim.url, 'GET', '/__mock/stats')) as FaultStats;
    expect(exits.at(-1), `exit codes of the runs: ${exits.join(',')}`).toBe(0);
    const res = await send(sim.url, { method: 'GET', bucket: 'examplebucket', key, credentials });
    expect(res.status).toBe(200);
    expect(Math.max(0, data.length - res.body.length), 'bytes lost').toBe(0);
    expect(Math.max(0, res.body.length - data.length), 'bytes duplicated').toBe(0);
    expect(res.body.equals(data)).toBe(true);
    expect(res.headers['x-oss-hash-crc64ecma']).toBe(crc64(data).toString());
    const faults = Object.values(stats.injected).reduce((a, b) => a + b, 0);
    expect(faults).toBeGreaterThan(5);
    const byType = Object.entries(stats.injected).sort().map(([t, n]) => `${t}=${n}`).join(' ');
    console.log(`[reliability/cli-faults] bytes=${data.length} chunks=${Math.ceil(data.length / 49152)} requests=${Object.values(stats.requests).reduce((a, b) => a + b, 0)} faults=${faults} (${byType}) runs=${exits.length} exits=${exits.join(',')} bytes-lost=0 bytes-duplicated=0 ${seconds.toFixed(1)}s`);
  }, 900_000);
});
