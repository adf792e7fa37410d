// Every link and anchor under out/docs resolves; the HTML pages load nothing from the network.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLinks, DOCS, docsFiles, TEST_OUTPUT } from './support.js';

describe('docs links', () => {
  it('no broken link or anchor in out/docs', () => {
    expect(docsFiles('.md').length).toBeGreaterThan(4);
    expect(checkLinks(DOCS)).toEqual([]);
  });

  it('the pages link a lot, so the check above checked something', () => {
    const links = docsFiles('.md').reduce((n, f) => n + (readFileSync(f, 'utf8').match(/\]\([^)]+\)/g) ?? []).length, 0);
    const anchors = docsFiles('.html').reduce((n, f) => n + (readFileSync(f, 'utf8').match(/href="#/g) ?? []).length, 0);
    expect(links).toBeGreaterThan(100);
    expect(anchors).toBeGreaterThan(50);
  });

  it('HTML pages are self-contained: inline CSS and JS, no external resource', () => {
    for (const file of docsFiles('.html')) {
      const html = readFileSync(file, 'utf8');
      expect(html, file).not.toMatch(/<link\b/i);
      expect(html, file).not.toMatch(/<script\b[^>]*\bsrc=/i);
      expect(html, file).not.toMatch(/<(img|iframe|object|embed|source|video|audio)\b/i);
      expect(html, file).not.toMatch(/url\(|@import/i);
      expect(html.match(/<script>/g)?.length, file).toBe(1);
      expect(html, file).toContain('<meta name="viewport" content="width=device-width, initial-scale=1" />');
    }
  });

  it('the checker finds a missing file, a missing anchor and an external link in HTML', () => {
    const dir = join(TEST_OUTPUT, 'link-checker');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'a.md'), '[ok](sub/b.md#here) [gone](nope.md) [bad](sub/b.md#there) `[code](ignored.md)` [self](#top)\n<a id="top"></a>\n');
    writeFileSync(join(dir, 'sub', 'b.md'), '<a id="here"></a>\n[up](../a.md)\n');
    writeFileSync(join(dir, 'c.html'), '<p id="x"><a href="#x">x</a> <a href="#y">y</a> <a href="https://example.com/">out</a></p>\n');
    expect(checkLinks(dir).map((p) => `${p.file.slice(dir.length + 1)} ${p.target} ${p.problem}`)).toEqual([
      'a.md nope.md missing file',
      'a.md sub/b.md#there missing anchor',
      'c.html #y missing anchor',
      'c.html https://example.com/ external link in a page that must work offline',
    ]);
  });
});
