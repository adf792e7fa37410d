/**
 * Python-specific template helpers. Every string that comes from the model passes through one
 * of these before it lands in generated Python, so hostile text (quotes, backslashes, newlines,
 * `"""`, non-ASCII) can never end a literal, a docstring or a comment early.
 */
import type { Helper } from '../../render/handlebars.js';
import { wrapLine } from '../../render/wrap.js';

/** Escapes one code point for a Python literal; ASCII printable characters stay as they are. */
function escapeCodePoint(ch: string, quote: string): string {
  const cp = ch.codePointAt(0)!;
  if (ch === '\\') return '\\\\';
  if (ch === quote) return `\\${quote}`;
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  if (ch === '\t') return '\\t';
  if (cp >= 0x20 && cp < 0x7f) return ch;
  if (cp <= 0xff) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp <= 0xffff) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\U${cp.toString(16).padStart(8, '0')}`;
}

/** Printable ASCII but `"` and `\\`: what escapeCodePoint(ch, '"') returns as it is (tab, CR and LF for docstrings). */
const PLAIN_PY = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const PLAIN_PY_DOC = /^[\t\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** A double-quoted Python `str` literal for any text. */
export function pyString(value: string): string {
  // Most model text needs no escape: no array of one-character strings for it (issue #16, garbage at 50 operations).
  if (PLAIN_PY.test(value)) return `"${value}"`;
  return `"${Array.from(value, (ch) => escapeCodePoint(ch, '"')).join('')}"`;
}

/** A Python `bytes` literal holding the UTF-8 encoding of `value`. */
export function pyBytes(value: string): string {
  const bytes = Buffer.from(value, 'utf8');
  let out = '';
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    if (ch === '\\' || ch === '"') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (b >= 0x20 && b < 0x7f) out += ch;
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return `b"${out}"`;
}

/**
 * Text for the inside of a `"""` docstring: backslashes and quotes escaped, non-ASCII kept as
 * escapes so the file stays ASCII, lines kept (a docstring may span lines), trailing spaces dropped.
 */
export function pyDoc(value: string): string {
  return value
    .split(/\r\n?|\n/)
    .map((line) =>
      (PLAIN_PY_DOC.test(line) ? line.replace(/\t/g, ' ') : Array.from(line, (ch) => (ch === '\t' ? ' ' : escapeCodePoint(ch, '"'))).join('')).trimEnd(),
    )
    .join('\n')
    .trim();
}

/** A 64-bit unsigned value as a Python hex literal, 16 upper-case digits (`0x42F0E1EBA9EA3693`). */
export function pyHex64(value: bigint): string {
  return `0x${value.toString(16).toUpperCase().padStart(16, '0')}`;
}

/** A docstring body wrapped to 100 columns for text that starts at column `indent`. */
export function pyDocWrapped(value: string, indent: number): string {
  const pad = ' '.repeat(indent);
  return pyDoc(value)
    .split('\n')
    .flatMap((line) => wrapLine(line, Math.max(40, 100 - indent - 3), true))
    .join(`\n${pad}`);
}

/** Text for a `#` comment: one line, no control characters. */
export function pyComment(value: string): string {
  // Control characters are single UTF-16 units, never half of a pair: replaced in place, no array per character.
  return value
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[\x00-\x1f\x7f]/g, ' ')
    .trim();
}

export const PYTHON_HELPERS: Record<string, Helper> = {
  /** `{{pystr value}}`: a Python string literal. */
  pystr: (value: unknown) => pyString(String(value)),
  /** `{{pybytes value}}`: a Python bytes literal of the UTF-8 text. */
  pybytes: (value: unknown) => pyBytes(String(value)),
  /** `{{pydoc text}}`: safe inside a triple-quoted docstring; `{{pydoc text 8}}` also wraps it for that indent. */
  pydoc: (value: unknown, ...rest: unknown[]) =>
    typeof rest[0] === 'number' ? pyDocWrapped(String(value), rest[0]) : pyDoc(String(value)),
  /** `{{pycomment text}}`: safe after `#`. */
  pycomment: (value: unknown) => pyComment(String(value)),
};

/** Everything the Python templates may call besides the core helpers. */
export const PYTHON_TEMPLATE_HELPERS: Record<string, Helper> = {
  ...PYTHON_HELPERS,
  /** `{{tomlstr value}}`: a TOML basic string (JSON's escapes are valid TOML escapes). */
  // TOML also forbids DEL (U+007F) raw in a basic string; JSON leaves it raw.
  tomlstr: (value: unknown) => JSON.stringify(String(value)).replace(/\x7f/g, '\\u007f'),
};
