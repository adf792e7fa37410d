/**
 * Markdown and JSON printed the way prettier prints them (write/format.ts's PRETTIER_OPTIONS), so an emitter
 * can hand over text that needs no formatter at generation time (issue #16: prettier was most of a cold run).
 * Only what this project's emitters produce is covered: the Markdown rules prettier applies to text that is
 * otherwise already in its style (aligned GFM tables, no trailing spaces, single blank lines), and JSON of
 * plain data. Where the text holds something these rules do not cover, the functions say so (undefined) and
 * the file goes through prettier as before. test/foundation/formatted.test.ts runs prettier over every
 * generated file and fails on any byte these printers got wrong.
 */
import type { OutputFile } from '../emitters/types.js';

/**
 * East Asian Wide code point ranges (pairs, inclusive), as prettier measures a table cell's width: the table of
 * get-east-asian-width 1.7.0 (MIT, Sindre Sorhus), which prettier 3 bundles. Fullwidth is U+3000 and
 * U+FF01–FF60, U+FFE0–FFE6.
 */
// prettier-ignore
const WIDE_RANGES: readonly number[] = [
  0x1100, 0x115f, 0x231a, 0x231b, 0x2329, 0x232a, 0x23e9, 0x23ec, 0x23f0, 0x23f0, 0x23f3, 0x23f3, 0x25fd, 0x25fe,
  0x2614, 0x2615, 0x2630, 0x2637, 0x2648, 0x2653, 0x267f, 0x267f, 0x268a, 0x268f, 0x2693, 0x2693, 0x26a1, 0x26a1,
  0x26aa, 0x26ab, 0x26bd, 0x26be, 0x26c4, 0x26c5, 0x26ce, 0x26ce, 0x26d4, 0x26d4, 0x26ea, 0x26ea, 0x26f2, 0x26f3,
  0x26f5, 0x26f5, 0x26fa, 0x26fa, 0x26fd, 0x26fd, 0x2705, 0x2705, 0x270a, 0x270b, 0x2728, 0x2728, 0x274c, 0x274c,
  0x274e, 0x274e, 0x2753, 0x2755, 0x2757, 0x2757, 0x2795, 0x2797, 0x27b0, 0x27b0, 0x27bf, 0x27bf, 0x2b1b, 0x2b1c,
  0x2b50, 0x2b50, 0x2b55, 0x2b55, 0x2e80, 0x2e99, 0x2e9b, 0x2ef3, 0x2f00, 0x2fd5, 0x2ff0, 0x2fff, 0x3001, 0x303e,
  0x3041, 0x3096, 0x3099, 0x30ff, 0x3105, 0x312f, 0x3131, 0x318e, 0x3190, 0x31e5, 0x31ef, 0x321e, 0x3220, 0x3247,
  0x3250, 0xa48c, 0xa490, 0xa4c6, 0xa960, 0xa97c, 0xac00, 0xd7a3, 0xf900, 0xfaff, 0xfe10, 0xfe19, 0xfe30, 0xfe52,
  0xfe54, 0xfe66, 0xfe68, 0xfe6b, 0x16fe0, 0x16fe4, 0x16ff0, 0x16ff6, 0x17000, 0x18cda, 0x18cff, 0x18d20,
  0x18d80, 0x18df2, 0x18e00, 0x19191, 0x191a0, 0x191d2, 0x1aff0, 0x1aff3, 0x1aff5, 0x1affb, 0x1affd, 0x1affe,
  0x1b000, 0x1b128, 0x1b132, 0x1b132, 0x1b150, 0x1b152, 0x1b155, 0x1b155, 0x1b164, 0x1b168, 0x1b170, 0x1b2fb,
  0x1d300, 0x1d356, 0x1d360, 0x1d376, 0x1f004, 0x1f004, 0x1f0cf, 0x1f0cf, 0x1f18e, 0x1f18e, 0x1f191, 0x1f19a,
  0x1f1ae, 0x1f1ae, 0x1f200, 0x1f202, 0x1f210, 0x1f23b, 0x1f240, 0x1f248, 0x1f250, 0x1f251, 0x1f260, 0x1f265,
  0x1f300, 0x1f320, 0x1f32d, 0x1f335, 0x1f337, 0x1f37c, 0x1f37e, 0x1f393, 0x1f3a0, 0x1f3ca, 0x1f3cf, 0x1f3d3,
  0x1f3e0, 0x1f3f0, 0x1f3f4, 0x1f3f4, 0x1f3f8, 0x1f43e, 0x1f440, 0x1f440, 0x1f442, 0x1f4fc, 0x1f4ff, 0x1f53d,
  0x1f54b, 0x1f54e, 0x1f550, 0x1f567, 0x1f57a, 0x1f57a, 0x1f595, 0x1f596, 0x1f5a4, 0x1f5a4, 0x1f5fb, 0x1f64f,
  0x1f680, 0x1f6c5, 0x1f6cc, 0x1f6cc, 0x1f6d0, 0x1f6d2, 0x1f6d5, 0x1f6d9, 0x1f6dc, 0x1f6df, 0x1f6eb, 0x1f6ec,
  0x1f6f4, 0x1f6fc, 0x1f7da, 0x1f7da, 0x1f7e0, 0x1f7eb, 0x1f7f0, 0x1f7f0, 0x1f90c, 0x1f93a, 0x1f93c, 0x1f945,
  0x1f947, 0x1f9ff, 0x1fa70, 0x1fa7c, 0x1fa80, 0x1fac6, 0x1fac8, 0x1fac8, 0x1facc, 0x1fadd, 0x1fadf, 0x1faeb,
  0x1faef, 0x1fafa, 0x20000, 0x2fffd, 0x30000, 0x3fffd,
];

function inRanges(ranges: readonly number[], codePoint: number): boolean {
  let low = 0;
  let high = ranges.length / 2 - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (codePoint < ranges[mid * 2]!) high = mid - 1;
    else if (codePoint > ranges[mid * 2 + 1]!) low = mid + 1;
    else return true;
  }
  return false;
}

const FULLWIDTH_RANGES: readonly number[] = [0x3000, 0x3000, 0xff01, 0xff60, 0xffe0, 0xffe6];
const ZERO_WIDTH_MARK = /[\p{Nonspacing_Mark}\p{Enclosing_Mark}]/u;
/** Emoji, which prettier measures with a regular expression of its own: not measured here (undefined). */
const EMOJI = /[\p{Extended_Pictographic}\p{Regional_Indicator}\u20e3\ufe0f]/u;

/** The width prettier gives a text (its getStringWidth), or undefined where it holds emoji. */
export function stringWidth(text: string): number | undefined {
  if (!/[^\x20-\x7f]/.test(text)) return text.length;
  if (EMOJI.test(text)) return undefined;
  let width = 0;
  // By code point, read from the character codes (a string's iterator allocates a string and a result per
  // character; every printed line outside ASCII is measured here, JSDoc ones at each block level).
  for (let i = 0; i < text.length; i++) {
    let codePoint = text.charCodeAt(i);
    if (codePoint >= 0xd800 && codePoint <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        codePoint = (codePoint - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
        i++;
      }
    }
    if (codePoint <= 0x1f || (codePoint >= 0x7f && codePoint <= 0x9f)) continue;
    // (no combining mark, wide or full-width character comes before U+0300)
    if (codePoint < 0x300) {
      width += 1;
      continue;
    }
    let w = charWidths.get(codePoint);
    if (w === undefined) {
      w = ZERO_WIDTH_MARK.test(String.fromCodePoint(codePoint)) ? 0 : inRanges(FULLWIDTH_RANGES, codePoint) || inRanges(WIDE_RANGES, codePoint) ? 2 : 1;
      charWidths.set(codePoint, w);
    }
    width += w;
  }
  return width;
}

/** The width of each character from U+0300 on measured so far (Chinese pages measure the same few thousand). */
const charWidths = new Map<number, number>();

/** A code fence's opening or closing line (at any indent, to find indented ones, which are declined). */
const FENCE = /^(\s*)(`{3,}|~{3,})/;
const DELIMITER_ROW = /^\|(?:\s*:?-+:?\s*\|)+\s*$/;

const BACKSLASH = 0x5c;
const PIPE = 0x7c;

/** A table row's cells, split at unescaped pipes (GFM splits inside code spans too), trimmed. */
function cells(row: string): string[] | undefined {
  const trimmed = row.trim();
  if (!trimmed.startsWith('|') || !trimmed.endsWith('|') || trimmed.endsWith('\\|')) return undefined;
  const parts: string[] = [];
  // Each cell sliced between its pipes (not built up a character at a time: tables are most of a reference page).
  let start = 1;
  for (let i = 1; i < trimmed.length; i++) {
    const c = trimmed.charCodeAt(i);
    if (c === BACKSLASH && i + 1 < trimmed.length) i++;
    else if (c === PIPE) {
      parts.push(trimmed.slice(start, i).trim());
      start = i + 1;
    }
  }
  return parts;
}

type Align = 'left' | 'center' | 'right' | undefined;

/** A GFM table printed as prettier prints it (proseWrap other than "never"): every column padded to its widest cell. */
function alignedTable(lines: readonly string[]): string[] | undefined {
  const rows = lines.map(cells);
  if (rows.some((r) => r === undefined)) return undefined;
  const [header, delimiter, ...body] = rows as string[][];
  if (!header || !delimiter || delimiter.length !== header.length || body.some((r) => r.length !== header.length)) return undefined;
  const align: Align[] = delimiter.map((d) => (d.startsWith(':') ? (d.endsWith(':') ? 'center' : 'left') : d.endsWith(':') ? 'right' : undefined));
  const content = [header, ...body];
  const widths: number[][] = [];
  for (const row of content) {
    const w = row.map(stringWidth);
    if (w.some((x) => x === undefined)) return undefined;
    widths.push(w as number[]);
  }
  const columns = header.map((_, c) => Math.max(3, ...widths.map((w) => w[c]!)));
  const printRow = (row: string[], w: number[]) =>
    `| ${row
      .map((text, c) => {
        const spaces = columns[c]! - w[c]!;
        const before = align[c] === 'right' ? spaces : align[c] === 'center' ? Math.floor(spaces / 2) : 0;
        return `${' '.repeat(before)}${text}${' '.repeat(spaces - before)}`;
      })
      .join(' | ')} |`;
  const delimiterRow = `| ${columns
    .map((width, c) => {
      const a = align[c];
      return `${a === 'center' || a === 'left' ? ':' : '-'}${'-'.repeat(width - 2)}${a === 'center' || a === 'right' ? ':' : '-'}`;
    })
    .join(' | ')} |`;
  return [printRow(header, widths[0]!), delimiterRow, ...body.map((row, i) => printRow(row, widths[i + 1]!))];
}

/**
 * True for a line (outside code fences) that prettier would print otherwise in ways not reproduced here: `*` and
 * `+` list markers (prettier writes `-`), ordered lists (it renumbers them), emphasis with `*` and strong with
 * `__` (it writes `_` and `**`), setext heading underlines. Code spans are left out of the look.
 */
function outOfStyle(line: string, previous: string | undefined): boolean {
  if (/^\s*[*+]\s/.test(line) || /^\s*\d+[.)](\s|$)/.test(line)) return true;
  if (/^\s*=+\s*$/.test(line) || (/^\s*-+\s*$/.test(line) && previous !== undefined && previous.trim() !== '')) return true;
  // (no emphasis or strong marker without a `*` or a `_`: most lines skip the two copies below)
  if (!line.includes('*') && !line.includes('_')) return false;
  const text = line.replace(/(`+)[^`]*?\1/g, '').replace(/\*\*/g, '');
  return /(^|[^\\])\*/.test(text) || text.includes('__');
}

/**
 * Markdown as prettier prints it, for text whose other constructs (lists, emphasis, headings, code fences,
 * escapes) the templates already write in prettier's style: GFM tables aligned, trailing spaces dropped, runs
 * of blank lines made one, no blank lines at the start or end, one final newline. Code fences are kept as they
 * are. Undefined where the text has what these rules do not cover (a hard line break of trailing spaces, the
 * constructs of outOfStyle, a
 * table row of another width than its header, emoji in a table, an unclosed or indented fence, trailing spaces
 * inside a fence).
 */
export function markdownInPrettierStyle(text: string): string | undefined {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (fence !== undefined) {
      // Prettier drops trailing spaces in code too, and reformats code it can parse: the samples embedded here
      // are formatted already, so only the trailing spaces are left to decline.
      if (/[ \t]$/.test(line)) return undefined;
      out.push(line);
      const close = FENCE.exec(line);
      if (close && close[2]![0] === fence[0] && close[2]!.length >= fence.length && line.trim() === close[2]) fence = undefined;
      continue;
    }
    const open = FENCE.exec(line);
    if (open) {
      // An indented fence (in a list item, or one prettier would move): its indentation rules are not reproduced.
      if (open[1] !== '') return undefined;
      fence = open[2]!;
      out.push(line.replace(/\s+$/, ''));
      continue;
    }
    if (outOfStyle(line, lines[i - 1])) return undefined;
    if (line.startsWith('|') && DELIMITER_ROW.test(lines[i + 1] ?? '')) {
      let end = i + 2;
      while (end < lines.length && lines[end]!.startsWith('|')) end++;
      if (lines.slice(i + 2, end).some((row) => outOfStyle(row, undefined))) return undefined;
      const table = alignedTable(lines.slice(i, end));
      if (!table) return undefined;
      out.push(...table);
      i = end - 1;
      continue;
    }
    if (/ {2,}$|\t$/.test(line) && line.trim() !== '') return undefined;
    const trimmed = line.replace(/ +$/, '');
    if (trimmed === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(trimmed);
  }
  if (fence !== undefined) return undefined;
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

/**
 * JSON as prettier's json parser prints JSON.stringify(value, null, 2): objects one member a line (prettier keeps
 * an object expanded when its text had a line break after the brace), arrays of strings, numbers, booleans or
 * null on one line when that line fits in 100 columns, else one element a line. Undefined for an array holding
 * objects or arrays (prettier's rules for those are not reproduced here).
 */
export function jsonInPrettierStyle(value: unknown): string | undefined {
  const WIDTH = 100;
  let unsure = false;
  // `after`: the characters printed after the value on its line (a comma), which must fit too.
  const print = (v: unknown, indent: string, prefix: string, after: number): string => {
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      if (v.some((e) => e !== null && typeof e === 'object')) {
        unsure = true;
        return '';
      }
      const items = v.map((e) => JSON.stringify(e));
      const flat = `[${items.join(', ')}]`;
      if (indent.length + prefix.length + flat.length + after <= WIDTH) return flat;
      return `[\n${items.map((e) => `${indent}  ${e}`).join(',\n')}\n${indent}]`;
    }
    if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v).filter(([, e]) => e !== undefined);
      if (entries.length === 0) return '{}';
      const inner = `${indent}  `;
      return `{\n${entries.map(([k, e], i) => `${inner}${JSON.stringify(k)}: ${print(e, inner, `${JSON.stringify(k)}: `, i < entries.length - 1 ? 1 : 0)}`).join(',\n')}\n${indent}}`;
    }
    return JSON.stringify(v);
  };
  const text = print(value, '', '', 0);
  return unsure ? undefined : `${text}\n`;
}

/** A JSON output file of plain data: in prettier's style and marked \`formatted\` when jsonInPrettierStyle covers it. */
export function jsonFile(path: string, value: unknown, extra: Omit<OutputFile, 'path' | 'content' | 'formatted'> = {}): OutputFile {
  const styled = jsonInPrettierStyle(value);
  return styled === undefined ? { ...extra, path, content: `${JSON.stringify(value, null, 2)}\n` } : { ...extra, path, content: styled, formatted: true };
}
