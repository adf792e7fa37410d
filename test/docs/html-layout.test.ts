/**
 * The docs pages' HTML is put in prettier's layout without prettier (generator/render/html-layout.ts and, for
 * the blocks it has no rule for, html-doc.ts, issue #16): prettier formats only the residual elements, and the
 * bundled model's pages have none. This renders both HTML pages of the bundled model, the hostile
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
        const residuals = plan!.residuals.map((r) => r.source.slice(0, 120));
        if (name === 'the hostile model') {
          // Only what prettier measures with its emoji table (👩‍💻 in every Chinese text) is left to prettier (issue #16).
          const emoji = /\p{Extended_Pictographic}/u;
          expect(plan!.residuals.filter((r) => !emoji.test(r.source)).map((r) => r.source.slice(0, 120)), page.path).toEqual([]);
        } else {
          // Nothing is left to prettier (issue #16): `gen --lang docs` must not load it.
          expect(residuals, page.path).toEqual([]);
        }
        const embedded = plan!.residuals.filter((r) => /<(style|script)[\s>]/.test(r.source));
        expect(embedded.map((r) => r.source.slice(0, 80)), page.path).toEqual([]);
      }
      expect(htmlLayoutFallbacks).toEqual([]);
    }, 180_000);
  }

  // Each construct the page printer takes from prettier's own algorithm (render/html-doc.ts), in a page of its
  // own, printed with no help from prettier and compared with prettier's output.
  const fragments: [string, string][] = [
    ['tab buttons (inline-block, attributes one a line)', '<div class="tablist" role="tablist" aria-label="Samples">\n<button type="button" role="tab" id="tab-typescript" aria-controls="panel-typescript" aria-selected="true" data-tab="typescript">TypeScript</button>\n<button type="button" role="tab" id="tab-go" aria-controls="panel-go" aria-selected="false" data-tab="go">Go</button>\n</div>'],
    ['a nested table of contents', '<ol>\n<li><a href="#guide">Append upload</a>\n<ol>\n<li><a href="#guide-purpose">What it is for</a></li>\n<li><a href="#guide-notes">Before you rely on appends</a></li>\n</ol>\n</li>\n</ol>'],
    ['a links bar', '<nav class="links"><a href="../zh/index.html">中文</a> · <a href="index.md">Markdown pages</a></nav>'],
    ['a figcaption with a label and a path split by <wbr />', '<figure><figcaption><strong>Append from memory</strong> · File: <code>out/java/examples/append-from-memory/Append<wbr />From<wbr />Memory.java</code></figcaption></figure>'],
    ['a figcaption holding a list', '<figure><figcaption><strong>Its response</strong> · Protocol test vector: <code>append-ok</code>. A successful append answers with an empty body; these headers carry the result: <ul><li><code>x-oss-next-append-position</code>: Position to use for the next append, which is the object&#39;s current length.</li><li><code>x-oss-hash-crc64ecma</code>: CRC-64/XZ (ECMA-182) of the whole object after this request.</li></ul></figcaption></figure>'],
    ['Chinese labels with full-width colons', '<figure><figcaption><strong>从当前长度继续追加</strong> · 文件：<code>out/php/examples/append-from-memory/append_from_memory.php</code></figcaption></figure>\n<p>在 <code>position</code> 处将请求体追加到对象，<code>position</code> 必须等于对象当前的长度。position 为 0 时创建新的可追加对象。 响应中包含下一次追加的位置和整个对象的 CRC-64，调用方无需回读对象即可继续追加。</p>\n<p><strong>决定：</strong> 忽略。Content-Type、Cache-Control、Content-Disposition、Content-Encoding、Expires、ACL、存储类型和服务端加密只在创建对象时生效；后续追加时模拟器保留已存储的值。</p>'],
    ['terms and definitions on shared lines, an empty definition', '<dl>\n<dt>Retried by the clients</dt><dd>No</dd>\n<dt>Meaning</dt><dd>The request asks for an operation or sub-resource that is not available here, in a sentence long enough to wrap.</dd>\n<dt>Returned by</dt><dd></dd>\n</dl>'],
    ['a code span glued between texts (one word for prettier)', '<section>\n<article>\n<dl>\n<dt>Fields</dt>\n<dd><code>next<wbr />Append<wbr />Position</code> (<code>x-oss-next-append-position</code>): The object&#39;s current length, which is the position to append at. He said &quot;hi&quot; &amp; &#39;bye&#39; \\ back\\slash */ /* &quot;&quot;&quot; </dd>\n</dl>\n</article>\n</section>'],
    ['a long code span split by <wbr /> holding spaces', '<p>A page appends a Blob with <code>await new Fetch<wbr />Oss<wbr />Client({ endpoint, bucket, credentials }).append<wbr />Object({ key: &#39;log.txt&#39;, position: 0, body: file })</code> and the answer is checked like any other append.</p>'],
    ['a link around a sentence too long for its line', '<p><a href="#error-accessdenied">After its expiry a presigned request gets AccessDenied “Request has expired.”, like every other request.</a></p>'],
    ['images and inputs among words, an empty span with a space', '<p>Before<img src="a-rather-long-image-name.png" alt="An image with a description long enough" />after <input type="checkbox" checked /> and <span> </span> then the end of a sentence that runs on past the line.</p>'],
    ['nested inline elements glued to text on both sides', '<p>Want to write us a letter? Use our<a href="#mail"><b><em>mailing address</em></b></a>. Or the form at the bottom of the page, which says more than enough to wrap a line.</p>'],
    ['an inline element with many attributes inside a sentence', '<p>Pick the <a class="sample-link" href="#panel-typescript" data-sample="append-from-memory" aria-describedby="tab-typescript">TypeScript sample</a> first.</p>'],
    ['a blank line between inline children', '<div>\n<span>one</span>\n\n<span>two</span> three\n</div>'],
    ['a paragraph with a line break in its source between words', '<p>These words\nare on two lines of the source, <code>and this code</code>\n<em>sits alone</em>\non its line.</p>'],
    ['text glued to a link, a line break, an element closing before text', '<p>See<a href="#x">the reference</a>, then<br />the <em>next</em>part and <strong>more</strong>.</p>'],
  ];
  for (const [what, fragment] of fragments) {
    it(`prints ${what} as prettier does, without prettier`, async () => {
      const page = `<!doctype html>\n<html lang="en">\n<body>\n<main>\n<section>\n${fragment}\n</section>\n</main>\n</body>\n</html>\n`;
      const plan = planHtmlLayout(page);
      expect(plan?.residuals.map((r) => r.source)).toEqual([]);
      expect(`${plan!.lines.join('\n')}\n`).toBe(await prettierHere(page, 'html'));
    });
  }

  // planHtmlLayout reuses the lines of a block whose text it has printed before at the same depth (the docs pages
  // repeat most cells, paragraphs and table heads): the same texts one level deeper, and a repeated residual, must
  // still come out as prettier prints them there.
  it('prints blocks repeated at the same and at other depths as prettier does', async () => {
    const long = '<p>A paragraph long enough to be filled between its tags, so that its lines carry its depth: <code>x-oss-next-append-position</code> says where to append next, and nothing else does.</p>';
    const table = '<table>\n<thead>\n<tr><th>Name</th><th>Meaning</th></tr>\n</thead>\n<tbody>\n<tr><td><code>position</code></td><td>Where to append.</td></tr>\n<tr><td><code>position</code></td><td>Where to append.</td></tr>\n</tbody>\n</table>';
    const list = '<ul>\n<li>One item</li>\n<li>One item</li>\n</ul>';
    const emoji = '<p>An emoji 👩‍💻 that prettier measures itself.</p>';
    const blocks = [long, table, list, emoji].join('\n');
    const page = `<!doctype html>\n<html lang="en">\n<body>\n<main>\n<section>\n${blocks}\n${blocks}\n<article>\n${blocks}\n<div>\n${blocks}\n</div>\n</article>\n</section>\n</main>\n</body>\n</html>\n`;
    const whole = await prettierHere(page, 'html');
    const plan = planHtmlLayout(page);
    expect(plan!.residuals.map((r) => r.source)).toEqual([emoji, emoji, emoji, emoji]);
    expect(await formatHtmlLayout(page, (t) => prettierHere(t, 'html'))).toBe(whole);
    // (the paragraph is printed at three depths, four times)
    for (const depth of [4, 5, 6]) expect(whole).toContain(`\n${'  '.repeat(depth)}<p>\n${'  '.repeat(depth + 1)}A paragraph`);
  });

  it('prints a long <title> holding entities as prettier does, without prettier', async () => {
    const title = 'Object Storage, append upload He said &quot;hi&quot; &amp; &#39;bye&#39; \\ back\\slash &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; `tick` # -- ;DROP';
    const page = `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8" />\n<title>${title}</title>\n</head>\n<body>\n<p>x</p>\n</body>\n</html>\n`;
    const plan = planHtmlLayout(page);
    expect(plan?.residuals.map((r) => r.source)).toEqual([]);
    expect(`${plan!.lines.join('\n')}\n`).toBe(await prettierHere(page, 'html'));
  });

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
