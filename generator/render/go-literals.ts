/**
 * Go source literals and `//` comment lines for model text, shared by the emitters that write Go (go/, cli/). Models
 * may be hostile (quotes, backslashes, newlines, `*\/`, `{{`), so a model string reaches Go source only through these:
 * an interpreted or raw string literal, or comment lines, never pasted raw.
 */
import type { Helper } from './handlebars.js';

/** A Go interpreted string literal for any JS string (lone surrogates become U+FFFD). */
export function goString(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  let out = '"';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\uFFFD';
    else if (cp === 0x2028 || cp === 0x2029 || cp === 0xfeff) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** A Go raw string literal when the text has no backquote, carriage return or byte a raw literal cannot hold. */
export function goRawString(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  // eslint-disable-next-line no-control-regex
  return /[`\r\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029\ufeff\ud800-\udfff]/.test(text) ? goString(text) : `\`${text}\``;
}

const WRAP = 100;

/** Splits prose into `//` lines of at most ~100 columns; blank lines become a bare `//`. */
export function goCommentLines(text: string): string[] {
  const lines: string[] = [];
  for (const paragraph of text.replace(/\r\n?/g, '\n').split('\n')) {
    // Control characters other than tab would corrupt the source file; a comment cannot escape them. (U+0085 too:
    // gofmt trims it from a line's end as white space, which trimEnd does not.)
    const clean = paragraph.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u0085\u2028\u2029]/g, ' ').trimEnd();
    if (clean.trim() === '') {
      lines.push('//');
      continue;
    }
    let line = '';
    for (const word of clean.split(/ +/)) {
      if (line && line.length + 1 + word.length > WRAP) {
        lines.push(`// ${line}`);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) lines.push(`// ${line}`);
  }
  while (lines.length > 1 && lines[lines.length - 1] === '//') lines.pop();
  return lines;
}

/** The template helpers every Go-writing emitter registers: `goString`, `goRawString`, `goDoc`. */
export const GO_LITERAL_HELPERS: Record<string, Helper> = {
  /** `{{goString value}}`: a Go string literal. */
  goString: (value: unknown) => goString(value),
  /** `{{goRawString value}}`: a Go raw string literal (backquoted) when the value allows one, else an interpreted one. */
  goRawString: (value: unknown) => goRawString(value),
  /**
   * `{{goDoc text 1}}`: `//` comment lines; the second argument is how many tabs indent every
   * line after the first (the template indents the first).
   */
  goDoc: (text: unknown, depth: unknown) => {
    const pad = typeof depth === 'number' && depth > 0 ? '\t'.repeat(depth) : '';
    return goCommentLines(typeof text === 'string' ? text : String(text)).join(`\n${pad}`);
  },
};
