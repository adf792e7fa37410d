/**
 * `gen --lang ruby`: a gem in out/ruby (Ruby >= 3.1, standard library only). Model-dependent files are
 * rendered from templates/ruby/ with the view model of view-model/; the static ones are copied from
 * runtime/ruby/lib/ossgen_runtime/ (ordinary Ruby, tested where it lives) with their module set to the gem's.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTemplates } from '../../render/handlebars.js';
import type { Emitter, OutputFile } from '../types.js';
import { RUBY_HELPERS } from './helpers.js';
import { rubyLanguage } from './language.js';
import { renderSamples } from './samples.js';
import { buildView } from './view-model/index.js';

/** The module every runtime file opens where it lives; the emitter puts the gem's module in its place. */
export const RUNTIME_MODULE = 'OssgenRuntime';
/** Stand-ins for generated files, there only so the runtime can be tested where it lives. */
const RUNTIME_ONLY = new Set(['protocol.rb', 'operations.rb', 'models.rb', 'service_errors.rb']);
/** Files of the gem's lib/<gem>/ rendered from templates/ruby/lib/<name>.rb.hbs. */
const LIB = ['version', 'protocol', 'operations', 'service_errors', 'models', 'client'];
/** Generated minitest files, from templates/ruby/test/<name>.rb.hbs. */
const TESTS = ['test_helper', 'crc64_test', 'request_vectors_test', 'response_vectors_test', 'scenarios_test', 'simulator_test', 'appender_test'];

function runtimeDir(templatesDir: string): string {
  return join(templatesDir, '..', 'runtime', 'ruby', 'lib', 'ossgen_runtime');
}

/** A runtime file as it goes into the gem: its module set to the gem's. */
export function runtimeSource(source: string, moduleName: string): string {
  const clause = `\nmodule ${RUNTIME_MODULE}\n`;
  if (!source.includes(clause)) throw new Error(`ruby emitter: a runtime file without "module ${RUNTIME_MODULE}"`);
  return source.replace(clause, `\nmodule ${moduleName}\n`);
}

/** The static runtime files, sorted by name (deterministic output). */
export function rubyRuntimeFiles(templatesDir: string): { name: string; content: string }[] {
  const dir = runtimeDir(templatesDir);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.rb') && !RUNTIME_ONLY.has(name))
    .sort()
    .map((name) => ({ name, content: readFileSync(join(dir, name), 'utf8') }));
}

export const rubyEmitter: Emitter = {
  language: rubyLanguage,
  async emit(ir, ctx) {
    const templates = loadTemplates(ctx.templatesDir, 'ruby', RUBY_HELPERS);
    const view = buildView(ir);
    const lib = `lib/${view.gem}`;
    const files: OutputFile[] = [
      { path: `${view.gem}.gemspec`, content: templates.render('gemspec', view) },
      { path: 'README.md', content: templates.render('README.md', view) },
      // Static text, in prettier's YAML style already (test/foundation/formatted.test.ts): prettier's YAML plugin is never loaded for it.
      { path: '.rubocop.yml', content: templates.render('rubocop.yml', view), formatted: true },
      { path: `lib/${view.gem}.rb`, content: templates.render('lib/main.rb', view) },
      ...LIB.map((name) => ({ path: `${lib}/${name}.rb`, content: templates.render(`lib/${name}.rb`, view) })),
      ...rubyRuntimeFiles(ctx.templatesDir).map((f) => ({ path: `${lib}/${f.name}`, content: runtimeSource(f.content, view.module) })),
      ...TESTS.map((name) => ({ path: `test/${name}.rb`, content: templates.render(`test/${name}.rb`, view) })),
      ...renderSamples(templates, view),
    ];
    if (view.presignAvailable) files.push({ path: 'test/presign_test.rb', content: templates.render('test/presign_test.rb', view) });
    return files;
  },
  async samples(ir, ctx) {
    return renderSamples(loadTemplates(ctx.templatesDir, 'ruby', RUBY_HELPERS), buildView(ir));
  },
};
