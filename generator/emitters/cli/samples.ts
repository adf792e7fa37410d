/**
 * The CLI samples: one shell script each under out/cli/examples/<id>.sh, rendered from
 * templates/cli/examples/<id>; they run the built tool (PROGRAM, default the name on PATH).
 */
import type { TemplateSet } from '../../render/handlebars.js';
import { SAMPLE_IDS } from '../sample-ids.js';
import type { OutputFile } from '../types.js';
import type { CliViewModel } from './view-model/index.js';

export function renderSamples(templates: TemplateSet, view: CliViewModel): OutputFile[] {
  return SAMPLE_IDS.map((id) => ({ path: `examples/${id}.sh`, content: templates.render(`examples/${id}`, view), sample: id, executable: true }));
}
