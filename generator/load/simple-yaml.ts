/**
 * A fast path for loading the model (issue #16): the plain value of a YAML text written in a small, common subset
 * (block mappings and sequences indented with spaces, one-line flow collections, one-line quoted strings, `|`,
 * `|-`, `>` and `>-` block scalars, one-line plain scalars, full-line comments), read in one pass over its lines.
 * The `yaml` package's parser, composer and Document cost ~150 ms of a cold `gen` for the bundled model, and the
 * Document is only needed to point a diagnostic at a line and column. Whatever is outside the subset, and anything
 * that YAML might read differently or report (duplicate keys, tabs, anchors, tags, multi-line plain scalars, keys
 * that are not plain names, …), makes this return undefined, and the caller parses with `yaml` as before: the
 * value is the one `yaml` gives for the same text, or none (test/foundation/simple-yaml.test.ts compares both on
 * the bundled, hostile, synthetic and fixture models and on mutated ones).
 */

/** Outside the subset: the caller falls back to the full parser. */
class Unsupported extends Error {}

const unsupported = (): never => {
  throw new Unsupported();
};

/** Characters YAML forbids or treats specially (tabs, CR, C0/C1 controls, BOM, surrogates, non-characters). */
const AWKWARD = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]/;
/** `key:` (a plain name, which must also resolve to a string: not `null`, `true`, …) then the end of the line or a space. */
const KEY_LINE = /^([A-Za-z_$][\w$./-]*):(?: +(.*))?$/;

// YAML 1.2 core schema (the `yaml` package's schema/core), in its order: the first test that matches resolves.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** A plain scalar's value by the core schema, as `yaml` resolves it. */
export function resolvePlain(text: string): unknown {
  if (NULL.test(text)) return null;
  if (BOOL.test(text)) return text[0] === 't' || text[0] === 'T';
  if (INT_OCT.test(text)) return parseInt(text.substring(2), 8);
  if (INT.test(text)) return parseInt(text, 10);
  if (INT_HEX.test(text)) return parseInt(text.substring(2), 16);
  if (FLOAT_NAN.test(text)) return text.slice(-3).toLowerCase() === 'nan' ? NaN : text[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (FLOAT_EXP.test(text) || FLOAT.test(text)) return parseFloat(text);
  return text;
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};

/** A double-quoted string starting at `s[start]`, closed on the same line: [value, index after the quote]. */
function doubleQuoted(s: string, start: number): [string, number] {
  let out = '';
  let i = start + 1;
  let from = i;
  for (;;) {
    const c = s.charCodeAt(i);
    if (Number.isNaN(c)) return unsupported();
    if (c === 34 /* " */) return [out + s.slice(from, i), i + 1];
    if (c === 92 /* \ */) {
      out += s.slice(from, i);
      const e = s[i + 1] ?? '';
      const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
      if (hex) {
        const digits = s.slice(i + 2, i + 2 + hex);
        if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== hex) return unsupported();
        const code = parseInt(digits, 16);
        if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return unsupported();
        out += String.fromCodePoint(code);
        i += 2 + hex;
      } else {
        const escaped = ESCAPES[e];
        if (escaped === undefined) return unsupported();
        out += escaped;
        i += 2;
      }
      from = i;
    } else i++;
  }
}

/** A single-quoted string starting at `s[start]`, closed on the same line: [value, index after the quote]. */
function singleQuoted(s: string, start: number): [string, number] {
  let out = '';
  let i = start + 1;
  for (;;) {
    const q = s.indexOf("'", i);
    if (q < 0) return unsupported();
    out += s.slice(i, q);
    if (s[q + 1] === "'") {
      out += "'";
      i = q + 2;
    } else return [out, q + 1];
  }
}

/** A key's value: a plain name that resolves to a string; `__proto__` (an own property in `yaml`'s object) is left to it. */
function keyOf(name: string): string {
  if (name.length > 1024 || name === '__proto__' || typeof resolvePlain(name) !== 'string') return unsupported();
  return name;
}

function setKey(map: Record<string, unknown>, key: string, value: unknown): void {
  if (Object.prototype.hasOwnProperty.call(map, key)) unsupported(); // duplicate: `yaml` reports it
  map[key] = value;
}

/** One-line flow collections: `[a, "b", { c: 1 }]`, `{ a: b, c: [d] }`. */
class FlowReader {
  i = 0;
  constructor(private readonly s: string) {}

  private spaces(): void {
    while (this.s.charCodeAt(this.i) === 32) this.i++;
  }

  node(): unknown {
    this.spaces();
    const c = this.s[this.i];
    if (c === '[') return this.seq();
    if (c === '{') return this.map();
    if (c === '"' || c === "'") {
      const [value, end] = c === '"' ? doubleQuoted(this.s, this.i) : singleQuoted(this.s, this.i);
      this.i = end;
      return value;
    }
    return resolvePlain(this.plain());
  }

  /** A plain scalar up to `,`, `]` or `}`; nothing YAML could read as a key, comment, alias, tag or anchor. */
  private plain(): string {
    const start = this.i;
    while (this.i < this.s.length && !',[]{}'.includes(this.s[this.i]!)) this.i++;
    const text = this.s.slice(start, this.i).trimEnd();
    if (text === '' || /[:#"'`]|^[-?&*!|>%@]/.test(text)) return unsupported();
    return text;
  }

  private seq(): unknown[] {
    this.i++;
    const out: unknown[] = [];
    this.spaces();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.node());
      this.spaces();
      const c = this.s[this.i++];
      if (c === ']') return out;
      if (c !== ',') return unsupported();
    }
  }

  private map(): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = {};
    this.spaces();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.spaces();
      const m = /^([A-Za-z_$][\w$./-]*): /.exec(this.s.slice(this.i));
      if (!m) return unsupported();
      this.i += m[0].length;
      setKey(out, keyOf(m[1]!), this.node());
      this.spaces();
      const c = this.s[this.i++];
      if (c === '}') return out;
      if (c !== ',') return unsupported();
    }
  }
}

/** The block structure, line by line. */
class BlockReader {
  private readonly lines: string[];
  private readonly indents: number[];
  /** The next line not yet read. */
  private at = 0;

  constructor(text: string) {
    this.lines = text.split('\n');
    this.indents = this.lines.map((l) => l.length - l.trimStart().length);
  }

  /** The next line with content (not blank, not a comment), or -1. */
  private nextContent(): number {
    for (let j = this.at; j < this.lines.length; j++) {
      const line = this.lines[j]!;
      const indent = this.indents[j]!;
      if (indent === line.length) continue;
      if (line.charCodeAt(indent) === 35 /* # */) continue;
      return j;
    }
    return -1;
  }

  document(): unknown {
    const j = this.nextContent();
    if (j < 0 || this.indents[j] !== 0) return unsupported();
    const line = this.lines[j]!;
    if (line.startsWith('-') || line.startsWith('%') || line.startsWith('---') || line.startsWith('...')) return unsupported();
    const value = this.map(0);
    if (this.nextContent() >= 0) return unsupported();
    return value;
  }

  /** The value of `key:` with nothing after it on its line (`indent`: the key's). */
  private nested(indent: number): unknown {
    const j = this.nextContent();
    if (j < 0) return null;
    const content = this.lines[j]!.slice(this.indents[j]!);
    const isItem = content === '-' || content.startsWith('- ');
    // A mapping's sequence value may start at the key's own indentation.
    if (this.indents[j]! > indent || (isItem && this.indents[j] === indent)) return isItem ? this.seq(this.indents[j]!) : this.map(this.indents[j]!);
    return null;
  }

  /** A block mapping whose keys stand at `indent`; `first` is the rest of a `- key: value` line already read. */
  private map(indent: number, first?: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (first !== undefined) this.entry(out, first, indent);
    for (;;) {
      const j = this.nextContent();
      if (j < 0 || this.indents[j]! < indent) return out;
      if (this.indents[j]! > indent) return unsupported();
      this.at = j + 1;
      this.entry(out, this.lines[j]!.slice(indent), indent);
    }
  }

  private entry(out: Record<string, unknown>, content: string, indent: number): void {
    const m = KEY_LINE.exec(content);
    if (!m) return unsupported();
    const key = keyOf(m[1]!);
    const rest = m[2]?.trimEnd() ?? '';
    setKey(out, key, rest === '' ? this.nested(indent) : this.inline(rest, indent));
  }

  /** A block sequence whose `-` stand at `indent`. */
  private seq(indent: number): unknown[] {
    const out: unknown[] = [];
    for (;;) {
      const j = this.nextContent();
      if (j < 0 || this.indents[j]! < indent) return out;
      if (this.indents[j]! > indent) return unsupported();
      const content = this.lines[j]!.slice(indent);
      // Not an item: the next key of the mapping this sequence is the value of (at the key's indentation).
      if (!content.startsWith('- ')) return content === '-' ? unsupported() : out;
      this.at = j + 1;
      const restStart = 2 + content.slice(2).length - content.slice(2).trimStart().length;
      const rest = content.slice(restStart).trimEnd();
      if (rest === '' || rest.startsWith('-')) return unsupported();
      if (KEY_LINE.test(rest)) out.push(this.map(indent + restStart, rest));
      else out.push(this.inline(rest, indent));
    }
  }

  /** A value after `key: ` or `- ` on its line; `indent`: the key's or the dash's. */
  private inline(rest: string, indent: number): unknown {
    const c = rest[0]!;
    if (c === '"' || c === "'") {
      const [value, end] = c === '"' ? doubleQuoted(rest, 0) : singleQuoted(rest, 0);
      if (end !== rest.length) return unsupported();
      return value;
    }
    if (c === '[' || c === '{') {
      const reader = new FlowReader(rest);
      const value = reader.node();
      if (reader.i !== rest.length) return unsupported();
      return value;
    }
    if (rest === '|' || rest === '|-' || rest === '>' || rest === '>-') return this.blockScalar(rest[0] === '>', rest.length === 1, indent);
    if (/^[-?:,\]}#&*!|>'"%@`]/.test(rest) && !/^-[^\s]/.test(rest)) return unsupported();
    if (rest.includes(': ') || rest.includes(' #') || rest.endsWith(':')) return unsupported();
    return resolvePlain(rest);
  }

  /** `|`, `|-`, `>` or `>-`: the lines after the header indented deeper than `parent`. */
  private blockScalar(folded: boolean, clip: boolean, parent: number): string {
    const body: string[] = [];
    let contentIndent = -1;
    let j = this.at;
    for (; j < this.lines.length; j++) {
      const line = this.lines[j]!;
      const indent = this.indents[j]!;
      if (indent === line.length) {
        if (line.length > 0) return unsupported(); // spaces only: left to yaml
        if (contentIndent < 0) return unsupported(); // leading empty lines
        body.push('');
        continue;
      }
      if (indent <= parent) break;
      if (contentIndent < 0) contentIndent = indent;
      if (indent < contentIndent) return unsupported();
      if (folded && indent > contentIndent) return unsupported(); // more-indented lines fold differently
      body.push(line.slice(contentIndent));
    }
    if (contentIndent < 0) return unsupported();
    this.at = j;
    while (body.length > 0 && body[body.length - 1] === '') body.pop();
    let text: string;
    if (!folded) text = body.join('\n');
    else {
      text = body[0]!;
      for (let k = 1; k < body.length; k++) {
        if (body[k] === '') {
          let empty = 0;
          while (body[k] === '') {
            empty++;
            k++;
          }
          text += '\n'.repeat(empty) + body[k]!;
        } else text += ` ${body[k]}`;
      }
    }
    return clip ? `${text}\n` : text;
  }
}

/** The value of `text` when it is inside the subset, else undefined (parse it with `yaml`). */
export function parseSimpleYaml(text: string): { value: unknown } | undefined {
  // Without a final line break, the last line of a block scalar would keep none.
  if (AWKWARD.test(text) || !text.endsWith('\n')) return undefined;
  try {
    return { value: new BlockReader(text).document() };
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}
