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

describe('format pool with this thread helping (issue #16: both cores at work)', () => {
  it('hands texts to the worker and to this thread, and every text comes back as prettier prints it', async () => {
    let local = 0;
    const helped = startFormatPool(1, PRETTIER_OPTIONS, ['typescript'], async (content, parser) => {
      local += 1;
      return prettier.format(content, { ...PRETTIER_OPTIONS, parser });
    });
    try {
      await helped.whenReady(); // so the worker is there to take the first text (else this thread may take them all)
      const inputs = Array.from({ length: 24 }, (_, i) => `export  const  x${i} = {a:1,  b:"two", c: [${'1,'.repeat(40)}]}\n`);
      const expected = await Promise.all(inputs.map((text) => prettier.format(text, { ...PRETTIER_OPTIONS, parser: 'typescript' })));
      expect(await Promise.all(inputs.map((text) => helped.format(text, 'typescript')))).toEqual(expected);
      // This thread took some texts (it is free while it waits) and the worker the others.
      expect(local).toBeGreaterThan(0);
      expect(local).toBeLessThan(inputs.length);
      await expect(helped.format('const = ;', 'typescript')).rejects.toThrow(/expected/i);
    } finally {
      await helped.close();
    }
  });
});
