/**
 * `gen --lang go`: a Go module (standard library only) rendered from templates/go/ with the
 * view model of view-model.ts. The pipeline gofmts every .go file afterwards; the templates are
 * written to be gofmt-clean already, so that step changes nothing.
 */
import type { Emitter, OutputFile } from '../types.js';
import { renderGo } from './render.js';
import { SAMPLES } from './samples.js';

/** Template name → output path; examples come from samples.ts. */
const FILES: readonly [template: string, path: string][] = [
  ['go.mod', 'go.mod'],
  ['README.md', 'README.md'],
  ['doc.go', 'doc.go'],
  ['client.go', 'client.go'],
  ['signer.go', 'signer.go'],
  ['body.go', 'body.go'],
  ['errors.go', 'errors.go'],
  ['types.go', 'types.go'],
  ['operations.go', 'operations.go'],
  ['validate.go', 'validate.go'],
  ['appender.go', 'appender.go'],
  ['testing_test.go', 'testing_test.go'],
  ['vectors_test.go', 'vectors_test.go'],
  ['scenarios_test.go', 'scenarios_test.go'],
  ['appender_test.go', 'appender_test.go'],
  ['hostile_test.go', 'hostile_test.go'],
  ['sim_test.go', 'sim_test.go'],
];

export const goEmitter: Emitter = {
  language: 'go',
  displayName: 'Go',
  outDir: 'go',
  // `go build` inside a sample's folder leaves a binary named after the folder.
  buildArtifacts: ['vendor/', '*.test', ...SAMPLES.map((s) => `examples/${s.id}/${s.id}`)],
  async emit(ir, ctx): Promise<OutputFile[]> {
    const { view, templates } = renderGo(ir, ctx.templatesDir);
    const files: OutputFile[] = FILES.map(([template, path]) => ({ path, content: templates.render(template, view) }));
    for (const sample of SAMPLES) files.push({ path: sample.path, content: templates.render(sample.template, view) });
    return files;
  },
};
