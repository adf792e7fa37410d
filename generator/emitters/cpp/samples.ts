/**
 * The C++ samples, one program each under out/cpp/examples/, rendered from templates/cpp/examples/; the
 * pipeline hands them to the docs (the C++ tab).
 */
import type { TemplateSet } from '../../render/handlebars.js';
import { SAMPLE_IDS } from '../sample-ids.js';
import type { OutputFile } from '../types.js';
import type { CppViewModel } from './view-model/index.js';

export function renderSamples(templates: TemplateSet, vm: CppViewModel): OutputFile[] {
  return SAMPLE_IDS.map((id) => {
    const file = `examples/${id.replace(/-/g, '_')}.cpp`;
    return { path: file, content: templates.render(file, vm), sample: id };
  });
}
