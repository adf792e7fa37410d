/**
 * The PHP samples: one script each under out/php/examples/<id>/, rendered from templates/php/examples/<id>;
 * they load the package through its autoload.php (Composer's when installed) and take the shared flags.
 */
import type { TemplateSet } from '../../render/handlebars.js';
import { SAMPLE_IDS } from '../sample-ids.js';
import type { OutputFile } from '../types.js';
import type { PhpViewModel } from './view-model/index.js';

/** The script name of each sample (PSR-1 leaves scripts free; snake_case like the other languages' files). */
export const SAMPLE_FILES: Record<string, string> = {
  'append-from-memory': 'append_from_memory.php',
  'append-from-file': 'append_from_file.php',
  resume: 'resume.php',
};

export function renderSamples(templates: TemplateSet, view: PhpViewModel): OutputFile[] {
  return SAMPLE_IDS.map((id) => ({ path: `examples/${id}/${SAMPLE_FILES[id]}`, content: templates.render(`examples/${id}`, view), sample: id }));
}
