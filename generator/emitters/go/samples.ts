/**
 * The Go samples, one `main` package each under out/go/examples/<id>/main.go, rendered from
 * templates/go/examples/<id>. The pipeline formats them and hands them to the docs.
 */
import type { TemplateSet } from '../../render/handlebars.js';
import { SAMPLE_IDS } from '../sample-ids.js';
import type { OutputFile } from '../types.js';
import type { GoViewModel } from './view-model/index.js';

export function renderSamples(templates: TemplateSet, view: GoViewModel): OutputFile[] {
  return SAMPLE_IDS.map((id) => ({ path: `examples/${id}/main.go`, content: templates.render(`examples/${id}`, view), sample: id }));
}
