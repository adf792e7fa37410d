/**
 * The protocol lives in the model (issue 15): a copy of model/oss.yaml whose error codes, protocol
 * header names, `Appendable` value and error-document element names are all renamed
 * (test/support/renamed-model.ts) generates clients and a simulator that speak the renamed
 * protocol. Each language's generated code holds none
 * of the old names, and its offline tests plus its simulator tests pass against a simulator built
 * from the renamed IR. A literal left in an emitter, a template or the mock shows up here as an old
 * name in the output or as a client and a simulator that no longer understand each other.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IrModel } from '../../generator/ir/types.js';
import { startMock, type MockServer } from '../../generator/mock/index.js';
import { buildModel } from '../../generator/run.js';
import { renamedModel } from '../support/renamed-model.js';
import { goEnv, mustSucceed, PROJECT_ROOT, run, type RunResult } from './lib.js';

const OLD_NAMES = ['PositionNotEqualToLength', 'ObjectNotAppendable', 'NoSuchKey', 'InvalidBucketName', 'x-oss-next-append-position', 'x-oss-hash-crc64ecma', 'x-oss-object-type', 'x-oss-request-id', 'x-oss-err', "'Appendable'", '"Appendable"', '<Error>', '<Code>'];


const LANGS = (process.env.OSSGEN_RENAMED_LANGS ?? 'ts,go,python,c,java,cpp,php,ruby,csharp').split(',').filter(Boolean);
let work: string;
let out: string;
let ir: IrModel;
let sim: MockServer;
const show = (r: RunResult) => `${r.stdout}\n${r.stderr}`.slice(-4000);

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ossgen-renamed-'));
  const model = join(work, 'renamed.yaml');
  writeFileSync(model, renamedModel(readFileSync(join(PROJECT_ROOT, 'model/oss.yaml'), 'utf8')));
  const built = await buildModel(model);
  if (!built.ir) throw new Error(`the renamed model does not validate: ${JSON.stringify(built.diagnostics).slice(0, 2000)}`);
  ir = built.ir;
  out = join(work, 'out');
  mustSucceed('gen (renamed model)', await run(process.execPath, [join(PROJECT_ROOT, 'bin/gen.js'), '--lang', LANGS.join(','), '--model', model, '--out', out, '--quiet']));
  sim = await startMock({ mode: 'sim', ir, accessKeyId: ir.tests.credentials.accessKeyId, accessKeySecret: ir.tests.credentials.accessKeySecret, controlEndpoints: true });
}, 240_000);

afterAll(async () => {
  await sim?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The simulator only, no cassettes: the recordings speak the real model's names. */
const env = () => ({ OSSGEN_MOCK_URL: undefined, OSSGEN_SIM_URL: sim.url, OSS_ACCESS_KEY_ID: ir.tests.credentials.accessKeyId, OSS_ACCESS_KEY_SECRET: ir.tests.credentials.accessKeySecret });

describe('a model with every protocol name renamed', () => {
  it('resolves the renamed protocol', () => {
    const a = ir.protocol.append!;
    expect([a.positionError.error.code, a.positionError.field.headerLower, a.crc.headerLower, a.objectType?.appendable, ir.protocol.errorBody.root]).toEqual([
      'PositionMismatch',
      'x-acme-next-position',
      'x-acme-crc64',
      'Growable',
      'Fault',
    ]);
  });

  for (const lang of LANGS) {
    it(`${lang}: the generated code holds none of the old names`, () => {
      const leftovers: string[] = [];
      for (const file of filesUnder(join(out, lang))) {
        const text = readFileSync(file, 'utf8');
        for (const name of OLD_NAMES) if (text.includes(name)) leftovers.push(`${file.slice(out.length + 1)}: ${name}`);
      }
      expect(leftovers).toEqual([]);
    });
  }

  it.runIf(LANGS.includes('ts'))('TypeScript: tsc strict; vectors, client and simulator tests pass', async () => {
    const dir = join(out, 'ts');
    symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const tsc = await run(process.execPath, [join(PROJECT_ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir, '--noEmit'], { cwd: dir });
    expect(tsc.status, show(tsc)).toBe(0);
    const tests = await run(process.execPath, [join(PROJECT_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--root', dir, 'test'], { cwd: dir, env: env() });
    expect(tests.status, show(tests)).toBe(0);
  }, 300_000);

  it.runIf(LANGS.includes('go'))('Go: vet clean, go test passes (simulator included)', async () => {
    const dir = join(out, 'go');
    const vet = await run('go', ['vet', './...'], { cwd: dir, env: goEnv() });
    expect(vet.status, show(vet)).toBe(0);
    const test = await run('go', ['test', '-count=1', './...'], { cwd: dir, env: { ...goEnv(), ...env() } });
    expect(test.status, show(test)).toBe(0);
  }, 300_000);

  it.runIf(LANGS.includes('java'))('Java: javac -Xlint:all -Werror, every generated test passes but the cassettes (simulator included)', async () => {
    const dir = join(out, 'java');
    const mvn = await run('mvn', ['-B', '-o', 'verify'], { cwd: dir, env: env(), timeoutMs: 300_000 });
    expect(mvn.status, show(mvn)).toBe(0);
    // Only the recorded scenarios are skipped (they speak the real model's names); the simulator tests ran.
    expect(mvn.stdout).toMatch(/Tests run: \d+, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: [\d.]+ s -- in [\w.]+\.SimulatorTest/);
  }, 300_000);

  it.runIf(LANGS.includes('python'))('Python: mypy --strict, pytest passes (simulator included)', async () => {
    const dir = join(out, 'python');
    const penv = { PYTHONPATH: join(dir, 'src'), PYTHONDONTWRITEBYTECODE: '1', MYPYPATH: join(dir, 'src'), ...env() };
    const mypy = await run('python3', ['-m', 'mypy', '--strict', '--cache-dir', join(work, 'mypy-cache'), 'src', 'tests'], { cwd: dir, env: penv });
    expect(mypy.status, show(mypy)).toBe(0);
    const pytest = await run('python3', ['-W', 'error', '-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests'], { cwd: dir, env: penv });
    expect(pytest.status, show(pytest)).toBe(0);
  }, 300_000);

  it.runIf(LANGS.includes('c'))('C: builds with -Werror, the tests pass (simulator included)', async () => {
    const dir = join(out, 'c');
    const build = join(work, 'c-build');
    const make = await run('make', ['-s', '-C', dir, `BUILD=${build}`, 'CC=gcc', 'CFLAGS=-O1 -g -Wall -Wextra -Werror', 'check']);
    expect(make.status, show(make)).toBe(0);
    const tests = await run(join(build, 'ossc_test'), [], { env: env() });
    expect(tests.status, show(tests)).toBe(0);
  }, 300_000);

  it.runIf(LANGS.includes('php'))('PHP: php -l clean, PHPUnit (strict) passes (simulator included, cassettes skipped)', async () => {
    const dir = join(out, 'php');
    for (const file of filesUnder(dir).filter((f) => f.endsWith('.php'))) {
      const lint = await run('php', ['-l', file]);
      expect(lint.status, show(lint)).toBe(0);
    }
    const tests = await run('phpunit', [], { cwd: dir, env: env() });
    expect(tests.status, show(tests)).toBe(0);
    expect(tests.stdout).toMatch(/OK, but incomplete, skipped, or risky tests!|OK \(/);
  }, 300_000);

  it.runIf(LANGS.includes('cpp'))('C++: CMake -Werror build, the GoogleTest tests pass (simulator included, cassettes skipped)', async () => {
    const dir = join(out, 'cpp');
    const build = join(work, 'cpp-build');
    const configure = await run('cmake', ['-S', dir, '-B', build, '-DCMAKE_C_FLAGS=-O0', '-DCMAKE_CXX_FLAGS=-O0']);
    expect(configure.status, show(configure)).toBe(0);
    const built = await run('cmake', ['--build', build, '-j', '2'], { timeoutMs: 300_000 });
    expect(built.status, show(built)).toBe(0);
    const tests = await run(join(build, `${ir.service.packages.cpp}_test`), [], { env: env() });
    expect(tests.status, show(tests)).toBe(0);
    // Only the recorded scenarios are skipped (they speak the real model's names); the simulator tests ran.
    expect(tests.stdout).toMatch(/\[ {7}OK \] Simulator\.TheAppenderSettlesALostAnswerByReadingBack/);
  }, 300_000);

  it.runIf(LANGS.includes('ruby'))('Ruby: ruby -w, every generated minitest test passes but the cassettes (simulator included)', async () => {
    const dir = join(out, 'ruby');
    const tests = await run('ruby', ['-w', '-Ilib', '-e', 'Dir["test/*_test.rb"].sort.each { |f| require_relative File.expand_path(f) }', '--', '-v'], { cwd: dir, env: env() });
    expect(tests.status, show(tests)).toBe(0);
    expect(tests.stderr).not.toMatch(/warning:/);
    // Only the recorded scenarios are skipped (they speak the real model's names); the simulator tests ran.
    expect(tests.stdout).toMatch(new RegExp(`, 0 failures, 0 errors, ${ir.tests.scenarios.length} skips`));
    expect(tests.stdout).toMatch(/AppenderTest#test_settles_type_drop_response = [\d.]+ s = \./);
  }, 300_000);

  it.runIf(LANGS.includes('csharp'))('C#: mcs -warnaserror+ build, every generated NUnit test passes but the cassettes (simulator included)', async () => {
    const dir = join(out, 'csharp');
    const build = await run('sh', ['build.sh'], { cwd: dir, timeoutMs: 300_000 });
    expect(build.status, show(build)).toBe(0);
    const tests = await run('nunit-console', ['-nologo', '-noshadow', '-labels', `${ir.service.packages.csharp}.Tests.dll`], { cwd: join(dir, 'bin'), env: env(), timeoutMs: 300_000 });
    expect(tests.status, show(tests)).toBe(0);
    expect(tests.stdout).toMatch(/Errors: 0, Failures: 0/);
    // Only the recorded scenarios are ignored (they speak the real model's names); the simulator tests ran.
    expect(tests.stdout).toMatch(new RegExp(`Ignored: ${ir.tests.scenarios.length},`));
    expect(tests.stdout).toMatch(/\*{5} \S+\.AppenderTests\.SettlesAnUnknownOutcome\("type=drop-response"\)/);
  }, 300_000);
});
