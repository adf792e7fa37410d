/**
 * The generated command-line tool (out/cli), end to end: gofmt and `go vet` clean; `go test` runs
 * the generated tests, which build the binary and run it against the simulator (operations as
 * subcommands, append chunked/resumed/killed and resumed/--follow, stdin, stat/cat/rm/presign,
 * exit codes, the configuration file, progress under script(1) and off a terminal, random faults,
 * help in en/zh, completion), none skipped; the tests fail when the resume offset is off by one;
 * the shell samples run against the simulator. Everything builds in temp copies of out/go and out/cli.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCliViewModel } from '../../generator/emitters/cli/view-model/index.js';
import type { IrModel } from '../../generator/ir/types.js';
import { startMock, type MockServer } from '../../generator/mock/index.js';
import { buildModel, PROJECT_ROOT } from '../../generator/run.js';
import { explain, run as runProgram, type RunResult } from '../support/subprocess.js';
import { snapshot } from '../support/tree-snapshot.js';
import { goEnv } from '../reliability/lib.js';

const OUT_CLI = join(PROJECT_ROOT, 'out/cli');
const OUT_GO = join(PROJECT_ROOT, 'out/go');

/** The generated tests, by name: each must pass (a renamed or dropped test fails here). */
const GENERATED_TESTS = [
  'TestOperationSubcommands',
  'TestAppendChunkedFileResumes',
  'TestInterruptedAppendIsResumed',
  'TestFollowAppendsAsTheFileGrows',
  'TestAppendStandardInput',
  'TestStatCatRemove',
  'TestExitCodes',
  'TestPresign',
  'TestConfigFile',
  'TestProgressWithoutTerminal',
  'TestProgressBarOnTerminal',
  'TestAppendUnderRandomFaults',
  'TestHelpInBothLanguages',
  'TestCompletion',
  'TestFollowStopsOnTerminate',
];

const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({ ...process.env, ...goEnv(), ...extra });
const run = (command: string, args: string[], cwd: string, extra: Record<string, string> = {}): Promise<RunResult> =>
  runProgram(command, args, { cwd, env: env(extra), timeoutMs: 300_000 });

/** A copy of out/go and out/cli side by side (go.mod's replace points at ../go). */
function copyOutputs(into: string): string {
  cpSync(OUT_GO, join(into, 'go'), { recursive: true });
  cpSync(OUT_CLI, join(into, 'cli'), { recursive: true });
  return join(into, 'cli');
}

describe('cli: generated command-line tool', () => {
  let ir: IrModel;
  let work: string;
  let sim: MockServer;
  let before: string[];

  beforeAll(async () => {
    ir = (await buildModel()).ir!;
    before = snapshot(OUT_CLI);
    work = mkdtempSync(join(tmpdir(), 'ossgen-cli-'));
    sim = await startMock({ mode: 'sim', controlEndpoints: true });
  }, 120_000);

  afterAll(async () => {
    await sim?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('is gofmt-clean as committed and go vet clean', async () => {
    const listed = await run('gofmt', ['-l', '.'], OUT_CLI);
    expect(listed.status, explain(listed)).toBe(0);
    expect(listed.stdout).toBe('');
    const dir = copyOutputs(join(work, 'vet'));
    const vet = await run('go', ['vet', './...'], dir);
    expect(vet.status, explain(vet)).toBe(0);
  }, 300_000);

  it('passes its generated tests against the simulator, none skipped', async () => {
    const dir = copyOutputs(join(work, 'test'));
    const tested = await run('go', ['test', '-count=1', '-v', '.'], dir, { OSSGEN_SIM_URL: sim.url });
    expect(tested.status, explain(tested)).toBe(0);
    expect(tested.stdout).not.toMatch(/--- SKIP/);
    for (const name of GENERATED_TESTS) expect(tested.stdout, name).toContain(`--- PASS: ${name} `);
    // out/cli itself was never written to.
    expect(snapshot(OUT_CLI)).toEqual(before);
  }, 300_000);

  it('fails its generated tests when the resume offset is off by one (broken on purpose)', async () => {
    const dir = copyOutputs(join(work, 'broken'));
    const tasks = join(dir, 'tasks.go');
    const source = readFileSync(tasks, 'utf8');
    const broken = source.replace('\treturn info.Length, nil\n', '\treturn info.Length - 1, nil\n');
    expect(broken).not.toBe(source);
    writeFileSync(tasks, broken);
    const tested = await run('go', ['test', '-count=1', '-v', '-run', 'TestAppendChunkedFileResumes|TestInterruptedAppendIsResumed', '.'], dir, { OSSGEN_SIM_URL: sim.url });
    expect(tested.status).not.toBe(0);
    expect(tested.stdout).toContain('--- FAIL: TestAppendChunkedFileResumes ');
    expect(tested.stdout).toContain('--- FAIL: TestInterruptedAppendIsResumed ');
  }, 300_000);

  it('runs its shell samples against the simulator', async () => {
    const dir = copyOutputs(join(work, 'samples'));
    const binary = join(work, 'bin', 'tool');
    const built = await run('go', ['build', '-o', binary, '.'], dir);
    expect(built.status, explain(built)).toBe(0);
    const view = buildCliViewModel(ir);
    const file = join(work, 'sample.log');
    writeFileSync(file, 'line one\nline two\n');
    const settings = {
      PROGRAM: binary,
      HOME: work,
      [view.env.endpoint]: sim.url,
      [view.env.accessKeyId]: ir.tests.credentials.accessKeyId,
      [view.env.accessKeySecret]: ir.tests.credentials.accessKeySecret,
      [view.env.securityToken]: '',
      [view.sampleEnv.bucket]: view.example.bucket,
      [view.sampleEnv.file]: file,
    };
    const memoryKey = `cli-samples/memory-${Date.now()}.log`;
    const memory = await run('sh', [join(dir, 'examples/append-from-memory.sh')], dir, { ...settings, [view.sampleEnv.key]: memoryKey });
    expect(memory.status, explain(memory)).toBe(0);
    const cat = async (key: string) => {
      const r = await run(binary, ['cat', `${view.urlScheme}://${view.example.bucket}/${key}`], dir, settings);
      expect(r.status, explain(r)).toBe(0);
      return r.stdout;
    };
    expect(await cat(memoryKey)).toBe(`${view.example.body}one more line\n`);

    const fileKey = `cli-samples/file-${Date.now()}.log`;
    const fromFile = await run('sh', [join(dir, 'examples/append-from-file.sh')], dir, { ...settings, [view.sampleEnv.key]: fileKey });
    expect(fromFile.status, explain(fromFile)).toBe(0);
    expect(await cat(fileKey)).toBe('line one\nline two\n');
    writeFileSync(file, 'line one\nline two\nline three\n');
    const resumed = await run('sh', [join(dir, 'examples/resume.sh')], dir, { ...settings, [view.sampleEnv.key]: fileKey });
    expect(resumed.status, explain(resumed)).toBe(0);
    expect(resumed.stdout).toContain('"resumedAt":18');
    expect(await cat(fileKey)).toBe('line one\nline two\nline three\n');
  }, 300_000);
});
