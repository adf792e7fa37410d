/**
 * The CLI's static runtime (runtime/cli/): package main with standin.go in place of the generated
 * files; gofmt-clean, `go vet` clean and its unit tests pass where it lives (an in-memory service);
 * the emitter copies every runtime file into out/cli verbatim; the namer reserves exactly the
 * tool's own global flags and task commands, so no model name can shadow them.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_RUNTIME_FILES } from '../../generator/emitters/cli/emitter.js';
import { CLI_RESERVED } from '../../generator/emitters/cli/naming.js';
import { PROJECT_ROOT } from '../../generator/run.js';
import { goEnv, run, type RunResult } from '../reliability/lib.js';

const RUNTIME = join(PROJECT_ROOT, 'runtime/cli');
const OUT = join(PROJECT_ROOT, 'out/cli');
const show = (r: RunResult) => `exit ${r.status}\n${r.stdout}\n${r.stderr}`;
const go = (args: string[], cwd: string) => run('go', args, { cwd, env: { ...process.env, ...goEnv() }, timeoutMs: 240_000 });

describe('cli: static runtime (runtime/cli)', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'ossgen-cli-runtime-'));
  });
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('is gofmt-clean, go vet clean, and passes its unit tests where it lives', async () => {
    const listed = await run('gofmt', ['-l', '.'], { cwd: RUNTIME });
    expect(listed.status, show(listed)).toBe(0);
    expect(listed.stdout).toBe('');
    const dir = join(work, 'here');
    cpSync(RUNTIME, dir, { recursive: true });
    const vet = await go(['vet', '.'], dir);
    expect(vet.status, show(vet)).toBe(0);
    const tested = await go(['test', '-count=1', '-v', '.'], dir);
    expect(tested.status, show(tested)).toBe(0);
    const names = [...readFileSync(join(RUNTIME, 'runtime_test.go'), 'utf8').matchAll(/^func (Test\w+)\(t \*testing\.T\)/gm)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThanOrEqual(8);
    for (const name of names) expect(tested.stdout).toContain(`--- PASS: ${name} `);
  }, 300_000);

  it('is copied into out/cli verbatim (below the generated header), every source file but the stand-in and the tests', () => {
    const sources = readdirSync(RUNTIME).filter((f) => f.endsWith('.go') && !f.endsWith('_test.go') && f !== 'standin.go').sort();
    expect([...CLI_RUNTIME_FILES].sort()).toEqual(sources);
    for (const name of CLI_RUNTIME_FILES) {
      const copied = readFileSync(join(OUT, name), 'utf8');
      expect(copied.slice(copied.indexOf('\n\n') + 2), name).toBe(readFileSync(join(RUNTIME, name), 'utf8'));
    }
  });

  it('reserves exactly the global flags, the output flag and the task commands of the runtime', () => {
    const main = readFileSync(join(RUNTIME, 'main.go'), 'utf8');
    const globals = [...main.slice(main.indexOf('var globalFlags'), main.indexOf('// parsed is')).matchAll(/\{Name: "([a-z-]+)"/g)].map((m) => m[1]!);
    const tasks = readFileSync(join(RUNTIME, 'tasks.go'), 'utf8');
    const commands = [...tasks.slice(tasks.indexOf('func taskCommands'), tasks.indexOf('// objectArg')).matchAll(/^\t\t\{Name: "([a-z-]+)"/gm)].map((m) => m[1]!);
    expect(globals.length).toBeGreaterThan(10);
    expect(commands).toContain('append');
    const wanted = new Set([...globals, 'h', 'output', ...commands]);
    // `config` and `help` are both a global flag or task and reserved once.
    expect([...CLI_RESERVED].sort()).toEqual([...wanted].sort());
  });
});
