// Property: whatever is done to the bundled model, the pipeline ends in an IR or in diagnostics
// that each carry a line and column — never an exception, never a hang. 2,000 cases by default;
// OSSGEN_FUZZ_RUNS raises it for a soak.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { buildModelFromText } from '../../generator/run.js';

const MODEL_PATH = join(import.meta.dirname, '../../model/oss.yaml');
const modelText = readFileSync(MODEL_PATH, 'utf8');
const model = parse(modelText) as unknown;
const RUNS = Number(process.env.OSSGEN_FUZZ_RUNS ?? 2000);

type Path = (string | number)[];

function allPaths(node: unknown, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (Array.isArray(node)) node.forEach((v, i) => allPaths(v, [...path, i], out));
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) allPaths(v, [...path, k], out);
  return out;
}
const PATHS = allPaths(model);

function deep(levels: number, leaf: unknown): unknown {
  let v = leaf;
  for (let i = 0; i < levels; i++) v = i % 2 ? [v] : { nested: v };
  return v;
}

const anyValue = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 8 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
  fc.constant('x'.repeat(100_000)),
  fc.integer({ min: 1, max: 300 }).map((n) => deep(n, 'leaf')),
  fc.constant({ en: 'same', zh: 'same' }),
  fc.constant('-1'),
  fc.constant('{{ template }} </script> */ """ ${x} %s \\ \u0007'),
);

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(PATHS.length - 1), value: anyValue }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(PATHS.length - 1) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(PATHS.length - 1) }),
  fc.record({ kind: fc.constant('rename' as const), at: fc.nat(PATHS.length - 1), name: fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }) }),
  fc.record({ kind: fc.constant('text' as const), at: fc.nat(modelText.length), cut: fc.nat(20), insert: fc.string({ unit: 'binary', maxLength: 6 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function parentOf(root: unknown, path: Path): [Record<string | number, unknown> | unknown[], string | number] | undefined {
  if (path.length === 0) return undefined;
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  return [node, path[path.length - 1]!];
}

function apply(m: Mutation): string {
  if (m.kind === 'text') return modelText.slice(0, m.at) + m.insert + modelText.slice(m.at + m.cut);
  const root = structuredClone(model) as Record<string, unknown>;
  const target = parentOf(root, PATHS[m.at]!);
  if (!target) return m.kind === 'replace' ? stringify(m.value) : '';
  const [parent, key] = target;
  if (m.kind === 'replace') (parent as Record<string | number, unknown>)[key] = m.value;
  else if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete (parent as Record<string, unknown>)[key as string];
  } else if (m.kind === 'duplicate') {
    if (Array.isArray(parent)) parent.splice(key as number, 0, structuredClone(parent[key as number]));
    else (parent as Record<string, unknown>)[`${String(key)}Copy`] = structuredClone((parent as Record<string, unknown>)[key as string]);
  } else if (m.kind === 'rename' && !Array.isArray(parent)) {
    const value = (parent as Record<string, unknown>)[key as string];
    delete (parent as Record<string, unknown>)[key as string];
    (parent as Record<string, unknown>)[m.name] = value;
  }
  return stringify(root, { aliasDuplicateObjects: false });
}

describe('model fuzzing', () => {
  it(`ends every one of ${RUNS} mutated models in an IR or located diagnostics`, async () => {
    const tally = { valid: 0, invalid: 0, diagnostics: 0, slowestMs: 0 };
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        // Yield to the event loop between cases so the runner's own messages are not starved.
        await new Promise((resolve) => setImmediate(resolve));
        const text = apply(m);
        const start = performance.now();
        const result = await buildModelFromText(text, 'fuzz.yaml');
        tally.slowestMs = Math.max(tally.slowestMs, performance.now() - start);
        if (result.ir) {
          tally.valid++;
          return;
        }
        tally.invalid++;
        tally.diagnostics += result.diagnostics.length;
        expect(result.diagnostics.length).toBeGreaterThan(0);
        for (const d of result.diagnostics) {
          expect(d.loc?.line).toBeGreaterThanOrEqual(1);
          expect(d.loc?.col).toBeGreaterThanOrEqual(1);
          expect(d.code).toMatch(/^M\d{3}$/);
        }
      }),
      { numRuns: RUNS, seed: Number(process.env.OSSGEN_FUZZ_SEED ?? 20261122) },
    );
    console.log(
      `model fuzz: ${RUNS} cases, ${tally.valid} valid, ${tally.invalid} rejected with ${tally.diagnostics} located diagnostics, 0 exceptions, slowest ${tally.slowestMs.toFixed(0)} ms`,
    );
    expect(tally.valid + tally.invalid).toBe(RUNS);
    // Sized by count, not by time: a 2-core CI machine busy with the language suites once needed more than
    // the default 120 s, so the limit only catches a hang (about 30 ms a case when the machine is idle).
  }, Math.max(900_000, RUNS * 450));
});
