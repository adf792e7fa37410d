/**
 * One block element of a page printed the way prettier's HTML printer prints it (issue #16: the elements
 * render/html-layout.ts has no rule of its own for, so that no docs page needs prettier). Prettier builds a
 * document of groups, fills and lines from the element tree and prints it at 100 columns; this does the same for
 * a subset of HTML: elements with plain attributes, text, void elements, the whitespace rules of CSS display
 * (inline, inline-block, block, list items, tables) and the places where prettier moves a tag's `<name` or `>`
 * next to the text it is glued to. It follows prettier 3's language-html printer (print/element.js,
 * print/children.js, print/tag.js, utils) and its document printer (printDocToString, fits, fill, propagated
 * breaks), written anew for this subset. Anything outside it (comments, <pre>, scripts, entities in attribute
 * values, emoji, whitespace-sensitive elements) throws DocDeclined and the element is left to prettier.
 * test/docs/html-layout.test.ts compares whole pages with prettier's, byte for byte.
 */
import { stringWidth } from './prettier-style.js';

const WIDTH = 100;

export class DocDeclined extends Error {}
function decline(why: string): never {
  throw new DocDeclined(why);
}

// ---------------------------------------------------------------------------------------------------------------
// The document and its printer.

interface Group {
  type: 'group';
  contents: Doc;
  break: boolean;
  id?: symbol;
}
interface Fill {
  type: 'fill';
  parts: Doc[];
  /** How many parts are printed already (the printer works through a fill two parts at a time). */
  offset: number;
}
interface Indent {
  type: 'indent';
  contents: Doc;
}
interface Line {
  type: 'line';
  soft: boolean;
  hard: boolean;
}
interface BreakParent {
  type: 'break-parent';
}
interface IfBreak {
  type: 'if-break';
  breakContents: Doc;
  flatContents: Doc;
  groupId?: symbol;
}
type Doc = string | Doc[] | Group | Fill | Indent | Line | BreakParent | IfBreak;

const line: Line = { type: 'line', soft: false, hard: false };
const softline: Line = { type: 'line', soft: true, hard: false };
const breakParent: BreakParent = { type: 'break-parent' };
const hardline: Doc = [{ type: 'line', soft: false, hard: true }, breakParent];

function group(contents: Doc, id?: symbol): Group {
  return { type: 'group', contents, break: false, id };
}
function indent(contents: Doc): Indent {
  return { type: 'indent', contents };
}
function ifBreak(breakContents: Doc, flatContents: Doc, groupId?: symbol): IfBreak {
  return { type: 'if-break', breakContents, flatContents, groupId };
}
function fill(parts: Doc[]): Fill {
  return { type: 'fill', parts, offset: 0 };
}

/** A group holding a hard line or a broken group breaks, and so do the groups around it. */
function propagateBreaks(doc: Doc, groups: Group[]): void {
  if (typeof doc === 'string') return;
  if (Array.isArray(doc)) {
    for (const d of doc) propagateBreaks(d, groups);
    return;
  }
  switch (doc.type) {
    case 'break-parent': {
      const top = groups.at(-1);
      if (top) top.break = true;
      return;
    }
    case 'group': {
      groups.push(doc);
      propagateBreaks(doc.contents, groups);
      groups.pop();
      const top = groups.at(-1);
      if (doc.break && top) top.break = true;
      return;
    }
    case 'fill':
      for (const d of doc.parts) propagateBreaks(d, groups);
      return;
    case 'indent':
      propagateBreaks(doc.contents, groups);
      return;
    case 'if-break':
      propagateBreaks(doc.breakContents, groups);
      propagateBreaks(doc.flatContents, groups);
      return;
    case 'line':
      return;
  }
}

type Mode = 'break' | 'flat';
interface Command {
  indent: number;
  mode: Mode;
  doc: Doc;
}

/** Widths of the texts measured so far (the fits test measures the same words again and again). */
const widths = new Map<string, number>();

function width(text: string): number {
  if (!/[^\x20-\x7f]/.test(text)) return text.length;
  let w = widths.get(text);
  if (w === undefined) {
    w = stringWidth(text);
    if (w === undefined) decline('text prettier measures with its emoji rules');
    if (widths.size > 100_000) widths.clear();
    widths.set(text, w);
  }
  return w;
}

/** Whether `next` fits in `remaining` columns, with the commands after it up to the first line break. */
function fits(next: Command, rest: readonly Command[], remaining: number, modes: Map<symbol, Mode>, mustBeFlat: boolean): boolean {
  let restIndex = rest.length;
  let pendingSpace = false;
  const commands: { mode: Mode; doc: Doc }[] = [next];
  while (remaining >= 0) {
    if (commands.length === 0) {
      if (restIndex === 0) return true;
      commands.push(rest[--restIndex]!);
      continue;
    }
    const { mode, doc } = commands.pop()!;
    if (typeof doc === 'string') {
      if (doc) {
        if (pendingSpace) {
          remaining -= 1;
          pendingSpace = false;
        }
        remaining -= width(doc);
      }
      continue;
    }
    if (Array.isArray(doc) || doc.type === 'fill') {
      const parts = Array.isArray(doc) ? doc : doc.parts;
      const end = Array.isArray(doc) ? 0 : doc.offset;
      for (let i = parts.length - 1; i >= end; i--) commands.push({ mode, doc: parts[i]! });
      continue;
    }
    switch (doc.type) {
      case 'indent':
        commands.push({ mode, doc: doc.contents });
        break;
      case 'group': {
        if (mustBeFlat && doc.break) return false;
        commands.push({ mode: doc.break ? 'break' : mode, doc: doc.contents });
        break;
      }
      case 'if-break': {
        const groupMode = doc.groupId ? (modes.get(doc.groupId) ?? 'flat') : mode;
        const contents = groupMode === 'break' ? doc.breakContents : doc.flatContents;
        if (contents) commands.push({ mode, doc: contents });
        break;
      }
      case 'line':
        if (mode === 'break' || doc.hard) return true;
        if (!doc.soft) pendingSpace = true;
        break;
      case 'break-parent':
        break;
    }
  }
  return false;
}

/** The document printed from column `depth * 2` at that indentation, in break mode (its container is broken). */
function printDoc(doc: Doc, depth: number): string {
  propagateBreaks(doc, []);
  const modes = new Map<symbol, Mode>();
  let out = '';
  let position = depth * 2;
  let remeasure = false;
  const commands: Command[] = [{ indent: depth * 2, mode: 'break', doc }];
  while (commands.length > 0) {
    const { indent: ind, mode, doc: d } = commands.pop()!;
    if (typeof d === 'string') {
      out += d;
      position += width(d);
      continue;
    }
    if (Array.isArray(d)) {
      for (let i = d.length - 1; i >= 0; i--) commands.push({ indent: ind, mode, doc: d[i]! });
      continue;
    }
    switch (d.type) {
      case 'indent':
        commands.push({ indent: ind + 2, mode, doc: d.contents });
        break;
      case 'group': {
        let command: Command;
        if (mode === 'flat' && !remeasure) command = { indent: ind, mode: d.break ? 'break' : 'flat', doc: d.contents };
        else {
          remeasure = false;
          const flat: Command = { indent: ind, mode: 'flat', doc: d.contents };
          command = !d.break && fits(flat, commands, WIDTH - position, modes, false) ? flat : { indent: ind, mode: 'break', doc: d.contents };
        }
        commands.push(command);
        if (d.id) modes.set(d.id, command.mode);
        break;
      }
      case 'fill': {
        const remaining = WIDTH - position;
        const length = d.parts.length - d.offset;
        if (length === 0) break;
        const content = d.parts[d.offset]!;
        const contentFlat: Command = { indent: ind, mode: 'flat', doc: content };
        const contentBreak: Command = { indent: ind, mode: 'break', doc: content };
        const contentFits = fits(contentFlat, [], remaining, modes, true);
        if (length === 1) {
          commands.push(contentFits ? contentFlat : contentBreak);
          break;
        }
        const whitespace = d.parts[d.offset + 1]!;
        const whitespaceFlat: Command = { indent: ind, mode: 'flat', doc: whitespace };
        const whitespaceBreak: Command = { indent: ind, mode: 'break', doc: whitespace };
        if (length === 2) {
          if (contentFits) commands.push(whitespaceFlat, contentFlat);
          else commands.push(whitespaceBreak, contentBreak);
          break;
        }
        const second = d.parts[d.offset + 2]!;
        commands.push({ indent: ind, mode, doc: { ...d, offset: d.offset + 2 } });
        const bothFit = fits({ indent: ind, mode: 'flat', doc: [content, whitespace, second] }, [], remaining, modes, true);
        if (bothFit) commands.push(whitespaceFlat, contentFlat);
        else if (contentFits) commands.push(whitespaceBreak, contentFlat);
        else commands.push(whitespaceBreak, contentBreak);
        break;
      }
      case 'if-break': {
        const groupMode = d.groupId ? modes.get(d.groupId) : mode;
        const contents = groupMode === 'break' ? d.breakContents : groupMode === 'flat' ? d.flatContents : undefined;
        if (contents) commands.push({ indent: ind, mode, doc: contents });
        break;
      }
      case 'line':
        if (mode === 'flat' && !d.hard) {
          if (!d.soft) {
            out += ' ';
            position += 1;
          }
          break;
        }
        if (mode === 'flat') remeasure = true;
        {
          let end = out.length;
          while (end > 0 && (out[end - 1] === ' ' || out[end - 1] === '\t')) end--;
          out = `${out.slice(0, end)}\n${' '.repeat(ind)}`;
        }
        position = ind;
        break;
      case 'break-parent':
        break;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The element tree, with the whitespace facts prettier's preprocessing adds.

/** An element or text of the page as html-layout.ts parses it (offsets into the page's source). */
export interface SourceElement {
  kind: 'element';
  name: string;
  attrs: { name: string; value: string | undefined }[];
  children: (SourceElement | SourceText)[];
  start: number;
  /** Where the opening tag ends (after its `>`). */
  openEnd: number;
  end: number;
}
export interface SourceText {
  kind: 'text';
  value: string;
  start: number;
}

interface PNode {
  kind: 'element' | 'text';
  name: string;
  attrs: { name: string; value: string | undefined }[];
  value: string;
  children: PNode[];
  parent?: PNode;
  prev?: PNode;
  next?: PNode;
  start: number;
  end: number;
  openEnd: number;
  closeStart: number;
  isSelfClosing: boolean;
  cssDisplay: string;
  hasLeadingSpaces: boolean;
  hasTrailingSpaces: boolean;
  hasDanglingSpaces: boolean;
  isLeadingSpaceSensitive: boolean;
  isTrailingSpaceSensitive: boolean;
  isDanglingSpaceSensitive: boolean;
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
/** Elements this printer does not take (prettier keeps or embeds their content, or is whitespace-sensitive in them). */
const REFUSED = new Set([
  'pre', 'textarea', 'listing', 'plaintext', 'xmp', 'nobr', 'script', 'style', 'template', 'title', 'svg', 'math',
  'select', 'head', 'html', 'body', 'slot', 'ruby', 'rt', 'rp', 'table', 'iframe', 'noscript', 'object', 'video', 'audio',
]);
/** Prettier's CSS display of an element by its name (its html-styles table, for the names this printer takes). */
const DISPLAY: Record<string, string> = {
  div: 'block', figure: 'block', figcaption: 'block', footer: 'block', form: 'block', header: 'block', hr: 'block',
  legend: 'block', main: 'block', p: 'block', search: 'block', article: 'block', aside: 'block', h1: 'block',
  h2: 'block', h3: 'block', h4: 'block', h5: 'block', h6: 'block', hgroup: 'block', nav: 'block', section: 'block',
  dir: 'block', dd: 'block', dl: 'block', dt: 'block', menu: 'block', ol: 'block', ul: 'block', li: 'list-item',
  address: 'block', blockquote: 'block', center: 'block', dialog: 'block', fieldset: 'block', details: 'block',
  summary: 'block', option: 'block', optgroup: 'block', source: 'block', track: 'block', param: 'block',
  caption: 'table-caption', colgroup: 'table-column-group', col: 'table-column', thead: 'table-header-group',
  tbody: 'table-row-group', tfoot: 'table-footer-group', tr: 'table-row', td: 'table-cell', th: 'table-cell',
  input: 'inline-block', button: 'inline-block', marquee: 'inline-block', meter: 'inline-block', progress: 'inline-block',
  area: 'none', base: 'none', basefont: 'none', datalist: 'none', link: 'none', meta: 'none', noembed: 'none', noframes: 'none',
};

function isBlockLike(display: string): boolean {
  return display === 'block' || display === 'list-item' || display.startsWith('table');
}

/** HTML whitespace, the only whitespace prettier's HTML printer trims or breaks at. */
const WS = /^[ \t\n\f\r]+$/;
const LEADING_WS = /^[ \t\n\f\r]*/;
const TRAILING_WS = /[ \t\n\f\r]*$/;

/** Attribute values prettier prints as written (no quote entities it would unescape and requote). */
function attrPrintable(a: { name: string; value: string | undefined }): boolean {
  if (/^(style|srcset|sizes|on.*)$/.test(a.name)) return false;
  if (a.value === undefined) return true;
  if (/&(quot|apos|#0*3[49]|#x0*2[27]);/i.test(a.value) || a.value.includes('{{')) return false;
  if (a.name === 'class' && (a.value !== a.value.trim() || /\s\s|[\t\n\r\f]/.test(a.value))) return false;
  return true;
}

function toNode(source: SourceElement | SourceText, parent: PNode | undefined): PNode {
  const node: PNode = {
    kind: source.kind,
    name: source.kind === 'element' ? source.name : '',
    attrs: source.kind === 'element' ? source.attrs : [],
    value: source.kind === 'text' ? source.value : '',
    children: [],
    parent,
    start: source.start,
    end: source.kind === 'element' ? source.end : source.start + source.value.length,
    openEnd: source.kind === 'element' ? source.openEnd : 0,
    closeStart: source.kind === 'element' ? source.end - source.name.length - 3 : 0,
    isSelfClosing: source.kind === 'element' && VOID.has(source.name),
    cssDisplay: source.kind === 'element' ? (DISPLAY[source.name] ?? 'inline') : 'inline',
    hasLeadingSpaces: false,
    hasTrailingSpaces: false,
    hasDanglingSpaces: false,
    isLeadingSpaceSensitive: false,
    isTrailingSpaceSensitive: false,
    isDanglingSpaceSensitive: false,
  };
  if (source.kind === 'text') return node;
  // (a <title> only as printTitle builds it: alone, holding its text)
  const lone = source.name === 'title' && parent === undefined && source.children.length === 1;
  if ((REFUSED.has(source.name) && !lone) || source.name.includes('-')) decline(`<${source.name}>`);
  if (!source.attrs.every(attrPrintable)) decline(`attributes of <${source.name}>`);
  if (node.isSelfClosing) return node;
  const kids = source.children;
  // No children, or only whitespace: dangling spaces.
  if (kids.length === 0 || (kids.length === 1 && kids[0]!.kind === 'text' && WS.test(kids[0]!.value))) {
    node.hasDanglingSpaces = kids.length > 0;
    return node;
  }
  const children = kids.map((k) => toNode(k, node));
  for (let i = 0; i < children.length; i++) {
    children[i]!.prev = children[i - 1];
    children[i]!.next = children[i + 1];
  }
  // Whitespace at a text's edges becomes a flag on it and its neighbours; whitespace-only text goes.
  const kept: PNode[] = [];
  for (const child of children) {
    if (child.kind !== 'text') {
      kept.push(child);
      continue;
    }
    const lead = LEADING_WS.exec(child.value)![0];
    const rest = child.value.slice(lead.length);
    const trail = TRAILING_WS.exec(rest)![0];
    const text = rest.slice(0, rest.length - trail.length);
    if (text) {
      child.value = text;
      child.start += lead.length;
      child.end -= trail.length;
      if (lead) {
        if (child.prev) child.prev.hasTrailingSpaces = true;
        child.hasLeadingSpaces = true;
      }
      if (trail) {
        child.hasTrailingSpaces = true;
        if (child.next) child.next.hasLeadingSpaces = true;
      }
      kept.push(child);
    } else {
      if (child.prev) child.prev.hasTrailingSpaces = true;
      if (child.next) child.next.hasLeadingSpaces = true;
    }
  }
  for (let i = 0; i < kept.length; i++) {
    kept[i]!.prev = kept[i - 1];
    kept[i]!.next = kept[i + 1];
  }
  node.children = kept;
  return node;
}

/** Prettier's isLeadingSpaceSensitive / isTrailingSpaceSensitive / isDanglingSpaceSensitive, for a tree. */
function addSensitivity(node: PNode): void {
  if (node.kind !== 'element' || node.isSelfClosing) return;
  const children = node.children;
  if (children.length === 0) {
    node.isDanglingSpaceSensitive = !isBlockLike(node.cssDisplay) && node.cssDisplay !== 'inline-block';
    return;
  }
  for (const c of children) {
    c.isLeadingSpaceSensitive = leadingSensitive(c);
    c.isTrailingSpaceSensitive = trailingSensitive(c);
  }
  for (let i = 0; i < children.length; i++) {
    const c = children[i]!;
    c.isLeadingSpaceSensitive = (i === 0 || c.prev!.isTrailingSpaceSensitive) && c.isLeadingSpaceSensitive;
    c.isTrailingSpaceSensitive = (i === children.length - 1 || c.next!.isLeadingSpaceSensitive) && c.isTrailingSpaceSensitive;
  }
  for (const c of children) addSensitivity(c);
}

/**
 * Prettier's last preprocessing step: an element without attributes holding one word of text, glued to text on
 * both sides (`(<code>x</code>):`), becomes part of that text, one word with it.
 */
function mergeSimpleElementsIntoText(node: PNode): void {
  const children = node.children;
  let merged = false;
  for (let i = 0; i < children.length; i++) {
    const c = children[i]!;
    const prev = children[i - 1];
    const next = children[i + 1];
    const only = c.children[0];
    const simple =
      c.kind === 'element' &&
      c.attrs.length === 0 &&
      c.children.length === 1 &&
      only!.kind === 'text' &&
      !/[ \t\n\f\r]/.test(only!.value) &&
      !only!.hasLeadingSpaces &&
      !only!.hasTrailingSpaces &&
      c.isLeadingSpaceSensitive &&
      !c.hasLeadingSpaces &&
      c.isTrailingSpaceSensitive &&
      !c.hasTrailingSpaces &&
      prev?.kind === 'text' &&
      next?.kind === 'text';
    if (!simple) continue;
    prev.value += `<${c.name}>${only!.value}</${c.name}>${next.value}`;
    prev.end = next.end;
    prev.isTrailingSpaceSensitive = next.isTrailingSpaceSensitive;
    prev.hasTrailingSpaces = next.hasTrailingSpaces;
    children.splice(i, 2);
    i--;
    merged = true;
  }
  if (merged) {
    for (let j = 0; j < children.length; j++) {
      children[j]!.prev = children[j - 1];
      children[j]!.next = children[j + 1];
    }
  }
  for (const c of children) mergeSimpleElementsIntoText(c);
}

function leadingSensitive(node: PNode): boolean {
  if (node.kind === 'text' && node.prev?.kind === 'text') return true;
  const parent = node.parent!;
  if (parent.cssDisplay === 'none') return false;
  if (!node.prev && (isBlockLike(parent.cssDisplay) || parent.cssDisplay === 'inline-block')) return false;
  if (node.prev && isBlockLike(node.prev.cssDisplay)) return false;
  return true;
}

function trailingSensitive(node: PNode): boolean {
  if (node.kind === 'text' && node.next?.kind === 'text') return true;
  const parent = node.parent!;
  if (parent.cssDisplay === 'none') return false;
  if (!node.next && (isBlockLike(parent.cssDisplay) || parent.cssDisplay === 'inline-block')) return false;
  if (node.next && isBlockLike(node.next.cssDisplay)) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// Prettier's HTML printing, for that tree.

/** Where each line of a page starts, for the line numbers prettier compares (kept for the last page asked). */
let lineIndex: { source: string; starts: number[] } | undefined;

function lineStartsOf(source: string): number[] {
  if (lineIndex?.source !== source) {
    const starts = [0];
    for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
    lineIndex = { source, starts };
  }
  return lineIndex.starts;
}

class Printer {
  private readonly lineStarts: number[];

  constructor(source: string) {
    this.lineStarts = lineStartsOf(source);
  }

  private lineOf(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private hasLeadingLineBreak(n: PNode): boolean {
    if (!n.hasLeadingSpaces) return false;
    return n.prev ? this.lineOf(n.prev.end) < this.lineOf(n.start) : this.lineOf(n.parent!.openEnd) < this.lineOf(n.start);
  }

  private hasTrailingLineBreak(n: PNode): boolean {
    if (!n.hasTrailingSpaces) return false;
    return n.next ? this.lineOf(n.next.start) > this.lineOf(n.end) : this.lineOf(n.parent!.closeStart) > this.lineOf(n.end);
  }

  private surroundedByLineBreaks(n: PNode): boolean {
    return this.hasLeadingLineBreak(n) && this.hasTrailingLineBreak(n);
  }

  private preferHardlineAsLeadingSpaces(n: PNode): boolean {
    return (n.prev !== undefined && this.preferHardlineAsTrailingSpaces(n.prev)) || this.surroundedByLineBreaks(n);
  }

  private preferHardlineAsTrailingSpaces(n: PNode): boolean {
    return (n.kind === 'element' && n.name === 'br') || this.surroundedByLineBreaks(n);
  }

  private forceNextEmptyLine(n: PNode): boolean {
    return n.next !== undefined && this.lineOf(n.end) + 1 < this.lineOf(n.next.start);
  }

  private forceBreakContent(n: PNode): boolean {
    if (forceBreakChildren(n)) return true;
    if (n.kind === 'element' && n.children.length > 0 && n.children.some((c) => c.children.some((g) => g.kind !== 'text'))) return true;
    const first = n.children[0];
    return (
      first !== undefined &&
      n.children.length === 1 &&
      first.kind !== 'text' &&
      this.hasLeadingLineBreak(first) &&
      (!first.isTrailingSpaceSensitive || this.hasTrailingLineBreak(first))
    );
  }

  private betweenLine(prev: PNode, next: PNode): Doc {
    if (prev.kind === 'text' && next.kind === 'text') {
      if (prev.isTrailingSpaceSensitive) return prev.hasTrailingSpaces ? (this.preferHardlineAsLeadingSpaces(next) ? hardline : line) : '';
      return this.preferHardlineAsLeadingSpaces(next) ? hardline : softline;
    }
    if (
      (borrowsNextOpeningStart(prev) && (next.children.length > 0 || next.isSelfClosing || (next.kind === 'element' && next.attrs.length > 0))) ||
      (prev.kind === 'element' && prev.isSelfClosing && borrowsPrevClosingEnd(next))
    )
      return '';
    if (
      !next.isLeadingSpaceSensitive ||
      this.preferHardlineAsLeadingSpaces(next) ||
      (borrowsPrevClosingEnd(next) &&
        lastChild(prev) !== undefined &&
        borrowsParentClosingStart(lastChild(prev)!) &&
        lastChild(lastChild(prev)!) !== undefined &&
        borrowsParentClosingStart(lastChild(lastChild(prev)!)!))
    )
      return hardline;
    return next.hasLeadingSpaces ? line : softline;
  }

  private children(node: PNode): Doc {
    if (forceBreakChildren(node)) {
      return [
        breakParent,
        ...node.children.map((child) => {
          const between = child.prev ? this.betweenLine(child.prev, child) : '';
          return [between ? [between, this.forceNextEmptyLine(child.prev!) ? hardline : ''] : '', this.print(child)];
        }),
      ];
    }
    const ids = node.children.map(() => Symbol(''));
    return node.children.map((child, index) => {
      if (child.kind === 'text') {
        if (child.prev?.kind === 'text') {
          const between = this.betweenLine(child.prev, child);
          if (between) return this.forceNextEmptyLine(child.prev) ? [hardline, hardline, this.print(child)] : [between, this.print(child)];
        }
        return this.print(child);
      }
      const prevParts: Doc[] = [];
      const leadingParts: Doc[] = [];
      const trailingParts: Doc[] = [];
      const nextParts: Doc[] = [];
      const prevBetween = child.prev ? this.betweenLine(child.prev, child) : '';
      const nextBetween = child.next ? this.betweenLine(child, child.next) : '';
      if (prevBetween) {
        if (this.forceNextEmptyLine(child.prev!)) prevParts.push(hardline, hardline);
        else if (prevBetween === hardline) prevParts.push(hardline);
        else if (child.prev!.kind === 'text') leadingParts.push(prevBetween);
        else leadingParts.push(ifBreak('', softline, ids[index - 1]));
      }
      if (nextBetween) {
        if (this.forceNextEmptyLine(child)) {
          if (child.next!.kind === 'text') nextParts.push(hardline, hardline);
        } else if (nextBetween === hardline) {
          if (child.next!.kind === 'text') nextParts.push(hardline);
        } else trailingParts.push(nextBetween);
      }
      return [...prevParts, group([...leadingParts, group([this.print(child), ...trailingParts], ids[index])]), ...nextParts];
    });
  }

  print(node: PNode): Doc {
    if (node.kind === 'text') {
      const words = node.value.split(/[ \t\n\f\r]+/);
      const parts: Doc[] = [];
      for (const [i, w] of words.entries()) {
        if (i > 0) parts.push(line);
        parts.push(w);
      }
      const prefix = openingTagPrefix(node);
      const suffix = closingTagSuffix(node);
      if (prefix) parts[0] = [prefix, parts[0]!];
      if (suffix) parts.push([parts.pop()!, suffix]);
      return fill(parts);
    }
    const attrGroup = Symbol('attrs');
    const tag = (doc: Doc): Doc => group([group(this.openingTag(node), attrGroup), doc, closingTag(node)]);
    if (node.children.length === 0) return tag(node.hasDanglingSpaces && node.isDanglingSpaceSensitive ? line : '');
    const first = node.children[0]!;
    const last = node.children.at(-1)!;
    const before = first.hasLeadingSpaces && first.isLeadingSpaceSensitive ? line : softline;
    const borrowed = node.next ? borrowsPrevClosingEnd(node.next) : node.parent !== undefined && borrowsLastChildClosingEnd(node.parent);
    const after = borrowed ? (last.hasTrailingSpaces && last.isTrailingSpaceSensitive ? ' ' : '') : last.hasTrailingSpaces && last.isTrailingSpaceSensitive ? line : softline;
    return tag([this.forceBreakContent(node) ? breakParent : '', indent([before, this.children(node)]), after]);
  }

  private openingTag(node: PNode): Doc {
    return [openingTagStart(node), this.attributes(node), node.isSelfClosing ? '' : firstChild(node) && borrowsParentOpeningEnd(firstChild(node)!) ? '' : '>'];
  }

  private attributes(node: PNode): Doc {
    if (node.attrs.length === 0) return node.isSelfClosing ? ' ' : '';
    const printed: Doc[] = [];
    for (const [i, a] of node.attrs.entries()) {
      if (i > 0) printed.push(line);
      printed.push(a.value === undefined ? a.name : `${a.name}="${a.value}"`);
    }
    const parts: Doc[] = [indent([line, ...printed])];
    const first = firstChild(node);
    if ((first && borrowsParentOpeningEnd(first)) || (node.isSelfClosing && node.parent !== undefined && borrowsLastChildClosingEnd(node.parent)))
      parts.push(node.isSelfClosing ? ' ' : '');
    else parts.push(node.isSelfClosing ? line : softline);
    return parts;
  }
}

function firstChild(n: PNode): PNode | undefined {
  return n.children[0];
}
function lastChild(n: PNode): PNode | undefined {
  return n.children.at(-1);
}
function lastDescendant(n: PNode): PNode {
  const last = lastChild(n);
  return last ? lastDescendant(last) : n;
}

function forceBreakChildren(n: PNode): boolean {
  return (
    n.kind === 'element' &&
    n.children.length > 0 &&
    (['html', 'head', 'ul', 'ol', 'select'].includes(n.name) || (n.cssDisplay.startsWith('table') && n.cssDisplay !== 'table-cell'))
  );
}

/** `<p></p\n>123`: the element's `>` printed before the text glued after it. */
function borrowsPrevClosingEnd(n: PNode): boolean {
  return n.prev !== undefined && n.prev.kind !== 'text' && n.isLeadingSpaceSensitive && !n.hasLeadingSpaces;
}
/** `<p\n  ><a></a\n  ></p\n>`: the last child's `>` printed before the parent's closing tag. */
function borrowsLastChildClosingEnd(n: PNode): boolean {
  const last = lastChild(n);
  return last !== undefined && last.isTrailingSpaceSensitive && !last.hasTrailingSpaces && lastDescendant(last).kind !== 'text';
}
/** `123</p\n>`: the parent's `</p` printed after the text glued to it. */
function borrowsParentClosingStart(n: PNode): boolean {
  return !n.next && !n.hasTrailingSpaces && n.isTrailingSpaceSensitive && lastDescendant(n).kind === 'text';
}
/** `123<p\n>`: the next element's `<p` printed after the text glued to it. */
function borrowsNextOpeningStart(n: PNode): boolean {
  return n.next !== undefined && n.next.kind !== 'text' && n.kind === 'text' && n.isTrailingSpaceSensitive && !n.hasTrailingSpaces;
}
/** `<p\n  >123`: the parent's `>` printed before the first child glued to it. */
function borrowsParentOpeningEnd(n: PNode): boolean {
  return !n.prev && n.isLeadingSpaceSensitive && !n.hasLeadingSpaces;
}

function closingTagEndMarker(n: PNode): string {
  return n.kind === 'element' && n.isSelfClosing ? '/>' : '>';
}

function openingTagPrefix(n: PNode): string {
  if (borrowsParentOpeningEnd(n)) return '>';
  if (borrowsPrevClosingEnd(n)) return closingTagEndMarker(n.prev!);
  return '';
}

function closingTagSuffix(n: PNode): string {
  if (borrowsParentClosingStart(n)) return `</${n.parent!.name}`;
  if (borrowsNextOpeningStart(n)) return `<${n.next!.name}`;
  return '';
}

function openingTagStart(n: PNode): Doc {
  return n.prev && borrowsNextOpeningStart(n.prev) ? '' : [openingTagPrefix(n), `<${n.name}`];
}

function closingTag(n: PNode): Doc {
  const last = lastChild(n);
  const start = n.isSelfClosing || (last && borrowsParentClosingStart(last)) ? '' : [borrowsLastChildClosingEnd(n) ? closingTagEndMarker(last!) : '', `</${n.name}`];
  const borrowed = n.next ? borrowsPrevClosingEnd(n.next) : n.parent !== undefined && borrowsLastChildClosingEnd(n.parent);
  return [start, borrowed ? '' : [closingTagEndMarker(n), closingTagSuffix(n)]];
}

/**
 * The lines prettier prints for `element`, a block-like element (block, list item, table part) standing on lines
 * of its own inside a block container at `depth`, or undefined where this printer does not take it.
 */
export function printBlockElement(element: SourceElement, source: string, depth: number): string[] | undefined {
  try {
    if (element.name === 'title') return printTitle(element, source, depth);
    const root = toNode(element, undefined);
    if (root.kind !== 'element' || !isBlockLike(root.cssDisplay) || root.cssDisplay === 'table') return undefined;
    addSensitivity(root);
    mergeSimpleElementsIntoText(root);
    const printer = new Printer(source);
    // (the line break after the element, in its container, trims what the line ends with, as prettier's does)
    const text = printDoc(printer.print(root), depth).replace(/[ \t]+$/, '');
    return `${' '.repeat(depth * 2)}${text}`.split('\n');
  } catch (e) {
    if (e instanceof DocDeclined) return undefined;
    throw e;
  }
}

/**
 * A <title> (in the <head>, display none) holding text without markup: its words filled between the tags' own
 * lines when they do not fit on one (prettier reads a title's text as text, entities included).
 */
function printTitle(element: SourceElement, source: string, depth: number): string[] | undefined {
  const text = source.slice(element.openEnd, element.end - '</title>'.length);
  if (element.attrs.length !== 0 || text.includes('<') || !/[^ \t\n\f\r]/.test(text)) return undefined;
  // (toNode declines, printBlockElement's catch answers undefined)
  const title = toNode({ ...element, children: [{ kind: 'text', value: text, start: element.openEnd }] }, undefined);
  title.cssDisplay = 'none';
  addSensitivity(title);
  const printed = printDoc(new Printer(source).print(title), depth);
  return `${' '.repeat(depth * 2)}${printed}`.split('\n');
}
