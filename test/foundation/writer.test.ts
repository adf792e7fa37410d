import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cLanguage } from '../../generator/emitters/c/language.js';
import { goLanguage } from '../../generator/emitters/go/language.js';
import { LANGUAGES } from '../../generator/emitters/languages.js';
import { pythonLanguage } from '../../generator/emitters/python/language.js';
import { typescriptLanguage } from '../../generator/emitters/typescript/language.js';
import { addHeader, commentSafe, formatFile, headerText } from '../../generator/write/format.js';
import {
  applyPlan,
  checkLanguage,
  forbiddenOutputDirs,
  isBuildArtifact,
  MANIFEST_NAME,
  planLanguage,
  UnsafeOutputError,
  writeLanguage,
  type LanguageOutput,
} from '../../generator/write/write-files.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ossgen-writer-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const output = (files: { path: string; content: string }[]): LanguageOutput => ({
  dir,
  files,
  buildArtifacts: ['node_modules/', '*.pyc'],
  modelSource: 'model/x.yaml',
});

describe('writer', () => {
  it('writes files and a manifest of their hashes, then reports no drift', async () => {
    const out = output([
      { path: 'b.txt', content: 'b\n' },
      { path: 'sub/a.txt', content: 'a\n' },
    ]);
    const drift = await writeLanguage(out);
    expect(drift).toEqual({ changed: [], added: ['.ossgen-manifest.json', 'b.txt', 'sub/a.txt'], removed: [] });
    expect(await readFile(join(dir, 'sub/a.txt'), 'utf8')).toBe('a\n');
    const manifest = JSON.parse(await readFile(join(dir, MANIFEST_NAME), 'utf8'));
    expect(manifest.files.map((f: { path: string }) => f.path)).toEqual(['b.txt', 'sub/a.txt']);
    expect(manifest.files[0].sha256).toBe(createHash('sha256').update('b\n').digest('hex'));
    expect(await checkLanguage(out)).toEqual({ changed: [], added: [], removed: [] });
  });

  it('detects an edited, a deleted and an added file, and writes nothing in check mode; a user file is not drift', async () => {
    const out = output([
      { path: 'a.txt', content: 'a\n' },
      { path: 'b.txt', content: 'b\n' },
    ]);
    await writeLanguage(out);
    await writeFile(join(dir, 'a.txt'), 'edited\n');
    await rm(join(dir, 'b.txt'));
    await writeFile(join(dir, 'stray.txt'), 'x\n');
    // stray.txt is not in the manifest: the user's, left alone, not drift.
    expect(await checkLanguage(out)).toEqual({ changed: ['a.txt'], added: ['b.txt'], removed: [] });
    expect(await readFile(join(dir, 'a.txt'), 'utf8')).toBe('edited\n');
    // The edit is refused without force, and nothing at all is written (b.txt stays missing).
    await expect(writeLanguage(out)).rejects.toThrow(/a\.txt: was edited since ossgen wrote it/);
    await expect(stat(join(dir, 'b.txt'))).rejects.toThrow();
    expect(await readFile(join(dir, 'a.txt'), 'utf8')).toBe('edited\n');
    await writeLanguage(out, { force: true });
    expect(await checkLanguage(out)).toEqual({ changed: [], added: [], removed: [] });
    expect(await readFile(join(dir, 'a.txt'), 'utf8')).toBe('a\n');
    expect(await readFile(join(dir, 'stray.txt'), 'utf8')).toBe('x\n');
  });

  it('removes orphans and empty directories but leaves build artifacts alone', async () => {
    await writeLanguage(output([{ path: 'old/x.txt', content: 'x\n' }]));
    await mkdir(join(dir, 'node_modules/pkg'), { recursive: true });
    await writeFile(join(dir, 'node_modules/pkg/index.js'), '');
    await writeFile(join(dir, 'cache.pyc'), '');
    const drift = await writeLanguage(output([{ path: 'new.txt', content: 'n\n' }]));
    expect(drift.removed).toEqual(['old/x.txt']);
    await expect(stat(join(dir, 'old'))).rejects.toThrow();
    expect((await stat(join(dir, 'node_modules/pkg/index.js'))).isFile()).toBe(true);
    expect((await stat(join(dir, 'cache.pyc'))).isFile()).toBe(true);
  });

  it('removes only orphans whose bytes still match the manifest; an edited orphan is refused unless forced', async () => {
    await writeLanguage(output([{ path: 'old/x.txt', content: 'x\n' }, { path: 'old/y.txt', content: 'y\n' }]));
    await writeFile(join(dir, 'old/y.txt'), 'my notes\n');
    await writeFile(join(dir, 'old/mine.txt'), 'mine\n');
    const next = output([{ path: 'new.txt', content: 'n\n' }]);
    expect(await checkLanguage(next)).toEqual({ changed: ['.ossgen-manifest.json'], added: ['new.txt'], removed: ['old/x.txt', 'old/y.txt'] });
    await expect(writeLanguage(next)).rejects.toThrow(/old\/y\.txt: was edited since ossgen wrote it, and ossgen no longer generates it/);
    expect(await readFile(join(dir, 'old/x.txt'), 'utf8')).toBe('x\n');
    await expect(stat(join(dir, 'new.txt'))).rejects.toThrow();
    await writeLanguage(next, { force: true });
    await expect(stat(join(dir, 'old/x.txt'))).rejects.toThrow();
    await expect(stat(join(dir, 'old/y.txt'))).rejects.toThrow();
    // The user's own file (never in the manifest) survives, and so does its directory.
    expect(await readFile(join(dir, 'old/mine.txt'), 'utf8')).toBe('mine\n');
  });

  it('refuses a non-empty directory without a manifest unless forced, and then writes only generated paths', async () => {
    await mkdir(join(dir, 'src'), { recursive: true });
    await writeFile(join(dir, 'src/app.ts'), 'app\n');
    await writeFile(join(dir, 'a.txt'), 'mine\n');
    const out = output([{ path: 'a.txt', content: 'a\n' }, { path: 'b.txt', content: 'b\n' }]);
    await expect(writeLanguage(out)).rejects.toThrow(/exists, is not empty and has no \.ossgen-manifest\.json.*--force.*a\.txt/);
    await expect(stat(join(dir, 'b.txt'))).rejects.toThrow();
    await expect(stat(join(dir, MANIFEST_NAME))).rejects.toThrow();
    expect(await readFile(join(dir, 'a.txt'), 'utf8')).toBe('mine\n');
    await writeLanguage(out, { force: true });
    expect(await readFile(join(dir, 'a.txt'), 'utf8')).toBe('a\n');
    expect(await readFile(join(dir, 'src/app.ts'), 'utf8')).toBe('app\n');
    // An empty directory is fine without force.
    const empty = join(dir, 'empty');
    await mkdir(empty);
    await writeLanguage({ ...out, dir: empty });
    expect(await readFile(join(empty, 'b.txt'), 'utf8')).toBe('b\n');
  });

  it('refuses a file at a generated path that the manifest does not list, unless forced', async () => {
    await writeLanguage(output([{ path: 'a.txt', content: 'a\n' }]));
    await writeFile(join(dir, 'b.txt'), 'mine\n');
    await expect(writeLanguage(output([{ path: 'a.txt', content: 'a\n' }, { path: 'b.txt', content: 'b\n' }]))).rejects.toThrow(
      /b\.txt: is not in the manifest, so ossgen did not write it/,
    );
    expect(await readFile(join(dir, 'b.txt'), 'utf8')).toBe('mine\n');
  });

  it('never deletes what a tampered manifest lists outside the directory', async () => {
    const outside = join(dir, 'outside.txt');
    await writeFile(outside, 'keep\n');
    const lang = join(dir, 'lang');
    await writeLanguage({ ...output([{ path: 'a.txt', content: 'a\n' }]), dir: lang });
    const manifest = JSON.parse(await readFile(join(lang, MANIFEST_NAME), 'utf8'));
    manifest.files.push({ path: '../outside.txt', sha256: createHash('sha256').update('keep\n').digest('hex') });
    await writeFile(join(lang, MANIFEST_NAME), JSON.stringify(manifest));
    await expect(writeLanguage({ ...output([{ path: 'b.txt', content: 'b\n' }]), dir: lang })).rejects.toThrow(/not a safe relative path/);
    expect(await readFile(outside, 'utf8')).toBe('keep\n');
    // Forced, the manifest is ignored: nothing it lists is removed.
    await writeLanguage({ ...output([{ path: 'b.txt', content: 'b\n' }]), dir: lang }, { force: true });
    expect(await readFile(outside, 'utf8')).toBe('keep\n');
    expect(await readFile(join(lang, 'a.txt'), 'utf8')).toBe('a\n');
  });

  describe('symbolic links are reported, never followed, forced or not', () => {
    let elsewhere: string;
    beforeEach(async () => {
      elsewhere = await mkdtemp(join(tmpdir(), 'ossgen-elsewhere-'));
      await writeFile(join(elsewhere, 'victim.txt'), 'victim\n');
    });
    afterEach(async () => {
      await rm(elsewhere, { recursive: true, force: true });
    });
    const files = [{ path: 'README.md', content: 'readme\n' }, { path: 'en/page.html', content: 'page\n' }];

    it.each([false, true])('a generated file that is a symlink (force %s)', async (force) => {
      await writeLanguage(output(files));
      await rm(join(dir, 'README.md'));
      await symlink(join(elsewhere, 'victim.txt'), join(dir, 'README.md'));
      expect((await checkLanguage(output(files))).changed).toEqual(['README.md']);
      await expect(writeLanguage(output(files), { force })).rejects.toThrow(/README\.md: is a symbolic link/);
      expect(await readFile(join(elsewhere, 'victim.txt'), 'utf8')).toBe('victim\n');
    });

    it.each([false, true])('a generated directory that is a symlink, with orphans to remove (force %s)', async (force) => {
      await writeLanguage(output([...files, { path: 'en/old.html', content: 'old\n' }]));
      await rm(join(dir, 'en'), { recursive: true });
      await writeFile(join(elsewhere, 'old.html'), 'old\n');
      await symlink(elsewhere, join(dir, 'en'));
      await expect(writeLanguage(output(files), { force })).rejects.toThrow(/en: is a symbolic link/);
      expect(await readdir(elsewhere)).toEqual(['old.html', 'victim.txt']);
    });

    it('the language directory itself being a symlink', async () => {
      await rm(dir, { recursive: true });
      await symlink(elsewhere, dir);
      await expect(writeLanguage(output(files), { force: true })).rejects.toThrow(/is a symbolic link/);
      expect(await readdir(elsewhere)).toEqual(['victim.txt']);
    });

    it('a symlink anywhere else in the tree, but not inside a build-artifact directory', async () => {
      await writeLanguage(output(files));
      await mkdir(join(dir, 'node_modules'));
      await symlink(elsewhere, join(dir, 'node_modules/.bin'));
      expect(await checkLanguage(output(files))).toEqual({ changed: [], added: [], removed: [] });
      await writeLanguage(output(files));
      await symlink(elsewhere, join(dir, 'user-link'));
      await expect(writeLanguage(output(files))).rejects.toThrow(/user-link: is a symbolic link/);
    });

    it('a symlink planted between the check and the write is replaced or refused, never written through', async () => {
      await writeLanguage(output(files));
      const changed = output([{ path: 'README.md', content: 'new readme\n' }, { path: 'en/page.html', content: 'new page\n' }]);
      // The file is swapped for a link after planning: the write is refused (the target changed).
      let plan = await planLanguage(changed);
      expect(plan.problems).toEqual([]);
      await rm(join(dir, 'README.md'));
      await symlink(join(elsewhere, 'victim.txt'), join(dir, 'README.md'));
      await expect(applyPlan(plan)).rejects.toThrow(UnsafeOutputError);
      expect(await readFile(join(elsewhere, 'victim.txt'), 'utf8')).toBe('victim\n');
      await rm(join(dir, 'README.md'));
      await writeFile(join(dir, 'README.md'), 'readme\n');
      // A directory swapped for a link after planning: refused before anything is written through it.
      plan = await planLanguage(changed);
      await rm(join(dir, 'en'), { recursive: true });
      await symlink(elsewhere, join(dir, 'en'));
      await expect(applyPlan(plan)).rejects.toThrow(/en: is no longer a real directory/);
      expect(await readdir(elsewhere)).toEqual(['victim.txt']);
    });
  });

  it('writes atomically: no temporary file is left, and a write replaces the file rather than rewriting it', async () => {
    const out = output([{ path: 'a.txt', content: 'a\n' }]);
    await writeLanguage(out);
    const before = (await stat(join(dir, 'a.txt'))).ino;
    await writeLanguage(output([{ path: 'a.txt', content: 'a2\n' }]));
    expect((await stat(join(dir, 'a.txt'))).ino).not.toBe(before);
    expect((await readdir(dir)).sort()).toEqual([MANIFEST_NAME, 'a.txt']);
  });

  it('writes files in batches: all of them, and a refusal in a later batch leaves no temporary file behind', async () => {
    const many = (tag: string) => output(Array.from({ length: 150 }, (_, i) => ({ path: `d${i % 3}/f${String(i).padStart(3, '0')}.txt`, content: `${tag} ${i}\n` })));
    await writeLanguage(many('a'));
    const listed = async () => (await readdir(dir, { recursive: true })).map(String).sort();
    expect((await listed()).filter((p) => p.endsWith('.txt'))).toHaveLength(150);
    expect(await readFile(join(dir, 'd2/f149.txt'), 'utf8')).toBe('a 149\n');
    // A file of the second batch edited after planning: refused when its turn comes, its batch's other files unwritten.
    const plan = await planLanguage(many('b'));
    expect(plan.problems).toEqual([]);
    await writeFile(join(dir, 'd1/f100.txt'), 'edited\n');
    await expect(applyPlan(plan)).rejects.toThrow(UnsafeOutputError);
    const after = await listed();
    expect(after.filter((p) => p.includes('ossgen-tmp'))).toEqual([]);
    expect(await readFile(join(dir, 'd1/f100.txt'), 'utf8')).toBe('edited\n');
    expect(await readFile(join(dir, 'd0/f000.txt'), 'utf8')).toBe('b 0\n');
    expect(await readFile(join(dir, 'd2/f149.txt'), 'utf8')).toBe('a 149\n');
  });

  it('refuses the file-system root and the home directory however the path reaches them', async () => {
    const home = join(dir, 'home');
    await mkdir(join(home, 'sub'), { recursive: true });
    await symlink(home, join(dir, 'link-to-home'));
    const saved = process.env.HOME;
    process.env.HOME = home;
    try {
      const problems = await forbiddenOutputDirs(['/', home, join(home, 'sub/..'), join(dir, 'link-to-home'), join(home, 'sub'), join(dir, 'not-yet/x')]);
      expect(problems.map((p) => [p.path, p.forceable])).toEqual([
        ['/', false],
        [home, false],
        [home, false],
        [join(dir, 'link-to-home'), false],
      ]);
      expect(problems[0]!.message).toMatch(/root of the file system/);
      expect(problems[1]!.message).toMatch(/home directory/);
    } finally {
      process.env.HOME = saved;
    }
  });

  it('matches build artifact patterns', () => {
    expect(isBuildArtifact('a/node_modules/b.js', ['node_modules/'])).toBe(true);
    expect(isBuildArtifact('node_modules', ['node_modules/'])).toBe(false);
    expect(isBuildArtifact('x/y.pyc', ['*.pyc'])).toBe(true);
    expect(isBuildArtifact('exact.txt', ['exact.txt'])).toBe(true);
    expect(isBuildArtifact('src/exact.txt', ['exact.txt'])).toBe(false);
    expect(isBuildArtifact('src/oss_append.egg-info/PKG-INFO', ['*.egg-info/'])).toBe(true);
    expect(isBuildArtifact('src/oss_append.egg-info', ['*.egg-info/'])).toBe(false);
    expect(isBuildArtifact('src/egg-info/x', ['*.egg-info/'])).toBe(false);
    expect(isBuildArtifact('cmake-build-debug/a.o', ['cmake-build-*/'])).toBe(true);
    expect(isBuildArtifact('src/a.b/x', ['a?b/'])).toBe(false);
  });

  it('no file an emitter generates is one of its own build artifacts', async () => {
    const { EMITTERS } = await import('../../generator/emitters/index.js');
    for (const emitter of EMITTERS) {
      const manifest = JSON.parse(await readFile(join(import.meta.dirname, '../../out', emitter.language.outDir, MANIFEST_NAME), 'utf8')) as { files: { path: string }[] };
      expect(manifest.files.length).toBeGreaterThan(0);
      expect(manifest.files.map((f) => f.path).filter((p) => isBuildArtifact(p, emitter.language.buildArtifacts))).toEqual([]);
    }
  });
});

const ALL_SOURCE_KINDS = LANGUAGES.flatMap((l) => l.sourceFiles);

describe('format and header', () => {
  it('formats TypeScript with prettier and normalises line endings', async () => {
    const f = await formatFile({ path: 'a.ts', content: 'const  x = {a:1}\r\n' }, typescriptLanguage.sourceFiles);
    expect(f.content).toBe('const x = { a: 1 };\n');
  });

  it('prints the same bytes from the format cache as from the formatter itself', async () => {
    const file = { path: 'x.md', content: `# Title ${Math.random()}\n\n* a\n* b\n` };
    const saved = process.env.OSSGEN_FORMAT_CACHE;
    try {
      process.env.OSSGEN_FORMAT_CACHE = 'off';
      const direct = await formatFile(file);
      delete process.env.OSSGEN_FORMAT_CACHE;
      const first = await formatFile(file); // fills the cache
      const second = await formatFile(file); // reads it
      expect(first.content).toBe(direct.content);
      expect(second.content).toBe(direct.content);
      expect(direct.content).toContain('- a\n- b\n');
    } finally {
      if (saved === undefined) delete process.env.OSSGEN_FORMAT_CACHE;
      else process.env.OSSGEN_FORMAT_CACHE = saved;
    }
  });

  it('leaves a language source file alone without its descriptor', async () => {
    expect((await formatFile({ path: 'a.ts', content: 'const  x = 1\n' })).content).toBe('const  x = 1\n');
    expect(addHeader({ path: 'x.go', content: 'package x\n' }, 'm').content).toBe('package x\n');
  });

  it('adds the generated header in each comment syntax, after a shebang', () => {
    expect(addHeader({ path: 'x.go', content: 'package x\n' }, 'model/m.yaml', goLanguage.sourceFiles).content).toBe(
      '// Code generated by ossgen from model/m.yaml. DO NOT EDIT.\n\npackage x\n',
    );
    expect(addHeader({ path: 'x.py', content: '#!/usr/bin/env python3\nprint()\n' }, 'm', pythonLanguage.sourceFiles).content).toBe(
      '#!/usr/bin/env python3\n# Code generated by ossgen from m. DO NOT EDIT.\nprint()\n',
    );
    expect(addHeader({ path: 'x.h', content: 'int x;\n' }, 'm', cLanguage.sourceFiles).content.startsWith('/* Code generated')).toBe(true);
    expect(addHeader({ path: 'Makefile', content: 'all:\n' }, 'm').content.startsWith('# Code generated')).toBe(true);
    expect(addHeader({ path: 'package.json', content: '{}\n', header: false }, 'm').content).toBe('{}\n');
    expect(addHeader({ path: 'LICENSE', content: 'text\n' }, 'm').content).toBe('text\n');
  });

  it('puts a hostile model path in every comment style as one inert line; ordinary paths are unchanged', () => {
    expect(headerText('model/oss.yaml')).toBe('Code generated by ossgen from model/oss.yaml. DO NOT EDIT.');
    expect(commentSafe('/home/me/my models/v2.0_(draft)/oss-api.yaml')).toBe('/home/me/my models/v2.0_(draft)/oss-api.yaml');
    const hostile = '/tmp/a\nprocess.exit(42);\r\u2028\u2029\u0085\f\v\t\u0000\u001b[2J\u202e\ud800/*/x*/--><img src=x onerror=alert(1)>---/# -*- coding: unicode_escape -*-.yaml';
    const safe = commentSafe(hostile);
    expect(safe).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202e]/);
    expect(safe).not.toMatch(/\p{Cs}/u);
    for (const terminator of ['*/', '/*', '--', '-->', 'coding:', 'coding=']) expect(safe).not.toContain(terminator);
    expect(safe).toContain('/tmp/a\\u000aprocess.exit(42);\\u000d\\u2028\\u2029\\u0085\\u000c\\u000b\\u0009\\u0000\\u001b[2J\\u202e\\ud800');
    for (const path of ['x.ts', 'x.go', 'x.py', 'x.c', 'x.css', 'x.md', 'Makefile', 'x.toml']) {
      const content = addHeader({ path, content: 'body\n' }, hostile, ALL_SOURCE_KINDS).content;
      expect(content.split('\n').filter((line) => line !== '')).toHaveLength(2); // the header and the body
      expect(content.endsWith('\nbody\n')).toBe(true);
    }
    const html = addHeader({ path: 'x.html', content: '<!doctype html>\n<p>x</p>\n' }, hostile).content;
    const comment = html.split('\n')[1]!;
    expect(comment.startsWith('<!-- ') && comment.endsWith(' -->')).toBe(true);
    expect(comment.slice(4, -3)).not.toContain('--');
  });
});
