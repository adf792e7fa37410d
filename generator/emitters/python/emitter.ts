/**
 * `gen --lang python`: an installable, standard-library-only package in out/python, rendered
 * from templates/python/ with the view model of view-model.ts.
 */
import type { Emitter, OutputFile } from '../types.js';
import { loadTemplates } from '../../render/handlebars.js';
import { PYTHON_TEMPLATE_HELPERS } from './helpers.js';
import { renderSamples } from './samples.js';
import { buildView } from './view-model.js';

/** Modules of the package, rendered from templates/python/package/<name>.py.hbs. */
const MODULES = ['__init__', '_body', '_crc64', '_operations', '_signer', '_transport', '_validate', 'appender', 'client', 'errors', 'models'];
/** Generated pytest files, from templates/python/tests/<name>.py.hbs. */
const TESTS = ['conftest', 'test_client', 'test_crc64', 'test_hostile', 'test_request_vectors', 'test_response_vectors', 'test_scenarios', 'test_simulator'];

export const pythonEmitter: Emitter = {
  language: 'python',
  displayName: 'Python',
  outDir: 'python',
  buildArtifacts: ['__pycache__/', '.pytest_cache/', '.mypy_cache/', '.ruff_cache/', '*.egg-info/', 'build/', 'dist/', '.venv/', 'venv/', '.tox/', '.nox/', 'htmlcov/', '.coverage'],
  async emit(ir, ctx) {
    const templates = loadTemplates(ctx.templatesDir, 'python', PYTHON_TEMPLATE_HELPERS);
    const view = buildView(ir);
    const pkgDir = `src/${ir.service.packages.python}`;
    const files: OutputFile[] = [
      { path: 'pyproject.toml', content: templates.render('pyproject.toml', view) },
      { path: 'README.md', content: templates.render('README.md', view) },
      { path: `${pkgDir}/py.typed`, content: '', header: false },
      ...MODULES.map((name) => ({ path: `${pkgDir}/${name}.py`, content: templates.render(`package/${name}.py`, view) })),
      { path: 'tests/__init__.py', content: '' },
      ...TESTS.map((name) => ({ path: `tests/${name}.py`, content: templates.render(`tests/${name}.py`, view) })),
      ...renderSamples(templates, view).map((s) => ({ path: s.path, content: s.content, executable: true })),
    ];
    return files;
  },
};
