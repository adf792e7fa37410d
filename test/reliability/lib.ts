/**
 * Shared helpers of the reliability suites: the test credentials (a distinctive secret, so a grep
 * for it finds only real leaks), a seeded PRNG, the append plan, the builds of the per-language
 * drivers (each built once per content, in the shared driver cache of test/support/driver-cache.ts), and the process runner of test/support/subprocess.ts with this project's root as the default
 * working directory (it does not block: the simulators live in worker threads, but the vitest worker
 * must stay responsive).
 */
import { cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cachedBuild, toolVersion } from '../support/driver-cache.js';
import { run as runProgram, SubprocessError, type RunResult } from '../support/subprocess.js';

export const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
export const DRIVERS = join(PROJECT_ROOT, 'test/reliability/drivers');
/** Nobody types this by accident: any occurrence in an output is a leak. */
export const SECRET = 'ossgenRelSecret-Zq7Vx3Kp9Lm2Wn8';
export const ACCESS_KEY_ID = 'LTAIossgenReliability';
export const CREDENTIAL_ENV = { OSS_ACCESS_KEY_ID: ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET: SECRET };

/** mulberry32, the same PRNG as the simulator's fault draws. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` chunk sizes from 1 B to 1 MiB, log-uniform (as many tiny chunks as big ones), the first
 * two exactly 1 B and 1 MiB; and their concatenation, random bytes from the same seed.
 */
export function appendPlan(seed: number, count: number): { sizes: number[]; data: Buffer } {
  const next = prng(seed);
  const max = 1 << 20;
  const sizes = Array.from({ length: count }, (_, i) => (i === 0 ? 1 : i === 1 ? max : Math.min(max, Math.max(1, Math.floor(Math.exp(next() * Math.log(max + 1)))))));
  const total = sizes.reduce((a, b) => a + b, 0);
  const words = new Uint32Array(Math.ceil(total / 4));
  for (let i = 0; i < words.length; i++) words[i] = (next() * 4294967296) >>> 0;
  return { sizes, data: Buffer.from(words.buffer, 0, total) };
}

export type { RunResult };

/** A variable given as undefined is removed from the child's environment. */
export function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RunResult> {
  return runProgram(command, args, { ...options, cwd: options.cwd ?? PROJECT_ROOT });
}

export function mustSucceed(what: string, r: RunResult): RunResult {
  if (r.status !== 0) throw new SubprocessError(r, what);
  return r;
}

/** Go's environment without network: caches in the temp dir, no proxy, no toolchain download. */
export function goEnv(): NodeJS.ProcessEnv {
  const base = join(tmpdir(), 'ossgen-go');
  return {
    GOCACHE: process.env.GOCACHE || join(base, 'cache'),
    GOPATH: process.env.GOPATH || join(base, 'path'),
    GOMODCACHE: process.env.GOMODCACHE || join(base, 'path', 'pkg', 'mod'),
    GOPROXY: 'off',
    GOTOOLCHAIN: 'local',
    GOTELEMETRY: 'off',
    GOFLAGS: '',
    CGO_ENABLED: '0',
  };
}

/**
 * Builds the Go driver against a copy of `goModule` (out/go by default) and returns the binary's path.
 * Built once per content of the module and the driver (shared by every suite and worker of a run, and
 * by later runs); with `mutate`, which edits the copy first (to prove the suite catches a broken
 * client), it is built in `work` and not cached.
 */
export async function buildGoDriver(work: string, goModule = join(PROJECT_ROOT, 'out/go'), mutate?: (dir: string) => void): Promise<string> {
  if (mutate) {
    const binary = join(work, 'soak-go');
    await goBuild(join(work, 'go'), goModule, binary, mutate);
    return binary;
  }
  const dir = await cachedBuild({
    name: 'soak-go',
    inputs: [goModule, join(DRIVERS, 'soak.go')],
    settings: [toolVersion('go', ['version']), `CGO_ENABLED=${goEnv().CGO_ENABLED}`],
    build: (out, scratch) => goBuild(join(scratch, 'go'), goModule, join(out, 'soak-go')),
  });
  return join(dir, 'soak-go');
}

async function goBuild(dir: string, goModule: string, binary: string, mutate?: (dir: string) => void): Promise<void> {
  cpSync(goModule, dir, { recursive: true });
  mkdirSync(join(dir, 'cmd/ossgen-soak'), { recursive: true });
  cpSync(join(DRIVERS, 'soak.go'), join(dir, 'cmd/ossgen-soak/main.go'));
  mutate?.(dir);
  mustSucceed('go build (driver)', await run('go', ['build', '-o', binary, './cmd/ossgen-soak'], { cwd: dir, env: goEnv() }));
}

/** Every C source of a generated library's src/ (its runtime is several files), sorted. */
export function cSources(cDir: string): string[] {
  return readdirSync(join(cDir, 'src'))
    .filter((name) => name.endsWith('.c'))
    .sort()
    .map((name) => join(cDir, 'src', name));
}

/** How the C driver is compiled: the reliability suites use the optimized build; the C hostile tests add a sanitized and a debug one. */
export interface CDriverVariant {
  /** Names the binary and its cache entry. */
  name: string;
  flags: string[];
}
export const C_DRIVER_RELEASE: CDriverVariant = { name: 'soak-c', flags: ['-O2'] };

/**
 * Compiles the C driver with the generated library's sources (C99, warnings are errors) and returns the
 * binary's path. Built once per content of the library and the driver and per flags, in the shared
 * driver cache (so `work` is not used; it stays in the signature for the callers' symmetry with Go).
 */
export async function buildCDriver(_work: string, cDir = join(PROJECT_ROOT, 'out/c'), variant: CDriverVariant = C_DRIVER_RELEASE): Promise<string> {
  const libs = mustSucceed('pkg-config', await run('pkg-config', ['--cflags', '--libs', 'libcurl', 'libcrypto', 'liblzma'])).stdout.trim().split(/\s+/).filter(Boolean);
  const flags = ['-std=c99', ...variant.flags, '-Wall', '-Wextra', '-Werror'];
  const dir = await cachedBuild({
    name: variant.name,
    inputs: [join(cDir, 'include'), join(cDir, 'src'), join(DRIVERS, 'soak.c')],
    settings: [toolVersion('gcc'), ...flags, ...libs],
    build: async (out) => {
      const sources = cSources(cDir);
      mustSucceed('gcc (driver)', await run('gcc', [...flags, `-I${join(cDir, 'include')}`, `-I${join(cDir, 'src')}`, ...sources, join(DRIVERS, 'soak.c'), '-o', join(out, variant.name), ...libs]));
    },
  });
  return join(dir, variant.name);
}

/**
 * Compiles the C++ driver (drivers/soak.cpp) with the generated C++ client: its C core as C99 objects, its layer
 * and the driver as C++17, warnings errors; cached like the C driver.
 */
export async function buildCppDriver(cppDir = join(PROJECT_ROOT, 'out/cpp')): Promise<string> {
  const libs = mustSucceed('pkg-config', await run('pkg-config', ['--cflags', '--libs', 'libcurl', 'libcrypto', 'liblzma'])).stdout.trim().split(/\s+/).filter(Boolean);
  const warnings = ['-O2', '-Wall', '-Wextra', '-Werror'];
  const dir = await cachedBuild({
    name: 'soak-cpp',
    inputs: [join(cppDir, 'include'), join(cppDir, 'src'), join(cppDir, 'core'), join(DRIVERS, 'soak.cpp')],
    settings: [toolVersion('g++'), ...warnings, ...libs],
    build: async (out) => {
      const core = join(cppDir, 'core');
      const objects: string[] = [];
      for (const source of cSources(core)) {
        const object = join(out, `${source.slice(source.lastIndexOf('/') + 1)}.o`);
        mustSucceed('gcc (C++ driver core)', await run('gcc', ['-std=c99', ...warnings, `-I${join(core, 'include')}`, `-I${join(core, 'src')}`, '-c', source, '-o', object]));
        objects.push(object);
      }
      const includes = [`-I${join(cppDir, 'include')}`, `-I${join(cppDir, 'src')}`, `-I${join(core, 'include')}`, `-I${join(core, 'src')}`];
      const sources = readdirSync(join(cppDir, 'src')).filter((n) => n.endsWith('.cpp')).map((n) => join(cppDir, 'src', n));
      mustSucceed('g++ (driver)', await run('g++', ['-std=c++17', ...warnings, ...includes, ...sources, join(DRIVERS, 'soak.cpp'), ...objects, '-o', join(out, 'soak-cpp'), ...libs]));
    },
  });
  return join(dir, 'soak-cpp');
}

/** Every .java file below dir, sorted. */
function javaSources(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.java'))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * Compiles the Java driver with the generated client's main sources (javac -Xlint:all -Werror, as the
 * generated pom.xml does) and returns the class directory to put on the class path. Built once per content
 * of the client and the driver, in the shared driver cache; with `mutate`, which edits a copy of the
 * sources first (to prove a suite catches a broken client), it is built in `work` and not cached.
 */
export async function buildJavaDriver(work: string, javaProject = join(PROJECT_ROOT, 'out/java'), mutate?: (mainSources: string) => void): Promise<string> {
  const flags = ['-Xlint:all', '-Werror', '-encoding', 'UTF-8', '--release', '17'];
  const compile = async (sources: string, out: string) =>
    mustSucceed('javac (driver)', await run('javac', [...flags, '-d', out, ...javaSources(sources), join(DRIVERS, 'Soak.java')], { timeoutMs: 300_000 }));
  if (mutate) {
    const sources = join(work, 'java-src');
    cpSync(join(javaProject, 'src/main/java'), sources, { recursive: true });
    mutate(sources);
    const out = join(work, 'soak-java');
    await compile(sources, out);
    return out;
  }
  const dir = await cachedBuild({
    name: 'soak-java',
    inputs: [join(javaProject, 'src/main/java'), join(DRIVERS, 'Soak.java')],
    settings: [toolVersion('javac', ['-version']), ...flags],
    build: async (out) => {
      await compile(join(javaProject, 'src/main/java'), out);
    },
  });
  return dir;
}

/**
 * The C# driver (drivers/Soak.cs compiled with out/csharp's sources into one Mono executable, mcs -warnaserror+),
 * cached by content like the others; `mutate` edits a copy of the sources first (a test that breaks the client).
 */
export async function buildCsharpDriver(work: string, csharpDir = join(PROJECT_ROOT, 'out/csharp'), mutate?: (sources: string) => void): Promise<string> {
  const flags = ['-langversion:7', '-warnaserror+', '-nologo', '-optimize+', '-target:exe', '-r:System.Net.Http.dll'];
  const compile = async (sources: string, out: string) => {
    mkdirSync(out, { recursive: true });
    const files = readdirSync(sources).filter((f) => f.endsWith('.cs')).map((f) => join(sources, f));
    mustSucceed('mcs (driver)', await run('mcs', [...flags, `-out:${join(out, 'Soak.exe')}`, ...files, join(DRIVERS, 'Soak.cs')], { timeoutMs: 300_000 }));
  };
  if (mutate) {
    const sources = join(work, 'csharp-src');
    cpSync(join(csharpDir, 'src'), sources, { recursive: true });
    mutate(sources);
    const out = join(work, 'soak-csharp');
    await compile(sources, out);
    return join(out, 'Soak.exe');
  }
  const dir = await cachedBuild({
    name: 'soak-csharp',
    inputs: [join(csharpDir, 'src'), join(DRIVERS, 'Soak.cs')],
    settings: [toolVersion('mcs', ['--version']), ...flags],
    build: async (out) => {
      await compile(join(csharpDir, 'src'), out);
    },
  });
  return join(dir, 'Soak.exe');
}

/** The command that runs a language's driver (Python needs no build: its sources are imported in place, without bytecode files). */
export function driverCommand(lang: 'go' | 'c' | 'cpp' | 'python' | 'ts' | 'java' | 'php' | 'ruby' | 'csharp', binaries: { go?: string; c?: string; cpp?: string; java?: string; csharp?: string }): { command: string; args: string[]; env: NodeJS.ProcessEnv } {
  const env = { ...CREDENTIAL_ENV };
  if (lang === 'go') return { command: binaries.go!, args: [], env };
  if (lang === 'c') return { command: binaries.c!, args: [], env };
  if (lang === 'cpp') return { command: binaries.cpp!, args: [], env };
  // The serial collector: the driver is short-lived and six drivers share two cores.
  if (lang === 'java') return { command: 'java', args: ['-XX:+UseSerialGC', '-cp', binaries.java!, 'Soak'], env };
  // PHP runs the generated package in place (out/php, through its autoload.php); E_ALL makes any notice visible.
  if (lang === 'php') return { command: 'php', args: ['-d', 'error_reporting=-1', '-d', 'display_errors=stderr', join(DRIVERS, 'soak.php')], env };
  // Ruby needs no build either: the gem's lib/ is loaded in place, warnings on.
  if (lang === 'ruby') return { command: 'ruby', args: ['-w', '-I', join(PROJECT_ROOT, 'out/ruby/lib'), join(DRIVERS, 'soak.rb')], env };
  // C#: the Mono executable built by buildCsharpDriver.
  if (lang === 'csharp') return { command: 'mono', args: [binaries.csharp!], env };
  if (lang === 'python') {
    return { command: 'python3', args: ['-W', 'error', join(DRIVERS, 'soak.py')], env: { ...env, PYTHONPATH: join(PROJECT_ROOT, 'out/python/src'), PYTHONDONTWRITEBYTECODE: '1' } };
  }
  return { command: join(PROJECT_ROOT, 'node_modules/.bin/tsx'), args: [join(DRIVERS, 'soak.ts')], env };
}

export function writePlan(work: string, plan: { sizes: number[]; data: Buffer }): { dataPath: string; sizesPath: string } {
  const dataPath = join(work, 'plan.bin');
  const sizesPath = join(work, 'plan.sizes');
  writeFileSync(dataPath, plan.data);
  writeFileSync(sizesPath, `${plan.sizes.join('\n')}\n`);
  return { dataPath, sizesPath };
}

/** A JSON control request to the mock (`/__mock/...`). */
export async function control(url: string, method: string, path: string): Promise<unknown> {
  const res = await fetch(`${url}${path}`, { method });
  const body = (await res.json()) as unknown;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}
