/**
 * The C++ emitter's template helpers. Every model string reaches C++ source through one of these: string
 * literals reuse the C emitter's escaping (octal escapes for every byte outside printable ASCII, so quotes,
 * backslashes, newlines and UTF-8 come out inert), and comments never end a line with a backslash (which
 * would splice the next line into a `//` comment).
 */
import type { Helper } from '../../render/handlebars.js';
import { buildValue, cComment, cString, hashComment } from '../c-core.js';

/** A C++ `std::string` of the exact bytes (embedded NULs kept): `std::string("…", n)`. */
export function cppString(value: string): string {
  return `std::string(${cString(value)}, ${Buffer.byteLength(value, 'utf8')})`;
}

/** Text safe in a `//` or block comment: one line, no terminator, no trailing backslash. */
export function cppComment(value: string): string {
  return cComment(value).replace(/\\+$/, '');
}

export const CPP_HELPERS: Record<string, Helper> = {
  cstr: (value: unknown) => cString(String(value)),
  cppstr: (value: unknown) => cppString(String(value)),
  cppcomment: (value: unknown) => cppComment(String(value)),
  hashcomment: (value: unknown) => hashComment(String(value)),
  buildvalue: (value: unknown) => buildValue(String(value)),
};
