/**
 * The one way tests and the benchmark run other programs: compilers, generated clients, the CLI, servers.
 *
 * - `run` waits without blocking the event loop (mock servers often live in the test's own process, so a
 *   synchronous spawn of a client talking to them would deadlock); `runSync` is for the places that want a
 *   blocked thread on purpose or run before any server exists.
 * - Neither throws when the program fails: a test usually asserts on the exit code, with `explain(result)`
 *   as the message. `runOk` / `runOkSync` throw a `SubprocessError` that names the command, how it ended and
 *   the tail of its output, for steps that must work (builds) and whose failure should read as one line.
 * - `startBackground` keeps a server running, waits for its ready line, and stops it with a bounded kill.
 *
 * The environment given is layered over `process.env`; a variable set to `undefined` is removed from the
 * child's environment (so a test can hide, say, OSS_ACCESS_KEY_ID it inherited).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

export interface RunOptions {
  cwd?: string;
  /** Layered over process.env; `undefined` removes a variable. */
  env?: NodeJS.ProcessEnv;
  /** Written to the child's stdin, which is then closed. Without it stdin is empty. */
  input?: string | Buffer;
  /** SIGKILL after this long (default 240 s: a compiler on a loaded machine is slow, a hang is not). */
  timeoutMs?: number;
}

export interface RunResult {
  /** The command line, for messages. */
  command: string;
  /** Exit code, or null when a signal ended the program or it never started. */
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved in the order they arrived (stdout then stderr for runSync). */
  output: string;
  /** stdout as bytes, for programs that print binary data. */
  stdoutBytes: Buffer;
  /** Wall time from spawn to exit. */
  ms: number;
  /** True when timeoutMs ran out and the program was killed. */
  timedOut: boolean;
  /** Why the program could not be started (ENOENT, EACCES), if it could not. */
  error?: Error;
}

export const DEFAULT_TIMEOUT_MS = 240_000;
/** How much of each stream explain() keeps: the end, where compilers and test runners put their verdict. */
const TAIL_LINES = 200;
const TAIL_CHARS = 20_000;

/** Every child started here that has not exited yet, so a runner that is interrupted can stop them. */
export const liveChildren = new Set<ChildProcess>();

/** process.env with `env` on top, variables given as undefined removed. */
export function childEnv(env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const name of Object.keys(merged)) if (merged[name] === undefined) delete merged[name];
  return merged;
}

/** A shell-like rendering of a command line: arguments with spaces or quotes are single-quoted. */
export function commandLine(command: string, args: readonly string[]): string {
  const quote = (a: string) => (a !== '' && /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`);
  return [command, ...args].map(quote).join(' ');
}

/** The last lines of a stream (at most TAIL_LINES lines and TAIL_CHARS characters), marked when cut. */
export function tail(text: string, lines = TAIL_LINES, chars = TAIL_CHARS): string {
  const all = text.replace(/\s+$/, '').split('\n');
  let kept = all.slice(-lines).join('\n');
  if (kept.length > chars) kept = kept.slice(-chars);
  return kept.length < text.trimEnd().length ? `[… ${text.trimEnd().length - kept.length} characters before]\n${kept}` : kept;
}

/** How a run ended, in words: "exited 1", "killed by SIGKILL after the 240 s limit", "could not start: …". */
export function ending(result: RunResult): string {
  if (result.error) return `could not start: ${result.error.message}`;
  const after = `after ${(result.ms / 1000).toFixed(1)} s`;
  if (result.timedOut) return `was killed ${after} (time limit reached)`;
  if (result.signal) return `was killed by ${result.signal} ${after}`;
  return `exited ${result.status} ${after}`;
}

/** The command, how it ended and the tail of stdout and stderr: an assertion message that says what went wrong. */
export function explain(result: RunResult): string {
  const parts = [`\`${result.command}\` ${ending(result)}`];
  if (result.stdout.trim()) parts.push(`--- stdout\n${tail(result.stdout)}`);
  if (result.stderr.trim()) parts.push(`--- stderr\n${tail(result.stderr)}`);
  return parts.join('\n');
}

/** A run that did not exit 0, with the result attached. */
export class SubprocessError extends Error {
  constructor(
    readonly result: RunResult,
    what?: string,
  ) {
    super(`${what ? `${what}: ` : ''}${explain(result)}`);
    this.name = 'SubprocessError';
  }
}

/** Runs a program to completion without blocking the event loop. Never rejects: look at status/error. */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const started = performance.now();
  const printable = commandLine(command, args);
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: childEnv(options.env), stdio: ['pipe', 'pipe', 'pipe'] });
    liveChildren.add(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const both: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => (out.push(b), both.push(b)));
    child.stderr.on('data', (b: Buffer) => (err.push(b), both.push(b)));
    // A child that exits without reading its stdin makes the write fail with EPIPE; that is not our error.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    let spawnError: Error | undefined;
    child.on('error', (e) => (spawnError = e));
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      liveChildren.delete(child);
      const stdoutBytes = Buffer.concat(out);
      resolve({
        command: printable,
        // A program that could not start "closes" with the negated errno; report no exit code instead.
        status: spawnError ? null : status,
        signal,
        stdout: stdoutBytes.toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        output: Buffer.concat(both).toString('utf8'),
        stdoutBytes,
        ms: performance.now() - started,
        timedOut,
        ...(spawnError ? { error: spawnError } : {}),
      });
    });
  });
}

/** Runs a program to completion, blocking this thread (see the module comment for when that is right). */
export function runSync(command: string, args: readonly string[], options: RunOptions = {}): RunResult {
  const started = performance.now();
  const r = spawnSync(command, args, {
    cwd: options.cwd,
    env: childEnv(options.env),
    input: options.input ?? '',
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    killSignal: 'SIGKILL',
    maxBuffer: 256 * 1024 * 1024,
  });
  const stdoutBytes = r.stdout ?? Buffer.alloc(0);
  const stdout = stdoutBytes.toString('utf8');
  const stderr = (r.stderr ?? Buffer.alloc(0)).toString('utf8');
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return {
    command: commandLine(command, args),
    status: r.status,
    signal: r.signal,
    stdout,
    stderr,
    output: stdout + stderr,
    stdoutBytes,
    ms: performance.now() - started,
    timedOut,
    ...(r.error && !timedOut ? { error: r.error } : {}),
  };
}

/** run(), but rejects with a SubprocessError unless the program exits 0. `what` names the step in the message. */
export async function runOk(command: string, args: readonly string[], options: RunOptions & { what?: string } = {}): Promise<RunResult> {
  const result = await run(command, args, options);
  if (result.status !== 0) throw new SubprocessError(result, options.what);
  return result;
}

/** runSync(), but throws a SubprocessError unless the program exits 0. */
export function runOkSync(command: string, args: readonly string[], options: RunOptions & { what?: string } = {}): RunResult {
  const result = runSync(command, args, options);
  if (result.status !== 0) throw new SubprocessError(result, options.what);
  return result;
}

export interface BackgroundOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Where the child's stderr goes: captured (default, see stderr()) or this process's own stderr. */
  stderr?: 'capture' | 'inherit';
}

/** A program left running (a server): its output so far, a wait for a line, and a bounded stop. */
export interface Background {
  child: ChildProcess;
  pid: number;
  command: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or null after a signal) once the program has exited. */
  exited: Promise<number | null>;
  running(): boolean;
  /**
   * Resolves with the first match of `pattern` in stdout (with `from: 'stderr'`, in stderr). Rejects, with the
   * command and its output, if the program exits first or nothing matches within timeoutMs (default 60 s).
   */
  waitFor(pattern: RegExp, options?: { timeoutMs?: number; from?: 'stdout' | 'stderr' }): Promise<RegExpExecArray>;
  /**
   * Sends `signal` (default SIGTERM), waits up to graceMs (default 5 s) for the exit, then SIGKILLs and waits
   * for that. Resolves with how long the program took to exit after the signal and whether it had to be killed.
   */
  stop(options?: { signal?: NodeJS.Signals; graceMs?: number }): Promise<{ ms: number; killed: boolean; status: number | null }>;
}

/** Starts a program and leaves it running; see Background. */
export function startBackground(command: string, args: readonly string[], options: BackgroundOptions = {}): Background {
  const printable = commandLine(command, args);
  const child = spawn(command, args, { cwd: options.cwd, env: childEnv(options.env), stdio: ['ignore', 'pipe', options.stderr === 'inherit' ? 'inherit' : 'pipe'] });
  liveChildren.add(child);
  let out = '';
  let err = '';
  const changed = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    for (const f of changed) f();
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    err += d;
    for (const f of changed) f();
  });
  let startError: Error | undefined;
  child.on('error', (e) => (startError = e));
  let exitedCode: number | null | undefined;
  // 'close' rather than 'exit': by then every byte of output has been read, so a failure message is complete.
  const exited = new Promise<number | null>((resolve) => {
    child.on('close', (code) => {
      liveChildren.delete(child);
      exitedCode = code;
      for (const f of changed) f();
      resolve(code);
    });
  });
  const hasExited = () => exitedCode !== undefined || child.exitCode !== null || child.signalCode !== null;
  const describeOutput = () => [out.trim() && `--- stdout\n${tail(out)}`, err.trim() && `--- stderr\n${tail(err)}`].filter(Boolean).join('\n');

  const waitFor: Background['waitFor'] = (pattern, { timeoutMs = 60_000, from = 'stdout' } = {}) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const m = pattern.exec(from === 'stdout' ? out : err);
        if (m) return finish(() => resolve(m));
        if (exitedCode !== undefined || startError) {
          const how = startError ? `could not start: ${startError.message}` : `exited ${exitedCode} before printing ${pattern}`;
          finish(() => reject(new Error(`\`${printable}\` ${how}\n${describeOutput()}`)));
        }
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`\`${printable}\` printed nothing matching ${pattern} within ${timeoutMs} ms\n${describeOutput()}`))), timeoutMs);
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        changed.delete(check);
        settle();
      };
      changed.add(check);
      check();
    });

  const stop: Background['stop'] = async ({ signal = 'SIGTERM', graceMs = 5_000 } = {}) => {
    const t0 = performance.now();
    if (hasExited() && exitedCode !== undefined) return { ms: 0, killed: false, status: exitedCode };
    child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), graceMs)))]);
    clearTimeout(timer);
    if (!inTime) {
      child.kill('SIGKILL');
      await exited;
    }
    return { ms: performance.now() - t0, killed: !inTime, status: exitedCode ?? null };
  };

  return {
    child,
    pid: child.pid ?? -1,
    command: printable,
    stdout: () => out,
    stderr: () => err,
    exited,
    running: () => !hasExited(),
    waitFor,
    stop,
  };
}
