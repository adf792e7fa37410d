/** Ruby literals of model values, by the member's type (IrValue's encoding: uint64 as a decimal string, blob as UTF-8 text). */
import type { IrErrorField, IrMember } from '../../../ir/types.js';
import { rbLiteral, rbString, rbWrapped } from '../helpers.js';

export function rbValue(m: Pick<IrMember, 'type'> | Pick<IrErrorField, 'type'>, value: unknown): string {
  switch (m.type) {
    case 'int64':
    case 'uint64':
      return BigInt(String(value)).toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'blob':
      // Bodies are bytes: a binary String compares equal to what the client returns.
      return `${rbString(String(value))}.b`;
    case 'map':
      return rbLiteral(value ?? {});
    default:
      return rbString(String(value));
  }
}

/** `[a, b]` of string literals. */
export function rbStrings(values: readonly string[], column = 0): string {
  // %w[] when every item is a plain word (RuboCop's Style/WordArray); with a column, wrapped under the first item.
  if (values.length >= 2 && values.every((v) => /^[A-Za-z0-9_.:\/+=-]+$/.test(v))) {
    return column ? `%w[${rbWrapped(values, column + 3).replace(/,/g, '')}]` : `%w[${values.join(' ')}]`;
  }
  return column ? `[${rbWrapped(values.map(rbString), column + 1)}]` : `[${values.map(rbString).join(', ')}]`;
}
