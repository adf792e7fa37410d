/**
 * CI smoke test of `npm run bench`: the suite runs end to end at OSSGEN_BENCH_SCALE=tiny and writes both
 * result files with every section. It checks shape, never speed: benchmarks are not timed tests.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../generator/run.js';
import { runOk } from '../support/subprocess.js';

const outDir = mkdtempSync(join(tmpdir(), 'ossgen-bench-smoke-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('npm run bench (tiny)', () => {
  it('writes results.json and results.md with every section', { timeout: 430_000 }, async () => {
    await runOk(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'bench/run.ts')], {
      cwd: PROJECT_ROOT,
      env: { OSSGEN_BENCH_SCALE: 'tiny', OSSGEN_BENCH_OUT: outDir },
      timeoutMs: 420_000,
      what: 'npm run bench (tiny)',
    });
    const results = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8'));
    expect(Object.keys(results)).toEqual(expect.arrayContaining(['meta', 'generation', 'crc64', 'append', 'smallAppends', 'memory', 'simulator', 'targets']));
    expect(results.meta).toMatchObject({ scale: 'tiny', cores: expect.any(Number), node: process.version });
    expect(results.meta.go).toMatch(/go/);
    expect(results.meta.python).toMatch(/Python/);
    expect(results.meta.java).toMatch(/version/);
    expect(results.meta.errors).toEqual([]);
    expect(results.meta.driverErrors).toEqual({});
    expect(results.generation.cold.median).toBeGreaterThan(0);
    expect(Object.keys(results.generation.stages)).toEqual(expect.arrayContaining(['load', 'validate', 'ir', 'emit:ts', 'format:ts', 'write:ts']));
    expect(results.generation.synthetic.length).toBeGreaterThanOrEqual(2);
    // Issue #16: side by side with @hey-api/openapi-ts.
    expect(results.generation.vsHeyApi.heyApi.wall.median).toBeGreaterThan(0);
    expect(results.generation.vsHeyApi.heyApi.peakRssMB.median).toBeGreaterThan(0);
    expect(results.generation.vsHeyApi.ts.wall.median).toBeGreaterThan(0);
    expect(results.generation.vsHeyApi.all.peakRssMB.median).toBeGreaterThan(0);
    expect(Object.keys(results.generation.tsStages)).toEqual(expect.arrayContaining(['load', 'emit:ts', 'format:ts']));
    expect(results.crc64.allAgree).toBe(true);
    expect(Object.keys(results.crc64.implementations)).toEqual(expect.arrayContaining(['typescript', 'go', 'go-client', 'liblzma', 'cpp-client', 'ruby', 'csharp-client']));
    expect(Object.keys(results.append.MiBps)).toEqual(['simulator', 'sink']);
    expect(Object.keys(results.smallAppends.appendsPerSecond)).toEqual(['simulator-memory', 'sink']);
    for (const byServer of [results.append.MiBps, results.smallAppends.appendsPerSecond]) {
      for (const langs of Object.values(byServer) as Array<Record<string, Record<string, { median: number }>>>) {
        expect(Object.keys(langs)).toEqual(['ts', 'go', 'python', 'c', 'cpp', 'java', 'php', 'ruby', 'csharp']);
        expect(Object.keys(langs.csharp!)).toEqual(['client', 'raw']);
        expect(Object.keys(langs.cpp!)).toEqual(['client', 'raw']);
        expect(Object.keys(langs.java!)).toEqual(['client', 'raw']);
        expect(Object.keys(langs.php!)).toEqual(['client', 'raw']);
        expect(Object.keys(langs.ts!)).toEqual(['client', 'observed', 'raw', 'alioss']);
        for (const variants of Object.values(langs)) {
          for (const v of Object.values(variants)) expect(v.median).toBeGreaterThan(0);
        }
      }
    }
    expect(results.memory.clients.ts.peakRssMB).toBeGreaterThan(0);
    expect(results.memory.clients.cpp.peakRssMB).toBeGreaterThan(0);
    expect(results.memory.clients.java.peakRssMB).toBeGreaterThan(0);
    expect(results.memory.clients.php.peakRssMB).toBeGreaterThan(0);
    expect(results.memory.clients.ruby.peakRssMB).toBeGreaterThan(0);
    expect(results.memory.clients.csharp.peakRssMB).toBeGreaterThan(0);
    expect(results.simulator.peakRssMB).toBeGreaterThan(0);
    const ids = results.targets.map((t: { id: string }) => t.id);
    expect(ids).toEqual(
      expect.arrayContaining(['gen-cold', 'gen-check', 'gen-ts-vs-heyapi', 'gen-all-vs-heyapi', 'gen-ts-rss', 'gen-all-rss', 'gen-check-vs-gen', 'crc-ts-vs-go', 'append-ts-vs-raw-simulator', 'append-ts-vs-raw-sink', 'small-ts-vs-alioss-sink', 'small-ts-vs-raw-sink', 'memory-simulator', 'memory-ts', 'i21-append-go', 'i21-small-python', 'i21-append-cpp', 'memory-java']),
    );

    const markdown = readFileSync(join(outDir, 'results.md'), 'utf8');
    for (const heading of ['## Targets', '## Generation', '## CRC-64/XZ', '## Append throughput', '## Small appends', '## Memory']) {
      expect(markdown).toContain(heading);
    }
    expect(markdown).toMatch(/\*\*(met|missed)\*\*/);
  });
});
