/**
 * Escaping helpers of the docs templates. Every model string reaches a page through one of these:
 * models may be hostile (`</script>`, quotes, `|`, backticks), and a page must still parse the same
 * way. Model prose uses Markdown code spans (`x-oss-date`) on purpose, so both the Markdown and the
 * HTML escapers keep balanced code spans as code and escape everything else.
 */
import type { Helper } from '../../render/handlebars.js';

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or attribute value in HTML. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

/** Splits prose into plain text and balanced single-backtick code spans (an unpaired backtick stays text). */
export function splitCodeSpans(text: string): { code: boolean; text: string }[] {
  const parts: { code: boolean; text: string }[] = [];
  const re = /`([^`\n]+)`/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) parts.push({ code: false, text: text.slice(last, m.index) });
    parts.push({ code: true, text: m[1]! });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ code: false, text: text.slice(last) });
  return parts;
}

/**
 * Code text in HTML: escaped, with a <wbr> at each camel-case boundary. Code in tables and error
 * headings must not wrap inside a word (the style sheet forbids breaking anywhere), so a long
 * identifier such as an error code may only wrap between its words ("PositionNotEqual|ToLength");
 * header names already wrap at their hyphens. Entities cannot contain a lower-to-upper boundary.
 */
export function htmlCodeText(value: unknown): string {
  return escapeHtml(value).replace(/([a-z0-9])(?=[A-Z])/g, '$1<wbr />');
}

/** Model prose in HTML: escaped, with its code spans as <code>. */
export function htmlProse(value: unknown): string {
  return splitCodeSpans(oneLine(value))
    .map((p) => (p.code ? `<code>${htmlCodeText(p.text)}</code>` : escapeHtml(p.text)))
    .join('');
}

/** A literal value in HTML, shown as code. */
export function htmlCode(value: unknown): string {
  return `<code>${htmlCodeText(value)}</code>`;
}

function oneLine(value: unknown): string {
  return String(value).replace(/\s*\r?\n\s*/g, ' ');
}

/**
 * Plain text in Markdown (prose or a table cell): every character Markdown or inline HTML could
 * read as syntax is escaped, and newlines become spaces so a table row stays one row.
 */
function markdownText(text: string): string {
  return text.replace(/[\\`*_[\]<>&|#!~]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`));
}

/** A code span that holds any text: the fence is longer than the longest backtick run inside. */
export function markdownCodeSpan(value: unknown): string {
  const text = oneLine(value).replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || /^ .* $/.test(text) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Model prose in Markdown (safe in a table cell too). */
export function markdownProse(value: unknown): string {
  return splitCodeSpans(oneLine(value))
    .map((p) => (p.code ? markdownCodeSpan(p.text) : markdownText(p.text)))
    .join('');
}

/** A fence for a fenced code block that cannot be closed by the content. */
export function codeFence(content: string): string {
  const longest = Math.max(0, ...(content.match(/^ {0,3}`{3,}/gm) ?? []).map((run) => run.trim().length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** How many texts each helper's cache holds (labels, shared member and error docs). */
const MEMO_SIZE = 4096;

/**
 * A helper answering again from the texts it has escaped before: the pages pass the same labels and shared docs
 * through the same helper thousands of times (the 50-operation model: every row of every table). Each helper is
 * a function of String(value) alone; the cache is emptied when full rather than grown.
 */
function memoized(escape: (text: string) => string): Helper {
  const known = new Map<string, string>();
  return (value: unknown) => {
    const text = String(value);
    let escaped = known.get(text);
    if (escaped === undefined) {
      escaped = escape(text);
      if (known.size >= MEMO_SIZE) known.clear();
      known.set(text, escaped);
    }
    return escaped;
  };
}

export const DOCS_HELPERS: Record<string, Helper> = {
  /** `{{h value}}`: HTML text or attribute. */
  h: memoized(escapeHtml),
  /** `{{hprose text}}`: model prose in HTML, code spans kept. */
  hprose: memoized(htmlProse),
  /** `{{hcode value}}`: a literal in HTML as <code>. */
  hcode: memoized(htmlCode),
  /** `{{md text}}`: model prose in Markdown, safe in table cells. */
  md: memoized(markdownProse),
  /** `{{mdcode value}}`: a literal in Markdown as a code span, safe in table cells. */
  mdcode: memoized(markdownCodeSpan),
};
