// The HTML pages in Debian's chromium: every tab switches to the right, complete sample; a page
// with a missing sample or a broken tab fails the same check (proved on mutated copies).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REST_VECTOR_ID, restResponses } from '../../generator/emitters/docs/view-model.js';
import { checkPage, CHROMIUM, launchChromium, type ExpectedTab } from './browser-check.js';
import { copyableSample, declaredSamples, DOCS, loadIr, rawRequestOf, rawResponseOf, ROOT, TEST_OUTPUT, writeFixtureTree, type DeclaredLanguage } from './support.js';

let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (scripts/setup.sh does)`);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** The tabs a page must have: one per language that declares samples (contents read from `base`), then REST. */
async function expectedTabs(languages: DeclaredLanguage[], base: (language: DeclaredLanguage, path: string) => string): Promise<ExpectedTab[]> {
  const ir = await loadIr();
  const vector = ir.tests.requests.find((r) => r.id === REST_VECTOR_ID)!;
  return [
    ...languages.map((language) => ({
      key: language.folder,
      samples: language.samples.map((s) => ({
        id: s.id,
        source: `out/${language.outDir}/${s.path}`,
        content: copyableSample(readFileSync(base(language, s.path), 'utf8')),
      })),
    })),
    {
      key: 'rest',
      samples: [
        { id: 'raw-rest', source: '', content: rawRequestOf(vector) },
        ...restResponses(ir).map((r) => ({ id: r.kind === 'ok' ? 'raw-response' : 'raw-error', source: '', content: rawResponseOf(r.vector) })),
      ],
    },
  ];
}

describe('docs HTML pages in chromium', () => {
  for (const lang of ['en', 'zh']) {
    it(`${lang}: every tab shows its samples, offline, readable at phone width`, async () => {
      // Expected contents come from the sample files on disk, which the language tests compile and run.
      const tabs = await expectedTabs(await declaredSamples(), (language, path) => join(ROOT, 'out', language.outDir, path));
      const problems = await checkPage(browser, join(DOCS, lang, 'index.html'), tabs, lang, join(TEST_OUTPUT, 'screenshots'));
      expect(problems).toEqual([]);
      expect(existsSync(join(TEST_OUTPUT, 'screenshots', `${lang}-tab-rest.png`))).toBe(true);
      expect(existsSync(join(TEST_OUTPUT, 'screenshots', `${lang}-phone-top.png`))).toBe(true);
    });
  }

  it('a page with a language that declares samples passes; a missing sample or a broken tab fails', async () => {
    const tree = await writeFixtureTree('browser');
    const tabs = await expectedTabs(tree.samples, (language, path) => join(tree.root, language.outDir, path));
    const page = join(tree.root, 'docs', 'en', 'index.html');
    expect(await checkPage(browser, page, tabs, 'fixture-en', join(TEST_OUTPUT, 'screenshots'))).toEqual([]);

    const html = readFileSync(page, 'utf8');
    const mutate = (name: string, from: RegExp, to: string) => {
      const changed = html.replace(from, to);
      expect(changed, `mutation ${name} applies`).not.toBe(html);
      const file = join(tree.root, 'docs', 'en', `${name}.html`);
      writeFileSync(file, changed);
      return file;
    };
    // 1. One sample removed from its panel.
    const missing = mutate('missing-sample', /<figure class="sample" id="sample-fixture-resume">[\s\S]*?<\/figure>/, '');
    expect(await checkPage(browser, missing, tabs, '', '')).toEqual([
      'tab fixture (step 1): shows [append-from-memory@out/fixture/examples/append_from_memory.ts, append-from-file@out/fixture/examples/append_from_file.py], expected [append-from-memory@out/fixture/examples/append_from_memory.ts, append-from-file@out/fixture/examples/append_from_file.py, resume@out/fixture/examples/resume.ts]',
      'tab fixture (step 4): shows [append-from-memory@out/fixture/examples/append_from_memory.ts, append-from-file@out/fixture/examples/append_from_file.py], expected [append-from-memory@out/fixture/examples/append_from_memory.ts, append-from-file@out/fixture/examples/append_from_file.py, resume@out/fixture/examples/resume.ts]',
    ]);
    // 2. A tab wired to the wrong panel.
    const miswired = mutate('broken-tab', /aria-controls="panel-rest"/, 'aria-controls="panel-fixture"');
    const miswiredProblems = await checkPage(browser, miswired, tabs, '', '');
    expect(miswiredProblems).toContain('tab fixture (step 1): visible panels are [rest]');
    expect(miswiredProblems).toContain('tab rest (step 2): visible panels are [fixture, rest]');
    // 3. The tab script gone: every panel stays visible, no tab switches anything.
    const noScript = mutate('no-script', /<script>[\s\S]*?<\/script>/, '');
    expect((await checkPage(browser, noScript, tabs, '', '')).some((p) => p.includes('visible panels are [fixture, rest]'))).toBe(true);
    // 4. Code in tables allowed to break anywhere again (the old style): at phone width an identifier wraps mid-word.
    const breakAnywhere = mutate('code-breaks-anywhere', /td code,\s*th code,[^{]*\{[^}]*\}/, 'td code, th code, dt code, dd code, article.error h4 code { word-break: break-all; }');
    expect((await checkPage(browser, breakAnywhere, tabs, '', '')).some((p) => p.startsWith('at 390px code wraps inside a word: '))).toBe(true);
    // 5. A sample whose text was altered.
    const altered = mutate('altered-sample', /console\.log\(fence, html\);/, 'console.log(fence);');
    expect(await checkPage(browser, altered, tabs, '', '')).toContain(
      'tab fixture (step 1): append-from-memory text differs from out/fixture/examples/append_from_memory.ts',
    );
  });
});

// Screenshots are kept for a human look; the path is printed once for convenience.
afterAll(() => {
  writeFileSync(join(TEST_OUTPUT, 'screenshots', 'README.txt'), 'Screenshots of out/docs/*/index.html taken by test/docs/browser.test.ts.\n');
});
