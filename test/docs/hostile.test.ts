// A hostile model (markup, quotes, table pipes, backticks, newlines in its strings) cannot change
// the structure of a docs page: every model string is escaped for Markdown or HTML.
import { describe, expect, it } from 'vitest';
import { renderDocs } from '../../generator/emitters/docs/emitter.js';
import { escapeHtml, markdownCodeSpan, markdownProse } from '../../generator/emitters/docs/helpers.js';
import type { IrModel } from '../../generator/ir/types.js';
import { TEMPLATES_DIR } from '../../generator/run.js';
import { addHeader, formatFile } from '../../generator/write/format.js';
import { loadIr } from './support.js';

const EVIL = '</script><script>alert("x")</script> | `a|b` "q" \'s\' & <b>bold</b> *em* _u_ [link](http://evil.example/) \n# heading {{x}} ``';

async function hostileDocs(): Promise<Map<string, string>> {
  const ir = structuredClone(await loadIr()) as IrModel;
  ir.service.title.en = `Title ${EVIL}`;
  ir.service.summary.en = `Summary ${EVIL}`;
  const op = ir.operations.find((o) => o.append)!;
  op.summary.en = `Op ${EVIL}`;
  const acl = op.input.find((m) => m.enum)!;
  acl.enum![0]!.value = `"><script>alert(1)</script>`;
  acl.doc.en = `Member ${EVIL}`;
  ir.errors[0]!.remedy.en = `Remedy ${EVIL}`;
  ir.errors[0]!.message = EVIL;
  ir.decisions[0]!.topic.en = `Topic ${EVIL}`;
  op.append!.rules[0]!.doc.en = `Rule ${EVIL}`;
  const files = renderDocs(ir, { modelSource: ir.source, templatesDir: TEMPLATES_DIR, samples: [] }, []);
  const formatted = await Promise.all(files.map(async (f) => addHeader(await formatFile(f), ir.source)));
  return new Map(formatted.map((f) => [f.path, f.content]));
}

/** Pipes that delimit cells (not escaped with a backslash). */
const cellPipes = (line: string) => (line.match(/(?<!\\)\|/g) ?? []).length;

describe('docs with a hostile model', () => {
  it('HTML: one script element, no injected markup, every string escaped', async () => {
    const docs = await hostileDocs();
    const html = docs.get('en/index.html')!;
    expect(html.match(/<script\b/g)?.length).toBe(1);
    expect(html).not.toMatch(/<script>alert/);
    expect(html).not.toContain('<b>bold');
    expect(html).not.toMatch(/href="http/);
    expect(html).toContain(escapeHtml('"><script>alert(1)</script>'));
    expect(html).toMatch(/<title>\s*Title &lt;\/script&gt;&lt;script&gt;alert\(&quot;x&quot;\)/);
  });

  it('Markdown: tables keep their columns, no raw HTML or link is injected', async () => {
    const docs = await hostileDocs();
    for (const path of ['en/append-upload.md', 'en/reference/append-object.md', 'en/index.md']) {
      const md = docs.get(path)!;
      // Outside code spans (where `<script>` is shown as code, not parsed as HTML).
      const prose = md.replace(/(`+)[^`]*?\1/g, '');
      expect(prose, path).not.toMatch(/<script|<b>/);
      expect(md, path).not.toMatch(/(?<!\\)\]\(http/);
      expect(md, path).not.toMatch(/^# heading/m);
      const lines = md.split('\n');
      for (let i = 0; i < lines.length; i++) {
        if (!/^\| ?-+/.test(lines[i]!)) continue;
        const columns = cellPipes(lines[i]!);
        for (let j = i - 1; j < lines.length && lines[j]!.startsWith('|'); j++) {
          expect(cellPipes(lines[j]!), `${path}:${j + 1} ${lines[j]}`).toBe(columns);
        }
      }
    }
    expect(docs.get('en/reference/append-object.md')).toContain(markdownProse(`Member ${EVIL}`));
  });

  it('the escapers keep code spans as code and everything else literal', () => {
    expect(markdownProse('a `x|y` <b> *c*')).toBe('a `x\\|y` &lt;b&gt; \\*c\\*');
    expect(markdownCodeSpan('a`b')).toBe('``a`b``');
    expect(markdownCodeSpan('`')).toBe('`` ` ``');
    expect(escapeHtml(`<"'&>`)).toBe('&lt;&quot;&#39;&amp;&gt;');
  });
});
