/**
 * write/format.ts runs prettier through prettier/standalone's CommonJS builds with every builtin plugin in
 * prettier's own order (so V8's compile cache covers them), and skips prettier for JSON already printed in its
 * style. Both must print what prettier's main entry prints: the same texts through both, with the pipeline's
 * options, including the parsers loaded lazily, embedded CSS and scripts in HTML, code fences in Markdown, YAML,
 * and the options that only a plugin declares (singleQuote and trailingComma are estree's).
 */
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { formatFile, jsonAlreadyInPrettierStyle, loadPrettier, PRETTIER_OPTIONS } from '../../generator/write/format.js';

const SAMPLES: { parser: string; text: string }[] = [
  { parser: 'babel-ts', text: 'export const a: Record<string,number> = {"b": 1, c: [1,2,3]}\nfunction f(x: string) { return x + "y" }\n' },
  { parser: 'typescript', text: 'enum E { A = "a" }\nexport type T = { a: string; b?: number }\nconst g = <T,>(x: T) => x\n' },
  { parser: 'babel', text: 'const x = {a: "b", c: function () { return 1 }}\n' },
  { parser: 'json', text: '{"a":1,"b":[1,2,3],"c":{"d":"e"}}' },
  { parser: 'markdown', text: '# Title\n\nSome *text*.\n\n```ts\nconst a = {b:"c"}\n```\n\n```json\n{"a":1}\n```\n\n* one\n* two\n' },
  {
    parser: 'html',
    text: '<!doctype html><html><head><style>a{color:red}</style><script>const a = {b:"c"}</script></head><body><p>Text <code>x</code> and more</p></body></html>\n',
  },
  { parser: 'css', text: 'a{color:red;background:blue}\n' },
  { parser: 'yaml', text: 'a:   1\nb:\n    - "x"\n    - y\n' },
];

describe('prettier through prettier/standalone (write/format.ts)', () => {
  const runtime = loadPrettier();
  for (const { parser, text } of SAMPLES) {
    it(`prints what prettier's main entry prints: ${parser}`, async () => {
      const expected = await prettier.format(text, { ...PRETTIER_OPTIONS, parser });
      expect(await runtime.format(text, { ...PRETTIER_OPTIONS, parser })).toBe(expected);
    });
  }
});

describe('JSON already in prettier style skips prettier', () => {
  it('recognises JSON.stringify output in prettier layout, and nothing else', async () => {
    const styled = '{\n  "name": "x",\n  "list": [1, 2],\n  "nested": {\n    "a": "b"\n  }\n}\n';
    expect(jsonAlreadyInPrettierStyle(styled)).toBe(styled);
    expect(await prettier.format(styled, { ...PRETTIER_OPTIONS, parser: 'json' })).toBe(styled);
    for (const other of ['{\n    "name": "x"\n}\n', '{"name": "x"}\n', '{\n  "n": 1.0\n}\n', 'not json', '{\n  "name": "x"\n}']) {
      expect(jsonAlreadyInPrettierStyle(other), other).toBeUndefined();
    }
  });

  it('formatFile prints the same JSON as prettier whether or not the text is already in its style', async () => {
    for (const content of ['{\n    "name": "x",\n    "require": {\n        "php": ">=8.1"\n    }\n}\n', '{\n  "name": "x",\n  "require": {\n    "php": ">=8.1"\n  }\n}\n']) {
      const expected = await prettier.format(content, { ...PRETTIER_OPTIONS, parser: 'json' });
      expect((await formatFile({ path: 'composer.json', content })).content).toBe(expected);
    }
  });
});
