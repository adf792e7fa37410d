/**
 * PHP identifiers, as PSR-1/PSR-12 spell them: lowerCamel properties and methods, StudlyCaps classes
 * (`AppendObjectRequest`, `PositionNotEqualToLengthException`), UPPER_SNAKE class constants.
 */
import { escapeReserved, toCamel, toPascal, toScreamingSnake, type Namer } from '../../ir/naming.js';

/**
 * Names a generated class or parameter cannot take: `$this` and the superglobals as parameters, the
 * client's own methods (`newAppender`, the constructor's `core`), and the result's `fromArray` and the
 * request's `toArray`. PHP's keywords may name methods and properties, so they are not reserved here.
 */
const RESERVED: ReadonlySet<string> = new Set('this GLOBALS newAppender core fromArray toArray describe'.split(' '));

/** A constant may not start with a digit, nor be empty (a value of punctuation only). */
const constant = (words: string[]) => {
  const name = toScreamingSnake(words);
  return name === '' ? 'VALUE' : /^[0-9]/.test(name) ? `V_${name}` : name;
};

export const phpNamer: Namer = {
  key: 'php',
  reserved: RESERVED,
  member: (words) => escapeReserved(RESERVED, toCamel(words)),
  operation: (words) => escapeReserved(RESERVED, toCamel(words)),
  input: (words) => `${toPascal(words)}Request`,
  output: (words) => `${toPascal(words)}Result`,
  error: (words) => `${toPascal(words)}Exception`,
  enumValue: (_memberWords, valueWords) => constant(valueWords),
  client: (words) => `${toPascal(words)}Client`,
};
