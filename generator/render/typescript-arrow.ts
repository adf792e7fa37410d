/**
 * Arrow functions with block bodies inside a hugged last object argument, printed in prettier 3's layout (issue
 * #16; see typescript-layout.ts for the placeholder scheme). The shape, common in the generated tests:
 *
 *     const object = store({
 *       before: (request) => (probesFail ? 'drop' : undefined),
 *       after: (_request, n) => {
 *         object.write(OTHER);
 *         return 'lose';
 *       },
 *     });
 *
 * prettier's rules relied on: a call whose last argument is an object literal (and no other argument an object,
 * array or function) is printed hugged when the text up to its `{` fits (print/call-arguments.js,
 * shouldGroupLast: the conditional group's hugged state is measured up to its first forced line break); the
 * object is broken, one property a line with a trailing comma, because a block body holds a hard line break; a
 * property whose value is an arrow with a block body prints `key: (params) => {` on one line when that fits
 * (params flat, `async` and a return type kept), its statements one level in, `},`. Anything else (a header or
 * a property line that does not fit, a blank line or comment between properties, parameters other than names,
 * typed names or one `{ a, b }` pattern) is left to prettier.
 *
 * Two steps in collapseBlocks: a `key: (…) => {` … `},` block whose statements are all pieces becomes an
 * element piece; a `…({` … `});` statement whose lines are element pieces and one-line properties becomes a
 * statement piece. An element piece not taken into a statement is put back as its lines (restoreElements): a
 * placeholder comment inside an object would change prettier's layout of the call around it.
 *
 * Also calls written one argument a line whose arguments prettier breaks out (print/call-arguments.js,
 * allArgsBrokenOut): two or more functions among them (isFunctionCompositionArgs), or an arrow with a block
 * body before a last object literal (no first-argument hug then: that needs a short, not expandable second
 * argument; the arrow's hard line breaks the rest out). And two statements those arrows' bodies hold:
 * `count++;`, and a statement with a line comment after it on its line.
 */
import { printExpandedCallStatement, printExpression, printSimpleStatement, printType, textWidth, widestCodeLine } from './typescript-statement.js';

/**
 * What typescript-layout.ts lends this module (it imports this one, so not the other way round): its pieces
 * (typed here by the fields read), its placeholder text and how a piece prints at another indentation.
 */
export interface PieceLike {
  text: string;
  indent: number;
  fit: number;
  render?: (indent: number) => string[] | undefined;
  label?: boolean;
  inSwitch?: boolean;
  element?: boolean;
}
export interface LayoutTools {
  placeholder: string;
  renderAt: (piece: PieceLike, indent: number) => string[] | undefined;
}

const WIDTH = 100;
const OUT_STEP = 2;
const NAME = /^[A-Za-z_$][\w$]*$/;

/** A placeholder line's piece number, or undefined. */
function pieceOf(line: string, tools: LayoutTools): number | undefined {
  const at = line.indexOf(tools.placeholder);
  const rest = line.slice(at + tools.placeholder.length);
  return at >= 0 && line.slice(0, at).trim() === '' && /^\d+$/.test(rest) ? Number(rest) : undefined;
}

/** One arrow parameter as prettier prints it: a name, a typed name, or a `{ a, b }` pattern; else undefined. */
function printArrowParam(src: string): string | undefined {
  if (NAME.test(src)) return src;
  const typed = /^([A-Za-z_$][\w$]*)(\?)?: (.+)$/.exec(src);
  if (typed) {
    const type = printType(typed[3]!);
    return type === undefined ? undefined : `${typed[1]}${typed[2] ?? ''}: ${type}`;
  }
  const pattern = /^\{ ?([A-Za-z_$][\w$]*(?:, ?[A-Za-z_$][\w$]*)*) ?\}$/.exec(src);
  return pattern ? `{ ${pattern[1]!.split(/, ?/).join(', ')} }` : undefined;
}

/**
 * `key: [async ](params)[: Type] => {` as prettier prints it on one line, or undefined. Parameters are split at
 * commas outside brackets; types with commas inside `<…>` or `{…}` are kept whole.
 */
export function printArrowPropertyHeader(line: string): string | undefined {
  const m = /^(?:([A-Za-z_$][\w$]*): )?(async )?\((.*)\)(?:: (.+))? => \{$/.exec(line);
  // A method, `read() {` (its name not a keyword): printed the same way, as written.
  const method = m ? null : /^(async )?([A-Za-z_$][\w$]*)(\(.*\)(?:: .+)?) \{$/.exec(line);
  if (method && !/^(?:if|for|while|switch|catch|function|return|await|new|typeof|void|delete|throw|case|do|else|yield|in|of|instanceof)$/.test(method[2]!)) {
    const printed = printArrowPropertyHeader(`${method[1] ?? ''}${method[3]!} => {`);
    return printed === undefined ? undefined : `${method[1] ?? ''}${method[2]}${printed.slice((method[1] ?? '').length, -' => {'.length)} {`;
  }
  if (!m) return undefined;
  const params: string[] = [];
  let depth = 0;
  let from = 0;
  const src = m[3]!;
  for (let k = 0; k <= src.length; k++) {
    const c = src[k];
    if (c === '"' || c === "'" || c === '`') return undefined;
    if (c !== undefined && '([{<'.includes(c)) depth++;
    else if (c !== undefined && ')]}>'.includes(c) && !(c === '>' && src[k - 1] === '=')) depth--;
    if (depth < 0) return undefined;
    if (c === undefined || (c === ',' && depth === 0)) {
      const part = src.slice(from, k).trim();
      if (part === '' && !(c === undefined && params.length === 0)) return undefined;
      if (part !== '') {
        const printed = printArrowParam(part);
        if (printed === undefined) return undefined;
        params.push(printed);
      }
      from = k + 1;
    }
  }
  if (depth !== 0) return undefined;
  let returns = '';
  if (m[4] !== undefined) {
    const type = printType(m[4]);
    if (type === undefined) return undefined;
    returns = `: ${type}`;
  }
  return `${m[1] === undefined ? '' : `${m[1]}: `}${m[2] ?? ''}(${params.join(', ')})${returns} => {`;
}

/**
 * At a `},` just pushed to `out`: when the lines back to a `key: (…) => {` header are statement pieces (and
 * blank lines) at one indentation, replaces them by an element piece; `originals` keeps the lines replaced.
 */
export function collapseArrowProperty(out: string[], pieces: PieceLike[], originals: Map<number, string[]>, tools: LayoutTools): void {
  // The header must fit where the property goes (prettier breaks nothing in it here).
  collapseBlockElement(out, pieces, originals, tools, printArrowPropertyHeader, '},', true);
}

/**
 * At a `})(),` just pushed to `out` (a call argument): when the lines back to an `(async () => {` or `(() => {`
 * header are statement pieces (and blank lines) at one indentation, replaces them by an element piece, the
 * immediately invoked arrow as prettier prints it among arguments broken out (collapseBrokenOutCall).
 */
export function collapseInvokedArrowArgument(out: string[], pieces: PieceLike[], originals: Map<number, string[]>, tools: LayoutTools): void {
  const invoked = (line: string) => (line === '(async () => {' || line === '(() => {' ? line : undefined);
  collapseBlockElement(out, pieces, originals, tools, invoked, '})(),', false);
}

/**
 * The shared part of the two above: the pieces (and blank lines) back from the closer just pushed to a header
 * line that `printHeader` prints, all at one indentation, become one element piece: the header, the pieces one
 * level in, `closer`. `headerMustFit`: the header's width is checked at the element's indentation.
 */
function collapseBlockElement(
  out: string[],
  pieces: PieceLike[],
  originals: Map<number, string[]>,
  tools: LayoutTools,
  printHeader: (line: string) => string | undefined,
  closer: string,
  headerMustFit: boolean,
): void {
  const items: (number | 'blank')[] = [];
  let k = out.length - 2;
  for (; k >= 0; k--) {
    const n = pieceOf(out[k]!, tools);
    if (n !== undefined) items.unshift(n);
    else if (out[k]!.trim() === '') items.unshift('blank');
    else break;
  }
  if (k < 0) return;
  const header = printHeader(out[k]!.trim());
  const inner = items.filter((x): x is number => x !== 'blank');
  if (header === undefined || inner.length === 0) return;
  const bodyIndent = pieces[inner[0]!]!.indent;
  if (bodyIndent < OUT_STEP || inner.some((n) => pieces[n]!.indent !== bodyIndent || pieces[n]!.label || pieces[n]!.inSwitch || pieces[n]!.element)) return;
  const build = (indent: number): string[] | undefined => {
    if (headerMustFit && indent + textWidth(header) > WIDTH) return undefined;
    const printed = [header];
    let pendingBlank = false;
    let any = false;
    for (const item of items) {
      if (item === 'blank') {
        pendingBlank = any;
        continue;
      }
      if (pendingBlank) printed.push('');
      pendingBlank = false;
      any = true;
      const lines = tools.renderAt(pieces[item]!, indent + OUT_STEP);
      if (!lines) return undefined;
      for (const l of lines) printed.push(l === '' ? '' : `  ${l}`);
    }
    printed.push(closer);
    return printed;
  };
  const indent = bodyIndent - OUT_STEP;
  const printed = build(indent);
  if (!printed) return;
  const pad = out[k]!.slice(0, out[k]!.length - out[k]!.trimStart().length);
  originals.set(pieces.length, out.slice(k));
  out.length = k;
  out.push(`${pad}${tools.placeholder}${pieces.length}`);
  pieces.push({ text: printed.join('\n'), indent, fit: widestCodeLine(printed), render: build, element: true });
}

/**
 * At a `});` just pushed to `out`: when the lines back to a line ending in `({` or `, {` are element pieces and
 * one-line `key: value,` properties (at least one element), prints the whole call statement hugged, replaces it
 * by a statement piece and returns true.
 */
export function collapseHuggedObjectCall(out: string[], pieces: PieceLike[], tools: LayoutTools): boolean {
  const props: ({ element: number } | { text: string })[] = [];
  let k = out.length - 2;
  for (; k >= 0; k--) {
    const line = out[k]!;
    const n = pieceOf(line, tools);
    if (n !== undefined) {
      // An arrow property, `key: (…) => {`, or a method, `key() {` (prettier hugs and breaks the object alike).
      if (!pieces[n]!.element || !/^[A-Za-z_$][\w$]*(?:: |\()/.test(pieces[n]!.text)) return false;
      props.unshift({ element: n });
      continue;
    }
    const t = line.trim();
    if (t.endsWith('({') || t.endsWith(', {')) break;
    const m = /^([A-Za-z_$][\w$]*)(?:: (.+))?,$/.exec(t);
    if (!m) return false;
    props.unshift({ text: m[2] === undefined ? m[1]! : `${m[1]}: ${m[2]}` });
  }
  if (k < 0) return false;
  const elements = props.flatMap((p) => ('element' in p ? [p.element] : []));
  if (elements.length === 0) return false;
  const propIndent = pieces[elements[0]!]!.indent;
  if (propIndent < OUT_STEP || elements.some((n) => pieces[n]!.indent !== propIndent)) return false;
  const head = out[k]!.trim();
  // Each element stands in as `key: ossgenArrowN` while the call is printed, then is put in its line's place.
  const stand = (n: number) => `${/^[A-Za-z_$][\w$]*/.exec(pieces[n]!.text)![0]}: ossgenArrow${n}`;
  const flat = `${head} ${props.map((p) => ('element' in p ? stand(p.element) : p.text)).join(', ')} });`;
  // Every one-line property must print as written up to spacing and quotes: its value an expression printed here.
  for (const p of props) if ('text' in p && p.text.includes(': ') && printExpression(p.text.slice(p.text.indexOf(': ') + 2)) === undefined) return false;
  const build = (indent: number): string[] | undefined => {
    const printed = printExpandedCallStatement(flat, indent, WIDTH);
    if (!printed || printed.length !== props.length + 2) return undefined;
    const lines = [printed[0]!];
    for (const [i, p] of props.entries()) {
      const line = printed[i + 1]!;
      if (!line.startsWith('  ') || line[2] === ' ') return undefined;
      if ('text' in p) {
        lines.push(line);
        continue;
      }
      if (line !== `  ${stand(p.element)},`) return undefined;
      const element = tools.renderAt(pieces[p.element]!, indent + OUT_STEP);
      if (!element) return undefined;
      lines.push(...element.map((l) => (l === '' ? '' : `  ${l}`)));
    }
    if (printed[printed.length - 1] !== '});') return undefined;
    lines.push('});');
    return lines;
  };
  const indent = propIndent - OUT_STEP;
  const printed = build(indent);
  if (!printed) return false;
  const pad = out[k]!.slice(0, out[k]!.length - out[k]!.trimStart().length);
  out.length = k;
  out.push(`${pad}${tools.placeholder}${pieces.length}`);
  pieces.push({ text: printed.join('\n'), indent, fit: widestCodeLine(printed), render: build });
  return true;
}

/** Element pieces left in the residual (not taken into a statement) put back as the lines they replaced. */
export function restoreElements(out: string[], originals: Map<number, string[]>, tools: LayoutTools): string[] {
  if (originals.size === 0) return out;
  return out.flatMap((line) => {
    const n = pieceOf(line, tools);
    return n !== undefined && originals.has(n) ? originals.get(n)! : [line];
  });
}

/**
 * `statement; // comment` (a statement prettier prints on one line, then a line comment): the statement as
 * printed and the comment, or undefined. The split is tried at each `; //` until the code before it prints (a
 * `; //` inside a string or template leaves unbalanced code that does not). Not after control statements, whose
 * comments prettier may move.
 */
export function splitTrailingComment(line: string): { code: string; comment: string } | undefined {
  if (/^(?:if|else|for|while|do|switch|try|case|default)\b/.test(line)) return undefined;
  for (let at = line.indexOf('; //'); at >= 0; at = line.indexOf('; //', at + 1)) {
    const comment = line.slice(at + 2).trimEnd();
    if (/[\r\u2028\u2029]/.test(comment)) return undefined;
    const code = printSimpleStatement(line.slice(0, at + 1));
    if (code !== undefined && !code.includes('\n')) return { code, comment };
  }
  return undefined;
}

/** `count++;`, `--this.n;`: an increment or decrement of a name or member, printed as written; else undefined. */
export function printUpdateStatement(line: string): string | undefined {
  return UPDATE.test(line) ? line : undefined;
}
const UPDATE = /^(?:[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*(?:\+\+|--)|(?:\+\+|--)[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*);$/;

/**
 * At a `);` just pushed to `out`: a call written one argument a line (`f(` / arguments / `);`) whose arguments
 * are element pieces (arrows with block bodies, no key) and one-line expressions, printed as prettier prints it
 * when it breaks every argument out: two or more such arrows (isFunctionCompositionArgs), or one that is not
 * the last argument while the last is an object literal (no first-argument hug then, and the arrow's hard line
 * breaks the others out). Each argument at 2 in with a trailing comma, one-line ones flat where they fit.
 * Returns true when it replaced the statement by a piece.
 */
export function collapseBrokenOutCall(out: string[], pieces: PieceLike[], tools: LayoutTools): boolean {
  const args: ({ element: number } | { text: string })[] = [];
  let k = out.length - 2;
  for (; k >= 0; k--) {
    const line = out[k]!;
    const n = pieceOf(line, tools);
    if (n !== undefined) {
      if (!pieces[n]!.element || !/^(?:async )?\(/.test(pieces[n]!.text)) return false;
      args.unshift({ element: n });
      continue;
    }
    const t = line.trim();
    if (t.endsWith('(')) break;
    if (!t.endsWith(',') || t.startsWith('//') || t.startsWith('/*')) return false;
    args.unshift({ text: t.slice(0, -1) });
  }
  if (k < 0 || args.length < 2) return false;
  const elements = args.flatMap((a, i) => ('element' in a ? [i] : []));
  const last = args[args.length - 1]!;
  const composition = elements.length >= 2;
  // Immediately invoked arrows (calls, never hugged) whose block bodies break the arguments out, with no other
  // argument prettier could hug (an object, array or function).
  const invoked = (n: number) => pieces[(args[n] as { element: number }).element]!.text.endsWith('\n})(),');
  const invokedOnly = elements.length >= 1 && elements.every(invoked) && args.every((a) => 'element' in a || !/^[[{]/.test(a.text) && !FUNCTION_ARG.test(a.text));
  const beforeObject = elements.length === 1 && elements[0]! < args.length - 1 && 'text' in last && last.text.startsWith('{') && last.text.endsWith('}');
  if (elements.some(invoked) ? !invokedOnly : !composition && !beforeObject) return false;
  const elementPieces = elements.map((i) => pieces[(args[i] as { element: number }).element]!);
  const argIndent = elementPieces[0]!.indent;
  if (argIndent < OUT_STEP || elementPieces.some((p) => p.indent !== argIndent)) return false;
  // A plain callee (a name or one member of a name), after an optional declaration, return or await.
  const head = out[k]!.trim();
  if (!/^(?:(?:const|let) [A-Za-z_$][\w$]*(?:: [\w$<>, .]+)? = |return )?(?:await )?[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)?\($/.test(head)) return false;
  const flatHead = printSimpleStatement(`${head});`);
  if (flatHead === undefined || !flatHead.endsWith('();')) return false;
  const header = flatHead.slice(0, -2);
  const texts = args.map((a) => ('text' in a ? printExpression(a.text) : ''));
  if (texts.some((t) => t === undefined || t.includes('\n'))) return false;
  const build = (indent: number): string[] | undefined => {
    if (indent + textWidth(header) > WIDTH) return undefined;
    const lines = [header];
    for (const [i, a] of args.entries()) {
      if ('text' in a) {
        const text = `  ${texts[i]},`;
        if (indent + textWidth(text) > WIDTH) return undefined;
        lines.push(text);
        continue;
      }
      const element = tools.renderAt(pieces[a.element]!, indent + OUT_STEP);
      if (!element) return undefined;
      lines.push(...element.map((l) => (l === '' ? '' : `  ${l}`)));
    }
    lines.push(');');
    return lines;
  };
  // The planner's depth counts braces, not the call's parenthesis: the arrows' recorded indentation is the call's.
  const indent = argIndent;
  const printed = build(indent);
  if (!printed) return false;
  const pad = out[k]!.slice(0, out[k]!.length - out[k]!.trimStart().length);
  out.length = k;
  out.push(`${pad}${tools.placeholder}${pieces.length}`);
  pieces.push({ text: printed.join('\n'), indent, fit: widestCodeLine(printed), render: build });
  return true;
}

/** A printed expression that is an arrow function (parameters without nested parentheses) or a function. */
const FUNCTION_ARG = /^(?:(?:async )?\([^()]*\)(?:: [^=()]+)? => |(?:async )?function\b)/;

/**
 * `head(` and one-line arguments, each ending in `,`, of a call written one argument a line, when two or more
 * of them are functions: prettier breaks every argument out (isFunctionCompositionArgs counts arrows with any
 * body). How to print it at an indentation, or undefined.
 */
export function compositionCall(head: string, args: string[]): ((indent: number) => string[] | undefined) | undefined {
  if (!/^(?:(?:const|let) [A-Za-z_$][\w$]*(?:: [\w$<>, .]+)? = |return )?(?:await )?[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)?\($/.test(head)) return undefined;
  const flatHead = printSimpleStatement(`${head});`);
  if (flatHead === undefined || !flatHead.endsWith('();')) return undefined;
  const header = flatHead.slice(0, -2);
  const texts: string[] = [];
  for (const a of args) {
    if (!a.endsWith(',') || a.startsWith('//') || a.startsWith('/*')) return undefined;
    const t = printExpression(a.slice(0, -1));
    if (t === undefined || t.includes('\n')) return undefined;
    texts.push(t);
  }
  if (texts.filter((t) => FUNCTION_ARG.test(t)).length < 2) return undefined;
  return (indent: number) => {
    const lines = [header, ...texts.map((t) => `  ${t},`), ');'];
    return lines.every((l) => indent + textWidth(l) <= WIDTH) ? lines : undefined;
  };
}
