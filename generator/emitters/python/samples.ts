/**
 * The Python samples, executable scripts under out/python/examples/, rendered from
 * templates/python/examples/. The pipeline formats them and hands them to the docs.
 */
import type { TemplateSet } from '../../render/handlebars.js';
import { SAMPLE_IDS } from '../sample-ids.js';
import type { OutputFile } from '../types.js';
import type { PythonView } from './view-model/index.js';

export function renderSamples(templates: TemplateSet, view: PythonView): OutputFile[] {
  return SAMPLE_IDS.map((id) => {
    const file = `examples/${id.replace(/-/g, '_')}.py`;
    return { path: file, content: templates.render(file, view), executable: true, sample: id };
  });
}
