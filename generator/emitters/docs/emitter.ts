/**
 * `gen --lang docs`: reference docs in English and Chinese from the IR. Per language: an index,
 * the append-upload guide, the command-line tool's page (when the CLI is generated), one reference
 * page per operation (Markdown) and one static HTML page
 * holding all of it. The embedded samples are the client languages' own sample files, exactly as
 * written to disk: the pipeline hands them over in `ctx.samples`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IrModel } from '../../ir/types.js';
import { loadTemplates } from '../../render/handlebars.js';
import type { EmitContext, Emitter, LanguageSamples, OutputFile } from '../types.js';
import { DOCS_HELPERS } from './helpers.js';
import { docsLanguage } from './language.js';
import { buildSiteView, CLI_FILE, GUIDE_FILE, HTML_FILE, INDEX_FILE } from './view-model.js';

/**
 * The HTML page's stylesheet and script (templates/docs/assets/): the same for every model, kept in prettier's
 * style (test/docs/html-layout.test.ts), so the page's printer copies them at their depth instead of asking
 * prettier's CSS and JS printers (the OutputFile's `formattedEmbeds`).
 */
function pageAssets(templatesDir: string): { style: string; script: string } {
  const dir = join(templatesDir, 'docs', 'assets');
  return { style: readFileSync(join(dir, 'style.css'), 'utf8'), script: readFileSync(join(dir, 'script.js'), 'utf8') };
}

/** The docs for given samples (in tab order). */
export function renderDocs(ir: IrModel, ctx: EmitContext, samples: readonly LanguageSamples[]): OutputFile[] {
  const templates = loadTemplates(ctx.templatesDir, 'docs', DOCS_HELPERS);
  const site = buildSiteView(ir, samples);
  const assets = pageAssets(ctx.templatesDir);
  const files: OutputFile[] = [{ path: 'README.md', content: templates.render('readme.md', site) }];
  for (const view of site.languages) {
    files.push({ path: `${view.lang}/${INDEX_FILE}`, content: templates.render('index.md', view) });
    if (view.guide) files.push({ path: `${view.lang}/${GUIDE_FILE}`, content: templates.render('guide.md', view) });
    if (view.cli) files.push({ path: `${view.lang}/${CLI_FILE}`, content: templates.render('cli.md', view) });
    for (const op of view.operations) {
      files.push({ path: `${view.lang}/${op.file}`, content: templates.render('reference.md', { ...view, op }) });
    }
    files.push({
      path: `${view.lang}/${HTML_FILE}`,
      content: templates.render('page.html', { ...view, assets }),
      formattedEmbeds: [assets.style, assets.script],
    });
  }
  return files;
}

export const docsEmitter: Emitter = {
  language: docsLanguage,
  usesSamples: true,
  async emit(ir, ctx) {
    return renderDocs(ir, ctx, ctx.samples);
  },
};
