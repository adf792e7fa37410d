/**
 * `gen --lang python`: an installable, standard-library-only package in out/python. Model-dependent
 * modules are rendered from templates/python/ with the view model of view-model/; the static ones
 * are copied verbatim from runtime/python/ossgen_runtime/ (ordinary Python, type-checked, linted and
 * unit-tested where it lives) and read the model's values from the generated `_protocol.py`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectPath } from '../../paths.js';
import { loadTemplates } from '../../render/handlebars.js';
import type { Emitter, OutputFile } from '../types.js';
import { PYTHON_TEMPLATE_HELPERS } from './helpers.js';
import { pythonLanguage } from './language.js';
import { renderSamples } from './samples.js';
import { buildView } from './view-model/index.js';

/** Modules of the package, rendered from templates/python/package/<name>.py.hbs. */
const MODULES = ['__init__', '_operations', '_protocol', 'appender', 'client', 'errors', 'models'];
/** Generated pytest files, from templates/python/tests/<name>.py.hbs. */
const TESTS = ['conftest', 'test_client', 'test_crc64', 'test_hostile', 'test_request_vectors', 'test_response_vectors', 'test_scenarios', 'test_simulator'];

/** The static modules: runtime/python/ossgen_runtime/*.py. */
export const PYTHON_RUNTIME_DIR = projectPath('runtime/python/ossgen_runtime');
/** Files of the runtime folder that exist only to work on it there: the package marker and a stand-in for the generated `_protocol.py`. */
const RUNTIME_ONLY = new Set(['__init__.py', '_protocol.py']);

/** The static modules copied into the package, sorted by name (deterministic output). */
export function pythonRuntimeFiles(): { name: string; content: string }[] {
  return readdirSync(PYTHON_RUNTIME_DIR)
    .filter((name) => name.endsWith('.py') && !RUNTIME_ONLY.has(name))
    .sort()
    .map((name) => ({ name, content: readFileSync(join(PYTHON_RUNTIME_DIR, name), 'utf8') }));
}

export const pythonEmitter: Emitter = {
  language: pythonLanguage,
  async emit(ir, ctx) {
    const templates = loadTemplates(ctx.templatesDir, 'python', PYTHON_TEMPLATE_HELPERS);
    const view = buildView(ir);
    const pkgDir = `src/${ir.service.packages.python}`;
    const files: OutputFile[] = [
      { path: 'pyproject.toml', content: templates.render('pyproject.toml', view) },
      { path: 'README.md', content: templates.render('README.md', view) },
      { path: `${pkgDir}/py.typed`, content: '', header: false },
      ...MODULES.map((name) => ({ path: `${pkgDir}/${name}.py`, content: templates.render(`package/${name}.py`, view) })),
      ...pythonRuntimeFiles().map((f) => ({ path: `${pkgDir}/${f.name}`, content: f.content })),
      { path: 'tests/__init__.py', content: '' },
      ...TESTS.map((name) => ({ path: `tests/${name}.py`, content: templates.render(`tests/${name}.py`, view) })),
      ...renderSamples(templates, view),
    ];
    // Presigned URLs exist only when the model has both schemes' query-string forms.
    if (view.hasPresign) files.push({ path: 'tests/test_presign.py', content: templates.render('tests/test_presign.py', view) });
    return files;
  },
  async samples(ir, ctx) {
    return renderSamples(loadTemplates(ctx.templatesDir, 'python', PYTHON_TEMPLATE_HELPERS), buildView(ir));
  },
};
