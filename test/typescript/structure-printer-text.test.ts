/**
 * The structure printer's shortcuts around code-block-writer (issue #16): a structure's text (types,
 * initializers, docs) is what a fresh writer would give for it, without building one per text. The whole
 * emitter's output is compared with ts-morph's in structure-printer.test.ts; this covers the texts the models
 * there never hold (carriage returns, strings and comments across lines).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWriter, textOf } from '../../generator/emitters/typescript/structure-printer.js';

function throughWriter(text: string): string {
  const writer = createWriter();
  writer.write(text);
  return writer.toString();
}

describe('textOf', () => {
  it('gives what a fresh code-block-writer gives for the same text', () => {
    const piece = fc.constantFrom('a', ' ', '  ', '\n', '\r', '\r\n', '"', "'", '`', '/', '*', '{', '}', '${', '\\', '//', '/*', '*/', 'x = 1;');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }), (pieces) => {
        const text = pieces.join('');
        expect(textOf(text)).toBe(throughWriter(text));
      }),
      { numRuns: 2000 },
    );
    for (const text of ['', 'string', 'a\r\nb', 'a\rb', '`x\r\n  ${y}`', '\r\n\r\n', 'a\n\nb']) expect(textOf(text)).toBe(throughWriter(text));
  });
});
