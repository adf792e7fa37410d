/**
 * Stage 2a, validate: the JSON Schema in model/ checked by ajv (strict, allErrors), each ajv
 * error turned into a coded diagnostic at the line and column of the offending YAML node.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type Ajv2020Module from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type standaloneCodeModule from 'ajv/dist/standalone/index.js';
import type addFormatsModule from 'ajv-formats';
import { diagnostic, type Diagnostic, type DiagnosticCode } from '../diagnostics.js';
import { locate, type LoadedModel } from './load-model.js';
import { projectPath } from '../paths.js';

export const MODEL_SCHEMA_PATH = projectPath('model/model.schema.json');
const CACHE_DIR = projectPath('node_modules/.cache/ossgen-schema/');
const BUILD_DIR = projectPath('dist/');
const require = createRequire(import.meta.url);

// ajv's compiler, its standalone code writer and ajv-formats are required only to compile the schema (the build,
// or a run without a precompiled or cached validator): a run with one loads just the few ajv runtime modules the
// validator's code requires (about 55 ms of CPU less in a cold process, issue #16). They are CommonJS: required,
// their exports are the module objects (the default export under NodeNext typings).
type Ajv2020 = typeof Ajv2020Module.default;
const ajvCompiler = () => require('ajv/dist/2020.js') as Ajv2020;
const addFormats = () => require('ajv-formats') as typeof addFormatsModule.default;
const standaloneCode = () => require('ajv/dist/standalone/index.js') as typeof standaloneCodeModule.default;

let compiled: ValidateFunction | undefined;

/** The compiled validator's identity: ajv's version and the schema's text. */
function validatorKey(schemaText: string): string {
  const ajvVersion = (require('ajv/package.json') as { version: string }).version;
  return createHash('sha256').update(`ajv ${ajvVersion}\0${schemaText}`).digest('hex');
}

function compileSchema(schemaText: string): { ajv: InstanceType<Ajv2020>; validate: ValidateFunction } {
  const Ajv = ajvCompiler();
  const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: false, code: { source: true } });
  addFormats()(ajv);
  return { ajv, validate: ajv.compile(JSON.parse(schemaText) as object) };
}

/** The precompiled validator's file in the build (scripts/build.mjs), named by its key, so a changed schema or ajv never finds a stale one. */
function precompiledName(key: string): string {
  return `model-validator.${key.slice(0, 32)}.cjs`;
}

/**
 * Called by scripts/build.mjs: writes the schema's validator as ajv standalone code into `dir` (dist/), where
 * schemaValidator finds it without compiling. Returns the inputs it was made from, relative to the project.
 */
export function writePrecompiledValidator(dir: string): string[] {
  const schemaText = readFileSync(MODEL_SCHEMA_PATH, 'utf8');
  const { ajv, validate } = compileSchema(schemaText);
  writeFileSync(join(dir, precompiledName(validatorKey(schemaText))), standaloneCode()(ajv, validate));
  return ['model/model.schema.json'];
}

/**
 * Compiling the schema is most of validation's cost, so the compiled validator is ajv "standalone" code:
 * built at install time into dist/ (scripts/build.mjs), else kept in node_modules/.cache after the first
 * compile, both named by the schema text and ajv's version; the same validator either way.
 * OSSGEN_FORMAT_CACHE=off bypasses the cache, not the build.
 */
function schemaValidator(): ValidateFunction {
  if (compiled) return compiled;
  const schemaText = readFileSync(MODEL_SCHEMA_PATH, 'utf8');
  const key = validatorKey(schemaText);
  try {
    compiled = require(join(BUILD_DIR, precompiledName(key))) as ValidateFunction;
    return compiled;
  } catch {
    // no build, or built from another schema
  }
  const cached = join(CACHE_DIR, `${key}.cjs`);
  const useCache = process.env.OSSGEN_FORMAT_CACHE !== 'off';
  if (useCache) {
    try {
      compiled = require(cached) as ValidateFunction;
      return compiled;
    } catch {
      // not cached yet
    }
  }
  const { ajv, validate } = compileSchema(schemaText);
  compiled = validate;
  if (useCache) {
    try {
      mkdirSync(CACHE_DIR, { recursive: true });
      const tmp = `${cached}.${process.pid}.tmp`;
      writeFileSync(tmp, standaloneCode()(ajv, compiled));
      renameSync(tmp, cached);
    } catch {
      // A cache that cannot be written only costs time.
    }
  }
  return compiled;
}

export function validateAgainstSchema(model: LoadedModel): Diagnostic[] {
  const validate = schemaValidator();
  if (validate(model.value)) return [];
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const error of validate.errors ?? []) {
    const d = toDiagnostic(model, error);
    if (!d) continue;
    const id = `${d.code} ${d.path} ${d.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(d);
  }
  return out;
}

function toDiagnostic(model: LoadedModel, error: ErrorObject): Diagnostic | undefined {
  const at = error.instancePath || '/';
  const where = error.instancePath || '(model root)';
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'if':
      return undefined; // the failing branch reports its own errors
    case 'required': {
      const missing = String(p.missingProperty);
      return make('M010', `${where}: missing required property "${missing}"`, `${error.instancePath}/${missing}`, at);
    }
    case 'additionalProperties': {
      const extra = String(p.additionalProperty);
      const path = `${error.instancePath}/${extra}`;
      return diagnostic('M011', `${where}: unknown property "${extra}"`, path, locate(model, path, { key: true }));
    }
    case 'type':
      return make('M012', `${where}: must be ${String(p.type)}, got ${describe(valueAt(model.value, error.instancePath))}`, error.instancePath, at);
    case 'enum':
      return make('M013', `${where}: must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`, error.instancePath, at);
    case 'const':
      return make('M013', `${where}: must be ${JSON.stringify(p.allowedValue)}`, error.instancePath, at);
    case 'pattern':
      return make('M014', `${where}: ${JSON.stringify(valueAt(model.value, error.instancePath))} does not match ${String(p.pattern)}`, error.instancePath, at);
    case 'format':
      return make('M014', `${where}: must be a valid ${String(p.format)}`, error.instancePath, at);
    case 'propertyNames':
      return undefined; // the pattern error on the name itself says more
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'minLength':
    case 'maxLength':
    case 'minItems':
    case 'maxItems':
    case 'minProperties':
    case 'maxProperties':
      return make('M015', `${where}: ${error.message ?? 'out of range'}`, error.instancePath, at);
    case 'uniqueItems':
      return make('M020', `${where}: ${error.message ?? 'items must be unique'}`, error.instancePath, at);
    default:
      return make('M016', `${where}: ${error.message ?? error.keyword}`, error.instancePath, at);
  }

  function make(code: DiagnosticCode, message: string, path: string, locatePath: string): Diagnostic {
    return diagnostic(code, message, path, locate(model, locatePath === '/' ? '' : locatePath));
  }
}

function valueAt(root: unknown, path: string): unknown {
  let current: unknown = root;
  for (const part of path.split('/').slice(1)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return current;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}
