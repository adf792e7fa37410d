/**
 * The generated C# library (out/csharp), end to end on Mono: it is up to date; `build.sh` compiles the library,
 * its NUnit tests and the samples with `mcs -langversion:7 -warnaserror+`; NUnit 2.6 runs every generated test with
 * none failing and none ignored while the replaying mock (every cassette played, clean reports) and the simulator
 * run; without them the server tests are reported as ignored, not passed; the tests fail when the V4 signing or
 * the CRC-64 is broken on purpose; the runtime compiles and its own tests pass where it lives; the samples run
 * against the simulator; the first-append options are typed (a misspelled one does not compile); the plumbing is
 * internal and no error class shadows a framework exception; enum members have constants; the README's snippet
 * compiles. Everything runs in temp copies: out/csharp is never written to.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERATED_SOURCES, RUNTIME_NAMESPACE } from '../../generator/emitters/csharp/emitter.js';
import { buildView, type CsharpView } from '../../generator/emitters/csharp/view-model/index.js';
import type { IrModel } from '../../generator/ir/types.js';
import { startMock, type MockServer } from '../../generator/mock/index.js';
import { buildModel, generate, PROJECT_ROOT } from '../../generator/run.js';
import { explain, run, type RunResult } from '../support/subprocess.js';
import { snapshot } from '../support/tree-snapshot.js';

const OUT = join(PROJECT_ROOT, 'out/csharp');
const RUNTIME = join(PROJECT_ROOT, 'runtime/csharp');
const NUNIT = '/usr/lib/cli/nunit.framework-2.6.3/nunit.framework.dll';
export const MCS_FLAGS = ['-langversion:7', '-warnaserror+', '-warn:4', '-nologo'];

interface NunitSummary {
  run: number;
  errors: number;
  failures: number;
  ignored: number;
  /** `Fixture.Test` of every test run (-labels). */
  tests: string[];
}

function summary(result: RunResult): NunitSummary {
  const m = /Tests run: (\d+), Errors: (\d+), Failures: (\d+)/.exec(result.stdout);
  const n = /Not run: \d+, Invalid: \d+, Ignored: (\d+)/.exec(result.stdout);
  if (!m || !n) throw new Error(`no NUnit summary:\n${explain(result)}`);
  const tests = [...result.stdout.matchAll(/^\*{5} \S+?\.Tests\.(\S+)/gm)].map((x) => x[1]!);
  return { run: Number(m[1]), errors: Number(m[2]), failures: Number(m[3]), ignored: Number(n[1]), tests };
}

describe('csharp: generated library on Mono', () => {
  let ir: IrModel;
  let view: CsharpView;
  let work: string;
  let lib: string;
  let replay: MockServer;
  let sim: MockServer;
  let before: string[];
  /** Tests the full run ran (mock and simulator up). */
  let fullRun = 0;
  const credentials = () => ({ OSS_ACCESS_KEY_ID: ir.tests.credentials.accessKeyId, OSS_ACCESS_KEY_SECRET: ir.tests.credentials.accessKeySecret });
  const build = (dir: string) => run('sh', ['build.sh'], { cwd: dir, timeoutMs: 300_000 });
  /** fixture: run only that fixture (`-run:`), else every test. */
  const tests = (dir: string, env: NodeJS.ProcessEnv, fixture?: string) =>
    run('nunit-console', ['-nologo', '-noshadow', '-labels', ...(fixture ? [`-run:${view.namespace}.Tests.${fixture}`] : []), `${view.assembly}.Tests.dll`], { cwd: join(dir, 'bin'), env, timeoutMs: 400_000 });

  beforeAll(async () => {
    ir = (await buildModel()).ir!;
    view = buildView(ir);
    before = snapshot(OUT);
    work = mkdtempSync(join(tmpdir(), 'ossgen-csharp-'));
    lib = join(work, 'lib');
    cpSync(OUT, lib, { recursive: true });
    replay = await startMock({ mode: 'fixtures', controlEndpoints: true });
    sim = await startMock({ mode: 'sim', controlEndpoints: true });
    const built = await build(lib);
    if (built.status !== 0) throw new Error(`build.sh failed:\n${explain(built)}`);
  }, 400_000);

  afterAll(async () => {
    await replay?.close();
    await sim?.close();
    if (work) rmSync(work, { recursive: true, force: true });
    if (before) expect(snapshot(OUT)).toEqual(before);
  });

  it('is up to date with the model and the templates', async () => {
    const result = await generate({ languages: ['csharp'], check: true });
    expect(result.results[0]?.drift).toMatchObject({ added: [], changed: [], removed: [] });
  });

  it('passes every generated NUnit test against the mock and the simulator, none ignored, every cassette played', async () => {
    const result = await tests(lib, { OSSGEN_MOCK_URL: replay.url, OSSGEN_SIM_URL: sim.url });
    expect(result.status, explain(result)).toBe(0);
    const s = summary(result);
    expect({ errors: s.errors, failures: s.failures, ignored: s.ignored }).toEqual({ errors: 0, failures: 0, ignored: 0 });
    fullRun = s.run;
    const count = (fixture: string) => s.tests.filter((t) => t.startsWith(`${fixture}.`)).length;
    expect(count('RequestVectorTests')).toBe(ir.tests.requests.length);
    expect(count('ResponseVectorTests')).toBe(ir.tests.responses.length);
    expect(count('ScenarioTests')).toBe(ir.tests.scenarios.length);
    expect(count('PresignVectorTests')).toBe(ir.tests.presigned.length + 3);
    expect(count('SimulatorTests')).toBeGreaterThanOrEqual(5);
    expect(count('AppenderTests')).toBeGreaterThanOrEqual(4);
    const mockReport = (await (await fetch(`${replay.url}/__mock/report`)).json()) as { unmatched: unknown[] };
    expect(mockReport.unmatched).toEqual([]);
  }, 400_000);

  it('reports the server tests as ignored, not passed, without servers', async () => {
    const result = await tests(lib, { OSSGEN_MOCK_URL: '', OSSGEN_SIM_URL: '' });
    expect(result.status, explain(result)).toBe(0);
    const s = summary(result);
    expect(s.ignored).toBeGreaterThan(ir.tests.scenarios.length);
    expect(s.errors + s.failures).toBe(0);
    // Every test is either run or ignored: the server tests are the difference from a run with servers.
    if (fullRun === 0) fullRun = summary(await tests(lib, { OSSGEN_MOCK_URL: replay.url, OSSGEN_SIM_URL: sim.url })).run;
    expect(s.run + s.ignored).toBe(fullRun);
  }, 400_000);

  it('takes liblzma\'s CRC-64 here by default, the table in C# with OSSGEN_CRC64=managed, and passes every test with the table and the SHA-256 in C# (OSSGEN_SHA256=managed) too', async () => {
    const dir = mkdtempSync(join(work, 'crc-implementation-'));
    writeFileSync(join(dir, 'P.cs'), `internal static class P\n{\n    private static void Main()\n    {\n        System.Console.Write(${view.namespace}.Crc64.Implementation);\n    }\n}\n`);
    const compiled = await run('mcs', [...MCS_FLAGS, `-r:${join(lib, 'bin', `${view.assembly}.dll`)}`, `-out:${join(lib, 'bin', 'P.exe')}`, 'P.cs'], { cwd: dir, timeoutMs: 120_000 });
    expect(compiled.status, explain(compiled)).toBe(0);
    const implementation = (env: NodeJS.ProcessEnv) => run('mono', [join(lib, 'bin', 'P.exe')], { cwd: join(lib, 'bin'), env, timeoutMs: 60_000 });
    expect((await implementation({})).stdout).toBe('liblzma');
    expect((await implementation({ OSSGEN_CRC64: 'managed' })).stdout).toBe('managed');
    // The SHA-256 written in C# too (V4 signatures without libcrypto): every request vector and scenario still holds.
    const result = await tests(lib, { OSSGEN_MOCK_URL: replay.url, OSSGEN_SIM_URL: sim.url, OSSGEN_CRC64: 'managed', OSSGEN_SHA256: 'managed' });
    expect(result.status, explain(result)).toBe(0);
    expect(summary(result)).toMatchObject({ errors: 0, failures: 0, ignored: 0 });
  }, 400_000);

  // [what, file, from, to, the test that must fail, environment, whether the scenarios fail too, only this fixture]
  it.each<[string, string, string, string, RegExp, NodeJS.ProcessEnv, boolean, string | undefined]>([
    ['the V4 signing-key chain without its region step', 'Signer.cs', 'new[] { region, Protocol.V4Product, Protocol.V4ScopeTerminator }', 'new[] { Protocol.V4Product, Protocol.V4ScopeTerminator }', /RequestVectorTests\.RequestVector \S+-v4/, {}, true, undefined],
    ['a liblzma CRC-64 that is off by one bit', 'Crc64.cs', 'return Native ? Liblzma.Update(crc, data, offset, count) :', 'return Native ? Liblzma.Update(crc, data, offset, count) ^ 1 :', /Crc64Tests\.CheckValue/, {}, true, undefined],
    ['a managed CRC-64 that is off by one bit', 'Crc64.cs', '            return state ^ Protocol.Crc64XorOut;', '            return (state ^ Protocol.Crc64XorOut) ^ 1;', /Crc64Tests\.CheckValue/, { OSSGEN_CRC64: 'managed' }, true, undefined],
    // The probe then finds lzma_crc64 wrong and the table is used (every other test passes): only the direct comparison sees it.
    ['lzma_crc64\'s own answer off by one bit', 'Crc64.cs', 'return lzma_crc64(Marshal.UnsafeAddrOfPinnedArrayElement(data, offset), (UIntPtr)(uint)count, crc);', 'return lzma_crc64(Marshal.UnsafeAddrOfPinnedArrayElement(data, offset), (UIntPtr)(uint)count, crc) ^ 1;', /Crc64Tests\.LiblzmaAgreesWithTheTable/, {}, false, 'Crc64Tests'],
  ])('its tests fail with %s (broken on purpose)', async (_what, file, from, to, failing, env, scenariosFail, fixture) => {
    const broken = mkdtempSync(join(work, 'broken-'));
    cpSync(lib, broken, { recursive: true });
    const path = join(broken, 'src', file);
    const original = readFileSync(path, 'utf8');
    expect(original).toContain(from);
    writeFileSync(path, original.replace(from, to));
    const built = await build(broken);
    expect(built.status, explain(built)).toBe(0);
    const result = await tests(broken, { OSSGEN_MOCK_URL: replay.url, OSSGEN_SIM_URL: sim.url, ...env }, fixture);
    expect(result.status).not.toBe(0);
    const s = summary(result);
    expect(s.errors + s.failures).toBeGreaterThan(0);
    expect(result.stdout).toMatch(new RegExp(`\\d+\\) Test (Error|Failure) : \\S+\\.${failing.source}`));
    if (scenariosFail) expect(result.stdout).toMatch(/\d+\) Test (Error|Failure) : \S+\.ScenarioTests\.Scenario /);
  }, 400_000);

  it('compiles where it lives (runtime with the generated model files) and passes its own tests', async () => {
    const dir = join(work, 'runtime');
    cpSync(RUNTIME, dir, { recursive: true });
    // The model-dependent files come from the generator, in the runtime's namespace. The tests take the generated
    // tests' assembly name: the generated Protocol.cs makes that assembly the friend of the library's internals.
    for (const name of GENERATED_SOURCES) {
      const generated = readFileSync(join(OUT, 'src', `${name}.cs`), 'utf8').replace(`\nnamespace ${view.namespace}\n`, `\nnamespace ${RUNTIME_NAMESPACE}\n`);
      writeFileSync(join(dir, 'src', `${name}.cs`), generated);
    }
    const compile = await run('sh', ['-c', `mcs ${MCS_FLAGS.join(' ')} -target:library -out:runtime.dll -r:System.Net.Http.dll src/*.cs && mcs ${MCS_FLAGS.join(' ')} -target:library -out:${view.testsAssembly}.dll -r:runtime.dll -r:System.Net.Http.dll -r:${NUNIT} test/*.cs`], { cwd: dir, timeoutMs: 300_000 });
    expect(compile.status, explain(compile)).toBe(0);
    const result = await run('nunit-console', ['-nologo', '-noshadow', `${view.testsAssembly}.dll`], { cwd: dir, timeoutMs: 200_000 });
    expect(result.status, explain(result)).toBe(0);
    const s = summary(result);
    expect(s.run).toBeGreaterThanOrEqual(8);
    expect(s.errors + s.failures + s.ignored).toBe(0);
  }, 300_000);

  it('types the first-append options: a misspelled option or a later-append member does not compile', async () => {
    const create = view.appenderCreate!;
    const member = create.members.find((m) => m.type === 'string')!;
    const dir = mkdtempSync(join(work, 'create-options-'));
    const program = (init: string) =>
      `using ${view.namespace};\ninternal static class P\n{\n    private static void Main()\n    {\n        using (var client = new ${view.clientClass}(new ClientOptions { Endpoint = "http://127.0.0.1:1", AccessKeyId = "a", AccessKeySecret = "b" }))\n        {\n            client.NewAppender("examplebucket", "k", new ${create.className} { ${init} });\n        }\n    }\n}\n`;
    const compile = async (name: string, init: string) => {
      writeFileSync(join(dir, `${name}.cs`), program(init));
      return run('mcs', [...MCS_FLAGS, `-r:${join(lib, 'bin', `${view.assembly}.dll`)}`, `-out:${name}.exe`, `${name}.cs`], { cwd: dir, timeoutMs: 120_000 });
    };
    const good = await compile('Good', `${member.prop} = "x"`);
    expect(good.status, explain(good)).toBe(0);
    // CS0117: the type does not contain a definition for the name.
    const misspelled = await compile('Misspelled', `${member.prop}x = "x"`);
    expect(misspelled.status).not.toBe(0);
    expect(misspelled.stdout + misspelled.stderr).toMatch(new RegExp(`CS0117.*${member.prop}x`));
    const position = ir.protocol.append!.position.names.cs;
    const later = await compile('Later', `${position} = 0`);
    expect(later.status).not.toBe(0);
    expect(later.stdout + later.stderr).toMatch(new RegExp(`CS0117.*${position}`));
  }, 300_000);

  it('keeps the plumbing internal (a user program cannot name the model constants, the operation specs or the signer) and the framework exceptions unshadowed', async () => {
    const dir = mkdtempSync(join(work, 'internals-'));
    const compile = async (name: string, statement: string) => {
      writeFileSync(join(dir, `${name}.cs`), `using System;\nusing ${view.namespace};\ninternal static class P\n{\n    private static void Main()\n    {\n        ${statement}\n    }\n}\n`);
      return run('mcs', [...MCS_FLAGS, `-r:${join(lib, 'bin', `${view.assembly}.dll`)}`, `-out:${name}.exe`, `${name}.cs`], { cwd: dir, timeoutMs: 120_000 });
    };
    // The public surface still compiles: the options, the enum and the presign limit; and with `using System;` beside
    // the library's namespace, the framework's exceptions keep their names (no error class takes one: CS0104).
    const good = await compile('Public', 'Console.WriteLine(new ClientOptions { SignatureVersion = SignatureVersion.V1 } + " " + ClientCore.MaxPresignExpiryV4); Func<Exception> f = () => new NotImplementedException(); GC.KeepAlive(f);');
    expect(good.status, explain(good)).toBe(0);
    // CS0122: inaccessible due to its protection level.
    for (const [name, statement] of [
      ['Constants', 'System.Console.WriteLine(Protocol.DefaultRegion);'],
      ['Specs', 'System.Console.WriteLine(Operations.ByName.Count);'],
      ['Signing', 'System.Console.WriteLine(Signer.UriEncode("a b", false));'],
    ]) {
      const result = await compile(name!, statement!);
      expect(result.status, `${name} compiled`).not.toBe(0);
      expect(result.stdout + result.stderr).toMatch(/CS0122/);
    }
  }, 300_000);

  it('names every allowed value of an enum member as a constant of the member\'s class (ObjectAcl.PublicRead)', async () => {
    expect(view.enums.length).toBeGreaterThan(0);
    const dir = mkdtempSync(join(work, 'enums-'));
    const lines = view.enums.flatMap((e) => e.values.map((v) => `        Console.WriteLine(${e.className}.${v.name});`));
    writeFileSync(join(dir, 'Enums.cs'), `using System;\nusing ${view.namespace};\ninternal static class P\n{\n    private static void Main()\n    {\n        Console.OutputEncoding = new System.Text.UTF8Encoding(false);\n${lines.join('\n')}\n    }\n}\n`);
    const compiled = await run('mcs', [...MCS_FLAGS, `-r:${join(lib, 'bin', `${view.assembly}.dll`)}`, '-out:Enums.exe', 'Enums.cs'], { cwd: dir, timeoutMs: 120_000 });
    expect(compiled.status, explain(compiled)).toBe(0);
    cpSync(join(lib, 'bin', `${view.assembly}.dll`), join(dir, `${view.assembly}.dll`));
    const printed = await run('mono', ['Enums.exe'], { cwd: dir, timeoutMs: 60_000 });
    expect(printed.status, explain(printed)).toBe(0);
    expect(printed.stdout).toBe(view.enums.flatMap((e) => e.values.map((v) => `${v.raw}\n`)).join(''));
  }, 300_000);

  it("compiles the README's C# snippet against the library (its names are the library's)", async () => {
    const readme = readFileSync(join(OUT, 'README.md'), 'utf8');
    const snippet = /```csharp\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(snippet).toBeDefined();
    const lines = snippet!.split('\n');
    const usings = lines.filter((l) => /^using [A-Za-z.]+;$/.test(l));
    const body = lines.filter((l) => !usings.includes(l)).join('\n');
    const dir = mkdtempSync(join(work, 'readme-'));
    // The snippet's statements (top-level awaits) as the body of an async method.
    const program = `using System;\nusing System.Collections.Generic;\nusing System.IO;\nusing System.Threading.Tasks;\n${usings.join('\n')}\ninternal static class Readme\n{\n    private static async Task Run()\n    {\n${body}\n    }\n\n    private static void Main()\n    {\n        Func<Task> run = Run;\n        GC.KeepAlive(run);\n    }\n}\n`;
    writeFileSync(join(dir, 'Readme.cs'), program);
    const result = await run('mcs', [...MCS_FLAGS, `-r:${join(lib, 'bin', `${view.assembly}.dll`)}`, '-r:System.Net.Http.dll', '-out:Readme.exe', 'Readme.cs'], { cwd: dir, timeoutMs: 120_000 });
    expect(result.status, explain(result)).toBe(0);
  }, 300_000);

  describe('samples against the simulator', () => {
    const sample = (name: string, args: string[]) => run('mono', [join(lib, 'bin', `${name}.exe`), ...args], { cwd: work, env: credentials(), timeoutMs: 120_000 });
    const where = (key: string) => ['--endpoint', sim.url, '--bucket', 'examplebucket', '--key', key];

    it('AppendFromMemory creates the object through the write stream, then appends to it', async () => {
      const line = view.sample.bodyText;
      const first = await sample('AppendFromMemory', where('csharp/memory.log'));
      expect(first.status, explain(first)).toBe(0);
      expect(first.stderr).toBe('');
      expect(first.stdout).toContain(`object content:\n${line}second line\n`);
      // A second run adds both lines again, signed with V1 this time.
      const second = await sample('AppendFromMemory', [...where('csharp/memory.log'), '--signature', 'v1']);
      expect(second.status, explain(second)).toBe(0);
      expect(second.stdout).toContain(`object content:\n${line}second line\n${line}second line\n`);
    });

    it('AppendFromFile streams a local file, whole or in chunks', async () => {
      const content = Array.from({ length: 4000 }, (_, i) => `line ${i} of a local file\n`).join('');
      const file = join(work, 'input.txt');
      writeFileSync(file, content);
      const whole = await sample('AppendFromFile', ['--file', file, ...where('csharp/file.log')]);
      expect(whole.status, explain(whole)).toBe(0);
      expect(whole.stdout).toContain(`appended ${Buffer.byteLength(content)} bytes at position 0`);
      const chunked = await sample('AppendFromFile', ['--file', file, ...where('csharp/file.log'), '--chunk-size', '40000']);
      expect(chunked.status, explain(chunked)).toBe(0);
      expect(chunked.stdout).toContain(`appended ${Buffer.byteLength(content)} bytes at position ${Buffer.byteLength(content)}`);
      expect(chunked.stdout).toContain(`object content:\n${content}${content}`);
    });

    it('Resume continues at the current length and settles lost answers without duplicating or losing data', async () => {
      const key = 'csharp/resume.log';
      const one = await sample('Resume', [...where(key), '--text', 'first\n']);
      expect(one.status, explain(one)).toBe(0);
      expect(one.stdout).toContain('resuming at position 0');
      const lines = ['first\n'];
      for (const fault of ['type=drop-response', 'type=drop-request', `type=error&code=${view.sample.serverErrorCode}`]) {
        const added = await fetch(`${sim.url}/__mock/faults?${fault}&operation=${ir.protocol.append!.operation.name}`, { method: 'POST' });
        expect(added.status).toBe(200);
        const line = `after ${fault}\n`;
        lines.push(line);
        const result = await sample('Resume', [...where(key), '--text', line]);
        expect(result.status, explain(result)).toBe(0);
        expect(result.stdout).toContain(`object content:\n${lines.join('')}`);
      }
      const pending = (await (await fetch(`${sim.url}/__mock/faults`)).json()) as { faults: unknown[] };
      expect(pending.faults).toEqual([]);
    }, 200_000);

    it('fails cleanly (exit 1, typed error) on a bucket that does not exist, and exit 2 on a bad flag', async () => {
      const result = await sample('AppendFromMemory', ['--endpoint', sim.url, '--bucket', 'nosuchbucket', '--key', 'csharp/x.log']);
      expect(result.status, explain(result)).toBe(1);
      expect(result.stderr).toMatch(/^error: NoSuchBucket \(HTTP 404\)/m);
      const usage = await sample('AppendFromFile', where('csharp/x.log'));
      expect(usage.status, explain(usage)).toBe(2);
      const bad = await sample('Resume', [...where('csharp/x.log'), '--nope', 'x']);
      expect(bad.status, explain(bad)).toBe(2);
    });
  });
});
