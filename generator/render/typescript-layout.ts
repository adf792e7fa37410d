/**
 * Generated TypeScript put in prettier's layout with less prettier (issue #16). The structure printer
 * (emitters/typescript/structure-printer.ts) writes ts-morph's layout: 4-space indents, double quotes, nothing
 * wrapped. Prettier then rewrites every file, and that was most of a cold `gen --lang ts`'s CPU time. Much of
 * each file, though, is made of pieces whose prettier layout follows from a few fixed rules: JSDoc blocks,
 * import/export-from lines, `export * from`, interface and class property lines with simple types, short type
 * aliases, whole interfaces of such members. This module prints those pieces itself, in prettier 3's layout
 * at the indentation prettier gives them, and replaces each by a one-line placeholder comment; prettier formats
 * what is left (the "residual": function and method bodies, classes' other members, everything it does not
 * recognise), then the placeholders are replaced by the printed pieces. A file left with placeholders only (the
 * models, the index) does not go through prettier at all.
 *
 * Statements too (typescript-statement.ts): simple ones on one line, and, broken as prettier breaks them, data
 * literals (a statement over several lines is joined first when its line breaks mean nothing to prettier), calls
 * with a hugged last object or array, as-chains after a call, `if (test) consequent;`, `const { a, b } = …`, a long
 * string property broken after its colon, `for (let …; …; …)` and for-of bodies broken onto the next line like
 * an if's, `yield`, `const [a] = …`, arrows returning an object literal broken in its parentheses (also as a
 * property value), hexadecimal numbers, `&` and `|` with their parentheses, `new X<T>(…)`, `import(…)`, `(A & B)[]`, shifts and `^=`, `...(a ? b : c)`, `i++` in an expression, methods in a hugged
 * object argument, `if (a) x;` / `else y;`, an if test of one operator broken one operand a line, numeric
 * separators; and blocks whose statements are all pieces (collapseBlocks; test calls,
 * also `describe.skipIf(c)('…', () => {` broken out when too long), so that a file left with placeholders only
 * skips prettier entirely (for the bundled model every file does: with the verbatim parts of typescript-parts.ts,
 * model-independent code spliced from runtime/ts/parts/, a cold `gen --lang ts` loads no prettier). Type aliases take object types and `keyof` on one line,
 * and long intersections broken after their non-object types; types (printType, typescript-statement.ts) take
 * function and constructor types, tuples and `typeof`; switch statements, conditional chains and conditional
 * arrow bodies, two-group member chains (`expect(a).not.toBe(b)`) broken in their first call, and strings and
 * templates outside ASCII (measured as prettier measures them: wide characters count 2) are printed too, as are templates with escapes, and a call whose last object argument is written one property a line (kept expanded and hugged, with line comments between properties and arrow values broken after `=>`: examples/append-from-file.ts). Where only an emitter's line breaks or spacing stood in the way (a JSON
 * value's spacing, a constant written over several lines that prettier breaks anyway), the emitter writes the
 * shape printed here: prettier's bytes are the same either way.
 *
 * It recognises a piece only when it is sure of prettier's layout for it (identifier names, types of a small
 * grammar re-printed token for token, ASCII code outside string literals, lines that fit in 100 columns); anything else stays in the
 * residual, and when the text cannot be split with confidence (an unbalanced scan, a placeholder that does not
 * come back once at its indentation) the whole file goes to prettier as before. test/typescript/layout.test.ts
 * compares this path with prettier on the whole file, byte for byte, for every TypeScript file of the bundled,
 * hostile and synthetic models; test/foundation/formatted.test.ts checks that prettier leaves every generated
 * file unchanged. OSSGEN_TS_LAYOUT=off sends every file to prettier whole (to measure, and to compare).
 */

/** The width prettier prints to (write/format.ts PRETTIER_OPTIONS.printWidth). */
const WIDTH = 100;

import { collapseArrowProperty, collapseBrokenOutCall, collapseHuggedObjectCall, collapseInvokedArrowArgument, compositionCall, printUpdateStatement, restoreElements, splitTrailingComment } from './typescript-arrow.js';
import { joinStatementLines } from './typescript-member-chain.js';
import { extractParts, withoutPartMarkers } from './typescript-parts.js';
import { printBrokenForOfHeader, printBrokenStatement, printExpandedCallStatement, printExpression, printSimpleStatement, printType, textWidth, widestCodeLine } from './typescript-statement.js';
/** ts-morph's indentation step in the text handed over; prettier's is 2. */
const IN_STEP = 4;
const OUT_STEP = 2;
const PLACEHOLDER = '// ossgen-layout:';

interface Piece {
  text: string;
  indent: number;
  /** The widest of its lines that must fit in the width (comments need not). */
  fit: number;
  /** Its lines at another indentation, where they differ (a statement broken by width, a block). */
  render?: (indent: number) => string[] | undefined;
  /** A `case …:` or `default:` label of a switch (its statements are one level further in). */
  label?: boolean;
  /** Placed directly in a switch's body: only printed as part of the whole switch (see planLayout). */
  inSwitch?: boolean;
  /** An object property or call argument (typescript-arrow.ts): only printed as part of the statement around it. */
  element?: boolean;
}

/** A piece's lines at `indent` (relative to it), or undefined when this module cannot vouch for them there. */
function renderAt(piece: Piece, indent: number): string[] | undefined {
  if (indent === piece.indent) return piece.text.split('\n');
  if (piece.render) return piece.render(indent);
  return indent + piece.fit <= WIDTH ? piece.text.split('\n') : undefined;
}

export interface LayoutPlan {
  /** The text prettier still has to format; undefined when nothing but placeholders is left. */
  residual: string;
  /** Whether the residual holds anything but placeholders and blank lines. */
  needsPrettier: boolean;
  /**
   * Printed pieces, by placeholder number, each at indentation 0 (lines joined by \n), with the indentation
   * prettier is expected to give them, and whether they are comments (which no width affects).
   */
  pieces: Piece[];
}

export function layoutOff(): boolean {
  return process.env.OSSGEN_TS_LAYOUT === 'off';
}

/** Per-line facts from a scan of the text: the lexical state at the line's start and the bracket depth. */
interface LineInfo {
  /** The line starts in ordinary code (not inside a string, template, comment or regular expression). */
  clean: boolean;
  /** `{` depth at the line's start. */
  braces: number;
  /** `(` and `[` depth at the line's start. */
  others: number;
  /** The brackets open at the line's start, outermost first. */
  stack: string;
  /** Where the innermost open bracket is: line and column. */
  innerLine: number;
  innerCol: number;
  /** The lines of the open `{` brackets, outermost first. */
  braceLines: readonly number[];
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

/**
 * Whether a line is directly in blocks: each open bracket around it a `{`, or a `(` whose `{` is an arrow
 * function's body opened on that call's line, `f(…, () => {` (a callback block, as it/describe bodies: prettier
 * hugs it, so its statements are one step in; assemble() refuses a part prettier put elsewhere).
 */
function inBlock(info: LineInfo, lines: string[]): boolean {
  if (!/^(\(?\{)*$/.test(info.stack)) return false;
  let brace = 0;
  for (let k = 0; k < info.stack.length; k++) {
    if (info.stack[k] !== '{') continue;
    const line = lines[info.braceLines[brace++]!]!;
    if (info.stack[k - 1] === '(' && !line.trimEnd().endsWith('=> {')) return false;
  }
  return true;
}

/**
 * Scans the text as JavaScript far enough to know, for each line, whether it starts in plain code and at what
 * depth. Returns undefined when the scan does not end balanced (the caller then uses prettier on the whole file).
 * It reads every character of every file, so by character codes, and a line's facts share the previous line's
 * strings and arrays where they did not change.
 */
function scanLines(text: string): LineInfo[] | undefined {
  const infos: LineInfo[] = [];
  let braces = 0;
  let others = 0;
  // Template literal nesting: for each open template, the brace depth of its `${`.
  const templates: number[] = [];
  // Open brackets, outermost first: their characters (`{`, `(`, `[`, or `$` for a template's `${`), lines and
  // columns. The string is what LineInfo.stack shares.
  let stack = '';
  const openLines: number[] = [];
  const openCols: number[] = [];
  // The lines of the open `{`, copied before a change once a LineInfo holds them (each line's array stays as it was).
  let braceLines: number[] = [];
  let braceLinesShared = false;
  const push = (ch: string, line: number, col: number) => {
    stack += ch;
    openLines.push(line);
    openCols.push(col);
    if (ch !== '{') return;
    if (braceLinesShared) braceLines = braceLines.slice();
    braceLinesShared = false;
    braceLines.push(line);
  };
  /** Closes the innermost bracket: its character, or '' when none is open. */
  const pop = (): string => {
    if (stack === '') return '';
    const ch = stack[stack.length - 1]!;
    stack = stack.slice(0, -1);
    openLines.pop();
    openCols.pop();
    if (ch === '{') {
      if (braceLinesShared) braceLines = braceLines.slice();
      braceLinesShared = false;
      braceLines.pop();
    }
    return ch;
  };
  let lineNo = -1;
  let lineAt = 0;
  let inTemplateText = false;
  let inBlockComment = false;
  // The last significant character is text[lastAt]; when lastAt is -1, lastLiteral stands for it (a literal's
  // end: its quote, '`', 'x' for a regular expression; '{' for a template's `${`; '' at the start).
  let lastLiteral = '';
  let lastAt = -1;
  let lineStart = true;
  let i = 0;
  const n = text.length;
  while (i <= n) {
    if (lineStart) {
      const inner = openLines.length - 1;
      infos.push({ clean: !inBlockComment && !inTemplateText, braces, others, stack, innerLine: inner >= 0 ? openLines[inner]! : -1, innerCol: inner >= 0 ? openCols[inner]! : -1, braceLines });
      braceLinesShared = true;
      lineStart = false;
      lineNo++;
      lineAt = i;
    }
    if (i === n) break;
    const c = text.charCodeAt(i);
    if (c === 0x0a /* \n */) {
      lineStart = true;
      i++;
      continue;
    }
    if (inBlockComment) {
      if (c === 0x2a /* * */ && text.charCodeAt(i + 1) === 0x2f /* / */) {
        inBlockComment = false;
        i += 2;
      } else i++;
      continue;
    }
    if (inTemplateText) {
      if (c === 0x5c /* \ */) i += 2;
      else if (c === 0x60 /* ` */) {
        inTemplateText = false;
        lastLiteral = '`';
        lastAt = -1;
        i++;
      } else if (c === 0x24 /* $ */ && text.charCodeAt(i + 1) === 0x7b /* { */) {
        templates.push(braces);
        braces++;
        push('$', lineNo, i - lineAt);
        inTemplateText = false;
        lastLiteral = '{';
        lastAt = -1;
        i += 2;
      } else i++;
      continue;
    }
    switch (c) {
      case 0x20 /* space */:
      case 0x09 /* \t */:
      case 0x0d /* \r */:
        i++;
        continue;
      case 0x2f /* / */: {
        const next = text.charCodeAt(i + 1);
        if (next === 0x2f) {
          const end = text.indexOf('\n', i);
          i = end < 0 ? n : end;
          continue;
        }
        if (next === 0x2a) {
          inBlockComment = true;
          i += 2;
          continue;
        }
        const last = lastAt >= 0 ? text[lastAt]! : lastLiteral;
        if (!regexAllowedAfter(lastAt >= 0 && isWordCode(text.charCodeAt(lastAt)) ? wordBefore(text, lastAt + 1) : last)) break;
        let j = i + 1;
        let inClass = false;
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d === 0x0a) return undefined;
          if (d === 0x5c /* \ */) j += 2;
          else {
            if (d === 0x5b /* [ */) inClass = true;
            else if (d === 0x5d /* ] */) inClass = false;
            else if (d === 0x2f && !inClass) break;
            j++;
          }
        }
        if (j >= n) return undefined;
        i = j + 1;
        while (i < n && text.charCodeAt(i) >= 0x61 && text.charCodeAt(i) <= 0x7a) i++;
        lastLiteral = 'x';
        lastAt = -1;
        continue;
      }
      case 0x27 /* ' */:
      case 0x22 /* " */: {
        let j = i + 1;
        while (j < n && text.charCodeAt(j) !== c) {
          const d = text.charCodeAt(j);
          if (d === 0x0a) return undefined;
          j += d === 0x5c ? 2 : 1;
        }
        if (j >= n) return undefined;
        i = j + 1;
        lastLiteral = text[j]!;
        lastAt = -1;
        continue;
      }
      case 0x60 /* ` */:
        inTemplateText = true;
        i++;
        continue;
      case 0x7b /* { */:
        braces++;
        push('{', lineNo, i - lineAt);
        break;
      case 0x7d /* } */:
        if (templates.length > 0 && templates[templates.length - 1] === braces - 1) {
          templates.pop();
          braces--;
          if (pop() !== '$') return undefined;
          inTemplateText = true;
          i++;
          continue;
        }
        braces--;
        if (pop() !== '{') return undefined;
        break;
      case 0x28 /* ( */:
      case 0x5b /* [ */:
        others++;
        push(c === 0x28 ? '(' : '[', lineNo, i - lineAt);
        break;
      case 0x29 /* ) */:
      case 0x5d /* ] */:
        others--;
        if (pop() !== (c === 0x29 ? '(' : '[')) return undefined;
        break;
    }
    if (braces < 0 || others < 0) return undefined;
    // The last significant character; a word's text is read only when a `/` asks (wordBefore).
    lastAt = i;
    i++;
  }
  if (braces !== 0 || others !== 0 || templates.length > 0 || inTemplateText || inBlockComment) return undefined;
  return infos;
}

/** `[\w$]` by character code. */
function isWordCode(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x5f || code === 0x24;
}

/** The identifier or keyword that ends at `end` (exclusive). */
function wordBefore(text: string, end: number): string {
  let s = end;
  while (s > 0 && /[\w$]/.test(text[s - 1]!)) s--;
  return text.slice(s, end);
}

const REGEX_KEYWORDS = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

function regexAllowedAfter(last: string): boolean {
  if (last === '') return true;
  if (/^[\w$]+$/.test(last)) return REGEX_KEYWORDS.has(last);
  return !(last === ')' || last === ']' || last === '}' || last === "'" || last === '"' || last === '`');
}

/**
 * A type alias whose type is an intersection too long for one line, as prettier breaks it (printIntersectionType
 * in an assignment's fluid layout): `type X = A &` and each further non-object type on a line of its own, 2 in,
 * after ` &`; an object type stays after ` & ` on the line of its neighbour. Only when every line fits with each
 * type on one line (no type broken inside), else undefined.
 */
function breakIntersectionAlias(head: string, type: string): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let k = 0; k < type.length; k++) {
    const c = type[k]!;
    if (c === "'") {
      k = type.indexOf("'", k + 1);
      if (k < 0) return undefined;
    } else if (c === '<' || c === '{') depth++;
    else if (c === '>' || c === '}') depth--;
    else if (depth === 0 && c === '|') return undefined;
    else if (depth === 0 && type.startsWith(' & ', k)) {
      parts.push(type.slice(from, k));
      from = k + 3;
      k += 2;
    }
  }
  parts.push(type.slice(from));
  if (parts.length < 2) return undefined;
  const lines = [`${head}${parts[0]}`];
  for (let k = 1; k < parts.length; k++) {
    const objects = parts[k - 1]!.startsWith('{') || parts[k]!.startsWith('{');
    if (objects) lines[lines.length - 1] += ` & ${parts[k]}`;
    else {
      lines[lines.length - 1] += ' &';
      lines.push(`  ${parts[k]}`);
    }
  }
  lines[lines.length - 1] += ';';
  return lines.length > 1 && lines.every((l) => l.length <= WIDTH) ? lines : undefined;
}

const MEMBER_MODIFIERS = ['public ', 'private ', 'protected ', 'static ', 'override ', 'readonly ', 'declare ', 'abstract '];

/** A property line (interface member or class field) printed in prettier's layout, or undefined. */
function printProperty(line: string, inClass: boolean): string | undefined {
  let rest = line;
  let mods = '';
  for (let progress = true; progress; ) {
    progress = false;
    for (const m of MEMBER_MODIFIERS) {
      if (rest.startsWith(m) && (inClass || m === 'readonly ')) {
        mods += m;
        rest = rest.slice(m.length);
        progress = true;
      }
    }
  }
  // An ECMAScript private name (`#secret`) only in a class.
  const m = /^(#?[A-Za-z_$][\w$]*)(\??): (.*);$/.exec(rest);
  if (!m || (m[1]!.startsWith('#') && !inClass)) return undefined;
  let typeSrc = m[3]!;
  let init = '';
  const eq = typeSrc.indexOf(' = ');
  if (eq >= 0) {
    if (!inClass) return undefined;
    const value = typeSrc.slice(eq + 3);
    typeSrc = typeSrc.slice(0, eq);
    const lit = /^"([^"\\']*)"$/.exec(value);
    if (lit) init = ` = '${lit[1]}'`;
    else if (/^(?:\d+|true|false|null|undefined)$/.test(value)) init = ` = ${value}`;
    // A call or `new` of a name or member without arguments (`Promise.resolve()`, `new Map()`): as written.
    else if (/^(?:new )?[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\(\)$/.test(value)) init = ` = ${value}`;
    else return undefined;
  }
  const type = printType(typeSrc);
  if (type === undefined) return undefined;
  return `${mods}${m[1]}${m[2]}: ${type}${init};`;
}

/**
 * An interface property `name?: G<A, 'a' | 'b' | …> | undefined;` (as printProperty prints it: single quotes,
 * simple string literals) too long for its line, the way prettier breaks it when even `| G<…>` alone does not fit
 * on the next line: `name?:`, then the union one member a line with a leading `| `, the type arguments broken
 * one a line four spaces past the `| ` (no trailing comma), the literal union flat where it fits there, else one
 * member a line with a leading `| ` too. Undefined for any other shape, or where a shorter layout would do
 * (prettier then puts the whole type on the next line, which is not printed here).
 */
function printBrokenPickProperty(printed: string, indent: number): string[] | undefined {
  const m = /^((?:readonly )?[A-Za-z_$][\w$]*\??):( )([A-Za-z_$][\w$]*)<([A-Za-z_$][\w$]*), ((?:'[A-Za-z0-9_$]+')(?: \| '[A-Za-z0-9_$]+')*)> \| undefined;$/.exec(printed);
  if (!m) return undefined;
  const [, name, , generic, first, union] = m;
  const at = (n: number, l: string) => indent + n + textWidth(l) <= WIDTH;
  // The type on the next line (no leading `|`), or the first member flat after its `| `: not this layout.
  if (at(2, `${generic}<${first}, ${union}> | undefined;`) || at(2, `| ${generic}<${first}, ${union}>`)) return undefined;
  const members = union!.split(' | ');
  const unionLines = at(6, union!) ? [`      ${union}`] : members.map((l) => `      | ${l}`);
  const lines = [`${name}:`, `  | ${generic}<`, `      ${first},`, ...unionLines, '    >', '  | undefined;'];
  return lines.every((l) => indent + textWidth(l) <= WIDTH) ? lines : undefined;
}

/** A JSDoc-style block comment (its lines) printed as prettier prints it, or undefined. */
function printBlockComment(lines: string[]): string[] | undefined {
  const text = lines.map((l) => l.trim()).join('\n');
  if (!text.startsWith('/*') || !text.endsWith('*/') || text.indexOf('*/') !== text.length - 2) return undefined;
  const value = text.slice(2, -2);
  if (!value.includes('\n')) return [`/*${value}*/`];
  const parts = `*${value}*`.split('\n').map((l) => l.trimStart());
  if (!parts.every((l) => l.startsWith('*'))) return undefined;
  const markdownBreaks = value[0] === '*' && value[1] !== '*';
  // The original's lines, before trimming: prettier keeps a Markdown hard break (two trailing spaces) there.
  const originals = `*${value}*`.split('\n');
  const out: string[] = [];
  for (const [k, part] of parts.entries()) {
    if (k === 0) out.push(`/${part.trimEnd()}`);
    else if (k === parts.length - 1) out.push(` ${part}/`);
    else {
      const trimmed = part.trimEnd();
      if (markdownBreaks && trimmed !== '*' && originals[k]!.endsWith('  ')) return undefined;
      out.push(` ${trimmed}`);
    }
  }
  return out;
}

/** An import or export-from line printed as prettier prints it at indentation 0, or undefined. */
function printModuleLine(line: string): string[] | undefined {
  const star = /^export \* from (["'])([^"'\\]*)\1;$/.exec(line);
  if (star) return [`export * from '${star[2]}';`];
  // Double quotes from the structure printer, single quotes from code the emitters write themselves.
  const m = /^(import|export)( type)? \{ (.*) \} from (?:"([^"'\\]*)"|'([^"'\\]*)');$/.exec(line);
  if (!m) return undefined;
  const specs = m[3]!.split(', ');
  for (const s of specs) {
    const words = s.split(' ');
    const ok =
      (words.length === 1 && IDENT.test(words[0]!)) ||
      (words.length === 2 && words[0] === 'type' && IDENT.test(words[1]!)) ||
      (words.length === 3 && words[1] === 'as' && IDENT.test(words[0]!) && IDENT.test(words[2]!)) ||
      (words.length === 4 && words[0] === 'type' && words[2] === 'as' && IDENT.test(words[1]!) && IDENT.test(words[3]!));
    if (!ok) return undefined;
  }
  const head = `${m[1]}${m[2] ?? ''} `;
  const tail = ` from '${m[4] ?? m[5]}';`;
  const flat = `${head}{ ${specs.join(', ')} }${tail}`;
  // A single specifier never breaks (prettier's printModuleSpecifiers).
  if (flat.length <= WIDTH || specs.length === 1) return [flat];
  return [`${head}{`, ...specs.map((s) => `  ${s},`), `}${tail}`];
}

const ASCII = /^[\x20-\x7e]*$/;

function fits(indent: number, lines: string[]): boolean {
  return lines.every((l) => indent + textWidth(l) <= WIDTH);
}

const SWITCH = /^switch \(.*\) \{$/;

/** Lines that open a block of statements with their last character, `{` (trimmed). */
const BLOCK_OPENERS = [
  /^\{$/,
  /^(?:\} )?(?:else )?(?:if|for(?: await)?|while) \(.*\) \{$/,
  /^(?:\} )?else \{$/,
  /^try \{$/,
  /^\} catch(?: \([^()]*\))? \{$/,
  /^\} finally \{$/,
  /^switch \(.*\) \{$/,
  /=> \{$/,
  /^(?:export )?(?:default )?(?:async )?function\*? ?[\w$]*(?:<[^>]*>)?\(.*\)(?:: .+)? \{$/,
  /^(?:(?:public|private|protected|static|async|override|get|set) )*(?!switch\b|catch\b)[A-Za-z_$][\w$]*(?:<.*>)?\(.*\)(?:: .+)? \{$/,
];

/**
 * Splits the ts-morph-layout text into pieces printed here and a residual for prettier. Returns undefined when
 * the text cannot be split with confidence.
 */
export function planLayout(source: string, switches = true): LayoutPlan | undefined {
  // Verbatim parts (typescript-parts.ts) first: each becomes a placeholder line and a piece at its indentation.
  const spliced = extractParts(source, (n) => `${PLACEHOLDER}${n}`);
  if (!spliced) return undefined;
  const text = spliced.text;
  const lines = text.split('\n');
  const infos = scanLines(text);
  if (!infos || infos.length !== lines.length) return undefined;
  // What a line that opens a block is, asked for every statement in that block: each answered once a line
  // (0 not known yet, 1 yes, -1 no).
  const switchHeaders = new Int8Array(lines.length);
  const isSwitchHeader = (l: number): boolean => {
    if (switchHeaders[l] === 0) switchHeaders[l] = SWITCH.test(lines[l]!.trim()) ? 1 : -1;
    return switchHeaders[l] === 1;
  };
  const blockOpeners = new Int8Array(lines.length);
  const opensBlock = (l: number): boolean => {
    if (blockOpeners[l] === 0) {
      const trimmed = lines[l]!.trim();
      blockOpeners[l] = BLOCK_OPENERS.some((re) => re.test(trimmed)) ? 1 : -1;
    }
    return blockOpeners[l] === 1;
  };
  /** A line's indentation in blocks: the `{` open around it, and once more for each switch (its cases' statements). */
  const blockDepth = (info: LineInfo): number => {
    let depth = info.braceLines.length;
    for (const l of info.braceLines) if (isSwitchHeader(l)) depth++;
    return depth;
  };
  // Each part must be at its block's depth (in a block, not an argument list or a literal).
  let partsFound = 0;
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!;
    const at = line.indexOf(PLACEHOLDER);
    if (at < 0 || line.slice(0, at).trim() !== '') continue;
    const info = infos[k]!;
    const part = spliced.parts[Number(line.slice(at + PLACEHOLDER.length))];
    if (!part || !info.clean || !inBlock(info, lines) || blockDepth(info) * OUT_STEP !== part.indent) return undefined;
    partsFound++;
  }
  if (partsFound !== spliced.parts.length) return undefined;
  const pieces: Piece[] = spliced.parts.map((p) => ({ text: p.text, indent: p.indent, fit: 0, render: (indent: number) => (indent === p.indent ? p.text.split('\n') : undefined) }));
  const residual: string[] = [];
  let placingInSwitch = false;
  const place = (depth: number, printed: string[], render?: Piece['render'], label?: boolean) => {
    residual.push(`${' '.repeat(depth * IN_STEP)}${PLACEHOLDER}${pieces.length}`);
    pieces.push({ text: printed.join('\n'), indent: depth * OUT_STEP, fit: printed[0]!.startsWith('/') ? 0 : Math.max(...printed.map(textWidth)), render, ...(label ? { label } : {}), ...(placingInSwitch ? { inSwitch: true } : {}) });
    placingInSwitch = false;
  };
  /** Where a block comment starting at line i ends (inclusive), or -1. */
  const commentEnd = (i: number): number => {
    for (let j = i; j < lines.length; j++) if (lines[j]!.includes('*/')) return lines[j]!.trimEnd().endsWith('*/') ? j : -1;
    return -1;
  };
  /** One member-level item at depth `depth` starting at line i: printed lines and the next line, or undefined. */
  const member = (i: number, depth: number, inClass: boolean): { printed: string[]; next: number } | undefined => {
    const line = lines[i]!;
    const pad = ' '.repeat(depth * IN_STEP);
    if (!line.startsWith(pad) || line[pad.length] === ' ') return undefined;
    const body = line.slice(pad.length);
    if (body.startsWith('/*')) {
      const end = commentEnd(i);
      if (end < 0) return undefined;
      const printed = printBlockComment(lines.slice(i, end + 1));
      return printed ? { printed, next: end + 1 } : undefined;
    }
    if (!ASCII.test(body)) return undefined;
    const printed = printProperty(body, inClass);
    if (printed !== undefined && !fits(depth * OUT_STEP, [printed])) {
      const broken = inClass ? undefined : printBrokenPickProperty(printed, depth * OUT_STEP);
      return broken ? { printed: broken, next: i + 1 } : undefined;
    }
    if (printed === undefined) return undefined;
    // The next line must start a new item at this depth (not continue this one).
    return { printed: [printed], next: i + 1 };
  };
  /**
   * A simple statement alone on its line in a block (or at the top level), printed in prettier's layout at the
   * block's depth: placed and true, else false.
   */
  const statement = (i: number): number => {
    const line = lines[i]!;
    const info = infos[i]!;
    if (line === '' || !info.clean || info.stack.includes('$')) return -1;
    // Indentation counts blocks only: the body of `it('…', async () => {` is one level in, not two; and the
    // statements of a switch's cases are one level further in than their labels.
    let depth = blockDepth(info);
    let inSwitch = false;
    if (info.stack.length > 0) {
      if (!info.stack.endsWith('{')) return -1;
      if (info.innerCol !== lines[info.innerLine]!.length - 1 || !opensBlock(info.innerLine)) return -1;
      inSwitch = isSwitchHeader(info.innerLine);
      if (inSwitch && !switches) return -1;
    }
    placingInSwitch = inSwitch;
    if (inSwitch) {
      // A label, one level out from the statements: `case <expression>:` or `default:`.
      const labelText = line.trim();
      const m = /^case (.*):$/.exec(labelText);
      const e = m ? printExpression(m[1]!) : undefined;
      const printed = labelText === 'default:' ? labelText : e === undefined ? undefined : `case ${e}:`;
      if (printed !== undefined) {
        depth--;
        if ((depth * OUT_STEP) + textWidth(printed) > WIDTH) return -1;
        place(depth, [printed], undefined, true);
        return i + 1;
      }
      if (/^(case |default\b)/.test(labelText)) return -1;
      // A comment before a label or the closing brace belongs to the case (prettier prints it at the label's
      // indentation): not printed here.
      if (labelText.startsWith('//') || labelText.startsWith('/*')) {
        let k = i + 1;
        while (k < lines.length && (lines[k]!.trim() === '' || /^(\/\/|\/\*|\*)/.test(lines[k]!.trim()))) k++;
        if (k >= lines.length || /^(?:case .*|default):$/.test(lines[k]!.trim()) || lines[k]!.trim().startsWith('}')) return -1;
      }
    }
    // The view models' code strings indent their own way (prettier re-indents everything), so the line's
    // indentation says nothing; what makes it a statement of its own is where the previous one ended.
    let prev = i - 1;
    while (prev >= 0 && lines[prev]!.trim() === '') prev--;
    const before = prev < 0 ? '' : lines[prev]!.trim();
    if (prev >= 0 && !/[;{}]$/.test(before) && !before.endsWith('*/') && !before.startsWith('//') && splitTrailingComment(before) === undefined && !(inSwitch && /^(?:case .*|default):$/.test(before))) return -1;
    const pad = line.length - line.trimStart().length;
    // An `if` whose `else` follows on the next line is not a statement of its own.
    let next = i + 1;
    while (next < lines.length && lines[next] === '') next++;
    // `if (a) x;` / `else y;`, each simple and on its line: prettier keeps them so (a hard line before `else`
    // after a consequent that is not a block, the alternate after `else ` where it fits).
    const elseLine = next === i + 1 && next < lines.length ? lines[next]!.trim() : '';
    if (/^else (?!if\b|\{)/.test(elseLine) && isComplete(i) && isComplete(next) && infos[next]!.clean && !/^\s*else\b/.test(lines[next + 1] ?? '')) {
      const ifPrinted = printSimpleStatement(line.trim());
      const elsePrinted = printSimpleStatement(elseLine.slice('else '.length));
      const pair = ifPrinted?.startsWith('if (') && elsePrinted !== undefined && !elsePrinted.startsWith('if ') ? [ifPrinted, `else ${elsePrinted}`] : undefined;
      const at = (indent: number) => (pair && fits(indent, pair) ? pair : undefined);
      if (pair && at(depth * OUT_STEP)) {
        place(depth, pair, at);
        return next + 1;
      }
    }
    if (next < lines.length && /^\s*else\b/.test(lines[next]!)) return -1;
    let body = line.slice(pad);
    // A verbatim part's placeholder (placed before the scan): kept as it is.
    if (body.startsWith(PLACEHOLDER)) {
      residual.push(line);
      return i + 1;
    }
    // A line comment of its own: prettier prints it as written, without trailing spaces.
    // (Its text is not measured by prettier, so any characters but JavaScript's other line terminators.)
    if (body.startsWith('//')) {
      if (/[\r\u2028\u2029]/.test(body)) return -1;
      place(depth, [body.trimEnd()]);
      return i + 1;
    }
    // A block comment of its own lines (JSDoc in a body): as at the top level.
    if (body.startsWith('/*')) {
      const end = commentEnd(i);
      const printed = end < 0 ? undefined : printBlockComment(lines.slice(i, end + 1));
      if (!printed || lines.slice(i, end + 1).some((l) => /[\r\u2028\u2029]/.test(l))) return -1;
      place(depth, printed);
      return end + 1;
    }
    // A statement over several lines (a data literal: `const X = { a: {…},` / `b: {…} };`): its lines joined by
    // one space, up to the line after which the scan is back at this line's depth. Only where a line break says
    // nothing to prettier: not after `{` (prettier keeps an object expanded whose first property is on the next
    // line), not blank (kept between properties), not inside a string, template or comment.
    // A call whose last argument is an object written one property a line, `f(a, {` / `key: value,` / `});`,
    // line comments between properties: prettier keeps that object expanded (a line break after its `{`) and
    // hugs it, each comment on its own line before its property.
    if (!isComplete(i) && body.endsWith('{')) {
      const object = expandedObject(i, body);
      if (object) {
        const objectLines = object.render(depth * OUT_STEP);
        if (!objectLines) return -1;
        place(depth, objectLines, object.render);
        return object.end;
      }
      const expanded = expandedCall(i, body);
      if (expanded === undefined) return -1;
      const statementLines = expanded.render(depth * OUT_STEP);
      if (!statementLines) return -1;
      place(depth, statementLines, expanded.render);
      return expanded.end;
    }
    // `f(` / one-line arguments, two or more of them functions / `);`: broken out (typescript-arrow.ts).
    if (!isComplete(i) && body.endsWith('(')) {
      let k = i + 1;
      while (k < lines.length && infos[k]!.clean && isComplete(k) && lines[k]!.trim() !== ');' && infos[k]!.stack === `${info.stack}(`) k++;
      const render = k > i + 1 && k < lines.length && lines[k]!.trim() === ');' && infos[k]!.stack === `${info.stack}(` && infos[k + 1]?.stack === info.stack ? compositionCall(body, lines.slice(i + 1, k).map((l) => l.trim())) : undefined;
      const statementLines = render?.(depth * OUT_STEP);
      if (render && statementLines) {
        place(depth, statementLines, render);
        return k + 1;
      }
    }
    let end = i + 1;
    if (!isComplete(i)) {
      while (end < lines.length && !(infos[end]!.braces === info.braces && infos[end]!.others === info.others && infos[end]!.stack === info.stack)) {
        const l = lines[end]!;
        if (!infos[end]!.clean || l.trim() === '' || lines[end - 1]!.trimEnd().endsWith('{')) return -1;
        end++;
      }
      if (end >= lines.length || end === i + 1) return -1;
      body = joinStatementLines([body, ...lines.slice(i + 1, end).map((l) => l.trim())]);
      // The statement must end on its last line.
      if (!body.endsWith(';')) return -1;
      // As above: an `if` whose `else` follows is not a statement of its own.
      let after = end;
      while (after < lines.length && lines[after] === '') after++;
      if (after < lines.length && /^\s*else\b/.test(lines[after]!)) return -1;
    } else if (!body.endsWith(';') && !splitTrailingComment(body)) {
      // A member chain the emitter wrote one `.call(…)` a line: its lines, each complete, up to the one ending in `;`
      // (a statement ending in a line comment is complete: see below).
      const chain = chainContinuation(i);
      if (chain === undefined) return -1;
      body = joinStatementLines([body, ...lines.slice(i + 1, chain).map((l) => l.trim())]);
      end = chain;
    }
    // `statement; // comment` on one line: prettier keeps the comment after it, not measured (a line suffix).
    const commented = end === i + 1 ? splitTrailingComment(body) : undefined;
    if (commented) {
      const at = (indent: number) => (indent + textWidth(commented.code) <= WIDTH ? [`${commented.code} ${commented.comment}`] : undefined);
      const commentedLines = at(depth * OUT_STEP);
      if (!commentedLines) return -1;
      place(depth, commentedLines, at);
      return end;
    }
    const printed = printSimpleStatement(body) ?? printUpdateStatement(body);
    // Without a one-line form (too long, or holding a group prettier always breaks): prettier's broken layout.
    const render = (indent: number) => (printed !== undefined && indent + textWidth(printed) <= WIDTH ? [printed] : printBrokenStatement(body, indent, WIDTH));
    const statementLines = render(depth * OUT_STEP);
    if (!statementLines) return -1;
    place(depth, statementLines, render);
    return end;
  };
  /**
   * The statement starting at line i (text `head`, ending in `{`) when it is a call with a last object argument
   * written one property a line (line comments between them allowed) up to a line `});`: how to print it at an
   * indentation, and the line after it.
   */
  const expandedCall = (i: number, head: string): { render: (indent: number) => string[] | undefined; end: number } | undefined => {
    const base = infos[i]!;
    const properties: string[] = [];
    // The comments before each property, by the property's number.
    const comments: string[][] = [[]];
    let k = i + 1;
    for (; k < lines.length; k++) {
      const info = infos[k]!;
      const text = lines[k]!.trim();
      if (!info.clean || info.braces !== base.braces + 1 || info.others !== base.others + 1 || info.stack !== `${base.stack}({`) return undefined;
      if (text === '});') break;
      if (text.startsWith('//')) {
        if (/[\r\u2028\u2029]/.test(text)) return undefined;
        comments[properties.length]!.push(text);
        continue;
      }
      if (!isComplete(k) || !text.endsWith(',') || text.startsWith('/*')) return undefined;
      properties.push(text.slice(0, -1));
      comments.push([]);
    }
    const after = infos[k + 1];
    if (k >= lines.length || properties.length === 0 || comments[properties.length]!.length > 0) return undefined;
    if (after && !(after.braces === base.braces && after.others === base.others && after.stack === base.stack)) return undefined;
    const flat = `${head} ${properties.join(', ')} });`;
    const render = (indent: number): string[] | undefined => {
      const printed = printExpandedCallStatement(flat, indent, WIDTH);
      if (!printed) return undefined;
      // Each property's first line is the one two spaces in that is not a closing bracket.
      const starts = printed.flatMap((l, n) => (n > 0 && n < printed.length - 1 && /^ {2}[^ )\]}]/.test(l) ? [n] : []));
      if (starts.length !== properties.length) return undefined;
      const out = [printed[0]!];
      for (let n = 1; n < printed.length; n++) {
        const at = starts.indexOf(n);
        if (at >= 0) out.push(...comments[at]!.map((c) => `  ${c}`));
        out.push(printed[n]!);
      }
      return out;
    };
    return { render, end: k + 1 };
  };
  /**
   * `const x: T = {` / one property a line, each ending in `,` / `};`: prettier keeps that object expanded (a line
   * break after its `{`). Printed only where its flat form is too long anyway, so that prettier's broken object
   * (printBrokenStatement) is the expanded one: the header as written, one property a line. Undefined for any
   * other statement.
   */
  const expandedObject = (i: number, head: string): { render: (indent: number) => string[] | undefined; end: number } | undefined => {
    if (!/^(?:const|let) [A-Za-z_$][\w$]*(?:: [^=]+)? = \{$/.test(head)) return undefined;
    const base = infos[i]!;
    const properties: string[] = [];
    let k = i + 1;
    for (; k < lines.length; k++) {
      const info = infos[k]!;
      const text = lines[k]!.trim();
      if (!info.clean || info.braces !== base.braces + 1 || info.others !== base.others || info.stack !== `${base.stack}{`) return undefined;
      if (text === '};') break;
      if (!isComplete(k) || !text.endsWith(',') || text.startsWith('/') || text === ',') return undefined;
      properties.push(text.slice(0, -1));
    }
    const after = infos[k + 1];
    if (k >= lines.length || properties.length === 0) return undefined;
    if (after && !(after.braces === base.braces && after.others === base.others && after.stack === base.stack)) return undefined;
    const flat = `${head} ${properties.join(', ')} };`;
    const render = (indent: number): string[] | undefined => {
      const oneLine = printSimpleStatement(flat);
      if (oneLine === undefined || indent + textWidth(oneLine) <= WIDTH) return undefined;
      const printed = printBrokenStatement(flat, indent, WIDTH);
      if (!printed || printed.length !== properties.length + 2 || printed[0] !== head || printed[printed.length - 1] !== '};') return undefined;
      return printed.slice(1, -1).every((l) => /^ {2}[^ ]/.test(l) && l.endsWith(',')) ? printed : undefined;
    };
    return { render, end: k + 1 };
  };
  /**
   * After line i (complete, not ending in `;`), lines that each start with a member access `.name`, are complete
   * and clean, the last ending in `;`: the line after them, or undefined.
   */
  const chainContinuation = (i: number): number | undefined => {
    let k = i + 1;
    while (k < lines.length && infos[k]!.clean && /^\.[A-Za-z_$]/.test(lines[k]!.trim()) && isComplete(k)) {
      k++;
      if (lines[k - 1]!.trimEnd().endsWith(';')) return k;
    }
    return undefined;
  };
  /** Whether line i ends where the scan is back at its start's depth (a statement on one line). */
  const isComplete = (i: number): boolean => {
    const a = infos[i]!;
    const b = infos[i + 1];
    return b === undefined || (a.braces === b.braces && a.others === b.others && a.stack === b.stack);
  };
  /**
   * A line the planner does not print as part of a larger piece: a statement piece (over several lines when
   * `join`), else left for prettier. Returns the next line.
   */
  const rest = (i: number, join = false): number => {
    if (!join && !isComplete(i)) {
      residual.push(lines[i]!);
      return i + 1;
    }
    const next = statement(i);
    if (next < 0) {
      residual.push(lines[i]!);
      return i + 1;
    }
    return next;
  };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const info = infos[i]!;
    if (line === '' || !info.clean || info.braces !== 0 || info.others !== 0) {
      i = rest(i, true);
      continue;
    }
    // Top level.
    if (line.startsWith('/*')) {
      const end = commentEnd(i);
      const printed = end < 0 ? undefined : printBlockComment(lines.slice(i, end + 1));
      if (printed && end >= 0) {
        place(0, printed);
        i = end + 1;
        continue;
      }
    }
    if (ASCII.test(line)) {
      const module = printModuleLine(line);
      if (module) {
        place(0, module);
        i++;
        continue;
      }
      const alias = /^(export )?type ([A-Za-z_$][\w$]*) = (.*);$/.exec(line);
      const aliasType = alias ? printType(alias[3]!) : undefined;
      if (alias && aliasType !== undefined) {
        const printed = `${alias[1] ?? ''}type ${alias[2]} = ${aliasType};`;
        const lines = printed.length <= WIDTH ? [printed] : breakIntersectionAlias(`${alias[1] ?? ''}type ${alias[2]} = `, aliasType);
        if (lines) {
          place(0, lines);
          i++;
          continue;
        }
      }
    }
    const container = /^(export )?(?:(abstract )?class|interface) [A-Za-z_$][\w$]*/.exec(line);
    if (container && line.endsWith(' {') && ASCII.test(line)) {
      const inClass = !/^(export )?interface /.test(line);
      // The members, up to the closing brace at column 0.
      let j = i + 1;
      const items: { start: number; printed?: string[]; next: number }[] = [];
      let ok = true;
      // The closing brace: a `}` at column 0 after which the scan is back at the top level.
      const isEnd = (k: number) => lines[k] === '}' && infos[k]!.clean && infos[k]!.braces === 1 && infos[k]!.others === 0 && (k + 1 >= lines.length || (infos[k + 1]!.braces === 0 && infos[k + 1]!.others === 0));
      while (j < lines.length && !isEnd(j)) {
        const inf = infos[j]!;
        if (lines[j] === '' || !inf.clean || inf.braces !== 1 || inf.others !== 0) {
          items.push({ start: j, next: j + 1 });
          j++;
          continue;
        }
        const m = member(j, 1, inClass);
        if (m) {
          items.push({ start: j, printed: m.printed, next: m.next });
          j = m.next;
        } else {
          items.push({ start: j, next: j + 1 });
          j++;
        }
      }
      if (j >= lines.length || !infos[j]!.clean || infos[j]!.braces !== 1 || infos[j]!.others !== 0) ok = false;
      const header = /^(export )?interface ([A-Za-z_$][\w$]*)( extends [A-Za-z_$][\w$.]*(?:, [A-Za-z_$][\w$.]*)*)? \{$/.exec(line);
      if (ok && !inClass && header && items.length > 0 && items.every((it) => it.printed) && line.length <= WIDTH) {
        // The whole interface: header, members at 2 spaces, closing brace.
        const printed = [line, ...items.flatMap((it) => it.printed!.map((l) => `  ${l}`)), '}'];
        place(0, printed);
        i = j + 1;
        continue;
      }
      if (ok) {
        residual.push(line);
        // A statement of a method's body may span lines (printed whole by statement()): the items it covers
        // are skipped.
        let covered = -1;
        for (const it of items) {
          if (it.start < covered) continue;
          if (it.printed) place(1, it.printed);
          else covered = rest(it.start, true);
        }
        residual.push(lines[j]!);
        i = j + 1;
        continue;
      }
    }
    i = rest(i, true);
  }
  const collapsed = collapseBlocks(residual, pieces);
  // A switch not printed whole: prettier would place the placeholders of its labels and statements as comments
  // of its cases (at the labels' indentation), so plan again leaving switches to prettier.
  if (switches && collapsed.some((l) => pieces[Number(l.slice(l.indexOf(PLACEHOLDER) + PLACEHOLDER.length))]?.inSwitch === true && l.includes(PLACEHOLDER))) return planLayout(source, false);
  const needsPrettier = collapsed.some((l) => l.trim() !== '' && !l.trimStart().startsWith(PLACEHOLDER));
  return { residual: collapsed.join('\n'), needsPrettier, pieces };
}

/** Splits a parameter list or argument list at its top-level commas. */
function splitTopLevel(src: string): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let k = 0; k < src.length; k++) {
    const c = src[k]!;
    // A string literal (a literal type, `'a' | 'b'`) is skipped whole; templates are not split here.
    if (c === '"' || c === "'") {
      const end = src.indexOf(c, k + 1);
      if (end < 0 || src.slice(k + 1, end).includes('\\')) return undefined;
      k = end;
      continue;
    }
    if (c === '`') return undefined;
    if ('([{<'.includes(c)) depth++;
    else if (')]}>'.includes(c) && !(c === '>' && src[k - 1] === '=')) depth--;
    else if (c === ',' && depth === 0) {
      parts.push(src.slice(from, k));
      from = k + 2;
      if (src[k + 1] !== ' ') return undefined;
    }
    if (depth < 0) return undefined;
  }
  parts.push(src.slice(from));
  return depth === 0 ? parts : undefined;
}

/** The parameters of a list as prettier prints them, or undefined. */
function printParams(src: string, parameterProperties = false): string[] | undefined {
  if (src === '') return [];
  const parts = splitTopLevel(src);
  if (!parts) return undefined;
  const out: string[] = [];
  for (const part of parts) {
    // A constructor's parameter property (`private readonly client: C`): its modifiers as written.
    const mods = parameterProperties ? (/^(?:(?:public|private|protected) )?(?:readonly )?/.exec(part)?.[0] ?? '') : '';
    const m = /^(\.\.\.)?([A-Za-z_$][\w$]*)(\?)?(?:: (.+?))?(?: = (.+))?$/.exec(part.slice(mods.length));
    if (!m || (mods !== '' && m[1] !== undefined)) return undefined;
    let text = `${mods}${m[1] ?? ''}${m[2]}${m[3] ?? ''}`;
    if (m[4] !== undefined) {
      const type = printType(m[4]);
      if (type === undefined) return undefined;
      text += `: ${type}`;
    }
    if (m[5] !== undefined) {
      const value = printExpression(m[5]);
      if (value === undefined) return undefined;
      text += ` = ${value}`;
    }
    out.push(text);
  }
  return out;
}

const TEST_CALLEES = /^(?:describe|it|test)(?:\.(?:only|skip))?\(/;

/**
 * The header of a block (a line ending in `{`), as prettier prints it at `indent`; `closer` is the line that
 * closes it. Undefined when it is not one this module can vouch for.
 */
function printBlockHeader(line: string, closer: string, indent: number): string[] | undefined {
  const fitsHere = (h: string) => (indent + textWidth(h) <= WIDTH ? [h] : undefined);
  if (closer === '});') {
    if (!line.endsWith('=> {')) return undefined;
    const flat = printSimpleStatement(`${line}});`);
    if (flat === undefined || !flat.endsWith('{});')) return undefined;
    const header = flat.slice(0, -3);
    // prettier keeps a test call (`it('…', async () => {`) on one line whatever its length.
    if (indent + textWidth(header) > WIDTH && !(TEST_CALLEES.test(header) && /^[a-z.]+\((?:'[^'\\]*'|"[^"\\]*"), (?:async )?\(\) => \{$/.test(header))) return undefined;
    return [header];
  }
  if (closer === '};') {
    // `const f = (a: T): R => {` … `};`: the arrow's header on one line where it fits.
    if (!line.endsWith('=> {') || !/^(?:export )?(?:const|let) /.test(line)) return undefined;
    const flat = printSimpleStatement(`${line}};`);
    if (flat === undefined || !flat.endsWith(' => {};')) return undefined;
    const header = flat.slice(0, -2);
    return indent + textWidth(header) <= WIDTH ? [header] : undefined;
  }
  if (closer !== '}') return undefined;
  if (line === '{' || line === 'try {') return [line];
  let m = /^(if|while|switch) \((.*)\) \{$/.exec(line);
  if (m) {
    const e = printExpression(m[2]!);
    if (e === undefined) return undefined;
    const flat = fitsHere(`${m[1]} (${e}) {`);
    if (flat || m[1] !== 'if') return flat;
    // Too long: the test broken as for `if (test) consequent;` (one operand of a logical chain a line), `) {`.
    const broken = printBrokenStatement(`if (${e}) _;`, indent, WIDTH);
    return broken && broken[0] === 'if (' && broken.at(-2) === ')' && broken.at(-1) === '  _;' ? [...broken.slice(0, -2), ') {'] : undefined;
  }
  // `for (let i = 1; ; i++) {` (no test): as written.
  if (/^for \(let [A-Za-z_$][\w$]* = \d+; ; [A-Za-z_$][\w$]*\+\+\) \{$/.test(line)) return fitsHere(line);
  // `for (let i = 0; i < n; i++) {`: its header as printSimpleStatement prints it with a one-line body.
  if (/^for \(let [A-Za-z_$][\w$]* = .*; .*; .*\) \{$/.test(line)) {
    const printed = printSimpleStatement(`${line.slice(0, -2)} _;`);
    return printed === undefined || !printed.endsWith(') _;') ? undefined : fitsHere(`${printed.slice(0, -3)} {`);
  }
  m = /^for (await )?\((const|let) ([A-Za-z_$][\w$]*|\[[\w$, ]+\]|\{ [\w$, ]+ \}) of (.*)\) \{$/.exec(line);
  if (m) {
    const e = printExpression(m[4]!);
    const flat = e === undefined ? undefined : fitsHere(`for ${m[1] ?? ''}(${m[2]} ${m[3]} of ${e}) {`);
    // Too long (or an array prettier always breaks): the array after ` of ` broken in place (for-await: prettier).
    return flat ?? (m[1] ? undefined : printBrokenForOfHeader(`for (${m[2]} ${m[3]} of `, m[4]!, indent, WIDTH));
  }
  m = /^((?:export )?(?:async )?function\*? [A-Za-z_$][\w$]*(?:<[A-Za-z_$][\w$]*(?:, [A-Za-z_$][\w$]*)*>)?|(?:(?:public|private|protected|static|async|override|get|set) )*(?!if\b|for\b|while\b|switch\b|catch\b|function\b)[A-Za-z_$][\w$]*)\((.*)\)(?:: (.+))? \{$/.exec(line);
  if (m) {
    const isConstructor = /^(?:(?:public|private|protected) )?constructor$/.test(m[1]!);
    const params = printParams(m[2]!, isConstructor);
    if (params === undefined) return undefined;
    // Two or more parameters, one of them a parameter property: prettier always breaks the list
    // (shouldBreakFunctionParameters).
    const mustBreak = isConstructor && params.length > 1 && params.some((p) => /^(?:public|private|protected|readonly) /.test(p));
    let returns = '';
    if (m[3] !== undefined) {
      const type = printType(m[3]);
      if (type === undefined) return undefined;
      returns = `: ${type}`;
    }
    const flat = `${m[1]}(${params.join(', ')})${returns} {`;
    if (!mustBreak && indent + textWidth(flat) <= WIDTH) return [flat];
    // The only parameter of an object type: prettier hugs it (shouldHugTheOnlyFunctionParameter), `f(a: {`,
    // its members one a line, `}): R {`.
    const only = params.length === 1 ? /^([A-Za-z_$][\w$]*\??): (\{ .* \})$/.exec(params[0]!) : null;
    if (only && !mustBreak) return hugObjectParameter(m[1]!, only[1]!, only[2]!, m[3] === undefined ? undefined : returns.slice(2), indent);
    // An object return type after one parameter (prettier groups that parameter apart:
    // shouldGroupFunctionParameters) that fits up to the type's `{` (where fits stops): the parameter stays on
    // the line, the type's members one a line, `} {` after them.
    const members = params.length === 1 && !mustBreak && returns.startsWith(': { ') ? objectTypeMembers(returns.slice(2)) : undefined;
    const open = `${m[1]}(${params.join(', ')}): {`;
    if (members && indent + textWidth(open) <= WIDTH) {
      const lines = [open, ...members, '} {'];
      return fits(indent, lines) ? lines : undefined;
    }
    // Too long: one parameter a line with a trailing comma, as prettier breaks a parameter list.
    const broken = [`${m[1]}(`, ...params.map((p) => `  ${p},`), `)${returns} {`];
    return params.length > 0 && broken.every((l) => indent + textWidth(l) <= WIDTH) ? broken : undefined;
  }
  m = /^((?:export )?(?:abstract )?class [A-Za-z_$][\w$]*(?: extends [A-Za-z_$][\w$.]*)?) \{$/.exec(line);
  if (m) return fitsHere(line);
  m = /^((?:export )?interface [A-Za-z_$][\w$]*(?: extends [A-Za-z_$][\w$.]*(?:, [A-Za-z_$][\w$.]*)*)?) \{$/.exec(line);
  if (m) return fitsHere(line);
  return undefined;
}

/**
 * `head(name: { a: A; b: B }): R {` too long, its only parameter of an object type (printed by printType): where
 * the line up to the return type's first break (`): {` for an object type; a name has none) does not fit,
 * prettier breaks the parameter's type, one member a line each ending in `;`, and prints `}): R {` after it.
 * Undefined for any other return type, or when that last line does not fit.
 */
function hugObjectParameter(head: string, name: string, type: string, returns: string | undefined, indent: number): string[] | undefined {
  if (returns !== undefined && !returns.startsWith('{ ') && !IDENT.test(returns)) return undefined;
  const measured = `${head}(${name}: ${type})${returns === undefined ? ' {' : returns.startsWith('{') ? ': {' : `: ${returns} {`}`;
  if (indent + textWidth(measured) <= WIDTH) return undefined;
  const members = objectTypeMembers(type);
  if (members === undefined) return undefined;
  const lines = [`${head}(${name}: {`, ...members, `})${returns === undefined ? '' : `: ${returns}`} {`];
  return lines.every((l) => indent + textWidth(l) <= WIDTH) ? lines : undefined;
}

/** The members of an object type `{ a: A; b: B }` broken one a line (`  a: A;`, types by printType), or undefined. */
function objectTypeMembers(type: string): string[] | undefined {
  if (!type.startsWith('{ ') || !type.endsWith(' }')) return undefined;
  const members: string[] = [];
  let depth = 0;
  let from = 2;
  const body = type.slice(0, -2);
  for (let k = 2; k <= body.length; k++) {
    const c = body[k];
    if (c === "'" || c === '"') return undefined;
    if (c === '<' || c === '{' || c === '(' || c === '[') depth++;
    else if ((c === '>' && body[k - 1] !== '=') || c === '}' || c === ')' || c === ']') depth--;
    else if (k === body.length || (c === ';' && depth === 0)) {
      members.push(body.slice(from, k).trim());
      from = k + 1;
    }
  }
  const lines: string[] = [];
  for (const member of members) {
    const mm = /^([A-Za-z_$][\w$]*\??): (.+)$/.exec(member);
    const t = mm ? printType(mm[2]!) : undefined;
    if (!mm || t === undefined) return undefined;
    lines.push(`  ${mm[1]}: ${t};`);
  }
  return depth === 0 && lines.length > 0 ? lines : undefined;
}

/**
 * `describe.skipIf(cond)('title', () => {` when it does not fit at `indent`: not a test call for prettier (its
 * callee is a call), so the last-argument hug is tried, its first line does not fit, and the arguments are broken
 * out one a line (`(`, `  'title',`, `  () => {` … `  },`, `);`). Undefined when it fits (printBlockHeader prints
 * it) or is not of that shape.
 */
function printBrokenCallbackHeader(line: string, indent: number): string[] | undefined {
  const flat = printSimpleStatement(`${line}});`);
  if (flat === undefined || !flat.endsWith('{});')) return undefined;
  const header = flat.slice(0, -3);
  if (indent + textWidth(header) <= WIDTH) return undefined;
  const m = /^((?:describe|it|test)\.(?:skipIf|runIf)\([A-Za-z_$!][\w$.!]*\))\(('[^'\\]*'|"[^"\\]*"), ((?:async )?\(\) => \{)$/.exec(header);
  if (!m || indent + textWidth(m[1]!) + 1 > WIDTH) return undefined;
  return [`${m[1]}(`, `  ${m[2]},`, `  ${m[3]}`];
}

/** `if (a) statement;` and the `else {` or `else if (b) {` after it, each on its line where it fits at `indent`. */
function printBracelessIfElse(ifStatement: string, elseHeader: string, indent: number): string[] | undefined {
  if (elseIfHeader(elseHeader) === undefined && elseHeader !== 'else {') return undefined;
  const header = elseHeader === 'else {' ? elseHeader : elseIfHeader(elseHeader)!;
  return fits(indent, [ifStatement, header]) ? [ifStatement, header] : undefined;
}

/** `else if (test) {` with its test as prettier prints it, or undefined. */
function elseIfHeader(elseHeader: string): string | undefined {
  const m = /^else if \((.*)\) \{$/.exec(elseHeader);
  const e = m ? printExpression(m[1]!) : undefined;
  return e === undefined ? undefined : `else if (${e}) {`;
}

/** The middle lines of if/else and try/catch/finally chains, as prettier prints them. */
function printChainLine(line: string, indent: number): string | undefined {
  if (line === '} else {' || line === '} finally {' || line === '} catch {') return line;
  // A braceless branch (`} else if (a) x;`, `else if (b) y;`: prettier keeps it on the line of its `else`, which
  // comes after a hard line break when the branch before is braceless), and the `else {` or `else if (c) {` after one.
  const braceless = /^(\} )?else (if \(.*\) .*;)$/.exec(line);
  if (braceless) {
    const statement = printSimpleStatement(braceless[2]!);
    const text = statement === undefined || !statement.startsWith('if (') ? undefined : `${braceless[1] ?? ''}else ${statement}`;
    return text !== undefined && indent + textWidth(text) <= WIDTH ? text : undefined;
  }
  if (line === 'else {') return line;
  const afterBraceless = /^else if \((.*)\) \{$/.exec(line);
  if (afterBraceless) {
    const e = printExpression(afterBraceless[1]!);
    const text = e === undefined ? undefined : `else if (${e}) {`;
    return text !== undefined && indent + textWidth(text) <= WIDTH ? text : undefined;
  }
  if (/^\} catch \([A-Za-z_$][\w$]*\) \{$/.test(line)) return line;
  const m = /^\} else if \((.*)\) \{$/.exec(line);
  if (m) {
    const e = printExpression(m[1]!);
    const text = e === undefined ? undefined : `} else if (${e}) {`;
    return text !== undefined && indent + textWidth(text) <= WIDTH ? text : undefined;
  }
  return undefined;
}

/** What typescript-arrow.ts needs of this module (it cannot import it back: no import cycles). */
const ARROW_TOOLS = { placeholder: PLACEHOLDER, renderAt };

/**
 * Blocks whose statements are all printed pieces are printed whole (header, pieces one level in, closer) and
 * become one piece, inside out: a method, then its class, can leave prettier's residual entirely. Blank lines
 * between statements are kept one at most, none after the opening or before the closing brace, as prettier does.
 */
function collapseBlocks(residual: string[], pieces: Piece[]): string[] {
  const out: string[] = [];
  const pieceOf = (line: string): number | undefined => {
    const at = line.indexOf(PLACEHOLDER);
    return at >= 0 && line.slice(0, at).trim() === '' ? Number(line.slice(at + PLACEHOLDER.length)) : undefined;
  };
  const elements = new Map<number, string[]>();
  for (const line of residual) {
    out.push(line);
    const closer = line.trim();
    if (closer === '},') collapseArrowProperty(out, pieces, elements, ARROW_TOOLS);
    if (closer === '})(),') collapseInvokedArrowArgument(out, pieces, elements, ARROW_TOOLS);
    if (closer === '});' && collapseHuggedObjectCall(out, pieces, ARROW_TOOLS)) continue;
    if (closer === ');' && collapseBrokenOutCall(out, pieces, ARROW_TOOLS)) continue;
    if (closer !== '}' && closer !== '});' && closer !== '};') continue;
    // Walk back over the segments: pieces and blank lines, separated by chain lines, up to the opener.
    const segments: { header: string; items: (number | 'blank')[]; braceless?: boolean }[] = [];
    let items: (number | 'blank')[] = [];
    let k = out.length - 2;
    let opener: number | undefined;
    for (; k >= 0; k--) {
      const l = out[k]!;
      const n = pieceOf(l);
      if (n !== undefined) items.unshift(n);
      else if (l.trim() === '') items.unshift('blank');
      else {
        segments.unshift({ header: l.trim(), items });
        items = [];
        if (/^\} (else|catch|finally)\b/.test(l.trim())) continue;
        // `else {` or `else if (c) {` after braceless branches of a chain that began braced (`if (a) {` … `} else
        // if (b) x;` / `else if (c) y;` …): those lines are segments without statements, and the walk goes on.
        const padOf = (line: string) => line.length - line.trimStart().length;
        if (/^else (?:if \(.*\) )?\{$/.test(l.trim())) {
          let j = k - 1;
          const braceless: string[] = [];
          while (j >= 0 && padOf(out[j]!) === padOf(l) && /^else if \(.*;$/.test(out[j]!.trim())) braceless.unshift(out[j--]!.trim());
          if (j >= 0 && padOf(out[j]!) === padOf(l) && /^\} else .*;$/.test(out[j]!.trim())) {
            for (const b of [out[j]!.trim(), ...braceless].reverse()) segments.unshift({ header: b, items: [], braceless: true });
            k = j;
            continue;
          }
        }
        opener = k;
        break;
      }
    }
    if (opener === undefined || segments.length === 0) continue;
    // `if (a) statement;` on the line before `else if (b) {` or `else {`: prettier keeps the consequent on the
    // if's line and puts `else` on the next (printIfStatement: a hard line before `else` after a non-block).
    let braceless: string | undefined;
    if (/^else (?:if \(.*\) )?\{$/.test(segments[0]!.header)) {
      const ifLine = opener > 0 ? out[opener - 1]! : '';
      const beforeIf = opener > 1 ? out[opener - 2]!.trim() : '';
      const pad = (l: string) => l.length - l.trimStart().length;
      braceless = ifLine.trimStart().startsWith('if (') && pad(ifLine) === pad(out[opener]!) && (beforeIf === '' || beforeIf.endsWith('{') || pieceOf(out[opener - 2]!) !== undefined) ? printSimpleStatement(ifLine.trim()) : undefined;
      if (braceless === undefined || !braceless.startsWith('if (')) continue;
      opener--;
    }
    const inner = segments.flatMap((s) => s.items.filter((x): x is number => x !== 'blank'));
    if (segments.some((s) => !s.braceless && !s.items.some((x) => x !== 'blank'))) continue;
    if (inner.some((n) => pieces[n]!.element)) continue;
    const innerIndent = pieces[inner[0]!]!.indent;
    // A switch: labels first at the inner indentation, the statements after them one level further in.
    const isSwitch = segments.length === 1 && closer === '}' && SWITCH.test(segments[0]!.header);
    if (isSwitch !== inner.some((n) => pieces[n]!.label === true)) continue;
    if (isSwitch && (!pieces[inner[0]!]!.label || inner.some((n) => pieces[n]!.indent !== innerIndent + (pieces[n]!.label ? 0 : OUT_STEP)))) continue;
    if (innerIndent < OUT_STEP || (!isSwitch && inner.some((n) => pieces[n]!.indent !== innerIndent))) continue;
    const build = (indent: number): string[] | undefined => {
      const printed: string[] = [];
      // A `describe.skipIf(x)('title', () => {` too long: its arguments broken out, the body 2 further in.
      const outOfArgs = segments.length === 1 && closer === '});' ? printBrokenCallbackHeader(segments[0]!.header, indent) : undefined;
      const pad = outOfArgs ? '    ' : '  ';
      for (const [s, segment] of segments.entries()) {
        const chain = s === 0 ? undefined : printChainLine(segment.header, indent);
        const header = outOfArgs ?? (s === 0 ? (braceless !== undefined ? printBracelessIfElse(braceless, segment.header, indent) : printBlockHeader(segment.header, segments.length === 1 ? closer : '}', indent)) : chain === undefined ? undefined : [chain]);
        if (header === undefined || (s > 0 && closer !== '}')) return undefined;
        printed.push(...header);
        let pendingBlank = false;
        let any = false;
        let afterLabel = false;
        for (const item of segment.items) {
          if (item === 'blank') {
            // A blank line right after a label: prettier's rule there is not printed here.
            if (afterLabel) return undefined;
            pendingBlank = any;
            continue;
          }
          if (pendingBlank) printed.push('');
          pendingBlank = false;
          any = true;
          afterLabel = pieces[item]!.label === true;
          const itemPad = isSwitch && !afterLabel ? `${pad}  ` : pad;
          const lines = renderAt(pieces[item]!, indent + itemPad.length);
          if (!lines) return undefined;
          for (const l of lines) printed.push(l === '' ? '' : `${itemPad}${l}`);
        }
      }
      if (outOfArgs) printed.push('  },', ');');
      else printed.push(closer);
      return printed;
    };
    const indent = innerIndent - OUT_STEP;
    const printed = build(indent);
    if (!printed) continue;
    const pad = out[opener]!.slice(0, out[opener]!.length - out[opener]!.trimStart().length);
    out.length = opener;
    out.push(`${pad}${PLACEHOLDER}${pieces.length}`);
    pieces.push({ text: printed.join('\n'), indent, fit: widestCodeLine(printed), render: build });
  }
  return restoreElements(out, elements, ARROW_TOOLS);
}

/**
 * prettier's output for a residual of placeholders and blank lines only: at most one blank line between
 * statements, none at the start, one newline at the end.
 */
function placeholdersOnly(residual: string): string {
  const out: string[] = [];
  for (const line of residual.split('\n')) {
    if (line.trim() === '') {
      if (out.length > 0 && out[out.length - 1] !== '') out.push('');
    } else out.push(line.trimStart());
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
}

/** Puts the printed pieces back in place of their placeholders; undefined if any is missing, repeated or moved. */
export function assemble(formatted: string, plan: LayoutPlan): string | undefined {
  const seen = new Array<boolean>(plan.pieces.length).fill(false);
  const out: string[] = [];
  for (const line of formatted.split('\n')) {
    const at = line.indexOf(PLACEHOLDER);
    if (at < 0) {
      out.push(line);
      continue;
    }
    const n = Number(line.slice(at + PLACEHOLDER.length));
    const piece = plan.pieces[n];
    const pad = line.slice(0, at);
    if (!piece || seen[n] || pad.trim() !== '' || !/^\d+$/.test(line.slice(at + PLACEHOLDER.length))) return undefined;
    // Prettier may indent a piece deeper than planned (the call around a callback broken over lines). A comment
    // prints the same at any indentation; code is kept where every line of it still fits in the width.
    const lines = renderAt(piece, pad.length);
    if (!lines) return undefined;
    seen[n] = true;
    for (const l of lines) out.push(l === '' ? '' : `${pad}${l}`);
  }
  // Every placeholder of the residual (pieces merged into a block's piece are not in it) came back once.
  const expected = [...plan.residual.matchAll(/\/\/ ossgen-layout:(\d+)$/gm)].map((m) => Number(m[1]));
  return expected.every((n) => seen[n]) && seen.filter(Boolean).length === expected.length ? out.join('\n') : undefined;
}

/** Files that went to prettier whole because the split did not hold (the tests require none for the bundled model). */
export const layoutFallbacks: string[] = [];

/** The text in prettier's layout, with `prettier` called on the residual only (or not at all). */
export async function formatTypeScriptLayout(text: string, formatWhole: (text: string) => Promise<string>): Promise<string> {
  // Prettier on the whole file sees it without the verbatim parts' markers.
  const whole = () => formatWhole(withoutPartMarkers(text));
  // A placeholder already in the text would be ambiguous.
  const plan = text.includes(PLACEHOLDER) ? undefined : planLayout(text);
  if (!plan) {
    layoutFallbacks.push(text.slice(0, 200));
    return whole();
  }
  let formatted: string;
  try {
    formatted = plan.needsPrettier ? await formatWhole(plan.residual) : placeholdersOnly(plan.residual);
  } catch {
    // A residual prettier cannot parse (a split this module got wrong): the whole file, as before.
    layoutFallbacks.push(text.slice(0, 200));
    return whole();
  }
  const assembled = assemble(formatted, plan);
  if (assembled === undefined) layoutFallbacks.push(text.slice(0, 200));
  return assembled ?? whole();
}
