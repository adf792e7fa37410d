/**
 * generate({ check: true }) inspects each language's directory as soon as its files are finished, side by side with
 * the languages still being formatted (generator/run.ts): the drift of every language is still found, and reported
 * in the order the languages were asked for, whatever order their plans were made in.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { generate } from '../../generator/run.js';

/** A generated file whose bytes are no longer what the generator makes, as its manifest says ossgen wrote them (stale, not edited). */
function makeStale(dir: string, path: string): void {
  appendFileSync(join(dir, path), 'older output\n');
  const manifestPath = join(dir, '.ossgen-manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: { path: string; sha256: string }[] };
  manifest.files.find((f) => f.path === path)!.sha256 = createHash('sha256').update(readFileSync(join(dir, path))).digest('hex');
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

it('--check reports a stale file in one language and a missing one in another, in the order asked for', async () => {
  const out = mkdtempSync(join(tmpdir(), 'ossgen-check-side-by-side-'));
  dirs.push(out);
  const written = await generate({ outDir: out, languages: ['docs', 'cli'] });
  expect(written.refused).toBe(false);
  makeStale(join(out, 'docs'), 'README.md');
  unlinkSync(join(out, 'cli/main.go'));
  // The docs are emitted after every other language (they embed their samples): asked first, their plan is made last.
  for (const languages of [['docs', 'cli'], ['cli', 'docs']]) {
    const stages: string[] = [];
    const checked = await generate({ outDir: out, languages, check: true, onStage: (s) => stages.push(s) });
    expect(checked.refused).toBe(false);
    expect(stages).toEqual(expect.arrayContaining(['check docs', 'check cli']));
    expect(checked.results.map((r) => [r.language, r.drift])).toEqual(
      languages.map((l) =>
        l === 'docs' ? ['docs', { changed: ['.ossgen-manifest.json', 'README.md'], added: [], removed: [] }] : ['cli', { changed: [], added: ['main.go'], removed: [] }],
      ),
    );
  }
  // Nothing was written by the checks.
  expect(readdirSync(join(out, 'cli'))).not.toContain('main.go');
}, 120_000);

it('--check reports the problems of every language together, in the order asked for', async () => {
  const out = mkdtempSync(join(tmpdir(), 'ossgen-check-side-by-side-'));
  dirs.push(out);
  await generate({ outDir: out, languages: ['docs', 'cli'] });
  // A manifest that is not one in each language: a problem in each, the docs' found last.
  appendFileSync(join(out, 'docs/README.md'), 'edited\n');
  appendFileSync(join(out, 'cli/README.md'), 'edited\n');
  rmSync(join(out, 'docs/.ossgen-manifest.json'));
  appendFileSync(join(out, 'docs/.ossgen-manifest.json'), 'not json');
  rmSync(join(out, 'cli/.ossgen-manifest.json'));
  appendFileSync(join(out, 'cli/.ossgen-manifest.json'), 'not json');
  const checked = await generate({ outDir: out, languages: ['docs', 'cli'], check: true });
  expect(checked.refused).toBe(true);
  expect(checked.problems.map((p) => [p.kind, p.path])).toEqual([
    ['bad-manifest', join(out, 'docs/.ossgen-manifest.json')],
    ['bad-manifest', join(out, 'cli/.ossgen-manifest.json')],
  ]);
}, 120_000);
