// The CLI as a user runs it: a subprocess, its exit code, stdout and stderr.
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync, appendFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../generator/run.js';
import { run, runSync } from '../support/subprocess.js';

const root = join(import.meta.dirname, '../..');
/** Runs gen without blocking the test runner's event loop (generation can take seconds). */
const gen = async (...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> => {
  const r = await run(process.execPath, [join(root, 'bin/gen.js'), ...args], { cwd: root });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const noStackTrace = (text: string) => {
  expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(text).not.toContain('internal error');
};
const tmp = mkdtempSync(join(tmpdir(), 'ossgen-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('gen (CLI)', () => {
  it('--help and --version', async () => {
    const help = await gen('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage:');
    expect(help.stdout).toContain('--check');
    expect(help.stdout).toMatch(/\[--force\]/);
    expect(help.stdout).toMatch(/^  --force {10}also write into a DIR\/<lang> that exists, is not empty and has no ossgen manifest/m);
    const version = await gen('--version');
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
    expect((await gen('validate', '--help')).stdout).toContain('gen validate');
  });

  it('validate accepts the bundled model', async () => {
    const r = await gen('validate');
    expect(r.code).toBe(0);
    const { ir } = await buildModel();
    expect(r.stdout).toContain(`model/oss.yaml: valid (${ir!.operations.length} operations, ${ir!.errors.length} errors)`);
  });

  it('validate prints every diagnostic like a compiler, with a code frame, and exits 1', async () => {
    const r = await gen('validate', '--model', 'test/fixtures/invalid/duplicate-operation.yaml');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('test/fixtures/invalid/duplicate-operation.yaml:153:11  error M020  duplicate operation "Append"');
    expect(r.stderr).toMatch(/duplicate-operation\.yaml:273:17 {2}error M021 {2}operation "Head" is not defined/);
    expect(r.stderr).toMatch(/^> 153 \| {3}- name: Append$/m);
    expect(r.stderr).toContain('3 errors in the model.');
    noStackTrace(r.stderr);
  });

  it('validate --format json gives diagnostics as data', async () => {
    const r = await gen('validate', '--model', 'test/fixtures/invalid/dangling-error-reference.yaml', '--format', 'json');
    expect(r.code).toBe(1);
    const { diagnostics } = JSON.parse(r.stdout);
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'M021', severity: 'error', path: '/operations/1/errors/0', loc: expect.objectContaining({ line: 167, col: 14 }) }),
    ]);
  });

  it('a missing model file is a diagnostic, not a crash', async () => {
    const r = await gen('validate', '--model', 'no/such/model.yaml');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error M003  cannot read model no/such/model.yaml: no such file');
    noStackTrace(r.stderr);
  });

  it('a broken model file given to generation reports the same diagnostics', async () => {
    const r = await gen('--lang', 'all', '--model', 'test/fixtures/invalid/yaml-missing-colon.yaml', '--out', join(tmp, 'never'));
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
  ])('bad usage %j exits 2 with a clear message', async (args, message) => {
    const r = await gen(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('Run "gen --help" for usage.');
    noStackTrace(r.stderr);
  });

  it('generates every language, is byte-identical on a second run, and --check finds edits, additions and deletions', async () => {
    const out = join(tmp, 'out');
    expect((await gen('--lang', 'all', '--out', out, '--quiet')).code).toBe(0);
    const langs = readdirSync(out).sort();
    expect(langs.length).toBeGreaterThan(0);
    const snapshot = join(tmp, 'snapshot');
    cpSync(out, snapshot, { recursive: true });
    expect((await gen('--lang', 'all', '--out', out, '--quiet')).code).toBe(0);
    expect(runSync('diff', ['-r', snapshot, out]).status).toBe(0);

    const clean = await gen('--lang', 'all', '--out', out, '--check');
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe('');

    const lang = langs[0]!;
    const manifest = JSON.parse(readFileSync(join(out, lang, '.ossgen-manifest.json'), 'utf8')) as { files: { path: string }[] };
    const [first, second] = manifest.files.map((f) => f.path);
    appendFileSync(join(out, lang, first!), '// edited\n');
    unlinkSync(join(out, lang, second!));
    writeFileSync(join(out, lang, 'stray-file.txt'), 'not generated\n');
    const stale = await gen('--lang', 'all', '--out', out, '--check');
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain(`changed  ${join(out, lang, first!)}`);
    expect(stale.stdout).toContain(`added    ${join(out, lang, second!)}`);
    // The user's own file is not generator output: not listed, and left alone.
    expect(stale.stdout).not.toContain('stray-file.txt');
    expect(stale.stderr).toContain('generated output is stale');
    expect(stale.stderr).toContain(`${join(out, lang, first!)}: was edited since ossgen wrote it`);
    // --check wrote nothing.
    expect(readFileSync(join(out, lang, first!), 'utf8')).toContain('// edited');

    // Without --force the edit is refused and nothing is written (the deleted file is not restored either).
    const refused = await gen('--lang', 'all', '--out', out, '--quiet');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${join(out, lang, first!)}: was edited since ossgen wrote it`);
    expect(refused.stderr).toContain('nothing was written');
    noStackTrace(refused.stderr);
    expect(readFileSync(join(out, lang, first!), 'utf8')).toContain('// edited');
    expect(() => readFileSync(join(out, lang, second!))).toThrow();

    expect((await gen('--lang', 'all', '--out', out, '--quiet', '--force')).code).toBe(0);
    expect(readFileSync(join(out, lang, 'stray-file.txt'), 'utf8')).toBe('not generated\n');
    unlinkSync(join(out, lang, 'stray-file.txt'));
    expect(runSync('diff', ['-r', snapshot, out]).status).toBe(0);
  });

  it('the committed out/ is up to date with the model and templates', async () => {
    const r = await gen('--lang', 'all', '--check');
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
  });
});
