/**
 * Java identifiers, as the Java conventions spell them: lowerCamel members and methods, UpperCamel
 * types (`AppendObjectRequest`, `PositionNotEqualToLengthException`), UPPER_SNAKE constants inside
 * each enum class. Acronyms are words (`Crc64ecma`, `Acl`), as Google's Java style has them.
 */
import { escapeReserved, toCamel, toPascal, toScreamingSnake, type Namer } from '../../ir/naming.js';

/**
 * Java's keywords and literals, plus the names a generated class already has: Object's methods,
 * the request's `validate` and the accessors every request and result carries besides the
 * members (`progressListener`, `initialCrc64`, `close`).
 */
const RESERVED: ReadonlySet<string> = new Set(
  (
    'abstract assert boolean break byte case catch char class const continue default do double else enum extends final finally float for goto if ' +
    'implements import instanceof int interface long native new package private protected public return short static strictfp super switch ' +
    'synchronized this throw throws transient try void volatile while true false null var record yield sealed permits ' +
    'toString hashCode equals getClass notify notifyAll wait clone finalize validate progressListener initialCrc64 close'
  ).split(' '),
);

/** A constant may not start with a digit. */
const constant = (words: string[]) => {
  const name = toScreamingSnake(words);
  return /^[0-9]/.test(name) ? `_${name}` : name;
};

export const javaNamer: Namer = {
  key: 'java',
  reserved: RESERVED,
  member: (words) => escapeReserved(RESERVED, toCamel(words)),
  operation: (words) => escapeReserved(RESERVED, toCamel(words)),
  input: (words) => `${toPascal(words)}Request`,
  output: (words) => `${toPascal(words)}Result`,
  error: (words) => `${toPascal(words)}Exception`,
  // Constants live in their enum's own class (`ObjectAcl.PUBLIC_READ`), so the member is not repeated.
  enumValue: (_memberWords, valueWords) => constant(valueWords),
  client: (words) => `${toPascal(words)}Client`,
};
