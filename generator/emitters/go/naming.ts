/** Go identifiers: exported PascalCase with Go's initialisms (`ObjectACL`, `RequestID`), as golint spells them. */
import { capitalize, type Namer } from '../../ir/naming.js';

/** Go initialisms (as golint and the Go SDKs spell them). */
const GO_INITIALISMS: Record<string, string> = {
  acl: 'ACL',
  crc64ecma: 'CRC64ECMA',
  crc64: 'CRC64',
  etag: 'ETag',
  http: 'HTTP',
  id: 'ID',
  kms: 'KMS',
  md5: 'MD5',
  sse: 'SSE',
  url: 'URL',
};
// Own properties only: a word such as `constructor` must not find Object.prototype's members.
export const toGoPascal = (words: string[]) => words.map((w) => (Object.hasOwn(GO_INITIALISMS, w) ? GO_INITIALISMS[w]! : capitalize(w))).join('');

/** Keywords and predeclared identifiers. Exported names start upper-case, so only unexported uses need them. */
const RESERVED: ReadonlySet<string> = new Set(
  'break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var error string bool byte rune int int64 uint64 any nil true false iota len cap new make append copy delete panic recover close'.split(
    ' ',
  ),
);

export const goNamer: Namer = {
  key: 'go',
  reserved: RESERVED,
  member: (words) => toGoPascal(words),
  operation: (words) => toGoPascal(words),
  input: (words) => `${toGoPascal(words)}Request`,
  output: (words) => `${toGoPascal(words)}Result`,
  error: (words) => `${toGoPascal(words)}Error`,
  enumValue: (memberWords, valueWords) => `${toGoPascal(memberWords)}${toGoPascal(valueWords)}`,
  // The package names the service (`ossappend.Client`).
  client: () => 'Client',
};
