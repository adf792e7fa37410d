/**
 * `npm run bench`: the benchmark suite. Everything runs in one go, side by side, on loopback, with temporary
 * files only (deleted at the end), and writes bench/results.json and bench/results.md.
 *
 *   OSSGEN_BENCH_SCALE=full|tiny   full (default): the sizes of issue #11; tiny: a seconds-long smoke run
 *   OSSGEN_BENCH_OUT=DIR           where the two result files go (default: bench/)
 *   OSSGEN_BENCH_ONLY=a,b          run only these sections (gen, crc, append, small, memory), for development
 *   OSSGEN_BENCH_LANGS=a,b         in those sections, measure only these languages' drivers (ts, go, python, c, cpp,
 *                                  java, php, ruby, csharp), for development: the results then lack the other languages'
 *                                  rows of the sections run (the Go driver is still built: it is the sink server)
 *
 * Every measurement is a separate process (a driver per language under bench/drivers/), so each has its
 * own heap, its own peak RSS, and nothing it does shares a thread with the simulator or the orchestrator.
 */
import { randomFillSync } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync, closeSync, existsSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem, release } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fitLine, lastJson, liveChildren, procRss, round, run, runOrder, summarize, versionOf, type Summary } from './lib.js';
import { renderMarkdown } from './report.js';
import { evaluateTargets } from './targets.js';
import { bundledOperationCount, syntheticModel } from './synthetic-model.js';
import { cachedBuild, toolVersion } from '../test/support/driver-cache.js';
import { startBackground, type Background } from '../test/support/subprocess.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MiB = 1024 * 1024;

interface Scale {
  name: 'full' | 'tiny';
  genRuns: number;
  syntheticSizes: number[];
  crcBytes: number;
  crcRuns: number;
  appendBytes: number;
  chunkBytes: number;
  /** Repetitions for the TypeScript comparisons (the ones with targets) and for the other languages. */
  tsRuns: number;
  otherRuns: number;
  /** Repetitions of the 1 KiB appends against the sink (issue #21's target rows: short runs, so more of them). */
  smallSinkRuns: number;
  smallCount: number;
  smallBytes: number;
  memoryFileBytes: number;
}

const SCALES: Record<string, Scale> = {
  full: {
    name: 'full',
    genRuns: 3,
    syntheticSizes: [5, 10, 25, 50],
    crcBytes: 256 * MiB,
    crcRuns: 5,
    appendBytes: 1024 * MiB,
    chunkBytes: 8 * MiB,
    tsRuns: 3,
    otherRuns: 2,
    smallSinkRuns: 6,
    smallCount: 10_000,
    smallBytes: 1024,
    memoryFileBytes: 1024 * MiB,
  },
  tiny: {
    name: 'tiny',
    genRuns: 1,
    syntheticSizes: [5, 10],
    crcBytes: 4 * MiB,
    crcRuns: 2,
    appendBytes: 16 * MiB,
    chunkBytes: 8 * MiB,
    tsRuns: 1,
    otherRuns: 1,
    smallSinkRuns: 1,
    smallCount: 50,
    smallBytes: 1024,
    memoryFileBytes: 16 * MiB,
  },
};

const scaleName = process.env.OSSGEN_BENCH_SCALE ?? 'full';
const scale = SCALES[scaleName];
if (!scale) {
  process.stderr.write(`bench: OSSGEN_BENCH_SCALE must be full or tiny, not "${scaleName}"\n`);
  process.exit(2);
}
const outDir = resolve(process.env.OSSGEN_BENCH_OUT ?? join(ROOT, 'bench'));
const only = process.env.OSSGEN_BENCH_ONLY?.split(',').map((s) => s.trim());
const wanted = (section: string) => !only || only.includes(section);
const langs = process.env.OSSGEN_BENCH_LANGS?.split(',').map((s) => s.trim());
const langWanted = (lang: string) => !langs || langs.includes(lang);
// A misspelt section or language would measure nothing and still rewrite the results: refuse it before anything runs.
for (const [variable, given, known] of [
  ['OSSGEN_BENCH_ONLY', only, ['gen', 'crc', 'append', 'small', 'memory']],
  ['OSSGEN_BENCH_LANGS', langs, ['ts', 'go', 'python', 'c', 'cpp', 'java', 'php', 'ruby', 'csharp']],
] as const) {
  const unknown = given?.filter((name) => !(known as readonly string[]).includes(name)) ?? [];
  if (unknown.length) {
    process.stderr.write(`bench: ${variable}: unknown ${unknown.map((n) => JSON.stringify(n)).join(', ')} (known: ${known.join(', ')})\n`);
    process.exit(2);
  }
}
const work = mkdtempSync(join(tmpdir(), 'ossgen-bench-'));
const started = performance.now();

function log(message: string): void {
  const t = ((performance.now() - started) / 1000).toFixed(0).padStart(4);
  process.stderr.write(`[bench ${t}s] ${message}\n`);
}

/** Driver commands per language; undefined when that language's driver could not be built. */
type Driver = (args: string[]) => [string, string[], NodeJS.ProcessEnv?];
const drivers: Record<string, Driver | undefined> = {};
const driverErrors: Record<string, string> = {};
const retries: string[] = [];

/**
 * The Node driver (generated TS client, raw node:http and ali-oss in one program) runs compiled, as a user's
 * build of the published package runs: one esbuild bundle of bench/drivers/ts-driver.ts with out/ts/src, cached
 * like the Go and C drivers. Through tsx every closure the code creates gets a `__name` wrapper (keepNames),
 * and the client creates more of them per request than the raw request does, which made the client's rows
 * slower than the code users run. Packages (ali-oss) stay external, found through NODE_PATH.
 */
async function buildTs(): Promise<void> {
  const source = join(ROOT, 'bench/drivers/ts-driver.ts');
  const { build, version } = await import('esbuild');
  const dir = await cachedBuild({
    name: 'bench-ts',
    inputs: [source, join(ROOT, 'out/ts/src')],
    settings: [`esbuild ${version}`, `node ${process.version}`],
    build: async (out) => {
      await build({ entryPoints: [source], outfile: join(out, 'driver.mjs'), bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'error' });
    },
  });
  const env = { ...process.env, NODE_PATH: join(ROOT, 'node_modules') };
  drivers.ts = (args) => [process.execPath, [join(dir, 'driver.mjs'), ...args], env];
}

// The Go and C drivers come from the shared driver cache (test/support/driver-cache.ts): built once per content
// of the driver and the generated client, so a second bench run, or a bench after `npm test` (whose smoke test
// runs the bench), builds nothing.

async function buildGo(): Promise<void> {
  const goClient = join(ROOT, 'out/go');
  const sources = ['main.go', 'sink.go'].map((file) => join(ROOT, 'bench/drivers/go', file));
  const dir = await cachedBuild({
    name: 'bench-go',
    inputs: [...sources, goClient],
    settings: [toolVersion('go', ['version'])],
    build: async (out, scratch) => {
      for (const source of sources) cpSync(source, join(scratch, source.split('/').pop()!));
      writeFileSync(
        join(scratch, 'go.mod'),
        `module benchdriver\n\ngo 1.22\n\nrequire example.com/ossgen/ossappend v0.0.0\n\nreplace example.com/ossgen/ossappend => ${goClient}\n`,
      );
      await run('go', ['build', '-o', join(out, 'driver'), '.'], { cwd: scratch, env: { ...process.env, GOFLAGS: '-mod=mod', GOWORK: 'off' } });
    },
  });
  drivers.go = (args) => [join(dir, 'driver'), args];
}

async function buildC(): Promise<void> {
  const cClient = join(ROOT, 'out/c');
  const source = join(ROOT, 'bench/drivers/c/driver.c');
  const libs = (await run('pkg-config', ['--libs', 'libcurl', 'libcrypto', 'liblzma'])).stdout.trim().split(/\s+/);
  const dir = await cachedBuild({
    name: 'bench-c',
    inputs: [source, cClient],
    settings: [toolVersion('gcc'), toolVersion('make'), '-O2', ...libs],
    build: async (out, scratch) => {
      cpSync(cClient, join(scratch, 'src'), { recursive: true });
      await run('make', ['-s', `BUILD=${join(scratch, 'build')}`, 'CFLAGS=-O2'], { cwd: join(scratch, 'src') });
      await run('gcc', ['-std=c99', '-O2', '-Wall', '-Wextra', '-Werror', `-I${join(scratch, 'src/include')}`, source, join(scratch, 'build/libossc.a'), ...libs, '-o', join(out, 'driver')]);
    },
  });
  drivers.c = (args) => [join(dir, 'driver'), args];
}

/** The C++ client: its C core compiled as C99, its layer and the driver as C++17 (-O2, warnings are errors). */
async function buildCpp(): Promise<void> {
  const client = join(ROOT, 'out/cpp');
  const source = join(ROOT, 'bench/drivers/cpp/driver.cpp');
  const libs = (await run('pkg-config', ['--libs', 'libcurl', 'libcrypto', 'liblzma'])).stdout.trim().split(/\s+/);
  const dir = await cachedBuild({
    name: 'bench-cpp',
    inputs: [source, client],
    settings: [toolVersion('g++'), '-O2', ...libs],
    build: async (out) => {
      const core = join(client, 'core');
      const objects: string[] = [];
      for (const name of readdirSync(join(core, 'src')).filter((n) => n.endsWith('.c')).sort()) {
        const object = join(out, `${name}.o`);
        await run('gcc', ['-std=c99', '-O2', '-Wall', '-Wextra', '-Werror', `-I${join(core, 'include')}`, `-I${join(core, 'src')}`, '-c', join(core, 'src', name), '-o', object]);
        objects.push(object);
      }
      const layer = readdirSync(join(client, 'src')).filter((n) => n.endsWith('.cpp')).map((n) => join(client, 'src', n));
      const includes = [`-I${join(client, 'include')}`, `-I${join(client, 'src')}`, `-I${join(core, 'include')}`, `-I${join(core, 'src')}`];
      await run('g++', ['-std=c++17', '-O2', '-Wall', '-Wextra', '-Werror', ...includes, ...layer, source, ...objects, ...libs, '-o', join(out, 'driver')]);
    },
  });
  drivers.cpp = (args) => [join(dir, 'driver'), args];
}

/** The Java driver: bench/drivers/java/Driver.java compiled with out/java's main sources (javac, no Maven), cached. */
async function buildJava(): Promise<void> {
  const sources = join(ROOT, 'out/java/src/main/java');
  const source = join(ROOT, 'bench/drivers/java/Driver.java');
  const flags = ['-Xlint:all', '-Werror', '-encoding', 'UTF-8', '--release', '17'];
  const dir = await cachedBuild({
    name: 'bench-java',
    inputs: [source, sources],
    settings: [toolVersion('javac', ['-version']), ...flags],
    build: async (out) => {
      const files = readdirSync(sources, { recursive: true }).map(String).filter((f) => f.endsWith('.java')).sort().map((f) => join(sources, f));
      await run('javac', [...flags, '-d', out, ...files, source]);
    },
  });
  drivers.java = (args) => ['java', ['-cp', dir, 'Driver', ...args]];
}

async function checkPython(): Promise<void> {
  const env = { ...process.env, PYTHONPATH: join(ROOT, 'out/python/src'), PYTHONDONTWRITEBYTECODE: '1' };
  const implementation = (await run('python3', ['-c', 'from oss_append._crc64 import IMPLEMENTATION; print(IMPLEMENTATION)'], { env })).stdout.trim();
  // The pure-Python CRC-64 runs at a few MB/s: a 1 GiB append would take minutes, so only a native one counts
  // (fastcrc, the "fast" extra; liblzma through ctypes; crcmod).
  if (implementation === 'python' && scale!.name === 'full') {
    throw new Error(`the package's CRC-64 is the pure-Python one (pip install fastcrc)`);
  }
  drivers.python = (args) => ['python3', [join(ROOT, 'bench/drivers/python/driver.py'), ...args], env];
}

/** The PHP driver: bench/drivers/php/driver.php run in place against out/php (no build). */
async function checkPhp(): Promise<void> {
  const version = await run('php', ['-r', 'echo PHP_VERSION;']);
  if (version.code !== 0) throw new Error(`php is not runnable: ${version.stderr.trim()}`);
  drivers.php = (args) => ['php', [join(ROOT, 'bench/drivers/php/driver.php'), ...args]];
}

/** The Ruby driver: bench/drivers/ruby/driver.rb run against out/ruby/lib in place (no build). */
async function checkRuby(): Promise<void> {
  // No build: the gem's lib/ is loaded in place. Its CRC-64 is liblzma's through Fiddle when it loads (else a ~2 MB/s table).
  const implementation = (await run('ruby', ['-I', join(ROOT, 'out/ruby/lib'), '-r', 'oss_append', '-e', 'print OssAppend::Crc64::IMPLEMENTATION'])).stdout.trim();
  if (implementation !== 'liblzma' && scale!.name === 'full') throw new Error(`the gem's CRC-64 is "${implementation}", not liblzma's through Fiddle`);
  drivers.ruby = (args) => ['ruby', ['-I', join(ROOT, 'out/ruby/lib'), join(ROOT, 'bench/drivers/ruby/driver.rb'), ...args]];
}

/** The C# driver: bench/drivers/csharp/Driver.cs compiled with out/csharp's sources by Mono's mcs, cached; run on mono. */
async function buildCsharp(): Promise<void> {
  const sources = join(ROOT, 'out/csharp/src');
  const source = join(ROOT, 'bench/drivers/csharp/Driver.cs');
  const flags = ['-langversion:7', '-warnaserror+', '-nologo', '-optimize+', '-target:exe', '-r:System.Net.Http.dll'];
  const dir = await cachedBuild({
    name: 'bench-csharp',
    inputs: [source, sources],
    settings: [toolVersion('mcs', ['--version']), ...flags],
    build: async (out) => {
      const files = readdirSync(sources).filter((f) => f.endsWith('.cs')).sort().map((f) => join(sources, f));
      await run('mcs', [...flags, `-out:${join(out, 'Driver.exe')}`, ...files, source]);
    },
  });
  drivers.csharp = (args) => ['mono', [join(dir, 'Driver.exe'), ...args]];
}

async function driverRun(lang: string, args: string[], rss = false): Promise<{ json: Record<string, unknown>; maxRssKiB?: number }> {
  const driver = drivers[lang];
  if (!driver) throw new Error(`no ${lang} driver: ${driverErrors[lang] ?? 'not built'}`);
  const [cmd, argv, env] = driver(args);
  const result = await run(cmd, argv, { cwd: ROOT, env, rssFile: rss ? join(work, 'rss.txt') : undefined, timeoutMs: 300_000 });
  return { json: lastJson(result.stdout), maxRssKiB: result.maxRssKiB };
}

// ---------- simulator ----------

interface Server {
  /** simulator (--data-dir), simulator-memory, or sink */
  name: string;
  url: string;
  pid: number;
  process: Background;
}
type Sim = Server;

/**
 * The simulator in its own process: the lean entry of `gen mock` (generator/mock/main.ts, the same code
 * and flags without loading the emitters), so its RSS is the simulator's and not the generator's.
 */
async function startServer(name: string, command: string, args: string[]): Promise<Server> {
  const server = startBackground(command, args, { cwd: ROOT, stderr: 'inherit' });
  const match = await server.waitFor(/listening on (\S+)/).catch((err: Error) => {
    throw new Error(`${name}: ${err.message}`);
  });
  return { name, url: match[1]!, pid: server.pid, process: server };
}

function startSim(dataDir?: string): Promise<Sim> {
  const args = ['--import', 'tsx', join(ROOT, 'generator/mock/main.ts'), '--sim', '--control-endpoints', '--host', '127.0.0.1', '--port', '0'];
  if (dataDir) args.push('--data-dir', dataDir);
  return startServer(dataDir ? 'simulator' : 'simulator-memory', process.execPath, args);
}

async function stopServer(server: Server): Promise<void> {
  await server.process.stop();
}

async function resetServer(server: Server): Promise<void> {
  const res = await fetch(`${server.url}/__mock/reset`, { method: 'POST' });
  await res.arrayBuffer();
}

/** Idle RSS of `gen mock --sim` (the full CLI), for comparison with the lean entry measured below. */
async function genMockIdleRss(): Promise<number | undefined> {
  const server = startBackground(process.execPath, [join(ROOT, 'bin/gen.js'), 'mock', '--sim', '--port', '0'], { cwd: ROOT, stderr: 'inherit' });
  try {
    await server.waitFor(/listening on/);
    return procRss(server.pid).currentKiB;
  } catch {
    return undefined;
  } finally {
    await server.stop();
  }
}

// ---------- sections ----------

const results: Record<string, unknown> = {};
const errors: string[] = [];

async function section(name: string, body: () => Promise<void>): Promise<void> {
  if (!wanted(name)) return;
  log(`${name}…`);
  try {
    await body();
  } catch (err) {
    const message = `${name}: ${err instanceof Error ? err.message : String(err)}`;
    errors.push(message);
    log(`FAILED ${message}`);
  }
}

async function generation(): Promise<void> {
  const gen = join(ROOT, 'bin/gen.js');
  // Cold means nothing reused: a fresh process, and the formatter cache (node_modules/.cache/ossgen-format)
  // bypassed, so formatting really runs. The same commands with that cache warm are measured as well.
  const cacheOff = { ...process.env, OSSGEN_FORMAT_CACHE: 'off' };
  const cold: number[] = [];
  const check: number[] = [];
  const warm: number[] = [];
  const warmCheck: number[] = [];
  const stale: string[] = [];
  const stageRuns: Record<string, number[]> = {};
  const tsStageRuns: Record<string, number[]> = {};
  const warmStageRuns: Record<string, number[]> = {};
  const target = join(work, 'gen-out');
  const rssFile = join(work, 'gen-rss.txt');
  const timingsOf = (stderr: string) => lastJson<{ timings: Record<string, number> }>(stderr.split('\n').filter((l) => l.startsWith('{')).join('\n')).timings;
  const checkRun = async (env: NodeJS.ProcessEnv, lang = 'all') => {
    // Exit 1 means "stale": a timing all the same, but the output was not reproduced byte for byte.
    const c = await run(process.execPath, [gen, '--lang', lang, '--out', target, '--check'], { cwd: ROOT, env, okCodes: [0, 1] });
    if (c.code !== 0) stale.push(c.stderr.trim().split('\n').filter((l) => !l.startsWith('{')).join(' | '));
    return c.ms;
  };
  // Side by side with @hey-api/openapi-ts (issue #16): cold `gen --lang ts`, cold `gen --lang all` and a cold
  // hey-api generating a fetch client from bench/openapi/oss-append.yaml (the same five operations), each a
  // fresh process under /usr/bin/time for its peak RSS, in interleaved rounds so load elsewhere hits all alike.
  const heyApiBin = join(ROOT, 'node_modules/@hey-api/openapi-ts/bin/run.js');
  const heyOut = join(work, 'hey-out');
  const side = { ts: [] as number[], tsRss: [] as number[], tsCheck: [] as number[], all: [] as number[], allRss: [] as number[], hey: [] as number[], heyRss: [] as number[], tsNoCompileCache: [] as number[], allNoCompileCache: [] as number[], tsWithWorker: [] as number[], tsWithWorkerRss: [] as number[], allWithWorker: [] as number[], allWithWorkerRss: [] as number[], tsCpu: [] as number[], allCpu: [] as number[], heyCpu: [] as number[], tsPrettierAll: [] as number[], tsPrettierAllCpu: [] as number[], tsPrettierAllRss: [] as number[], allPrettierAll: [] as number[], allPrettierAllCpu: [] as number[], allPrettierAllRss: [] as number[] };
  // And with prettier on every file it formatted before the style printers (Markdown through prettier, TypeScript
  // through its typescript parser), to measure what printing in prettier's style saves, in the same rounds.
  const prettierAll = { ...cacheOff, OSSGEN_STYLE_PRINTERS: 'off', OSSGEN_TS_PARSER: 'typescript' };
  // And with a format worker sharing the files with the main thread (the default formats in the main thread only),
  // to show what formatting on both cores is worth here (generator/write/format-pool.ts).
  const withWorker = { ...cacheOff, OSSGEN_FORMAT_WORKERS: '1' };
  // The same cold commands without V8's compile cache (bin/compile-cache.js, warmed by the build), to show what it is worth.
  const noCompileCache = { ...cacheOff, OSSGEN_COMPILE_CACHE: 'off' };
  const rounds = Math.max(scale!.genRuns, scale!.name === 'full' ? 5 : 1);
  for (let i = 0; i < rounds; i++) {
    rmSync(target, { recursive: true, force: true });
    const t = await run(process.execPath, [gen, '--lang', 'ts', '--out', target, '--timings'], { cwd: ROOT, env: cacheOff, rssFile });
    side.ts.push(t.ms);
    side.tsRss.push(t.maxRssKiB ?? NaN);
    side.tsCpu.push(t.cpuMs ?? NaN);
    for (const [stage, ms] of Object.entries(timingsOf(t.stderr))) (tsStageRuns[stage] ??= []).push(ms);
    side.tsCheck.push(await checkRun(cacheOff, 'ts'));
    rmSync(heyOut, { recursive: true, force: true });
    const h = await run(process.execPath, [heyApiBin, '-i', join(ROOT, 'bench/openapi/oss-append.yaml'), '-o', heyOut, '-c', '@hey-api/client-fetch', '--no-log-file', '-s'], { cwd: work, rssFile });
    side.hey.push(h.ms);
    side.heyRss.push(h.maxRssKiB ?? NaN);
    side.heyCpu.push(h.cpuMs ?? NaN);
    rmSync(target, { recursive: true, force: true });
    const r = await run(process.execPath, [gen, '--lang', 'all', '--out', target, '--timings'], { cwd: ROOT, env: cacheOff, rssFile });
    side.all.push(r.ms);
    side.allRss.push(r.maxRssKiB ?? NaN);
    side.allCpu.push(r.cpuMs ?? NaN);
    cold.push(r.ms);
    for (const [stage, ms] of Object.entries(timingsOf(r.stderr))) (stageRuns[stage] ??= []).push(ms);
    check.push(await checkRun(cacheOff));
    rmSync(target, { recursive: true, force: true });
    side.tsNoCompileCache.push((await run(process.execPath, [gen, '--lang', 'ts', '--out', target], { cwd: ROOT, env: noCompileCache })).ms);
    rmSync(target, { recursive: true, force: true });
    side.allNoCompileCache.push((await run(process.execPath, [gen, '--lang', 'all', '--out', target], { cwd: ROOT, env: noCompileCache })).ms);
    rmSync(target, { recursive: true, force: true });
    const t1 = await run(process.execPath, [gen, '--lang', 'ts', '--out', target], { cwd: ROOT, env: withWorker, rssFile });
    side.tsWithWorker.push(t1.ms);
    side.tsWithWorkerRss.push(t1.maxRssKiB ?? NaN);
    rmSync(target, { recursive: true, force: true });
    const a1 = await run(process.execPath, [gen, '--lang', 'all', '--out', target], { cwd: ROOT, env: withWorker, rssFile });
    side.allWithWorker.push(a1.ms);
    side.allWithWorkerRss.push(a1.maxRssKiB ?? NaN);
    rmSync(target, { recursive: true, force: true });
    const t2 = await run(process.execPath, [gen, '--lang', 'ts', '--out', target], { cwd: ROOT, env: prettierAll, rssFile });
    side.tsPrettierAll.push(t2.ms);
    side.tsPrettierAllCpu.push(t2.cpuMs ?? NaN);
    side.tsPrettierAllRss.push(t2.maxRssKiB ?? NaN);
    rmSync(target, { recursive: true, force: true });
    const a2 = await run(process.execPath, [gen, '--lang', 'all', '--out', target], { cwd: ROOT, env: prettierAll, rssFile });
    side.allPrettierAll.push(a2.ms);
    side.allPrettierAllCpu.push(a2.cpuMs ?? NaN);
    side.allPrettierAllRss.push(a2.maxRssKiB ?? NaN);
    if (i >= 2) continue; // two warm runs are enough to show the cache's effect
    rmSync(target, { recursive: true, force: true });
    const w = await run(process.execPath, [gen, '--lang', 'all', '--out', target, '--timings'], { cwd: ROOT });
    warm.push(w.ms);
    for (const [stage, ms] of Object.entries(timingsOf(w.stderr))) (warmStageRuns[stage] ??= []).push(ms);
    warmCheck.push(await checkRun(process.env));
  }
  const MB = (kib: number[]) => summarize(kib.map((k) => (k * 1024) / 1e6));
  const vsHeyApi = {
    heyApi: { version: heyApiVersion(), wall: summarize(side.hey), peakRssMB: MB(side.heyRss), cpu: summarize(side.heyCpu) },
    ts: { wall: summarize(side.ts), peakRssMB: MB(side.tsRss), cpu: summarize(side.tsCpu), check: summarize(side.tsCheck), noCompileCache: summarize(side.tsNoCompileCache), withWorker: summarize(side.tsWithWorker), withWorkerRssMB: MB(side.tsWithWorkerRss), prettierAll: summarize(side.tsPrettierAll), prettierAllCpu: summarize(side.tsPrettierAllCpu), prettierAllRssMB: MB(side.tsPrettierAllRss) },
    all: { wall: summarize(side.all), peakRssMB: MB(side.allRss), cpu: summarize(side.allCpu), noCompileCache: summarize(side.allNoCompileCache), withWorker: summarize(side.allWithWorker), withWorkerRssMB: MB(side.allWithWorkerRss), prettierAll: summarize(side.allPrettierAll), prettierAllCpu: summarize(side.allPrettierAllCpu), prettierAllRssMB: MB(side.allPrettierAllRss) },
  };
  log(`  vs hey-api: ts ${Math.round(vsHeyApi.ts.wall.median)} ms, all ${Math.round(vsHeyApi.all.wall.median)} ms, hey-api ${Math.round(vsHeyApi.heyApi.wall.median)} ms`);
  const medians = (runs: Record<string, number[]>) => Object.fromEntries(Object.entries(runs).map(([stage, values]) => [stage, summarize(values).median]));
  const stages = medians(stageRuns);
  const warmCache = { gen: summarize(warm), check: summarize(warmCheck), stages: medians(warmStageRuns) };

  const models = join(work, 'models');
  mkdirSync(models, { recursive: true });
  // The smallest size is the bundled model itself (its scenarios call every bundled operation, so none can
  // be dropped); the others add copies to it.
  const bundledCount = bundledOperationCount(join(ROOT, 'model/oss.yaml'));
  const sizes = [...new Set(scale!.syntheticSizes.map((n) => Math.max(n, bundledCount)))];
  for (const operations of sizes) writeFileSync(join(models, `oss-${operations}.yaml`), syntheticModel(join(ROOT, 'model/oss.yaml'), operations));
  // Rounds over all sizes (6, 10, 25, 50, 6, 10, …), so a burst of load elsewhere lands on every size alike.
  const samples = new Map<number, number[]>(sizes.map((n) => [n, []]));
  for (let round = 0; round < Math.min(2, scale!.genRuns); round++) {
    for (const operations of sizes) {
      const out = join(work, `gen-${operations}`);
      rmSync(out, { recursive: true, force: true });
      samples.get(operations)!.push((await run(process.execPath, [gen, '--lang', 'all', '--model', join(models, `oss-${operations}.yaml`), '--out', out], { cwd: ROOT, env: cacheOff })).ms);
      rmSync(out, { recursive: true, force: true });
    }
  }
  const synthetic = sizes.map((operations) => ({ operations, ms: summarize(samples.get(operations)!) }));
  log(`  synthetic: ${synthetic.map((s) => `${s.operations} ops ${Math.round(s.ms.median)} ms`).join(', ')}`);
  rmSync(target, { recursive: true, force: true });
  const fit = fitLine(synthetic.map((s) => [s.operations, s.ms.median]));
  results.generation = { formatCache: 'off', cold: summarize(cold), check: summarize(check), checkReproduced: stale.length === 0, checkStale: stale, stages, tsStages: medians(tsStageRuns), vsHeyApi, warmCache, synthetic, fit };
}

function heyApiVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(ROOT, 'node_modules/@hey-api/openapi-ts/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

async function crc(): Promise<void> {
  const file = join(work, 'crc.bin');
  writeChunkedRandomFile(file, scale!.crcBytes);
  const mbps = (json: Record<string, unknown>) => (json.ms as number[]).map((ms) => (json.bytes as number) / MiB / (ms / 1000));
  const rows: Record<string, { MiBps: Summary; crc: string; implementation?: string } | { error: string }> = {};
  const impls: Array<[string, string, string[]]> = [
    ['typescript', 'ts', ['crc', file, String(scale!.crcRuns)]],
    ['go', 'go', ['crc', file, String(scale!.crcRuns)]],
    ['go-client', 'go', ['crc', file, String(scale!.crcRuns), 'client']],
    ['liblzma', 'c', ['crc', 'lzma', file, String(scale!.crcRuns)]],
    ['c-client', 'c', ['crc', 'ossc', file, String(scale!.crcRuns)]],
    ['cpp-client', 'cpp', ['crc', 'cpp', file, String(scale!.crcRuns)]],
    ['python', 'python', ['crc', file, String(Math.min(3, scale!.crcRuns))]],
    ['java-client', 'java', ['crc', file, String(scale!.crcRuns)]],
    // The Python package's other native implementations (issue #21 compared them; the fastest is the default).
    ['python-liblzma', 'python', ['crc', file, String(Math.min(3, scale!.crcRuns)), 'liblzma']],
    ['python-crcmod', 'python', ['crc', file, String(Math.min(3, scale!.crcRuns)), 'crcmod']],
    ['php', 'php', ['crc', file, String(Math.min(3, scale!.crcRuns))]],
    ['ruby', 'ruby', ['crc', file, String(Math.min(3, scale!.crcRuns))]],
    ['csharp-client', 'csharp', ['crc', file, String(scale!.crcRuns)]],
    // The C# client's fallback when liblzma.so.5 does not load (or OSSGEN_CRC64=managed).
    ['csharp-managed', 'csharp', ['crc', file, String(scale!.crcRuns), 'managed']],
  ];
  for (const [name, lang, args] of impls) {
    if (!langWanted(lang)) continue;
    try {
      const { json } = await driverRun(lang, args);
      rows[name] = { MiBps: summarize(mbps(json)), crc: String(json.crc), ...(json.implementation ? { implementation: String(json.implementation) } : {}) };
    } catch (err) {
      rows[name] = { error: (err as Error).message };
    }
  }
  const values = Object.values(rows).filter((r): r is { MiBps: Summary; crc: string } => 'crc' in r);
  const agree = new Set(values.map((r) => r.crc)).size === 1;
  rmSync(file, { force: true });
  results.crc64 = { bufferMiB: scale!.crcBytes / MiB, implementations: rows, allAgree: agree };
}

/**
 * Each language's variants, interleaved. A variant written `driver:variant` runs another language's driver:
 * C++ is built on the C core over the same libcurl, so its raw request is the C driver's, run inside the C++
 * block (interleaved with the C++ client at the same minutes) rather than borrowed from the C block's medians.
 */
const PLAN: Array<[string, string[], 'ts' | 'other']> = [
  ['ts', ['client', 'observed', 'raw', 'alioss'], 'ts'],
  ['go', ['client', 'raw'], 'other'],
  ['python', ['client', 'raw'], 'other'],
  ['c', ['client', 'raw'], 'other'],
  ['cpp', ['client', 'c:raw'], 'other'],
  ['java', ['client', 'raw'], 'other'],
  ['php', ['client', 'raw'], 'other'],
  ['ruby', ['client', 'raw'], 'other'],
  ['csharp', ['client', 'raw'], 'other'],
];

/**
 * Repetitions, chosen so a full run stays near 20 minutes on 2 cores: most for the TypeScript client
 * against the simulator (the issue's targets), fewer against the sink, and one 1 GiB run per other language
 * against the simulator, whose disk writes make it the slowest server (those cells say n=1). The 1 KiB appends
 * against the sink take seconds a run and are issue #21's target rows, which moved by 0.1-0.2x between runs at
 * n=2: they get smallSinkRuns.
 */
function runsFor(kind: 'ts' | 'other', server: string, mode: 'big' | 'small'): number {
  if (mode === 'small' && server === 'sink') return scale!.smallSinkRuns;
  if (kind === 'ts') return server === 'sink' ? Math.min(2, scale!.tsRuns) : scale!.tsRuns;
  return server === 'simulator' && mode === 'big' ? 1 : scale!.otherRuns;
}

type LangResults = Record<string, Record<string, Summary | { error: string }>>;

/**
 * Each language's client vs a raw request in the same language (and ali-oss for Node) against one server,
 * runs interleaved so a burst of load elsewhere hits them all alike, in an order that turns round every run
 * (client, raw, raw, client, …): with a fixed order the client always ran first, right after the previous
 * language's processes, and any effect of that place (a sink just reset, another language's last run) fell
 * on one side only. A driver times its loop of appends alone; the client's Appender.open() connects before
 * it (its HEAD), and the Python and Ruby raw requests connect before it too (their set-up).
 */
async function compare(server: Server, mode: 'big' | 'small', args: string[], perSecond: (json: Record<string, unknown>) => number): Promise<LangResults> {
  const out: LangResults = {};
  for (const [lang, variants, kind] of PLAN) {
    if (!langWanted(lang)) continue;
    const samples: Record<string, number[]> = {};
    out[lang] = {};
    try {
      for (let r = 0; r < runsFor(kind, server.name, mode); r++) {
        for (const planned of runOrder(variants, r)) {
          const [driver, variant] = planned.includes(':') ? (planned.split(':') as [string, string]) : [lang, planned];
          const key = `bench/${lang}-${variant}-${mode}-${r}`;
          let json: Record<string, unknown>;
          try {
            ({ json } = await driverRun(driver, [mode, variant, server.url, key, ...args]));
          } catch (err) {
            // One retry on a fresh key, recorded: a busy shared machine makes rare failures that are not the client's.
            retries.push(`${server.name} ${lang} ${variant} ${mode} run ${r + 1}: ${(err as Error).message}`);
            log(`  retrying ${lang} ${variant}: ${(err as Error).message}`);
            await resetServer(server);
            ({ json } = await driverRun(driver, [mode, variant, server.url, `${key}-retry`, ...args]));
          }
          (samples[variant] ??= []).push(perSecond(json));
          await resetServer(server);
        }
      }
      for (const [variant, values] of Object.entries(samples)) out[lang]![variant] = summarize(values);
      log(`  ${server.name} ${lang}: ${Object.keys(samples).map((v) => `${v} ${Math.round((out[lang]![v] as Summary).median)}`).join(', ')}`);
    } catch (err) {
      out[lang] = { error: { error: (err as Error).message } };
      log(`  ${server.name} ${lang}: ${(err as Error).message}`);
    }
  }
  return out;
}

async function appendThroughput(servers: Server[]): Promise<void> {
  const MiBps = (json: Record<string, unknown>) => (json.bytes as number) / MiB / ((json.ms as number) / 1000);
  const byServer: Record<string, LangResults> = {};
  for (const server of servers) byServer[server.name] = await compare(server, 'big', [String(scale!.appendBytes), String(scale!.chunkBytes)], MiBps);
  results.append = { totalMiB: scale!.appendBytes / MiB, chunkMiB: scale!.chunkBytes / MiB, MiBps: byServer };
}

async function smallAppends(servers: Server[]): Promise<void> {
  const perSecond = (json: Record<string, unknown>) => (json.ops as number) / ((json.ms as number) / 1000);
  const byServer: Record<string, LangResults> = {};
  for (const server of servers) byServer[server.name] = await compare(server, 'small', [String(scale!.smallCount), String(scale!.smallBytes)], perSecond);
  results.smallAppends = { count: scale!.smallCount, bytes: scale!.smallBytes, appendsPerSecond: byServer };
}

async function memory(sim: Sim): Promise<void> {
  const file = join(work, 'memory.bin');
  writeChunkedRandomFile(file, scale!.memoryFileBytes);
  const clients: Record<string, { peakRssMB: number; MiBps: number } | { error: string }> = {};
  const plan: Array<[string, string, string[]]> = [
    ['ts', 'client', []],
    ['go', 'client', [String(scale!.chunkBytes)]],
    ['python', 'client', []],
    ['c', 'client', []],
    ['cpp', 'client', []],
    ['java', 'client', [String(scale!.chunkBytes)]],
    ['php', 'client', [String(scale!.chunkBytes)]],
    ['ruby', 'client', []],
    ['csharp', 'client', []],
    ['ts', 'alioss', []],
  ];
  for (const [lang, variant, extra] of plan) {
    if (!langWanted(lang)) continue;
    const name = variant === 'client' ? lang : variant;
    try {
      const { json, maxRssKiB } = await driverRun(lang, ['file', variant, sim.url, `bench/${name}-file`, file, ...extra], true);
      clients[name] = { peakRssMB: round(((maxRssKiB ?? NaN) * 1024) / 1e6), MiBps: round((json.bytes as number) / MiB / ((json.ms as number) / 1000)) };
    } catch (err) {
      clients[name] = { error: (err as Error).message };
    }
    await resetServer(sim);
  }
  rmSync(file, { force: true });
  results.memory = { fileMiB: scale!.memoryFileBytes / MiB, clients };
}

/** Random bytes written 8 MiB at a time, so the writer never holds the whole file. */
function writeChunkedRandomFile(path: string, size: number): void {
  const block = randomFillSync(Buffer.allocUnsafe(Math.min(size, 8 * MiB)));
  const fd = openSync(path, 'w');
  for (let done = 0; done < size; ) {
    const n = Math.min(block.length, size - done);
    writeSync(fd, block, 0, n);
    done += n;
  }
  closeSync(fd);
}

// ---------- main ----------

const machine = {
  date: new Date().toISOString(),
  scale: scale.name,
  cores: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  memoryGiB: round(totalmem() / 1024 ** 3),
  kernel: release(),
  loadAverageAtStart: loadavg().map(round),
  node: process.version,
  go: versionOf('go', ['version']),
  python: versionOf('python3', ['--version']),
  java: versionOf('java', ['-version']),
  php: versionOf('php', ['--version']),
  ruby: versionOf('ruby', ['--version']),
  mono: versionOf('mono', ['--version']),
  gcc: versionOf('gcc', ['--version']),
  curl: versionOf('curl-config', ['--version']),
  liblzma: versionOf('xz', ['--version']),
  aliOss: '6.23.0',
};

let diskSim: Sim | undefined;
let memSim: Sim | undefined;
let sinkServer: Server | undefined;
// Interrupted: stop the servers and delete the temp dir (it may hold GiB-sized files) before exiting.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    // liveChildren holds the servers too (they are started with startBackground).
    for (const child of liveChildren) child.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
    process.exit(130);
  });
}
try {
  log(`scale ${scale.name}, ${machine.cores} cores, temp ${work}`);
  await section('gen', generation);

  log('building drivers…');
  for (const [lang, build] of [
    ['ts', buildTs],
    ['go', buildGo],
    ['c', buildC],
    ['cpp', buildCpp],
    ['python', checkPython],
    ['java', buildJava],
    ['php', checkPhp],
    ['ruby', checkRuby],
    ['csharp', buildCsharp],
  ] as const) {
    // Go's driver is also the sink; C's raw request is also the C++ row's (PLAN).
    if (lang !== 'go' && !langWanted(lang) && !(lang === 'c' && langWanted('cpp'))) continue;
    try {
      await build();
    } catch (err) {
      driverErrors[lang] = (err as Error).message;
      log(`  ${lang} driver unavailable: ${driverErrors[lang]}`);
    }
  }

  await section('crc', crc);
  if (wanted('append') || wanted('small') || wanted('memory')) {
    const dataDir = join(work, 'sim-data');
    diskSim = await startSim(dataDir);
    memSim = await startSim();
    if (drivers.go) {
      const [cmd, args] = drivers.go(['sink']);
      sinkServer = await startServer('sink', cmd, args);
    }
    const sink = sinkServer ? [sinkServer] : [];
    const idle = procRss(diskSim.pid).currentKiB;
    await section('append', () => appendThroughput([diskSim!, ...sink]));
    await section('small', () => smallAppends([memSim!, ...sink]));
    await section('memory', () => memory(diskSim!));
    const peak = procRss(diskSim.pid).peakKiB;
    const genMockIdle = await genMockIdleRss();
    results.simulator = {
      entry: 'generator/mock/main.ts --sim --data-dir (the lean entry of gen mock)',
      idleRssMB: round((idle * 1024) / 1e6),
      peakRssMB: round((peak * 1024) / 1e6),
      peakCovers: 'every 1 GiB append of the append and memory sections',
      genMockCliIdleRssMB: genMockIdle === undefined ? null : round((genMockIdle * 1024) / 1e6),
    };
  }
} finally {
  if (diskSim) await stopServer(diskSim);
  if (memSim) await stopServer(memSim);
  if (sinkServer) await stopServer(sinkServer);
  rmSync(work, { recursive: true, force: true });
}

// A run of only some sections (OSSGEN_BENCH_ONLY) keeps the other sections of the results it replaces, marked
// with the date they were measured, so results.md stays whole.
const carried: Record<string, unknown> = {};
let carriedFrom: string | undefined;
if (only && existsSync(join(outDir, 'results.json'))) {
  try {
    const previous = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8')) as Record<string, any>;
    carriedFrom = previous.meta?.carriedFrom ?? previous.meta?.date;
    for (const [key, value] of Object.entries(previous)) {
      if (key !== 'meta' && key !== 'targets' && key !== 'generationBefore' && !(key in results)) carried[key] = value;
    }
  } catch {
    // Unreadable previous results: write this run's sections only.
  }
}
// The generation figures from before issue #16's changes, measured with this same bench (see bench/README.md).
let generationBefore: unknown;
try {
  generationBefore = JSON.parse(readFileSync(join(ROOT, 'bench/generation-before.json'), 'utf8'));
} catch {
  generationBefore = undefined;
}
const report = {
  meta: {
    ...machine,
    loadAverageAtEnd: loadavg().map(round),
    totalSeconds: round((performance.now() - started) / 1000),
    driverErrors,
    errors,
    retries,
    ...(Object.keys(carried).length ? { carriedOver: Object.keys(carried), carriedFrom } : {}),
  },
  ...carried,
  ...results,
  ...(generationBefore ? { generationBefore } : {}),
};
const withTargets = { ...report, targets: evaluateTargets(report) };
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(withTargets, null, 2)}\n`);
// bench/notes.md: what the figures alone do not say (how a change was measured, its with/without runs), kept by hand.
const notesFile = join(ROOT, 'bench/notes.md');
const notes = existsSync(notesFile) ? `\n${readFileSync(notesFile, 'utf8')}` : '';
writeFileSync(join(outDir, 'results.md'), renderMarkdown(withTargets) + notes);
log(`wrote ${join(outDir, 'results.md')} and results.json in ${withTargets.meta.totalSeconds} s`);
if (!existsSync(join(outDir, 'results.md'))) process.exitCode = 1;
