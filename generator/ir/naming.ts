/**
 * Naming: every identifier in every language is decided here, once, from the model's name.
 * Emitters never re-case a name themselves, so reserved words and initialisms are handled in
 * one place and a collision is a diagnostic, not a compile error in generated code.
 */

/** Splits camelCase / PascalCase / snake / kebab names into lower-case words. */
export function splitWords(name: string): string[] {
  const words = name.match(/[A-Z]?[a-z0-9]+|[A-Z]+[0-9]*(?![a-z])|[0-9]+/g) ?? [];
  return words.map((w) => w.toLowerCase());
}

const capitalize = (w: string) => (w ? w[0]!.toUpperCase() + w.slice(1) : w);

export const toCamel = (words: string[]) => words.map((w, i) => (i === 0 ? w : capitalize(w))).join('');
export const toPascal = (words: string[]) => words.map(capitalize).join('');
export const toSnake = (words: string[]) => words.join('_');
export const toScreamingSnake = (words: string[]) => words.join('_').toUpperCase();
export const toKebab = (words: string[]) => words.join('-');

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

/** Words that cannot be used as an identifier in that language, where the generator puts names. */
export const RESERVED: Record<'ts' | 'go' | 'py' | 'c', ReadonlySet<string>> = {
  ts: new Set(
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with as implements interface let package private protected public static yield await constructor prototype'.split(
      ' ',
    ),
  ),
  go: new Set(
    'break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var error string bool byte rune int int64 uint64 any nil true false iota len cap new make append copy delete panic recover close'.split(
      ' ',
    ),
  ),
  py: new Set(
    'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case type self cls bytes str int bool object'.split(
      ' ',
    ),
  ),
  c: new Set(
    'auto break case char const continue default do double else enum extern float for goto if inline int long register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while bool true false errno assert NULL size_t main'.split(
      ' ',
    ),
  ),
};

/** Appends `_` to a name that is a reserved word in that language (the convention of each language's style guide). */
export function escapeReserved(language: keyof typeof RESERVED, name: string): string {
  return RESERVED[language].has(name) ? `${name}_` : name;
}

/** A member or field name in every language. */
export interface MemberNames {
  /** The model's own name (lowerCamel), used in test values and diagnostics. */
  model: string;
  ts: string;
  go: string;
  py: string;
  c: string;
  /** Human words, e.g. for docs: "next append position". */
  words: string[];
}

export function memberNames(modelName: string): MemberNames {
  const words = splitWords(modelName);
  return {
    model: modelName,
    ts: escapeReserved('ts', toCamel(words)),
    go: toGoPascal(words),
    py: escapeReserved('py', toSnake(words)),
    c: escapeReserved('c', toSnake(words)),
    words,
  };
}

/** An operation's names: the method in each language and its input/output type names. */
export interface OperationNames {
  model: string;
  words: string[];
  ts: string;
  go: string;
  py: string;
  c: string;
  kebab: string;
  input: { ts: string; go: string; py: string; c: string };
  output: { ts: string; go: string; py: string; c: string };
}

export function operationNames(name: string, cPrefix: string): OperationNames {
  const words = splitWords(name);
  const pascal = toPascal(words);
  const snake = toSnake(words);
  return {
    model: name,
    words,
    ts: escapeReserved('ts', toCamel(words)),
    go: toGoPascal(words),
    py: escapeReserved('py', snake),
    c: `${cPrefix}_${snake}`,
    kebab: toKebab(words),
    input: { ts: `${pascal}Input`, go: `${toGoPascal(words)}Request`, py: `${pascal}Request`, c: `${cPrefix}_${snake}_request_t` },
    output: { ts: `${pascal}Output`, go: `${toGoPascal(words)}Result`, py: `${pascal}Result`, c: `${cPrefix}_${snake}_result_t` },
  };
}

export interface ErrorNames {
  model: string;
  words: string[];
  /** Exception / error class name: `PositionNotEqualToLengthError`. */
  ts: string;
  go: string;
  py: string;
  /** C enum constant: `OSSC_ERR_POSITION_NOT_EQUAL_TO_LENGTH`. */
  c: string;
}

export function errorNames(code: string, cPrefix: string): ErrorNames {
  const words = splitWords(code);
  const cls = `${toPascal(words)}Error`;
  return { model: code, words, ts: cls, go: `${toGoPascal(words)}Error`, py: cls, c: `${cPrefix.toUpperCase()}_ERR_${toScreamingSnake(words)}` };
}

export interface EnumValueNames {
  value: string;
  /** Go constant: `ObjectACLPublicRead`. */
  go: string;
  /** Python / C constant suffix: `PUBLIC_READ`. */
  py: string;
  /** C constant: `OSSC_OBJECT_ACL_PUBLIC_READ`. */
  c: string;
}

export function enumValueNames(memberModelName: string, value: string, cPrefix: string): EnumValueNames {
  return enumValueNamesFrom(memberModelName, value, cPrefix, enumValueWords(value));
}

/** The words of an enum value: its letters and digits; `value` when it has none (`"""`, `日志`). */
function enumValueWords(value: string): string[] {
  const valueWords = splitWords(value.replace(/[^A-Za-z0-9]+/g, ' ').replace(/ (.)/g, (_, c: string) => c.toUpperCase()));
  return valueWords.length > 0 ? valueWords : ['value'];
}

function enumValueNamesFrom(memberModelName: string, value: string, cPrefix: string, valueWords: string[]): EnumValueNames {
  const memberWords = splitWords(memberModelName);
  const screaming = toScreamingSnake(valueWords);
  return {
    value,
    go: `${toGoPascal(memberWords)}${toGoPascal(valueWords)}`,
    // A Python name cannot start with a digit (`1st` → `V_1ST`); Go and C names have the member's prefix.
    py: escapeReserved('py', /^[0-9]/.test(screaming) ? `V_${screaming}` : screaming),
    c: `${cPrefix.toUpperCase()}_${toScreamingSnake(memberWords)}_${screaming}`,
  };
}

/**
 * The names of all values of one enum, distinct in every language: values whose letters and digits
 * are the same (`a-b`, `a b`, `A_B`; `"""` and `%s`, which have none) would otherwise get the same
 * constant, so the later ones get a number (`A_B_2`), in the model's order.
 */
export function enumValuesNames(memberModelName: string, values: readonly string[], cPrefix: string): EnumValueNames[] {
  const taken = new Set<string>();
  const key = (n: EnumValueNames) => [`go:${n.go}`, `py:${n.py}`, `c:${n.c}`];
  return values.map((value) => {
    const words = enumValueWords(value);
    let names = enumValueNamesFrom(memberModelName, value, cPrefix, words);
    for (let n = 2; key(names).some((k) => taken.has(k)); n++) names = enumValueNamesFrom(memberModelName, value, cPrefix, [...words, String(n)]);
    for (const k of key(names)) taken.add(k);
    return names;
  });
}
