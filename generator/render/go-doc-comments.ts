/**
 * Go doc comments in gofmt's style, without gofmt (issue #16): the one thing gofmt still rewrote in generated Go
 * is a doc comment whose text (from a hostile model: a line starting with a tab, `''`, a lone capitalised line)
 * go/doc/comment reads as a code block, a list, a heading or typographic quotes. The emitters print every other
 * construct in gofmt's layout already (alignment in the view models); this reprints the top-level doc comments
 * as gofmt would, so generation needs no gofmt process and its output no longer depends on whether (and which) Go
 * is installed. A port of go/printer/comment.go's formatDocComment and of go/doc/comment's Parser and Printer
 * (Go 1.19+), limited to what the printed text depends on (a doc link prints as its source text, so links need
 * no resolving). test/foundation/go-doc-comments.test.ts compares it with gofmt; test/foundation/gofmt-clean.test.ts
 * runs gofmt -l over the Go generated from the bundled, 50-operation and hostile models.
 */

/**
 * Reprints every top-level doc comment of a Go source file as gofmt does: a group of `//` lines starting in column
 * 1 with the next line starting a token in column 1 (go/printer: "unindented comment abutting next token").
 * Everything else is returned as it is.
 */
export function goDocCommentsInGofmtStyle(source: string): string {
  let at = source.startsWith('//') ? 0 : nextCommentLine(source, 0);
  if (at < 0) return source;
  const hidden = multiLineTokens(source);
  let h = 0;
  let out = '';
  let copied = 0;
  while (at >= 0) {
    // A `//` line inside a raw string or block comment spanning lines is no comment.
    while (h < hidden.length && hidden[h]!.end <= at) h++;
    if (h < hidden.length && hidden[h]!.start < at) {
      at = nextCommentLine(source, at);
      continue;
    }
    // The group: this line and the `//` lines right below it (a line comment ends its line: they are code too).
    const group: string[] = [];
    let end = at;
    let next: string | undefined;
    for (;;) {
      const nl = source.indexOf('\n', end);
      group.push(source.slice(end, nl < 0 ? source.length : nl));
      if (nl < 0) {
        end = source.length;
        break;
      }
      end = nl;
      if (!source.startsWith('//', nl + 1)) {
        const after = source.indexOf('\n', nl + 1);
        next = source.slice(nl + 1, after < 0 ? source.length : after);
        break;
      }
      end = nl + 1;
    }
    // The next token must start the next line in column 1; an indented comment or a /* comment there would belong
    // to the group (gofmt leaves such mixed groups alone, and so does this).
    const abutting = next !== undefined && next !== '' && next[0] !== ' ' && next[0] !== '\t' && !next.startsWith('/*');
    const formatted = abutting ? formatDocCommentStable(group) : group;
    let changed = formatted !== group;
    const lines = formatted.map((line) => {
      // gofmt writes every `//` comment without trailing white space (Go's unicode.IsSpace, wider than trimEnd).
      if (line.length === 0 || !isGoSpaceCode(line.charCodeAt(line.length - 1))) return line;
      changed = true;
      return goTrimRight(line);
    });
    if (changed) {
      const text = lines.join('\n');
      if (text !== source.slice(at, end)) {
        out += source.slice(copied, at) + text;
        // A comment of blank lines prints as nothing: its lines go, newlines included.
        copied = lines.length === 0 && end < source.length ? end + 1 : end;
      }
    }
    at = end < source.length ? nextCommentLine(source, end) : -1;
  }
  return copied === 0 ? source : out + source.slice(copied);
}

/** The offset of the next line after `from` that starts with `//`, or -1. */
function nextCommentLine(source: string, from: number): number {
  const i = source.indexOf('\n//', from);
  return i < 0 ? -1 : i + 1;
}

/** Go's tokens that can span lines (raw strings, block comments), found past comments and other literals. */
const TOKENS = /\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|`[^`]*`?|"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?/g;

/** Where raw strings and block comments spanning lines start and end (sorted): a line inside starts in no code. */
function multiLineTokens(source: string): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  if (!source.includes('`') && !source.includes('/*')) return ranges;
  for (const m of source.matchAll(TOKENS)) {
    const c = m[0][0];
    if ((c === '`' || m[0][1] === '*') && m[0].includes('\n')) ranges.push({ start: m.index, end: m.index + m[0].length });
  }
  return ranges;
}

/**
 * formatDocComment until gofmt would change nothing more. gofmt itself does not always get there in one run: its
 * skip over a run of backquotes depends on byte offsets, which a “ (3 bytes for 2) moves, so a second gofmt can turn
 * a `` left by the first; generated files must pass gofmt -l, so this formats again until stable (a few rounds at
 * most: each one that changes something turns a pair of quotes).
 */
function formatDocCommentStable(group: readonly string[]): readonly string[] {
  let formatted = formatDocComment(group);
  for (let round = 0; round < 16 && formatted !== group; round++) {
    const again = formatDocComment(formatted);
    if (again === formatted || again.join('\n') === formatted.join('\n')) break;
    formatted = again;
  }
  return formatted;
}

/** go/printer's formatDocComment for a group of `//` lines. */
export function formatDocComment(group: readonly string[]): readonly string[] {
  if (printsAsItIs(group)) return group;
  const directives: string[] = [];
  let text = '';
  for (const comment of group) {
    const after = comment.slice(2);
    if (isDirective(after)) {
      directives.push(comment);
      continue;
    }
    text += `${after.startsWith(' ') ? after.slice(1) : after}\n`;
  }
  if (text === '') return group;
  text = printComment(parseComment(text));
  const out: string[] = [];
  for (const line of text.split('\n').slice(0, -1)) out.push(line === '' ? '//' : line.startsWith('\t') ? `//${line}` : `// ${line}`);
  if (directives.length > 0) out.push('//', ...directives);
  return out;
}

/**
 * Whether gofmt leaves the group as it is, decided without parsing it (nearly every generated doc comment):
 * paragraphs of unindented `// ` lines ending in no white space, one `//` line between them, no '' or ``, no line
 * starting with # or [ (headings, link definitions), no one-line paragraph (a possible old-style heading).
 */
function printsAsItIs(group: readonly string[]): boolean {
  const last = group.length - 1;
  if (group[0] === '//' || group[last] === '//') return false;
  for (let i = 0; i <= last; i++) {
    const line = group[i]!;
    if (line === '//') {
      if (group[i - 1] === '//') return false;
      continue;
    }
    if (line.charCodeAt(2) !== 0x20) return false;
    const c = line.charCodeAt(3);
    if (c === 0x20 || c === 0x09 || c === 0x23 || c === 0x5b || Number.isNaN(c)) return false;
    if (isGoSpaceCode(line.charCodeAt(line.length - 1))) return false;
    if (line.includes("''") || line.includes('``')) return false;
    if ((i === 0 || group[i - 1] === '//') && (i === last || group[i + 1] === '//')) return false;
  }
  return true;
}

/** `//line `, `//extern `, `//export ` and `//[a-z0-9]+:[a-z0-9]` (with the slashes removed). */
function isDirective(c: string): boolean {
  if (c.startsWith('line ') || c.startsWith('extern ') || c.startsWith('export ')) return true;
  const colon = c.indexOf(':');
  if (colon <= 0 || colon + 1 >= c.length) return false;
  for (let i = 0; i <= colon + 1; i++) {
    if (i === colon) continue;
    const b = c.charCodeAt(i);
    if (!((b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39))) return false;
  }
  return true;
}

type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'list'; forceBlankBefore: boolean; forceBlankBetween: boolean; items: { number: string; content: string[] }[] };

interface ParsedDoc {
  content: Block[];
  links: { text: string; url: string; used: boolean }[];
}

/** Unicode white space as Go's unicode.IsSpace (strings.TrimSpace): not JavaScript's set (U+FEFF, U+0085 differ). */
const GO_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const TRIM = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, 'g');
const goTrimSpace = (s: string): string => s.replace(TRIM, '');
const TRIM_RIGHT = new RegExp(`[${GO_SPACE}]+$`);
const GO_SPACE_TEST = new RegExp(`[${GO_SPACE}]`);
const isGoSpaceCode = (c: number): boolean => c === 0x20 || c === 0x09 || (c > 0x20 && c !== 0x7f && c >= 0x85 && GO_SPACE_TEST.test(String.fromCharCode(c))) || (c >= 0x0a && c <= 0x0d);
const goTrimRight = (s: string): string => s.replace(TRIM_RIGHT, '');

const indented = (line: string): boolean => line !== '' && (line[0] === ' ' || line[0] === '\t');
const leadingSpace = (s: string): string => /^[ \t]*/.exec(s)![0];

function unindent(input: readonly string[]): string[] {
  let lines = input.slice();
  const blank = (s: string) => s === '' || s === '\n';
  while (lines.length > 0 && blank(lines[0]!)) lines.shift();
  while (lines.length > 0 && blank(lines[lines.length - 1]!)) lines.pop();
  if (lines.length === 0) return [];
  let prefix = leadingSpace(lines[0]!);
  for (const line of lines.slice(1)) {
    if (blank(line)) continue;
    const lead = leadingSpace(line);
    let i = 0;
    while (i < prefix.length && i < lead.length && prefix[i] === lead[i]) i++;
    prefix = prefix.slice(0, i);
  }
  lines = lines.map((line) => {
    const cut = line.startsWith(prefix) ? line.slice(prefix.length) : line;
    return goTrimSpace(cut) === '' ? '' : cut;
  });
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function listMarker(raw: string): { num: string; rest: string } | undefined {
  const line = goTrimSpace(raw);
  if (line === '') return undefined;
  let num: string;
  let rest: string;
  const first = line.codePointAt(0)!;
  if (first === 0x2022 || line[0] === '*' || line[0] === '+' || line[0] === '-') {
    num = '';
    rest = line.slice(1);
  } else if (line[0]! >= '0' && line[0]! <= '9') {
    let n = 1;
    while (n < line.length && line[n]! >= '0' && line[n]! <= '9') n++;
    if (n >= line.length || (line[n] !== '.' && line[n] !== ')')) return undefined;
    num = line.slice(0, n);
    rest = line.slice(n + 1);
  } else return undefined;
  if (!indented(rest) || goTrimSpace(rest) === '') return undefined;
  return { num, rest };
}
const isList = (line: string): boolean => listMarker(line) !== undefined;

const isHeading = (line: string): boolean => line.length >= 2 && line[0] === '#' && (line[1] === ' ' || line[1] === '\t') && goTrimSpace(line) !== '#';

function isOldHeading(raw: string, all: readonly string[], off: number): boolean {
  if (off <= 0 || all[off - 1] !== '' || off + 2 >= all.length || all[off + 1] !== '' || leadingSpace(all[off + 2]!) !== '') return false;
  const line = goTrimSpace(raw);
  if (line === '') return false;
  // ASCII answered without the Unicode property tables (a regular expression with \p{…} costs memory to build).
  const first = line.codePointAt(0)!;
  if (first < 0x80 ? !(first >= 0x41 && first <= 0x5a) : !isUpper(first)) return false;
  const lastChar = line.charCodeAt(line.length - 1);
  if (lastChar < 0x80 ? !/[A-Za-z0-9]/.test(line[line.length - 1]!) : !/^[\p{L}\p{Nd}]$/u.test(Array.from(line).pop()!)) return false;
  if (/[;:!?+*/=[\]{}_^°&§~%#@<">\\]/.test(line)) return false;
  // Each check reads the rest of the line after the mark, as Go's strings.Cut loop does.
  for (let at = line.indexOf("'"); at >= 0; at = line.indexOf("'", at + 1)) {
    const rest = line.slice(at + 1);
    if (rest !== 's' && !rest.startsWith('s ')) return false;
  }
  for (let at = line.indexOf('.'); at >= 0; at = line.indexOf('.', at + 1)) {
    const rest = line.slice(at + 1);
    if (rest === '' || rest.startsWith(' ')) return false;
  }
  return true;
}

type SpanKind = 'code' | 'heading' | 'list' | 'oldHeading' | 'para';

function parseSpans(lines: readonly string[]): { start: number; end: number; kind: SpanKind }[] {
  const spans: { start: number; end: number; kind: SpanKind }[] = [];
  let i = 0;
  let forceIndent = 0;
  let watchdog = 2 * lines.length;
  spans: for (;;) {
    while (i < lines.length && lines[i] === '') i++;
    if (i >= lines.length) break;
    if (watchdog-- < 0) throw new Error('go doc comment: not making progress');
    let kind: SpanKind;
    const start = i;
    let end = i;
    if (i < forceIndent || indented(lines[i]!)) {
      let unindentedListOK = isList(lines[i]!) && i < forceIndent;
      i++;
      while (i < lines.length && (lines[i] === '' || i < forceIndent || indented(lines[i]!) || (unindentedListOK && isList(lines[i]!)))) {
        if (lines[i] === '') unindentedListOK = false;
        i++;
      }
      end = i;
      while (end > start && lines[end - 1] === '') end--;
      if (end < lines.length && lines[end]!.startsWith('}')) end++;
      kind = isList(lines[start]!) ? 'list' : 'code';
    } else {
      i++;
      while (i < lines.length && lines[i] !== '' && !indented(lines[i]!)) i++;
      end = i;
      if (i < lines.length && lines[i] !== '' && !isList(lines[i]!)) {
        if (isList(lines[i - 1]!)) {
          forceIndent = end;
          end--;
          while (end > start && isList(lines[end - 1]!)) end--;
        } else if (lines[i - 1]!.endsWith('{') || lines[i - 1]!.endsWith('\\')) {
          forceIndent = end;
          end--;
        }
        if (start === end && forceIndent > start) {
          i = start;
          continue spans;
        }
      }
      if (end - start === 1 && isHeading(lines[start]!)) kind = 'heading';
      else if (end - start === 1 && isOldHeading(lines[start]!, lines, start)) kind = 'oldHeading';
      else kind = 'para';
    }
    spans.push({ start, end, kind });
    i = end;
  }
  return spans;
}

const SCHEMES = new Set(['file', 'ftp', 'gopher', 'http', 'https', 'mailto', 'nntp']);

function parseLink(line: string): { text: string; url: string; used: boolean } | undefined {
  if (line === '' || line[0] !== '[') return undefined;
  const i = line.indexOf(']:');
  if (i < 0 || i + 3 >= line.length || (line[i + 2] !== ' ' && line[i + 2] !== '\t')) return undefined;
  const url = goTrimSpace(line.slice(i + 3));
  const j = url.indexOf('://');
  if (j < 0 || !SCHEMES.has(url.slice(0, j))) return undefined;
  return { text: line.slice(1, i), url, used: false };
}

function parseComment(text: string): ParsedDoc {
  const lines = unindent(text.split('\n'));
  const doc: ParsedDoc = { content: [], links: [] };
  /** A paragraph, or undefined when every line is a link definition (collected, printed at the end). */
  const paragraph = (ls: readonly string[]): string | undefined => {
    const defs = ls.map(parseLink);
    if (defs.every((d) => d !== undefined)) {
      doc.links.push(...(defs as ParsedDoc['links']));
      return undefined;
    }
    return ls.join('\n');
  };
  let prevEnd = 0;
  for (const s of parseSpans(lines)) {
    const span = lines.slice(s.start, s.end);
    if (s.kind === 'code') doc.content.push({ kind: 'code', text: [...unindent(span), ''].join('\n') });
    else if (s.kind === 'heading') doc.content.push({ kind: 'heading', text: goTrimSpace(span[0]!.slice(1)) });
    else if (s.kind === 'oldHeading') doc.content.push({ kind: 'heading', text: goTrimSpace(span[0]!) });
    else if (s.kind === 'para') {
      const p = paragraph(span);
      if (p !== undefined) doc.content.push({ kind: 'paragraph', text: p });
    } else {
      const num = listMarker(span[0]!)!.num;
      const list: Extract<Block, { kind: 'list' }> = { kind: 'list', forceBlankBefore: prevEnd < s.start, forceBlankBetween: false, items: [] };
      let item: { number: string; content: string[] } | undefined;
      let itemText: string[] = [];
      const flush = () => {
        if (item) {
          const p = paragraph(itemText);
          if (p !== undefined) item.content.push(p);
        }
        itemText = [];
      };
      for (let line of span) {
        const marker = listMarker(line);
        if (marker && (marker.num !== '') === (num !== '')) {
          flush();
          item = { number: marker.num, content: [] };
          list.items.push(item);
          line = marker.rest;
        }
        line = goTrimSpace(line);
        if (line === '') {
          list.forceBlankBetween = true;
          flush();
          continue;
        }
        itemText.push(line);
      }
      flush();
      doc.content.push(list);
    }
    prevEnd = s.end;
  }
  // Second pass, once every link definition is known: the inline text as printed.
  const links = new Map<string, { used: boolean }>();
  for (const def of doc.links) if (!links.has(def.text)) links.set(def.text, def);
  for (const block of doc.content) {
    if (block.kind === 'paragraph') block.text = linkedText(block.text, links);
    else if (block.kind === 'list') for (const item of block.items) item.content = item.content.map((t) => linkedText(t, links));
  }
  return doc;
}

/*
 * Inline text, on UTF-8 bytes as Go scans it: where a URL or identifier is recognised, and Go's skip over a run of
 * backquotes (which indexes the rest of the text with an index into the whole of it), depend on byte offsets.
 */
const UTF8_OUT = new TextEncoder();
const UTF8_IN = new TextDecoder();

const maskTest = (chars: string) => {
  const set = new Uint8Array(128);
  for (const c of chars) set[c.charCodeAt(0)] = 1;
  return (c: number | undefined) => c !== undefined && c < 128 && set[c] === 1;
};
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const isHost = maskTest(`${ALNUM}_@-.[]:`);
const isPunct = maskTest('.,:;?!');
const isPath = maskTest(`${ALNUM}$'()*+&#=@~_/-[]{}%`);
const isIdentASCII = maskTest(`${ALNUM}_`);
const importPathOK = maskTest(`${ALNUM}-.~_+`);

/** The rune at byte `at` and its length in bytes (U+FFFD, 1 for an invalid sequence), as utf8.DecodeRune. */
function decodeRune(b: Uint8Array, at: number): [number, number] {
  const c = b[at]!;
  if (c < 0x80) return [c, 1];
  const n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
  if (n === 0 || at + n > b.length) return [0xfffd, 1];
  let r = c & (0xff >> (n + 1));
  for (let k = 1; k < n; k++) {
    const d = b[at + k]!;
    if ((d & 0xc0) !== 0x80) return [0xfffd, 1];
    r = (r << 6) | (d & 0x3f);
  }
  return [r, n];
}
/** The rune ending at byte `end` (utf8.DecodeLastRune, enough for the valid UTF-8 a JavaScript string encodes to). */
function lastRune(b: Uint8Array, end: number): number {
  let start = end - 1;
  while (start > 0 && (b[start]! & 0xc0) === 0x80) start--;
  return decodeRune(b, start)[0];
}
const isLetter = (r: number) => /^\p{L}$/u.test(String.fromCodePoint(r));
const isUpper = (r: number) => /^\p{Lu}$/u.test(String.fromCodePoint(r));
const isPunctRune = (r: number) => /^\p{P}$/u.test(String.fromCodePoint(r));
const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

/** go/doc/comment's autoURL: the length of the URL at b[at:end], or 0. */
function autoURL(b: Uint8Array, at: number, end: number): number {
  const len = end - at;
  if (len < 7) return 0;
  let i: number;
  if (b[at + 3] === 0x3a) i = 3;
  else if (b[at + 4] === 0x3a) i = 4;
  else if (b[at + 5] === 0x3a) i = 5;
  else if (b[at + 6] === 0x3a) i = 6;
  else return 0;
  if (i + 3 > len || ascii(b, at + i, at + i + 3) !== '://' || !SCHEMES.has(ascii(b, at, at + i))) return 0;
  i += 3;
  if (i >= len || !isHost(b[at + i]) || isPunct(b[at + i])) return 0;
  i++;
  let stop = i;
  while (i < len && isHost(b[at + i])) {
    if (!isPunct(b[at + i])) stop = i + 1;
    i++;
  }
  i = stop;
  const stack: number[] = [];
  stop = i;
  for (; i < len; i++) {
    const c = b[at + i]!;
    if (isPunct(c)) continue;
    if (!isPath(c)) break;
    if (c === 0x28) stack.push(0x29);
    else if (c === 0x7b) stack.push(0x7d);
    else if (c === 0x5b) stack.push(0x5d);
    else if (c === 0x29 || c === 0x7d || c === 0x5d) {
      if (stack.length === 0 || stack[stack.length - 1] !== c) break;
      stack.pop();
    }
    if (stack.length === 0) stop = i + 1;
  }
  return stop;
}

/** The length of the Go identifier ([\pL_][\pL_0-9]*) at b[at:end], or 0, as go/doc/comment's ident. */
function identLength(b: Uint8Array, at: number, end: number): number {
  let n = 0;
  while (at + n < end) {
    const c = b[at + n]!;
    if (c < 0x80) {
      if (isIdentASCII(c) && (n > 0 || c < 0x30 || c > 0x39)) {
        n++;
        continue;
      }
      break;
    }
    const [r, size] = decodeRune(b.subarray(0, end), at + n);
    if (isLetter(r)) {
      n += size;
      continue;
    }
    break;
  }
  return n;
}

const LEFT_QUOTE = UTF8_OUT.encode('“');
const RIGHT_QUOTE = UTF8_OUT.encode('”');

/** go/doc/comment's parseText on b[from:to], as printed: `` and '' become “ and ” (URLs print as written). */
function parseText(b: Uint8Array, from: number, to: number, autoLink: boolean, out: number[]): void {
  let wrote = from;
  const writeUntil = (i: number) => {
    for (let k = wrote; k < i; k++) out.push(b[k]!);
    wrote = i;
  };
  for (let i = from; i < to; ) {
    if (autoLink) {
      const url = autoURL(b, i, to);
      if (url > 0) {
        i += url;
        continue;
      }
      const id = identLength(b, i, to);
      if (id > 0) {
        i += id;
        continue;
      }
    }
    if (b[i] === 0x60 && b[i + 1] === 0x60 && i + 1 < to) {
      if (i + 2 < to && b[i + 2] === 0x60) {
        // Go skips the run reading t[i] with t = s[i0:] and i an index into s (a quirk kept as it is): offsets
        // relative to `from`, as Go's s is the text handed to parseText.
        const t0 = i - from;
        let j = t0 + 3;
        while (j < to - from - t0 && b[from + t0 + j] === 0x60) j++;
        i = from + j;
        continue;
      }
      writeUntil(i);
      out.push(...LEFT_QUOTE);
      i += 2;
      wrote = i;
    } else if (b[i] === 0x27 && b[i + 1] === 0x27 && i + 1 < to) {
      writeUntil(i);
      out.push(...RIGHT_QUOTE);
      i += 2;
      wrote = i;
    } else i++;
  }
  writeUntil(to);
}

const STD_PACKAGES = new Set('bufio bytes cmp context crypto embed encoding errors expvar flag fmt hash html image io iter log maps math mime net os path plugin reflect regexp runtime slices sort strconv strings structs sync syscall testing time unicode unique unsafe weak'.split(' '));

function validImportPath(path: string): boolean {
  if (path === '' || path[0] === '-' || path.includes('//') || path.endsWith('/')) return false;
  return path.split('/').every((elem) => elem !== '' && elem[0] !== '.' && !elem.endsWith('.') && Array.from(UTF8_OUT.encode(elem)).every((c) => importPathOK(c)));
}

function isName(b: Uint8Array): boolean {
  return b.length > 0 && identLength(b, 0, b.length) === b.length && isUpper(decodeRune(b, 0)[0]);
}

/** Whether the text between [ and ] (b[from:to]) is a doc link gofmt recognises (no symbol lookup: packages only). */
function isDocLink(b: Uint8Array, from: number, to: number, textStart: number, textEnd: number): boolean {
  if (from - 1 > textStart) {
    const r = lastRune(b, from - 1);
    if (!isPunctRune(r) && r !== 0x20 && r !== 0x09 && r !== 0x0a) return false;
  }
  if (to + 1 < textEnd) {
    const r = decodeRune(b.subarray(0, textEnd), to + 1)[0];
    if (!isPunctRune(r) && r !== 0x20 && r !== 0x09 && r !== 0x0a) return false;
  }
  let text = b.subarray(from, to);
  if (text[0] === 0x2a) text = text.subarray(1);
  const split = (t: Uint8Array): [Uint8Array, boolean] => {
    const dot = t.lastIndexOf(0x2e);
    if (!isName(t.subarray(dot + 1))) return [t, false];
    return [dot >= 0 ? t.subarray(0, dot) : new Uint8Array(0), true];
  };
  let [pkg, found] = split(text);
  if (found) [pkg] = split(pkg);
  if (pkg.length === 0) return false;
  const name = UTF8_IN.decode(pkg);
  return name.includes('/') ? validImportPath(name) : STD_PACKAGES.has(name);
}

/**
 * go/doc/comment's parseLinkedText, as printed: text outside links through parseText with URLs recognised, a
 * link's text (a link definition's [text], or a doc link to a package) without; marks the definitions used.
 */
function linkedText(text: string, links: Map<string, { used: boolean }>): string {
  if (links.size === 0 && !text.includes('``') && !text.includes("''")) return text;
  const b = UTF8_OUT.encode(text);
  const out: number[] = [];
  let wrote = 0;
  const flush = (i: number) => {
    if (wrote < i) parseText(b, wrote, i, true, out);
    wrote = i;
  };
  let start = -1;
  let buf: number[] = [];
  for (let i = 0; i < b.length; i++) {
    let c = b[i]!;
    if (c === 0x0a || c === 0x09) c = 0x20;
    if (c === 0x5b) start = i;
    else if (c === 0x5d) {
      if (start >= 0) {
        const def = links.get(UTF8_IN.decode(new Uint8Array(buf)));
        if (def || isDocLink(b, start + 1, i, 0, b.length)) {
          if (def) def.used = true;
          flush(start);
          out.push(0x5b);
          parseText(b, start + 1, i, false, out);
          out.push(0x5d);
          wrote = i + 1;
        }
      }
      start = -1;
      buf = [];
    }
    if (start >= 0 && i !== start) buf.push(c);
  }
  flush(b.length);
  return UTF8_IN.decode(new Uint8Array(out));
}

function printComment(doc: ParsedDoc): string {
  let out = '';
  doc.content.forEach((block, i) => {
    const blankBefore = block.kind !== 'list' || block.forceBlankBefore || listBlankBetween(block);
    if (i > 0 && blankBefore) out += '\n';
    switch (block.kind) {
      case 'paragraph':
        out += `${block.text}\n`;
        break;
      case 'heading':
        out += `# ${block.text}\n`;
        break;
      case 'code':
        for (const line of block.text.split('\n').slice(0, -1)) out += line === '' ? '\n' : `\t${line}\n`;
        break;
      case 'list': {
        const loose = listBlankBetween(block);
        block.items.forEach((item, j) => {
          if (j > 0 && loose) out += '\n';
          out += item.number === '' ? '  - ' : ` ${item.number}. `;
          item.content.forEach((text, k) => {
            if (k > 0) out += '\n    ';
            out += `${text.split('\n').join('\n    ')}\n`;
          });
        });
        break;
      }
    }
  });
  // The link definitions used in the text first (a [text] names them), then the unused ones.
  for (const wanted of [true, false]) {
    let first = true;
    doc.links.forEach((def) => {
      if (def.used !== wanted) return;
      if (first) {
        out += '\n';
        first = false;
      }
      out += `[${def.text}]: ${def.url}\n`;
    });
  }
  return out;
}

function listBlankBetween(list: Extract<Block, { kind: 'list' }>): boolean {
  return list.forceBlankBetween || list.items.some((item) => item.content.length !== 1);
}
