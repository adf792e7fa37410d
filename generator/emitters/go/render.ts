/** Loads the Go templates with the Go helpers and builds the view model: shared by the emitter and samples. */
import type { IrModel } from '../../ir/types.js';
import { loadTemplates, type TemplateSet } from '../../render/handlebars.js';
import { GO_HELPERS } from './helpers.js';
import { buildGoViewModel, type GoViewModel } from './view-model.js';

export function renderGo(ir: IrModel, templatesDir: string): { view: GoViewModel; templates: TemplateSet } {
  return { view: buildGoViewModel(ir), templates: loadTemplates(templatesDir, 'go', GO_HELPERS) };
}
