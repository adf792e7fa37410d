/**
 * C# identifiers, as the .NET design guidelines spell them: PascalCase properties, methods, types and
 * constants (`NextAppendPosition`, `AppendObjectAsync`, `PositionNotEqualToLengthException`), with the
 * guidelines' capitalization of acronyms: two-letter acronyms upper case (`IO`), longer ones Pascal-cased
 * (`Crc64Ecma`, `Kms`), `Id` an abbreviation rather than an acronym, and the framework's own spelling where
 * it has one (`ETag` as in HttpResponseHeaders.ETag, `MD5` as in HttpContentHeaders.ContentMD5).
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

/**
 * Words .NET spells otherwise than capitalized: the two-letter acronyms the guidelines name (a two-letter
 * word in general is not one: `If`, `To`, `Id`), and the framework's own spellings of HTTP terms.
 */
const SPELLING: ReadonlyMap<string, string> = new Map([
  ['io', 'IO'],
  ['ip', 'IP'],
  ['ui', 'UI'],
  ['etag', 'ETag'],
  ['md5', 'MD5'],
]);

/**
 * One lower-case word in .NET casing. A word the splitter kept whole because digits join its parts
 * (`crc64ecma`) is two words to a reader: the letters after the digits start a new one (`Crc64Ecma`).
 */
export function dotnetWord(word: string): string {
  const joined = /^([a-z]+[0-9]+)([a-z].*)$/.exec(word);
  if (joined) return dotnetWord(joined[1]!) + dotnetWord(joined[2]!);
  return SPELLING.get(word) ?? toPascal([word]);
}

/**
 * Exception types of the namespaces a caller usually imports (System, System.IO, System.Net, System.Net.Http,
 * System.Threading.Tasks). An error class of the same name (the code NotImplemented) would make the name
 * ambiguous (CS0104) in every file with `using System;` and the library's namespace, and would silently take the
 * framework's place inside the library's own namespace; such an error is `<Name>ServiceException` instead.
 */
const FRAMEWORK_EXCEPTIONS: ReadonlySet<string> = new Set(
  (
    'Exception SystemException ApplicationException ArgumentException ArgumentNullException ArgumentOutOfRangeException ' +
    'ArithmeticException FormatException InvalidCastException InvalidOperationException NotImplementedException ' +
    'NotSupportedException NullReferenceException ObjectDisposedException OperationCanceledException OutOfMemoryException ' +
    'OverflowException IndexOutOfRangeException TimeoutException UnauthorizedAccessException AggregateException ' +
    'PlatformNotSupportedException IOException FileNotFoundException DirectoryNotFoundException EndOfStreamException ' +
    'PathTooLongException WebException HttpRequestException TaskCanceledException'
  ).split(' '),
);

/** The exception class of an error code: `<Name>Exception`, unless the framework has that name. */
export function errorClass(words: string[]): string {
  const name = `${pascal(words)}Exception`;
  return FRAMEWORK_EXCEPTIONS.has(name) ? `${pascal(words)}ServiceException` : name;
}

/** An identifier may not start with a digit (`1st` → `V1st`). */
const pascal = (words: string[]) => {
  const name = words.map(dotnetWord).join('');
  return /^[0-9]/.test(name) || name === '' ? `V${name}` : name;
};

export const csharpNamer: Namer = {
  key: 'cs',
  reserved: RESERVED,
  member: (words) => escapeReserved(RESERVED, pascal(words)),
  operation: (words) => escapeReserved(RESERVED, pascal(words)),
  input: (words) => `${pascal(words)}Request`,
  output: (words) => `${pascal(words)}Result`,
  error: errorClass,
  // Constants live in their member's own static class (`ObjectAcl.PublicRead`).
  enumValue: (_memberWords, valueWords) => pascal(valueWords),
  client: (words) => `${pascal(words)}Client`,
};
