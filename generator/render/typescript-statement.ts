/**
 * One line of generated TypeScript checked against prettier's layout (issue #16, used by typescript-layout.ts):
 * a simple statement (`return x;`, `const a = f(b, c);`, `this.x = y;`, `if (a) return b;` …) whose text is
 * already what prettier prints for it on one line, except for the quotes of its string literals. The line is
 * parsed by a small grammar and printed back token by token with prettier's spacing; it is accepted only when
 * that print is the line itself, and only for constructs whose one-line layout prettier never changes while they
 * fit in the width: no redundant or missing parentheses (prettier's needsParens rules for binary operators,
 * `(a && b) || c`, `a + (b % c)`, `(await a) + 1`, `(x) => (a ? b : c)` are refused when written otherwise),
 * no nested conditionals, no member chain of more than two calls (prettier breaks those), no arrays of object
 * literals, no strings with quotes or backslashes (their quoting rules), ASCII outside string and template
 * literals (wide characters in them are measured by textWidth as prettier measures them), no comments. The caller
 * checks the width. Returns the line with prettier's quotes, or undefined.
 */

import { type ChainLink, type ChainPrimary, type MemberChainLayout, memberChainLayout } from './typescript-member-chain.js';
import { stringWidth } from './prettier-style.js';

/**
 * The width prettier gives a printed line (its getStringWidth): the length for ASCII; text outside ASCII comes
 * only from string and template literals (the tokenizer refuses it elsewhere, and emoji, which stringWidth does
 * not measure), where a wide (CJK, full-width) character counts 2 columns.
 */
export function textWidth(text: string): number {
  return /[^\x20-\x7f]/.test(text) ? stringWidth(text)! : text.length;
}

/**
 * The widest line of a printed block, line comments aside (no width affects them): its `fit`. Computed for
 * every block at every nesting level over all its lines, so without a trimmed copy of each line.
 */
export function widestCodeLine(lines: readonly string[]): number {
  let widest = -Infinity;
  // Math.max, as before: a width stringWidth cannot give (NaN) makes the whole block unmeasured.
  for (const line of lines) widest = Math.max(widest, LINE_COMMENT.test(line) ? 0 : textWidth(line));
  return widest;
}
/** A line that is a line comment: `\s` is the whitespace trimStart() removes. */
const LINE_COMMENT = /^\s*\/\//;

/** Literal text this module measures: any but line terminators, control characters and emoji (their widths are prettier's own). */
function measurable(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text) || (!/[\x00-\x1f\x7f-\x9f\u2028\u2029]/.test(text) && stringWidth(text) !== undefined);
}

type Tok = { kind: 'id' | 'num' | 'str' | 'tpl' | 're' | 'p'; text: string; start?: number };
/** A text's tokens and the spacing between them: `sp[i]` is whether a space precedes token i. */
type Tokens = { toks: Tok[]; sp: boolean[] };

/**
 * The punctuator at `i` (the longest of `...`, `===`, `!==`, `??=`, `||=`, `&&=`, `=>`, `==`, `!=`, `<=`, `>=`,
 * `&&`, `||`, `??`, `?.`, `+=`, `-=`, `*=`, `/=`, `^=`, `++`, `--` and the single characters `()[]{},;:.?!=<>+-*\/%|&^`),
 * or undefined. By character codes: the tokenizer runs over every statement the layout prints.
 */
function punctuatorAt(line: string, i: number): string | undefined {
  const c1 = line.charCodeAt(i + 1);
  const c2 = line.charCodeAt(i + 2);
  switch (line.charCodeAt(i)) {
    case 0x2e /* . */:
      return c1 === 0x2e && c2 === 0x2e ? '...' : '.';
    case 0x3d /* = */:
      return c1 === 0x3d ? (c2 === 0x3d ? '===' : '==') : c1 === 0x3e ? '=>' : '=';
    case 0x21 /* ! */:
      return c1 === 0x3d ? (c2 === 0x3d ? '!==' : '!=') : '!';
    case 0x3f /* ? */:
      return c1 === 0x3f ? (c2 === 0x3d ? '??=' : '??') : c1 === 0x2e ? '?.' : '?';
    case 0x7c /* | */:
      return c1 === 0x7c ? (c2 === 0x3d ? '||=' : '||') : '|';
    case 0x26 /* & */:
      return c1 === 0x26 ? (c2 === 0x3d ? '&&=' : '&&') : '&';
    case 0x3c /* < */:
      return c1 === 0x3d ? '<=' : '<';
    case 0x3e /* > */:
      return c1 === 0x3d ? '>=' : '>';
    case 0x2b /* + */:
      return c1 === 0x3d ? '+=' : c1 === 0x2b ? '++' : '+';
    case 0x2d /* - */:
      return c1 === 0x3d ? '-=' : c1 === 0x2d ? '--' : '-';
    case 0x2a /* * */:
      return c1 === 0x3d ? '*=' : '*';
    case 0x2f /* / */:
      return c1 === 0x3d ? '/=' : '/';
    case 0x5e /* ^ */:
      return c1 === 0x3d ? '^=' : '^';
    case 0x25 /* % */:
      return '%';
    case 0x28:
      return '(';
    case 0x29:
      return ')';
    case 0x5b:
      return '[';
    case 0x5d:
      return ']';
    case 0x7b:
      return '{';
    case 0x7d:
      return '}';
    case 0x2c:
      return ',';
    case 0x3b:
      return ';';
    case 0x3a:
      return ':';
    default:
      return undefined;
  }
}

/** `[A-Za-z_$]` by character code. */
function isIdentifierStart(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f || code === 0x24;
}

/** `[\w$]` by character code. */
function isIdentifierPart(code: number): boolean {
  return isIdentifierStart(code) || (code >= 0x30 && code <= 0x39);
}

const RESERVED = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export', 'extends',
  'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'let', 'new', 'return', 'switch', 'throw', 'try', 'typeof', 'var',
  'void', 'while', 'with', 'yield', 'await', 'async', 'as', 'satisfies', 'of', 'static', 'implements', 'interface', 'package',
  'private', 'protected', 'public',
]);

const NUMBER_AT = /(?:0x[0-9a-f]+|(?:0|[1-9](?:_?\d)*)(?:\.\d*[1-9])?)n?(?![\w$.])/y;

/** The line's tokens, or undefined when it holds something this module does not print (see the module's header). */
function tokenize(line: string): Tokens | undefined {
  tokenizedTexts++;
  const toks: Tok[] = [];
  const sp: boolean[] = [];
  let i = 0;
  let space = false;
  while (i < line.length) {
    const code = line.charCodeAt(i);
    if (code === 0x20) {
      if (space || i === 0) return undefined;
      space = true;
      i++;
      continue;
    }
    sp.push(space);
    space = false;
    const tokStart = i;
    if (isIdentifierStart(code)) {
      let end = i + 1;
      while (end < line.length && isIdentifierPart(line.charCodeAt(end))) end++;
      toks.push({ kind: 'id', text: line.slice(i, end), start: tokStart });
      i = end;
      continue;
    }
    const c = line[i]!;
    if (code >= 0x30 && code <= 0x39) {
      NUMBER_AT.lastIndex = i;
      const m = NUMBER_AT.exec(line);
      if (!m) return undefined;
      toks.push({ kind: 'num', text: m[0], start: tokStart });
      i += m[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      let end = i + 1;
      while (end < line.length && line[end] !== c) {
        if (line[end] === '\\') {
          // Escapes whose printing does not depend on prettier's unnecessary-escape rule.
          if (!/[nrtbfv0\\'"ux]/.test(line[end + 1] ?? '')) return undefined;
          end += 2;
        } else end++;
      }
      if (end >= line.length || !measurable(line.slice(i, end + 1))) return undefined;
      toks.push({ kind: 'str', text: line.slice(i, end + 1), start: tokStart });
      i = end + 1;
      continue;
    }
    if (c === '`') {
      // Template literals: text kept verbatim by prettier; `${…}` holds a simple expression, checked separately.
      const j = templateEnd(line, i);
      if (j === undefined || !measurable(line.slice(i, j + 1))) return undefined;
      toks.push({ kind: 'tpl', text: line.slice(i, j + 1), start: tokStart });
      i = j + 1;
      continue;
    }
    if (c === '/' && (line[i + 1] === '/' || line[i + 1] === '*')) return undefined;
    if (c === '/' && regexAllowed(toks)) {
      let j = i + 1;
      let inClass = false;
      while (j < line.length) {
        const d = line[j]!;
        if (d === '\\') j += 2;
        else {
          if (d === '[') inClass = true;
          else if (d === ']') inClass = false;
          else if (d === '/' && !inClass) break;
          j++;
        }
      }
      if (j >= line.length) return undefined;
      const flags = /^[a-z]*/.exec(line.slice(j + 1))![0];
      if (!/^[\x20-\x7e]*$/.test(line.slice(i, j + 1))) return undefined;
      // prettier prints a regular expression's flags sorted.
      if ([...flags].sort().join('') !== flags) return undefined;
      toks.push({ kind: 're', text: line.slice(i, j + 1 + flags.length), start: tokStart });
      i = j + 1 + flags.length;
      continue;
    }
    const p = punctuatorAt(line, i);
    if (!p) return undefined;
    toks.push({ kind: 'p', text: p, start: tokStart });
    i += p.length;
  }
  if (space) return undefined;
  return { toks, sp };
}

function regexAllowed(toks: Tok[]): boolean {
  const last = toks[toks.length - 1];
  if (!last) return true;
  if (last.kind === 'id') return ['return', 'typeof', 'in', 'of', 'new', 'void', 'throw', 'case', 'await'].includes(last.text);
  if (last.kind === 'p') return ![')', ']', '}'].includes(last.text);
  return false;
}

/** prettier's string quotes for a type's literal content, or undefined when the content needs its escaping rules. */
function quotedType(content: string): string | undefined {
  if (/['"\\\n]/.test(content)) return undefined;
  return `'${content}'`;
}

const TYPE_KEYWORDS = ['typeof', 'keyof', 'infer', 'unique', 'asserts', 'is', 'new', 'readonly', 'extends', 'abstract'];

/**
 * A type of a small grammar, re-printed as prettier prints it on one line: unions and intersections of
 * (possibly `readonly`) array-suffixed primaries; a primary is a dotted name with type arguments, a string or
 * number literal, `keyof` or `typeof` a name, an object type of simple members, a tuple, a function or
 * constructor type (`(a: T, b?: U) => R`, `new (...args: never[]) => T`), or a function type in the
 * parentheses prettier keeps (a member of a union or intersection of two or more, or before `[]`). Returns
 * undefined for anything else (other parentheses, conditional and mapped types…).
 */
export function printType(src: string): string | undefined {
  // Kept by text: the same types come back in every member, parameter and annotation (728 asks, 158 texts in
  // the bundled model's files).
  let printed = printedTypes.get(src);
  if (printed === undefined) {
    printed = printTypeUncached(src) ?? null;
    remember(printedTypes, src, printed);
  }
  return printed ?? undefined;
}
const printedTypes = new Map<string, string | null>();

function printTypeUncached(src: string): string | undefined {
  let pos = 0;
  const out: string[] = [];
  /** Set by primary when it read a parenthesized function type (whose parentheses its context must need). */
  let parenthesizedFunction = false;
  /** How many members the union or intersection that ended last had (the outermost sets it last). */
  let unionMembers = 0;
  let intersectionMembers = 0;
  const skipSpaces = () => {
    while (src[pos] === ' ') pos++;
  };
  const union = (): boolean => {
    let members = 0;
    let needsContext = false;
    for (;;) {
      const at = intersection();
      if (at === undefined) return false;
      members++;
      needsContext ||= at;
      skipSpaces();
      if (src[pos] !== '|') break;
      pos++;
      out.push(' | ');
    }
    unionMembers = members;
    return !needsContext || members > 1;
  };
  /** Whether it was one member that is a parenthesized function type (redundant unless a union makes it needed). */
  const intersection = (): boolean | undefined => {
    let members = 0;
    let parenFn = false;
    for (;;) {
      const p = postfix();
      if (p === undefined) return undefined;
      members++;
      parenFn ||= p;
      skipSpaces();
      if (src[pos] !== '&') break;
      pos++;
      out.push(' & ');
    }
    intersectionMembers = members;
    return parenFn && members === 1;
  };
  /** Whether it is a parenthesized function type without an array suffix. */
  const postfix = (): boolean | undefined => {
    skipSpaces();
    if (src.startsWith('readonly ', pos)) {
      pos += 'readonly '.length;
      out.push('readonly ');
      return postfix();
    }
    parenthesizedFunction = false;
    if (!primary()) return undefined;
    let paren = parenthesizedFunction;
    parenthesizedFunction = false;
    while (src.startsWith('[]', pos)) {
      pos += 2;
      out.push('[]');
      paren = false;
    }
    return paren;
  };
  /** `(params) => R` at pos (a `(`), or false. */
  const functionType = (): boolean => {
    pos++;
    out.push('(');
    for (let first = true; ; first = false) {
      skipSpaces();
      if (src[pos] === ')') break;
      if (!first) {
        if (src[pos] !== ',') return false;
        pos++;
        out.push(', ');
        skipSpaces();
      }
      const m = /^(\.\.\.)?([A-Za-z_$][\w$]*)(\??): /.exec(src.slice(pos));
      if (!m || TYPE_KEYWORDS.includes(m[2]!)) return false;
      pos += m[0].length;
      out.push(`${m[1] ?? ''}${m[2]}${m[3]}: `);
      if (!union()) return false;
    }
    pos++;
    out.push(')');
    if (!src.startsWith(' => ', pos)) return false;
    pos += 4;
    out.push(' => ');
    return union();
  };
  const primary = (): boolean => {
    skipSpaces();
    const c = src[pos];
    // `keyof T`: printed as written (no parentheses are added or dropped here).
    if (src.startsWith('keyof ', pos)) {
      pos += 'keyof '.length;
      out.push('keyof ');
      return primary();
    }
    // `typeof a.b`: a type query of a dotted name.
    if (src.startsWith('typeof ', pos)) {
      const m = /^typeof ([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)/.exec(src.slice(pos));
      if (!m) return false;
      pos += m[0].length;
      out.push(m[0]);
      return true;
    }
    // A constructor type.
    const ctor = /^(?:abstract )?new \(/.exec(src.slice(pos));
    if (ctor) {
      pos += ctor[0].length - 1;
      out.push(ctor[0].slice(0, -1));
      return functionType();
    }
    if (c === '(') {
      // A function type, else a function type in parentheses.
      const [savePos, saveOut] = [pos, out.length];
      if (functionType()) return true;
      pos = savePos;
      out.length = saveOut;
      pos++;
      out.push('(');
      skipSpaces();
      // A union or intersection as an array's element type, `(A & B)[]`: the parentheses are needed, kept.
      const [innerPos, innerOut] = [pos, out.length];
      if (union() && (unionMembers > 1 || intersectionMembers > 1) && src.startsWith(')[]', pos)) {
        pos++;
        out.push(')');
        return true;
      }
      pos = innerPos;
      out.length = innerOut;
      const inner = /^(?:abstract )?new \(/.exec(src.slice(pos));
      if (inner) {
        pos += inner[0].length - 1;
        out.push(inner[0].slice(0, -1));
      } else if (src[pos] !== '(') return false;
      if (!functionType()) return false;
      if (src[pos] !== ')') return false;
      pos++;
      out.push(')');
      parenthesizedFunction = true;
      return true;
    }
    // A tuple of two or more types, `[A, B]`.
    if (c === '[') {
      pos++;
      out.push('[');
      for (let first = true; ; first = false) {
        skipSpaces();
        if (src[pos] === ']') {
          if (first) return false;
          break;
        }
        if (!first) {
          if (src[pos] !== ',') return false;
          pos++;
          out.push(', ');
        }
        if (!union()) return false;
      }
      pos++;
      out.push(']');
      return true;
    }
    // An object type of simple members, `{ a: T; b?: U }`, as prettier prints it on one line.
    if (c === '{') {
      pos++;
      out.push('{ ');
      for (let first = true; ; first = false) {
        skipSpaces();
        if (!first) {
          if (src[pos] === '}') break;
          if (src[pos] !== ';') return false;
          pos++;
          out.push('; ');
          skipSpaces();
        }
        const m = /^([A-Za-z_$][\w$]*)(\??): /.exec(src.slice(pos));
        if (!m) return false;
        pos += m[0].length;
        out.push(`${m[1]}${m[2]}: `);
        if (!union()) return false;
      }
      pos++;
      out.push(' }');
      return true;
    }
    if (c === '"' || c === "'") {
      const end = src.indexOf(c, pos + 1);
      if (end < 0) return false;
      const q = quotedType(src.slice(pos + 1, end));
      if (q === undefined) return false;
      out.push(q);
      pos = end + 1;
      return true;
    }
    const m = /^(?:[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*|\d+)/.exec(src.slice(pos));
    if (!m) return false;
    pos += m[0].length;
    out.push(m[0]);
    if (TYPE_KEYWORDS.includes(m[0])) return false;
    if (src[pos] === '<') {
      pos++;
      out.push('<');
      if (!union()) return false;
      for (;;) {
        skipSpaces();
        if (src[pos] === ',') {
          pos++;
          out.push(', ');
          if (!union()) return false;
        } else break;
      }
      if (src[pos] !== '>') return false;
      pos++;
      out.push('>');
    }
    // An indexed access by a number, `T[0]`, or by a simple string literal, `T['key']` (single quotes, as prettier).
    const index = /^\[\d+\]/.exec(src.slice(pos));
    if (index) {
      pos += index[0].length;
      out.push(index[0]);
    }
    const key = index ? null : /^\[(['"])([A-Za-z_$][\w$]*)\1\]/.exec(src.slice(pos));
    if (key) {
      pos += key[0].length;
      out.push(`['${key[2]}']`);
    }
    return true;
  };
  if (!union()) return undefined;
  skipSpaces();
  return pos === src.length ? out.join('') : undefined;
}

const NO_TOKENS: Tok[] = [];
const NO_SPACES: boolean[] = [];

/** Thrown to refuse a line: a constant, not an Error (an Error's stack trace made refusing cost more than parsing). */
const FAIL = { refused: true } as const;

const BINARY_PRECEDENCE = new Map<string, number>([
  ['??', 1], ['||', 2], ['&&', 3], ['|', 4], ['^', 5], ['&', 6], ['<<', 9], ['>>', 9], ['>>>', 9],
  ['==', 7], ['===', 7], ['!=', 7], ['!==', 7],
  ['<', 8], ['>', 8], ['<=', 8], ['>=', 8], ['in', 8], ['instanceof', 8],
  ['+', 10], ['-', 10], ['*', 11], ['/', 11], ['%', 11],
]);

interface Node {
  /** 'binary' (with op), 'unary', 'await', 'cond', 'arrow', 'as', 'assign', 'postfix' (primaries and chains). */
  type: string;
  op?: string;
  text: string;
  /** Written in parentheses (the text includes them). */
  paren?: boolean;
  /** A chain that ends with a call: the text before its arguments, and the arguments. */
  callHead?: string;
  args?: Node[];
  /** An object or array literal: its entries (`key: value` with the value's node, shorthand, spread). */
  entries?: { head: string; value?: Node }[];
  bracket?: '{' | '[';
  /** `await x`, `!x`: the operand. */
  operand?: Node;
  /** A binary expression's two operands. */
  sides?: [Node, Node];
  /** Text prettier never breaks (names, literals, member accesses without calls, simple templates). */
  leaf?: boolean;
  /** An object or array literal (not chained): which, and how many properties or elements it has. */
  lit?: { kind: '{' | '['; count: number };
  /**
   * It holds a group prettier always breaks (an array of two or more objects, or of two or more arrays, each
   * with two or more entries: prettier's shouldBreak for arrays), so it is never printed on one line.
   */
  hard?: boolean;
  /** A string or template literal alone (not chained). */
  literal?: 'str' | 'tpl';
  /**
   * `f(a).b.c(d)`: a call on a name, member names, a last call (two groups of prettier's member chain, which it
   * prints as one line, breaking inside the arguments only). `first` is `f(a)`, `between` is `.b.c`.
   */
  chain?: { first: Node; between: string };
  /** A conditional (not a chain of them): its test, consequent and alternate. */
  cond?: [Node, Node, Node];
  /** A binary chain of one operator: its operands, left to right. */
  operands?: Node[];
  /** An arrow function with an expression body (not parenthesized): `(a) =>` and the body. */
  arrow?: { head: string; body: Node };
  /**
   * The least depth at which prettier's isSimpleCallArgument holds for it (Infinity: at none; undefined: not
   * known here), for the member-chain rule.
   */
  simple?: number;
  /** A chain prettier prints as a member chain (typescript-member-chain.ts): its groups. */
  memberChain?: MemberChainLayout;
  /** `[a, b].join(x)`: an array literal with one member call after it, the array's entries and the text after it. */
  arrayHead?: { entries: { head: string; value?: Node }[]; rest: string };
}

/** The greatest of some simple depths (undefined when any is unknown). */
function maxDepth(...depths: (number | undefined)[]): number | undefined {
  return depths.some((d) => d === undefined) ? undefined : Math.max(...(depths as number[]));
}

/** isSimpleCallArgument's depth for a call of these arguments on a simple callee: at most `depth` arguments, each simple one level down. */
function callDepth(args: Node[]): number | undefined {
  return maxDepth(1, args.length, ...args.map((a) => (a.simple === undefined ? undefined : 1 + a.simple)));
}

/**
 * A recursive-descent parser over the tokens that prints prettier's one-line form; `expectSpace` checks the
 * source's spacing against the canonical one at every token.
 */
class Parser {
  pos = 0;
  /** The statement's text before its expression and the expression, for statements that can be broken. */
  stmtHead: string | undefined;
  stmtExpr: Node | undefined;
  /**
   * For `if (test) consequent;`, `for (…) body;`: the clause's header (`if (test)`), whether a group in it is
   * one prettier always breaks, and the token where the consequent or body starts.
   */
  clause: { header: string; hard: boolean } | undefined;
  clauseBodyAt: number | undefined;
  /** An if's test (the last if read). */
  ifTest: Node | undefined;
  /** Arrays prettier always breaks, found so far (see Node.hard). */
  hardCount = 0;
  /** Token indices of quoted object keys prettier prints unquoted (quoteProps "as-needed"). */
  readonly unquoted = new Set<number>();
  /** Where an expression statement's expression starts (a member chain there may be the whole statement). */
  exprStatementAt = -1;
  /** A member chain starting there whose grouping depends on being the statement's whole expression. */
  statementChain: Node | undefined;
  constructor(
    private toks: Tok[],
    private sp: boolean[],
  ) {}

  /**
   * Lets go of the tokens once the parse is read (what a cached parse keeps is its result, the nodes): they
   * would otherwise live as long as the cache, copied by every scavenge on the way to the old generation.
   */
  releaseTokens(): void {
    this.toks = NO_TOKENS;
    this.sp = NO_SPACES;
  }

  peek(offset = 0): Tok | undefined {
    return this.toks[this.pos + offset];
  }
  is(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t !== undefined && (t.kind === 'p' || t.kind === 'id') && t.text === text;
  }
  /** Takes the next token, requiring a space before it or not, as prettier prints it. */
  take(space: boolean, text?: string): Tok {
    const t = this.toks[this.pos];
    if (!t || (text !== undefined && t.text !== text)) throw FAIL;
    void space;
    this.pos++;
    return t;
  }

  statement(): string {
    if (this.is('return') || this.is('throw')) {
      const kw = this.take(false).text;
      if (this.is(';') && kw === 'return') {
        this.take(false, ';');
        return 'return;';
      }
      const e = this.assign(true);
      this.take(false, ';');
      this.stmtHead = `${kw} `;
      this.stmtExpr = e;
      return `${kw} ${e.text};`;
    }
    if (this.is('break') || this.is('continue')) {
      const kw = this.take(false).text;
      this.take(false, ';');
      return `${kw};`;
    }
    if (this.is('if')) {
      this.take(false, 'if');
      this.take(true, '(');
      const test = this.assign(false);
      this.take(false, ')');
      // The consequent: a simple statement on the same line (no block, no nested if, no declaration).
      this.ifTest = test;
      return this.clauseBody(`if (${test.text})`, test.hard === true, true);
    }
    const classic = this.is('for') && this.is('(', 1) && this.is('let', 2) ? this.classicFor() : undefined;
    if (classic) {
      // `for (let i = 0; i < n; i++) statement;`: as an if (prettier's printFor: the header group, then the body
      // by adjustClause), the header's three parts one-line expressions.
      const [init, test, update] = classic;
      return this.clauseBody(`for (${init.text}; ${test.text}; ${update.text})`, [init, test, update].some((n) => n.hard), false);
    }
    if (this.is('for')) {
      // `for (const x of e) statement;` and `for await (…)`: one line where it fits (prettier's adjustClause in a
      // group); a name only on the left, a simple statement as the body.
      this.take(false, 'for');
      let isAwait = '';
      if (this.is('await')) {
        this.take(true, 'await');
        isAwait = ' await';
      }
      this.take(true, '(');
      const kw = this.take(false).text;
      if (kw !== 'const' && kw !== 'let') throw FAIL;
      const name = this.take(true);
      if (name.kind !== 'id' || RESERVED.has(name.text)) throw FAIL;
      this.take(true, 'of');
      const iterable = this.assign(false);
      this.take(false, ')');
      return this.clauseBody(`for${isAwait} (${kw} ${name.text} of ${iterable.text})`, iterable.hard === true, false);
    }
    if (this.is('yield')) {
      // `yield x;` on one line only (its broken layouts are not printed here).
      this.take(false, 'yield');
      const e = this.assign(false);
      this.take(false, ';');
      this.stmtHead = undefined;
      this.stmtExpr = undefined;
      return `yield ${e.text};`;
    }
    let prefix = '';
    if (this.is('export') && (this.is('const', 1) || this.is('let', 1))) {
      this.take(false, 'export');
      prefix = 'export ';
    }
    if (this.is('const') || this.is('let')) {
      const kw = this.take(prefix !== '').text;
      // `const [a, b] = …`: names only, on one line only (broken, an array pattern's layouts are not printed here).
      const arrayPattern = this.is('[');
      const name: Tok = arrayPattern ? { kind: 'id', text: this.namePattern(true) } : this.is('{') ? this.shorthandPattern() : this.take(true);
      if (name.kind !== 'id' || RESERVED.has(name.text)) throw FAIL;
      let type = '';
      // `let x!: T;`: a definite assignment assertion, on a declaration without a value only.
      const definite = kw === 'let' && prefix === '' && !arrayPattern && !name.text.startsWith('{') && this.is('!') && this.is(':', 1) ? this.take(false, '!').text : '';
      if (this.is(':')) {
        this.take(false, ':');
        type = `: ${this.type()}`;
      }
      // `let x: T;`: a declaration without a value.
      if (kw === 'let' && prefix === '' && name.kind === 'id' && !arrayPattern && !name.text.startsWith('{') && this.is(';') && (definite === '' || type !== '')) {
        this.take(false, ';');
        return `let ${name.text}${definite}${type};`;
      }
      if (definite !== '') throw FAIL;
      this.take(true, '=');
      const init = this.assign(true, true);
      this.take(false, ';');
      this.stmtHead = arrayPattern ? undefined : `${prefix}${kw} ${name.text}${type} = `;
      this.stmtExpr = arrayPattern ? undefined : init;
      return `${prefix}${kw} ${name.text}${type} = ${init.text};`;
    }
    this.exprStatementAt = this.pos;
    const e = this.assign(false);
    if (this.statementChain && (this.statementChain.text !== e.text || e.type !== 'postfix')) throw FAIL;
    if (e.type === 'arrow' || e.text.startsWith('{') || e.text.startsWith('function') || e.text.startsWith('class') || e.text.startsWith('let')) throw FAIL;
    this.take(false, ';');
    if (e.type === 'assign') {
      this.stmtHead = e.text.slice(0, e.text.length - e.operand!.text.length);
      this.stmtExpr = e.operand;
    } else {
      this.stmtHead = '';
      this.stmtExpr = e;
    }
    return `${e.text};`;
  }

  /** The consequent of an if, the body of a for: a simple statement on the header's line (see clause). */
  private clauseBody(header: string, hard: boolean, allowFor: boolean): string {
    if (this.is('{') || this.is('if') || (!allowFor && this.is('for')) || this.is('const') || this.is('let') || this.is('export')) throw FAIL;
    const at = this.pos;
    const body = this.statement();
    this.stmtHead = undefined;
    this.stmtExpr = undefined;
    this.clause = { header, hard };
    this.clauseBodyAt = at;
    return `${header} ${body}`;
  }

  /**
   * After `for`: `(let name = init; test; update)` taken, its three parts (the update a name's `++`/`--` or an
   * assignment to a name), or undefined with the position kept when it is not of that shape.
   */
  private classicFor(): [Node, Node, Node] | undefined {
    const start = this.pos;
    try {
      this.take(false, 'for');
      this.take(true, '(');
      this.take(false, 'let');
      const name = this.take(true);
      if (name.kind !== 'id' || RESERVED.has(name.text)) throw FAIL;
      this.take(true, '=');
      const value = this.assign(false);
      this.take(false, ';');
      const test = this.assign(false);
      this.take(false, ';');
      let update: Node;
      const target = this.take(true);
      if (target.kind !== 'id' || RESERVED.has(target.text)) throw FAIL;
      if (this.is('++') || this.is('--')) update = { type: 'update', text: `${target.text}${this.take(false).text}`, simple: Infinity };
      else {
        const op = this.take(true);
        if (op.kind !== 'p' || !['+=', '-=', '*=', '='].includes(op.text)) throw FAIL;
        const right = this.assign(false);
        update = { type: 'assign', text: `${target.text} ${op.text} ${right.text}`, simple: Infinity, ...(right.hard ? { hard: true } : {}) };
      }
      this.take(false, ')');
      return [{ type: 'decl', text: `let ${name.text} = ${value.text}`, simple: Infinity, ...(value.hard ? { hard: true } : {}) }, test, update];
    } catch (e) {
      if (e !== FAIL) throw e;
      this.pos = start;
      return undefined;
    }
  }

  /**
   * `{ a, b }` after `const`: an object pattern of shorthand names only, which prettier prints like a name (never
   * a complex destructuring, which needs a property with a value; its group fits whenever the text up to `=` does).
   */
  private shorthandPattern(): Tok {
    this.take(true, '{');
    const names: string[] = [];
    for (;;) {
      const t = this.take(true);
      if (t.kind !== 'id' || RESERVED.has(t.text)) throw FAIL;
      names.push(t.text);
      if (this.is('}')) break;
      this.take(false, ',');
    }
    this.take(true, '}');
    return { kind: 'id', text: `{ ${names.join(', ')} }` };
  }

  /** Assignment level: assignments (top of an expression statement only), arrows, conditionals, `as`. */
  assign(allowArrow: boolean, inInitializer = false): Node {
    const start = this.hardCount;
    const node = this.assignInner(allowArrow, inInitializer);
    return this.hardCount > start ? { ...node, hard: true } : node;
  }

  private assignInner(allowArrow: boolean, inInitializer: boolean): Node {
    if (allowArrow || inInitializer) {
      const arrow = this.tryArrow();
      if (arrow) return arrow;
    }
    const left = this.conditional();
    if (this.is('as')) {
      // `x as T`, `(await x) as unknown as T`: parentheses needed around an await, binary or conditional operand.
      if (left.paren ? !['await', 'binary', 'cond'].includes(left.type) : left.type !== 'postfix') throw FAIL;
      let text = left.text;
      while (this.is('as')) {
        this.take(true, 'as');
        text += ` as ${this.is('const') ? this.take(true).text : this.typeAfterSpace()}`;
      }
      return { type: 'as', text, operand: left, simple: Infinity };
    }
    // Parentheses around a whole argument, initializer, operand of `=`… are redundant: prettier drops them.
    if (left.paren) throw FAIL;
    const t = this.peek();
    if (t && t.kind === 'p' && ['=', '+=', '-=', '*=', '^=', '??=', '||=', '&&='].includes(t.text)) {
      if (left.type !== 'postfix') throw FAIL;
      this.take(true);
      const right = this.assign(true);
      if (right.type === 'assign') throw FAIL;
      return { type: 'assign', text: `${left.text} ${t.text} ${right.text}`, operand: right, simple: Infinity };
    }
    return left;
  }

  private typeAfterSpace(): string {
    if (!this.sp[this.pos]) throw FAIL;
    return this.type(true);
  }

  /**
   * A type: the tokens up to where the type ends (at depth 0, a token that cannot continue it: `=`, `,`, `;`,
   * `)`, `]`, `}`, `as`, an expression operator; `=>` too for an arrow's return type), printed by printType.
   */
  type(_spaceBefore = true, stopAtArrow = false): string {
    const start = this.pos;
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (!t) break;
      if (t.kind === 'p') {
        if (depth === 0 && ([')', ']', '}', ',', ';', '=', '??', '||', '&&', '?', ':', '!', '+', '-', '*', '/', '%', '===', '!==', '==', '!=', '<=', '>='].includes(t.text) || (stopAtArrow && t.text === '=>'))) break;
        if (t.text === '(' || t.text === '[' || t.text === '{' || t.text === '<') depth++;
        else if (t.text === ')' || t.text === ']' || t.text === '}' || t.text === '>') depth--;
      } else if (t.kind === 'id' && depth === 0 && this.pos > start && (t.text === 'as' || t.text === 'satisfies' || t.text === 'in' || t.text === 'instanceof')) break;
      else if (t.kind === 'tpl' || t.kind === 're') throw FAIL;
      if (depth < 0) throw FAIL;
      this.pos++;
    }
    if (depth !== 0 || this.pos === start) throw FAIL;
    const src = this.toks
      .slice(start, this.pos)
      .map((t, k) => `${k > 0 && this.sp[start + k] ? ' ' : ''}${t.text}`)
      .join('');
    const printed = printType(src);
    if (printed === undefined) throw FAIL;
    return printed;
  }

  /** `(params) => body` or `async (params) => body`, when the tokens are one; else undefined (position kept). */
  tryArrow(): Node | undefined {
    const start = this.pos;
    let isAsync = false;
    if (this.is('async') && this.is('(', 1)) isAsync = true;
    const open = start + (isAsync ? 1 : 0);
    if (!(this.toks[open]?.kind === 'p' && this.toks[open]!.text === '(')) return undefined;
    // Find the matching parenthesis and an arrow after it.
    let depth = 0;
    let close = -1;
    for (let k = open; k < this.toks.length; k++) {
      const t = this.toks[k]!;
      if (t.kind !== 'p') continue;
      if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
      else if (t.text === ')' || t.text === ']' || t.text === '}') {
        depth--;
        if (depth === 0) {
          close = k;
          break;
        }
      }
    }
    if (close < 0) return undefined;
    const after = this.toks[close + 1];
    const arrowAt = after?.kind === 'p' && after.text === '=>' ? close + 1 : after?.kind === 'p' && after.text === ':' ? -2 : -1;
    if (arrowAt === -1) return undefined;
    if (isAsync) this.take(this.pos > 0 ? this.sp[this.pos]! : false, 'async');
    this.take(isAsync ? true : this.pos > 0 ? this.sp[this.pos]! : false, '(');
    const params: string[] = [];
    while (!this.is(')')) {
      if (params.length > 0) this.take(false, ',');
      // The one parameter a shorthand object pattern, `({ loaded, total }) =>`: prettier hugs it (its
      // shouldHugTheOnlyFunctionParameter), printed `{ a, b }` on one line.
      if (params.length === 0 && this.is('{')) {
        this.take(false, '{');
        const names: string[] = [];
        while (!this.is('}')) {
          if (names.length > 0) this.take(false, ',');
          const n = this.take(true);
          if (n.kind !== 'id' || RESERVED.has(n.text)) throw FAIL;
          names.push(n.text);
        }
        this.take(true, '}');
        if (names.length === 0 || !this.is(')')) throw FAIL;
        params.push(`{ ${names.join(', ')} }`);
        continue;
      }
      // An array pattern of names, `([name, value]) =>`: printed `[a, b]` on one line like an array.
      if (this.is('[')) {
        params.push(this.namePattern(params.length > 0));
        continue;
      }
      const name = this.take(params.length > 0);
      if (name.kind !== 'id' || RESERVED.has(name.text)) throw FAIL;
      let p = name.text;
      if (this.is('?')) {
        this.take(false, '?');
        p += '?';
      }
      if (this.is(':')) {
        this.take(false, ':');
        p += `: ${this.type()}`;
      }
      params.push(p);
    }
    this.take(false, ')');
    let ret = '';
    if (this.is(':')) {
      this.take(false, ':');
      ret = `: ${this.type(true, true)}`;
    }
    this.take(true, '=>');
    let body: string;
    let bodyNode: Node | undefined;
    if (this.is('{') && this.is('}', 1)) {
      this.take(true, '{');
      this.take(false, '}');
      body = '{}';
    } else if (this.is('{')) {
      throw FAIL;
    } else {
      // A conditional body, in the parentheses prettier puts around it (its one-line layout).
      const [savePos, saveHard] = [this.pos, this.hardCount];
      let parenthesized: string | undefined;
      if (this.is('(')) {
        try {
          this.take(true, '(');
          const c = this.conditional();
          this.take(false, ')');
          const next = this.peek();
          if (c.type === 'cond' && !c.paren && (!next || (next.kind === 'p' && [')', ',', ';', ']', '}'].includes(next.text)))) parenthesized = `(${c.text})`;
        } catch (e) {
          if (e !== FAIL) throw e;
        }
        if (parenthesized === undefined) [this.pos, this.hardCount] = [savePos, saveHard];
      }
      // An object literal body, in the parentheses it needs: `() => ({ a: 1 })`.
      let objectBody: Node | undefined;
      if (parenthesized === undefined && this.is('(') && this.is('{', 1)) {
        const save = this.pos;
        const o = this.conditional();
        if (o.paren && o.type === 'postfix' && o.bracket === '{' && o.entries) objectBody = o;
        else this.pos = save;
      }
      if (parenthesized !== undefined) body = parenthesized;
      else if (objectBody) {
        body = objectBody.text;
        bodyNode = objectBody;
      } else {
        const b = this.assign(true);
        // prettier puts a conditional body in parentheses and prints arrow chains its own way.
        if (b.type === 'cond' || b.type === 'arrow' || b.type === 'assign' || b.type === 'as') throw FAIL;
        body = b.text;
        bodyNode = b;
      }
    }
    const arrowHead = `${isAsync ? 'async ' : ''}(${params.join(', ')})${ret} =>`;
    return { type: 'arrow', text: `${arrowHead} ${body}`, simple: Infinity, ...(bodyNode ? { arrow: { head: arrowHead, body: bodyNode } } : {}) };
  }

  /** `[a, b]` in an arrow's parameters: names only (no holes, defaults, rests or nested patterns). */
  private namePattern(afterComma: boolean): string {
    this.take(afterComma, '[');
    const names: string[] = [];
    while (!this.is(']')) {
      if (names.length > 0) this.take(false, ',');
      const n = this.take(names.length > 0);
      if (n.kind !== 'id' || RESERVED.has(n.text)) throw FAIL;
      names.push(n.text);
    }
    this.take(false, ']');
    if (names.length === 0) throw FAIL;
    return `[${names.join(', ')}]`;
  }

  conditional(): Node {
    const start = this.hardCount;
    const node = this.conditionalInner();
    return this.hardCount > start ? { ...node, hard: true } : node;
  }

  private conditionalInner(): Node {
    const test = this.binary(0);
    if (!this.is('?')) return test;
    this.take(true, '?');
    const a = this.binary(0);
    this.take(true, ':');
    // A chain `a ? b : c ? d : e` (conditionals nested in the alternate), on one line as written.
    const b = this.conditional();
    if (this.is('?') || test.paren || a.paren || b.paren) throw FAIL;
    return { type: 'cond', text: `${test.text} ? ${a.text} : ${b.text}`, simple: Infinity, ...(b.type === 'cond' ? {} : { cond: [test, a, b] as [Node, Node, Node] }) };
  }

  /** Binary operators by precedence climbing, with prettier's parenthesis rules checked on parenthesized operands. */
  binary(minPrec: number): Node {
    const start = this.hardCount;
    const node = this.binaryInner(minPrec);
    return this.hardCount > start ? { ...node, hard: true } : node;
  }

  private binaryInner(minPrec: number): Node {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (!t || !(t.kind === 'p' || t.kind === 'id')) break;
      // Shifts: `<<`, `>>`, `>>>` are tokens `<` or `>` written together (the tokenizer keeps them apart for types).
      let op = t.text;
      let extra = 0;
      if ((op === '<' || op === '>') && this.is(op, 1) && !this.sp[this.pos + 1]) {
        extra = op === '>' && this.is('>', 2) && !this.sp[this.pos + 2] ? 2 : 1;
        op = op.repeat(extra + 1);
        if (this.is('=', extra + 1) && !this.sp[this.pos + extra + 1]) throw FAIL;
      }
      const prec = BINARY_PRECEDENCE.get(op);
      if (prec === undefined || prec <= minPrec) break;
      this.take(true);
      for (let e = 0; e < extra; e++) this.take(false);
      const right = this.binaryOperand(prec);
      checkOperand(left, op, prec, 'left');
      checkOperand(right, op, prec, 'right');
      // The operands of a chain of one operator (`a || b || c`), for a broken if test.
      const operands = left.type === 'binary' && left.op === op && !left.paren && left.operands ? [...left.operands, right] : [left, right];
      left = { type: 'binary', op, text: `${left.text} ${op} ${right.text}`, simple: Infinity, operands, sides: [left, right] };
    }
    return left;
  }

  private binaryOperand(prec: number): Node {
    // Left-associative: the right operand binds tighter operators only.
    const start = this.pos;
    const node = this.binary(prec);
    if (this.pos === start) throw FAIL;
    return node;
  }

  unary(): Node {
    const start = this.hardCount;
    const node = this.unaryInner();
    return this.hardCount > start ? { ...node, hard: true } : node;
  }

  private unaryInner(): Node {
    const t = this.peek();
    if (!t) throw FAIL;
    if (t.kind === 'p' && (t.text === '!' || t.text === '-' || t.text === '+')) {
      this.take(this.pos > 0 ? this.sp[this.pos]! : false);
      if (this.sp[this.pos]) throw FAIL;
      const next = this.peek();
      if (next?.kind === 'p' && (next.text === '-' || next.text === '+') && t.text !== '!') throw FAIL;
      const operand = this.unaryOperand();
      if (operand.paren && !['binary', 'cond', 'as'].includes(operand.type)) throw FAIL;
      return { type: 'unary', text: `${t.text}${operand.text}`, operand, simple: operand.simple };
    }
    if (t.kind === 'id' && (t.text === 'typeof' || t.text === 'void' || t.text === 'await' || t.text === 'delete')) {
      this.take(true);
      const operand = this.unaryOperand();
      if (operand.paren && !['binary', 'cond', 'as', ...(t.text === 'void' ? ['assign'] : [])].includes(operand.type)) throw FAIL;
      return { type: t.text === 'await' ? 'await' : 'unary', text: `${t.text} ${operand.text}`, operand, simple: Infinity };
    }
    return this.postfix();
  }

  private unaryOperand(): Node {
    const n = this.unary();
    if (n.type === 'await') throw FAIL;
    return n;
  }

  /** Primary expression with its member accesses, calls and non-null assertions. */
  postfix(): Node {
    const start = this.hardCount;
    const node = this.postfixInner();
    return this.hardCount > start ? { ...node, hard: true } : node;
  }

  private postfixInner(): Node {
    let text: string;
    let calls = 0;
    let callHead: string | undefined;
    let args: Node[] | undefined;
    let entries: { head: string; value?: Node }[] | undefined;
    let bracket: '{' | '[' | undefined;
    let leaf = false;
    let lit: Node['lit'];
    let literal: Node['literal'];
    const t = this.peek();
    if (!t) throw FAIL;
    const spaceBefore = this.pos > 0 ? this.sp[this.pos]! : false;
    const startPos = this.pos;
    const hardAtStart = this.hardCount;
    let parenthesized: Node | undefined;
    // For the member-chain rule: what the chain starts with, its members and calls, whether it holds anything
    // that rule is not printed for here (`?.`, `!`, computed members), and isSimpleCallArgument's depth.
    let primary: ChainPrimary = { kind: 'other', text: '' };
    const links: ChainLink[] = [];
    let unsupported = false;
    let simple: number | undefined;
    if (t.kind === 'id' && t.text === 'new') {
      this.take(spaceBefore);
      const callee = this.take(true);
      if (callee.kind !== 'id' || RESERVED.has(callee.text)) throw FAIL;
      text = `new ${callee.text}`;
      while (this.is('.')) {
        this.take(false, '.');
        text += `.${this.take(false).text}`;
      }
      // Type arguments, `new Promise<void>(`: printed by printType; the call a simple argument only when they are
      // names (`new Set<string>(…)`).
      let typeArgs = false;
      if (this.is('<')) {
        const from = this.pos;
        let depth = 0;
        do {
          const a = this.take(false);
          if (a.kind === 'p' && a.text === '<') depth++;
          else if (a.kind === 'p' && a.text === '>') depth--;
          else if (a.kind === 'tpl' || a.kind === 're' || (a.kind === 'p' && ['(', ')', '{', '}', '=>', ';'].includes(a.text))) throw FAIL;
        } while (depth > 0);
        const src = this.toks.slice(from + 1, this.pos - 1).map((a, k) => `${k > 0 && this.sp[from + 1 + k] ? ' ' : ''}${a.text}`).join('');
        // Each argument printed by printType (split at the commas outside brackets).
        const parts: string[] = [];
        let level = 0;
        let at = 0;
        for (let k = 0; k <= src.length; k++) {
          const c = src[k];
          if (c === '<' || c === '(' || c === '[' || c === '{') level++;
          else if ((c === '>' && src[k - 1] !== '=') || c === ')' || c === ']' || c === '}') level--;
          else if (c === undefined || (c === ',' && level === 0)) {
            parts.push(src.slice(at, k).trim());
            at = k + 1;
          }
        }
        const printedParts = parts.map((t) => printType(t));
        const type = printedParts.some((t) => t === undefined) ? undefined : printedParts.join(', ');
        if (type === undefined || this.sp[from] || this.sp[from + 1] || this.sp[this.pos - 1]) throw FAIL;
        text += `<${type}>`;
        typeArgs = !this.toks.slice(from + 1, this.pos - 1).every((a, k) => (k % 2 === 0 ? a.kind === 'id' && !RESERVED.has(a.text) : a.kind === 'p' && a.text === ','));
      }
      if (!this.is('(')) throw FAIL;
      callHead = text;
      args = [];
      text += this.args(args);
      calls++;
      simple = typeArgs ? undefined : callDepth(args);
      primary = { kind: 'other', text };
    } else if (t.kind === 'id' && t.text === 'import' && this.is('(', 1) && !this.sp[this.pos + 1]) {
      // A dynamic import, `import('node:stream')`: a callee of its own (not a simple argument here).
      this.take(spaceBefore);
      text = 'import';
      primary = { kind: 'other', text };
    } else if (t.kind === 'id') {
      if (RESERVED.has(t.text) && t.text !== 'this' && t.text !== 'super') throw FAIL;
      this.take(spaceBefore);
      text = t.text;
      leaf = true;
      simple = 1;
      primary = { kind: t.text === 'this' ? 'this' : t.text === 'super' ? 'other' : 'name', text };
    } else if (t.kind === 'num' || t.kind === 're') {
      this.take(spaceBefore);
      text = t.text;
      leaf = true;
      // A regular expression is simple when its pattern is at most 5 wide.
      simple = t.kind === 'num' || textWidth(t.text.slice(1, t.text.lastIndexOf('/'))) <= 5 ? 1 : Infinity;
      primary = { kind: 'other', text };
    } else if (t.kind === 'str') {
      this.take(spaceBefore);
      text = prettierString(t.text);
      leaf = true;
      literal = 'str';
      simple = 1;
      primary = { kind: 'other', text };
    } else if (t.kind === 'tpl') {
      this.take(spaceBefore);
      text = template(t.text);
      literal = 'tpl';
      // prettier prints `${name}` and `${a.b}` as written; anything else in a template it might lay out.
      const expressions = [...t.text.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]!);
      leaf = expressions.every((e) => /^[\w$.]+$/.test(e));
      // Names and member accesses are simple one level down; anything else is not known here.
      simple = expressions.length === 0 ? 1 : expressions.every((e) => /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.test(e)) ? 2 : undefined;
      primary = { kind: 'other', text };
    } else if (t.kind === 'p' && t.text === '(') {
      this.take(spaceBefore, '(');
      parenthesized = this.assign(false);
      this.take(false, ')');
      text = `(${parenthesized.text})`;
      simple = parenthesized.simple;
      primary = { kind: 'other', text };
    } else if (t.kind === 'p' && t.text === '[') {
      this.take(spaceBefore, '[');
      const items: Node[] = [];
      while (!this.is(']')) {
        if (items.length > 0) this.take(false, ',');
        items.push(this.element(items.length > 0));
      }
      this.take(false, ']');
      // prettier's shouldBreak for arrays: two or more elements, all object literals or all array literals, each
      // with two or more entries.
      const kind = items[0]?.lit?.kind;
      if (items.length > 1 && items.every((n) => n.lit !== undefined && n.lit.kind === kind && n.lit.count > 1)) this.hardCount++;
      lit = { kind: '[', count: items.length };
      text = `[${items.map((n) => n.text).join(', ')}]`;
      simple = maxDepth(1, ...items.map((n) => (n.simple === undefined ? undefined : 1 + n.simple)));
      primary = { kind: 'other', text };
      // An array of numbers breaks as a fill, which the breaker does not print.
      if (items.length > 0 && !items.some((n) => /^-?\d/.test(n.text))) {
        entries = items.map((n) => ({ head: '', value: n }));
        bracket = '[';
      }
    } else if (t.kind === 'p' && t.text === '{') {
      entries = [];
      text = this.object(spaceBefore, entries);
      lit = { kind: '{', count: entries.length };
      // Shorthand properties are simple, spreads never, values one level down.
      simple = maxDepth(1, ...entries.map((e) => (e.value ? (e.value.simple === undefined ? undefined : 1 + e.value.simple) : e.head.startsWith('...') ? Infinity : 1)));
      primary = { kind: 'other', text };
      if (entries.length === 0) entries = undefined;
      else bracket = '{';
    } else throw FAIL;
    let chained = false;
    // For Node.chain: the first call when it is on a name, and whether only `.name` members followed it.
    let first: Node | undefined;
    let chain: Node['chain'];
    let membersOnly = true;
    for (;;) {
      if (this.is('.') || this.is('?.')) {
        if (this.is('?.')) membersOnly = false;
        chain = undefined;
        const op = this.take(false).text;
        const name = this.take(false);
        if (op === '?.') unsupported = true;
        if (name.kind !== 'id') {
          if (op === '?.' && name.kind === 'p' && name.text === '(') {
            this.pos--;
            args = [];
            callHead = `${text}?.`;
            text += `?.${this.args(args)}`;
            calls++;
            chained = true;
            continue;
          }
          throw FAIL;
        }
        text += `${op}${name.text}`;
        links.push({ kind: 'member', text: `${op}${name.text}` });
        chained = true;
        callHead = undefined;
        args = undefined;
      } else if (this.is('(')) {
        if (this.sp[this.pos]) throw FAIL;
        callHead = text;
        args = [];
        const argsText = this.args(args);
        text += argsText;
        calls++;
        simple = maxDepth(simple, callDepth(args));
        const argDepths = args.map((a) => a.simple);
        // A call on a name is one node of prettier's chain (`f(a)`).
        if (links.length === 0 && primary.kind === 'name') primary = { kind: 'call', text, argDepths };
        else links.push({ kind: 'call', text: argsText, argDepths });
        chained = true;
        if (calls === 1 && /^[A-Za-z_$][\w$]*$/.test(callHead) && !RESERVED.has(callHead)) first = { type: 'postfix', text, callHead, args };
        else if (calls === 2 && first && membersOnly && callHead.length > first.text.length) chain = { first, between: callHead.slice(first.text.length) };
        else chain = undefined;
      } else if (this.is('[')) {
        membersOnly = false;
        chain = undefined;
        unsupported = true;
        if (this.sp[this.pos]) throw FAIL;
        this.take(false, '[');
        const index = this.assign(false);
        this.take(false, ']');
        text += `[${index.text}]`;
        chained = true;
        callHead = undefined;
        args = undefined;
        if (!index.leaf) leaf = false;
      } else if (this.is('!') && !this.sp[this.pos] && !(this.peek(1)?.kind === 'p' && this.peek(1)!.text === '=')) {
        this.take(false, '!');
        unsupported = true;
        membersOnly = false;
        chain = undefined;
        text += '!';
        chained = true;
        callHead = undefined;
        args = undefined;
      } else break;
    }
    if (calls > 0) leaf = false;
    const arrayHead = bracket === '[' && entries && links.length === 2 && links[0]!.kind === 'member' && links[1]!.kind === 'call' && !unsupported && !parenthesized ? { entries, rest: text.slice(text.length - links[0]!.text.length - links[1]!.text.length) } : undefined;
    if (chained) {
      entries = undefined;
      bracket = undefined;
      lit = undefined;
    }
    // prettier's member-chain rule: more groups than its cutoff (typescript-member-chain.ts).
    let memberChain: MemberChainLayout | undefined;
    if (links.some((l) => l.kind === 'call') && links.some((l) => l.kind === 'member') && !parenthesized) {
      const atStatement = startPos === this.exprStatementAt;
      memberChain = memberChainLayout(primary, links, atStatement);
      // With `?.`, `!` or computed members (groups not described here): as before, two calls at most.
      if (unsupported) memberChain = undefined;
      // A group inside that prettier always breaks: its layout in a chain is not printed here.
      if (memberChain && this.hardCount > hardAtStart) memberChain = { ...memberChain, innerHard: true };
      // Whether the chain is the statement's whole expression decides the grouping of a short name: checked there.
      if (memberChain && atStatement && primary.kind === 'name' && primary.text.length <= 2) this.statementChain = { type: 'postfix', text };
      if (memberChain?.forced) this.hardCount++;
    }
    // Other chains of more than two calls are not printed here.
    if (calls > 2 && !memberChain) throw FAIL;
    // `i++` or `a.b--` inside an expression (`1000 + i++`): a name or member access updated, not a simple argument.
    if ((this.is('++') || this.is('--')) && !this.sp[this.pos] && !parenthesized && calls === 0 && (primary.kind === 'name' || primary.kind === 'this') && !unsupported) {
      return { type: 'update', text: `${text}${this.take(false).text}`, simple: undefined };
    }
    if (parenthesized) {
      // Parentheses that prettier keeps: around what a member access or call needs them for.
      if (!chained) return { ...parenthesized, text, paren: true };
      if (!['binary', 'await', 'unary', 'as', 'cond', 'arrow'].includes(parenthesized.type)) throw FAIL;
    }
    // The optional fields set only where present (object spreads of conditional literals cost more, cold).
    const node: Node = { type: 'postfix', text, callHead, args, entries, bracket, leaf: leaf && !parenthesized, simple };
    if (lit) node.lit = lit;
    if (literal && !chained) node.literal = literal;
    if (chain) node.chain = chain;
    if (memberChain) node.memberChain = memberChain;
    if (arrayHead) node.arrayHead = arrayHead;
    return node;
  }

  /** After `...` in an object: a parenthesized conditional, else what assign() takes (position kept). */
  private spreadConditional(): Node {
    const save = this.pos;
    try {
      const c = this.conditional();
      if (c.paren && c.type === 'cond' && (this.is(',') || this.is('}'))) return c;
    } catch (e) {
      if (e !== FAIL) throw e;
    }
    this.pos = save;
    return this.assign(false);
  }

  /** An array element or call argument: spread or assignment-level expression. */
  element(afterComma: boolean): Node {
    if (this.is('...')) {
      this.take(afterComma, '...');
      const saved = this.pos;
      const n = this.assign(false);
      if (this.pos === saved) throw FAIL;
      return { type: 'spread', text: `...${n.text}`, simple: Infinity };
    }
    return this.assign(true);
  }

  args(items: Node[] = []): string {
    this.take(false, '(');
    while (!this.is(')')) {
      if (items.length > 0) this.take(false, ',');
      items.push(this.element(items.length > 0));
    }
    this.take(false, ')');
    return `(${items.map((n) => n.text).join(', ')})`;
  }

  object(spaceBefore: boolean, entries: { head: string; value?: Node }[] = []): string {
    this.take(spaceBefore, '{');
    if (this.is('}')) {
      this.take(false, '}');
      return '{}';
    }
    const props: string[] = [];
    while (!this.is('}')) {
      if (props.length > 0) this.take(false, ',');
      if (this.is('...')) {
        this.take(true, '...');
        // `...(a ? { a } : {})`: prettier keeps a conditional's parentheses in a spread (needsParens).
        const n = this.is('(') ? this.spreadConditional() : this.assign(false);
        // A spread is printed as one piece (broken() does not lay it out).
        if (n.hard) throw FAIL;
        props.push(`...${n.text}`);
        entries.push({ head: `...${n.text}` });
        continue;
      }
      if (this.is('[')) {
        // A computed key of a name or a call of names (`[keyMember(spec)]: key`): printed as written; it does not
        // count for quoteProps (prettier skips computed keys there).
        this.take(true, '[');
        const computed = this.assign(false);
        if (computed.hard || !/^[A-Za-z_$][\w$.]*(?:\([A-Za-z_$][\w$.]*\))?$/.test(computed.text)) throw FAIL;
        this.take(false, ']');
        if (!this.is(':')) throw FAIL;
        this.take(false, ':');
        const value = this.assign(true);
        props.push(`[${computed.text}]: ${value.text}`);
        entries.push({ head: `[${computed.text}]: `, value });
        continue;
      }
      const key = this.take(true);
      let keyText = key.text;
      if (key.kind === 'str') {
        // quoteProps "as-needed": a quoted key that is an identifier name loses its quotes, any other keeps them
        // (in prettier's quotes). Keys with escapes, empty or starting with a digit (prettier's number rules)
        // and __proto__ are left to prettier.
        const raw = key.text.slice(1, -1);
        if (!this.is(':') || raw === '' || raw === '__proto__' || raw.includes('\\') || /^\d/.test(raw)) throw FAIL;
        if (/^[A-Za-z_$][\w$]*$/.test(raw)) {
          keyText = raw;
          this.unquoted.add(this.pos - 1);
        } else keyText = prettierString(key.text);
      } else if (key.kind === 'num') {
        // A whole-number key is printed as its number (prettier's printPropertyKey: print("key"), printNumber).
        if (!/^(?:0|[1-9]\d*)$/.test(key.text) || !this.is(':')) throw FAIL;
      } else if (key.kind !== 'id') throw FAIL;
      if (this.is(':')) {
        this.take(false, ':');
        const value = this.assign(true);
        props.push(`${keyText}: ${value.text}`);
        entries.push({ head: `${keyText}: `, value });
      } else if (this.is(',') || this.is('}')) {
        if (RESERVED.has(key.text)) throw FAIL;
        props.push(key.text);
        entries.push({ head: key.text });
      } else throw FAIL;
    }
    this.take(true, '}');
    return `{ ${props.join(', ')} }`;
  }
}

/** prettier's needsParens for a binary operand, checked against what the source has. */
function checkOperand(operand: Node, parentOp: string, parentPrec: number, side: 'left' | 'right'): void {
  const parenthesized = operand.paren === true;
  if (parenthesized && ['await', 'cond', 'as'].includes(operand.type)) return; // prettier's `(await a) + 1`, `a + (b ? c : d)`
  if (['await', 'cond', 'arrow', 'as', 'assign'].includes(operand.type)) throw FAIL;
  if (operand.type !== 'binary') {
    if (parenthesized) throw FAIL;
    return;
  }
  const op = operand.op!;
  const prec = BINARY_PRECEDENCE.get(op)!;
  // Under a bitwise operator prettier keeps parentheses around any other binary operand (its needsParens:
  // isBitwiseOperator); the same operator twice is not printed here.
  if (BITWISE.has(parentOp)) {
    if (prec === parentPrec || !parenthesized) throw FAIL;
    return;
  }
  // `a || (b || c)`: prettier rebalances a logical expression whose right operand has its operator (its
  // parser's postprocess, rebalanceLogicalTree) and prints `a || b || c`; not printed here.
  if (side === 'right' && op === parentOp && (op === '||' || op === '&&' || op === '??')) throw FAIL;
  const needs =
    prec < parentPrec ||
    (prec === parentPrec && side === 'right') ||
    (prec === parentPrec && !flattens(parentOp, op)) ||
    (prec > parentPrec && op === '%' && (parentOp === '+' || parentOp === '-')) ||
    // prettier parenthesizes `&&` inside `||` or `??`, and `??` mixed with either.
    (op === '&&' && (parentOp === '||' || parentOp === '??')) ||
    (op === '??' && parentOp !== '??') ||
    (parentOp === '??' && op !== '??' && prec < 4);
  if (needs !== parenthesized) throw FAIL;
}

const BITWISE = new Set(['&', '|', '^', '<<', '>>', '>>>']);

function flattens(parentOp: string, op: string): boolean {
  const eq = ['==', '===', '!=', '!=='];
  const mul = ['*', '/', '%'];
  if (eq.includes(parentOp) && eq.includes(op)) return false;
  if ((op === '%' && mul.includes(parentOp)) || (parentOp === '%' && mul.includes(op))) return false;
  if (op !== parentOp && mul.includes(op) && mul.includes(parentOp)) return false;
  return true;
}

/**
 * A string literal as prettier prints it (singleQuote): its getPreferredQuote (single quotes unless the content
 * has more single than double quotes) and makeString (the enclosing quote escaped, the other one not).
 */
export function prettierString(literal: string): string {
  // Kept by literal: each string is printed while its statement is parsed and again for its source (sourceOf),
  // and the same literals come back across statements.
  let printed = printedStrings.get(literal);
  if (printed === undefined) {
    printed = prettierStringUncached(literal);
    remember(printedStrings, literal, printed);
  }
  return printed;
}
const printedStrings = new Map<string, string>();

function prettierStringUncached(literal: string): string {
  const raw = literal.slice(1, -1);
  const singles = (raw.match(/'/g) ?? []).length;
  const doubles = (raw.match(/"/g) ?? []).length;
  const enclosing = singles > doubles ? '"' : "'";
  const other = enclosing === '"' ? "'" : '"';
  const body = raw.replace(/\\(.)|(["'])/gs, (match, escaped: string | undefined, quote: string | undefined) => {
    if (escaped === other) return escaped;
    if (quote === enclosing) return `\\${quote}`;
    if (quote) return quote;
    return match;
  });
  return `${enclosing}${body}${enclosing}`;
}

/** A template literal: text verbatim, each `${…}` a simple expression printed as prettier prints it. */
/**
 * Where the template literal starting at `at` (a backtick) ends: its closing backtick, past `${…}` expressions
 * (strings and templates nested in them); undefined when unclosed. An escape is kept verbatim by prettier and
 * measured as written; `\$` (text that reads as `${` to template() below) and a backslash at the end are left
 * to prettier.
 */
function templateEnd(text: string, at: number): number | undefined {
  let j = at + 1;
  while (j < text.length && text[j] !== '`') {
    if (text[j] === '\\') {
      if (j + 1 >= text.length || text[j + 1] === '$') return undefined;
      j += 2;
    } else if (text[j] === '$' && text[j + 1] === '{') {
      const end = expressionEnd(text, j + 2);
      if (end === undefined) return undefined;
      j = end + 1;
    } else j++;
  }
  return j < text.length ? j : undefined;
}

/** The `}` that closes a template's `${` expression starting at `from` (braces, strings and nested templates skipped). */
function expressionEnd(text: string, from: number): number | undefined {
  let depth = 0;
  for (let k = from; k < text.length; k++) {
    const c = text[k];
    if (c === "'" || c === '"') {
      let e = k + 1;
      while (e < text.length && text[e] !== c) e += text[e] === '\\' ? 2 : 1;
      if (e >= text.length) return undefined;
      k = e;
    } else if (c === '`') {
      const e = templateEnd(text, k);
      if (e === undefined) return undefined;
      k = e;
    } else if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return k;
      depth--;
    }
  }
  return undefined;
}

/** The text with its template literals taken out (a nested template's `${` is no object or block). */
function withoutTemplates(text: string): string {
  let out = '';
  for (let k = 0; k < text.length; k++) {
    if (text[k] !== '`') {
      out += text[k];
      continue;
    }
    const e = templateEnd(text, k);
    if (e === undefined) throw FAIL;
    k = e;
  }
  return out;
}

/**
 * A template literal as prettier prints it (see templateUncached), kept per literal text: the same template is
 * printed once while its statement is parsed and again for the statement's source (sourceOf).
 */
function template(literal: string): string {
  let printed = printedTemplates.get(literal);
  if (printed === undefined) {
    try {
      printed = templateUncached(literal);
    } catch (e) {
      if (e !== FAIL) throw e;
      printed = null;
    }
    remember(printedTemplates, literal, printed);
  }
  if (printed === null) throw FAIL;
  return printed;
}

function templateUncached(literal: string): string {
  let out = '';
  let i = 0;
  while (i < literal.length) {
    const at = literal.indexOf('${', i);
    if (at < 0) {
      out += literal.slice(i);
      break;
    }
    out += literal.slice(i, at + 2);
    const end = expressionEnd(literal, at + 2);
    if (end === undefined) throw FAIL;
    const inner = literal.slice(at + 2, end);
    // Objects and blocks in an expression are not printed here; a template nested in it is (prettier prints a
    // template's expressions flat, whatever the width: printTemplateLiteral).
    if (withoutTemplates(inner).includes('{')) throw FAIL;
    const tk = tokenize(inner);
    if (!tk || tk.toks.length === 0) throw FAIL;
    const p = new Parser(tk.toks, tk.sp);
    const n = p.assign(false);
    if (p.pos !== tk.toks.length || p.hardCount > 0 || !printsAsSource(n.text, tk, NO_KEYS)) throw FAIL;
    out += n.text;
    out += '}';
    i = end + 1;
  }
  return out;
}

const NO_KEYS: ReadonlySet<number> = new Set();

/**
 * Whether `printed` is the tokens with the source's own spacing, strings in prettier's quotes and the `unquoted`
 * keys without theirs: compared in place, token by token, without building that text. False too when a template
 * in it is not one this module prints.
 */
function printsAsSource(printed: string, tk: Tokens, unquoted: ReadonlySet<number>): boolean {
  const { toks, sp } = tk;
  let at = 0;
  try {
    for (let k = 0; k < toks.length; k++) {
      if (k > 0 && sp[k]) {
        if (printed.charCodeAt(at) !== 0x20) return false;
        at++;
      }
      const t = toks[k]!;
      const text = t.kind === 'str' ? (unquoted.has(k) ? t.text.slice(1, -1) : prettierString(t.text)) : t.kind === 'tpl' ? template(t.text) : t.text;
      if (!printed.startsWith(text, at)) return false;
      at += text.length;
    }
  } catch (e) {
    if (e === FAIL) return false;
    throw e;
  }
  return at === printed.length;
}

/**
 * Parses kept for the run, by text (issue #16). The layout asks about the same text many times: a statement's
 * flat form, then its broken form at each indentation its block is tried at, as a block header, for a trailing
 * comment's split; the broken printers parse the flat form again. Tokenizing and parsing were most of the
 * layout's time, and a parse depends on nothing but the text (the parser's nodes are never changed after it),
 * so each distinct text is tokenized and parsed once. `null`: the text does not parse (not measurable, no
 * tokens, refused by the grammar).
 */
interface StatementParse {
  /** The parser after statement(), its tokens let go (its fields are the parse's results). */
  parser: Parser;
  /** What statement() returned: the one-line print. */
  text: string;
  /**
   * flatStatement's check: the text is measurable, statement() read all of it, and the print is the text itself
   * but for quotes and quoted keys. Asked of every parse, so answered once it is made, while it has its tokens.
   */
  flat: boolean;
  /** For `if (test) consequent;` or a for's body: where the consequent starts in the text. */
  clauseBodyStart?: number;
}
interface ExpressionParse {
  /** The parser after assign(), its tokens let go. */
  parser: Parser;
  node: Node;
  /** flatExpression's check: measurable, read whole, not parenthesized, and its print is its source but for quotes. */
  flat: boolean;
}
const statementParses = new Map<string, StatementParse | null>();
const expressionParses = new Map<string, ExpressionParse | null>();
const printedTemplates = new Map<string, string | null>();
/** Past this many texts a cache starts again (a long-lived process, such as a test run, formats many models). */
const PARSE_CACHE_LIMIT = 50_000;

function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  if (cache.size >= PARSE_CACHE_LIMIT) cache.clear();
  cache.set(key, value);
}

/** How many texts were tokenized since the module loaded: the caches' effect, counted (test/typescript/layout.test.ts). */
export let tokenizedTexts = 0;

/** The statement's tokens and parse (statement() run to its end), or undefined when it does not parse. */
function parseStatement(line: string): StatementParse | undefined {
  let parse = statementParses.get(line);
  if (parse === undefined) {
    parse = null;
    const tk = tokenize(line);
    if (tk && tk.toks.length > 0) {
      try {
        const parser = new Parser(tk.toks, tk.sp);
        const text = parser.statement();
        // Outside ASCII only in literals (the tokenizer refuses it elsewhere), measured by textWidth.
        const flat = measurable(line) && parser.pos === tk.toks.length && printsAsSource(text, tk, parser.unquoted);
        parse = { parser, text, flat };
        if (parser.clauseBodyAt !== undefined) parse.clauseBodyStart = tk.toks[parser.clauseBodyAt]!.start;
        parser.releaseTokens();
      } catch (e) {
        if (e !== FAIL) throw e;
      }
    }
    remember(statementParses, line, parse);
  }
  return parse ?? undefined;
}

/** The expression's tokens and parse (assign(true) run from the first token), or undefined when it does not parse. */
function parseExpression(src: string): ExpressionParse | undefined {
  let parse = expressionParses.get(src);
  if (parse === undefined) {
    parse = null;
    const tk = tokenize(src);
    if (tk && tk.toks.length > 0) {
      try {
        const parser = new Parser(tk.toks, tk.sp);
        const node = parser.assign(true);
        const flat = measurable(src) && parser.pos === tk.toks.length && !node.paren && printsAsSource(node.text, tk, parser.unquoted);
        parse = { parser, node, flat };
        parser.releaseTokens();
      } catch (e) {
        if (e !== FAIL) throw e;
      }
    }
    remember(expressionParses, src, parse);
  }
  return parse ?? undefined;
}


/**
 * The statement in prettier's one-line layout, or undefined when this cannot vouch for it (or when prettier
 * never prints it on one line: it holds a group prettier always breaks).
 */
export function printSimpleStatement(line: string): string | undefined {
  return flatStatement(line, false);
}

/** The statement's one-line text (quotes and quoted keys as prettier prints them); `allowHard`: also one prettier always breaks. */
function flatStatement(line: string, allowHard: boolean): string | undefined {
  const parse = parseStatement(line);
  // The print must be the source itself, but for string quotes and quoted keys prettier unquotes.
  if (!parse || !parse.flat || (!allowHard && parse.parser.hardCount > 0)) return undefined;
  return parse.text;
}

/** The expression's parse when its one-line print is its source but for quotes (and it is not parenthesized). */
function flatExpression(src: string): ExpressionParse | undefined {
  const parse = parseExpression(src);
  return parse?.flat ? parse : undefined;
}

/** An expression in prettier's one-line layout when the source is already that, but for quotes; else undefined. */
export function printExpression(src: string): string | undefined {
  const parse = flatExpression(src);
  return parse && parse.parser.hardCount === 0 ? parse.node.text : undefined;
}

/**
 * `for (const x of [a, b]) {` (or `[…] as const`) that does not fit at `indent` (or whose array prettier always
 * breaks): prettier prints the right side after ` of ` with no group of its own, so the array breaks in place,
 * `for (const x of [` / one entry a line / `]) {`. Only an array literal (under `as` types); undefined otherwise.
 */
export function printBrokenForOfHeader(head: string, src: string, indent: number, width: number): string[] | undefined {
  const parse = flatExpression(src);
  if (!parse) return undefined;
  try {
    const node = parse.node;
    const array = node.type === 'as' ? node.operand : node;
    if (!array || array.paren || array.type !== 'postfix' || array.bracket !== '[' || !array.entries || array.entries.length === 0 || array.callHead !== undefined || array.memberChain || array.arrayHead) return undefined;
    if (!node.hard && indent + textWidth(`${head}${node.text}) {`) <= width) return undefined;
    const lines = layout(node, indent, head, ') {', width);
    return lines.length > 1 && fitsAll(lines, indent, width) ? lines : undefined;
  } catch (e) {
    if (e === FAIL) return undefined;
    throw e;
  }
}

/**
 * A node laid out as prettier lays it out when it does not fit: lines relative to the statement's indentation
 * `indent`, the first starting with `head`, the last ending with `suffix`. Objects and arrays break one entry a
 * line with a trailing comma; a call hugs a last object argument when its first line fits, else puts one
 * argument a line; `await` and `!` stay in front. Fails (throws) on anything else that does not fit.
 */
function layout(node: Node, indent: number, head: string, suffix: string, width: number): string[] {
  if (!node.hard && indent + textWidth(head) + textWidth(node.text) + textWidth(suffix) <= width) return [`${head}${node.text}${suffix}`];
  if (node.paren) throw FAIL;
  // `const f = (a) => ({ … });` (or after `return`): the arrow's head stays on the line, the object body broken
  // in its parentheses (prettier's printArrowFunction puts an object body on the head's line; the assignment's
  // line stays flat when the line up to `({` fits, where its fits stops).
  const objectBody = node.type === 'arrow' ? node.arrow?.body : undefined;
  if (objectBody?.paren && objectBody.type === 'postfix' && objectBody.bracket === '{' && objectBody.entries && objectBody.entries.length > 0 && /^(?:(?:export )?(?:const|let) [A-Za-z_$][\w$]*(?:: [A-Za-z_$][\w$.]*)? = |return )$/.test(head)) {
    return broken(objectBody.entries, '{', indent, `${head}${node.arrow!.head} (`, `)${suffix}`, width);
  }
  if ((node.type === 'await' || (node.type === 'unary' && node.text.startsWith('!'))) && node.operand) {
    const prefix = node.text.slice(0, node.text.length - node.operand.text.length);
    return layout(node.operand, indent, `${head}${prefix}`, suffix, width);
  }
  if (node.type === 'as' && node.operand) {
    // `x as A as B`, `(await x) as T`: x laid out, the `as` types after its last line (prettier's as-expression).
    const tail = node.text.slice(node.operand.text.length);
    const left = node.operand;
    if (!left.paren && left.type === 'postfix') return layout(left, indent, head, `${tail}${suffix}`, width);
    if (left.paren && left.type === 'await' && left.operand?.type === 'postfix' && !left.operand.paren) return layout(left.operand, indent, `${head}(await `, `)${tail}${suffix}`, width);
    throw FAIL;
  }
  if (node.type === 'cond' && node.cond && head === '' && suffix === ',') {
    // A call argument (the arguments broken one a line) too long: prettier's ternary breaks, the test on its
    // line, `? a` and `: b` each on a line one level in. Only parts that stay on their lines (a string or a
    // name too long is left there; anything else must fit).
    const [test, consequent, alternate] = node.cond;
    if (node.hard || test.hard || test.type === 'arrow' || test.type === 'assign') throw FAIL;
    const stays = (n: Node, at: number, text: string) => !n.hard && n.type !== 'arrow' && n.type !== 'assign' && (n.leaf || n.literal === 'str' || indent + at + textWidth(text) <= width);
    const lines = [test.text, `  ? ${consequent.text}`, `  : ${alternate.text},`];
    if (indent + textWidth(lines[0]!) > width || !stays(consequent, 0, lines[1]!) || !stays(alternate, 0, lines[2]!)) throw FAIL;
    return lines;
  }
  if (node.type !== 'postfix') throw FAIL;
  if (node.memberChain) return memberChainLines(node.memberChain, indent, head, suffix, width);
  if (node.arrayHead) return arrayHeadLines(node, indent, head, suffix, width);
  if (node.entries && node.bracket) return broken(node.entries, node.bracket, indent, head, suffix, width);
  if (node.callHead !== undefined && node.args) {
    const args = node.args;
    const open = `${head}${node.callHead}(`;
    // `f(a).b(c)` whose line up to the last call's `(` does not fit (prettier's fits stops at the first place
    // the rest can break): the first call's arguments break, the rest follows its `)` on one line.
    if (node.chain && (args.length === 0 || indent + textWidth(open) > width)) {
      // Not after `=` or a key (an assignment's layout may move a short chain to the next line instead).
      if (!/^(?:(?:return|throw|await) )*$/.test(head) || node.hard || args.some((n) => n.hard)) throw FAIL;
      const lines = layout(node.chain.first, indent, head, `${node.chain.between}(${args.map((n) => n.text).join(', ')})${suffix}`, width);
      if (lines.length < 2 || lines.some((l) => indent + textWidth(l) > width)) throw FAIL;
      return lines;
    }
    if (args.length === 0) throw FAIL;
    const last = args[args.length - 1]!;
    const others = args.slice(0, -1);
    const complex = (n: Node) => n.type === 'arrow' || n.bracket !== undefined || n.text.startsWith('{') || n.text.startsWith('[') || n.text.startsWith('function');
    // A last array of numbers is hugged and filled by prettier, which is not printed here.
    if (last.lit?.kind === '[' && !last.entries) throw FAIL;
    // prettier hugs a last object or array argument: `f(a, {` / entries / `});`.
    if (last.bracket && last.entries && !others.some(complex)) {
      const hugHead = `${open}${others.map((n) => `${n.text}, `).join('')}`;
      if (indent + textWidth(hugHead) + 1 <= width) return broken(last.entries, last.bracket, indent, hugHead, `)${suffix}`, width);
    }
    if (args.some((n) => n.type === 'arrow' || n.text.startsWith('function'))) throw FAIL;
    if (indent + textWidth(open) > width) throw FAIL;
    const lines = [open];
    for (const arg of args) lines.push(...layout(arg, indent + 2, '', ',', width).map((l) => `  ${l}`));
    lines.push(`)${suffix}`);
    return lines;
  }
  // A name or literal too long for its line: prettier leaves it there (only where nothing precedes it). A
  // template literal too: prettier 3 prints the expressions in it without a width (printTemplateLiteral).
  if ((node.leaf || node.literal === 'tpl') && head.trim() === '') return [`${head}${node.text}${suffix}`];
  throw FAIL;
}

/**
 * A member chain broken as prettier breaks it: the head (with the merged first call) after `head`, each other group
 * on a line of its own two spaces in, the suffix after the last; only when every line fits as printed (no group
 * broken inside) and nothing inside is a group prettier always breaks.
 */
function memberChainLines(chain: MemberChainLayout, indent: number, head: string, suffix: string, width: number): string[] {
  if (chain.innerHard || chain.rest.length === 0) throw FAIL;
  const lines = [`${head}${chain.first}`, ...chain.rest.map((g, k) => `  ${g}${k === chain.rest.length - 1 ? suffix : ''}`)];
  if (lines.some((l) => indent + textWidth(l) > width)) throw FAIL;
  return lines;
}

/**
 * `[a, b].join(x)` too long (two groups of prettier's member chain, printed as one group): the array breaks when
 * the line up to the call's `(` does not fit (where fits stops in the arguments), `].join(x)` after it; else
 * (the arguments would break instead) undefined.
 */
function arrayHeadLines(node: Node, indent: number, head: string, suffix: string, width: number): string[] {
  const { entries, rest } = node.arrayHead!;
  const args = node.args ?? [];
  if (args.some((a) => a.hard)) throw FAIL;
  const measured = args.length === 0 ? `${head}${node.text}${suffix}` : `${head}${node.callHead}(`;
  if (indent + textWidth(measured) <= width) throw FAIL;
  const lines = broken(entries, '[', indent, head, `${rest}${suffix}`, width);
  if (lines.some((l) => indent + textWidth(l) > width)) throw FAIL;
  return lines;
}

function broken(entries: { head: string; value?: Node }[], bracket: '{' | '[', indent: number, head: string, suffix: string, width: number): string[] {
  if (indent + textWidth(head) + 1 > width) throw FAIL;
  const lines = [`${head}${bracket}`];
  for (const entry of entries) {
    if (!entry.value) {
      if (indent + 2 + textWidth(entry.head) + 1 > width) throw FAIL;
      lines.push(`  ${entry.head},`);
      continue;
    }
    // A string value that overflows on the property's line: prettier breaks after the colon (its
    // break-after-operator layout) when the key is not short (printed width of 5 or more:
    // isObjectPropertyWithShortKey), the string alone on the next line, one level in, however long.
    const key = entry.head.endsWith(': ') ? entry.head.slice(0, -2) : '';
    // A template literal value, or a string after a short key (printed width under 5), stays after the colon
    // however long (prettier's never-break-after-operator layout: shouldNeverBreakAfterOperator).
    if (key !== '' && (entry.value.literal === 'tpl' || (entry.value.literal === 'str' && textWidth(key) < 5))) {
      lines.push(`  ${entry.head}${entry.value.text},`);
      continue;
    }
    if (indent + 2 + textWidth(entry.head) + textWidth(entry.value.text) + 1 > width && textWidth(key) >= 5 && /^(?:'[^'\\]*'|"[^"\\]*")$/.test(entry.value.text)) {
      lines.push(`  ${key}:`, `    ${entry.value.text},`);
      continue;
    }
    // An arrow function value with an expression body that overflows: prettier keeps `key: (p) =>` on the
    // property's line (no assignment layout breaks after the colon for an arrow) and breaks its body group
    // after `=>`, the body one level further in. Only a body that then fits on its line is printed here.
    const arrow = entry.value.arrow;
    if (key !== '' && arrow && !entry.value.paren && indent + 2 + textWidth(entry.head) + textWidth(entry.value.text) + 1 > width) {
      const first = `${entry.head}${arrow.head}`;
      // An object literal body stays on the property's line after `=> (`, broken there (as after `const f =`).
      if (arrow.body.paren && arrow.body.type === 'postfix' && arrow.body.bracket === '{' && arrow.body.entries && arrow.body.entries.length > 0) {
        lines.push(...broken(arrow.body.entries, '{', indent + 2, `${first} (`, '),', width).map((l) => `  ${l}`));
        continue;
      }
      // A member chain body stays after `=>` (prettier's mayBreakAfterShortPrefix): not printed here.
      if (arrow.body.hard || arrow.body.paren || arrow.body.memberChain || indent + 2 + textWidth(first) > width || indent + 4 + textWidth(arrow.body.text) + 1 > width) throw FAIL;
      lines.push(`  ${first}`, `    ${arrow.body.text},`);
      continue;
    }
    // A logical expression of two operands that overflows: prettier breaks after the colon (break-after-operator
    // for a binaryish value), the expression one level further in, and there, if it still overflows, after its
    // operator (no further indentation under a property). Operands printed here only if nothing in them breaks.
    const sides = entry.value.sides;
    if (key !== '' && sides && !entry.value.paren && indent + 2 + textWidth(entry.head) + textWidth(entry.value.text) + 1 > width) {
      const op = entry.value.op ?? '';
      if (!['??', '||', '&&'].includes(op) || sides.some((side) => side.sides !== undefined || side.paren || side.hard || !(side.leaf || side.literal))) throw FAIL;
      if (sides[1].literal === undefined && sides[1].text.startsWith('{')) throw FAIL;
      if (indent + 4 + textWidth(entry.value.text) + 1 <= width) lines.push(`  ${key}:`, `    ${entry.value.text},`);
      else if (indent + 4 + textWidth(`${sides[0].text} ${op}`) <= width) lines.push(`  ${key}:`, `    ${sides[0].text} ${op}`, `    ${sides[1].text},`);
      else throw FAIL;
      continue;
    }
    const inner = layout(entry.value, indent + 2, entry.head, ',', width);
    // Any other property whose value overflows on its own line: prettier's layout there is not printed here.
    if (entry.head !== '' && inner.length === 1 && indent + 2 + textWidth(inner[0]!) > width) throw FAIL;
    lines.push(...inner.map((l) => `  ${l}`));
  }
  lines.push(`${bracket === '{' ? '}' : ']'}${suffix}`);
  return lines;
}

/** How many type arguments a type argument list's text holds (commas outside brackets and parentheses), or 0 when unbalanced. */
function splitTypeArguments(text: string): number {
  let depth = 0;
  let count = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '<' || c === '(' || c === '[' || c === '{') depth++;
    // The `>` of an arrow (`=>`) closes nothing.
    else if ((c === '>' && text[i - 1] !== '=') || c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) count++;
    if (depth < 0) return 0;
  }
  return depth === 0 ? count : 0;
}

/**
 * A statement too long for one line, broken as prettier breaks it (see layout), or undefined. Only statements
 * whose one-line form printSimpleStatement vouches for, and whose first line keeps what precedes the expression
 * (`const x = `, `return `, `a.b = `).
 */
export function printBrokenStatement(line: string, indent: number, width: number): string[] | undefined {
  const flat = flatStatement(line, true);
  // The line's own parse: its nodes' texts are already the flat form's (see flatStatement).
  const parse = flat === undefined ? undefined : parseStatement(line);
  if (flat === undefined || !parse) return undefined;
  const p = parse.parser;
  try {
    if (p.clause && parse.clauseBodyStart !== undefined) {
      // `if (test) consequent;` (or a for's body) too long: prettier keeps `if (test)` on its line when it fits
      // there (else it breaks the test, not printed here) and puts the consequent on the next line, one level
      // in, laid out there (adjustClause).
      const header = p.clause.header;
      const consequent = line.slice(parse.clauseBodyStart);
      const test = p.ifTest;
      if (!p.clause.hard && indent + textWidth(header) > width && header.startsWith('if (') && test && header === `if (${test.text})` && test.type === 'binary' && (test.op === '||' || test.op === '&&') && test.operands && !test.paren) {
        // `if (a || b || c)` too long: prettier breaks the test one operand a line, the operator at each line's
        // end, `)` alone, the consequent on the next line one level in. Operands printed flat; a logical one
        // only in parentheses and of the other operator (`a || (b && c)`: its own group, flat where it fits).
        const ops = test.operands;
        const one = printSimpleStatement(consequent);
        const otherLogical = (o: Node) => o.paren === true && o.op !== test.op && (o.op === '||' || o.op === '&&');
        if (ops.some((o) => o.hard || (o.type === 'binary' && ['||', '&&', '??'].includes(o.op!) && !otherLogical(o))) || one === undefined) return undefined;
        const lines = ['if (', ...ops.map((o, k) => `  ${o.text}${k < ops.length - 1 ? ` ${test.op}` : ''}`), ')', `  ${one}`];
        return fitsAll(lines, indent, width) ? lines : undefined;
      }
      if (p.clause.hard || indent + textWidth(header) > width) return undefined;
      const one = printSimpleStatement(consequent);
      const lines = one !== undefined && indent + 2 + textWidth(one) <= width ? [one] : printBrokenStatement(consequent, indent + 2, width);
      return lines ? [header, ...lines.map((l) => `  ${l}`)] : undefined;
    }
    if (p.stmtHead === undefined || !p.stmtExpr) return undefined;
    const expr = p.stmtExpr;
    // A string (break-after-operator) or a regular expression (fluid: nothing in it can break) too long after
    // `const x = `: on the next line, two spaces in, however long.
    if (expr.leaf && /^(?:export )?(?:const|let) [A-Za-z_$][\w$]* = $/.test(p.stmtHead) && (expr.literal === 'str' || expr.text.startsWith('/'))) {
      return indent + textWidth(p.stmtHead) - 1 <= width ? [p.stmtHead.trimEnd(), `  ${expr.text};`] : undefined;
    }
    // A string or a name after `=` or `return` would move to the next line (prettier's break-after-operator).
    if (expr.leaf) return undefined;
    // `const X: G<A> = {` too long with its object broken: prettier breaks the type's one argument out first
    // (`const X: G<` / `  A` / `> = {`), the object hugging `> = `.
    const generic = /^((?:export )?const [A-Za-z_$][\w$]*: [A-Za-z_$][\w$]*<)(.*)> = $/.exec(p.stmtHead);
    if (generic && indent + textWidth(p.stmtHead) + 1 > width && expr.entries && expr.bracket === '{' && expr.entries.length > 0) {
      const argument = generic[2]!;
      if (splitTypeArguments(argument) !== 1 || indent + 2 + textWidth(argument) > width || indent + textWidth(generic[1]!) > width) return undefined;
      const rest = layout(expr, indent, '> = ', ';', width);
      if (rest.length < 2 || rest[0] !== '> = {') return undefined;
      return [generic[1]!, `  ${argument}`, ...rest];
    }
    const lines = layout(expr, indent, p.stmtHead, ';', width);
    return lines.length > 1 ? lines : undefined;
  } catch (e) {
    if (e === FAIL) return undefined;
    throw e;
  }
}

function fitsAll(lines: string[], indent: number, width: number): boolean {
  return lines.every((l) => indent + textWidth(l) <= width);
}

/**
 * `f(a, { … });` (also after `const x = `, `await`) whose last object argument prettier keeps expanded (its
 * source has a line break after the `{`): hugged, `f(a, {` / one property a line / `});`, even where it would
 * fit on one line; undefined unless the call is a plain one (no member chain of calls, other arguments simple)
 * and its first line fits.
 */
export function printExpandedCallStatement(line: string, indent: number, width: number): string[] | undefined {
  const flat = flatStatement(line, true);
  // The line's own parse: its nodes' texts are already the flat form's (see flatStatement).
  const parse = flat === undefined ? undefined : parseStatement(line);
  if (flat === undefined || !parse) return undefined;
  const { parser: p } = parse;
  try {
    if (p.clause || p.stmtHead === undefined || !p.stmtExpr) return undefined;
    let head = p.stmtHead;
    let call = p.stmtExpr;
    if (call.type === 'await' && call.operand && !call.paren) {
      head += call.text.slice(0, call.text.length - call.operand.text.length);
      call = call.operand;
    }
    if (call.type !== 'postfix' || call.paren || call.chain || call.callHead === undefined || !call.args || call.args.length === 0) return undefined;
    const last = call.args[call.args.length - 1]!;
    const others = call.args.slice(0, -1);
    if (!last.entries || last.bracket !== '{' || last.paren) return undefined;
    if (others.some((n) => n.hard || n.type === 'arrow' || n.bracket !== undefined || n.text.startsWith('{') || n.text.startsWith('[') || n.text.startsWith('function'))) return undefined;
    const hugHead = `${head}${call.callHead}(${others.map((n) => `${n.text}, `).join('')}`;
    if (indent + textWidth(hugHead) + 1 > width) return undefined;
    return broken(last.entries, '{', indent, hugHead, ');', width);
  } catch (e) {
    if (e === FAIL) return undefined;
    throw e;
  }
}
