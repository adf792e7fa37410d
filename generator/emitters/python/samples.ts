/**
 * The Python samples (append from memory, append from a file, resume), rendered from
 * templates/python/examples/. The emitter writes them to out/python/examples/; the docs embed
 * the same text through `pythonSamples`.
 */
import { fileURLToPath } from 'node:url';
import type { IrModel } from '../../ir/types.js';
import { loadTemplates, type TemplateSet } from '../../render/handlebars.js';
import { PYTHON_TEMPLATE_HELPERS } from './helpers.js';
import { buildView, type PythonView } from './view-model.js';

export type PythonSampleId = 'append-from-memory' | 'append-from-file' | 'resume';

export interface PythonSample {
  id: PythonSampleId;
  /** Path relative to out/python. */
  path: string;
  content: string;
}

const SAMPLES: { id: PythonSampleId; template: string; path: string }[] = [
  { id: 'append-from-memory', template: 'examples/append_from_memory.py', path: 'examples/append_from_memory.py' },
  { id: 'append-from-file', template: 'examples/append_from_file.py', path: 'examples/append_from_file.py' },
  { id: 'resume', template: 'examples/resume.py', path: 'examples/resume.py' },
];

const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL('../../../templates', import.meta.url));

export function renderSamples(templates: TemplateSet, view: PythonView): PythonSample[] {
  return SAMPLES.map((s) => ({ id: s.id, path: s.path, content: templates.render(s.template, view) }));
}

/** The three samples as the docs show them (no generated-file header). */
export function pythonSamples(ir: IrModel, templatesDir: string = DEFAULT_TEMPLATES_DIR): PythonSample[] {
  return renderSamples(loadTemplates(templatesDir, 'python', PYTHON_TEMPLATE_HELPERS), buildView(ir));
}
