/**
 * `gen --lang java`: a Maven project (Java 17, JDK only): the static runtime of runtime/java/ copied
 * into the model's package (only its package clause set), and the model-dependent classes rendered
 * from templates/java/ with the view model of view-model/: the client, one request and one result
 * class per operation, one class per enum, one exception class per modeled error, the appender,
 * the generated JUnit 5 tests and the samples.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IrModel } from '../../ir/types.js';
import { loadTemplates, type TemplateSet } from '../../render/handlebars.js';
import type { Emitter, OutputFile } from '../types.js';
import { JAVA_HELPERS } from './helpers.js';
import { javaLanguage } from './language.js';
import { renderSamples } from './samples.js';
import { buildJavaViewModel, type JavaViewModel } from './view-model/index.js';

/** runtime/java/ beside templates/ at the project root. */
export function javaRuntimeDir(templatesDir: string): string {
  return join(templatesDir, '..', 'runtime', 'java');
}

/** The package of the runtime's sources where it lives (it has its own build and tests there). */
export const RUNTIME_PACKAGE = 'ossgen.runtime';

/** The runtime's main sources, by file name, sorted. */
export function javaRuntimeFiles(templatesDir: string): string[] {
  return readdirSync(join(javaRuntimeDir(templatesDir), 'src/main/java', ...RUNTIME_PACKAGE.split('.')))
    .filter((f) => f.endsWith('.java'))
    .sort();
}

/** A runtime file as it goes into the generated package: its package clause set to the model's. */
export function runtimeSource(source: string, packageName: string): string {
  const clause = `package ${RUNTIME_PACKAGE};`;
  if (!source.startsWith(clause)) throw new Error('java emitter: a runtime file that does not start with its package clause');
  return `package ${packageName};${source.slice(clause.length)}`;
}

function prepare(ir: IrModel, templatesDir: string): { view: JavaViewModel; templates: TemplateSet } {
  return { view: buildJavaViewModel(ir), templates: loadTemplates(templatesDir, 'java', JAVA_HELPERS) };
}

export const javaEmitter: Emitter = {
  language: javaLanguage,
  async emit(ir, ctx): Promise<OutputFile[]> {
    const { view, templates } = prepare(ir, ctx.templatesDir);
    const main = `src/main/java/${view.packagePath}`;
    const test = `src/test/java/${view.packagePath}`;
    const files: OutputFile[] = [
      { path: 'pom.xml', content: templates.render('pom.xml', view), header: false },
      { path: 'README.md', content: templates.render('README.md', view) },
      { path: `${main}/${view.clientType}.java`, content: templates.render('Client.java', view) },
      { path: `${main}/Protocol.java`, content: templates.render('Protocol.java', view) },
      { path: `${main}/SignatureVersion.java`, content: templates.render('SignatureVersion.java', view) },
      { path: `${main}/Appender.java`, content: templates.render('Appender.java', view) },
    ];
    for (const op of view.operations) {
      files.push({ path: `${main}/${op.inputType}.java`, content: templates.render('Request.java', { ...view, op }) });
      files.push({ path: `${main}/${op.outputType}.java`, content: templates.render('Result.java', { ...view, op }) });
    }
    for (const e of view.enums) files.push({ path: `${main}/${e.typeName}.java`, content: templates.render('Enum.java', { ...view, enum: e }) });
    for (const error of view.errors) files.push({ path: `${main}/${error.className}.java`, content: templates.render('Exception.java', { ...view, error }) });
    for (const name of javaRuntimeFiles(ctx.templatesDir)) {
      const source = readFileSync(join(javaRuntimeDir(ctx.templatesDir), 'src/main/java', ...RUNTIME_PACKAGE.split('.'), name), 'utf8');
      files.push({ path: `${main}/${name}`, content: runtimeSource(source, view.packageName) });
    }
    for (const [template, name] of TEST_FILES) files.push({ path: `${test}/${name}`, content: templates.render(template, view) });
    if (view.presign) files.push({ path: `${test}/PresignTest.java`, content: templates.render('test/PresignTest.java', view) });
    files.push(...renderSamples(templates, view));
    return files;
  },
  async samples(ir, ctx) {
    const { view, templates } = prepare(ir, ctx.templatesDir);
    return renderSamples(templates, view);
  },
};

/** The generated JUnit 5 tests: template → file name. */
const TEST_FILES: readonly [template: string, name: string][] = [
  ['test/TestSupport.java', 'TestSupport.java'],
  ['test/RequestVectorsTest.java', 'RequestVectorsTest.java'],
  ['test/ResponseVectorsTest.java', 'ResponseVectorsTest.java'],
  ['test/ScenariosTest.java', 'ScenariosTest.java'],
  ['test/SimulatorTest.java', 'SimulatorTest.java'],
  ['test/ClientTest.java', 'ClientTest.java'],
];
