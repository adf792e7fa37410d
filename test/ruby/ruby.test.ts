/**
 * The generated Ruby gem (out/ruby), end to end: it is up to date; `ruby -w` runs every generated minitest
 * test with no warning and none skipped while the replaying mock (every cassette played, clean reports) and
 * the simulator run; without them the server tests are reported as skips, not passes; the tests fail when the
 * V4 signing or the CRC-64 is broken on purpose; RuboCop (Debian's) finds nothing in the gem nor in the
 * runtime; the runtime's own tests pass where it lives and its stand-ins are the generated files; the samples
 * run against the simulator (memory through the block writer, file, resume settling lost answers, a typed
 * failure). Everything runs in temp copies: out/ruby is never written to.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNTIME_MODULE, runtimeSource } from '../../generator/emitters/ruby/emitter.js';
import { buildView, type RubyView } from '../../generator/emitters/ruby/view-model/index.js';
import type { IrModel } from '../../generator/ir/types.js';
import { startMock, type MockServer } from '../../generator/mock/index.js';
import { buildModel, generate, PROJECT_ROOT } from '../../generator/run.js';
import { startClosingProxy } from '../support/closing-proxy.js';
import { explain, run, type RunResult } from '../support/subprocess.js';
import { snapshot } from '../support/tree-snapshot.js';

const OUT = join(PROJECT_ROOT, 'out/ruby');
const RUNTIME = join(PROJECT_ROOT, 'runtime/ruby');
const ALL_TESTS = 'Dir["test/*_test.rb"].sort.each { |f| require_relative File.expand_path(f) }';

interface MinitestSummary {
  runs: number;
  failures: number;
  errors: number;
  skips: number;
  /** `Class#test_name` of every test run (verbose output). */
  tests: string[];
}

function summary(result: RunResult): MinitestSummary {
  const m = /(\d+) runs, \d+ assertions, (\d+) failures, (\d+) errors, (\d+) skips/.exec(result.stdout);
  if (!m) throw new Error(`no minitest summary:\n${explain(result)}`);
  const tests = [...result.stdout.matchAll(/^(\w+#test_\S+) = /gm)].map((x) => x[1]!);
  return { runs: Number(m[1]), failures: Number(m[2]), errors: Number(m[3]), skips: Number(m[4]), tests };
}

describe('ruby: generated gem', () => {
  let ir: IrModel;
  let view: RubyView;
  let work: string;
  let gem: string;
  let replay: MockServer;
  let sim: MockServer;
  let before: string[];
  const credentials = () => ({ OSS_ACCESS_KEY_ID: ir.tests.credentials.accessKeyId, OSS_ACCESS_KEY_SECRET: ir.tests.credentials.accessKeySecret });
  const tests = (env: NodeJS.ProcessEnv) => run('ruby', ['-w', '-Ilib', '-e', ALL_TESTS, '--', '-v'], { cwd: gem, env, timeoutMs: 400_000 });

  beforeAll(async () => {
    ir = (await buildModel()).ir!;
    view = buildView(ir);
    before = snapshot(OUT);
    work = mkdtempSync(join(tmpdir(), 'ossgen-ruby-'));
    gem = join(work, 'gem');
    cpSync(OUT, gem, { recursive: true });
    replay = await startMock({ mode: 'fixtures', controlEndpoints: true });
    sim = await startMock({ mode: 'sim', controlEndpoints: true });
  }, 120_000);

  afterAll(async () => {
    await replay?.close();
    await sim?.close();
    if (work) rmSync(work, { recursive: true, force: true });
    if (before) expect(snapshot(OUT)).toEqual(before);
  });

  it('is up to date with the model and the templates', async () => {
    const result = await generate({ languages: ['ruby'], check: true });
    expect(result.results[0]?.drift).toMatchObject({ added: [], changed: [], removed: [] });
  });

  it('passes every generated test under ruby -w against the mock and the simulator, none skipped, every cassette played', async () => {
    const result = await tests({ OSSGEN_MOCK_URL: replay.url, OSSGEN_SIM_URL: sim.url });
    expect(result.status, explain(result)).toBe(0);
    expect(result.stderr).not.toMatch(/warning:/);
    const s = summary(result);
    expect({ failures: s.failures, errors: s.errors, skips: s.skips }).toEqual({ failures: 0, errors: 0, skips: 0 });
    const count = (cls: string) => s.tests.filter((t) => t.startsWith(`${cls}#`)).length;
    expect(count('RequestVectorsTest')).toBe(ir.tests.requests.length);
    expect(count('ResponseVectorsTest')).toBe(ir.tests.responses.length);
    expect(count('ScenariosTest')).toBe(ir.tests.scenarios.length);
    expect(count('PresignVectorsTest')).toBe(ir.tests.presigned.length + 1);
    expect(count('SimulatorTest')).toBeGreaterThanOrEqual(5);
    expect(count('AppenderTest')).toBeGreaterThanOrEqual(4);
    const mockReport = (await (await fetch(`${replay.url}/__mock/report`)).json()) as { unmatched: unknown[] };
    expect(mockReport.unmatched).toEqual([]);
  }, 400_000);

  it('reports the server tests as skipped, not passed, without servers', async () => {
    const result = await tests({ OSSGEN_MOCK_URL: '', OSSGEN_SIM_URL: '' });
    expect(result.status, explain(result)).toBe(0);
    const s = summary(result);
    const serverTests = s.tests.filter((t) => /^(ScenariosTest|SimulatorTest|AppenderTest)#/.test(t)).length;
    expect(serverTests).toBeGreaterThan(ir.tests.scenarios.length);
    expect(s.skips).toBe(serverTests);
  }, 200_000);

  it('passes them with the CRC-64 table in Ruby too (OSSGEN_CRC64=ruby), and takes the native path here by default', async () => {
    const implementation = (env: NodeJS.ProcessEnv) => run('ruby', ['-w', '-Ilib', '-r', view.gem, '-e', `print ${view.module}::Crc64::IMPLEMENTATION`], { cwd: gem, env });
    expect((await implementation({})).stdout).toBe('liblzma');
    expect((await implementation({ OSSGEN_CRC64: 'ruby' })).stdout).toBe('ruby');
    const result = await tests({ OSSGEN_MOCK_URL: replay.url, OSSGEN_SIM_URL: sim.url, OSSGEN_CRC64: 'ruby' });
    expect(result.status, explain(result)).toBe(0);
    expect(summary(result)).toMatchObject({ failures: 0, errors: 0, skips: 0 });
  }, 400_000);

  it.each([
    ['the V4 signing-key chain without its region step', 'signer.rb', '[region, Protocol::V4_PRODUCT, Protocol::V4_SCOPE_TERMINATOR].each', '[Protocol::V4_PRODUCT, Protocol::V4_SCOPE_TERMINATOR].each', /RequestVectorsTest#test_\S+-v4/, {}],
    ['a native CRC-64 that is off by one bit', 'crc64.rb', 'NATIVE.call(data, data.bytesize, crc) :', '(NATIVE.call(data, data.bytesize, crc) ^ 1) :', /Crc64Test#test_check_value/, {}],
    ['a table CRC-64 that is off by one bit', 'crc64.rb', '      crc ^ Protocol::CRC64_XOR_OUT\n', '      (crc ^ Protocol::CRC64_XOR_OUT) ^ 1\n', /Crc64Test#test_check_value/, { OSSGEN_CRC64: 'ruby' }],
  ])('its tests fail with %s (broken on purpose)', async (_what, file, from, to, failing, extraEnv) => {
    const path = join(gem, 'lib', view.gem, file);
    const original = readFileSync(path, 'utf8');
    expect(original).toContain(from);
    try {
      writeFileSync(path, original.replace(from, to));
      const result = await tests({ OSSGEN_MOCK_URL: replay.url, OSSGEN_SIM_URL: sim.url, ...extraEnv });
      expect(result.status).not.toBe(0);
      const s = summary(result);
      expect(s.failures + s.errors).toBeGreaterThan(0);
      expect(result.stdout).toMatch(failing);
      expect(result.stdout).toMatch(/ScenariosTest#test_\S+ = [\d.]+ s = [EF]/);
    } finally {
      writeFileSync(path, original);
    }
  }, 400_000);

  it('is RuboCop-clean (Debian rubocop), the gem and the runtime', async () => {
    for (const dir of [gem, RUNTIME]) {
      const result = await run('rubocop', ['--cache', 'false', '--format', 'simple'], { cwd: dir, timeoutMs: 300_000 });
      expect(result.status, explain(result)).toBe(0);
      expect(result.stdout).toMatch(/no offenses detected/);
    }
  }, 600_000);

  it("passes the runtime's own tests where it lives, whose stand-ins are the generated files", async () => {
    const result = await run('ruby', ['-w', 'test/runtime_test.rb'], { cwd: RUNTIME, timeoutMs: 120_000 });
    expect(result.status, explain(result)).toBe(0);
    expect(result.stderr).not.toMatch(/warning:/);
    expect(summary(result).failures + summary(result).errors + summary(result).skips).toBe(0);
    for (const name of ['protocol', 'operations', 'models', 'service_errors']) {
      const standIn = readFileSync(join(RUNTIME, 'lib/ossgen_runtime', `${name}.rb`), 'utf8').replace(/^# A stand-in.*\n/m, '');
      const generated = readFileSync(join(OUT, 'lib', view.gem, `${name}.rb`), 'utf8').replace(/^# Code generated.*\n/, '');
      expect(runtimeSource(standIn, view.module), name).toBe(generated);
    }
    expect(RUNTIME_MODULE).not.toBe(view.module);
  }, 120_000);

  it('keeps its connection alive between requests and survives the server closing it', async () => {
    // Every third answer on a connection is followed by the proxy closing it without warning.
    const proxy = await startClosingProxy(sim.url, 3);
    try {
      const program = [
        `client = ${view.module}::${view.clientClass}.new(endpoint: ARGV[0], access_key_id: 'ak', access_key_secret: 'sk')`,
        `appender = ${view.module}::Appender.new(client, ARGV[1], 'ruby-keepalive/object.log').open`,
        '12.times { |i| appender.append("line #{i}\\n") }',
        'puts appender.position',
      ].join('\n');
      const r = await run('ruby', ['-w', '-Ilib', '-r', view.gem, '-e', program, proxy.url, 'examplebucket'], { cwd: gem, env: credentials() });
      expect(r.status, explain(r)).toBe(0);
      expect(r.stderr).toBe('');
      const want = Array.from({ length: 12 }, (_, i) => `line ${i}\n`).join('');
      expect(r.stdout.trim()).toBe(String(Buffer.byteLength(want)));
      // A probe and twelve appends: a new connection only after a close, never one per request. (A close can
      // race the next request on that connection: that append then fails on the wire and is settled by reading
      // the object back, one or two requests more.)
      expect(proxy.requests()).toBeGreaterThanOrEqual(13);
      expect(proxy.connections()).toBeGreaterThan(1);
      expect(proxy.connections(), `${proxy.connections()} connections for ${proxy.requests()} requests`).toBeLessThan(proxy.requests() * 0.75);
    } finally {
      await proxy.close();
    }
  }, 120_000);

  describe('samples against the simulator', () => {
    const sample = (name: string, args: string[]) => run('ruby', ['-w', join(gem, 'examples', name), ...args], { cwd: work, env: credentials(), timeoutMs: 120_000 });
    const where = (key: string) => ['--endpoint', sim.url, '--bucket', 'examplebucket', '--key', key];

    it('append_from_memory creates the object through the block writer, then appends to it', async () => {
      const line = view.sample.bodyText;
      const first = await sample('append_from_memory.rb', where('ruby/memory.log'));
      expect(first.status, explain(first)).toBe(0);
      expect(first.stderr).toBe('');
      expect(first.stdout).toContain(`object content:\n${line}`);
      expect(first.stdout).toContain(`object content:\n${line}second line\n`);
      // A second run adds both lines again, signed with V1 this time.
      const second = await sample('append_from_memory.rb', [...where('ruby/memory.log'), '--signature', 'v1']);
      expect(second.status, explain(second)).toBe(0);
      expect(second.stdout).toContain(`object content:\n${line}second line\n${line}second line\n`);
    });

    it('append_from_file streams a local file', async () => {
      const content = Array.from({ length: 4000 }, (_, i) => `line ${i} of a local file\n`).join('');
      const file = join(work, 'input.txt');
      writeFileSync(file, content);
      const result = await sample('append_from_file.rb', ['--file', file, ...where('ruby/file.log'), '--chunk-size', '40000']);
      expect(result.status, explain(result)).toBe(0);
      expect(result.stdout).toContain(`appended ${Buffer.byteLength(content)} bytes at position 0`);
      expect(result.stdout).toContain(`object content:\n${content}`);
    });

    it('resume continues at the current length and settles lost answers without duplicating or losing data', async () => {
      const key = 'ruby/resume.log';
      const one = await sample('resume.rb', [...where(key), '--text', 'first\n']);
      expect(one.status, explain(one)).toBe(0);
      expect(one.stdout).toContain('resuming at position 0');
      const lines = ['first\n'];
      for (const fault of ['type=drop-response', 'type=drop-request', 'type=error&code=InternalError']) {
        const added = await fetch(`${sim.url}/__mock/faults?${fault}&operation=${ir.protocol.append!.operation.name}`, { method: 'POST' });
        expect(added.status).toBe(200);
        const line = `after ${fault}\n`;
        lines.push(line);
        const result = await sample('resume.rb', [...where(key), '--text', line]);
        expect(result.status, explain(result)).toBe(0);
        expect(result.stdout).toContain(`object content:\n${lines.join('')}`);
      }
      const pending = (await (await fetch(`${sim.url}/__mock/faults`)).json()) as { faults: unknown[] };
      expect(pending.faults).toEqual([]);
    }, 200_000);

    it('fails cleanly (exit 1, typed error) on a bucket that does not exist, and exit 2 on a bad flag', async () => {
      const result = await sample('append_from_memory.rb', ['--endpoint', sim.url, '--bucket', 'nosuchbucket', '--key', 'ruby/x.log']);
      expect(result.status, explain(result)).toBe(1);
      expect(result.stderr).toMatch(/^error: NoSuchBucket \(HTTP 404\)/m);
      const usage = await sample('append_from_file.rb', where('ruby/x.log'));
      expect(usage.status, explain(usage)).toBe(2);
    });
  });
});
