/**
 * The Go samples, one `main` package each under out/go/examples/. The docs embed them through
 * `goSamples`, which returns exactly the bytes written to out/go (gofmt'd, without the
 * generated-file header).
 */
import { fileURLToPath } from 'node:url';
import type { IrModel } from '../../ir/types.js';
import { formatFile } from '../../write/format.js';
import { renderGo } from './render.js';

/** templates/ of this project (the same directory the pipeline passes to emitters). */
const TEMPLATES_DIR = fileURLToPath(new URL('../../../templates', import.meta.url));

export type GoSampleId = 'append-from-memory' | 'append-from-file' | 'resume';

export interface GoSample {
  id: GoSampleId;
  /** Path relative to out/go. */
  path: string;
  content: string;
}

export const SAMPLES: readonly { id: GoSampleId; template: string; path: string }[] = (
  ['append-from-memory', 'append-from-file', 'resume'] as const
).map((id) => ({ id, template: `examples/${id}`, path: `examples/${id}/main.go` }));

/** The three samples as the docs show them; `path` is relative to out/go. */
export async function goSamples(ir: IrModel, templatesDir: string = TEMPLATES_DIR): Promise<GoSample[]> {
  const { view, templates } = renderGo(ir, templatesDir);
  return Promise.all(
    SAMPLES.map(async (s) => {
      const formatted = await formatFile({ path: s.path, content: templates.render(s.template, view) });
      return { id: s.id, path: s.path, content: formatted.content };
    }),
  );
}
