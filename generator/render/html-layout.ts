/**
 * HTML put in prettier's layout partly without prettier (issue #16: prettier's HTML printer on the two docs pages
 * was the largest single cost of `gen --lang all`, and it goes to the page's markup, not to the size of its <pre>
 * blocks: with every sample blanked out a cold run took about as long). The page is parsed here into elements;
 * what this file vouches for it prints itself:
 * - containers (section, table, tr, ul…) whose children are all block-like elements, one child per line, two
 *   spaces deeper, opening tag on one line;
 * - leaf blocks (p, td, li, h3…) whose inline content prints on one line within 100 columns;
 * - leaf blocks holding only text, filled word by word at 100 columns between the tags' own lines.
 * Everything else (the <head> with its CSS, <pre> samples, the script, prose with inline code that prettier
 * wraps inside tags) is a residual element: the residual elements under the same chain of ancestors are
 * formatted by one prettier call, inside those ancestors (so at their real depth and width), separated by
 * comments, and put back in place. Where the page holds something these rules do not cover (comments, odd
 * attributes, blank lines between elements), planHtmlLayout says undefined and the page goes to prettier whole.
 * test/docs/html-layout.test.ts compares this with prettier on whole pages of several models, byte for byte.
 */
import { stringWidth } from './prettier-style.js';

const WIDTH = 100;

interface Attr {
  name: string;
  value: string | undefined;
}
interface Element {
  kind: 'element';
  name: string;
  attrs: Attr[];
  children: Node[];
  /** Where the element's source starts and ends (its whole text, for a residual element). */
  start: number;
  end: number;
}
interface Text {
  kind: 'text';
  value: string;
}
type Node = Element | Text;

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
/** Elements taken as opaque source text up to their closing tag (never printed here). */
const OPAQUE = new Set(['head', 'pre', 'script', 'style', 'textarea', 'title', 'template', 'svg', 'math']);
/** Elements whose default CSS display is block-like in prettier's table (block, list-item, table parts). */
const BLOCK_LIKE = new Set([
  'html', 'body', 'address', 'blockquote', 'center', 'div', 'figure', 'figcaption', 'footer', 'form', 'header', 'hr',
  'legend', 'listing', 'main', 'p', 'plaintext', 'pre', 'xmp', 'article', 'aside', 'h1', 'h2', 'h3', 'h4', 'h5',
  'h6', 'hgroup', 'nav', 'section', 'dir', 'dd', 'dl', 'dt', 'menu', 'ol', 'ul', 'li', 'table', 'caption',
  'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'details', 'summary',
]);
/** Containers printed here: block-like, children block-like, never text of their own. */
const CONTAINERS = new Set(['body', 'header', 'nav', 'main', 'section', 'article', 'div', 'figure', 'table', 'thead', 'tbody', 'tr', 'ul', 'ol', 'dl', 'html']);
/** Leaf blocks whose inline content is printed here when it fits a line or is plain text. */
const LEAVES = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'td', 'th', 'dt', 'dd', 'figcaption']);
/** Inline elements a one-line leaf may hold (each holding text only, or void). */
const INLINE = new Set(['a', 'code', 'strong', 'em', 'b', 'i', 'span', 'wbr']);
/** Containers whose children prettier always puts on lines of their own (its forceBreakChildren). */
const FORCE_BREAK_CHILDREN = new Set(['html', 'head', 'ul', 'ol', 'select', 'table', 'thead', 'tbody', 'tfoot', 'tr']);

class Declined extends Error {}
function decline(why: string): never {
  throw new Declined(why);
}

const NAME = /^[a-z][a-z0-9-]*/;
const ATTR = /^\s+([a-z][a-z0-9-]*)(?:="([^"<>\n]*)")?/;

/** The page parsed into elements; text is kept verbatim (entities included), as prettier prints it. */
function parse(source: string, from: number): { nodes: Node[]; at: number } {
  const root: Element = { kind: 'element', name: '#root', attrs: [], children: [], start: from, end: source.length };
  const stack: Element[] = [root];
  let at = from;
  while (at < source.length) {
    const lt = source.indexOf('<', at);
    const textEnd = lt < 0 ? source.length : lt;
    if (textEnd > at) stack.at(-1)!.children.push({ kind: 'text', value: source.slice(at, textEnd) });
    if (lt < 0) break;
    at = lt;
    if (source.startsWith('</', at)) {
      const name = NAME.exec(source.slice(at + 2, at + 40))?.[0];
      const top = stack.at(-1)!;
      if (!name || name !== top.name || source[at + 2 + name.length] !== '>') decline(`closing tag at ${at}`);
      top.end = at + 3 + name.length;
      stack.pop();
      at = top.end;
      continue;
    }
    const name = NAME.exec(source.slice(at + 1, at + 40))?.[0];
    if (!name) decline(`markup at ${at}`);
    const element: Element = { kind: 'element', name, attrs: [], children: [], start: at, end: at };
    at += 1 + name.length;
    for (;;) {
      const m = ATTR.exec(source.slice(at, at + 2000));
      if (!m) break;
      element.attrs.push({ name: m[1]!, value: m[2] });
      at += m[0].length;
    }
    const selfClosing = source.startsWith(' />', at);
    if (selfClosing) at += 3;
    else if (source[at] === '>') at += 1;
    else decline(`tag at ${element.start}`);
    stack.at(-1)!.children.push(element);
    if (VOID.has(name)) {
      element.end = at;
      continue;
    }
    if (selfClosing) decline(`self-closing ${name}`);
    if (OPAQUE.has(name)) {
      const close = source.indexOf(`</${name}>`, at);
      if (close < 0) decline(`unclosed ${name}`);
      element.end = close + name.length + 3;
      at = element.end;
      continue;
    }
    stack.push(element);
  }
  if (stack.length !== 1) decline('unclosed element');
  return { nodes: root.children, at };
}

function attrText(attrs: readonly Attr[]): string {
  return attrs.map((a) => (a.value === undefined ? ` ${a.name}` : ` ${a.name}="${a.value}"`)).join('');
}

/** Attributes prettier prints exactly as written: not ones it reformats (style, srcset, class with odd spacing…). */
function plainAttrs(attrs: readonly Attr[]): boolean {
  return attrs.every(
    (a) =>
      !/^(style|srcset|sizes|on.*)$/.test(a.name) &&
      !(a.name === 'class' && a.value !== undefined && (a.value !== a.value.trim() || /\s\s|[\t\n\r\f]/.test(a.value))) &&
      (a.value === undefined || !a.value.includes('{{')),
  );
}

function isWhitespace(node: Node): boolean {
  return node.kind === 'text' && /^[ \t\n\r\f]*$/.test(node.value);
}

/** A residual element: formatted by prettier among its ancestors (`chain`), at `line` of the output. */
interface Residual {
  chain: string;
  source: string;
  line: number;
}

/** The plan for a page: its lines, some of them placeholders for residual elements. */
export interface HtmlPlan {
  lines: string[];
  residuals: Residual[];
}

/** The flat text of a leaf's inline content, or undefined when it holds anything a one-line print does not cover. */
function flatInline(nodes: readonly Node[]): string | undefined {
  let out = '';
  for (const [i, node] of nodes.entries()) {
    if (node.kind === 'text') {
      if (/[\n\r\f\t]/.test(node.value)) return undefined;
      if ((i === 0 && node.value.startsWith(' ')) || (i === nodes.length - 1 && node.value.endsWith(' '))) return undefined;
      out += node.value.replace(/ +/g, ' ');
      continue;
    }
    if (!INLINE.has(node.name) || !plainAttrs(node.attrs)) return undefined;
    if (VOID.has(node.name)) {
      out += `<${node.name}${attrText(node.attrs)} />`;
      continue;
    }
    if (node.children.some((c) => c.kind !== 'text')) return undefined;
    const inner = node.children.length ? (node.children[0] as Text).value : '';
    if (inner !== inner.trim() || /[\n\r\f\t]| {2}/.test(inner)) return undefined;
    out += `<${node.name}${attrText(node.attrs)}>${inner}</${node.name}>`;
  }
  return out;
}

function printLeaf(element: Element, indent: string, lines: string[]): boolean {
  if (!plainAttrs(element.attrs)) return false;
  const open = `<${element.name}${attrText(element.attrs)}>`;
  const close = `</${element.name}>`;
  const flat = flatInline(element.children);
  if (flat === undefined) return false;
  const hasElement = element.children.some((c) => c.kind === 'element');
  const forced = element.children.some((c) => c.kind === 'element' && c.children.some((g) => g.kind !== 'text'));
  if (forced) return false;
  const width = stringWidth(indent + open + flat + close);
  if (width === undefined) return false;
  if (width <= WIDTH) {
    lines.push(indent + open + flat + close);
    return true;
  }
  // Text only: the tags on lines of their own, the words filled between them.
  if (hasElement || element.children.length !== 1) return false;
  const openWidth = stringWidth(indent + open);
  if (openWidth === undefined || openWidth > WIDTH) return false;
  const words = flat.split(' ');
  const inner = `${indent}  `;
  let line = '';
  let column = 0;
  lines.push(indent + open);
  for (const word of words) {
    const w = stringWidth(word);
    if (w === undefined) return false;
    if (line === '') {
      line = inner + word;
      column = inner.length + w;
    } else if (column + 1 + w <= WIDTH) {
      line += ` ${word}`;
      column += 1 + w;
    } else {
      lines.push(line);
      line = inner + word;
      column = inner.length + w;
    }
  }
  lines.push(line, indent + close);
  return true;
}

function plan(nodes: readonly Node[], source: string, chain: string[], lines: string[], residuals: Residual[]): void {
  const depth = chain.length;
  const indent = '  '.repeat(depth);
  for (const node of nodes) {
    if (node.kind === 'text') continue; // whitespace between block children (checked by the caller)
    if (print(node, source, chain, indent, lines, residuals)) continue;
    residuals.push({ chain: chain.join('>'), source: source.slice(node.start, node.end), line: lines.length });
    lines.push('');
  }
}

/** Attributes written exactly as ATTR reads them, or undefined. */
function attrsOf(text: string): Attr[] | undefined {
  const attrs: Attr[] = [];
  let rest = text;
  while (rest.length) {
    const m = ATTR.exec(rest);
    if (!m) return undefined;
    attrs.push({ name: m[1]!, value: m[2] });
    rest = rest.slice(m[0].length);
  }
  return attrs;
}

const PRE_CODE = /^<pre((?:\s[^<>]*)?)><code((?:\s[^<>]*)?)>([^<]*)<\/code><\/pre>$/;

/**
 * A sample: `<pre …><code …>text</code></pre>`, the text verbatim (prettier prints a <pre>'s lines as they are).
 * The opening tags and the text's first line share a line when they fit in 100 columns; otherwise the <pre>'s
 * attributes go one a line and `><code …>` starts the text. Text that does not end with a newline, or starts with
 * one, is left to prettier.
 */
function printPre(text: string, indent: string, lines: string[]): boolean {
  const m = PRE_CODE.exec(text);
  if (!m) return false;
  const preAttrs = attrsOf(m[1]!);
  const codeAttrs = attrsOf(m[2]!);
  const content = m[3]!;
  if (!preAttrs || !codeAttrs || !plainAttrs(preAttrs) || !plainAttrs(codeAttrs)) return false;
  if (!content.endsWith('\n') || content.startsWith('\n') || content.includes('\r')) return false;
  const firstLine = content.slice(0, content.indexOf('\n'));
  const code = `<code${attrText(codeAttrs)}>`;
  const flatWidth = stringWidth(`${indent}<pre${attrText(preAttrs)}>${code}${firstLine}`);
  if (flatWidth === undefined) return false;
  const body = `${content}</code></pre>`;
  if (flatWidth <= WIDTH) lines.push(`${indent}<pre${attrText(preAttrs)}>${code}${body}`);
  else {
    if (preAttrs.length === 0) return false;
    lines.push(`${indent}<pre`, ...preAttrs.map((a) => `${indent}  ${attrText([a]).slice(1)}`), `${indent}>${code}${body}`);
  }
  return true;
}

/** Whether `element` is a container printed here, and then prints it. */
function print(element: Element, source: string, chain: string[], indent: string, lines: string[], residuals: Residual[]): boolean {
  if (LEAVES.has(element.name)) return printLeaf(element, indent, lines);
  if (element.name === 'pre') return printPre(source.slice(element.start, element.end), indent, lines);
  if (!CONTAINERS.has(element.name) || !plainAttrs(element.attrs)) return false;
  const children = element.children;
  const elements = children.filter((c): c is Element => c.kind === 'element');
  if (elements.length === 0) return false;
  if (!elements.every((e) => BLOCK_LIKE.has(e.name) || e.name === 'script' || e.name === 'head')) return false;
  for (const c of children) {
    if (c.kind === 'text' && !isWhitespace(c)) return false;
    if (c.kind === 'text' && (c.value.match(/\n/g)?.length ?? 0) > 1) return false; // a blank line prettier would keep
  }
  // Broken across lines for sure: prettier forces it (a child holding elements, or a table/list part), or
  // every child starts on a line of its own in the source.
  const forced =
    FORCE_BREAK_CHILDREN.has(element.name) ||
    element.name === 'body' ||
    elements.some((e) => e.children.some((g) => g.kind !== 'text'));
  const ownLines = children.every((c, i) => c.kind === 'text' || (i > 0 && children[i - 1]!.kind === 'text' && (children[i - 1] as Text).value.includes('\n')));
  if (!forced && !ownLines) return false;
  const open = `<${element.name}${attrText(element.attrs)}>`;
  const openWidth = stringWidth(indent + open);
  if (openWidth === undefined) return false;
  if (openWidth <= WIDTH) lines.push(indent + open);
  else {
    // Too long for a line: one attribute a line, two spaces deeper, and the `>` on a line of its own.
    if (element.attrs.length === 0) return false;
    lines.push(`${indent}<${element.name}`, ...element.attrs.map((a) => `${indent}  ${attrText([a]).slice(1)}`), `${indent}>`);
  }
  plan(children, source, [...chain, element.name], lines, residuals);
  lines.push(`${indent}</${element.name}>`);
  return true;
}

/** The page's plan, or undefined where it holds anything these rules do not cover. */
export function planHtmlLayout(source: string): HtmlPlan | undefined {
  const doctype = '<!doctype html>\n';
  if (!source.startsWith(doctype)) return undefined;
  try {
    const { nodes } = parse(source, doctype.length);
    const top = nodes.filter((n): n is Element => n.kind === 'element');
    if (top.length !== 1 || top[0]!.name !== 'html' || nodes.some((n) => n.kind === 'text' && !isWhitespace(n))) return undefined;
    const lines = ['<!doctype html>'];
    const residuals: Residual[] = [];
    if (!print(top[0]!, source, [], '', lines, residuals)) return undefined;
    return { lines, residuals };
  } catch (e) {
    if (e instanceof Declined) return undefined;
    throw e;
  }
}

const SEPARATOR = '<!-- ossgen-html-layout -->';

/** Pages that went to prettier whole since the process started (a test requires none for the bundled model). */
export const htmlLayoutFallbacks: string[] = [];

/**
 * The page in prettier's layout: printed here where planHtmlLayout vouches for it, the residual elements through
 * `prettier` (one call per chain of ancestors), else the whole page through `prettier`.
 */
export async function formatHtmlLayout(source: string, prettier: (text: string) => Promise<string>): Promise<string> {
  const page = planHtmlLayout(source);
  if (!page) {
    htmlLayoutFallbacks.push(source.slice(0, 200));
    return prettier(source);
  }
  const byChain = new Map<string, Residual[]>();
  for (const r of page.residuals) {
    const list = byChain.get(r.chain) ?? [];
    list.push(r);
    byChain.set(r.chain, list);
  }
  const lines = [...page.lines];
  const failed = await Promise.all(
    [...byChain.entries()].map(async ([chain, residuals]) => {
      const names = chain === '' ? [] : chain.split('>');
      const text = `${names.map((n) => `<${n}>\n`).join('')}${residuals.map((r) => r.source).join(`\n${SEPARATOR}\n`)}\n${[...names].reverse().map((n) => `</${n}>\n`).join('')}`;
      const out = (await prettier(text)).split('\n');
      const indent = '  '.repeat(names.length);
      // The wrapper's own lines: its opening tags first, its closing tags last, each at its depth.
      for (const [i, n] of names.entries()) {
        if (out[i] !== `${'  '.repeat(i)}<${n}>`) return true;
        if (out[out.length - 2 - i] !== `${'  '.repeat(i)}</${n}>`) return true;
      }
      if (out.at(-1) !== '') return true;
      const body = out.slice(names.length, out.length - 1 - names.length);
      const pieces: string[][] = [[]];
      for (const line of body) {
        if (line === indent + SEPARATOR) pieces.push([]);
        else pieces.at(-1)!.push(line);
      }
      if (pieces.length !== residuals.length) return true;
      residuals.forEach((r, i) => {
        lines[r.line] = pieces[i]!.join('\n');
      });
      return false;
    }),
  );
  if (failed.some((f) => f)) {
    htmlLayoutFallbacks.push(source.slice(0, 200));
    return prettier(source);
  }
  return `${lines.join('\n')}\n`;
}
