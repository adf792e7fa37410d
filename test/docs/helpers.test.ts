/**
 * The docs templates' helpers remember what they escaped (generator/emitters/docs/helpers.ts, issue #16: the pages
 * pass the same labels and docs through them thousands of times). A helper must still answer exactly what its
 * escaping function answers: for the same text through another helper, for a number and its text, for texts met
 * again after its cache was emptied, and for hostile text.
 */
import { describe, expect, it } from 'vitest';
import { DOCS_HELPERS, escapeHtml, htmlCode, htmlProse, markdownCodeSpan, markdownProse } from '../../generator/emitters/docs/helpers.js';

const ESCAPES: [string, (text: string) => string][] = [
  ['h', escapeHtml],
  ['hprose', htmlProse],
  ['hcode', htmlCode],
  ['md', markdownProse],
  ['mdcode', markdownCodeSpan],
];

const TEXTS = [
  'PositionNotEqualToLength',
  '</script><script>alert("x")</script> | `a|b` "q" \'s\' & <b>bold</b> *em* _u_',
  'Use `x-oss-next-append-position`\nfrom the answer.',
  '`',
  '',
  '追加的位置，必须等于对象的当前长度（字节）。',
];

describe('the docs helpers', () => {
  it('answer what their escaping functions answer, each for itself, again and again', () => {
    for (let round = 0; round < 2; round++) {
      for (const text of TEXTS) {
        for (const [name, escape] of ESCAPES) expect(DOCS_HELPERS[name]!(text, {}), `${name} ${text}`).toBe(escape(text));
      }
    }
    expect(DOCS_HELPERS.h!(404, {})).toBe('404');
    expect(DOCS_HELPERS.hcode!(true, {})).toBe(htmlCode('true'));
  });

  it('answer the same after their cache was emptied (more texts than it holds)', () => {
    const texts = Array.from({ length: 10_000 }, (_, i) => `Name${i} <${i}> & \`code${i}\``);
    const expected = texts.map(htmlProse);
    for (const round of [0, 1]) expect(texts.map((text) => DOCS_HELPERS.hprose!(text, {})), `round ${round}`).toEqual(expected);
  });
});
