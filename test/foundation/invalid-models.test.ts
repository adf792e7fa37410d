// Table test over the corpus of invalid models: each file breaks the minimal model in one place,
// and its .expected file lists the diagnostics (code and line:col) that mistake must produce.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../generator/run.js';

const dir = join(import.meta.dirname, '../fixtures/invalid');
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe('invalid model corpus', () => {
  it('has at least 20 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it('starts from a valid minimal model', async () => {
    const result = await buildModel(join(import.meta.dirname, '../fixtures/minimal-model.yaml'));
    expect(result.diagnostics).toEqual([]);
    expect(result.ir?.operations.map((o) => o.name)).toEqual(['Append', 'Get', 'Head']);
  });

  it.each(cases)('%s', async (file) => {
    const expected = readFileSync(join(dir, file.replace(/\.yaml$/, '.expected')), 'utf8').trim().split('\n');
    const result = await buildModel(join(dir, file));
    expect(result.ir).toBeUndefined();
    const got = result.diagnostics.map((d) => `${d.code} ${d.loc?.line}:${d.loc?.col}`);
    expect(got.sort()).toEqual([...expected].sort());
    for (const d of result.diagnostics) {
      expect(d.severity).toBe('error');
      expect(d.loc?.file).toMatch(/invalid\/.+\.yaml$/);
      expect(d.message.length).toBeGreaterThan(10);
    }
  });
});
