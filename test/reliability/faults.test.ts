/**
 * Faults: nothing lost, nothing duplicated. For each language (TypeScript, Go, Python, C, Java) the
 * generated appender writes 300 random chunks (1 B to 1 MiB, log-uniform, seeded) through a
 * simulator that injects seeded random faults into 15% of the requests (reset before the request
 * is read, after the body is stored, in the middle of the body; 500; 503 with and without
 * Retry-After; a delay past the client's timeout; a wrong CRC header). The object read back must
 * equal the concatenation byte for byte and its CRC-64 must match; every wrong CRC header must
 * surface as an integrity error, and no other fault may reach the caller.
 *
 * OSSGEN_SOAK_CHUNKS (default 300), OSSGEN_SOAK_RATE (0.15) and OSSGEN_SOAK_SEED (42) make longer or
 * different soaks; a failing run is replayed with the same seed.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc64 } from '../../runtime/ts/crc64.js';
import { startMock, type MockServer } from '../../generator/mock/index.js';
import { send } from '../../generator/mock/raw-client.js';
import type { FaultStats } from '../../generator/mock/sim.js';
import { startBackground } from '../support/subprocess.js';
import { ACCESS_KEY_ID, PROJECT_ROOT, appendPlan, buildCDriver, buildCppDriver, buildGoDriver, buildJavaDriver, buildCsharpDriver, control, driverCommand, run, SECRET, writePlan } from './lib.js';

const CHUNKS = Number(process.env.OSSGEN_SOAK_CHUNKS ?? 300);
/** The soak's limit, sized by the count with a generous floor (300 chunks per language take about half a minute), so a busy machine or a longer soak is not cut short. */
const SOAK_LIMIT_MS = Math.max(600_000, CHUNKS * 2_000);
const RATE = Number(process.env.OSSGEN_SOAK_RATE ?? 0.15);
const SEED = Number(process.env.OSSGEN_SOAK_SEED ?? 42);
const TYPES = 'reset-before,reset-after-store,reset-mid-body,500,503,503-retry-after,delay,wrong-crc';
const ALL_LANGS = ['ts', 'go', 'python', 'c', 'cpp', 'java', 'php', 'ruby', 'csharp'] as const;
type Lang = (typeof ALL_LANGS)[number];
/** OSSGEN_SOAK_LANGS=java,go runs only those (the mutation test always uses Go). */
const LANGS: readonly Lang[] = process.env.OSSGEN_SOAK_LANGS ? ALL_LANGS.filter((l) => process.env.OSSGEN_SOAK_LANGS!.split(',').includes(l)) : ALL_LANGS;
const credentials = { accessKeyId: ACCESS_KEY_ID, accessKeySecret: SECRET };

interface SoakResult {
  lang: Lang;
  chunks: number;
  bytes: number;
  position: number;
  crc: string;
  errors: number;
  integrityErrors: number;
  landedAfterError: number;
  opens: number;
}

interface Outcome {
  lang: Lang;
  driver: SoakResult;
  stats: FaultStats;
  readBack: Buffer;
  readBackCrc: string | undefined;
  seconds: number;
  output: string;
}

let work: string;
let binaries: { go?: string; c?: string; cpp?: string; java?: string; csharp?: string } = {};
let plan: { sizes: number[]; data: Buffer };
let files: { dataPath: string; sizesPath: string };
const logs: string[] = [];
const outputs: string[] = [];

async function driver(lang: Lang, args: string[], binaryOverride?: string): Promise<Record<string, unknown>> {
  const cmd = driverCommand(lang, binaryOverride ? { go: binaryOverride, c: binaryOverride, java: binaryOverride, csharp: binaryOverride } : binaries);
  // PHP runs the package in place: an override is a directory holding another copy of it.
  const env = lang === 'php' && binaryOverride ? { ...cmd.env, OSSGEN_PHP_CLIENT: binaryOverride } : cmd.env;
  const r = await run(cmd.command, [...cmd.args, ...args], { env, timeoutMs: 400_000 });
  outputs.push(r.stdout, r.stderr);
  if (r.status !== 0) throw new Error(`${lang} driver failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as Record<string, unknown>;
}

async function simulator(): Promise<MockServer> {
  return startMock({ mode: 'sim', ...credentials, controlEndpoints: true, log: (line) => logs.push(line) });
}

/** Appends the plan through `lang`'s driver under random faults, then reads the object back without faults. */
async function soak(lang: Lang, spec: { rate: number; seed: number; types: string; sizes?: string }, binaryOverride?: string): Promise<Outcome> {
  const sim = await simulator();
  try {
    const key = `reliability/soak-${lang}.bin`;
    await control(sim.url, 'DELETE', '/__mock/stats');
    await control(sim.url, 'POST', `/__mock/faults?rate=${spec.rate}&seed=${spec.seed}&types=${spec.types}&delayMs=2000&retryAfter=1`);
    const started = performance.now();
    const result = (await driver(lang, ['soak', sim.url, key, files.dataPath, spec.sizes ?? files.sizesPath], binaryOverride)) as unknown as SoakResult;
    const seconds = (performance.now() - started) / 1000;
    await control(sim.url, 'DELETE', '/__mock/faults');
    const stats = (await control(sim.url, 'GET', '/__mock/stats')) as FaultStats;
    const res = await send(sim.url, { method: 'GET', bucket: 'examplebucket', key, credentials });
    expect(res.status).toBe(200);
    return { lang, driver: result, stats, readBack: res.body, readBackCrc: res.headers['x-oss-hash-crc64ecma'], seconds, output: '' };
  } finally {
    await sim.close();
  }
}

/** Everything that must hold after a soak; empty when the run was perfect. */
function violations(o: Outcome, expected: Buffer, chunks: number): string[] {
  const problems: string[] = [];
  const lost = Math.max(0, expected.length - o.readBack.length);
  const duplicated = Math.max(0, o.readBack.length - expected.length);
  if (lost > 0) problems.push(`${lost} bytes lost`);
  if (duplicated > 0) problems.push(`${duplicated} bytes duplicated`);
  if (!o.readBack.equals(expected)) problems.push('the object differs from the concatenation of the chunks');
  const crc = crc64(expected).toString();
  if (o.readBackCrc !== crc) problems.push(`the object's CRC-64 is ${o.readBackCrc}, the chunks' is ${crc}`);
  if (o.driver.crc !== crc) problems.push(`the appender ends with CRC-64 ${o.driver.crc}, the chunks' is ${crc}`);
  if (o.driver.chunks !== chunks || o.driver.position !== expected.length) problems.push(`the appender reports ${o.driver.chunks} chunks ending at ${o.driver.position}`);
  const wrongCrc = o.stats.injectedByOperation['AppendObject:wrong-crc'] ?? 0;
  if (o.driver.integrityErrors !== wrongCrc) problems.push(`${wrongCrc} wrong CRC headers were injected but ${o.driver.integrityErrors} integrity errors surfaced`);
  const other = o.driver.errors - o.driver.integrityErrors;
  if (other !== 0) problems.push(`${other} faults other than a wrong CRC reached the caller (the client should have absorbed them)`);
  return problems;
}

/**
 * The figures of one run, from the simulator's counters and the driver's report. Every append fault
 * other than a wrong CRC leaves the outcome unknown, so the client reads the object back (a HEAD):
 * then either the chunk had landed (a recovery: no resend) or it had not (a resend).
 */
function summary(o: Outcome, expected: Buffer, chunks: number): string {
  const requests = Object.values(o.stats.requests).reduce((a, b) => a + b, 0);
  const faults = Object.values(o.stats.injected).reduce((a, b) => a + b, 0);
  const headFaults = Object.entries(o.stats.injectedByOperation).filter(([k]) => k.startsWith('HeadObject:')).reduce((a, [, n]) => a + n, 0);
  const resends = (o.stats.requests['AppendObject'] ?? 0) - chunks;
  const readBacks = (o.stats.requests['HeadObject'] ?? 0) - o.driver.opens - headFaults;
  const byType = Object.entries(o.stats.injected).sort().map(([t, n]) => `${t}=${n}`).join(' ');
  return (
    `[reliability/faults] ${o.lang}: chunks=${chunks} bytes=${expected.length} requests=${requests} faults=${faults} (${byType}; ${headFaults} on HeadObject) ` +
    `retries=${resends + headFaults} (append resends=${resends}, HEAD retries=${headFaults}) read-backs=${readBacks} ` +
    `recoveries-by-read-back=${readBacks - resends + o.driver.landedAfterError} integrity-errors=${o.driver.integrityErrors} ` +
    `bytes-lost=${Math.max(0, expected.length - o.readBack.length)} bytes-duplicated=${Math.max(0, o.readBack.length - expected.length)} ${o.seconds.toFixed(1)}s`
  );
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ossgen-reliability-'));
  plan = appendPlan(SEED, CHUNKS);
  files = writePlan(work, plan);
  const [go, c, cpp, java, csharp] = await Promise.all([buildGoDriver(work), buildCDriver(work), buildCppDriver(), buildJavaDriver(work), buildCsharpDriver(work)]);
  binaries = { go, c, cpp, java, csharp };
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('faults: the appender loses and duplicates nothing', () => {
  it('injects each fault type on demand and counts it (control endpoint)', async () => {
    const sim = await simulator();
    try {
      await control(sim.url, 'DELETE', '/__mock/stats');
      const key = 'reliability/queued.bin';
      const append = (position: number, body: string) =>
        send(sim.url, { method: 'POST', bucket: 'examplebucket', key, query: [{ name: 'append' }, { name: 'position', value: String(position) }], body, credentials });
      const head = () => send(sim.url, { method: 'HEAD', bucket: 'examplebucket', key, credentials });
      const fault = (q: string) => control(sim.url, 'POST', `/__mock/faults?${q}&operation=AppendObject`);
      expect((await append(0, 'ab')).status).toBe(200);
      for (const type of ['reset-before', 'reset-mid-body']) {
        await fault(`type=${type}`);
        await expect(append(2, 'cdefgh')).rejects.toThrow();
        expect((await head()).headers['content-length']).toBe('2'); // nothing landed, nothing half-written
      }
      await fault('type=reset-after-store');
      await expect(append(2, 'cd')).rejects.toThrow();
      expect((await head()).headers['content-length']).toBe('4'); // stored, answer lost
      await fault('type=503-retry-after&retryAfter=7');
      const busy = await append(4, 'ef');
      expect([busy.status, busy.headers['retry-after']]).toEqual([503, '7']);
      await fault('type=503');
      const plain = await append(4, 'ef');
      expect([plain.status, plain.headers['retry-after']]).toEqual([503, undefined]);
      await fault('type=500');
      expect((await append(4, 'ef')).status).toBe(500);
      await fault('type=wrong-crc');
      const wrong = await append(4, 'ef');
      expect(wrong.status).toBe(200);
      expect(wrong.headers['x-oss-hash-crc64ecma']).not.toBe(crc64(Buffer.from('abcdef')).toString());
      expect((await head()).headers['x-oss-hash-crc64ecma']).toBe(crc64(Buffer.from('abcdef')).toString());
      const stats = (await control(sim.url, 'GET', '/__mock/stats')) as FaultStats;
      expect(stats.injected).toEqual({ 'reset-before': 1, 'reset-mid-body': 1, 'reset-after-store': 1, '503-retry-after': 1, '503': 1, '500': 1, 'wrong-crc': 1 });
      // The same seed draws the same faults: a failing run can be replayed.
      const draws = async () => {
        await control(sim.url, 'DELETE', '/__mock/stats');
        await control(sim.url, 'POST', `/__mock/faults?rate=0.5&seed=7&types=500,503&operations=HeadObject`);
        const statuses: number[] = [];
        for (let i = 0; i < 20; i++) statuses.push((await head()).status);
        await control(sim.url, 'DELETE', '/__mock/faults');
        return statuses;
      };
      const first = await draws();
      expect(first.filter((s) => s >= 500).length).toBeGreaterThan(3);
      expect(await draws()).toEqual(first);
      await expect(control(sim.url, 'POST', '/__mock/faults?rate=2')).rejects.toThrow(/rate/);
      await expect(control(sim.url, 'POST', '/__mock/faults?rate=0.1&types=explode')).rejects.toThrow(/explode/);
    } finally {
      await sim.close();
    }
  });

  it('gen mock --sim --faults SPEC starts with seeded random faults; a bad spec is bad usage', async () => {
    const main = join(PROJECT_ROOT, 'generator/mock/main.ts');
    const loader = pathToFileURL(join(PROJECT_ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
    const bad = await run(process.execPath, ['--import', loader, main, '--sim', '--faults', 'rate=0.1,types=explode']);
    expect([bad.status, bad.stderr]).toEqual([2, expect.stringContaining('unknown fault type "explode"')]);
    const server = startBackground(process.execPath, ['--import', loader, main, '--sim', '--control-endpoints', '--faults', `rate=1,seed=5,types=503,operations=HeadObject`]);
    try {
      const url = (await server.waitFor(/listening on (http:\/\/\S+)/))[1]!;
      const head = await send(url, { method: 'HEAD', bucket: 'examplebucket', key: 'x', credentials: { accessKeyId: 'ak', accessKeySecret: 'sk' } });
      expect(head.status).toBe(503);
      const state = (await control(url, 'GET', '/__mock/faults')) as { random: unknown; injected: Record<string, number> };
      expect(state.random).toMatchObject({ rate: 1, seed: 5, types: ['503'], operations: ['HeadObject'] });
      expect(state.injected).toEqual({ '503': 1 });
    } finally {
      await server.stop();
    }
  });

  it('a wrong CRC header surfaces as an integrity error in every language, never accepted', async () => {
    const sim = await simulator();
    try {
      const lines: string[] = [];
      for (const lang of LANGS) {
        await control(sim.url, 'POST', '/__mock/faults?type=wrong-crc&operation=AppendObject');
        const result = await driver(lang, ['integrity', sim.url, `reliability/integrity-${lang}.bin`]);
        lines.push(`${lang}=${result['integrityError'] ? 'IntegrityError' : `ACCEPTED(${String(result['error'])})`}`);
        expect(result, `${lang}: ${JSON.stringify(result)}`).toMatchObject({ integrityError: true });
      }
      console.log(`[reliability/integrity] wrong CRC header: ${lines.join(' ')} (${LANGS.length}/${LANGS.length} refused)`);
    } finally {
      await sim.close();
    }
  });

  it(`${CHUNKS} random chunks per language at ${RATE * 100}% faults: object equals the concatenation, CRC matches`, async () => {
    const outcomes = await Promise.all(LANGS.map((lang, i) => soak(lang, { rate: RATE, seed: SEED + i, types: TYPES })));
    const problems: string[] = [];
    for (const o of outcomes) {
      console.log(summary(o, plan.data, CHUNKS));
      problems.push(...violations(o, plan.data, CHUNKS).map((p) => `${o.lang}: ${p}`));
      expect(Object.values(o.stats.injected).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    }
    expect(problems).toEqual([]);
  }, SOAK_LIMIT_MS);

  it('catches an appender whose read-back was removed (a Go client that resends blindly)', async () => {
    // Remove the protection on purpose in a copy of out/go: after an unknown outcome, assume nothing landed.
    const broken = await buildGoDriver(join(work, 'broken'), undefined, (dir) => {
      const file = join(dir, 'appender.go');
      const source = readFileSync(file, 'utf8');
      const mutated = source.replace('found, length, ferr := c.locate(ctx, in.Bucket, in.Key, *chunk)', 'found, length, ferr := chunkAbsent, chunk.position, error(nil)');
      expect(mutated).not.toBe(source);
      writeFileSync(file, mutated);
    });
    const sizes = plan.sizes.slice(0, 40);
    const sizesPath = join(work, 'short.sizes');
    writeFileSync(sizesPath, `${sizes.join('\n')}\n`);
    const expected = plan.data.subarray(0, sizes.reduce((a, b) => a + b, 0));
    const outcome = await soak('go', { rate: 0.3, seed: SEED, types: 'reset-after-store', sizes: sizesPath }, broken);
    const found = violations(outcome, expected, sizes.length);
    console.log(`[reliability/faults] mutation (Go appender without read-back): ${found.length} violation(s) detected: ${found.join('; ')}`);
    expect(found.some((p) => /reached the caller/.test(p))).toBe(true);
  }, 300_000);

  it('catches a Java appender whose read-back was removed (it resends blindly)', async () => {
    // The same protection removed in a copy of out/java's sources: after an unknown outcome, assume nothing landed.
    const broken = await buildJavaDriver(join(work, 'broken-java'), undefined, (sources) => {
      const file = readdirSync(sources, { recursive: true }).map(String).find((f) => f.endsWith('/Appender.java'))!;
      const source = readFileSync(join(sources, file), 'utf8');
      const mutated = source.replace('found = locate(client, in.bucket(), in.key(), chunk);', 'found = new Located(Found.ABSENT, chunk.position());');
      expect(mutated).not.toBe(source);
      writeFileSync(join(sources, file), mutated);
    });
    const sizes = plan.sizes.slice(0, 40);
    const sizesPath = join(work, 'short-java.sizes');
    writeFileSync(sizesPath, `${sizes.join('\n')}\n`);
    const expected = plan.data.subarray(0, sizes.reduce((a, b) => a + b, 0));
    const outcome = await soak('java', { rate: 0.3, seed: SEED, types: 'reset-after-store', sizes: sizesPath }, broken);
    const found = violations(outcome, expected, sizes.length);
    console.log(`[reliability/faults] mutation (Java appender without read-back): ${found.length} violation(s) detected: ${found.join('; ')}`);
    expect(found.some((p) => /reached the caller|duplicated/.test(p))).toBe(true);
  }, 300_000);

  it('catches a C# appender whose read-back was removed (it resends blindly)', async () => {
    // The same protection removed in a copy of out/csharp's sources: after an unknown outcome, assume nothing landed.
    const broken = await buildCsharpDriver(join(work, 'broken-csharp'), undefined, (sources) => {
      const file = join(sources, 'ClientCore.cs');
      const source = readFileSync(file, 'utf8');
      const mutated = source.replace(
        /ulong\? before = previousCrc;\s*found = await LocateAsync\(values, position, body\.Size\.Value, \(\) => CrcsOf\(body, before\), call, cancellationToken\)\.ConfigureAwait\(false\);/,
        'found = new Found { Landed = false, ObjectLength = position, Verified = true };',
      );
      expect(mutated).not.toBe(source);
      writeFileSync(file, mutated);
    });
    const sizes = plan.sizes.slice(0, 40);
    const sizesPath = join(work, 'short-csharp.sizes');
    writeFileSync(sizesPath, `${sizes.join('\n')}\n`);
    const expected = plan.data.subarray(0, sizes.reduce((a, b) => a + b, 0));
    const outcome = await soak('csharp', { rate: 0.3, seed: SEED, types: 'reset-after-store', sizes: sizesPath }, broken);
    const found = violations(outcome, expected, sizes.length);
    console.log(`[reliability/faults] mutation (C# appender without read-back): ${found.length} violation(s) detected: ${found.join('; ')}`);
    expect(found.some((p) => /reached the caller|duplicated/.test(p))).toBe(true);
  }, 300_000);

  it('catches a PHP appender whose read-back was removed (it resends blindly)', async () => {
    // The same protection removed in a copy of out/php: after an unknown outcome, assume nothing landed.
    const broken = join(work, 'broken-php');
    cpSync(join(PROJECT_ROOT, 'out/php'), broken, { recursive: true });
    const file = join(broken, 'src/Runtime/Appender.php');
    const source = readFileSync(file, 'utf8');
    const mutated = source.replace("[$found, $length] = self::locate($core, (string) $values[$a['bucket']], (string) $values[$a['key']], $chunk);", "[$found, $length] = ['absent', $chunk['position']];");
    expect(mutated).not.toBe(source);
    writeFileSync(file, mutated);
    const sizes = plan.sizes.slice(0, 40);
    const sizesPath = join(work, 'short-php.sizes');
    writeFileSync(sizesPath, `${sizes.join('\n')}\n`);
    const expected = plan.data.subarray(0, sizes.reduce((a, b) => a + b, 0));
    const outcome = await soak('php', { rate: 0.3, seed: SEED, types: 'reset-after-store', sizes: sizesPath }, broken);
    const found = violations(outcome, expected, sizes.length);
    console.log(`[reliability/faults] mutation (PHP appender without read-back): ${found.length} violation(s) detected: ${found.join('; ')}`);
    expect(found.some((p) => /reached the caller|duplicated/.test(p))).toBe(true);
  }, 300_000);

  it('no output of these runs carries the secret (access log, driver output, error messages)', () => {
    expect(logs.length).toBeGreaterThan(1000);
    const leaks = [...logs, ...outputs].filter((text) => text.includes(SECRET));
    expect(leaks).toEqual([]);
  });
});
