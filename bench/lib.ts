/** Small helpers of the benchmark: processes, statistics, machine facts. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { liveChildren, run as runProgram, runSync } from '../test/support/subprocess.js';

export interface ProcResult {
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit. */
  ms: number;
  code: number;
  /** Peak resident set size in KiB, when measured with /usr/bin/time. */
  maxRssKiB?: number;
  /** CPU time (user + system) in ms, when measured with /usr/bin/time: less moved by other load than the wall time. */
  cpuMs?: number;
}

export interface ProcOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Measure the peak RSS with /usr/bin/time; the figure is written to this file. */
  rssFile?: string;
  timeoutMs?: number;
  /** Exit codes that count as success (default: 0 only). */
  okCodes?: number[];
}

/** Children still running (run()'s and the servers'), so an interrupted bench can stop them. */
export { liveChildren };

/** A run is measured, not a test: it may take long, but a hung one must not stop the whole bench. */
const DEFAULT_TIMEOUT_MS = 30 * 60_000;

/** Runs a command to completion; rejects on a non-zero exit with the first error line and the end of its stderr. */
export async function run(command: string, args: string[], options: ProcOptions = {}): Promise<ProcResult> {
  const [cmd, argv] = options.rssFile ? ['/usr/bin/time', ['-f', '%M %U %S', '-o', options.rssFile, command, ...args]] : [command, args];
  const r = await runProgram(cmd, argv, { cwd: options.cwd, env: options.env, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  if (r.error) throw new Error(`${command}: ${r.error.message}`);
  if (!(options.okCodes ?? [0]).includes(r.status ?? -1)) {
    // The first error line names the error; the last lines say where the process gave up.
    const lines = r.stderr.trim().split('\n').filter((l) => l.trim() && !/^\s+at /.test(l));
    const first = lines.find((l) => /error/i.test(l));
    const summary = [...new Set([first, ...lines.slice(-2)].filter(Boolean))].join(' | ');
    throw new Error(`${command} ${args.slice(0, 3).join(' ')}… ${r.timedOut ? 'timed out' : `exited ${r.status ?? r.signal}`}: ${summary}`);
  }
  const result: ProcResult = { stdout: r.stdout, stderr: r.stderr, ms: r.ms, code: r.status ?? -1 };
  if (options.rssFile) {
    const [rss, user, system] = (readFileSync(options.rssFile, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number);
    if (Number.isFinite(rss)) result.maxRssKiB = rss;
    if (Number.isFinite(user) && Number.isFinite(system)) result.cpuMs = (user! + system!) * 1000;
  }
  return result;
}

/** The last JSON line a driver printed. */
export function lastJson<T>(stdout: string): T {
  const line = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as T;
}

export interface Summary {
  runs: number[];
  median: number;
  min: number;
  max: number;
  /** (max - min) / median, in percent: how noisy the runs were. */
  spreadPct: number;
}

export function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  return { runs: values.map(round), median: round(median), min: round(min), max: round(max), spreadPct: round(median ? ((max - min) / median) * 100 : 0) };
}

export function round(v: number): number {
  return Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 100) / 100;
}

/** Least-squares line y = a + b·x, with R². */
export function fitLine(points: Array<[number, number]>): { intercept: number; slope: number; r2: number } {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const slope = sxx ? sxy / sxx : 0;
  const intercept = my - slope * mx;
  const ssTot = points.reduce((s, [, y]) => s + (y - my) ** 2, 0);
  const ssRes = points.reduce((s, [x, y]) => s + (y - intercept - slope * x) ** 2, 0);
  return { intercept: round(intercept), slope: round(slope), r2: ssTot ? Math.round((1 - ssRes / ssTot) * 1000) / 1000 : 1 };
}

/** First line of a command's version output, or "unavailable". */
export function versionOf(command: string, args: string[]): string {
  const r = runSync(command, args, { timeoutMs: 30_000 });
  if (r.status !== 0) return 'unavailable';
  return `${r.stdout}${r.stderr}`.trim().split('\n')[0] ?? 'unavailable';
}

/** Peak and current RSS of a running process, in KiB, from /proc. */
export function procRss(pid: number): { peakKiB: number; currentKiB: number } {
  const status = readFileSync(join('/proc', String(pid), 'status'), 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { peakKiB: field('VmHWM'), currentKiB: field('VmRSS') };
}

/**
 * The order of a comparison's variants in run `r` (0-based): as planned in even runs, reversed in odd ones
 * (client, raw, raw, client, …), so no variant always runs first, right after another language's processes.
 */
export function runOrder<T>(variants: readonly T[], r: number): T[] {
  return r % 2 === 0 ? [...variants] : [...variants].reverse();
}
