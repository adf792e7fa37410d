/**
 * `gen --lang docs`: reference docs in English and Chinese from the IR. Per language: an index,
 * the append-upload guide, one reference page per operation (Markdown) and one static HTML page
 * holding all of it; the embedded samples are the language emitters' own sample files.
 */
import type { IrModel } from '../../ir/types.js';
import { loadTemplates } from '../../render/handlebars.js';
import type { EmitContext, Emitter, OutputFile } from '../types.js';
import { DOCS_HELPERS } from './helpers.js';
import { loadAllSamples, type LoadedLanguage } from './sample-sources.js';
import { buildSiteView, GUIDE_FILE, HTML_FILE, INDEX_FILE } from './view-model.js';

/** The docs for given samples (the emitter passes every language's declared samples). */
export function renderDocs(ir: IrModel, ctx: EmitContext, samples: LoadedLanguage[]): OutputFile[] {
  const templates = loadTemplates(ctx.templatesDir, 'docs', DOCS_HELPERS);
  const site = buildSiteView(ir, samples);
  const files: OutputFile[] = [{ path: 'README.md', content: templates.render('readme.md', site) }];
  for (const view of site.languages) {
    files.push({ path: `${view.lang}/${INDEX_FILE}`, content: templates.render('index.md', view) });
    if (view.guide) files.push({ path: `${view.lang}/${GUIDE_FILE}`, content: templates.render('guide.md', view) });
    for (const op of view.operations) {
      files.push({ path: `${view.lang}/${op.file}`, content: templates.render('reference.md', { ...view, op }) });
    }
    files.push({ path: `${view.lang}/${HTML_FILE}`, content: templates.render('page.html', view) });
  }
  return files;
}

export const docsEmitter: Emitter = {
  language: 'docs',
  displayName: 'Docs (Markdown and HTML, en/zh)',
  outDir: 'docs',
  buildArtifacts: [],
  async emit(ir, ctx) {
    return renderDocs(ir, ctx, await loadAllSamples(ir));
  },
};
