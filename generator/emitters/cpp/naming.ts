/**
 * C++ identifiers, in the style of the standard library for functions and members (`append_object`,
 * `next_append_position`) and UpperCamel types (`AppendObjectRequest`, `PositionNotEqualToLengthError`),
 * UpperCamel enumerators inside each `enum class` (`ObjectAcl::PublicRead`).
 */
import { escapeReserved, toPascal, toSnake, type Namer } from '../../ir/naming.js';

/**
 * C++17's keywords and alternative tokens, the standard macros a name could collide with, and the names
 * every generated request already has besides its members (`progress`, `init_crc`, `validate`).
 */
const RESERVED: ReadonlySet<string> = new Set(
  (
    'alignas alignof and and_eq asm auto bitand bitor bool break case catch char char16_t char32_t class compl const constexpr const_cast ' +
    'continue decltype default delete do double dynamic_cast else enum explicit export extern false float for friend goto if inline int long ' +
    'mutable namespace new noexcept not not_eq nullptr operator or or_eq private protected public register reinterpret_cast return short ' +
    'signed sizeof static static_assert static_cast struct switch template this thread_local throw true try typedef typeid typename union ' +
    'unsigned using virtual void volatile wchar_t while xor xor_eq errno assert NULL main progress init_crc validate'
  ).split(' '),
);

/** An enumerator may not start with a digit. */
const enumerator = (words: string[]) => {
  const name = toPascal(words);
  return /^[0-9]/.test(name) ? `V${name}` : name;
};

export const cppNamer: Namer = {
  key: 'cpp',
  reserved: RESERVED,
  member: (words) => escapeReserved(RESERVED, toSnake(words)),
  operation: (words) => escapeReserved(RESERVED, toSnake(words)),
  input: (words) => `${toPascal(words)}Request`,
  output: (words) => `${toPascal(words)}Result`,
  error: (words) => `${toPascal(words)}Error`,
  enumValue: (_memberWords, valueWords) => enumerator(valueWords),
  client: (words) => `${toPascal(words)}Client`,
};
