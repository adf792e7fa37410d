/**
 * render/prettier-style.ts prints Markdown and JSON as prettier would, so generation can skip prettier for them.
 * Each case here is compared with prettier itself (the generator's options): the cases the bundled model's
 * output does not reach (aligned columns, CJK widths, escaped pipes, the 100-column edge of a JSON array), and
 * the ones where the printer must decline and leave the text to prettier.
 */
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { renderDocs } from '../../generator/emitters/docs/emitter.js';
import type { IrModel } from '../../generator/ir/types.js';
import { jsonInPrettierStyle, markdownInPrettierStyle, stringWidth } from '../../generator/render/prettier-style.js';
import { TEMPLATES_DIR } from '../../generator/run.js';
import { PRETTIER_OPTIONS } from '../../generator/write/format.js';
import { loadIr } from '../docs/support.js';

const viaPrettier = (text: string, parser: string) => prettier.format(text, { ...PRETTIER_OPTIONS, parser });

const MARKDOWN: Record<string, string> = {
  'plain table': '# T\n\n| a | b |\n| --- | --- |\n| one | two three |\n| x |  |\n',
  'aligned columns': '| left | center | right | none |\n| :--- | :---: | ---: | --- |\n| l | c | r | n |\n| longer text | ce | 12345 | x |\n',
  'CJK and fullwidth widths': '| 名称 | 说明 |\n| --- | --- |\n| `position` | 追加的位置，必须等于对象的当前长度（字节）。 |\n| ａｂ | – ’ é |\n',
  'escaped pipes and code spans': '| Type | Values |\n| --- | --- |\n| `\'a\'` \\| `\'b\'` | `x-oss-meta-*` |\n',
  'strong, escaped star, thematic break': '**Bold** text, a \\* star and `a*b` code.\n\n---\n\n- item\n',
  'blank lines, trailing spaces and fences':
    '\n\n# Title\n\n\n\n- Fields: \n- item\n\n```ts\nconst a = 1;\n\n\n| not | a table |\n| --- | --- |\n```\n\n````text\n```\nx\n```\n\n\n````\n\ntext\n\n\n',
  'table right after a paragraph line end': 'Intro:\n\n| a |\n| --- |\n| b |\n\nAfter.\n',
};

describe('markdownInPrettierStyle prints what prettier prints', () => {
  for (const [name, text] of Object.entries(MARKDOWN)) {
    it(name, async () => {
      const printed = markdownInPrettierStyle(text);
      expect(printed).toBeDefined();
      expect(printed).toBe(await viaPrettier(text, 'markdown'));
    });
  }

  it('prints the docs of a model with hostile strings (markup, pipes, backticks, emphasis) as prettier does', async () => {
    // The strings of test/docs/hostile.test.ts, escaped by the docs' helpers: what a model's own prose can put in a page.
    const evil = '</script><script>alert("x")</script> | `a|b` "q" \'s\' & <b>bold</b> *em* _u_ [link](http://evil.example/) \n# heading {{x}} ``';
    const ir = structuredClone(await loadIr()) as IrModel;
    ir.service.title.en = `Title ${evil}`;
    ir.service.summary.en = `Summary ${evil}`;
    const op = ir.operations.find((o) => o.append)!;
    op.summary.en = `Op ${evil}`;
    const member = op.input.find((m) => m.enum)!;
    member.doc.en = `Member ${evil}`;
    ir.errors[0]!.remedy.en = `Remedy ${evil}`;
    ir.decisions[0]!.topic.en = `Topic ${evil}`;
    op.append!.rules[0]!.doc.en = `Rule ${evil}`;
    const pages = renderDocs(ir, { modelSource: ir.source, templatesDir: TEMPLATES_DIR, samples: [] }, []).filter((f) => f.path.endsWith('.md'));
    expect(pages.length).toBeGreaterThan(4);
    for (const page of pages) {
      const printed = markdownInPrettierStyle(page.content);
      expect(printed, page.path).toBeDefined();
      expect(printed, page.path).toBe(await viaPrettier(page.content, 'markdown'));
    }
  });

  it('declines what its rules do not cover, for prettier to print', () => {
    expect(markdownInPrettierStyle('line with a hard break  \nnext\n')).toBeUndefined();
    expect(markdownInPrettierStyle('| a | b |\n| --- | --- |\n| only one |\n')).toBeUndefined();
    expect(markdownInPrettierStyle('| a |\n| --- |\n| 🙂 |\n')).toBeUndefined();
    expect(markdownInPrettierStyle('```ts\nnever closed\n')).toBeUndefined();
    expect(markdownInPrettierStyle('```ts\nconst a = 1;  \n```\n')).toBeUndefined();
    expect(markdownInPrettierStyle('- item\n\n  ```go\n  x := 1\n  ```\n')).toBeUndefined();
    for (const text of ['* a\n* b\n', '+ a\n', '1. a\n1. b\n', 'some *emphasis*\n', '__strong__\n', 'Title\n=====\n', 'Title\n---\n', '| a |\n| --- |\n| *b* |\n']) {
      expect(markdownInPrettierStyle(text), text).toBeUndefined();
    }
  });

  it('measures widths as prettier does', () => {
    expect(stringWidth('abc')).toBe(3);
    expect(stringWidth('追加')).toBe(4);
    expect(stringWidth('（）')).toBe(4);
    expect(stringWidth('e\u0301')).toBe(1);
    expect(stringWidth('–’')).toBe(2);
    // By code point: a pair of surrogates is one character (wide here, a combining mark there), a lone one is
    // one column, control characters none.
    expect(stringWidth('a\u{20000}b')).toBe(4);
    expect(stringWidth('x\u{1d167}')).toBe(1);
    expect(stringWidth('\ud800z\udc00')).toBe(3);
    expect(stringWidth('a\u0085b\u0007')).toBe(2);
  });
});

/** An array of `n` strings whose one-line form, as the value of key "k" one level deep, ends at column `column`. */
function arrayEndingAt(column: number): string[] {
  // `  "k": [` is 8 columns, `]` one more; each further element adds `, ` and its quotes.
  const items = ['aaaa', 'bbbb', 'cccc'];
  const used = 8 + items.reduce((s, i) => s + i.length + 2, 0) + (items.length - 1) * 2 + 1;
  items[0] = 'a'.repeat(4 + column - used);
  return items;
}

describe('jsonInPrettierStyle prints what prettier prints', () => {
  const values: Record<string, unknown> = {
    'package-like': { name: 'x', files: ['dist', 'src'], nested: { deep: { list: [1, 2, 3], flag: true, none: null } }, empty: {}, none: [] },
    'array ending at column 99, then a comma': { k: arrayEndingAt(99), after: 1 },
    'array ending at column 100, then a comma': { k: arrayEndingAt(100), after: 1 },
    'array ending at column 100, last member': { k: arrayEndingAt(100) },
    'array ending at column 101, last member': { k: arrayEndingAt(101) },
    'strings needing escapes': { s: 'quote " backslash \\ line\nsep \u2028 tab\t', list: ['é', '中文'] },
  };
  for (const [name, value] of Object.entries(values)) {
    it(name, async () => {
      const text = `${JSON.stringify(value, null, 2)}\n`;
      const printed = jsonInPrettierStyle(value);
      expect(printed).toBeDefined();
      expect(printed).toBe(await viaPrettier(text, 'json'));
    });
  }

  it('declines arrays of objects, for prettier to print', () => {
    expect(jsonInPrettierStyle({ a: [{ b: 1 }] })).toBeUndefined();
  });
});
