// Walks the IR: every error code (with its status), every header (type, enum values, first-append
// mark) and every limit appears on both languages' reference pages, Markdown and HTML; both
// languages have the same pages and anchors, and each page carries its own language's text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { htmlCodeText, htmlProse, markdownProse } from '../../generator/emitters/docs/helpers.js';
import { DOC_LANGUAGES, LABELS, type Labels } from '../../generator/emitters/docs/labels.js';
import type { IrMember, IrModel, IrOperation } from '../../generator/ir/types.js';
import { anchorsOf, DOCS, listFiles, loadIr } from './support.js';

const read = (...parts: string[]) => readFileSync(join(DOCS, ...parts), 'utf8');
const kebab = (op: IrOperation) => op.names.kebab;
const headerName = (m: IrMember) => (m.location === 'header-map' ? `${m.prefix}*` : m.location === 'query' ? m.queryName! : m.header!);
const anchorOf = (...parts: string[]) => parts.join('-').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');

/** The Markdown table row or HTML table row that carries an anchor. */
function rowOf(page: string, anchor: string, html: boolean): string {
  const at = page.indexOf(`id="${anchor}"`);
  if (at < 0) return '';
  if (!html) return page.slice(page.lastIndexOf('\n', at) + 1, page.indexOf('\n', at));
  return page.slice(at, page.indexOf('</tr>', at));
}

function limitValues(ir: IrModel): string[] {
  const l = ir.limits;
  return [
    String(l.objectKey.minBytes),
    String(l.objectKey.maxBytes),
    ...l.objectKey.forbiddenPrefixes,
    l.objectKey.error,
    String(l.objectSize.maxBytes),
    l.objectSize.error,
    String(l.userMetadata.maxTotalBytes),
    l.userMetadata.namePattern,
    String(l.tagging.maxTags),
    String(l.tagging.maxKeyLength),
    String(l.tagging.maxValueLength),
    l.tagging.charPattern,
  ];
}

describe('docs cover the model in both languages', () => {
  for (const lang of DOC_LANGUAGES) {
    const L: Labels = LABELS[lang];
    for (const format of ['md', 'html'] as const) {
      const html = format === 'html';
      // HTML code carries <wbr> at camel-case boundaries (htmlCodeText).
      const code = (v: string) => (html ? htmlCodeText(v) : v);
      const pageOf = (op: IrOperation) => (html ? read(lang, 'index.html') : read(lang, 'reference', `${kebab(op)}.md`));

      it(`${lang} ${format}: every operation's errors, with status, are on its reference page`, async () => {
        const ir = await loadIr();
        const byCode = new Map(ir.errors.map((e) => [e.code, e]));
        let rows = 0;
        for (const op of ir.operations) {
          for (const codeName of op.errors) {
            const row = rowOf(pageOf(op), anchorOf(kebab(op), 'error', codeName), html);
            expect(row, `${op.name} ${codeName}`).toContain(code(codeName));
            expect(row).toContain(String(byCode.get(codeName)!.status));
            rows++;
          }
        }
        // Every modeled error is returned by some operation, so all of them were seen; except the answer to
        // the answers to a request no operation of the model answers (protocol.errors.notImplemented and
        // methodNotAllowed), which have no page.
        const unmodeled = [ir.protocol.errors.notImplemented?.code, ir.protocol.errors.methodNotAllowed?.code];
        expect(new Set(ir.operations.flatMap((o) => o.errors))).toEqual(new Set(ir.errors.map((e) => e.code).filter((c) => !unmodeled.includes(c))));
        expect(rows).toBeGreaterThan(ir.errors.length);
      });

      it(`${lang} ${format}: every header and query parameter, with type, enum and first-append mark`, async () => {
        const ir = await loadIr();
        for (const op of ir.operations) {
          const page = pageOf(op);
          const later = new Map((op.append?.firstAppendOnly ?? []).map((f) => [f.member, f.later]));
          const members = [
            ...op.input.filter((m) => ['header', 'header-map', 'query'].includes(m.location)).map((m) => ['req', m] as const),
            ...op.output.filter((m) => ['header', 'header-map'].includes(m.location)).map((m) => ['resp', m] as const),
          ];
          for (const [side, member] of members) {
            const row = rowOf(page, anchorOf(kebab(op), side, headerName(member)), html);
            const where = `${op.name} ${side} ${headerName(member)}`;
            expect(row, where).toContain(code(headerName(member)));
            expect(row, where).toContain(member.type);
            for (const value of member.enum ?? []) expect(row, `${where} enum`).toContain(code(value.value));
            const mark = side === 'req' ? later.get(member.id) : undefined;
            if (mark) expect(row, `${where} first-append-only`).toContain(mark === 'reject' ? L.laterReject : L.laterIgnore);
            else {
              expect(row, where).not.toContain(L.laterReject);
              expect(row, where).not.toContain(L.laterIgnore);
            }
          }
        }
      });

      it(`${lang} ${format}: every limit of the model`, async () => {
        const ir = await loadIr();
        const pages = html ? read(lang, 'index.html') : ir.operations.map((op) => pageOf(op)).join('\n');
        for (const value of limitValues(ir)) expect(pages, `limit value ${value}`).toContain(code(value));
        for (const op of ir.operations) {
          for (const m of op.input.filter((x) => x.minimum !== undefined)) {
            expect(rowOf(pageOf(op), anchorOf(kebab(op), 'limit', `min-${m.id}`), html)).toContain(String(m.minimum));
          }
        }
      });
    }
  }

  it('the guide lists every error with its remedy, every position rule and every decision, in each language', async () => {
    const ir = await loadIr();
    for (const lang of DOC_LANGUAGES) {
      const guide = read(lang, 'append-upload.md');
      for (const e of ir.errors) {
        expect(guide).toContain(`id="${anchorOf('error', e.code)}"`);
        expect(guide, `${lang} remedy of ${e.code}`).toContain(markdownProse(e.remedy[lang]));
      }
      const append = ir.operations.find((o) => o.append)!.append!;
      for (const rule of append.rules) expect(guide).toContain(markdownProse(rule.doc[lang]));
      for (const d of ir.decisions) expect(guide).toContain(markdownProse(d.choice[lang]));
      // Each decision's heading in the page's own language (the zh guide once showed English topics).
      const other = lang === 'en' ? 'zh' : 'en';
      for (const d of ir.decisions) {
        expect(guide, `${lang} topic`).toContain(`- **${markdownProse(d.topic[lang])}**`);
        expect(guide, `${lang} shows the ${other} topic`).not.toContain(`**${markdownProse(d.topic[other])}**`);
      }
    }
  });

  it('the guide carries every note of the model (bucket, CopyObject, callbacks, reading a growing object), in both formats', async () => {
    const ir = await loadIr();
    expect(ir.notes.map((n) => n.id)).toEqual(expect.arrayContaining(['bucket-must-exist', 'no-copy', 'no-callback', 'read-while-growing']));
    for (const lang of DOC_LANGUAGES) {
      const guide = read(lang, 'append-upload.md');
      const html = read(lang, 'index.html').replace(/\s+/g, ' ');
      for (const note of ir.notes) {
        expect(guide, `${lang} ${note.id}`).toContain(`<a id="${anchorOf('note', note.id)}"></a>\n\n### ${markdownProse(note.title[lang])}\n\n${markdownProse(note.doc[lang])}\n`);
        expect(html, `${lang} ${note.id}`).toContain(`id="${anchorOf('note', note.id)}"`);
        expect(html, `${lang} ${note.id}`).toContain(htmlProse(note.doc[lang]).replace(/\s+/g, ' ').slice(0, 60));
      }
    }
  });

  it('the guide explains every object type of the model, each a value of the object-type header, in both formats', async () => {
    const ir = await loadIr();
    const header = ir.protocol.append!.objectType!.member;
    expect(ir.objectTypes.length).toBeGreaterThanOrEqual(3);
    for (const type of ir.objectTypes) expect(header.enum!.map((e) => e.value), type.name).toContain(type.name);
    for (const lang of DOC_LANGUAGES) {
      const guide = read(lang, 'append-upload.md');
      const html = read(lang, 'index.html');
      expect(guide).toContain(`\`${header.header}\``);
      for (const type of ir.objectTypes) {
        expect(guide, `${lang} ${type.name}`).toContain(`- \`${type.name}\`${LABELS[lang].colon}${markdownProse(type.doc[lang])}`);
        expect(html, `${lang} ${type.name}`).toContain(`<code>${type.name}</code>`);
      }
    }
  });

  it('both languages have the same pages with the same anchors, and no page misses its translation', async () => {
    const ir = await loadIr();
    const pagesOf = (lang: string) => listFiles(join(DOCS, lang)).map((f) => f.slice(join(DOCS, lang).length + 1));
    expect(pagesOf('zh')).toEqual(pagesOf('en'));
    // index, guide, HTML page, the CLI's page and one reference page per operation.
    expect(pagesOf('en').length).toBe(4 + ir.operations.length);
    expect(pagesOf('en')).toContain('cli.md');
    for (const page of pagesOf('en')) {
      expect([...anchorsOf(read('zh', page))].sort(), page).toEqual([...anchorsOf(read('en', page))].sort());
    }
    for (const op of ir.operations) {
      for (const lang of DOC_LANGUAGES) {
        const other = lang === 'en' ? 'zh' : 'en';
        const page = read(lang, 'reference', `${kebab(op)}.md`);
        const texts = [op.summary, op.doc, ...op.input.map((m) => m.doc), ...op.output.map((m) => m.doc)];
        for (const text of texts) {
          expect(page, `${lang} ${op.name}`).toContain(markdownProse(text[lang]));
          if (text[other] !== text[lang]) expect(page, `${lang} ${op.name} shows ${other} text`).not.toContain(markdownProse(text[other]));
        }
      }
    }
    // The docs' own words: same keys in both tables, none empty, and the prose is translated.
    const flatten = (o: object, prefix = ''): [string, string][] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? flatten(v as object, `${prefix}${k}.`) : [[`${prefix}${k}`, String(v)]]));
    const en = flatten(LABELS.en);
    const zh = flatten(LABELS.zh);
    expect(zh.map(([k]) => k)).toEqual(en.map(([k]) => k));
    for (const [key, value] of [...en, ...zh]) if (key !== 'space') expect(value, key).not.toBe('');
    const same = en.filter(([k, v]) => zh.find(([zk]) => zk === k)![1] === v).map(([k]) => k);
    expect(same).toEqual(['positionKinds.zero', 'restTab', 'host']); // a digit, a protocol name and an HTTP header
  });
});
