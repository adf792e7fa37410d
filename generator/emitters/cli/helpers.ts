/**
 * The CLI emitter's template helpers: the only way a model string reaches the tool's Go source or
 * its shell samples. Models may be hostile (quotes, backslashes, newlines, `*\/`, `{{`), so every
 * string is printed as a Go interpreted string literal, `//` comment lines or a single-quoted shell
 * word, never pasted raw. (The Go literals are render/go-literals.ts's, shared with the Go emitter.)
 */
import type { Helper } from '../../render/handlebars.js';
import { GO_LITERAL_HELPERS, goString } from '../../render/go-literals.js';

/** A POSIX shell word: single-quoted unless it is plainly safe (`'it'\''s'`). */
export function shQuote(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  if (/^[A-Za-z0-9_./:=@%+-]+$/.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export const CLI_HELPERS: Record<string, Helper> = {
  ...GO_LITERAL_HELPERS,
  /** `{{goStrings list}}`: a Go `[]string{...}` of string literals, or `nil` for an empty list. */
  goStrings: (list: unknown) => (Array.isArray(list) && list.length > 0 ? `[]string{${list.map((v) => goString(v)).join(', ')}}` : 'nil'),
  /** `{{shQuote value}}`: a shell word. */
  shQuote: (value: unknown) => shQuote(value),
};
