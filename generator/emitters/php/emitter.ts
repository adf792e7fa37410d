/**
 * `gen --lang php`: a Composer package (PHP 8.1+, ext-curl only): the static runtime
 * of runtime/php/src copied into `<Namespace>\Runtime` (only its namespace line set), and the
 * model-dependent files rendered from templates/php/ with the view model of view-model/: Protocol (the
 * service as data), the client, one request and one result class per operation, one exception class per
 * modelled error, the generated PHPUnit tests and the samples.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IrModel } from '../../ir/types.js';
import { loadTemplates, type TemplateSet } from '../../render/handlebars.js';
import type { Emitter, OutputFile } from '../types.js';
import { PHP_HELPERS } from './helpers.js';
import { phpLanguage } from './language.js';
import { renderSamples } from './samples.js';
import { buildPhpViewModel, type PhpViewModel } from './view-model/index.js';

/** runtime/php/ beside templates/ at the project root. */
export function phpRuntimeDir(templatesDir: string): string {
  return join(templatesDir, '..', 'runtime', 'php');
}

/** The runtime's namespace where it lives (it has its own tests there). */
export const RUNTIME_NAMESPACE = 'OssGen\\Runtime';

export function phpRuntimeFiles(templatesDir: string): string[] {
  return readdirSync(join(phpRuntimeDir(templatesDir), 'src'))
    .filter((f) => f.endsWith('.php'))
    .sort();
}

/** A runtime file as it goes into the package: its namespace line set to `<Namespace>\Runtime`. */
export function runtimeSource(source: string, namespace: string): string {
  const clause = `\nnamespace ${RUNTIME_NAMESPACE};\n`;
  if (source.split(clause).length !== 2) throw new Error('php emitter: a runtime file without exactly one namespace line');
  return source.replace(clause, `\nnamespace ${namespace}\\Runtime;\n`);
}

function prepare(ir: IrModel, templatesDir: string): { view: PhpViewModel; templates: TemplateSet } {
  return { view: buildPhpViewModel(ir), templates: loadTemplates(templatesDir, 'php', PHP_HELPERS) };
}

/** The generated PHPUnit tests: template → file name. */
const TEST_FILES: readonly string[] = ['bootstrap.php', 'TestSupport.php', 'Crc64Test.php', 'RequestVectorsTest.php', 'ResponseVectorsTest.php', 'ScenariosTest.php', 'SimulatorTest.php'];

export const phpEmitter: Emitter = {
  language: phpLanguage,
  async emit(ir, ctx): Promise<OutputFile[]> {
    const { view, templates } = prepare(ir, ctx.templatesDir);
    const files: OutputFile[] = [
      { path: 'composer.json', content: `${templates.render('composer.json', view).trimEnd()}\n`, header: false },
      { path: 'phpunit.xml.dist', content: templates.render('phpunit.xml.dist', view), header: false },
      { path: 'README.md', content: templates.render('README.md', view) },
      { path: 'autoload.php', content: templates.render('autoload.php', view) },
      { path: 'src/Protocol.php', content: templates.render('src/Protocol.php', view) },
      { path: `src/${view.clientClass}.php`, content: templates.render('src/Client.php', view) },
    ];
    for (const op of view.operations) {
      files.push({ path: `src/${op.requestClass}.php`, content: templates.render('src/Request.php', { ...view, op }) });
      files.push({ path: `src/${op.resultClass}.php`, content: templates.render('src/Result.php', { ...view, op }) });
    }
    for (const error of view.errors) files.push({ path: `src/Exception/${error.className}.php`, content: templates.render('src/Exception.php', { ...view, error }) });
    for (const name of phpRuntimeFiles(ctx.templatesDir)) {
      files.push({ path: `src/Runtime/${name}`, content: runtimeSource(readFileSync(join(phpRuntimeDir(ctx.templatesDir), 'src', name), 'utf8'), view.namespace) });
    }
    for (const name of TEST_FILES) files.push({ path: `tests/${name}`, content: templates.render(`tests/${name}`, view) });
    if (view.hasPresign) files.push({ path: 'tests/PresignTest.php', content: templates.render('tests/PresignTest.php', view) });
    files.push(...renderSamples(templates, view));
    return files;
  },
  async samples(ir, ctx) {
    const { view, templates } = prepare(ir, ctx.templatesDir);
    return renderSamples(templates, view);
  },
};
