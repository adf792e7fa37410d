/**
 * `gen --lang cli`: a command-line tool, one static Go binary over the generated Go client (out/go,
 * through a `replace` in go.mod; standard library only). The static part, runtime/cli/ (the parser,
 * help, completion, configuration, progress and the task commands), is copied verbatim; the
 * model-dependent part is rendered from templates/cli/: the operations as data (flags, printed
 * fields, en/zh docs), the adapter over the Go client, and the tests that run the binary against
 * the simulator.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IrModel } from '../../ir/types.js';
import { loadTemplates, type TemplateSet } from '../../render/handlebars.js';
import type { Emitter, OutputFile } from '../types.js';
import { CLI_HELPERS } from './helpers.js';
import { cliLanguage } from './language.js';
import { renderSamples } from './samples.js';
import { buildCliViewModel, type CliViewModel } from './view-model/index.js';

/** Template name → output path; examples come from samples.ts. */
const FILES: readonly [template: string, path: string][] = [
  ['go.mod', 'go.mod'],
  ['README.md', 'README.md'],
  ['model.go', 'model.go'],
  ['operations.go', 'operations.go'],
  ['client.go', 'client.go'],
  ['cli_test.go', 'cli_test.go'],
];

/**
 * The static runtime: package main in runtime/cli/, compiled, vetted and tested there with
 * standin.go (not copied) in place of the generated files.
 */
export const CLI_RUNTIME_FILES: readonly string[] = ['completion.go', 'config.go', 'describe.go', 'help.go', 'main.go', 'progress.go', 'subcommands.go', 'tasks.go'];

/** runtime/cli/ beside templates/ at the project root. */
export function cliRuntimeDir(templatesDir: string): string {
  return join(templatesDir, '..', 'runtime', 'cli');
}

function prepare(ir: IrModel, templatesDir: string): { view: CliViewModel; templates: TemplateSet } {
  return { view: buildCliViewModel(ir), templates: loadTemplates(templatesDir, 'cli', CLI_HELPERS) };
}

export const cliEmitter: Emitter = {
  language: cliLanguage,
  async emit(ir, ctx): Promise<OutputFile[]> {
    const { view, templates } = prepare(ir, ctx.templatesDir);
    const files: OutputFile[] = FILES.map(([template, path]) => ({ path, content: templates.render(template, view) }));
    for (const name of CLI_RUNTIME_FILES) {
      files.push({ path: name, content: readFileSync(join(cliRuntimeDir(ctx.templatesDir), name), 'utf8'), formatted: true });
    }
    files.push(...renderSamples(templates, view));
    return files;
  },
  async samples(ir, ctx) {
    const { view, templates } = prepare(ir, ctx.templatesDir);
    return renderSamples(templates, view);
  },
};
