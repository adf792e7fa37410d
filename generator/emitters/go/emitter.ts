/**
 * `gen --lang go`: a Go module (standard library only): the static runtime of runtime/go/ copied
 * verbatim (only its package clause is set), and the model-dependent files rendered from
 * templates/go/ with the view model of view-model/. Both are in gofmt's layout as emitted (alignment in the
 * view models); no gofmt runs at generation: the pipeline prints the doc comments as gofmt would
 * (render/go-doc-comments.ts), and test/foundation/gofmt-clean.test.ts runs gofmt -l over the Go of the bundled,
 * 50-operation and hostile models.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IrModel } from '../../ir/types.js';
import { loadTemplates, type TemplateSet } from '../../render/handlebars.js';
import type { Emitter, OutputFile } from '../types.js';
import { GO_HELPERS } from './helpers.js';
import { goLanguage } from './language.js';
import { renderSamples } from './samples.js';
import { buildGoViewModel, type GoViewModel } from './view-model/index.js';

/** Template name → output path; examples come from samples.ts. */
const FILES: readonly [template: string, path: string][] = [
  ['go.mod', 'go.mod'],
  ['README.md', 'README.md'],
  ['doc.go', 'doc.go'],
  ['client.go', 'client.go'],
  ['signer.go', 'signer.go'],
  ['protocol.go', 'protocol.go'],
  ['errors.go', 'errors.go'],
  ['types.go', 'types.go'],
  ['operations.go', 'operations.go'],
  ['appender.go', 'appender.go'],
  ['testing_test.go', 'testing_test.go'],
  ['vectors_test.go', 'vectors_test.go'],
  ['scenarios_test.go', 'scenarios_test.go'],
  ['appender_test.go', 'appender_test.go'],
  ['hostile_test.go', 'hostile_test.go'],
  ['sim_test.go', 'sim_test.go'],
];

/**
 * The static runtime: ordinary Go source in runtime/go/ (a package of its own there, compiled,
 * vetted and unit-tested with a stand-in for the generated names, standin.go, which is not
 * copied). These files need no model value beyond the constants of the generated protocol.go.
 */
export const GO_RUNTIME_FILES: readonly string[] = [
  'body.go',
  'conn.go',
  'crc64.go',
  'crc64_amd64.go',
  'crc64_generic.go',
  'errortypes.go',
  'request.go',
  'retry.go',
  'timelimit.go',
  'validate.go',
];

/** The runtime's Go assembly (the CRC-64 kernel of crc64_amd64.go): no package clause, copied as it is. */
export const GO_RUNTIME_ASSEMBLY: readonly string[] = ['crc64_amd64.s'];

/** runtime/go/ beside templates/ at the project root. */
export function goRuntimeDir(templatesDir: string): string {
  return join(templatesDir, '..', 'runtime', 'go');
}

/** A runtime file as it goes into the generated package: its package clause set to the model's. */
export function runtimeSource(source: string, packageName: string): string {
  const clause = /^package \w+$/m;
  if (!clause.test(source)) throw new Error('go emitter: a runtime file without a package clause');
  return source.replace(clause, `package ${packageName}`);
}

function prepare(ir: IrModel, templatesDir: string): { view: GoViewModel; templates: TemplateSet } {
  return { view: buildGoViewModel(ir), templates: loadTemplates(templatesDir, 'go', GO_HELPERS) };
}

export const goEmitter: Emitter = {
  language: goLanguage,
  async emit(ir, ctx): Promise<OutputFile[]> {
    const { view, templates } = prepare(ir, ctx.templatesDir);
    const files: OutputFile[] = FILES.map(([template, path]) => ({ path, content: templates.render(template, view) }));
    // Presigned URLs exist only when the model has both schemes' query-string forms.
    if (view.presign) files.push({ path: 'presign_test.go', content: templates.render('presign_test.go', view) });
    for (const name of GO_RUNTIME_FILES) {
      files.push({ path: name, content: runtimeSource(readFileSync(join(goRuntimeDir(ctx.templatesDir), name), 'utf8'), view.packageName) });
    }
    for (const name of GO_RUNTIME_ASSEMBLY) files.push({ path: name, content: readFileSync(join(goRuntimeDir(ctx.templatesDir), name), 'utf8') });
    files.push(...renderSamples(templates, view));
    return files;
  },
  async samples(ir, ctx) {
    const { view, templates } = prepare(ir, ctx.templatesDir);
    return renderSamples(templates, view);
  },
};
