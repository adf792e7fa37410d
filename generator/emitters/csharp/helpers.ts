/**
 * C#-specific template helpers. Every string that comes from the model passes through one of these before
 * it lands in generated C#, so hostile text (quotes, backslashes, newlines, the end of a block comment, `<`, non-ASCII) can never
 * end a literal or a comment early.
 */
import type { Helper } from '../../render/handlebars.js';
import { wrapLine } from '../../render/wrap.js';

/** A regular C# string literal for any text: printable ASCII as it is, everything else escaped (UTF-16 units). */
export function csString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    const code = value.charCodeAt(i);
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else out += `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}

/** Text for a `//` comment: one line, no control characters. */
export function csComment(value: string): string {
  // These characters are single UTF-16 units, never half of a pair: replaced in place, no array per character.
  return value
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[\x00-\x1f\x7f\x85\u2028\u2029]/g, ' ')
    .trim();
}

/** Text for an XML doc comment: one line, `&`, `<` and `>` escaped. */
export function csXml(value: string): string {
  return csComment(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `/// <summary>` lines for a text of several lines, wrapped for a comment starting at column `indent`. */
export function csSummary(value: string, indent: number): string {
  const pad = ' '.repeat(indent);
  const lines = value
    .split(/\r\n?|\n/)
    .flatMap((line) => wrapLine(csXml(line), Math.max(40, 120 - indent - 4)))
    .filter((line, i, all) => line !== '' || (i > 0 && i < all.length - 1));
  return [`/// <summary>`, ...lines.map((l) => (l ? `/// ${l}` : '///')), `/// </summary>`].join(`\n${pad}`);
}

export const CSHARP_HELPERS: Record<string, Helper> = {
  /** `{{csstr value}}`: a C# string literal. */
  csstr: (value: unknown) => csString(String(value)),
  /** `{{csxml text}}`: one line inside an XML doc comment (`&`, `<`, `>` escaped). */
  csxml: (value: unknown) => csXml(String(value)),
  /** `{{cscomment text}}`: safe after `//`. */
  cscomment: (value: unknown) => csComment(String(value)),
  /** `{{cssummary text 8}}`: `/// <summary>` lines for a comment at that column. */
  cssummary: (value: unknown, indent: unknown) => csSummary(String(value), typeof indent === 'number' ? indent : 0),
};
