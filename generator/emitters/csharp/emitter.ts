/**
 * `gen --lang csharp`: a C# library in out/csharp (C# 7, netstandard2.0 and Mono: System.Net.Http only).
 * Model-dependent files are rendered from templates/csharp/ with the view model of view-model/; the static
 * ones are copied from runtime/csharp/src/ (ordinary C#, compiled and tested where it lives) with their
 * namespace set to the library's.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTemplates } from '../../render/handlebars.js';
import type { Emitter, OutputFile } from '../types.js';
import { CSHARP_HELPERS } from './helpers.js';
import { csharpLanguage } from './language.js';
import { renderSamples } from './samples.js';
import { buildView } from './view-model/index.js';

/** The namespace every runtime file opens where it lives; the emitter puts the library's in its place. */
export const RUNTIME_NAMESPACE = 'OssgenRuntime';
/** Library sources rendered from templates/csharp/src/<name>.cs.hbs. */
export const GENERATED_SOURCES = ['Protocol', 'Operations', 'Models', 'ServiceErrors', 'Client'];
/** Generated NUnit files, from templates/csharp/tests/<name>.cs.hbs. */
const TESTS = ['TestSupport', 'ClientTests', 'Crc64Tests', 'RequestVectorTests', 'ResponseVectorTests', 'ScenarioTests', 'SimulatorTests', 'AppenderTests'];

export function runtimeDir(templatesDir: string): string {
  return join(templatesDir, '..', 'runtime', 'csharp', 'src');
}

/** A runtime file as it goes into the library: its namespace set to the library's. */
export function runtimeSource(source: string, namespace: string): string {
  const clause = `\nnamespace ${RUNTIME_NAMESPACE}\n`;
  if (!source.includes(clause)) throw new Error(`csharp emitter: a runtime file without "namespace ${RUNTIME_NAMESPACE}"`);
  return source.replace(clause, `\nnamespace ${namespace}\n`);
}

/** The static runtime files, sorted by name (deterministic output). */
export function csharpRuntimeFiles(templatesDir: string): { name: string; content: string }[] {
  const dir = runtimeDir(templatesDir);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.cs'))
    .sort()
    .map((name) => ({ name, content: readFileSync(join(dir, name), 'utf8') }));
}

export const csharpEmitter: Emitter = {
  language: csharpLanguage,
  async emit(ir, ctx) {
    const templates = loadTemplates(ctx.templatesDir, 'csharp', CSHARP_HELPERS);
    const view = buildView(ir);
    const files: OutputFile[] = [
      { path: `${view.assembly}.csproj`, content: templates.render('project.csproj', view) },
      { path: 'README.md', content: templates.render('README.md', view) },
      { path: 'build.sh', content: templates.render('build.sh', view), executable: true },
      ...GENERATED_SOURCES.map((name) => ({ path: `src/${name}.cs`, content: templates.render(`src/${name}.cs`, view) })),
      ...csharpRuntimeFiles(ctx.templatesDir).map((f) => ({ path: `src/${f.name}`, content: runtimeSource(f.content, view.namespace) })),
      ...TESTS.map((name) => ({ path: `tests/${name}.cs`, content: templates.render(`tests/${name}.cs`, view) })),
      ...renderSamples(templates, view),
    ];
    if (view.presignAvailable) files.push({ path: 'tests/PresignVectorTests.cs', content: templates.render('tests/PresignVectorTests.cs', view) });
    return files;
  },
  async samples(ir, ctx) {
    return renderSamples(loadTemplates(ctx.templatesDir, 'csharp', CSHARP_HELPERS), buildView(ir));
  },
};
