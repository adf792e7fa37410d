/**
 * The generated C library, end to end: library, samples and test runner build with
 * `-std=c99 -Wall -Wextra -Werror` (with make and with CMake); the generated tests pass under valgrind
 * against the replaying mock with no scenario skipped; each sample runs (under valgrind too) against the
 * simulator and reads back what it appended; the installed pkg-config file builds a program; a model full of
 * hostile strings still yields C that compiles. Every build happens in a temp directory: out/c stays untouched.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain, run as runWithoutBlocking, runSync, type RunOptions, type RunResult } from '../support/subprocess.js';
import { snapshot } from '../support/tree-snapshot.js';
import { cEmitter } from '../../generator/emitters/c/emitter.js';
import { cString } from '../../generator/emitters/c/helpers.js';
import type { IrModel } from '../../generator/ir/types.js';
import { startMock, type MockServer } from '../../generator/mock/index.js';
import { buildModel, collectSamples, generate, PROJECT_ROOT, TEMPLATES_DIR } from '../../generator/run.js';

const OUT = join(PROJECT_ROOT, 'out/c');
const CFLAGS = '-O1 -g -Werror';
const VALGRIND = ['--leak-check=full', '--errors-for-leak-kinds=definite,indirect,possible', '--error-exitcode=99', '-q'];

/** Blocking: builds, tools, and programs that talk to no server in this process. */
const run = (command: string, args: string[], options: RunOptions = {}): RunResult => runSync(command, args, { cwd: PROJECT_ROOT, ...options });

/**
 * Runs a program without blocking the event loop: the mock servers live in this process, so a
 * synchronous spawn of a client talking to them would deadlock.
 */
const runAsync = (command: string, args: string[], options: RunOptions = {}): Promise<RunResult> => runWithoutBlocking(command, args, { cwd: PROJECT_ROOT, ...options });

/** make in out/c with every output redirected to build (make -C reads the sources and writes only there). */
function make(source: string, build: string, targets: string[], extra: string[] = []): RunResult {
  return run('make', ['-s', '-C', source, `BUILD=${build}`, `CFLAGS=${CFLAGS}`, 'CC=gcc', ...extra, ...targets]);
}

describe('c: generated library', () => {
  let ir: IrModel;
  let work: string;
  let build: string;
  let replay: MockServer;
  let sim: MockServer;
  let before: string[];

  beforeAll(async () => {
    ir = (await buildModel()).ir!;
    before = snapshot(OUT);
    work = mkdtempSync(join(tmpdir(), 'ossgen-c-'));
    build = join(work, 'build');
    const built = make(OUT, build, ['all', 'examples', 'check']);
    expect(built.status, explain(built)).toBe(0);
    replay = await startMock({ mode: 'fixtures', controlEndpoints: true });
    sim = await startMock({ mode: 'sim', controlEndpoints: true });
  }, 300_000);

  afterAll(async () => {
    await replay?.close();
    await sim?.close();
    if (work) rmSync(work, { recursive: true, force: true });
    // Nothing may be written inside out/c by the tests.
    if (before) expect(snapshot(OUT)).toEqual(before);
  });

  it('is up to date with the model and the templates', async () => {
    const result = await generate({ languages: ['c'], check: true });
    expect(result.results[0]?.drift).toMatchObject({ added: [], changed: [], removed: [] });
  });

  it('passes its generated tests under valgrind, every scenario replayed with a clean mock report, presigned URLs fetched from the simulator', async () => {
    const result = await runAsync('valgrind', [...VALGRIND, join(build, `${ir.service.packages.c}_test`)], {
      cwd: work,
      env: { OSSGEN_MOCK_URL: replay.url, OSSGEN_SIM_URL: sim.url },
    });
    expect(result.stdout).toContain(`presigned: fetched against ${sim.url}`);
    expect(result.status, explain(result)).toBe(0);
    const summary = /(\d+) checks passed, (\d+) failed, (\d+) scenarios skipped/.exec(result.stdout);
    expect(summary, result.stdout).not.toBeNull();
    const [, passed, failed, skipped] = summary!.map(Number);
    expect(failed).toBe(0);
    expect(skipped).toBe(0);
    expect(result.stdout).toContain(`scenarios: ${ir.tests.scenarios.length} replayed against ${replay.url}`);
    // At least one check per vector and per scenario step ran.
    const steps = ir.tests.scenarios.reduce((n, s) => n + s.steps.length, 0);
    expect(passed).toBeGreaterThanOrEqual(ir.tests.requests.length + ir.tests.responses.length + steps);
  });

  it('passes its generated tests and a recovering sample under ASan and UBSan', async () => {
    const asan = join(work, 'asan');
    const sanitize = '-fsanitize=address,undefined -fno-sanitize-recover=undefined';
    const built = run('make', ['-s', '-C', OUT, `BUILD=${asan}`, 'CC=gcc', `CFLAGS=${CFLAGS} ${sanitize}`, `LDFLAGS=${sanitize}`, 'check', 'examples']);
    expect(built.status, explain(built)).toBe(0);
    const tests = await runAsync(join(asan, `${ir.service.packages.c}_test`), [], { cwd: work, env: { OSSGEN_MOCK_URL: replay.url } });
    expect(tests.status, explain(tests)).toBe(0);
    expect(tests.stdout).toContain(', 0 failed, 0 scenarios skipped');
    await fetch(`${sim.url}/__mock/faults?type=drop-response&operation=AppendObject`, { method: 'POST' });
    const resumed = await runAsync(join(asan, 'resume'), ['--endpoint', sim.url, '--bucket', 'examplebucket', '--key', 'c/asan.log', '--text', 'sanitized\n'], {
      cwd: work,
      env: { OSS_ACCESS_KEY_ID: ir.tests.credentials.accessKeyId, OSS_ACCESS_KEY_SECRET: ir.tests.credentials.accessKeySecret },
    });
    expect(resumed.status, explain(resumed)).toBe(0);
    expect(resumed.stdout).toContain('object content:\nsanitized\n');
  });

  it('reports the scenarios as skipped, not passed, without a mock', () => {
    const result = run(join(build, `${ir.service.packages.c}_test`), [], { cwd: work, env: { OSSGEN_MOCK_URL: '' } });
    expect(result.status, explain(result)).toBe(0);
    expect(result.stdout).toContain(`${ir.tests.scenarios.length} scenarios skipped`);
    // The hint names the flag without which the mock has no /__mock/ endpoints for the tests to use.
    expect(result.stdout).toContain('gen mock --fixtures test/fixtures/recordings --control-endpoints');
  });

  describe('samples against the simulator', () => {
    const env = () => ({ OSS_ACCESS_KEY_ID: ir.tests.credentials.accessKeyId, OSS_ACCESS_KEY_SECRET: ir.tests.credentials.accessKeySecret });
    const sample = (name: string, args: string[]) => runAsync('valgrind', [...VALGRIND, join(build, name), ...args], { cwd: work, env: env() });

    it('append_from_memory creates the object, then appends to it', async () => {
      const first = await sample('append_from_memory', ['--endpoint', sim.url, '--bucket', 'examplebucket', '--key', 'c/memory.log']);
      expect(first.status, explain(first)).toBe(0);
      const line = ir.examples[0]!.input.find((v) => v.member.location === 'body')!.value as string;
      expect(first.stdout).toContain(`object content:\n${line}`);
      const second = await sample('append_from_memory', ['--endpoint', sim.url, '--bucket', 'examplebucket', '--key', 'c/memory.log']);
      expect(second.status, explain(second)).toBe(0);
      expect(second.stdout).toContain(`object content:\n${line}${line}`);
    });

    it('append_from_file streams a local file', async () => {
      const content = Array.from({ length: 2000 }, (_, i) => `line ${i} of a local file\n`).join('');
      const file = join(work, 'input.txt');
      writeFileSync(file, content);
      const result = await sample('append_from_file', ['--file', file, '--endpoint', sim.url, '--bucket', 'examplebucket', '--key', 'c/file.log']);
      expect(result.status, explain(result)).toBe(0);
      expect(result.stdout).toContain(`appended ${Buffer.byteLength(content)} bytes`);
      expect(result.stdout).toContain(`object content:\n${content}`);
    });

    it('resume continues at the current length', async () => {
      const one = await sample('resume', ['--endpoint', sim.url, '--bucket', 'examplebucket', '--key', 'c/resume.log', '--text', 'first\n']);
      expect(one.status, explain(one)).toBe(0);
      expect(one.stdout).toContain('resuming at position 0');
      const two = await sample('resume', ['--endpoint', sim.url, '--bucket', 'examplebucket', '--key', 'c/resume.log', '--text', 'second\n']);
      expect(two.status, explain(two)).toBe(0);
      expect(two.stdout).toContain('resuming at position 6');
      expect(two.stdout).toContain('object content:\nfirst\nsecond\n');
    });

    it('sends and signs a key with dot segments as given (libcurl would squash them unless told not to)', async () => {
      const dotted = await sample('resume', ['--endpoint', sim.url, '--bucket', 'examplebucket', '--key', 'c/dots/../r/./x.log', '--text', 'dots kept\n']);
      expect(dotted.status, explain(dotted)).toBe(0);
      expect(dotted.stdout).toContain('object content:\ndots kept\n');
    });

    it('recovers appends whose outcome was lost without duplicating or losing data', async () => {
      const key = 'c/recover.log';
      const lines: string[] = [];
      // drop-response: the append landed but the answer was lost; drop-request and a 500: nothing landed.
      for (const fault of ['type=drop-response', 'type=drop-request', 'type=error&code=InternalError']) {
        const added = await fetch(`${sim.url}/__mock/faults?${fault}&operation=AppendObject`, { method: 'POST' });
        expect(added.status).toBe(200);
        const line = `after ${fault}\n`;
        lines.push(line);
        const result = await sample('resume', ['--endpoint', sim.url, '--bucket', 'examplebucket', '--key', key, '--text', line]);
        expect(result.status, explain(result)).toBe(0);
        expect(result.stdout).toContain(`object content:\n${lines.join('')}`);
      }
      // Idempotent reads are retried on the model's retryable statuses (here twice 503, then success).
      await fetch(`${sim.url}/__mock/faults?type=error&code=ServiceUnavailable&operation=HeadObject&count=2`, { method: 'POST' });
      await fetch(`${sim.url}/__mock/faults?type=error&code=InternalError&operation=GetObject&count=2`, { method: 'POST' });
      lines.push('after retried reads\n');
      const retried = await sample('resume', ['--endpoint', sim.url, '--bucket', 'examplebucket', '--key', key, '--text', lines[lines.length - 1]!]);
      expect(retried.status, explain(retried)).toBe(0);
      expect(retried.stdout).toContain(`object content:\n${lines.join('')}`);
      const pending = (await (await fetch(`${sim.url}/__mock/faults`)).json()) as { faults: unknown[] };
      expect(pending.faults).toEqual([]);
    });

    it('fails cleanly (exit 1, typed error) on a bucket that does not exist', async () => {
      const put = await sample('append_from_memory', ['--endpoint', sim.url, '--bucket', 'nosuchbucket', '--key', 'c/x.log']);
      expect(put.status, explain(put)).toBe(1);
      expect(put.stderr).toContain('error: NoSuchBucket (HTTP 404)');
    });
  });

  it('signs V1 and session-token requests and streams pipe and path bodies (wire_smoke.c)', async () => {
    const binary = join(work, 'wire_smoke');
    const compiled = run('gcc', ['-std=c99', '-Wall', '-Wextra', '-Werror', `-I${join(OUT, 'include')}`, join(PROJECT_ROOT, 'test/c/wire_smoke.c'),
      join(build, `lib${ir.service.packages.c}.a`), '-lcurl', '-lcrypto', '-llzma', '-o', binary]);
    expect(compiled.status, explain(compiled)).toBe(0);
    const file = join(work, 'path-body.txt');
    writeFileSync(file, 'from a path\n');
    const tokenSim = await startMock({ mode: 'sim', securityToken: 'session-token' });
    try {
      const cases: [string, string, string][] = [
        [sim.url, 'v1', '-'],
        [tokenSim.url, 'v4', 'session-token'],
        [tokenSim.url, 'v1', 'session-token'],
      ];
      for (const [url, auth, token] of cases) {
        const result = await runAsync('sh', ['-c', `printf 'from a pipe\\n' | valgrind ${VALGRIND.join(' ')} "$0" "$@"`, binary, url, auth, token, `smoke/${auth}-${token}.log`, file]);
        expect(result.status, explain(result)).toBe(0);
        expect(result.stdout).toMatch(/^crc \d+\nmemory\nfrom a pipe\nfrom a path\n$/);
      }
      // The same token sim refuses a wrong token: the token is really sent and checked.
      const wrong = await runAsync('sh', ['-c', `printf 'x' | "$0" "$@"`, binary, tokenSim.url, 'v4', 'not-the-token', 'smoke/wrong.log', file]);
      expect(wrong.status, explain(wrong)).toBe(1);
    } finally {
      await tokenSim.close();
    }
  });

  it('builds with CMake and passes under CTest', async () => {
    const cmakeBuild = join(work, 'cmake');
    const configure = run('cmake', ['-S', OUT, '-B', cmakeBuild, '-DCMAKE_C_COMPILER=gcc', `-DCMAKE_C_FLAGS=-Werror`]);
    expect(configure.status, explain(configure)).toBe(0);
    const built = run('cmake', ['--build', cmakeBuild, '-j', '2']);
    expect(built.status, explain(built)).toBe(0);
    const tested = await runAsync('ctest', ['--test-dir', cmakeBuild, '--output-on-failure'], { env: { OSSGEN_MOCK_URL: replay.url } });
    expect(tested.status, explain(tested)).toBe(0);
  });

  it('installs with a pkg-config file that builds a program against it', () => {
    const prefix = join(work, 'prefix');
    const installed = make(OUT, join(work, 'install-build'), ['install'], [`PREFIX=${prefix}`]);
    expect(installed.status, explain(installed)).toBe(0);
    const pkgEnv = { PKG_CONFIG_PATH: join(prefix, 'lib/pkgconfig') };
    const flags = run('pkg-config', ['--cflags', '--libs', ir.service.packages.c], { env: pkgEnv });
    expect(flags.status, explain(flags)).toBe(0);
    expect(flags.stdout).toContain(`-I${prefix}/include`);
    const binary = join(work, 'resume-installed');
    const compiled = run('sh', ['-c', `gcc -std=c99 -Wall -Wextra -Werror examples/resume.c -o ${binary} $(pkg-config --cflags --libs ${ir.service.packages.c})`], {
      cwd: OUT,
      env: pkgEnv,
    });
    expect(compiled.status, explain(compiled)).toBe(0);
  });

  it('hands the docs its samples, identical to out/c/examples', async () => {
    const samples = (await collectSamples(ir, new Map())).find((l) => l.language.id === 'c')!.samples;
    expect(samples.map((s) => s.id)).toEqual(['append-from-memory', 'append-from-file', 'resume']);
    for (const s of samples) {
      const written = readFileSync(join(OUT, s.path), 'utf8');
      expect(written).toBe(s.content);
      expect(s.content).toContain('int main(');
    }
  });

  it('keeps hostile model strings inert in C literals and comments', async () => {
    const evil = 'a "quote" \\ back */ end /* ??/ trigraph {{x}} \n newline \u65e5\u672c 0';
    expect(cString('??/')).toBe('"\\?\\?/"');
    expect(cString('\u65e51')).toBe('"\\346\\227\\2451"');
    const hostile = structuredClone(ir);
    hostile.service.title.en = evil;
    hostile.service.summary.en = evil;
    hostile.errors[0]!.doc.en = evil;
    hostile.errors[0]!.message = evil;
    hostile.operations[0]!.input[0]!.doc.en = evil;
    hostile.tests.scenarios[0]!.steps[0]!.input.find((v) => v.member.location === 'body')!.value = evil;
    hostile.tests.scenarios[0]!.steps[0]!.input.find((v) => v.member.location === 'path')!.value = evil;
    hostile.tests.scenarios[0]!.id = evil;
    hostile.limits.userMetadata.namePattern = '^[a-z0-9"?\\\\-]+$';
    hostile.limits.objectKey.forbiddenPrefixes = ['"', '??/', '\\'];
    const files = await cEmitter.emit(hostile, { modelSource: 'model/oss.yaml', templatesDir: TEMPLATES_DIR, samples: [] });
    const dir = join(work, 'hostile');
    for (const f of files) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.content);
    }
    const built = make(dir, join(work, 'hostile-build'), ['all', 'check']);
    expect(built.status, explain(built)).toBe(0);
  });
});
