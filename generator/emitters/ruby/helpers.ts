/**
 * Ruby-specific template helpers. Every string that comes from the model passes through one of these
 * before it lands in generated Ruby, so hostile text (quotes, backslashes, `#{`, newlines, non-ASCII)
 * can never end a literal or a comment early, nor interpolate.
 */
import type { Helper } from '../../render/handlebars.js';
import { wrapLine } from '../../render/wrap.js';

/** Escapes one code point for a double-quoted Ruby literal; ASCII printable characters stay as they are. */
function escapeCodePoint(ch: string): string {
  const cp = ch.codePointAt(0)!;
  if (ch === '\\') return '\\\\';
  if (ch === '"') return '\\"';
  // `#` escaped always: `#{`, `#@` and `#$` interpolate in a double-quoted literal.
  if (ch === '#') return '\\#';
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  if (ch === '\t') return '\\t';
  if (cp >= 0x20 && cp < 0x7f) return ch;
  return `\\u{${cp.toString(16)}}`;
}

/** A double-quoted Ruby string literal (UTF-8) for any text. */
export function rbString(value: string): string {
  // Single quotes when nothing needs escaping (RuboCop's Style/StringLiterals), double quotes otherwise.
  if (/^[\x20-\x7e]*$/.test(value) && !value.includes("'")) return `'${value.replace(/\\/g, '\\\\')}'`;
  return `"${Array.from(value, escapeCodePoint).join('')}"`;
}

/**
 * Items joined with `, ` and wrapped to lines of at most `width` characters, continuation lines indented
 * to `column` (RuboCop's parameter and hash alignment: under the first item).
 */
export function rbWrapped(items: readonly string[], column: number, width = 140): string {
  const lines: string[] = [];
  let current = '';
  for (const item of items) {
    const next = current ? `${current}, ${item}` : item;
    if (current && column + next.length + 1 > width) {
      lines.push(`${current},`);
      current = item;
    } else current = next;
  }
  lines.push(current);
  return lines.join(`\n${' '.repeat(column)}`);
}

/** Text for a `#` comment: one line, no control characters. */
export function rbComment(value: string): string {
  // Control characters are single UTF-16 units, never half of a pair: replaced in place, no array per character.
  return value
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[\x00-\x1f\x7f]/g, ' ')
    .trim();
}

/** Comment lines (`# ...`) for a text of several lines, wrapped for text starting at column `indent`. */
export function rbDoc(value: string, indent: number): string {
  const pad = ' '.repeat(indent);
  return value
    .split(/\r\n?|\n/)
    .flatMap((line) => wrapLine(rbComment(line), Math.max(40, 110 - indent - 2)))
    .map((line) => (line ? `# ${line}` : '#'))
    .join(`\n${pad}`);
}

/** A Ruby symbol for a name: bare when it is an identifier, else quoted. */
export function rbSymbol(name: string): string {
  return /^[a-z_][A-Za-z0-9_]*[?!]?$/.test(name) ? `:${name}` : `:${rbString(name)}`;
}

/**
 * A Ruby literal for JSON-like data the view model decided: strings, integers (bigint for 64-bit values),
 * booleans, null (nil), arrays and plain objects (hashes with string keys).
 */
export function rbLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'string') return rbString(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`rbLiteral: not an integer: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map(rbLiteral).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${rbString(k)} => ${rbLiteral(v)}`).join(', ')} }`;
  }
  throw new Error(`rbLiteral: unsupported value ${String(value)}`);
}

export const RUBY_HELPERS: Record<string, Helper> = {
  /** `{{rbstr value}}`: a Ruby string literal. */
  rbstr: (value: unknown) => rbString(String(value)),
  /** `{{rbsym name}}`: a Ruby symbol. */
  rbsym: (value: unknown) => rbSymbol(String(value)),
  /** `{{rbcomment text}}`: safe after `#`. */
  rbcomment: (value: unknown) => rbComment(String(value)),
  /** `{{rbdoc text 2}}`: `#` comment lines for text starting at that column. */
  rbdoc: (value: unknown, indent: unknown) => rbDoc(String(value), typeof indent === 'number' ? indent : 0),
  /** `{{gemstr value}}`: a single-line Ruby string for the gemspec. */
  gemstr: (value: unknown) => rbString(rbComment(String(value))),
};
