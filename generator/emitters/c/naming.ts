/** C identifiers: snake_case, and everything global carries the package prefix (`ossc_append_object`, `OSSC_ERR_…`). */
import { escapeReserved, toScreamingSnake, toSnake, type Namer } from '../../ir/naming.js';

/** Keywords, and the standard names a struct field or parameter would shadow. */
const RESERVED: ReadonlySet<string> = new Set(
  'auto break case char const continue default do double else enum extern float for goto if inline int long register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while bool true false errno assert NULL size_t main'.split(
    ' ',
  ),
);

export const cNamer: Namer = {
  key: 'c',
  reserved: RESERVED,
  member: (words) => escapeReserved(RESERVED, toSnake(words)),
  operation: (words, prefix) => `${prefix}_${toSnake(words)}`,
  input: (words, prefix) => `${prefix}_${toSnake(words)}_request_t`,
  output: (words, prefix) => `${prefix}_${toSnake(words)}_result_t`,
  error: (words, prefix) => `${prefix.toUpperCase()}_ERR_${toScreamingSnake(words)}`,
  enumValue: (memberWords, valueWords, prefix) => `${prefix.toUpperCase()}_${toScreamingSnake(memberWords)}_${toScreamingSnake(valueWords)}`,
  client: (_words, prefix) => `${prefix}_client_t`,
};
