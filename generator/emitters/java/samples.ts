/**
 * The Java samples: one class with a `main` each, in the default package, under
 * out/java/examples/<id>/, rendered from templates/java/examples/<id>. They compile with the plain
 * JDK against the client's classes (`javac -cp target/classes`). The three shared samples go to the
 * docs; the Android-style one (an Executor, callbacks and a progress listener, as an Android app
 * would append from a background thread) is Java's own and is not handed to the docs.
 */
import type { TemplateSet } from '../../render/handlebars.js';
import { SAMPLE_IDS } from '../sample-ids.js';
import type { OutputFile } from '../types.js';
import type { JavaViewModel } from './view-model/index.js';

/** The class name of each sample: its id in UpperCamel. */
export const SAMPLE_CLASSES: Record<string, string> = {
  'append-from-memory': 'AppendFromMemory',
  'append-from-file': 'AppendFromFile',
  resume: 'Resume',
  'android-style': 'AndroidStyleUpload',
};

export function renderSamples(templates: TemplateSet, view: JavaViewModel): OutputFile[] {
  const shared: OutputFile[] = SAMPLE_IDS.map((id) => ({ path: `examples/${id}/${SAMPLE_CLASSES[id]}.java`, content: templates.render(`examples/${id}`, view), sample: id }));
  return [...shared, { path: `examples/android-style/${SAMPLE_CLASSES['android-style']}.java`, content: templates.render('examples/android-style', view) }];
}
