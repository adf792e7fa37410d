/**
 * The C emitter's own template helpers. Every string that comes from the model reaches C source
 * through one of these, because a model is input we do not control: quotes, `*\/`, newlines,
 * trigraphs (`??/` is a backslash under -std=c99) and non-ASCII bytes must all come out inert.
 */
import type { Helper } from '../../render/handlebars.js';

/** Bytes of a C string literal body: printable ASCII as is, everything else as a 3-digit octal escape. */
export function cStringBody(value: string): string {
  // Printable ASCII but `"`, `?` and `\\` is its own bytes, as the loop below would copy them.
  if (/^[\x20\x21\x23-\x3e\x40-\x5b\x5d-\x7e]*$/.test(value)) return value;
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (ch === '"' || ch === '\\' || ch === '?') out += `\\${ch}`;
    else if (byte === 0x0a) out += '\\n';
    else if (byte >= 0x20 && byte < 0x7f) out += ch;
    // Octal escapes stop after three digits, so a following digit can never join them (hex ones would).
    else out += `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return out;
}

/** A complete C string literal. */
export function cString(value: string): string {
  return `"${cStringBody(value)}"`;
}

/** Text safe inside a C block comment: one line, no comment terminator, no trigraphs. */
export function cComment(value: string): string {
  return value
    .replace(/\r?\n|\r/g, ' ')
    .replace(/\*\//g, '* /')
    .replace(/\/\*/g, '/ *')
    .replace(/\?\?/g, '? ?')
    .trim();
}

/** Text safe on a `#` comment line of a Makefile, CMake file or pkg-config file. */
export function hashComment(value: string): string {
  return value.replace(/\r?\n|\r/g, ' ').trim();
}

/** A value for a pkg-config or Makefile variable: no newline, no `$` expansion, no `#` comment. */
export function buildValue(value: string): string {
  return value.replace(/\r?\n|\r/g, ' ').replace(/\$/g, '$$$$').replace(/#/g, '\\#');
}

export const C_HELPERS: Record<string, Helper> = {
  cstr: (value: unknown) => cString(String(value)),
  ccomment: (value: unknown) => cComment(String(value)),
  hashcomment: (value: unknown) => hashComment(String(value)),
  buildvalue: (value: unknown) => buildValue(String(value)),
};
