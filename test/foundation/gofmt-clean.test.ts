/**
 * Generation runs no gofmt (issue #16): the Go and CLI emitters print gofmt's layout themselves (alignment in the
 * view models, doc comments through render/go-doc-comments.ts). This runs gofmt -l, here at test time, over every
 * Go file generated from the bundled model, the 50-operation synthetic model (bench/synthetic-model.ts) and the
 * hostile model (test/reliability/make-hostile-model.ts: unusual names, and descriptions gofmt reads as code
 * blocks and typographic quotes), and fails on any file gofmt would change.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticModel } from '../../bench/synthetic-model.js';
import { generate } from '../../generator/run.js';
import { hostileModel } from '../reliability/make-hostile-model.js';

const ROOT = join(import.meta.dirname, '../..');
const bundled = readFileSync(join(ROOT, 'model/oss.yaml'), 'utf8');

const MODELS: [string, () => string][] = [
  ['the bundled model', () => bundled],
  ['the 50-operation synthetic model', () => syntheticModel(join(ROOT, 'model/oss.yaml'), 50)],
  ['the hostile model', () => hostileModel(bundled)],
];

describe('generated Go is gofmt-clean without gofmt at generation', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'ossgen-gofmt-clean-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  for (const [name, model] of MODELS) {
    it(`gofmt -l lists no Go or CLI file generated from ${name}`, async () => {
      const dir = mkdtempSync(join(work, 'model-'));
      const modelPath = join(dir, 'model.yaml');
      writeFileSync(modelPath, model());
      const outDir = join(dir, 'out');
      const result = await generate({ modelPath, outDir, languages: ['go', 'cli'] });
      expect(result.refused).toBe(false);
      const r = spawnSync('gofmt', ['-l', join(outDir, 'go'), join(outDir, 'cli')], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe('');
      // Something was checked: the client's and the CLI's sources.
      const all = spawnSync('find', [outDir, '-name', '*.go'], { encoding: 'utf8' }).stdout.trim().split('\n');
      expect(all.length).toBeGreaterThan(20);
    }, 120_000);
  }
});
