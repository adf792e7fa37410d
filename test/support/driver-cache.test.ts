/** The shared driver build cache: keyed by content, built once across concurrent processes, rebuilt when an input changes. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { cachedBuild, contentKey, driverCacheRoot, type DriverRecipe } from './driver-cache.js';
import { explain, run } from './subprocess.js';

const base = mkdtempSync(join(tmpdir(), 'ossgen-driver-cache-test-'));
const previous = process.env.OSSGEN_DRIVER_CACHE;
afterAll(() => {
  if (previous === undefined) delete process.env.OSSGEN_DRIVER_CACHE;
  else process.env.OSSGEN_DRIVER_CACHE = previous;
  rmSync(base, { recursive: true, force: true });
});

let cache: string;
let source: string;
let n = 0;
beforeEach(() => {
  n += 1;
  cache = join(base, `cache-${n}`);
  process.env.OSSGEN_DRIVER_CACHE = cache;
  source = join(base, `src-${n}`);
  mkdirSync(join(source, 'sub'), { recursive: true });
  writeFileSync(join(source, 'main.txt'), 'one');
  writeFileSync(join(source, 'sub/lib.txt'), 'two');
});

/** A "build" that concatenates the inputs and counts its runs in a file outside the cache. */
function recipe(counter: string, settings: string[] = []): DriverRecipe {
  return {
    name: 'fake',
    inputs: [source],
    settings,
    build: async (dir, scratch) => {
      writeFileSync(join(scratch, 'half-done'), 'x');
      writeFileSync(join(dir, 'driver'), readFileSync(join(source, 'main.txt'), 'utf8') + readFileSync(join(source, 'sub/lib.txt'), 'utf8'));
      writeFileSync(counter, `${Number(readFileSync(counter, { encoding: 'utf8', flag: 'a+' }) || 0) + 1}`);
    },
  };
}

describe('driver cache', () => {
  it('lives under OSSGEN_DRIVER_CACHE when set', () => {
    expect(driverCacheRoot()).toBe(cache);
  });

  it('keys by content: same bytes same key, any changed byte, file name, mode or setting a new key', () => {
    const key = contentKey([source]);
    expect(contentKey([source])).toBe(key);
    writeFileSync(join(source, 'sub/lib.txt'), 'two!');
    expect(contentKey([source])).not.toBe(key);
    writeFileSync(join(source, 'sub/lib.txt'), 'two');
    expect(contentKey([source])).toBe(key);
    expect(contentKey([source], ['-O2'])).not.toBe(key);
    writeFileSync(join(source, 'other.txt'), '');
    expect(contentKey([source])).not.toBe(key);
    expect(() => contentKey([join(source, 'missing')])).toThrow(/does not exist/);
  });

  it('builds once, reuses the build, and builds again when an input changes', async () => {
    const counter = join(base, `count-${n}`);
    const first = await cachedBuild(recipe(counter));
    const [again, parallel] = await Promise.all([cachedBuild(recipe(counter)), cachedBuild(recipe(counter))]);
    expect([again, parallel]).toEqual([first, first]);
    expect(readFileSync(join(first, 'driver'), 'utf8')).toBe('onetwo');
    expect(readFileSync(counter, 'utf8')).toBe('1');
    writeFileSync(join(source, 'main.txt'), 'uno');
    const changed = await cachedBuild(recipe(counter));
    expect(changed).not.toBe(first);
    expect(readFileSync(join(changed, 'driver'), 'utf8')).toBe('unotwo');
    expect(readFileSync(counter, 'utf8')).toBe('2');
    // Only finished entries remain: no lock, no staging directory, no scratch files.
    expect(readdirSync(cache).sort()).toEqual([first, changed].map((d) => d.slice(cache.length + 1)).sort());
    expect(readdirSync(first).sort()).toEqual(['.inputs', 'driver']);
  });

  it('a failed build leaves nothing behind and names the driver', async () => {
    const failing: DriverRecipe = { name: 'broken', inputs: [source], build: async () => Promise.reject(new Error('compiler said no')) };
    await expect(cachedBuild(failing)).rejects.toThrow('building the broken driver failed: compiler said no');
    expect(readdirSync(cache)).toEqual([]);
  });

  it('several processes at once build it once and all get the same directory', async () => {
    const counter = join(base, `count-${n}`);
    const script = join(base, `concurrent-${n}.mts`);
    writeFileSync(
      script,
      [
        `import { readFileSync, writeFileSync, appendFileSync } from 'node:fs';`,
        `import { cachedBuild } from ${JSON.stringify(join(import.meta.dirname, 'driver-cache.ts'))};`,
        `const dir = await cachedBuild({ name: 'fake', inputs: [${JSON.stringify(source)}], build: async (d) => {`,
        `  appendFileSync(${JSON.stringify(counter)}, 'built\\n');`,
        `  await new Promise((r) => setTimeout(r, 1500));`,
        `  writeFileSync(d + '/driver', readFileSync(${JSON.stringify(join(source, 'main.txt'))}));`,
        `} });`,
        `console.log(dir);`,
      ].join('\n'),
    );
    const tsx = join(import.meta.dirname, '../../node_modules/.bin/tsx');
    const runs = await Promise.all([1, 2, 3].map(() => run(tsx, [script], { env: { OSSGEN_DRIVER_CACHE: cache } })));
    for (const r of runs) expect(r.status, explain(r)).toBe(0);
    const dirs = new Set(runs.map((r) => r.stdout.trim()));
    expect(dirs.size).toBe(1);
    expect(readFileSync(counter, 'utf8')).toBe('built\n');
    expect(readFileSync(join([...dirs][0]!, 'driver'), 'utf8')).toBe('one');
  }, 60_000);
});
