/**
 * The docs templates' helpers remember what they escaped (generator/emitters/docs/helpers.ts, issue #16: the pages
 * pass the same labels and docs through them thousands of times). A helper must still answer exactly what its
 * escaping function answers: for the same text through another helper, for a number and its text, for texts met
 * again after its cache was emptied, and for hostile text. The labels reach the pages escaped once, in the view
 * (labelsHtml, labelsMd): each must be what `{{h labels.x}}` / `{{md labels.x}}` printed.
 */
import { describe, expect, it } from 'vitest';
import { DOCS_HELPERS, escapeHtml, htmlCode, htmlProse, markdownCodeSpan, markdownProse } from '../../generator/emitters/docs/helpers.js';
import { LABELS } from '../../generator/emitters/docs/labels.js';
import { buildSiteView } from '../../generator/emitters/docs/view-model.js';
import { loadIr } from './support.js';

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

  it('give the view its labels escaped as the templates escaped them', async () => {
    // One label holding what both escapers change (no label of today does for HTML), restored afterwards.
    const saved = LABELS.en.errorRemedy;
    LABELS.en.errorRemedy = '<b>Fix</b> & "retry" *now* `x_y` | a_b';
    try {
      const site = buildSiteView(await loadIr(), []);
      expect(site.languages[0]!.labelsHtml.errorRemedy).toBe('&lt;b&gt;Fix&lt;/b&gt; &amp; &quot;retry&quot; *now* `x_y` | a_b');
      for (const view of site.languages) {
        const texts = Object.entries(view.labels).filter((e): e is [string, string] => typeof e[1] === 'string');
        expect(texts.length, view.lang).toBeGreaterThan(50);
        expect(view.labelsHtml, view.lang).toEqual(Object.fromEntries(texts.map(([k, v]) => [k, escapeHtml(v)])));
        expect(view.labelsMd, view.lang).toEqual(Object.fromEntries(texts.map(([k, v]) => [k, markdownProse(v)])));
        expect(texts.some(([k, v]) => view.labelsMd[k] !== v), view.lang).toBe(true);
      }
    } finally {
      LABELS.en.errorRemedy = saved;
    }
  });
});
