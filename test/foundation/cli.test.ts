// The CLI as a user runs it: a subprocess, its exit code, stdout and stderr.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync, appendFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const gen = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(root, 'bin/gen.js'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const noStackTrace = (text: string) => {
  expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(text).not.toContain('internal error');
};
const tmp = mkdtempSync(join(tmpdir(), 'ossgen-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('gen (CLI)', () => {
  it('--help and --version', () => {
    const help = gen('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage:');
    expect(help.stdout).toContain('--check');
    const version = gen('--version');
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
    expect(gen('validate', '--help').stdout).toContain('gen validate');
  });

  it('validate accepts the bundled model', () => {
    const r = gen('validate');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/model\/oss\.yaml: valid \(5 operations, \d+ errors\)/);
  });

  it('validate prints every diagnostic like a compiler, with a code frame, and exits 1', () => {
    const r = gen('validate', '--model', 'test/fixtures/invalid/duplicate-operation.yaml');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('test/fixtures/invalid/duplicate-operation.yaml:113:11  error M020  duplicate operation "Append"');
    expect(r.stderr).toMatch(/duplicate-operation\.yaml:176:17 {2}error M021 {2}operation "Head" is not defined/);
    expect(r.stderr).toMatch(/^> 113 \| {3}- name: Append$/m);
    expect(r.stderr).toContain('2 errors in the model.');
    noStackTrace(r.stderr);
  });

  it('validate --format json gives diagnostics as data', () => {
    const r = gen('validate', '--model', 'test/fixtures/invalid/dangling-error-reference.yaml', '--format', 'json');
    expect(r.code).toBe(1);
    const { diagnostics } = JSON.parse(r.stdout);
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'M021', severity: 'error', path: '/operations/1/errors/0', loc: expect.objectContaining({ line: 123, col: 14 }) }),
    ]);
  });

  it('a missing model file is a diagnostic, not a crash', () => {
    const r = gen('validate', '--model', 'no/such/model.yaml');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error M003  cannot read model no/such/model.yaml: no such file');
    noStackTrace(r.stderr);
  });

  it('a broken model file given to generation reports the same diagnostics', () => {
    const r = gen('--lang', 'all', '--model', 'test/fixtures/invalid/yaml-missing-colon.yaml', '--out', join(tmp, 'never'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('yaml-missing-colon.yaml:9:3  error M001');
    noStackTrace(r.stderr);
    expect(() => readdirSync(join(tmp, 'never'))).toThrow();
  });

  it.each([
    [['--lang'], /argument missing|requires an argument/i],
    [['--nope'], /Unknown option '--nope'/],
    [[], /missing --lang/],
    [['--lang', 'cobol'], /no emitter for language "cobol"\. Available: .*all/],
    [['--lang', 'all', '--format', 'xml'], /--format must be text or json/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('bad usage %j exits 2 with a clear message', (args, message) => {
    const r = gen(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('Run "gen --help" for usage.');
    noStackTrace(r.stderr);
  });

  it('generates every language, is byte-identical on a second run, and --check finds edits, additions and deletions', () => {
    const out = join(tmp, 'out');
    expect(gen('--lang', 'all', '--out', out, '--quiet').code).toBe(0);
    const langs = readdirSync(out).sort();
    expect(langs.length).toBeGreaterThan(0);
    const snapshot = join(tmp, 'snapshot');
    cpSync(out, snapshot, { recursive: true });
    expect(gen('--lang', 'all', '--out', out, '--quiet').code).toBe(0);
    expect(spawnSync('diff', ['-r', snapshot, out]).status).toBe(0);

    const clean = gen('--lang', 'all', '--out', out, '--check');
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe('');

    const lang = langs[0]!;
    const manifest = JSON.parse(readFileSync(join(out, lang, '.ossgen-manifest.json'), 'utf8')) as { files: { path: string }[] };
    const [first, second] = manifest.files.map((f) => f.path);
    appendFileSync(join(out, lang, first!), '// edited\n');
    unlinkSync(join(out, lang, second!));
    writeFileSync(join(out, lang, 'stray-file.txt'), 'not generated\n');
    const stale = gen('--lang', 'all', '--out', out, '--check');
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain(`changed  ${join(out, lang, first!)}`);
    expect(stale.stdout).toContain(`added    ${join(out, lang, second!)}`);
    expect(stale.stdout).toContain(`removed  ${join(out, lang, 'stray-file.txt')}`);
    expect(stale.stderr).toContain('generated output is stale');
    // --check wrote nothing.
    expect(readFileSync(join(out, lang, first!), 'utf8')).toContain('// edited');

    expect(gen('--lang', 'all', '--out', out, '--quiet').code).toBe(0);
    expect(spawnSync('diff', ['-r', snapshot, out]).status).toBe(0);
  });

  it('the committed out/ is up to date with the model and templates', () => {
    const r = gen('--lang', 'all', '--check');
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
  });
});
