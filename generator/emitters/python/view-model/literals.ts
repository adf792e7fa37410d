/**
 * How model values and name lists are spelled in Python: the literal of a value bound to a member
 * (uint64 arrives as a decimal string), a tuple of strings, and the orders ruff expects of
 * imported names (isort) and of `__all__` (RUF022), so the generated package is lint-clean.
 */
import type { IrMember } from '../../../ir/types.js';
import { pyBytes, pyString } from '../helpers.js';

/** A Python literal for a value bound to a member (IR value conventions: uint64 as a decimal string). */
export function pyLiteral(member: Pick<IrMember, 'type'>, value: unknown, blobAs: 'bytes' | 'str' = 'bytes'): string {
  switch (member.type) {
    case 'int64':
    case 'uint64':
      return String(value);
    case 'boolean':
      return value ? 'True' : 'False';
    case 'map': {
      const entries = Object.entries(value as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${pyString(k)}: ${pyString(v)}`).join(', ')}}`;
    }
    case 'blob':
      return blobAs === 'bytes' ? pyBytes(String(value)) : pyString(String(value));
    default:
      return pyString(String(value));
  }
}

/** Orders imported names as isort/ruff do by default: CONSTANTS, then Classes, then other names. */
export function sortImports(names: string[]): string[] {
  const rank = (n: string) => (/^[A-Z0-9_]+$/.test(n) && n.length > 1 ? 0 : /^[A-Z]/.test(n) ? 1 : 2);
  return [...new Set(names)].sort((a, b) => rank(a) - rank(b) || (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : a < b ? -1 : a > b ? 1 : 0));
}

/** Orders `__all__` as ruff's RUF022 does: CONSTANTS, then Classes, then other names, case-sensitively. */
export function sortAll(names: string[]): string[] {
  const rank = (n: string) => (/^[A-Z0-9_]+$/.test(n) && n.length > 1 ? 0 : /^[A-Z]/.test(n) ? 1 : 2);
  return [...new Set(names)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

export function pyTuple(items: string[]): string {
  if (items.length === 0) return '()';
  if (items.length === 1) return `(${pyString(items[0]!)},)`;
  return `(${items.map(pyString).join(', ')})`;
}
