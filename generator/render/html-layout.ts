/**
 * HTML put in prettier's layout partly without prettier (issue #16: prettier's HTML printer on the two docs pages
 * was the largest single cost of `gen --lang all`, and it goes to the page's markup, not to the size of its <pre>
 * blocks: with every sample blanked out a cold run took about as long). The page is parsed here into elements;
 * what this file vouches for it prints itself:
 * - containers (section, table, tr, ul…) whose children are all block-like elements, one child per line, two
 *   spaces deeper, the opening tag on one line or else one attribute a line;
 * - leaf blocks (p, td, li, h3…) whose inline content (text, code spans, links; code split by <wbr />) prints on
 *   one line within 100 columns, or else is filled between the tags' own lines: words as prettier's fill
 *   places them, inline elements as its groups do (fillInline);
 * - a block holding only a link around a code span (printWrappedElement);
 * - the <pre><code> samples, their text verbatim (printPre);
 * - blocks holding a code span split by <wbr /> (which prettier always breaks), error headings (a broken link
 *   around such a span, then the status), items with a link around a code span and text glued after it;
 * - the <head> (<meta>, a plain <title>) and the page's <style> and <script>, whose text the page declares as
 *   already in prettier's style (OutputFile.formattedEmbeds: templates/docs/assets/), copied at their depth, so
 *   prettier's CSS and JS printers are never loaded for the docs;
 * - an inline element ending with one space inside when a space follows it too (`<strong>Why: </strong> text`).
 * Every other block element (the tab buttons, the table of contents' nested lists, figcaptions, prose with nested
 * inline elements or wide characters, definition lists) is printed by render/html-doc.ts, which builds prettier's
 * own document for it and prints that (and a <title> too long for its line). Only what neither takes (emoji, which
 * prettier measures with its own table) is a residual element: the residual elements under the same chain of ancestors are
 * formatted by one prettier call, inside those ancestors (so at their real depth and width), separated by
 * comments, and put back in place; none are left in the bundled model's pages, so `gen --lang docs` never loads
 * prettier for them. Where the page holds something these rules do not cover (comments, odd attributes, blank
 * lines between elements), planHtmlLayout says undefined and the page goes to prettier whole.
 * test/docs/html-layout.test.ts compares this with prettier on whole pages of several models, byte for byte.
 */
import { printBlockElement } from './html-doc.js';
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
  /** Where its opening tag ends (after the `>`). */
  openEnd: number;
  end: number;
}
interface Text {
  kind: 'text';
  value: string;
  start: number;
}
type Node = Element | Text;

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
/** Elements taken as opaque source text up to their closing tag (never printed here). */
const OPAQUE = new Set(['pre', 'script', 'style', 'textarea', 'title', 'template', 'svg', 'math']);
/** Elements whose default CSS display is block-like in prettier's table (block, list-item, table parts). */
const BLOCK_LIKE = new Set([
  'html', 'body', 'address', 'blockquote', 'center', 'div', 'figure', 'figcaption', 'footer', 'form', 'header', 'hr',
  'legend', 'listing', 'main', 'p', 'plaintext', 'pre', 'xmp', 'article', 'aside', 'h1', 'h2', 'h3', 'h4', 'h5',
  'h6', 'hgroup', 'nav', 'section', 'dir', 'dd', 'dl', 'dt', 'menu', 'ol', 'ul', 'li', 'table', 'caption',
  'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'details', 'summary',
]);
/** Containers printed here: block-like, children block-like, never text of their own. */
const CONTAINERS = new Set(['head', 'body', 'header', 'nav', 'main', 'section', 'article', 'div', 'figure', 'table', 'thead', 'tbody', 'tr', 'ul', 'ol', 'dl', 'html']);
/** Leaf blocks whose inline content is printed here when it fits a line or is plain text. */
const LEAVES = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'td', 'th', 'dt', 'dd', 'figcaption']);
/** What a <head> may hold (display: none in prettier's table, each on a line of its own). */
const HEAD_CHILDREN = new Set(['meta', 'link', 'title', 'style', 'script', 'base']);
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
/** NAME and ATTR matched in place (sticky), without copying the page's text after each tag. */
const NAME_AT = /[a-z][a-z0-9-]*/y;
const ATTR_AT = /\s+([a-z][a-z0-9-]*)(?:="([^"<>\n]*)")?/y;

function nameAt(source: string, at: number): string | undefined {
  NAME_AT.lastIndex = at;
  return NAME_AT.exec(source)?.[0];
}

/** The page parsed into elements; text is kept verbatim (entities included), as prettier prints it. */
function parse(source: string, from: number): { nodes: Node[]; at: number } {
  const root: Element = { kind: 'element', name: '#root', attrs: [], children: [], start: from, openEnd: from, end: source.length };
  const stack: Element[] = [root];
  let at = from;
  while (at < source.length) {
    const lt = source.indexOf('<', at);
    const textEnd = lt < 0 ? source.length : lt;
    if (textEnd > at) stack.at(-1)!.children.push({ kind: 'text', value: source.slice(at, textEnd), start: at });
    if (lt < 0) break;
    at = lt;
    if (source.startsWith('</', at)) {
      const name = nameAt(source, at + 2);
      const top = stack.at(-1)!;
      if (!name || name !== top.name || source[at + 2 + name.length] !== '>') decline(`closing tag at ${at}`);
      top.end = at + 3 + name.length;
      stack.pop();
      at = top.end;
      continue;
    }
    const name = nameAt(source, at + 1);
    if (!name) decline(`markup at ${at}`);
    const element: Element = { kind: 'element', name, attrs: [], children: [], start: at, openEnd: at, end: at };
    at += 1 + name.length;
    for (;;) {
      ATTR_AT.lastIndex = at;
      const m = ATTR_AT.exec(source);
      if (!m) break;
      element.attrs.push({ name: m[1]!, value: m[2] });
      at += m[0].length;
    }
    const selfClosing = source.startsWith(' />', at);
    if (selfClosing) at += 3;
    else if (source[at] === '>') at += 1;
    else decline(`tag at ${element.start}`);
    element.openEnd = at;
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
function flatInline(nodes: readonly Node[], spaceAfter = false): string | undefined {
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
    // Text, or words glued by <wbr /> (code spans split at camel-case boundaries): no break inside.
    const kids = node.children;
    const wbr = kids.some((c) => c.kind !== 'text');
    if (wbr && (kids[0]?.kind !== 'text' || kids.at(-1)?.kind !== 'text')) return undefined;
    let inner = '';
    for (const c of kids) {
      if (c.kind === 'text') inner += c.value;
      else if (c.name === 'wbr' && c.attrs.length === 0) inner += '<wbr />';
      else return undefined;
    }
    const words = kids.filter((c): c is Text => c.kind === 'text').map((c) => c.value).join('');
    // One space at the end inside (`<strong>Why: </strong> text`) is kept as written when text after the element
    // starts with a space too (prettier prints both); any other space at an edge is left to prettier.
    const next = nodes[i + 1];
    const spaced = next ? next.kind === 'text' && next.value.startsWith(' ') : spaceAfter;
    const trailing = inner.endsWith(' ') && !wbr && spaced;
    const trimmed = trailing ? inner.slice(0, -1) : inner;
    if (trimmed !== trimmed.trim() || trimmed === '' || /[\n\r\f\t]| {2}/.test(inner) || (wbr && words.includes(' '))) return undefined;
    out += `<${node.name}${attrText(node.attrs)}>${inner}</${node.name}>`;
  }
  return out;
}

function printLeaf(element: Element, indent: string, lines: string[]): boolean {
  if (!plainAttrs(element.attrs)) return false;
  const open = `<${element.name}${attrText(element.attrs)}>`;
  const close = `</${element.name}>`;
  // Whitespace at the block's edges is not significant: prettier drops it.
  const children = element.children.map((c) => (c.kind === 'text' ? { ...c } : c));
  if (children[0]?.kind === 'text') children[0].value = children[0].value.trimStart();
  const last = children.at(-1);
  if (last?.kind === 'text') last.value = last.value.trimEnd();
  const content = children.filter((c) => c.kind !== 'text' || c.value !== '');
  const only = content.length === 1 ? content[0] : undefined;
  if (only?.kind === 'element' && printWrappedElement(only, indent, open, close, lines)) return true;
  if (printBrokenLinkThenText(content, indent, open, close, lines)) return true;
  if (printLinkThenGluedText(content, indent, open, close, lines)) return true;
  const flat = flatInline(content);
  if (flat === undefined) return false;
  // A child holding elements (a code span split by <wbr />) forces prettier to break the block.
  const forced = content.some((c) => c.kind === 'element' && c.children.some((g) => g.kind !== 'text'));
  const width = stringWidth(indent + open + flat + close);
  if (width === undefined) return false;
  if (width <= WIDTH && !forced) {
    lines.push(indent + open + flat + close);
    return true;
  }
  // The tags on lines of their own, the content filled between them.
  const openWidth = stringWidth(indent + open);
  if (openWidth === undefined || openWidth > WIDTH) return false;
  const filled = fillInline(content, `${indent}  `);
  if (!filled) return false;
  lines.push(indent + open, ...filled, indent + close);
  return true;
}

/**
 * A block holding only an inline element that holds only another (a link around a code span): prettier breaks
 * the block (a child holding an element), and when the pair does not fit its line, or the inner element holds
 * elements itself (a code span split by <wbr />, which forces the outer element's group to break), prints the
 * outer element's opening tag without its `>`, the inner element two spaces deeper starting with that `>` and
 * ending with the outer closing tag but its `>`, and that `>` on a line of its own.
 */
function printWrappedElement(outer: Element, indent: string, open: string, close: string, lines: string[]): boolean {
  const printed = wrappedElementLines(outer, `${indent}  `, false);
  if (!printed) return false;
  lines.push(indent + open, ...printed, indent + close);
  return true;
}

/** The lines of a link around a code span at `innerIndent` (see printWrappedElement); `brokenOnly`: none if flat. */
function wrappedElementLines(outer: Element, innerIndent: string, brokenOnly: boolean): string[] | undefined {
  if (!INLINE.has(outer.name) || VOID.has(outer.name) || outer.attrs.length === 0 || !plainAttrs(outer.attrs)) return undefined;
  const only = outer.children[0];
  if (outer.children.length !== 1 || only?.kind !== 'element' || VOID.has(only.name)) return undefined;
  const inner = flatInline([only]);
  if (inner === undefined) return undefined;
  const start = `<${outer.name}${attrText(outer.attrs)}`;
  const flat = `${innerIndent}${start}>${inner}</${outer.name}>`;
  const widths = [stringWidth(flat), stringWidth(innerIndent + start), stringWidth(`${innerIndent}  >${inner}</${outer.name}`)];
  if (widths.some((w) => w === undefined)) return undefined;
  const forcedBreak = only.children.some((c) => c.kind !== 'text');
  if (widths[0]! <= WIDTH && !forcedBreak) return brokenOnly ? undefined : [flat];
  if (widths[1]! > WIDTH || widths[2]! > WIDTH) return undefined;
  return [innerIndent + start, `${innerIndent}  >${inner}</${outer.name}`, `${innerIndent}>`];
}

/**
 * A block starting with a link around a code span that prettier must break (printWrappedElement), then whitespace
 * and more inline content (an error's heading: its name, then its HTTP status): the broken link, and the rest
 * filled from a line of its own (prettier's fill breaks the separator after content that did not fit flat).
 */
function printBrokenLinkThenText(content: readonly Node[], indent: string, open: string, close: string, lines: string[]): boolean {
  const [first, sep, ...after] = content;
  if (first?.kind !== 'element' || sep?.kind !== 'text' || !/^ +\S/.test(sep.value) && !(sep.value.trim() === '' && after.length > 0)) return false;
  if (/[\n\r\t\f]/.test(sep.value) || after.some((c) => c.kind === 'text' && /[\n\r\t\f]/.test(c.value))) return false;
  const head = wrappedElementLines(first, `${indent}  `, true);
  if (!head) return false;
  const rest = [{ kind: 'text' as const, value: sep.value.trimStart(), start: sep.start + sep.value.length - sep.value.trimStart().length }, ...after].filter((c) => c.kind !== 'text' || c.value !== '');
  if (rest.length === 0 || rest.some((c) => c.kind === 'element' && c.children.some((g) => g.kind !== 'text'))) return false;
  const filled = fillInline(rest, `${indent}  `);
  if (!filled) return false;
  lines.push(indent + open, ...head, ...filled, indent + close);
  return true;
}

/**
 * A block holding a link around a code span (plain text) with text glued after it (`<a …><code>x</code></a>: said`,
 * a header that only counts on the first append): prettier breaks the block (a child holding an element) and,
 * when link and text do not fit one line, moves the link's closing `>` to the start of the text's line. Only that
 * case is printed here (a line that fits, or text that would wrap, is left to prettier).
 */
function printLinkThenGluedText(content: readonly Node[], indent: string, open: string, close: string, lines: string[]): boolean {
  const [link, text, ...more] = content;
  if (more.length !== 0 || link?.kind !== 'element' || text?.kind !== 'text') return false;
  if (link.name !== 'a' || link.attrs.length === 0 || !plainAttrs(link.attrs) || link.children.length !== 1) return false;
  const code = link.children[0]!;
  if (code.kind !== 'element' || code.children.some((c) => c.kind !== 'text')) return false;
  const inner = flatInline([code]);
  if (inner === undefined || text.value === '' || /^\s|[\n\r\t\f]| {2}/.test(text.value)) return false;
  const innerIndent = `${indent}  `;
  const first = `${innerIndent}<a${attrText(link.attrs)}>${inner}</a`;
  const second = `${innerIndent}>${text.value}`;
  const widths = [stringWidth(`${first}>${text.value}`), stringWidth(first), stringWidth(second)];
  if (widths.some((w) => w === undefined) || widths[0]! <= WIDTH || widths[1]! > WIDTH || widths[2]! > WIDTH) return false;
  lines.push(indent + open, first, second, indent + close);
  return true;
}

/** A word of text or an inline element (text-only content), with whether whitespace comes before it. */
interface Item {
  text: string;
  width: number;
  /** For an element with spaces inside: the width up to its first space (where prettier may break). */
  untilSpace?: number;
  element?: Element;
  gapBefore: boolean;
}

/**
 * A block's inline content filled at 100 columns the way prettier's HTML printer does it: words of text by its
 * fill (a word goes on the line when a space and the word fit); an inline element by its group, which stays on
 * the line when the element, the separator after it and what follows up to the next place prettier may break
 * (the next whitespace, or the end of an element glued to it) fit. Text glued to an element's start or end
 * (`(<code>x</code>).`) moves with it. Where prettier would break inside a tag (`</code\n>`) or an element,
 * this declines (undefined).
 */
function fillInline(children: readonly Node[], inner: string): string[] | undefined {
  const items: Item[] = [];
  let gap = false;
  for (const [index, child] of children.entries()) {
    if (child.kind === 'text') {
      const parts = child.value.split(' ');
      for (const [i, word] of parts.entries()) {
        if (i > 0) gap = true;
        if (word === '') continue;
        const width = stringWidth(word);
        if (width === undefined) return undefined;
        items.push({ text: word, width, gapBefore: gap });
        gap = false;
      }
      continue;
    }
    if (VOID.has(child.name)) return undefined;
    const following = children[index + 1];
    const text = flatInline([child], following?.kind === 'text' && following.value.startsWith(' '));
    if (text === undefined) return undefined;
    const width = stringWidth(text);
    if (width === undefined) return undefined;
    // (an element split by <wbr /> holds no space: the one in `<wbr />` is no place to break)
    const space = child.children.some((c) => c.kind !== 'text') ? -1 : text.indexOf(' ', text.indexOf('>'));
    const untilSpace = space < 0 ? undefined : stringWidth(text.slice(0, space));
    const prev = items.at(-1);
    // An element glued to another, or glued after a word while it has attributes (prettier breaks before them).
    if (prev && !gap && (prev.element || child.attrs.length > 0)) return undefined;
    items.push({ text, width, untilSpace, element: child, gapBefore: gap });
    gap = false;
  }
  if (items.length === 0) return undefined;
  /** The width prettier measures after item i's own text: its separator and what follows up to a break. */
  const after = (i: number): number => {
    let j = i + 1;
    if (j >= items.length) return 0;
    // A gap: its space, and a next element's group starts with a possible break. Glued: no space.
    if (items[j]!.gapBefore && items[j]!.element) return 1;
    let width = items[j]!.gapBefore ? 1 : 0;
    // The next word up to its own end (and through an element glued after it).
    for (;;) {
      if (items[j]!.untilSpace !== undefined) return width + items[j]!.untilSpace!;
      width += items[j]!.width;
      const next = items[j + 1];
      if (!next || next.gapBefore) return width;
      if (!items[j]!.element && next.element) {
        j++;
        continue;
      }
      // after an element, glued text: its `>` moves to that text, and prettier may break before it
      return width - 1;
    }
  };
  const out: string[] = [];
  let line = inner;
  let column = inner.length;
  const newLine = (): void => {
    out.push(line.trimEnd());
    line = inner;
    column = inner.length;
  };
  for (const [i, item] of items.entries()) {
    const prev = items[i - 1];
    const atStart = line === inner;
    if (item.element) {
      const need = item.width + after(i);
      if (!prev) {
        if (column + need > WIDTH) return undefined;
      } else if (!item.gapBefore) {
        // glued after a word: the word already carried `<name`; the rest of the element must fit
        if (column + need - (1 + item.element.name.length) > WIDTH) return undefined;
        line += item.text.slice(1 + item.element.name.length);
        column += item.width - (1 + item.element.name.length);
      } else if (prev.element) {
        // after an element and its space: a possible break here
        if (column + need > WIDTH) {
          newLine();
          if (column + need > WIDTH) return undefined;
        }
      } else if (column + 1 + need > WIDTH) {
        newLine();
        if (column + need > WIDTH) return undefined;
      } else {
        line += ' ';
        column += 1;
      }
      if (!prev || item.gapBefore) {
        line += item.text;
        column += item.width;
      }
      // The separator after it, printed flat (a space) when there is whitespace.
      if (items[i + 1]?.gapBefore) {
        line += ' ';
        column += 1;
      }
      continue;
    }
    // A word: glued before an element, it carries that element's `<name` in prettier's fill.
    const next = items[i + 1];
    const carried = next?.element && !next.gapBefore ? `<${next.element.name}` : '';
    const width = item.width + carried.length;
    if (!prev || atStart) {
      line += item.text + carried;
      column += width;
    } else if (prev.element) {
      // first word after an element: printed where the element's group left off
      line += item.text + carried;
      column += width;
    } else if (column + 1 + width <= WIDTH) {
      line += ` ${item.text}${carried}`;
      column += 1 + width;
    } else {
      newLine();
      line += item.text + carried;
      column += width;
    }
  }
  out.push(line.trimEnd());
  return out;
}

/** The texts a page embeds in prettier's style already (its stylesheet and script), at column 0. */
let embeds: readonly string[] = [];

/**
 * The lines already printed for an element's source text, by depth (an element's lines depend on its text and its
 * depth alone). The docs pages repeat most of their blocks (each operation's error rows, parameter rows and
 * captions, shared headings): 11,267 leaf blocks of the 50-operation model's English page hold 2,501 distinct texts.
 * One map per depth, so that no key is a concatenation (a new string to copy and hash) of depth and text.
 */
let printedByDepth: Map<string, readonly string[]>[] = [];

function plan(nodes: readonly Node[], source: string, chain: string[], lines: string[], residuals: Residual[]): void {
  const depth = chain.length;
  const indent = '  '.repeat(depth);
  const printedHere = (printedByDepth[depth] ??= new Map());
  for (const node of nodes) {
    if (node.kind === 'text') continue; // whitespace between block children (checked by the caller)
    // Sections, tables and rows hold names of their own and never repeat: not looked up (hashing their text) nor
    // kept (a copy of their lines at each depth).
    if (node.end - node.start > MAX_REPEATED_TEXT) {
      planElement(node, source, chain, indent, lines, residuals);
      continue;
    }
    const text = source.slice(node.start, node.end);
    const known = printedHere.get(text);
    if (known) {
      for (const line of known) lines.push(line);
      continue;
    }
    const from = lines.length;
    const residualsBefore = residuals.length;
    planElement(node, source, chain, indent, lines, residuals);
    // Not kept when a residual was left inside: its placeholder line belongs to this place of the page.
    if (residuals.length === residualsBefore) printedHere.set(text, lines.slice(from));
  }
}

/** The longest element text looked up in printedByDepth: the repeated blocks (cells, paragraphs, table heads) are far shorter. */
const MAX_REPEATED_TEXT = 2048;

function planElement(node: Element, source: string, chain: string[], indent: string, lines: string[], residuals: Residual[]): void {
  if (print(node, source, chain, indent, lines, residuals)) return;
  // Prettier's own algorithm for what no rule here covers (render/html-doc.ts).
  const printed = printBlockElement(node, source, chain.length);
  if (printed) {
    for (const line of printed) lines.push(line);
    return;
  }
  residuals.push({ chain: chain.join('>'), source: source.slice(node.start, node.end), line: lines.length });
  lines.push('');
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

/**
 * A <style> or <script> without attributes holding exactly one of the page's embeds between a newline after its
 * opening tag and its closing tag: prettier prints that text (already in its style) two spaces deeper, empty lines
 * empty. Anything else is left to prettier.
 */
function printEmbed(element: Element, source: string, indent: string, lines: string[]): boolean {
  if (element.attrs.length !== 0) return false;
  const open = `<${element.name}>`;
  const text = source.slice(element.start + open.length, element.end - open.length - 1);
  if (!text.startsWith('\n')) return false;
  const body = text.slice(1);
  if (!embeds.includes(body) || !body.endsWith('\n') || body.trim() === '') return false;
  // Prettier keeps a block comment's text as written: the lines after its first are not indented. Such comments
  // are followed in a stylesheet only (a `/*` in a script might be inside a string or a regular expression).
  if (element.name === 'script' && body.includes('/*')) return false;
  const inner = `${indent}  `;
  const printed = [indent + open];
  let inComment = false;
  for (const line of body.slice(0, -1).split('\n')) {
    printed.push(line === '' ? '' : inComment ? line : inner + line);
    const opens = line.lastIndexOf('/*');
    const closes = line.lastIndexOf('*/');
    if (opens >= 0 || closes >= 0) inComment = opens > closes;
  }
  if (inComment) return false;
  lines.push(...printed, `${indent}</${element.name}>`);
  return true;
}

/** A <title> holding plain text (no entities, no markup) that fits its line with its tags. */
function printTitle(element: Element, source: string, indent: string, lines: string[]): boolean {
  if (element.attrs.length !== 0) return false;
  const text = source.slice(element.start + '<title>'.length, element.end - '</title>'.length);
  if (text === '' || text !== text.trim() || /[<>&\n\r\t\f]| {2}/.test(text)) return false;
  const line = `${indent}<title>${text}</title>`;
  const width = stringWidth(line);
  if (width === undefined || width > WIDTH) return false;
  lines.push(line);
  return true;
}

/** A <meta> or <link> (void) with plain attributes that fits its line: `<meta … />`. */
function printVoid(element: Element, indent: string, lines: string[]): boolean {
  if (!plainAttrs(element.attrs) || element.attrs.some((a) => a.value === undefined || a.value.includes('&'))) return false;
  const line = `${indent}<${element.name}${attrText(element.attrs)} />`;
  const width = stringWidth(line);
  if (width === undefined || width > WIDTH) return false;
  lines.push(line);
  return true;
}

/** Whether `element` is a container printed here, and then prints it. */
function print(element: Element, source: string, chain: string[], indent: string, lines: string[], residuals: Residual[]): boolean {
  if (LEAVES.has(element.name)) return printLeaf(element, indent, lines);
  if (element.name === 'style' || element.name === 'script') return printEmbed(element, source, indent, lines);
  if (element.name === 'title') return printTitle(element, source, indent, lines);
  if (element.name === 'meta' || element.name === 'link') return printVoid(element, indent, lines);
  if (element.name === 'pre') return printPre(source.slice(element.start, element.end), indent, lines);
  if (!CONTAINERS.has(element.name) || !plainAttrs(element.attrs)) return false;
  const children = element.children;
  const elements = children.filter((c): c is Element => c.kind === 'element');
  if (elements.length === 0) return false;
  const allowed = (e: Element): boolean =>
    element.name === 'head' ? HEAD_CHILDREN.has(e.name) : BLOCK_LIKE.has(e.name) || e.name === 'script' || (element.name === 'html' && e.name === 'head');
  if (!elements.every(allowed)) return false;
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
export function planHtmlLayout(source: string, formattedEmbeds: readonly string[] = []): HtmlPlan | undefined {
  const doctype = '<!doctype html>\n';
  if (!source.startsWith(doctype)) return undefined;
  embeds = formattedEmbeds;
  printedByDepth = [];
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
  } finally {
    embeds = [];
    printedByDepth = [];
  }
}

const SEPARATOR = '<!-- ossgen-html-layout -->';

/** Pages that went to prettier whole since the process started (a test requires none for the bundled model). */
export const htmlLayoutFallbacks: string[] = [];

/**
 * The page in prettier's layout: printed here where planHtmlLayout vouches for it, the residual elements through
 * `prettier` (one call per chain of ancestors), else the whole page through `prettier`.
 */
export async function formatHtmlLayout(
  source: string,
  prettier: (text: string) => Promise<string>,
  formattedEmbeds: readonly string[] = [],
): Promise<string> {
  const page = planHtmlLayout(source, formattedEmbeds);
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
