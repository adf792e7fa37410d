/**
 * The Ruby samples, executable scripts under out/ruby/examples/, rendered from templates/ruby/examples/.
 * The pipeline hands them to the docs.
 */
import type { TemplateSet } from '../../render/handlebars.js';
import { SAMPLE_IDS } from '../sample-ids.js';
import type { OutputFile } from '../types.js';
import type { RubyView } from './view-model/index.js';

export function renderSamples(templates: TemplateSet, view: RubyView): OutputFile[] {
  return SAMPLE_IDS.map((id) => {
    const file = `examples/${id.replace(/-/g, '_')}.rb`;
    return { path: file, content: templates.render(file, view), executable: true, sample: id };
  });
}
