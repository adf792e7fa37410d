/**
 * A fast path for loading the model (issue #16): the plain value of the text read by js-yaml, which is several times
 * cheaper than the `yaml` package's parser, composer and Document (~150 ms of a cold `gen` for the bundled model).
 * The Document is only needed to point a diagnostic at a line and column, so load-model.ts parses it lazily.
 *
 * The value must be the one `yaml` gives, and whatever `yaml` reports (errors or warnings) must still be reported, so
 * this returns undefined, and the caller parses with `yaml` as before, when:
 * - the text holds what the two parsers may read or judge differently: tabs, CR, control characters, a BOM, tags,
 *   anchors and aliases, directives and document markers, complex (`?`) keys, quoted or collection keys, very long
 *   lines (`yaml` limits implicit keys to 1024 characters), quoted scalars over several lines, keys that resolve to null,
 *   a comment not separated from a closing quote or bracket,
 *   block scalars at the root or with an explicit indentation indicator, flow collections over several lines;
 * - js-yaml throws (a syntax error, a duplicate key) or the document is empty.
 * Plain scalars resolve by the YAML 1.2 core schema exactly as `yaml`'s schema/core does (js-yaml's own CORE_SCHEMA
 * also reads `1_000`, `0b11`, `-0x1F` and `-0` as numbers, where `yaml` reads strings and -0).
 * test/foundation/fast-yaml.test.ts checks on every YAML file of the project, mutated windows of the bundled model and
 * generated documents that a value comes out only when `yaml` gives the same one without diagnostics.
 */
import { FAILSAFE_SCHEMA, load, Type } from 'js-yaml';

// `yaml`'s schema/core, in its order.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

const nullType = new Type('tag:yaml.org,2002:null', { kind: 'scalar', resolve: (text: string) => NULL.test(text), construct: () => null });

const boolType = new Type('tag:yaml.org,2002:bool', { kind: 'scalar', resolve: (text: string) => BOOL.test(text), construct: (text: string) => text[0] === 't' || text[0] === 'T' });

const intType = new Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (text: string) => INT_OCT.test(text) || INT.test(text) || INT_HEX.test(text),
  construct: (text: string) => (INT_OCT.test(text) ? parseInt(text.substring(2), 8) : INT.test(text) ? parseInt(text, 10) : parseInt(text.substring(2), 16)),
});

const floatType = new Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (text: string) => FLOAT_NAN.test(text) || FLOAT_EXP.test(text) || FLOAT.test(text),
  construct: (text: string) =>
    FLOAT_NAN.test(text) ? (text.slice(-3).toLowerCase() === 'nan' ? NaN : text[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY) : parseFloat(text),
});

const YAML_CORE = FAILSAFE_SCHEMA.extend({ implicit: [nullType, boolType, intType, floatType] });

/** Characters YAML forbids or treats specially (tabs, CR, C0/C1 controls, BOM, surrogates, non-characters). */
const AWKWARD = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]/;
/**
 * Anything that may start a tag, anchor or alias (`!`, `&`, `*` at the start of a token), a complex key (`?`), a
 * directive or document marker, a key that is quoted or a collection (a quote or closing bracket before `:`), or a
 * quoted scalar left open at the end of a line (multi-line
 * quoted scalars: js-yaml folds escaped line breaks differently and accepts them as implicit keys, `yaml` does not).
 */
const EXOTIC = /(?:^|[ ,[{:])[!&*]|(?:^|[ ,[{])\?(?:[ ,\]}]|$)|^(?:%|---|\.\.\.)|["'\]}] *:|(?:^|[ ,[{:])(?:"(?:[^"\\\n]|\\.)*\\?|'(?:[^'\n]|'')*)$/m;

/**
 * A `#` right after a closing quote, bracket or comma (`"x"#`): `yaml` reports a comment not separated by white space,
 * where js-yaml reads a comment. Matched loosely (inside plain scalars too): a text it catches only goes to `yaml`.
 */
const UNSEPARATED_COMMENT = /["'\]},]#/;

/**
 * A key that resolves to null (empty, `~`, `null`): `yaml` turns it into the key "" and js-yaml into "null". Matched
 * loosely (also inside values, comments and block scalars): a text it catches only goes to `yaml`.
 */
const NULL_KEY = /(?:^(?: *- +)*|[[{,]) *(?:~|[Nn]ull|NULL)? *:(?:[ ,\]}]|$)/m;

/**
 * A block scalar at the root (its lines may start at column 0) or with an explicit indentation indicator (`|2-`):
 * js-yaml reads their chomping and indentation differently from `yaml` (`|-` at the root keeps its last line break).
 * A model is a mapping, so neither is ever in a valid one.
 */
const ODD_BLOCK_SCALAR = /^[|>]|(?:^|[ :-])[|>](?:[1-9][-+]?|[-+][1-9]) *(?:#.*)?$/m;

/** A line long enough to be an over-long implicit key (a regex for this costs ~15 ms on the bundled model). */
function hasLongLine(text: string): boolean {
  for (let start = 0; start < text.length; ) {
    const end = text.indexOf('\n', start);
    if ((end === -1 ? text.length : end) - start >= 1000) return true;
    if (end === -1) break;
    start = end + 1;
  }
  return false;
}

/**
 * A line that ends inside a flow collection (more `[`/`{` than `]`/`}` on it, counted loosely: brackets in quotes
 * and comments too): js-yaml reads a flow collection over several lines whatever its lines' indentation, where
 * `yaml` requires them indented past the parent. A text caught by the loose count only goes to `yaml`.
 */
function hasOpenFlowLine(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) depth++;
    else if (c === 0x5d || c === 0x7d) depth--;
    else if (c === 0x0a) {
      if (depth > 0) return true;
      depth = 0;
    }
  }
  return depth > 0;
}

/** The value of `text` when js-yaml reads it as `yaml` would with no diagnostics; undefined to leave it to `yaml`. */
export function loadFastYaml(text: string): { value: unknown } | undefined {
  if (AWKWARD.test(text) || EXOTIC.test(text) || UNSEPARATED_COMMENT.test(text) || NULL_KEY.test(text) || ODD_BLOCK_SCALAR.test(text) || hasLongLine(text) || hasOpenFlowLine(text)) return undefined;
  let value: unknown;
  try {
    value = load(text, { schema: YAML_CORE });
  } catch {
    return undefined;
  }
  return value === undefined ? undefined : { value };
}
