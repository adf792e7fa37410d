/**
 * generator/young-generation.ts: the ceiling a generation run puts on V8's young generation (issue #16, peak RSS).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withStartupFlags, youngGenerationCeiling, YOUNG_GENERATION_CAP } from '../../generator/young-generation.js';
import { runOkSync } from '../support/subprocess.js';

const moduleUrl = pathToFileURL(join(process.cwd(), 'generator/young-generation.ts')).href;

/**
 * The young generation's size at the start and after a workload whose objects survive scavenges (what makes V8
 * grow it), with a ceiling at the start's size or none. V8's flags are process-wide: a process of its own.
 */
function sizes(withCeiling: boolean): { before: number; during: number } {
  const script = `
    const { youngGenerationCeiling, youngGenerationSize } = await import(${JSON.stringify(moduleUrl)});
    const before = youngGenerationSize();
    const ceiling = ${withCeiling} ? youngGenerationCeiling(before) : undefined;
    const live = new Array(100000);
    for (let i = 0; i < 3000000; i++) {
      live[i % live.length] = { i, text: 'a' + i };
      if (i % 10000 === 0) ceiling?.check();
    }
    console.log(JSON.stringify({ before, during: youngGenerationSize() }));
  `;
  const result = runOkSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
  return JSON.parse(result.stdout.trim().split('\n').pop()!);
}

/**
 * The young generation's largest size during a real `gen --lang all --check` (the bundled model, the CLI as users
 * run it), sampled at the process's exit by a module preloaded with --import: V8 does not shrink it during so short
 * a run, so the size at exit is the largest it reached.
 */
function youngGenerationAfterGen(): number {
  const reporter = `data:text/javascript,${encodeURIComponent(
    "import v8 from 'node:v8'; process.on('exit', () => process.stderr.write('new_space ' + v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size + '\\n'));",
  )}`;
  const result = runOkSync(process.execPath, ['--import', reporter, 'bin/gen.js', '--lang', 'all', '--check', '--quiet'], {
    env: { ...process.env, OSSGEN_FORMAT_CACHE: 'off' },
  });
  const line = result.stderr.split('\n').find((l) => l.startsWith('new_space '));
  return Number(line!.slice('new_space '.length));
}

describe('young generation ceiling', () => {
  it('engages on the real pipeline: the young generation of `gen --lang all` stays within the cap', () => {
    // Without a check inside the format stages V8 grew it from 16 to 32 MB within format:ts, before any check.
    expect(youngGenerationAfterGen()).toBeLessThanOrEqual(YOUNG_GENERATION_CAP);
  });

  it('loads a script with the flags of start-up while growth is stopped (so compile-cache entries fit), then stops it again', () => {
    const flags: string[] = [];
    const ceiling = youngGenerationCeiling(8, () => 8, (f) => flags.push(f));
    expect(withStartupFlags(() => 'loaded')).toBe('loaded');
    expect(flags).toEqual([]);
    ceiling.check();
    expect(withStartupFlags(() => flags.length)).toBe(2);
    expect(flags).toEqual(['--semi-space-growth-factor=1', '--semi-space-growth-factor=2', '--semi-space-growth-factor=1']);
    ceiling.release();
    withStartupFlags(() => undefined);
    expect(flags).toHaveLength(4);
  });

  it('keeps V8 from growing the young generation past the ceiling, where it would grow without one', () => {
    const free = sizes(false);
    expect(free.during).toBeGreaterThan(free.before);
    const capped = sizes(true);
    expect(capped.during).toBeLessThanOrEqual(capped.before); // V8 may still shrink it
  });

  it('stops growth only once the cap is reached, once, and lifts it on release', () => {
    const flags: string[] = [];
    let size = 4;
    const ceiling = youngGenerationCeiling(8, () => size, (f) => flags.push(f));
    ceiling.check();
    expect(flags).toEqual([]);
    size = 8;
    ceiling.check();
    ceiling.check();
    expect(flags).toEqual(['--semi-space-growth-factor=1']);
    ceiling.release();
    ceiling.release();
    expect(flags).toEqual(['--semi-space-growth-factor=1', '--semi-space-growth-factor=2']);
  });
});
