/**
 * The docs pages' HTML is put in prettier's layout mostly without prettier (generator/render/html-layout.ts,
 * issue #16): containers, one-line blocks, prose with inline code, links around code spans and the <pre>
 * samples are printed there, and prettier formats only the residual elements. This renders both HTML pages of the bundled model, the hostile
 * model (quotes, markup, template syntax and newlines in every text) and a 12-operation synthetic model, and
 * requires the same bytes from that path as from prettier on the whole page. It also requires the path to have
 * done something (over 1,000 lines, every sample and most of the page printed here, no page sent to prettier
 * whole), so it cannot pass by falling back.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticModel } from '../../bench/synthetic-model.js';
import { renderDocs } from '../../generator/emitters/docs/emitter.js';
import { formatHtmlLayout, htmlLayoutFallbacks, planHtmlLayout } from '../../generator/render/html-layout.js';
import { buildModelFromText, collectSamples } from '../../generator/run.js';
import { prettierHere } from '../../generator/write/format.js';

const ROOT = join(import.meta.dirname, '../..');

const models: [string, () => string][] = [
  ['the bundled model', () => readFileSync(join(ROOT, 'model/oss.yaml'), 'utf8')],
  ['the hostile model', () => readFileSync(join(ROOT, 'test/fixtures/hostile-model.yaml'), 'utf8')],
  ['a 12-operation synthetic model', () => syntheticModel(join(ROOT, 'model/oss.yaml'), 12)],
];

describe('docs HTML printed in prettier’s layout with prettier on the residual only', () => {
  for (const [name, text] of models) {
    it(`gives prettier’s bytes for both HTML pages of ${name}`, async () => {
      const { ir } = await buildModelFromText(text(), join(ROOT, 'model/oss.yaml'));
      if (!ir) throw new Error(`${name} did not build`);
      const samples = await collectSamples(ir, new Map());
      const pages = renderDocs(ir, { modelSource: ir.source, templatesDir: join(ROOT, 'templates'), samples }, samples).filter((f) =>
        f.path.endsWith('.html'),
      );
      expect(pages.map((p) => p.path)).toEqual(['en/index.html', 'zh/index.html']);
      htmlLayoutFallbacks.length = 0;
      for (const page of pages) {
        const whole = await prettierHere(page.content, 'html');
        const layout = await formatHtmlLayout(page.content, (t) => prettierHere(t, 'html'), page.formattedEmbeds);
        expect(layout, page.path).toBe(whole);
        // The page's skeleton and every sample are printed here…
        const plan = planHtmlLayout(page.content, page.formattedEmbeds);
        expect(plan, page.path).toBeDefined();
        expect(plan!.lines.length, page.path).toBeGreaterThan(1000);
        expect(plan!.residuals.filter((r) => r.source.startsWith('<pre')).length, page.path).toBe(0);
        expect(page.content.split('<pre ').length - 1, page.path).toBeGreaterThan(10);
        // …and most prose: the residual elements' source is under a third of the page (bundled: 14%).
        const residual = plan!.residuals.reduce((n, r) => n + r.source.length, 0);
        expect(residual, page.path).toBeLessThan(page.content.length / 3);
        // The stylesheet and the script are copied, never sent to prettier (whose CSS and JS printers would load).
        expect(page.formattedEmbeds?.length, page.path).toBe(2);
        if (name === 'the bundled model') {
          // A ratchet on what is still left to prettier (issue #16: the aim is none), so a rule here that silently
          // stops matching fails: the error headings, table cells and items holding a code span split by <wbr />,
          // the items holding a link around a code span with text after it and the paragraphs starting with a
          // `<strong>Why: </strong>` label, are printed here, and the count may
          // only go down.
          const limit = page.path.startsWith('en/') ? 23 : 64;
          expect(plan!.residuals.length, page.path).toBeLessThanOrEqual(limit);
          expect(plan!.residuals.filter((r) => /^<p><strong>[^<]* <\/strong> [^<]*<\/p>$|^<li><a [^>]*><code>[^<]*<\/code><\/a>[^<]{30,}<\/li>$|^<h4><a class="self"|^<td[^>]*><(a|code)[^>]*>.*<\/(a|code)><\/td>$/s.test(r.source)), page.path).toEqual([]);
        }
        const embedded = plan!.residuals.filter((r) => /<(style|script)[\s>]/.test(r.source));
        expect(embedded.map((r) => r.source.slice(0, 80)), page.path).toEqual([]);
      }
      expect(htmlLayoutFallbacks).toEqual([]);
    }, 180_000);
  }

  it('keeps the page’s stylesheet and script in prettier’s style (they are copied into the page unformatted)', async () => {
    for (const [file, parser] of [
      ['style.css', 'css'],
      ['script.js', 'babel'],
    ] as const) {
      const text = readFileSync(join(ROOT, 'templates/docs/assets', file), 'utf8');
      expect(text.split('\n').length, file).toBeGreaterThan(30);
      expect(await prettierHere(text, parser), file).toBe(text);
    }
  });
});
