/** The format pool (write/format-pool.ts) prints exactly what prettier prints in-process, and reports its errors. */
import * as prettier from 'prettier';
import { afterAll, describe, expect, it } from 'vitest';
import { formatFile, PRETTIER_OPTIONS, useFormatPool } from '../../generator/write/format.js';
import { startFormatPool } from '../../generator/write/format-pool.js';
import { typescriptLanguage } from '../../generator/emitters/typescript/language.js';

const pool = startFormatPool(2, PRETTIER_OPTIONS, ['typescript', 'markdown']);
afterAll(async () => {
  useFormatPool(undefined);
  await pool.close();
});

describe('format pool', () => {
  it('formats as prettier does in-process, across its workers', async () => {
    const inputs = Array.from({ length: 6 }, (_, i) => `export  const  x${i} = {a:1,  b:"two"}\n`);
    const expected = await Promise.all(inputs.map((text) => prettier.format(text, { ...PRETTIER_OPTIONS, parser: 'typescript' })));
    expect(await Promise.all(inputs.map((text) => pool.format(text, 'typescript')))).toEqual(expected);
    const md = '# T\n\n*  a\n*  b\n';
    expect(await pool.format(md, 'markdown')).toBe(await prettier.format(md, { ...PRETTIER_OPTIONS, parser: 'markdown' }));
  });
  it('is what formatFile uses while set, with the same result', async () => {
    const file = { path: 'src/a.ts', content: 'const  y = [1,2]\r\n' };
    const cache = process.env.OSSGEN_FORMAT_CACHE;
    process.env.OSSGEN_FORMAT_CACHE = 'off'; // so the second call really formats, in the pool
    try {
      const direct = await formatFile(file, typescriptLanguage.sourceFiles);
      useFormatPool(pool);
      expect(await formatFile(file, typescriptLanguage.sourceFiles)).toEqual(direct);
    } finally {
      useFormatPool(undefined);
      if (cache === undefined) delete process.env.OSSGEN_FORMAT_CACHE;
      else process.env.OSSGEN_FORMAT_CACHE = cache;
    }
  });
  it('rejects with prettier’s message on text that does not parse', async () => {
    await expect(pool.format('const = ;', 'typescript')).rejects.toThrow(/Expression expected|expected/i);
  });
});
