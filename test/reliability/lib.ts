/**
 * Shared helpers of the reliability suites: the test credentials (a distinctive secret, so a grep
 * for it finds only real leaks), a seeded PRNG, the append plan, the builds of the per-language
 * drivers in temp dirs, and a non-blocking process runner (the simulators live in worker threads,
 * but the vitest worker must stay responsive).
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RunResult> {
  const started = performance.now();
  return new Promise((done, fail) => {
    // A variable given as undefined is removed from the child's environment.
    const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
    for (const name of Object.keys(env)) if (env[name] === undefined) delete env[name];
    const child = spawn(command, args, { cwd: options.cwd ?? PROJECT_ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 240_000);
    child.on('error', fail);
    child.on('close', (status) => {
      clearTimeout(timer);
      done({ status, stdout, stderr, ms: performance.now() - started });
    });
  });
}

export function mustSucceed(what: string, r: RunResult): RunResult {
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
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
 * Builds the Go driver against a copy of `goModule` (out/go by default); `mutate` may edit the copy
 * first (to prove the suite catches a broken client). Returns the binary's path.
 */
export async function buildGoDriver(work: string, goModule = join(PROJECT_ROOT, 'out/go'), mutate?: (dir: string) => void): Promise<string> {
  const dir = join(work, 'go');
  cpSync(goModule, dir, { recursive: true });
  mkdirSync(join(dir, 'cmd/ossgen-soak'), { recursive: true });
  cpSync(join(DRIVERS, 'soak.go'), join(dir, 'cmd/ossgen-soak/main.go'));
  mutate?.(dir);
  const binary = join(work, 'soak-go');
  mustSucceed('go build (driver)', await run('go', ['build', '-o', binary, './cmd/ossgen-soak'], { cwd: dir, env: goEnv() }));
  return binary;
}

/** Every C source of a generated library's src/ (its runtime is several files), sorted. */
export function cSources(cDir: string): string[] {
  return readdirSync(join(cDir, 'src'))
    .filter((name) => name.endsWith('.c'))
    .sort()
    .map((name) => join(cDir, 'src', name));
}

/** Compiles the C driver with the generated library's sources (C99, warnings are errors). */
export async function buildCDriver(work: string, cDir = join(PROJECT_ROOT, 'out/c')): Promise<string> {
  const binary = join(work, 'soak-c');
  const flags = mustSucceed('pkg-config', await run('pkg-config', ['--cflags', '--libs', 'libcurl', 'libcrypto', 'liblzma'])).stdout.trim().split(/\s+/).filter(Boolean);
  mustSucceed(
    'gcc (driver)',
    await run('gcc', ['-std=c99', '-O2', '-Wall', '-Wextra', '-Werror', `-I${join(cDir, 'include')}`, `-I${join(cDir, 'src')}`, ...cSources(cDir), join(DRIVERS, 'soak.c'), '-o', binary, ...flags]),
  );
  return binary;
}

/** The command that runs a language's driver (Python needs no build: its sources are imported in place, without bytecode files). */
export function driverCommand(lang: 'go' | 'c' | 'python' | 'ts', binaries: { go?: string; c?: string }): { command: string; args: string[]; env: NodeJS.ProcessEnv } {
  const env = { ...CREDENTIAL_ENV };
  if (lang === 'go') return { command: binaries.go!, args: [], env };
  if (lang === 'c') return { command: binaries.c!, args: [], env };
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
