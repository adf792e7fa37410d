/**
 * bin/compile-cache.js: V8's compiled code of large CommonJS dependencies kept on disk between runs of gen
 * (issue #16). A second process must load the code from the cache (V8 accepting it) and get the same module;
 * OSSGEN_COMPILE_CACHE=off must leave it alone.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runOkSync } from '../support/subprocess.js';

const root = mkdtempSync(join(tmpdir(), 'ossgen-v8cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const cacheDir = join(root, 'node_modules/.cache/ossgen-v8');
const compileCache = pathToFileURL(join(process.cwd(), 'bin/compile-cache.js')).href;

// A dependency large enough to be cached (64 KiB and up), with a function that runs only when called.
mkdirSync(join(root, 'node_modules/big'), { recursive: true });
const filler = Array.from({ length: 3000 }, (_, i) => `function f${i}(x) { return x + ${i}; }`).join('\n');
writeFileSync(join(root, 'node_modules/big/index.js'), `${filler}\nexports.answer = (x) => f41(x) + 1;\nexports.dir = __dirname;\n`);

/** A process that enables the cache for `root`, requires the dependency and prints what it saw. */
function load(env: Record<string, string> = {}): { answer: number; dir: string; hits: number; misses: number } {
  const script = `
    const { enableCompileCache, compileCacheStats } = await import(${JSON.stringify(compileCache)});
    enableCompileCache(new URL(${JSON.stringify(pathToFileURL(`${root}/`).href)}), process.env);
    const { createRequire } = await import('node:module');
    const big = createRequire(${JSON.stringify(join(root, 'x.js'))})('big');
    console.log(JSON.stringify({ answer: big.answer(1), dir: big.dir, ...compileCacheStats }));
  `;
  const result = runOkSync(process.execPath, ['--input-type=module', '-e', script], { env });
  return JSON.parse(result.stdout.trim().split('\n').pop()!);
}

describe('bin/compile-cache.js', () => {
  it('does nothing when OSSGEN_COMPILE_CACHE=off', () => {
    expect(load({ OSSGEN_COMPILE_CACHE: 'off' })).toMatchObject({ answer: 43, hits: 0, misses: 0 });
    expect(() => readdirSync(cacheDir)).toThrow();
  });
  it("stores a large dependency's code on the first run and loads the same module from it on the next", () => {
    const first = load();
    expect(first).toEqual({ answer: 43, dir: join(root, 'node_modules/big'), hits: 0, misses: 1 });
    expect(readdirSync(cacheDir)).toHaveLength(1);
    // V8 accepted the entry (a rejected one counts as a miss) and the module is the same.
    expect(load()).toEqual({ ...first, hits: 1, misses: 0 });
  });
});
