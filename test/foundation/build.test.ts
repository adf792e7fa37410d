/**
 * The precompiled build (scripts/build.mjs → dist/) is run by bin/gen.js only while it is current: every
 * input it was built from unchanged, the same Node. A stale or broken build means the TypeScript sources.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module without types
import { currentBuild } from '../../bin/current-build.js';

const dir = mkdtempSync(join(tmpdir(), 'ossgen-build-'));
const root = pathToFileURL(`${dir}/`);
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

function layout(inputs: Record<string, string>, recorded: Record<string, string>, node = process.versions.node): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'dist'), { recursive: true });
  mkdirSync(join(dir, 'generator'), { recursive: true });
  for (const [path, text] of Object.entries(inputs)) writeFileSync(join(dir, path), text);
  writeFileSync(join(dir, 'dist/build-info.json'), JSON.stringify({ node, inputs: recorded }));
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bin/current-build.js', () => {
  it('runs a build whose inputs are unchanged', () => {
    layout({ 'generator/cli.ts': 'a' }, { 'generator/cli.ts': sha1('a') });
    expect(currentBuild(root, ['--lang', 'ts'], {})?.href).toBe(new URL('dist/cli.mjs', root).href);
  });
  it('never runs a build one of whose inputs changed or went missing', () => {
    layout({ 'generator/cli.ts': 'edited' }, { 'generator/cli.ts': sha1('a') });
    expect(currentBuild(root, [], {})).toBeUndefined();
    layout({}, { 'generator/cli.ts': sha1('a') });
    expect(currentBuild(root, [], {})).toBeUndefined();
  });
  it('never runs a build made by another Node, an empty or missing one, or when told not to', () => {
    layout({ 'generator/cli.ts': 'a' }, { 'generator/cli.ts': sha1('a') }, '0.0.0');
    expect(currentBuild(root, [], {})).toBeUndefined();
    layout({}, {});
    expect(currentBuild(root, [], {})).toBeUndefined();
    rmSync(join(dir, 'dist'), { recursive: true, force: true });
    expect(currentBuild(root, [], {})).toBeUndefined();
    layout({ 'generator/cli.ts': 'a' }, { 'generator/cli.ts': sha1('a') });
    expect(currentBuild(root, [], { OSSGEN_BUILD: 'off' })).toBeUndefined();
  });
  it('hashes only the inputs whose stat differs from the recorded one, and any input modified close to the build', () => {
    const statKey = (path: string) => {
      const st = statSync(join(dir, path), { bigint: true });
      return `${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}`;
    };
    const old = new Date(Date.now() - 60_000);
    const record = (hash: string) => {
      const info = { node: process.versions.node, inputs: { 'generator/cli.ts': hash }, stats: { 'generator/cli.ts': statKey('generator/cli.ts') } };
      writeFileSync(join(dir, 'dist/build-info.json'), JSON.stringify(info));
    };
    layout({ 'generator/cli.ts': 'a' }, {});
    utimesSync(join(dir, 'generator/cli.ts'), old, old);
    // A recorded hash that does not fit: only a skipped hash lets this build run, so the stat alone was trusted.
    record(sha1('not a'));
    expect(currentBuild(root, [], {})?.href).toBe(new URL('dist/cli.mjs', root).href);
    // The same size, the modification time set back: the change time differs, so the file is hashed (stale).
    writeFileSync(join(dir, 'generator/cli.ts'), 'b');
    utimesSync(join(dir, 'generator/cli.ts'), old, old);
    expect(currentBuild(root, [], {})).toBeUndefined();
    // Modified within 2 s of the record: hashed even though its stat is the recorded one.
    writeFileSync(join(dir, 'generator/cli.ts'), 'a');
    record(sha1('not a'));
    expect(currentBuild(root, [], {})).toBeUndefined();
    record(sha1('a'));
    expect(currentBuild(root, [], {})?.href).toBe(new URL('dist/cli.mjs', root).href);
  });
  it('leaves gen mock and gen publish to tsx (their worker threads load .ts files)', () => {
    layout({ 'generator/cli.ts': 'a' }, { 'generator/cli.ts': sha1('a') });
    expect(currentBuild(root, ['mock', '--sim'], {})).toBeUndefined();
    expect(currentBuild(root, ['publish'], {})).toBeUndefined();
  });
});

describe('the build (dist/)', () => {
  // V8 holds a module's source for the life of the process, as two-byte text once one character is not Latin-1.
  it('is ASCII, every module of it (scripts/build.mjs escapes what esbuild copies from comments)', async () => {
    const { existsSync, readdirSync, readFileSync } = await import('node:fs');
    const { PROJECT_ROOT } = await import('../../generator/paths.js');
    const dist = join(PROJECT_ROOT, 'dist');
    if (!existsSync(join(dist, 'build-info.json'))) return; // no build (gen runs through tsx): nothing to check
    const modules = readdirSync(dist).filter((n) => /\.(mjs|cjs)$/.test(n));
    expect(modules.length).toBeGreaterThan(2);
    expect(modules.filter((n) => /[^\x00-\x7f]/.test(readFileSync(join(dist, n), 'utf8')))).toEqual([]);
  });
});

describe('project files are found through generator/paths.ts', () => {
  it('no module bundled into dist/ locates files by its own import.meta.url (its depth differs once bundled)', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const { PROJECT_ROOT } = await import('../../generator/paths.js');
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const full = join(dir, name);
        return statSync(full).isDirectory() ? walk(full) : full.endsWith('.ts') ? [full] : [];
      });
    // mock/ and publish/ are not in the build (bin/gen.js runs them through tsx); paths.ts is the helper itself;
    // createRequire(import.meta.url) resolves packages, which node_modules lookup finds from either depth.
    const offenders = walk(join(PROJECT_ROOT, 'generator'))
      .filter((file) => !/[\\/]generator[\\/](mock|publish)[\\/]|[\\/]paths\.ts$/.test(file))
      .filter((file) => readFileSync(file, 'utf8').split('\n').some((line) => line.includes('import.meta.url') && !line.includes('createRequire(import.meta.url)')))
      .map((file) => file.slice(PROJECT_ROOT.length));
    expect(offenders).toEqual([]);
  });
});

describe('precompiled Handlebars templates (dist/templates.cjs)', () => {
  it('the build precompiles every template of every template set, under the key loadTemplates looks up', async () => {
    const { compiledTemplateCount, loadTemplates, precompiledSpecs, writePrecompiledTemplates } = await import('../../generator/render/handlebars.js');
    const { TEMPLATE_SETS } = await import('../../generator/emitters/template-sets.js');
    const { TEMPLATES_DIR } = await import('../../generator/run.js');
    const file = join(dir, 'templates.cjs');
    const written = writePrecompiledTemplates(file, TEMPLATES_DIR, TEMPLATE_SETS);
    expect(written).toBeGreaterThan(TEMPLATE_SETS.length);
    const specs = precompiledSpecs(file);
    const before = compiledTemplateCount();
    // Twice: loading a set must not change the keys of the next (Handlebars writes defaults into its options).
    for (const round of [1, 2]) {
      for (const { dir: templateDir, helpers } of TEMPLATE_SETS) expect(loadTemplates(TEMPLATES_DIR, templateDir, helpers, specs).names().length, `${templateDir} ${round}`).toBeGreaterThan(0);
    }
    expect(compiledTemplateCount() - before).toBe(0);
    // Without specs every template is compiled, so the count above measures something.
    loadTemplates(TEMPLATES_DIR, 'go', TEMPLATE_SETS[0]!.helpers, {});
    expect(compiledTemplateCount() - before).toBeGreaterThan(0);
  });

  it('a precompiled template renders what the compiled one does', async () => {
    const { loadTemplates, precompiledSpecs, writePrecompiledTemplates } = await import('../../generator/render/handlebars.js');
    const root = join(dir, 'tpl');
    mkdirSync(join(root, 'x', 'partials'), { recursive: true });
    writeFileSync(join(root, 'x', 'page.hbs'), '{{#each items}}{{> partials/item}}{{#if (eq this "b")}} (b){{/if}}\n{{/each}}{{join items "+"}}\n');
    writeFileSync(join(root, 'x', 'partials', 'item.hbs'), '- {{json this}}');
    const file = join(dir, 'tpl.cjs');
    writePrecompiledTemplates(file, root, [{ dir: 'x', helpers: {} }]);
    const view = { items: ['a', 'b'] };
    const precompiled = loadTemplates(root, 'x', {}, precompiledSpecs(file)).render('page', view);
    expect(precompiled).toBe('- "a"\n- "b" (b)\na+b\n');
    expect(precompiled).toBe(loadTemplates(root, 'x', {}, {}).render('page', view));
  });

  it('is written in ASCII (a single other character makes V8 hold the whole source as two-byte text), rendering the same', async () => {
    const { loadTemplates, precompiledSpecs, writePrecompiledTemplates } = await import('../../generator/render/handlebars.js');
    const root = join(dir, 'tpl-ascii');
    mkdirSync(join(root, 'y'), { recursive: true });
    const text = '中文 · “{{name}}” — 😀 \\u00e9\n';
    writeFileSync(join(root, 'y', 'page.hbs'), text);
    const file = join(dir, 'tpl-ascii.cjs');
    writePrecompiledTemplates(file, root, [{ dir: 'y', helpers: {} }]);
    expect(readFileSync(file, 'utf8')).toMatch(/^[\x00-\x7f]*$/);
    const rendered = loadTemplates(root, 'y', {}, precompiledSpecs(file)).render('page', { name: 'é' });
    expect(rendered).toBe('中文 · “é” — 😀 \\u00e9\n');
    expect(rendered).toBe(loadTemplates(root, 'y', {}, {}).render('page', { name: 'é' }));
  });
});
