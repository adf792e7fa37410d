/**
 * `npm run bench` refuses a misspelt OSSGEN_BENCH_ONLY section or OSSGEN_BENCH_LANGS language before it measures
 * anything: otherwise it would measure nothing and still rewrite the results without those rows.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../generator/run.js';
import { run } from '../support/subprocess.js';

const outDir = mkdtempSync(join(tmpdir(), 'ossgen-bench-args-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('npm run bench: bad selections', () => {
  for (const [variable, value, message] of [
    ['OSSGEN_BENCH_ONLY', 'crc,apend', /OSSGEN_BENCH_ONLY: unknown "apend" \(known: gen, crc, append, small, memory\)/],
    ['OSSGEN_BENCH_LANGS', 'ts,c#', /OSSGEN_BENCH_LANGS: unknown "c#" \(known: .*csharp\)/],
  ] as const) {
    it(`${variable}=${value} exits 2 with the known names and writes nothing`, { timeout: 60_000 }, async () => {
      const result = await run(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'bench/run.ts')], {
        cwd: PROJECT_ROOT,
        env: { OSSGEN_BENCH_SCALE: 'tiny', OSSGEN_BENCH_OUT: outDir, [variable]: value },
        timeoutMs: 50_000,
      });
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/at .*\.ts:\d+/);
      expect(existsSync(join(outDir, 'results.json'))).toBe(false);
    });
  }
});
