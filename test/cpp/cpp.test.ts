/**
 * The generated C++ client, end to end: out/cpp's C core is the C emitter's library byte for byte; the
 * library, samples and GoogleTest tests build with CMake under -std=c++17 -Wall -Wextra -Werror; every
 * generated test passes against the replaying mock (every cassette, clean reports) and the simulator, none
 * skipped; the tests fail when the core's V4 signing or CRC-64 is broken on purpose; the samples run against
 * the simulator (memory, file, resume, lost answers settled by reading back, a typed failure); the installed
 * package builds a consumer through find_package and through pkg-config; tests and a recovering sample run clean
 * under ASan+UBSan and valgrind. Everything builds in temp copies: out/cpp is never written to.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCppViewModel, type CppViewModel } from '../../generator/emitters/cpp/view-model/index.js';
import type { IrModel } from '../../generator/ir/types.js';
import { startMock, type MockServer } from '../../generator/mock/index.js';
import { buildModel, collectSamples, generate, PROJECT_ROOT } from '../../generator/run.js';
import { explain, run as runAsync, runSync, type RunResult } from '../support/subprocess.js';
import { snapshot } from '../support/tree-snapshot.js';

const OUT = join(PROJECT_ROOT, 'out/cpp');
const VALGRIND = ['--leak-check=full', '--errors-for-leak-kinds=definite,indirect,possible', '--error-exitcode=99', '-q'];
const SANITIZE = '-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer';

interface GtestReport {
  tests: number;
  failures: number;
  disabled: number;
  testsuites: { name: string; testsuite: { name: string; result: string; failures?: unknown[] }[] }[];
}

/** Configures and builds a copy of out/cpp (-O0 -g: this is about behaviour, and the machine is shared). */
async function cmakeBuild(source: string, build: string, extra: string[] = []): Promise<RunResult> {
  // Without blocking: the mock servers live in this process, and vitest's worker must keep answering.
  const configure = await runAsync('cmake', ['-S', source, '-B', build, '-DCMAKE_C_FLAGS=-O0 -g', '-DCMAKE_CXX_FLAGS=-O0 -g', ...extra]);
  if (configure.status !== 0) return configure;
  return runAsync('cmake', ['--build', build, '-j', '2'], { timeoutMs: 600_000 });
}

describe('cpp: generated client', () => {
  let ir: IrModel;
  let view: CppViewModel;
  let work: string;
  let source: string;
  let build: string;
  let replay: MockServer;
  let sim: MockServer;
  let before: string[];
  const testBinary = () => join(build, `${view.ns}_test`);
  const env = () => ({ OSS_ACCESS_KEY_ID: ir.tests.credentials.accessKeyId, OSS_ACCESS_KEY_SECRET: ir.tests.credentials.accessKeySecret });

  /** Runs the generated tests with a JSON report; the report, or null when none was written. */
  async function gtest(binary: string, name: string, extraEnv: NodeJS.ProcessEnv, prefix: string[] = []): Promise<{ result: RunResult; report: GtestReport | null }> {
    const file = join(work, `${name}.json`);
    rmSync(file, { force: true });
    const result = await runAsync(prefix[0] ?? binary, [...prefix.slice(1), ...(prefix.length ? [binary] : []), `--gtest_output=json:${file}`], {
      cwd: work,
      env: extraEnv,
      timeoutMs: 400_000,
    });
    let report: GtestReport | null = null;
    try {
      report = JSON.parse(readFileSync(file, 'utf8')) as GtestReport;
    } catch {
      report = null;
    }
    return { result, report };
  }

  beforeAll(async () => {
    ir = (await buildModel()).ir!;
    view = buildCppViewModel(ir);
    before = snapshot(OUT);
    work = mkdtempSync(join(tmpdir(), 'ossgen-cpp-'));
    source = join(work, 'src');
    cpSync(OUT, source, { recursive: true });
    build = join(work, 'build');
    const built = await cmakeBuild(source, build);
    expect(built.status, explain(built)).toBe(0);
    replay = await startMock({ mode: 'fixtures', controlEndpoints: true });
    sim = await startMock({ mode: 'sim', controlEndpoints: true });
  }, 600_000);

  afterAll(async () => {
    await replay?.close();
    await sim?.close();
    if (work) rmSync(work, { recursive: true, force: true });
    if (before) expect(snapshot(OUT)).toEqual(before);
  });

  it('is up to date with the model and the templates', async () => {
    const result = await generate({ languages: ['cpp'], check: true });
    expect(result.results[0]?.drift).toMatchObject({ added: [], changed: [], removed: [] });
  });

  it("carries the C emitter's library as its core, byte for byte (one implementation, not a copy kept by hand)", () => {
    const cOut = join(PROJECT_ROOT, 'out/c');
    const library = ['include', 'src'].flatMap((dir) => (readdirSync(join(cOut, dir), { recursive: true }) as string[]).map((f) => join(dir, f)));
    expect(library.length).toBeGreaterThan(10);
    for (const file of library) expect(readFileSync(join(OUT, 'core', file), 'utf8'), file).toBe(readFileSync(join(cOut, file), 'utf8'));
    const core = ['include', 'src'].flatMap((dir) => (readdirSync(join(OUT, 'core', dir), { recursive: true }) as string[]).map((f) => join(dir, f)));
    expect(core.sort()).toEqual(library.sort());
  });

  it('passes every generated test against the mock and the simulator, none skipped, every cassette played', async () => {
    const { result, report } = await gtest(testBinary(), 'plain', { OSSGEN_MOCK_URL: replay.url, OSSGEN_SIM_URL: sim.url });
    expect(result.status, explain(result)).toBe(0);
    expect(report, result.stdout).not.toBeNull();
    const cases = report!.testsuites.flatMap((s) => s.testsuite.map((t) => `${s.name}.${t.name}:${t.result}`));
    expect(cases.filter((c) => !c.endsWith(':COMPLETED'))).toEqual([]);
    expect(result.stdout).not.toContain('SKIPPED');
    const suite = (name: string) => report!.testsuites.find((s) => s.name === name)?.testsuite.length ?? 0;
    expect(suite('RequestVectors')).toBe(ir.tests.requests.length);
    expect(suite('ResponseVectors')).toBe(ir.tests.responses.length);
    expect(suite('Scenarios')).toBe(ir.tests.scenarios.length);
    expect(suite('Simulator')).toBeGreaterThanOrEqual(6);
    expect(suite('PresignVectors')).toBe(ir.tests.presigned.length);
    expect(report!.failures).toBe(0);
    const mockReport = (await (await fetch(`${replay.url}/__mock/report`)).json()) as { unmatched: unknown[] };
    expect(mockReport.unmatched).toEqual([]);
  }, 400_000);

  it('reports the scenarios and simulator tests as skipped, not passed, without servers', async () => {
    const { result } = await gtest(testBinary(), 'skipped', { OSSGEN_MOCK_URL: '', OSSGEN_SIM_URL: '' });
    expect(result.status, explain(result)).toBe(0);
    const simulatorTests = readFileSync(join(OUT, 'tests/simulator_test.cpp'), 'utf8').split('TEST_F(Simulator,').length - 1;
    expect(simulatorTests).toBeGreaterThanOrEqual(6);
    expect(result.stdout).toMatch(new RegExp(`\\[  SKIPPED \\] ${ir.tests.scenarios.length + simulatorTests} tests`));
  }, 120_000);

  it.each([
    ['the V4 signing-key chain without its region step', 'rt_sign.c', '      rt_sha256_ctx_hmac(keys->ctx, keys->key, 32, region, strlen(region), keys->key) == 0 &&\n', '', /RequestVectors|Scenarios/],
    ['a CRC-64 that is off by one bit', 'rt_crypto.c', 'lzma_crc64((const uint8_t *)data, size, crc);', '(lzma_crc64((const uint8_t *)data, size, crc) ^ 1u);', /Scenarios|Simulator/],
  ])('its tests fail with %s (broken on purpose in the core)', async (_what, file, from, to, failing) => {
    const path = join(source, 'core/src', file);
    const original = readFileSync(path, 'utf8');
    expect(original).toContain(from);
    try {
      writeFileSync(path, original.replace(from, to));
      const built = await runAsync('cmake', ['--build', build, '-j', '2', '--target', `${view.ns}_test`], { timeoutMs: 600_000 });
      expect(built.status, explain(built)).toBe(0);
      const { result, report } = await gtest(testBinary(), `broken-${file}`, { OSSGEN_MOCK_URL: replay.url, OSSGEN_SIM_URL: sim.url });
      expect(result.status).not.toBe(0);
      expect(report!.failures).toBeGreaterThan(0);
      expect(result.stdout).toMatch(new RegExp(`\\[  FAILED  \\] (${failing.source})\\.`));
    } finally {
      writeFileSync(path, original);
      const rebuilt = await runAsync('cmake', ['--build', build, '-j', '2'], { timeoutMs: 600_000 });
      expect(rebuilt.status, explain(rebuilt)).toBe(0);
    }
  }, 600_000);

  describe('samples against the simulator', () => {
    const sample = (name: string, args: string[]) => runAsync(join(build, name), args, { cwd: work, env: env() });

    it('append_from_memory creates the object, then appends to it', async () => {
      const line = view.samples.body;
      const first = await sample('append_from_memory', ['--endpoint', sim.url, '--bucket', 'examplebucket', '--key', 'cpp/memory.log']);
      expect(first.status, explain(first)).toBe(0);
      expect(first.stdout).toContain(`object content:\n${line}`);
      const second = await sample('append_from_memory', ['--endpoint', sim.url, '--bucket', 'examplebucket', '--key', 'cpp/memory.log']);
      expect(second.status, explain(second)).toBe(0);
      expect(second.stdout).toContain(`object content:\n${line}${line}`);
    });

    it('append_from_file streams a local file', async () => {
      const content = Array.from({ length: 2000 }, (_, i) => `line ${i} of a local file\n`).join('');
      const file = join(work, 'input.txt');
      writeFileSync(file, content);
      const result = await sample('append_from_file', ['--file', file, '--endpoint', sim.url, '--bucket', 'examplebucket', '--key', 'cpp/file.log']);
      expect(result.status, explain(result)).toBe(0);
      expect(result.stdout).toContain(`appended ${Buffer.byteLength(content)} bytes`);
      expect(result.stdout).toContain(`object content:\n${content}`);
    });

    it('sends and signs a key with dot segments as given (libcurl would squash them unless told not to)', async () => {
      const dotted = await sample('resume', ['--endpoint', sim.url, '--bucket', 'examplebucket', '--key', 'cpp/dots/../r/./x.log', '--text', 'dots kept\n']);
      expect(dotted.status, explain(dotted)).toBe(0);
      expect(dotted.stdout).toContain('object content:\ndots kept\n');
    });

    it('resume continues at the current length and settles lost answers without duplicating or losing data', async () => {
      const key = 'cpp/resume.log';
      const one = await sample('resume', ['--endpoint', sim.url, '--bucket', 'examplebucket', '--key', key, '--text', 'first\n']);
      expect(one.status, explain(one)).toBe(0);
      expect(one.stdout).toContain('resuming at position 0');
      const lines = ['first\n'];
      for (const fault of ['type=drop-response', 'type=drop-request', 'type=error&code=InternalError']) {
        const added = await fetch(`${sim.url}/__mock/faults?${fault}&operation=${view.appender.opName}`, { method: 'POST' });
        expect(added.status).toBe(200);
        const line = `after ${fault}\n`;
        lines.push(line);
        const result = await sample('resume', ['--endpoint', sim.url, '--bucket', 'examplebucket', '--key', key, '--text', line]);
        expect(result.status, explain(result)).toBe(0);
        expect(result.stdout).toContain(`object content:\n${lines.join('')}`);
      }
      const pending = (await (await fetch(`${sim.url}/__mock/faults`)).json()) as { faults: unknown[] };
      expect(pending.faults).toEqual([]);
    });

    it('fails cleanly (exit 1, typed error) on a bucket that does not exist', async () => {
      const result = await sample('append_from_memory', ['--endpoint', sim.url, '--bucket', 'nosuchbucket', '--key', 'cpp/x.log']);
      expect(result.status, explain(result)).toBe(1);
      const missing = ir.errors.find((e) => e.names.cpp === view.appender.noSuchBucket)!;
      expect(result.stderr).toContain(`error: ${missing.code} (HTTP ${missing.status})`);
    });
  });

  it('installs a CMake package and a pkg-config file that each build a program against it', async () => {
    const prefix = join(work, 'prefix');
    const installed = runSync('cmake', ['--install', build, '--prefix', prefix]);
    expect(installed.status, explain(installed)).toBe(0);
    const consumer = join(work, 'consumer');
    cpSync(join(OUT, 'examples/resume.cpp'), join(consumer, 'resume.cpp'));
    writeFileSync(
      join(consumer, 'CMakeLists.txt'),
      `cmake_minimum_required(VERSION 3.16)\nproject(consumer LANGUAGES C CXX)\nfind_package(${view.ns} CONFIG REQUIRED)\nadd_executable(resume resume.cpp)\ntarget_link_libraries(resume PRIVATE ${view.ns}::${view.ns})\n`,
    );
    const consumerBuild = await cmakeBuild(consumer, join(consumer, 'build'), [`-DCMAKE_PREFIX_PATH=${prefix}`]);
    expect(consumerBuild.status, explain(consumerBuild)).toBe(0);
    const resumed = await runAsync(join(consumer, 'build/resume'), ['--endpoint', sim.url, '--bucket', 'examplebucket', '--key', 'cpp/installed.log', '--text', 'installed\n'], { env: env() });
    expect(resumed.status, explain(resumed)).toBe(0);
    expect(resumed.stdout).toContain('object content:\ninstalled\n');
    const pkgEnv = { PKG_CONFIG_PATH: [join(prefix, 'lib/pkgconfig'), join(prefix, 'lib/x86_64-linux-gnu/pkgconfig')].join(':') };
    const flags = runSync('pkg-config', ['--cflags', '--libs', view.ns], { env: pkgEnv });
    expect(flags.status, explain(flags)).toBe(0);
    expect(flags.stdout).toContain(`-I${prefix}/`);
    const binary = join(work, 'resume-pkg-config');
    const compiled = await runAsync('sh', ['-c', `g++ -std=c++17 -Wall -Wextra -Werror examples/resume.cpp -o ${binary} $(pkg-config --cflags --libs ${view.ns})`], { cwd: OUT, env: pkgEnv });
    expect(compiled.status, explain(compiled)).toBe(0);
  }, 600_000);

  it('passes its generated tests and a recovering sample under ASan and UBSan', async () => {
    const asan = join(work, 'asan');
    const built = await cmakeBuild(source, asan, [`-DCMAKE_C_FLAGS=-O0 -g ${SANITIZE}`, `-DCMAKE_CXX_FLAGS=-O0 -g ${SANITIZE}`, `-DCMAKE_EXE_LINKER_FLAGS=${SANITIZE}`]);
    expect(built.status, explain(built)).toBe(0);
    const { result, report } = await gtest(join(asan, `${view.ns}_test`), 'asan', { OSSGEN_MOCK_URL: replay.url, OSSGEN_SIM_URL: sim.url });
    expect(result.status, explain(result)).toBe(0);
    expect(report!.failures).toBe(0);
    expect(result.stderr).not.toMatch(/runtime error|AddressSanitizer/);
    await fetch(`${sim.url}/__mock/faults?type=drop-response&operation=${view.appender.opName}`, { method: 'POST' });
    const resumed = await runAsync(join(asan, 'resume'), ['--endpoint', sim.url, '--bucket', 'examplebucket', '--key', 'cpp/asan.log', '--text', 'sanitized\n'], { cwd: work, env: env() });
    expect(resumed.status, explain(resumed)).toBe(0);
    expect(resumed.stdout).toContain('object content:\nsanitized\n');
  }, 600_000);

  it('runs its vectors, scenarios and simulator tests clean under valgrind', async () => {
    const { result, report } = await gtest(testBinary(), 'valgrind', { OSSGEN_MOCK_URL: replay.url, OSSGEN_SIM_URL: sim.url }, ['valgrind', ...VALGRIND]);
    expect(result.status, explain(result)).toBe(0);
    expect(report!.failures).toBe(0);
  }, 600_000);

  it('hands the docs its samples, identical to out/cpp/examples', async () => {
    const samples = (await collectSamples(ir, new Map())).find((l) => l.language.id === 'cpp')!.samples;
    expect(samples.map((s) => s.id)).toEqual(['append-from-memory', 'append-from-file', 'resume']);
    for (const s of samples) {
      expect(readFileSync(join(OUT, s.path), 'utf8')).toBe(s.content);
      expect(s.content).toContain('int main(');
    }
  });
});
