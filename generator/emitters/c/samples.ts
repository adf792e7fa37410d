/**
 * The C samples (append from memory, append from a file, resume from the current length), rendered
 * once for out/c/examples/ and exported for the docs, which embed the same programs.
 */
import { fileURLToPath } from 'node:url';
import type { IrModel } from '../../ir/types.js';
import { loadTemplates, type TemplateSet } from '../../render/handlebars.js';
import { C_HELPERS } from './helpers.js';
import { buildViewModel, type CViewModel } from './view-model.js';

export type CSampleId = 'append-from-memory' | 'append-from-file' | 'resume';

export interface CSample {
  id: CSampleId;
  /** Path under out/c. */
  path: string;
  /** The program, without the generated-file header. */
  content: string;
}

const SAMPLES: { id: CSampleId; template: string; file: string }[] = [
  { id: 'append-from-memory', template: 'examples/append_from_memory.c', file: 'examples/append_from_memory.c' },
  { id: 'append-from-file', template: 'examples/append_from_file.c', file: 'examples/append_from_file.c' },
  { id: 'resume', template: 'examples/resume.c', file: 'examples/resume.c' },
];

export function renderSamples(templates: TemplateSet, vm: CViewModel): CSample[] {
  return SAMPLES.map((s) => ({ id: s.id, path: s.file, content: templates.render(s.template, vm) }));
}

const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL('../../../templates', import.meta.url));

/** The samples for a model, as the docs show them. */
export function cSamples(ir: IrModel, templatesDir: string = DEFAULT_TEMPLATES_DIR): CSample[] {
  return renderSamples(loadTemplates(templatesDir, 'c', C_HELPERS), buildViewModel(ir));
}
