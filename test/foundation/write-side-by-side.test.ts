/**
 * generate() applies every language's plan side by side (generator/run.ts, writeSideBySide): a language whose
 * directory is swapped for a link in the middle of its write stops without writing through it, the other
 * languages' writes still go to their end, and the problem is reported as an UnsafeOutputError.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { generate } from '../../generator/run.js';
import { UnsafeOutputError } from '../../generator/write/write-files.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

it('a language whose directory becomes a link mid-write stops; the others are written in full', async () => {
  const root = mkdtempSync(join(tmpdir(), 'ossgen-side-by-side-'));
  dirs.push(root);
  const out = join(root, 'out');
  const elsewhere = join(root, 'elsewhere');
  mkdirSync(elsewhere);
  const stages: string[] = [];
  const run = generate({
    outDir: out,
    languages: ['ts', 'cli'],
    onStage: (stage) => {
      stages.push(stage);
      // By now the TypeScript files are staged in out/ts/src, not yet renamed into place: swap src for a link.
      if (stage === 'write cli') {
        renameSync(join(out, 'ts/src'), join(root, 'ts-src-moved'));
        symlinkSync(elsewhere, join(out, 'ts/src'));
      }
    },
  });
  const err = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(stages).toEqual(expect.arrayContaining(['write ts', 'write cli']));
  expect(err).toBeInstanceOf(UnsafeOutputError);
  expect((err as UnsafeOutputError).problems.map((p) => p.message).join('\n')).toMatch(/no longer a real directory/);
  // Nothing went through the link.
  expect(readdirSync(elsewhere)).toEqual([]);
  // The CLI's files went to their end, manifest last.
  expect(existsSync(join(out, 'cli/.ossgen-manifest.json'))).toBe(true);
  // The TypeScript manifest is written last: a stopped language has none.
  expect(existsSync(join(out, 'ts/.ossgen-manifest.json'))).toBe(false);
}, 60_000);
