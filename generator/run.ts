/**
 * The pipeline as a library: load → validate → semantic checks → IR → emit and format each
 * language → samples (the client languages' sample files, handed to the docs) → docs → write or
 * check. Each stage is named and timed; nothing here exits the process or prints.
 */
import { relative, resolve } from 'node:path';
import { hasErrors, type Diagnostic } from './diagnostics.js';
import { PROJECT_ROOT } from './paths.js';
import { emitterFor, EMITTERS } from './emitters/index.js';
import { NAMERS } from './emitters/languages.js';
import { SAMPLE_IDS } from './emitters/sample-ids.js';
import type { EmitContext, Emitter, LanguageDescriptor, LanguageSamples, OutputFile } from './emitters/types.js';
import { buildIr } from './ir/build-ir.js';
import type { IrModel } from './ir/types.js';
import { loadModelFile, loadModelText, type LoadedModel, type LoadResult } from './load/load-model.js';
import { checkSemantics } from './load/semantic-checks.js';
import { validateAgainstSchema } from './load/validate.js';
import type { ModelDef } from './model/types.js';
import { addHeader, formatFile, prettierHere, prettierParser, PRETTIER_OPTIONS, useFormatPool } from './write/format.js';
import { typescriptLanguage } from './emitters/typescript/language.js';
import { formatWorkerCount, startFormatPool } from './write/format-pool.js';
import { applyPlan, forbiddenOutputDirs, planLanguage, UnsafeOutputError, type Drift, type LanguageOutput, type LanguagePlan, type OutputProblem } from './write/write-files.js';
import { youngGenerationCeiling } from './young-generation.js';

export { PROJECT_ROOT };
export const DEFAULT_MODEL = resolve(PROJECT_ROOT, 'model/oss.yaml');
export const DEFAULT_OUT = resolve(PROJECT_ROOT, 'out');
export const TEMPLATES_DIR = resolve(PROJECT_ROOT, 'templates');

export interface Timings {
  [stage: string]: number;
}

export interface ModelResult {
  loaded?: LoadedModel;
  ir?: IrModel;
  diagnostics: Diagnostic[];
  timings: Timings;
}

/**
 * Run at each stage's start and end, and before and after each file is formatted, while a run has a
 * young-generation ceiling (GenerateOptions.youngGenerationCap). Stage boundaries alone came too late: V8 grew the
 * young generation from 16 to 32 MB inside format:ts, one stage of many files, before any check saw 16 MB.
 */
let atStageBoundary: (() => void) | undefined;

function timer(timings: Timings) {
  return async <T>(stage: string, fn: () => T | Promise<T>): Promise<T> => {
    atStageBoundary?.();
    const start = performance.now();
    try {
      return await fn();
    } finally {
      timings[stage] = (timings[stage] ?? 0) + performance.now() - start;
      atStageBoundary?.();
    }
  };
}

/** Path of the model as shown in diagnostics and headers: relative to the working directory when inside it. */
export function displayPath(path: string, base = process.cwd()): string {
  const rel = relative(base, path);
  return rel && !rel.startsWith('..') ? rel.split('\\').join('/') : path;
}

/** Load, validate and build the IR; stops at the first stage that reports errors. */
export async function buildModel(modelPath: string = DEFAULT_MODEL): Promise<ModelResult> {
  const timings: Timings = {};
  const time = timer(timings);
  const loadedResult = await time('load', () => loadModelFile(modelPath, displayPath(modelPath)));
  return buildLoadedModel(loadedResult, resolve(modelPath), timings);
}

/** The same pipeline for model text already in memory (tools, fuzzing); `file` is shown in diagnostics. */
export async function buildModelFromText(text: string, file: string): Promise<ModelResult> {
  const timings: Timings = {};
  const loadedResult = await timer(timings)('load', () => loadModelText(text, file));
  return buildLoadedModel(loadedResult, resolve(file), timings);
}

async function buildLoadedModel(loadedResult: LoadResult, modelPath: string, timings: Timings): Promise<ModelResult> {
  const time = timer(timings);
  const loaded = loadedResult.model;
  if (hasErrors(loadedResult.diagnostics) || !loaded) return { loaded, diagnostics: loadedResult.diagnostics, timings };
  const schemaDiagnostics = await time('validate', () => validateAgainstSchema(loaded));
  if (hasErrors(schemaDiagnostics)) return { loaded, diagnostics: schemaDiagnostics, timings };
  const model = loaded.value as ModelDef;
  const semantic = await time('semantic', () => checkSemantics(loaded, model));
  if (hasErrors(semantic)) return { loaded, diagnostics: semantic, timings };
  // The IR records the model's path relative to the project, so headers read the same on every machine.
  const source = displayPath(modelPath, PROJECT_ROOT);
  const built = await time('ir', () => buildIr(model, loaded, source, NAMERS));
  return { loaded, ir: built.ir, diagnostics: [...semantic, ...built.diagnostics], timings };
}

export interface GenerateOptions {
  modelPath?: string;
  outDir?: string;
  languages: string[];
  check?: boolean;
  /**
   * Write even where a user's file or edit would be overwritten: into a language directory that
   * has no ossgen manifest, over generated files edited since. Never through a symlink, never into
   * the file-system root or the home directory.
   */
  force?: boolean;
  /** Called once per stage as it starts, for a progress line. */
  onStage?: (stage: string) => void;
  /**
   * Stop V8's young generation growing once it reaches this many bytes (young-generation.ts: peak RSS), checked at
   * every stage; lifted when the run ends. The CLI sets it; a library caller's process is left alone by default.
   */
  youngGenerationCap?: number;
}

export interface LanguageResult {
  language: string;
  dir: string;
  files: number;
  drift: Drift;
}

export interface GenerateResult {
  diagnostics: Diagnostic[];
  /** The model's text as loaded, for code frames under diagnostics (absent when it could not be read). */
  modelText?: string;
  results: LanguageResult[];
  /** Everything that makes writing unsafe; those not overridden by `force` kept anything from being written. */
  problems: OutputProblem[];
  /** True when the output was (or, with `check`, would be) refused because of `problems`. */
  refused: boolean;
  timings: Timings;
}

/** Formats and heads one file of a language exactly as the writer puts it on disk. */
export async function finishFile(file: OutputFile, language: LanguageDescriptor, modelSource: string): Promise<OutputFile> {
  atStageBoundary?.();
  const formatted = await formatFile(file, language.sourceFiles);
  atStageBoundary?.();
  return addHeader(formatted, modelSource, language.sourceFiles);
}

/** The samples among a language's finished files, in the docs' order (SAMPLE_IDS, then path). */
export function samplesOf(language: LanguageDescriptor, files: readonly OutputFile[]): LanguageSamples {
  const order = (id: string) => {
    const index = (SAMPLE_IDS as readonly string[]).indexOf(id);
    return index < 0 ? SAMPLE_IDS.length : index;
  };
  const samples = files
    .filter((f): f is OutputFile & { sample: string } => f.sample !== undefined)
    .map((f) => ({ id: f.sample, path: f.path, content: f.content }))
    .sort((a, b) => order(a.id) - order(b.id) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { language, samples };
}

/**
 * Stage "samples": every client language's samples, finished like the rest of its files, for an
 * emitter that embeds them (the docs). A language emitted in this run hands over the files it
 * already produced (`emitted`); any other renders only its samples.
 */
export async function collectSamples(ir: IrModel, emitted: ReadonlyMap<Emitter, OutputFile[]>, timings: Timings = {}): Promise<LanguageSamples[]> {
  const time = timer(timings);
  const ctx: EmitContext = { modelSource: ir.source, templatesDir: TEMPLATES_DIR, samples: [] };
  const result: LanguageSamples[] = [];
  for (const emitter of EMITTERS) {
    if (emitter.usesSamples) continue;
    let files = emitted.get(emitter);
    if (!files) {
      const render = emitter.samples?.bind(emitter);
      if (!render) continue;
      files = await time(`samples:${emitter.language.id}`, async () =>
        Promise.all((await render(ir, ctx)).map((f) => finishFile(f, emitter.language, ir.source))),
      );
    }
    const samples = samplesOf(emitter.language, files);
    if (samples.samples.length > 0) result.push(samples);
  }
  return result;
}

/**
 * Emits, formats and heads one language's files: exactly the bytes the writer puts on disk.
 * `samples` is what an emitter with `usesSamples` embeds (collectSamples); others ignore it.
 */
export async function emitFiles(emitter: Emitter, ir: IrModel, timings: Timings = {}, samples: LanguageSamples[] = []): Promise<OutputFile[]> {
  return (await emitThenFormat(emitter, ir, timings, samples)).finished;
}

/**
 * emitFiles in two steps: resolves once the emitter has run, with `finished`, the formatting still under way
 * (in the format pool's workers when the run has one), so the caller can emit the next language meanwhile.
 */
async function emitThenFormat(emitter: Emitter, ir: IrModel, timings: Timings, samples: LanguageSamples[]): Promise<{ finished: Promise<OutputFile[]> }> {
  const time = timer(timings);
  const id = emitter.language.id;
  const ctx: EmitContext = { modelSource: ir.source, templatesDir: TEMPLATES_DIR, samples };
  const files = await time(`emit:${id}`, () => emitter.emit(ir, ctx));
  const finished = time(`format:${id}`, () => Promise.all(files.map((f) => finishFile(f, emitter.language, ir.source)))).then((done) =>
    done.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  );
  return { finished };
}

/** The prettier parsers a run of these languages will use, for the format pool's workers to load up front. */
function parsersFor(languages: readonly string[]): string[] {
  const parsers = ['markdown', 'json'];
  if (languages.includes('ts') || languages.includes('docs')) parsers.unshift(prettierParser('x.ts', typescriptLanguage.sourceFiles) ?? 'typescript');
  if (languages.includes('docs')) parsers.push('html', 'css');
  return parsers;
}

export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  // The format pool's workers start first, so they load prettier while this thread loads the model and emits;
  // this thread formats its share in between (prettierHere).
  const workers = formatWorkerCount();
  const pool = workers > 0 ? startFormatPool(workers, PRETTIER_OPTIONS, parsersFor(options.languages), prettierHere) : undefined;
  useFormatPool(pool);
  const ceiling = options.youngGenerationCap === undefined ? undefined : youngGenerationCeiling(options.youngGenerationCap);
  atStageBoundary = ceiling?.check;
  try {
    return await generateWith(options);
  } finally {
    atStageBoundary = undefined;
    ceiling?.release();
    useFormatPool(undefined);
    await pool?.close();
  }
}

async function generateWith(options: GenerateOptions): Promise<GenerateResult> {
  const modelResult = await buildModel(options.modelPath ?? DEFAULT_MODEL);
  const timings = { ...modelResult.timings };
  const time = timer(timings);
  if (!modelResult.ir) return { diagnostics: modelResult.diagnostics, modelText: modelResult.loaded?.text, results: [], problems: [], refused: false, timings };
  const ir = modelResult.ir;
  const outDir = resolve(options.outDir ?? DEFAULT_OUT);
  const mode = options.check ? 'check' : 'write';
  // Every language is emitted and every output directory inspected before anything is written,
  // so a refusal for one language leaves all of them untouched.
  const emitters = options.languages.map((language) => {
    const emitter = emitterFor(language);
    if (!emitter) throw new Error(`no emitter for ${language}`); // the CLI checks languages first
    return emitter;
  });
  // The root and the home directory are refused before anything runs (emitting runs formatters).
  const forbidden = await forbiddenOutputDirs([outDir, ...emitters.map((e) => resolve(outDir, e.language.outDir))]);
  if (forbidden.length) return { diagnostics: modelResult.diagnostics, results: [], problems: forbidden, refused: true, timings };
  // Each language's output directory is inspected (check: compared) as soon as its files are finished, while the
  // languages after it are still emitted and formatted, instead of all one after another at the end (issue #16:
  // --check was slower than generating). Nothing is written before every plan is made.
  const plans: { language: string; plan: LanguagePlan; files: number }[] = [];
  // Languages that embed others' samples run last, after those they embed (stage "samples").
  const ordered = [...emitters.filter((e) => !e.usesSamples), ...emitters.filter((e) => e.usesSamples)];
  const emitted = new Map<Emitter, OutputFile[]>();
  // Each language's files are formatted while the next language is emitted (stage format:<lang> overlaps the
  // emit stages that follow it when the format pool runs); the docs wait for the languages whose samples they embed.
  const formatting: Promise<void>[] = [];
  const planning: Promise<void>[] = [];
  for (const emitter of ordered) {
    const language = emitter.language.id;
    let samples: LanguageSamples[] = [];
    if (emitter.usesSamples) {
      await Promise.all(formatting);
      options.onStage?.('samples');
      samples = await collectSamples(ir, emitted, timings);
    }
    options.onStage?.(`emit ${language}`);
    const { finished } = await emitThenFormat(emitter, ir, timings, samples);
    const done = finished.then((files) => {
      emitted.set(emitter, files);
      const output: LanguageOutput = { dir: resolve(outDir, emitter.language.outDir), files, buildArtifacts: emitter.language.buildArtifacts, modelSource: ir.source };
      const planned = time(`${mode}:${language}`, () => {
        options.onStage?.(`${options.check ? 'check' : 'inspect'} ${language}`);
        return planLanguage(output, { force: options.force, root: outDir });
      }).then((plan) => {
        plans.push({ language, plan, files: files.length + 1 });
      });
      planned.catch(() => undefined); // reported by the Promise.all below
      planning.push(planned);
    });
    done.catch(() => undefined); // reported by the Promise.all below, not as an unhandled rejection meanwhile
    formatting.push(done);
  }
  await Promise.all(formatting);
  await Promise.all(planning);
  // Reported (and written) in the order asked for, whatever order the plans were made in.
  plans.sort((a, b) => options.languages.indexOf(a.language) - options.languages.indexOf(b.language));
  const problems = plans.flatMap((p) => p.plan.problems);
  const refused = problems.some((p) => !(options.force && p.forceable));
  if (!options.check && !refused) await writeSideBySide(plans, options, time);
  const results = plans.map(({ language, plan, files }) => ({ language, dir: plan.output.dir, files, drift: plan.drift }));
  return { diagnostics: modelResult.diagnostics, results, problems, refused, timings };
}

/**
 * Each language's plan is applied in its own directory, all of them side by side: the writes wait on fsync
 * (every file is synced before its rename), so one language after another left the main thread idle at the end
 * of a run (issue #16, s8-gen-all: ~11% of a cold `--lang all`). Every language's writes run to their end even
 * when another's stops on a disk that changed under it; then the problems of all that stopped are reported
 * together (UnsafeOutputError), and any other error as it is.
 */
async function writeSideBySide(
  plans: readonly { language: string; plan: LanguagePlan }[],
  options: GenerateOptions,
  time: ReturnType<typeof timer>,
): Promise<void> {
  const settled = await Promise.allSettled(
    plans.map(({ language, plan }) => {
      options.onStage?.(`write ${language}`);
      return time(`write:${language}`, () => applyPlan(plan));
    }),
  );
  const failures = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (failures.length === 0) return;
  const other = failures.find((err) => !(err instanceof UnsafeOutputError));
  if (other !== undefined) throw other;
  throw new UnsafeOutputError(failures.flatMap((err) => (err as UnsafeOutputError).problems));
}
