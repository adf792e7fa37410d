/**
 * Verbatim parts (generator/render/typescript-parts.ts, emitters/typescript/parts.ts): the regions of
 * runtime/ts/parts/ go into generated files as they are, and the layout module vouches for them without
 * prettier, so each parts file must be in prettier's layout (tsc checks them with runtime/ts/tsconfig.json,
 * test/typescript/runtime.test.ts). And a part is only vouched for where its indentation says it goes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { part as writePart, partLines } from '../../generator/emitters/typescript/parts.js';
import { createWriter } from '../../generator/emitters/typescript/structure-printer.js';
import { formatTypeScriptLayout, layoutFallbacks, planLayout } from '../../generator/render/typescript-layout.js';
import { PART_BEGIN, PART_END, withoutPartMarkers } from '../../generator/render/typescript-parts.js';
import { PRETTIER_OPTIONS } from '../../generator/write/format.js';
import { prettierHere } from '../../generator/write/format.js';

const PARTS = join(import.meta.dirname, '../../runtime/ts/parts');

describe('verbatim parts', () => {
  const files = readdirSync(PARTS).filter((f) => f.endsWith('.ts'));
  it('has parts files', () => expect(files.length).toBeGreaterThan(0));
  for (const f of files) {
    it(`runtime/ts/parts/${f} is in prettier's layout`, async () => {
      const source = readFileSync(join(PARTS, f), 'utf8');
      expect(await prettier.format(source, { ...PRETTIER_OPTIONS, parser: 'typescript' })).toBe(source);
    });
  }

  it('leaves the writer indenting after a part its string scan misreads (`/\\s+/g`, then a template)', () => {
    expect(partLines('client', 'range-check').lines.join('\n')).toContain('/\\s+/g');
    const writer = createWriter();
    writer.write('class C ').block(() => {
      writer.write('m() ').block(() => {
        writePart('client', 'range-check')(writer);
        writer.newLine().write('return 1;');
      });
    });
    // Without the scan restored, code-block-writer believed it was inside a string and wrote no indentation.
    expect(writer.toString()).toContain('\n        return 1;\n    }\n}');
  });

  it('writes every region as writing it line by line at indentation 0 did, wherever the writer stands', () => {
    // parts.ts puts a region out as one text (issue #16); this is the line-by-line writing it replaced.
    const lineByLine = (file: Parameters<typeof partLines>[0], name: string) => (writer: ReturnType<typeof createWriter>) => {
      const { lines, indent } = partLines(file, name);
      writer.write(`${PART_BEGIN}${file}#${name} ${indent}`).newLine();
      const w = writer as unknown as { _stringCharStack: number[]; _isInRegEx: boolean; _currentCommentChar: unknown };
      const saved = { _stringCharStack: [...w._stringCharStack], _isInRegEx: w._isInRegEx, _currentCommentChar: w._currentCommentChar };
      writer.withIndentationLevel(0, () => {
        for (const line of lines) {
          if (line !== '') writer.write(line);
          writer.newLine();
        }
      });
      Object.assign(w, saved);
      writer.write(PART_END);
    };
    let regions = 0;
    for (const f of files) {
      const file = f.replace(/\.ts$/, '') as Parameters<typeof partLines>[0];
      for (const [, name] of readFileSync(join(PARTS, f), 'utf8').matchAll(/\/\/ #region (\S+)/g)) {
        regions++;
        // In a method of a class after statements and a hanging indentation, then with one queued; code after it.
        const print = (writePart: (w: ReturnType<typeof createWriter>) => void) => {
          const writer = createWriter();
          writer.write('class C ').block(() => {
            writer.write('m() ').block(() => {
              writer.write('const a = `x`;').newLine();
              writer.hangingIndent(() => writer.write('f(1,').newLine().write('2);').newLine());
              writePart(writer);
              writer.newLine().write('return "}";').newLine().write('g(`a\n${b}`);').newLine();
              writer.hangingIndent(() => {
                writer.write('const y =');
                writePart(writer);
                writer.write('z;');
              });
            });
          });
          return writer.toString();
        };
        expect(print(writePart(file, name!)), `${f} region ${name}`).toBe(print(lineByLine(file, name!)));
      }
    }
    expect(regions).toBeGreaterThan(20);
  });

  it('reads a region as it is in its file, at its indentation', () => {
    const { lines, indent } = partLines('signing', 'encoding');
    expect(indent).toBe(0);
    expect(lines[0]).toMatch(/^\/\*\* /);
    expect(lines.join('\n')).toContain('export function encodeStrict(value: string): string {\n  // ');
  });

  const part = (indent: number) => [`${PART_BEGIN}test#x ${indent}`, ...['/** Doc. */', 'function f(a: string): string {', "  return a + 'b';", '}'].map((l) => `${' '.repeat(indent)}${l}`), PART_END];

  it('prints a part at its place without prettier, and prettier on the whole file sees no markers', async () => {
    const text = ['const a = 1;', '', ...part(0), ''].join('\n');
    layoutFallbacks.length = 0;
    let calls = 0;
    const out = await formatTypeScriptLayout(text, (t) => {
      calls++;
      return prettierHere(t, 'babel-ts');
    });
    expect(calls).toBe(0);
    expect(out).toBe(await prettierHere(withoutPartMarkers(text), 'babel-ts'));
    expect(out).not.toContain('ossgen-part');
    expect(layoutFallbacks).toEqual([]);
  });

  it('refuses a part whose declared indentation is not where the markers put it', async () => {
    // A top-level part (indentation 0) written one level into a function's body: the file goes to prettier whole.
    const text = ['function g() {', ...part(0).map((l) => `    ${l}`), '}', ''].join('\n');
    expect(planLayout(text)).toBeUndefined();
    layoutFallbacks.length = 0;
    const out = await formatTypeScriptLayout(text, (t) => prettierHere(t, 'babel-ts'));
    expect(layoutFallbacks.length).toBe(1);
    expect(out).not.toContain('ossgen-part');
  });

  // A part's markers at the writer's indentation (ts-morph's 4-space step), its lines at their own.
  const partAt = (pad: string, indent: number) => part(indent).map((l) => (l.includes('ossgen-part') ? `${pad}${l}` : l));

  it('prints a part in a callback block (it inside describe) without prettier', async () => {
    const text = ["describe('x', () => {", "    it('y', async () => {", '        const a = 1;', ...partAt('        ', 4), '    });', '});', ''].join('\n');
    expect(planLayout(text)).toBeDefined();
    layoutFallbacks.length = 0;
    const out = await formatTypeScriptLayout(text, (t) => prettierHere(t, 'babel-ts'));
    expect(out).toBe(await prettierHere(withoutPartMarkers(text), 'babel-ts'));
    expect(out).toContain('\n    function f(a: string): string {\n');
    expect(layoutFallbacks).toEqual([]);
  });

  it('refuses a part in an object literal argument (a brace in parentheses that is no arrow body)', () => {
    const text = ['g(1, {', ...partAt('    ', 2), '});', ''].join('\n');
    expect(planLayout(text)).toBeUndefined();
  });

  it('refuses an unclosed part', () => {
    expect(planLayout([`${PART_BEGIN}test#x 0`, 'const a = 1;', ''].join('\n'))).toBeUndefined();
  });
});
