/**
 * C# identifiers, as the .NET design guidelines spell them: PascalCase properties, methods, types and
 * constants (`NextAppendPosition`, `AppendObjectAsync`, `PositionNotEqualToLengthException`).
 */
import { escapeReserved, toPascal, type Namer } from '../../ir/naming.js';

/**
 * The names a generated request or result already has (object's members, and the request's own
 * accessors), which a property of the same name would hide or clash with, and the keywords that are
 * PascalCase-safe anyway. C# keywords are lower case, so a PascalCase member never is one.
 */
const RESERVED: ReadonlySet<string> = new Set(
  'Equals GetHashCode GetType ToString MemberwiseClone Finalize ReferenceEquals Values FromValues PreviousCrc Sink OperationTimeout Validate'.split(' '),
);

/** An identifier may not start with a digit (`1st` → `V1st`). */
const pascal = (words: string[]) => {
  const name = toPascal(words);
  return /^[0-9]/.test(name) || name === '' ? `V${name}` : name;
};

export const csharpNamer: Namer = {
  key: 'cs',
  reserved: RESERVED,
  member: (words) => escapeReserved(RESERVED, pascal(words)),
  operation: (words) => escapeReserved(RESERVED, pascal(words)),
  input: (words) => `${pascal(words)}Request`,
  output: (words) => `${pascal(words)}Result`,
  error: (words) => `${pascal(words)}Exception`,
  // Constants live in their member's own static class (`ObjectAcl.PublicRead`).
  enumValue: (_memberWords, valueWords) => pascal(valueWords),
  client: (words) => `${pascal(words)}Client`,
};
