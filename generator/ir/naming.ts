/**
 * Naming: every identifier in every language is decided once, when the IR is built, from the
 * model's name split into words. Each language's rules (casing, initialisms, reserved words) are
 * its Namer, in generator/emitters/<lang>/naming.ts; the pipeline hands the namers to build-ir.
 * Emitters never re-case a name themselves, so a collision is a diagnostic, not a compile error in
 * generated code.
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
export { capitalize };

/** The keys of IR names, one per language that has identifiers (its Namer's key). */
export type NameKey = 'ts' | 'go' | 'py' | 'c' | 'java' | 'cpp' | 'php' | 'rb' | 'cs' | 'cli';

/**
 * One language's naming rules. Every function takes lower-case words; `prefix` is the model's
 * C-style package prefix (`ossc`) for languages whose identifiers are global.
 */
export interface Namer {
  key: NameKey;
  /** Words that cannot be used as an identifier where the generator puts names. */
  reserved: ReadonlySet<string>;
  member(words: string[]): string;
  operation(words: string[], prefix: string): string;
  input(words: string[], prefix: string): string;
  output(words: string[], prefix: string): string;
  /** The error class (or C enum constant) of a service error code. */
  error(words: string[], prefix: string): string;
  /** The constant of one enum value of a member. */
  enumValue(memberWords: string[], valueWords: string[], prefix: string): string;
  /** The client type, from the service's name. */
  client(words: string[], prefix: string): string;
}

/** Appends `_` to a name that is a reserved word in that language (the convention of each language's style guide). */
export function escapeReserved(reserved: ReadonlySet<string>, name: string): string {
  return reserved.has(name) ? `${name}_` : name;
}

/** One name per language. */
export type LanguageNames = Record<NameKey, string>;

function byLanguage(namers: readonly Namer[], name: (n: Namer) => string): LanguageNames {
  const names: Partial<LanguageNames> = {};
  for (const namer of namers) names[namer.key] = name(namer);
  return names as LanguageNames;
}

/** A member or field name in every language. */
export interface MemberNames extends LanguageNames {
  /** The model's own name (lowerCamel), used in test values and diagnostics. */
  model: string;
  /** Human words, e.g. for docs: "next append position". */
  words: string[];
}

export function memberNames(modelName: string, namers: readonly Namer[]): MemberNames {
  const words = splitWords(modelName);
  return { model: modelName, ...byLanguage(namers, (n) => n.member(words)), words };
}

/** An operation's names: the method in each language and its input/output type names. */
export interface OperationNames extends LanguageNames {
  model: string;
  words: string[];
  kebab: string;
  input: LanguageNames;
  output: LanguageNames;
}

export function operationNames(name: string, prefix: string, namers: readonly Namer[]): OperationNames {
  const words = splitWords(name);
  return {
    model: name,
    words,
    ...byLanguage(namers, (n) => n.operation(words, prefix)),
    kebab: toKebab(words),
    input: byLanguage(namers, (n) => n.input(words, prefix)),
    output: byLanguage(namers, (n) => n.output(words, prefix)),
  };
}

/** A service error's names: its exception / error class (`PositionNotEqualToLengthError`), or C enum constant. */
export interface ErrorNames extends LanguageNames {
  model: string;
  words: string[];
}

export function errorNames(code: string, prefix: string, namers: readonly Namer[]): ErrorNames {
  const words = splitWords(code);
  return { model: code, words, ...byLanguage(namers, (n) => n.error(words, prefix)) };
}

/** The constants of one enum value: Go `ObjectACLPublicRead`, Python `PUBLIC_READ`, C `OSSC_OBJECT_ACL_PUBLIC_READ`. */
export interface EnumValueNames extends LanguageNames {
  value: string;
}

export function enumValueNames(memberModelName: string, value: string, prefix: string, namers: readonly Namer[]): EnumValueNames {
  return enumValueNamesFrom(memberModelName, value, prefix, enumValueWords(value), namers);
}

/** The words of an enum value: its letters and digits; `value` when it has none (`"""`, `日志`). */
function enumValueWords(value: string): string[] {
  const valueWords = splitWords(value.replace(/[^A-Za-z0-9]+/g, ' ').replace(/ (.)/g, (_, c: string) => c.toUpperCase()));
  return valueWords.length > 0 ? valueWords : ['value'];
}

function enumValueNamesFrom(memberModelName: string, value: string, prefix: string, valueWords: string[], namers: readonly Namer[]): EnumValueNames {
  const memberWords = splitWords(memberModelName);
  return { value, ...byLanguage(namers, (n) => n.enumValue(memberWords, valueWords, prefix)) };
}

/**
 * The names of all values of one enum, distinct in every language: values whose letters and digits
 * are the same (`a-b`, `a b`, `A_B`; `"""` and `%s`, which have none) would otherwise get the same
 * constant, so the later ones get a number (`A_B_2`), in the model's order.
 */
export function enumValuesNames(memberModelName: string, values: readonly string[], prefix: string, namers: readonly Namer[]): EnumValueNames[] {
  const taken = new Set<string>();
  const key = (n: EnumValueNames) => namers.map((namer) => `${namer.key}:${n[namer.key]}`);
  return values.map((value) => {
    const words = enumValueWords(value);
    let names = enumValueNamesFrom(memberModelName, value, prefix, words, namers);
    for (let n = 2; key(names).some((k) => taken.has(k)); n++) names = enumValueNamesFrom(memberModelName, value, prefix, [...words, String(n)], namers);
    for (const k of key(names)) taken.add(k);
    return names;
  });
}

/** The client type in every language. */
export function clientNames(serviceName: string, prefix: string, namers: readonly Namer[]): LanguageNames {
  const words = splitWords(serviceName);
  return byLanguage(namers, (n) => n.client(words, prefix));
}
