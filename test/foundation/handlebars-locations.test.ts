/**
 * dist/templates.cjs refers to one shared, frozen source location per distinct `loc` of Handlebars' precompiled code
 * instead of building `{"start":…,"end":…}` (three objects) on every strict lookup and helper call (issue #16).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTemplates, precompiledSpecs, writePrecompiledTemplates } from '../../generator/render/handlebars.js';

const dir = mkdtempSync(join(tmpdir(), 'ossgen-hbs-loc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function precompile(name: string, templates: Record<string, string>): { file: string; root: string } {
  const root = join(dir, name);
  mkdirSync(join(root, 'x'), { recursive: true });
  for (const [path, text] of Object.entries(templates)) writeFileSync(join(root, 'x', path), text);
  const file = join(dir, `${name}.cjs`);
  writePrecompiledTemplates(file, root, [{ dir: 'x', helpers: { up: (s: unknown) => String(s).toUpperCase() } }]);
  return { file, root };
}

describe('precompiled templates share their source locations', () => {
  it('builds no location literal per call, and renders what the compiled template does', () => {
    // The text holds what a location looks like: it must stay text (string literals are JSON-quoted in the specs).
    const page = '{{#each items}}{{up name}} {"start":{"line":1,"column":2},"end":{"line":1,"column":3}}\n{{/each}}{{#if flag}}{{up title}}{{/if}}\n';
    const { file, root } = precompile('share', { 'page.hbs': page, 'other.hbs': '{{up title}}\n' });
    const code = readFileSync(file, 'utf8');
    expect(code).not.toMatch(/\{"start":\{"line":\d+,"column":\d+\},"end"/);
    expect(code).toContain('ossgenLocations[');
    const view = { items: [{ name: 'a' }, { name: 'b' }], flag: true, title: 't' };
    const precompiled = loadTemplates(root, 'x', { up: (s: unknown) => String(s).toUpperCase() }, precompiledSpecs(file));
    const compiled = loadTemplates(root, 'x', { up: (s: unknown) => String(s).toUpperCase() }, {});
    const expected = 'A {"start":{"line":1,"column":2},"end":{"line":1,"column":3}}\nB {"start":{"line":1,"column":2},"end":{"line":1,"column":3}}\nT\n';
    expect(precompiled.render('page', view)).toBe(expected);
    expect(compiled.render('page', view)).toBe(expected);
    expect(precompiled.render('other', view)).toBe('T\n');
  });

  it('a failed strict lookup still names its place in the template', () => {
    const { file, root } = precompile('strict', { 'page.hbs': 'line one\n  {{missing}}\n' });
    const precompiled = loadTemplates(root, 'x', {}, precompiledSpecs(file));
    const compiled = loadTemplates(root, 'x', {}, {});
    const message = (render: () => string) => {
      try {
        render();
      } catch (err) {
        return (err as Error).message;
      }
      return 'no error';
    };
    const expected = message(() => compiled.render('page', {}));
    expect(expected).toMatch(/"missing" not defined in \[object Object\] - 2:\d+/);
    expect(message(() => precompiled.render('page', {}))).toBe(expected);
  });
});
