/**
 * generator/young-generation.ts: the ceiling a generation run puts on V8's young generation (issue #16, peak RSS).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { youngGenerationCeiling } from '../../generator/young-generation.js';
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

describe('young generation ceiling', () => {
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
