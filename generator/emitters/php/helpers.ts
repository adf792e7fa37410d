/**
 * The PHP emitter's template helpers: the only way a model string reaches PHP source. Models may be
 * hostile (quotes, `$`, backslashes, newlines, `*\/`, `?>`, `{{`), so every string is printed as a PHP
 * string literal (single-quoted when it is plain printable ASCII, else double-quoted with every
 * control character, `$`, `"` and `\` escaped), values as PHP literals, and prose as doc-comment text
 * with anything that would end the comment made inert.
 */
import type { Helper } from '../../render/handlebars.js';
import { jsonInPrettierStyle } from '../../render/prettier-style.js';

/** A PHP string literal for any JS string (lone surrogates become U+FFFD; other text stays UTF-8). */
export function phpString(value: unknown): string {
  const text = (typeof value === 'string' ? value : String(value)).replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  if (/^[\x20-\x7e]*$/.test(text)) return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '$') out += '\\$';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f || (code >= 0x80 && code <= 0x9f) || code === 0x2028 || code === 0x2029) out += `\\u{${code.toString(16)}}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Any JSON-like value as a PHP literal: short arrays (lists, or string keys), ints, booleans, null; nested lines indented. */
export function phpValue(value: unknown, indent = ''): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`php emitter: ${value} is not an integer PHP can hold exactly`);
    return String(value);
  }
  if (typeof value === 'string') return phpString(value);
  const inner = `${indent}    `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => v === null || typeof v !== 'object')) return `[${value.map((v) => phpValue(v)).join(', ')}]`;
    return `[\n${value.map((v) => `${inner}${phpValue(v, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '[]';
  return `[\n${entries.map(([k, v]) => `${inner}${/^(0|[1-9][0-9]{0,8})$/.test(k) ? k : phpString(k)} => ${phpValue(v, inner)},`).join('\n')}\n${indent}]`;
}

/** A flat string map as a one-line PHP array (`['a' => 'b']`), for an expression inside a call. */
export function phpInline(map: Record<string, string>): string {
  return `[${Object.entries(map)
    .map(([k, v]) => `${phpString(k)} => ${phpString(v)}`)
    .join(', ')}]`;
}

const WRAP = 100;

/** Doc-comment text: `*\/` made inert, `@` at a word start escaped, control characters as spaces; wrapped at ~100 columns. */
export function phpdocLines(text: string): string[] {
  const lines: string[] = [];
  for (const paragraph of text.replace(/\r\n?/g, '\n').split('\n')) {
    const clean = paragraph
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029]/g, ' ')
      .replace(/\*\//g, '*&#47;')
      .replace(/\/\*/g, '/&#42;')
      .replace(/@/g, '&#64;')
      .replace(/\?>/g, '?&gt;')
      .trimEnd();
    if (clean.trim() === '') {
      if (lines.length > 0 && lines[lines.length - 1] !== '') lines.push('');
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
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export const PHP_HELPERS: Record<string, Helper> = {
  /** `{{phpClass namespace 'Exception' name}}`: a qualified name (Handlebars reads a backslash before a mustache as an escape). */
  phpClass: (...args: unknown[]) =>
    args
      .slice(0, -1)
      .map((a) => String(a))
      .join('\\'),
  /** `{{phpString value}}`: a PHP string literal. */
  phpString: (value: unknown) => phpString(value),
  /** `{{phpValue value 8}}`: a PHP literal; later lines indented by the number's spaces. */
  phpValue: (value: unknown, depth: unknown) => phpValue(value, ' '.repeat(typeof depth === 'number' && depth > 0 ? depth : 0)),
  /**
   * `{{jsonBlock value}}`: pretty JSON text (composer.json), in prettier's style when render/prettier-style.ts
   * covers the value, so the pipeline need not load prettier to reformat it (write/format.ts).
   */
  jsonBlock: (value: unknown) => (jsonInPrettierStyle(value) ?? `${JSON.stringify(value, null, 2)}\n`).trimEnd(),
  /**
   * `     * {{phpdoc text 4}}`: the lines of a doc comment body. The template writes the first line's
   * ` * `; every later line gets the number's spaces and ` * `.
   */
  phpdoc: (text: unknown, depth: unknown) => {
    const pad = ' '.repeat(typeof depth === 'number' && depth > 0 ? depth : 0);
    return phpdocLines(typeof text === 'string' ? text : String(text))
      .map((line, i) => (i === 0 ? line : line === '' ? `${pad} *` : `${pad} * ${line}`))
      .join('\n');
  },
};
