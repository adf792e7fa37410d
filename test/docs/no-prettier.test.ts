/**
 * The docs language's own files (the HTML pages and the Markdown) are formatted without prettier (issue #16):
 * render/html-layout.ts and html-doc.ts print the pages, render/prettier-style.ts the Markdown. Here prettier is
 * replaced by a formatter that records every text it is asked for, the bundled model's docs are emitted and
 * formatted with the format cache off, and nothing may have been asked, while every file keeps the bytes
 * committed in out/docs. The samples the pages embed are formatted by their own languages first, the TypeScript
 * ones by render/typescript-layout.ts: they are collected under the same recorder, so `gen --lang docs` never
 * loads prettier.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { docsEmitter } from '../../generator/emitters/docs/emitter.js';
import { buildModelFromText, collectSamples, emitFiles } from '../../generator/run.js';
import { useFormatPool } from '../../generator/write/format.js';

const ROOT = join(import.meta.dirname, '../..');
const cacheSetting = process.env.OSSGEN_FORMAT_CACHE;

afterEach(() => {
  useFormatPool(undefined);
  if (cacheSetting === undefined) delete process.env.OSSGEN_FORMAT_CACHE;
  else process.env.OSSGEN_FORMAT_CACHE = cacheSetting;
});

describe('the docs pages without prettier', () => {
  it('formats every docs file of the bundled model and the samples it embeds without asking prettier, to the committed bytes', async () => {
    const { ir } = await buildModelFromText(readFileSync(join(ROOT, 'model/oss.yaml'), 'utf8'), join(ROOT, 'model/oss.yaml'));
    if (!ir) throw new Error('the bundled model did not build');
    process.env.OSSGEN_FORMAT_CACHE = 'off';
    const asked: string[] = [];
    useFormatPool({
      format: async (text, parser) => {
        asked.push(`${parser}: ${text.slice(0, 120)}`);
        throw new Error('prettier was asked');
      },
      whenReady: async () => undefined,
      close: async () => undefined,
    });
    const samples = await collectSamples(ir, new Map());
    const files = await emitFiles(docsEmitter, ir, {}, samples);
    expect(asked).toEqual([]);
    const pages = files.filter((f) => f.path.endsWith('.html') || f.path.endsWith('.md'));
    expect(pages.filter((f) => f.path.endsWith('.html')).length).toBe(2);
    expect(pages.length).toBeGreaterThan(10);
    for (const file of pages) expect(file.content, file.path).toBe(readFileSync(join(ROOT, 'out/docs', file.path), 'utf8'));
  }, 180_000);
});
