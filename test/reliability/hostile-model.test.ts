/**
 * Injection through the model: test/fixtures/hostile-model.yaml (written by make-hostile-model.ts;
 * regenerated here from the current model/oss.yaml so it never goes stale) puts quotes, backslashes,
 * newlines, `*​/`, `"""`, `${`, `{{`, `%s`, `</script>`, control characters and mixed scripts in every
 * description, error message, added enum value, example and a legal-but-nasty header name, and adds
 * members named after reserved words of every language. Every language generated from it must
 * compile under its strict settings and pass its offline tests; reserved words must come out renamed;
 * the HTML docs must show the text literally (parsed: no element, attribute or script added).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { NAMERS } from '../../generator/emitters/languages.js';
import type { IrModel } from '../../generator/ir/types.js';
import { buildModel } from '../../generator/run.js';
import { goEnv, mustSucceed, PROJECT_ROOT, run, type RunResult } from './lib.js';
import { HOSTILE_EN, HOSTILE_ZH, hostileModel } from './make-hostile-model.js';

let work: string;
let out: string;
let ir: IrModel;
const figures: string[] = [];

const show = (r: RunResult) => `${r.stdout}\n${r.stderr}`.slice(-4000);
/** Offline: the generated suites must not find the shared mock servers of the vitest run (their wire tests need the real model's cassettes). */
const OFFLINE = { OSSGEN_MOCK_URL: undefined, OSSGEN_SIM_URL: undefined };

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ossgen-hostile-model-'));
  const model = join(work, 'hostile-model.yaml');
  writeFileSync(model, hostileModel(readFileSync(join(PROJECT_ROOT, 'model/oss.yaml'), 'utf8')));
  const built = await buildModel(model);
  if (!('ir' in built) || !built.ir) throw new Error(`the hostile model does not validate: ${JSON.stringify(built).slice(0, 2000)}`);
  ir = built.ir;
  out = join(work, 'out');
  mustSucceed('gen --lang all (hostile model)', await run(process.execPath, [join(PROJECT_ROOT, 'bin/gen.js'), '--lang', 'all', '--model', model, '--out', out, '--quiet']));
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
  if (figures.length) console.log(`[reliability/hostile-model] ${figures.join(' ')}`);
});

interface ParsedPage {
  tags: Record<string, number>;
  attributes: string[];
  scripts: string[];
  text: string;
}

/** What a hostile page has that the real model's page has not (elements, attributes, scripts), and hostile text not shown literally. */
function htmlProblems(lang: string, hostile: ParsedPage, normal: ParsedPage): string[] {
  const problems: string[] = [];
  for (const tag of Object.keys(hostile.tags)) if (!(tag in normal.tags)) problems.push(`${lang}: element <${tag}> injected`);
  for (const attr of hostile.attributes) if (!normal.attributes.includes(attr)) problems.push(`${lang}: attribute ${attr} injected`);
  if (JSON.stringify(hostile.scripts) !== JSON.stringify(normal.scripts)) problems.push(`${lang}: scripts differ from the real model's page`);
  const literal = lang.startsWith('en') ? ['</script><script>alert(1)</script>', '<b>bold</b>', '{{constructor}}', '${process.exit(1)}', '*/ /* """', '%s %d %n', '&amp;'] : ['</script>', '반갑습니다', 'Ελληνικά', 'العربية', '{{x}}', '${y}'];
  for (const text of literal) if (!hostile.text.includes(text)) problems.push(`${lang}: "${text}" is not shown literally`);
  return problems;
}

describe('hostile model', () => {
  it('renames every reserved-word member and operation in every language (never emitted raw)', () => {
    const members = ir.operations.flatMap((op) => op.input);
    const raw: string[] = [];
    let checked = 0;
    for (const m of members) {
      for (const namer of NAMERS) {
        checked++;
        if (namer.reserved.has(m.names[namer.key])) raw.push(`${namer.key}:${m.names[namer.key]}`);
      }
    }
    for (const op of ir.operations) {
      for (const namer of NAMERS) {
        checked++;
        if (namer.reserved.has(op.names[namer.key])) raw.push(`${namer.key}:${op.names[namer.key]}`);
      }
    }
    expect(ir.operations.find((op) => op.name === 'Import')?.names).toMatchObject({ ts: 'import_', py: 'import_', go: 'Import' });
    expect(ir.operations.find((op) => op.name === 'Delete')?.names).toMatchObject({ ts: 'delete_', py: 'delete' });
    const put = ir.operations.find((op) => op.name === 'PutObject')!;
    expect(put.input.find((m) => m.id === 'import')?.names).toMatchObject({ ts: 'import_', py: 'import_', go: 'Import', java: 'import_' });
    expect(readFileSync(join(out, 'python/src/oss_append/models.py'), 'utf8')).toMatch(/\bimport_: str \| None/);
    expect(readFileSync(join(out, 'c/include/ossc.h'), 'utf8')).toMatch(/\bregister_;/);
    expect(readFileSync(join(out, 'ts/src/models.ts'), 'utf8')).toMatch(/\bdefault_\?: string/);
    expect(raw).toEqual([]);
    figures.push(`reserved-word-names-checked=${checked} emitted-raw=${raw.length}`);
  });

  it('binds only the values a test step gives (a member named constructor gets no inherited value)', () => {
    const model = parse(readFileSync(join(work, 'hostile-model.yaml'), 'utf8')) as { tests: { scenarios: { id: string; steps: { input?: Record<string, unknown> }[] }[] } };
    const stray: string[] = [];
    for (const scenario of ir.tests.scenarios) {
      const source = model.tests.scenarios.find((s) => s.id === scenario.id)!;
      for (const step of scenario.steps) {
        const given = source.steps[step.index]?.input ?? {};
        for (const v of step.input) {
          if (v.member.location === 'host' || v.member.location === 'path') continue;
          if (!Object.hasOwn(given, v.member.id) || typeof v.value === 'function') stray.push(`${scenario.id}#${step.index}: ${v.member.id}`);
        }
      }
    }
    expect(stray).toEqual([]);
  });

  it('TypeScript: tsc strict, and the offline tests pass', async () => {
    const dir = join(out, 'ts');
    symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const tsc = await run(process.execPath, [join(PROJECT_ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir, '--noEmit'], { cwd: dir, env: OFFLINE });
    expect(tsc.status, show(tsc)).toBe(0);
    const tests = await run(process.execPath, [join(PROJECT_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--root', dir, 'test/request-vectors.test.ts', 'test/response-vectors.test.ts', 'test/client.test.ts'], { cwd: dir, env: OFFLINE });
    expect(tests.status, show(tests)).toBe(0);
    figures.push(`ts=${/Tests\s+(\d+) passed/.exec(tests.stdout.replace(/\x1b\[[0-9;]*m/g, ''))?.[1] ?? '?'}-passed`);
  }, 240_000);

  it('Go: gofmt clean, go vet clean, go test passes', async () => {
    const dir = join(out, 'go');
    const env = { ...goEnv(), ...OFFLINE };
    const fmt = await run('gofmt', ['-l', '.'], { cwd: dir, env });
    expect(fmt.stdout, show(fmt)).toBe('');
    const vet = await run('go', ['vet', './...'], { cwd: dir, env });
    expect(vet.status, show(vet)).toBe(0);
    const test = await run('go', ['test', '-count=1', './...'], { cwd: dir, env });
    expect(test.status, show(test)).toBe(0);
    figures.push('go=vet+test-ok');
  }, 240_000);

  it('CLI: gofmt clean, go vet clean, builds over the Go client, and its help and completion tests pass offline', async () => {
    const dir = join(out, 'cli');
    const env = { ...goEnv(), ...OFFLINE };
    const fmt = await run('gofmt', ['-l', '.'], { cwd: dir, env });
    expect(fmt.stdout, show(fmt)).toBe('');
    const vet = await run('go', ['vet', '.'], { cwd: dir, env });
    expect(vet.status, show(vet)).toBe(0);
    // The tests that need no simulator: help in both languages (the hostile docs printed) and completion (hostile enum values never reach the shell).
    const test = await run('go', ['test', '-count=1', '-v', '-run', 'TestHelpInBothLanguages|TestCompletion', '.'], { cwd: dir, env });
    expect(test.status, show(test)).toBe(0);
    expect(test.stdout).toContain('--- PASS: TestHelpInBothLanguages');
    expect(test.stdout).toContain('--- PASS: TestCompletion');
    figures.push('cli=vet+help+completion-ok');
  }, 240_000);

  it('Python: -W error import, mypy --strict, ruff, pytest', async () => {
    const dir = join(out, 'python');
    const env = { PYTHONPATH: join(dir, 'src'), PYTHONDONTWRITEBYTECODE: '1', MYPYPATH: join(dir, 'src'), ...OFFLINE };
    const load = await run('python3', ['-W', 'error', '-c', 'import pathlib, tomllib, oss_append; tomllib.loads(pathlib.Path("pyproject.toml").read_text("utf-8"))'], { cwd: dir, env });
    expect(load.status, show(load)).toBe(0);
    expect(load.stderr).toBe('');
    const mypy = await run('python3', ['-m', 'mypy', '--strict', '--cache-dir', join(work, 'mypy-cache'), 'src', 'tests'], { cwd: dir, env });
    expect(mypy.status, show(mypy)).toBe(0);
    const ruff = await run('ruff', ['check', '--no-cache', '.'], { cwd: dir, env });
    expect(ruff.status, show(ruff)).toBe(0);
    const pytest = await run('python3', ['-W', 'error', '-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests'], { cwd: dir, env });
    expect(pytest.status, show(pytest)).toBe(0);
    figures.push(`python=${/(\d+) passed/.exec(pytest.stdout)?.[1] ?? '?'}-passed`);
  }, 240_000);

  it('C: gcc -Wall -Wextra -Werror builds the library, samples and test runner, and the tests pass', async () => {
    const dir = join(out, 'c');
    const build = join(work, 'c-build');
    const make = await run('make', ['-s', '-C', dir, `BUILD=${build}`, 'CC=gcc', 'CFLAGS=-O1 -g -Wall -Wextra -Werror', 'check', 'examples']);
    expect(make.status, show(make)).toBe(0);
    const tests = await run(join(build, 'ossc_test'), [], { env: OFFLINE });
    expect(tests.status, show(tests)).toBe(0);
    figures.push(`c=${/(\d+) checks passed/.exec(tests.stdout + tests.stderr)?.[1] ?? '?'}-checks-passed`);
  }, 240_000);

  it('Java: javac -Xlint:all -Werror builds the client and its tests offline (Maven), and the offline tests pass', async () => {
    const dir = join(out, 'java');
    expect(readFileSync(join(dir, 'src/main/java/com/example/ossgen/ossappend/PutObjectRequest.java'), 'utf8')).toMatch(/\bprivate String import_;/);
    // The hostile text reaches the Javadoc: it must stay valid (no HTML, tag or comment end let through).
    const doc = await run('javadoc', ['-quiet', '-Xdoclint:all,-missing', '-d', join(work, 'javadoc'), '-sourcepath', join(dir, 'src/main/java'), 'com.example.ossgen.ossappend'], { cwd: dir });
    expect(doc.status, show(doc)).toBe(0);
    const mvn = await run('mvn', ['-B', '-o', 'verify'], { cwd: dir, env: OFFLINE, timeoutMs: 300_000 });
    expect(mvn.status, show(mvn)).toBe(0);
    const counts = /Tests run: (\d+), Failures: 0, Errors: 0, Skipped: (\d+)\s*$/m.exec(mvn.stdout);
    expect(counts, show(mvn)).not.toBeNull();
    figures.push(`java=${Number(counts![1]) - Number(counts![2])}-passed`);
  }, 300_000);

  it('C++: CMake builds the client (its C core included), samples and GoogleTest tests with -Wall -Wextra -Werror, and the offline tests pass', async () => {
    const dir = join(out, 'cpp');
    const build = join(work, 'cpp-build');
    const configure = await run('cmake', ['-S', dir, '-B', build, '-DCMAKE_C_FLAGS=-O0', '-DCMAKE_CXX_FLAGS=-O0']);
    expect(configure.status, show(configure)).toBe(0);
    const built = await run('cmake', ['--build', build, '-j', '2'], { timeoutMs: 300_000 });
    expect(built.status, show(built)).toBe(0);
    const tests = await run(join(build, `${ir.service.packages.cpp}_test`), [], { env: OFFLINE });
    expect(tests.status, show(tests)).toBe(0);
    figures.push(`cpp=${/\[  PASSED  \] (\d+) tests?/.exec(tests.stdout)?.[1] ?? '?'}-passed`);
  }, 300_000);

  it('PHP: every file passes php -l, the hostile text stays inside literals and comments, and the offline PHPUnit tests pass (strict)', async () => {
    const dir = join(out, 'php');
    expect(readFileSync(join(dir, 'src/PutObjectRequest.php'), 'utf8')).toMatch(/public \?string \$import = null,/);
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const name of readdirSync(d)) {
        const path = join(d, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.php')) files.push(path);
      }
    };
    walk(dir);
    for (const file of files) {
      const lint = await run('php', ['-d', 'error_reporting=-1', '-l', file]);
      expect(lint.status, show(lint)).toBe(0);
    }
    const tests = await run('phpunit', [], { cwd: dir, env: OFFLINE });
    expect(tests.status, show(tests)).toBe(0);
    figures.push(`php=${files.length}-files-linted ${/Tests: (\d+)/.exec(tests.stdout)?.[1] ?? /OK \((\d+) tests/.exec(tests.stdout)?.[1] ?? '?'}-tests-run`);
  }, 300_000);

  it('Ruby: every file parses under ruby -w, RuboCop finds nothing, and the offline minitest tests pass', async () => {
    const dir = join(out, 'ruby');
    const tests = await run('ruby', ['-w', '-Ilib', '-e', 'Dir["test/*_test.rb"].sort.each { |f| require_relative File.expand_path(f) }'], { cwd: dir, env: OFFLINE });
    expect(tests.status, show(tests)).toBe(0);
    expect(tests.stderr).not.toMatch(/warning:/);
    const rubocop = await run('rubocop', ['--cache', 'false', '--format', 'simple'], { cwd: dir, timeoutMs: 300_000 });
    expect(rubocop.status, show(rubocop)).toBe(0);
    const counts = /(\d+) runs, \d+ assertions, 0 failures, 0 errors, (\d+) skips/.exec(tests.stdout);
    expect(counts, show(tests)).not.toBeNull();
    figures.push(`ruby=${Number(counts![1]) - Number(counts![2])}-passed`);
  }, 300_000);

  it('C#: mcs -langversion:7 -warnaserror+ builds the library, its tests and the samples, and the offline NUnit tests pass', async () => {
    const dir = join(out, 'csharp');
    const build = await run('sh', ['build.sh'], { cwd: dir, timeoutMs: 300_000 });
    expect(build.status, show(build)).toBe(0);
    const tests = await run('nunit-console', ['-nologo', '-noshadow', `${ir.service.packages.csharp}.Tests.dll`], { cwd: join(dir, 'bin'), env: OFFLINE, timeoutMs: 300_000 });
    expect(tests.status, show(tests)).toBe(0);
    const counts = /Tests run: (\d+), Errors: 0, Failures: 0/.exec(tests.stdout);
    expect(counts, show(tests)).not.toBeNull();
    figures.push(`csharp=${counts![1]}-passed`);
  }, 300_000);

  it('docs: the HTML shows the hostile text literally (no element, attribute or script injected)', async () => {
    const pages = ['en', 'zh'].flatMap((lang) => [join(out, 'docs', lang, 'index.html'), join(PROJECT_ROOT, 'out/docs', lang, 'index.html')]);
    // The check itself catches an escape undone on purpose: a copy of the English page with the markup made live.
    const broken = join(work, 'broken.html');
    const english = readFileSync(pages[0]!, 'utf8');
    const live = english.replace('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;', '</script><script>alert(1)</script>').replace('&lt;b&gt;bold&lt;/b&gt;', '<b>bold</b>');
    expect(live).not.toBe(english);
    writeFileSync(broken, live);
    const parsed = JSON.parse(mustSucceed('html_check.py', await run('python3', [join(PROJECT_ROOT, 'test/reliability/html_check.py'), ...pages, broken])).stdout) as Record<string, ParsedPage>;
    const problems = [...htmlProblems('en', parsed[pages[0]!]!, parsed[pages[1]!]!), ...htmlProblems('zh', parsed[pages[2]!]!, parsed[pages[3]!]!)];
    const caught = htmlProblems('en (escape undone)', parsed[broken]!, parsed[pages[1]!]!);
    expect(HOSTILE_EN).toContain('</script>');
    expect(HOSTILE_ZH).toContain('</script>');
    expect(problems).toEqual([]);
    expect(caught.length).toBeGreaterThan(0);
    figures.push(`docs=html-parsed-2-pages-injected-elements=0 (an undone escape is caught: ${caught.length} problems)`);
  }, 60_000);
});
