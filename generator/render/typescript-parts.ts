/**
 * Verbatim parts (issue #16): model-independent code of the generated TypeScript lives as ordinary source in
 * runtime/ts/parts/ (compiled by runtime/ts/tsconfig.json, prettier-clean: test/typescript/parts.test.ts), and
 * the emitter splices a named region of such a file into a generated file as it is (emitters/typescript/parts.ts).
 * The region is already in prettier's layout at the indentation it has in its file, so the layout module
 * (typescript-layout.ts) need not reason about it: the emitter writes it between two marker lines, and
 * `extractParts` turns each into one placeholder and one vouched piece at that indentation. A part whose
 * indentation is not its block's depth makes the file go to prettier whole (a layout fallback, which
 * test/typescript/layout.test.ts forbids).
 *
 * The markers are not part of the generated code: `withoutPartMarkers` removes them before prettier sees a
 * whole file (the fallback, OSSGEN_TS_LAYOUT=off).
 */

/** `// ossgen-part:begin <file>#<region> <indent>` and `// ossgen-part:end`, each on a line of its own. */
export const PART_BEGIN = '// ossgen-part:begin ';
export const PART_END = '// ossgen-part:end';

const BEGIN_LINE = /^( *)\/\/ ossgen-part:begin ([\w-]+#[\w-]+) (\d+)$/;

/** A part as the layout module takes it: its lines at indentation 0 and the indentation prettier gives it. */
export interface VerbatimPiece {
  text: string;
  indent: number;
}

/**
 * Replaces each marked part by the line `placeholder(n)` at the marker's indentation (n counting from 0) and
 * returns the parts; undefined when a marker is malformed, unclosed, nested, or the part's lines are not all at
 * its indentation (the caller then leaves the whole file to prettier). The caller checks that each part's
 * indentation is the depth of the block it is in (the markers' own indentation, written by view models' code
 * strings, says nothing).
 */
export function extractParts(text: string, placeholder: (n: number) => string): { text: string; parts: VerbatimPiece[] } | undefined {
  if (!text.includes(PART_BEGIN) && !text.includes(PART_END)) return { text, parts: [] };
  const lines = text.split('\n');
  const out: string[] = [];
  const parts: VerbatimPiece[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === PART_END) return undefined;
    if (!line.includes(PART_BEGIN)) {
      out.push(line);
      continue;
    }
    const m = BEGIN_LINE.exec(line);
    if (!m) return undefined;
    const pad = m[1]!.length;
    const indent = Number(m[3]);
    const end = lines.findIndex((l, k) => k > i && (l.trim() === PART_END || l.includes(PART_BEGIN)));
    if (end < 0 || lines[end]!.trim() !== PART_END || end === i + 1) return undefined;
    const body = lines.slice(i + 1, end);
    const prefix = ' '.repeat(indent);
    if (body.some((l) => l !== '' && !l.startsWith(prefix))) return undefined;
    if (body[0] === '' || body[body.length - 1] === '') return undefined;
    out.push(`${' '.repeat(pad)}${placeholder(parts.length)}`);
    parts.push({ text: body.map((l) => l.slice(indent)).join('\n'), indent });
    i = end;
  }
  return { text: out.join('\n'), parts };
}

/** The text without the part markers: what prettier formats when it gets the whole file. */
export function withoutPartMarkers(text: string): string {
  if (!text.includes(PART_BEGIN)) return text;
  return text
    .split('\n')
    .filter((l) => !BEGIN_LINE.test(l) && l.trim() !== PART_END)
    .join('\n');
}
