/** C identifiers: snake_case, and everything global carries the package prefix (`ossc_append_object`, `OSSC_ERR_…`). */
import { escapeReserved, toScreamingSnake, toSnake, type Namer } from '../../ir/naming.js';

/**
 * Keywords, and the standard names a struct field or parameter would shadow. C++'s keywords too: the header
 * declares itself usable from C++ (extern "C"), and the C++ client includes it as its core.
 */
const RESERVED: ReadonlySet<string> = new Set(
  (
    'auto break case char const continue default do double else enum extern float for goto if inline int long register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while bool true false errno assert NULL size_t main ' +
    'alignas alignof and and_eq asm bitand bitor catch char16_t char32_t class compl constexpr const_cast decltype delete dynamic_cast explicit export ' +
    'friend mutable namespace new noexcept not not_eq nullptr operator or or_eq private protected public reinterpret_cast static_assert static_cast ' +
    'template this thread_local throw try typeid typename using virtual wchar_t xor xor_eq'
  ).split(' '),
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
