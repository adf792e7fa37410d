/** C# literals of model values, by the member's type (IrValue's encoding: uint64 as a decimal string, blob as UTF-8 text). */
import type { IrErrorField, IrMember } from '../../../ir/types.js';
import { csString } from '../helpers.js';

type Typed = Pick<IrMember, 'type'> | Pick<IrErrorField, 'type'>;

/** The C# type of a member: nullable values when optional (or always, for `nullable`). */
export function csType(m: Typed & { required?: boolean }, direction: 'in' | 'out', nullable = true): string {
  switch (m.type) {
    case 'int64':
      return nullable ? 'long?' : 'long';
    case 'uint64':
      return nullable ? 'ulong?' : 'ulong';
    case 'boolean':
      return nullable ? 'bool?' : 'bool';
    case 'map':
      return 'IDictionary<string, string>';
    case 'blob':
      return direction === 'in' ? 'RequestBody' : 'byte[]';
    default:
      return 'string';
  }
}

/** A C# map literal of strings. */
export function csMap(value: unknown): string {
  const entries = Object.entries((value ?? {}) as Record<string, unknown>);
  return entries.length === 0
    ? 'new Dictionary<string, string>()'
    : `new Dictionary<string, string> { ${entries.map(([k, v]) => `{ ${csString(k)}, ${csString(String(v))} }`).join(', ')} }`;
}

/**
 * A C# expression of a model value. `blob` inputs are strings (RequestBody converts them, UTF-8); blob outputs are
 * bytes (`TestSupport.Utf8("...")`, for the tests).
 */
export function csValue(m: Typed, value: unknown, direction: 'in' | 'out' = 'in'): string {
  switch (m.type) {
    case 'int64':
      return `${BigInt(String(value)).toString()}L`;
    case 'uint64':
      return `${BigInt(String(value)).toString()}UL`;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'blob':
      return direction === 'in' ? csString(String(value)) : `TestSupport.Utf8(${csString(String(value))})`;
    case 'map':
      return csMap(value);
    default:
      return csString(String(value));
  }
}

/** `new[] { "a", "b" }` (or an empty string array). */
export function csStrings(values: readonly string[]): string {
  return values.length ? `new[] { ${values.map(csString).join(', ')} }` : 'new string[0]';
}

/** The runtime's SignatureVersion value of an auth scheme id (`v4` → `SignatureVersion.V4`). */
export function csSignatureVersion(scheme: string): string {
  if (!/^v[0-9]+$/.test(scheme)) throw new Error(`csharp: no SignatureVersion for the auth scheme ${JSON.stringify(scheme)}`);
  return `SignatureVersion.${scheme.toUpperCase()}`;
}
