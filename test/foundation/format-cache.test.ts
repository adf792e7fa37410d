/**
 * The format cache's key names everything that decides the printed bytes: prettier's version and options, and
 * the source of our own printers (generator/render), which print most of the text in prettier's place. An
 * edited printer must not be served what the old one printed.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../generator/paths.js';
import { FORMATTER_ID, printersId } from '../../generator/write/format.js';

const RENDER = join(PROJECT_ROOT, 'generator/render');
const work = mkdtempSync(join(tmpdir(), 'ossgen-format-cache-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('format cache key', () => {
  it('carries the identity of this checkout’s printers', () => {
    expect(FORMATTER_ID).toContain(`printers ${printersId(RENDER)}`);
  });

  it('changes when a printer’s source changes, and only then', () => {
    const copy = join(work, 'render');
    cpSync(RENDER, copy, { recursive: true });
    expect(printersId(copy)).toBe(printersId(RENDER));
    const file = join(copy, 'html-layout.ts');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n// edited\n`);
    expect(printersId(copy)).not.toBe(printersId(RENDER));
  });
});
