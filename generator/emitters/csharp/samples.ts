/**
 * The C# samples, console programs under out/csharp/examples/ (one Main each, compiled against the
 * library), rendered from templates/csharp/examples/. The pipeline hands them to the docs.
 */
import type { TemplateSet } from '../../render/handlebars.js';
import { SAMPLE_IDS } from '../sample-ids.js';
import type { OutputFile } from '../types.js';
import type { CsharpView } from './view-model/index.js';

/** `append-from-memory` → `AppendFromMemory`. */
export function sampleClass(id: string): string {
  return id
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

export function renderSamples(templates: TemplateSet, view: CsharpView): OutputFile[] {
  return SAMPLE_IDS.map((id) => {
    const file = `examples/${sampleClass(id)}.cs`;
    return { path: file, content: templates.render(file, view), sample: id };
  });
}
