/**
 * The C samples, one program each under out/c/examples/, rendered from templates/c/examples/.
 * The pipeline formats them and hands them to the docs.
 */
import type { TemplateSet } from '../../render/handlebars.js';
import { SAMPLE_IDS } from '../sample-ids.js';
import type { OutputFile } from '../types.js';
import type { CViewModel } from './view-model/index.js';

export function renderSamples(templates: TemplateSet, vm: CViewModel): OutputFile[] {
  return SAMPLE_IDS.map((id) => {
    const file = `examples/${id.replace(/-/g, '_')}.c`;
    return { path: file, content: templates.render(file, vm), sample: id };
  });
}
