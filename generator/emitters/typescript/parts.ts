/**
 * Model-independent code of the generated TypeScript, kept as ordinary source in runtime/ts/parts/ (compiled
 * and prettier-checked there) and spliced into a generated file as it is: a `// #region <name>` …
 * `// #endregion` range of one of those files, at the indentation it has there. A part is a file's text and
 * nothing else: there is no parameter, so no model text can reach it. The emitter writes it between the
 * markers of render/typescript-parts.ts, which the layout module prints as one vouched piece.
 */
import { readFileSync } from 'node:fs';
import { projectPath } from '../../paths.js';
import { PART_BEGIN, PART_END } from '../../render/typescript-parts.js';
import type { WriterFunction } from './structure-printer.js';

/** The files of runtime/ts/parts/. */
export type PartFile = 'signing' | 'signer' | 'errors' | 'appender' | 'client' | 'hostile';

const sources = new Map<PartFile, string[]>();

/** The lines of region `name` of runtime/ts/parts/<file>.ts and the indentation of its `// #region` line. */
export function partLines(file: PartFile, name: string): { lines: string[]; indent: number } {
  let lines = sources.get(file);
  if (!lines) {
    lines = readFileSync(projectPath(`runtime/ts/parts/${file}.ts`), 'utf8').split('\n');
    sources.set(file, lines);
  }
  const start = lines.findIndex((l) => l.trim() === `// #region ${name}`);
  if (start < 0) throw new Error(`runtime/ts/parts/${file}.ts has no region ${name}`);
  const end = lines.findIndex((l, k) => k > start && l.trim().startsWith('// #endregion'));
  if (end < 0 || lines.slice(start + 1, end).some((l) => l.trim().startsWith('// #region'))) throw new Error(`runtime/ts/parts/${file}.ts: region ${name} is not closed before the next one`);
  const indent = lines[start]!.length - lines[start]!.trimStart().length;
  return { lines: lines.slice(start + 1, end), indent };
}

/**
 * A statement (or a run of statements, or class members' body statements) written as region `name` of
 * runtime/ts/parts/<file>.ts has it, between the layout markers. The region's lines go out at indentation 0
 * (they carry their own); the markers at the writer's, which is how the layout module checks the part is where
 * its indentation says.
 */
export function part(file: PartFile, name: string, options: { spaced?: boolean; blankAfter?: boolean } = {}): WriterFunction {
  const { lines, indent } = partLines(file, name);
  const write: WriterFunction = (writer) => {
    // Declarations are set apart by blank lines, as the structure printer does for functions and classes.
    if (options.spaced && !writer.isAtStartOfFirstLineOfBlock()) writer.blankLineIfLastNot();
    writer.write(`${PART_BEGIN}${file}#${name} ${indent}`).newLine();
    const tracking = trackingOf(writer);
    // Line by line through write() and newLine() at indentation 0, the writer would put out each line as it is,
    // then a newline, and scan every character for strings and comments: a scan whose outcome is thrown away
    // below. So the region goes out as one text (issue #16: the scan of the parts was a tenth of the writer's time).
    writer.withIndentationLevel(0, () => {
      if (lines.length > 0) (writer as unknown as WriterInternals)._internalWrite(`${lines.join('\n')}\n`);
    });
    restoreTracking(writer, tracking);
    writer.write(PART_END);
    // A part ending in a block, followed by more statements: the blank line the structure printer puts after a
    // statement string ending in `}` (it does not see the `}` behind the part's end marker).
    if (options.spaced || options.blankAfter) writer.blankLine();
  };
  if (!options.spaced) inlineParts.add(write);
  return write;
}

/**
 * code-block-writer's scan of what it writes for strings, comments and regular expressions (it indents no line
 * it believes is inside a string). It misreads some regular expressions (`/\s+/g` leaves it in a regular
 * expression, and the template after that in a string), and then wrote everything after such a part at column 0.
 * A part is whole statements, so the scan after it is what it was before it: restored.
 */
interface WriterTracking {
  _stringCharStack: number[];
  _isInRegEx: boolean;
  _currentCommentChar: unknown;
}

/** The writer's append of text as it is (no indentation, no scan): its write() ends in it. */
interface WriterInternals {
  _internalWrite(text: string): void;
}

function trackingOf(writer: Parameters<WriterFunction>[0]): WriterTracking {
  const w = writer as unknown as WriterTracking & WriterInternals;
  if (!Array.isArray(w._stringCharStack) || typeof w._isInRegEx !== 'boolean' || typeof w._internalWrite !== 'function') throw new Error('internal error: code-block-writer no longer has the scan state and append parts.ts use');
  return { _stringCharStack: [...w._stringCharStack], _isInRegEx: w._isInRegEx, _currentCommentChar: w._currentCommentChar };
}

function restoreTracking(writer: Parameters<WriterFunction>[0], saved: WriterTracking): void {
  Object.assign(writer as unknown as WriterTracking, saved);
}

/** Parts that are statements among others (not declarations set apart): a block writes them without a blank line before. */
const inlineParts = new WeakSet<WriterFunction>();

/** Whether `code` is a part written among statements, which takes no blank line before it. */
export function isInlinePart(code: unknown): boolean {
  return typeof code === 'function' && inlineParts.has(code as WriterFunction);
}
