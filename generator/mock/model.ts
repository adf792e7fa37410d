/**
 * The IR for the mock, built by the same stages as `buildModel()` in generator/run.ts (load,
 * schema validation, semantic checks, buildIr) but without importing run.ts: run.ts pulls in
 * every emitter, ts-morph and prettier (about 150 MB resident), which would break the
 * simulator's memory budget. test/mock/model.test.ts checks both give the same IR.
 */
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasErrors } from '../diagnostics.js';
import { NAMERS } from '../emitters/languages.js';
import { buildIr } from '../ir/build-ir.js';
import type { IrModel } from '../ir/types.js';
import { loadModelFile } from '../load/load-model.js';
import { checkSemantics } from '../load/semantic-checks.js';
import { validateAgainstSchema } from '../load/validate.js';
import type { ModelDef } from '../model/types.js';

export const MOCK_PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const MOCK_DEFAULT_MODEL = resolve(MOCK_PROJECT_ROOT, 'model/oss.yaml');

export async function buildMockIr(modelPath: string = MOCK_DEFAULT_MODEL): Promise<IrModel> {
  const source = relative(MOCK_PROJECT_ROOT, resolve(modelPath)).split('\\').join('/');
  const loaded = await loadModelFile(modelPath, source);
  const fail = (stage: string, messages: string[]) => new Error(`the model has ${stage} errors: ${messages.join('; ')}`);
  if (hasErrors(loaded.diagnostics) || !loaded.model) throw fail('load', loaded.diagnostics.map((d) => d.message));
  const schema = validateAgainstSchema(loaded.model);
  if (hasErrors(schema)) throw fail('schema', schema.map((d) => d.message));
  const model = loaded.model.value as ModelDef;
  const semantic = checkSemantics(loaded.model, model);
  if (hasErrors(semantic)) throw fail('semantic', semantic.map((d) => d.message));
  // The mock reads no identifiers, but the IR always carries every language's names.
  const built = buildIr(model, loaded.model, source.startsWith('..') ? resolve(modelPath) : source, NAMERS);
  if (!built.ir) throw fail('IR', built.diagnostics.map((d) => d.message));
  return built.ir;
}
