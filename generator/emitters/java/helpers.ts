/**
 * The Java emitter's own template helpers: the only way a model string reaches Java source. Models
 * may be hostile (quotes, backslashes, newlines, `*\/`, `{{`, `\u000a`), so every string is printed
 * as a Java string literal with every non-ASCII character escaped, or as Javadoc text with the
 * characters that would end or break a comment replaced. Java translates `\uXXXX` escapes anywhere
 * in a source file before it parses it, so a backslash is never left before a `u`.
 */
import type { Helper } from '../../render/handlebars.js';

/** A Java string literal for any JS string: ASCII only, every other character as \uXXXX (lone surrogates become U+FFFD). */
export function javaString(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const code = text.charCodeAt(i);
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff) {
      out += `\\u${code.toString(16).padStart(4, '0')}\\u${text.charCodeAt(i + 1).toString(16).padStart(4, '0')}`;
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) out += '\\ufffd';
    else if (code < 0x20 || code >= 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

const WRAP = 100;

/**
 * Javadoc text: HTML-escaped (`<`, `>`, `&`), `@` at a line start and `*\/` made inert, backslashes
 * written as an entity (no `\u` escape survives), control characters as spaces; wrapped at ~100 columns.
 */
export function javadocLines(text: string): string[] {
  const lines: string[] = [];
  for (const paragraph of text.replace(/\r\n?/g, '\n').split('\n')) {
    const clean = paragraph
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029]/g, ' ')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/\\/g, '&#92;')
      .replace(/\*\//g, '*&#47;')
      .replace(/@/g, '&#64;')
      .replace(/`([^`]+)`/g, '{@code $1}')
      .trimEnd();
    if (clean.trim() === '') {
      if (lines.length > 0) lines.push('<p>');
      continue;
    }
    let line = '';
    for (const word of clean.split(/ +/)) {
      if (line && line.length + 1 + word.length > WRAP) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) lines.push(line);
  }
  while (lines.length > 0 && lines[lines.length - 1] === '<p>') lines.pop();
  return lines;
}

/** Text for an XML element (pom.xml): the five special characters escaped, control characters dropped. */
export function xmlText(value: unknown): string {
  return (typeof value === 'string' ? value : String(value))
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/--/g, '-&#45;');
}

export const JAVA_HELPERS: Record<string, Helper> = {
  /** `{{xmlText value}}`: text for an XML element. */
  xmlText: (value: unknown) => xmlText(value),
  /** `{{javaString value}}`: a Java string literal. */
  javaString: (value: unknown) => javaString(value),
  /**
   * `   * {{javadoc text 3}}`: the lines of a Javadoc comment body. The template writes the first line's
   * ` * `; every later line gets the number's spaces and `* ` (3 for a member's comment, 1 for a class's).
   */
  javadoc: (text: unknown, depth: unknown) => {
    const pad = ' '.repeat(typeof depth === 'number' && depth > 0 ? depth : 0);
    return javadocLines(typeof text === 'string' ? text : String(text))
      .map((line, i) => (i === 0 ? line : `${pad}* ${line}`))
      .join('\n');
  },
};
