/**
 * `gen --lang ts`: the typed TypeScript client package in out/ts. The model-independent modules
 * (runtime/ts/*.ts at the project root: CRC-64, bodies, transport, the client-side errors) are
 * copied verbatim; every other source file is built as structures (helpers.ts, printed by
 * structure-printer.ts) from the IR. Nothing here reads the model.
 */
import { readFileSync } from 'node:fs';
import { crc64 } from '../../../runtime/ts/crc64.js';
import { projectPath } from '../../paths.js';
import { jsonFile } from '../../render/prettier-style.js';
import type { IrModel } from '../../ir/types.js';
import type { Emitter, OutputFile } from '../types.js';
import { exportAllFrom, Printer, type Statement } from './helpers.js';
import { typescriptLanguage } from './language.js';
import { samples } from './samples.js';
import { modelsModule, operationsModule, validateModule } from './view-model/api.js';
import { appenderModule } from './view-model/appender.js';
import { clientModule } from './view-model/client.js';
import { errorsModule } from './view-model/errors.js';
import { fetchModule } from './view-model/fetch.js';
import { packageJson, readme, tsconfig, tsconfigBuild } from './view-model/package-files.js';
import { signerModule, signingModule } from './view-model/signer.js';
import { testFiles } from './view-model/tests.js';

/** runtime/ts/ of this project: static TypeScript copied into out/ts/src/ as it is. */
const RUNTIME_DIR = projectPath('runtime/ts/');

/** The static runtime modules (sdk-errors is exported through errors.ts, spec through operations.ts, answers' public functions through client.ts). */
export const RUNTIME_MODULES = ['crc64', 'sdk-errors', 'body', 'transport', 'spec', 'answers', 'append-stream', 'fetch-client'] as const;

export function runtimeSource(name: (typeof RUNTIME_MODULES)[number]): string {
  return readFileSync(`${RUNTIME_DIR}${name}.ts`, 'utf8');
}

export function sourceFiles(ir: IrModel, printer: Printer): OutputFile[] {
  // [module, built statements or the static source, file doc, exported from the index]
  const modules: [string, Statement[] | string | undefined, string, boolean][] = [
    ['crc64', runtimeSource('crc64'), '', true],
    ['sdk-errors', runtimeSource('sdk-errors'), '', false],
    ['signing', signingModule(ir), 'Request signing shared by every platform: canonical requests, strings to sign, and the WebCrypto signers.', false],
    ['signer', signerModule(ir), 'Request signing: OSS V4 (default) and V1.', true],
    ['errors', errorsModule(ir), 'Errors: one class per modeled service error code, and the client-side failures.', true],
    ['body', runtimeSource('body'), '', true],
    ['transport', runtimeSource('transport'), '', true],
    ['spec', runtimeSource('spec'), '', false],
    ['answers', runtimeSource('answers'), '', false],
    ['models', modelsModule(ir), 'Input and output types of every operation.', true],
    ['operations', operationsModule(ir), 'The HTTP binding of every operation, as data.', true],
    ['validate', validateModule(ir), 'The model’s constraints, checked before sending.', true],
    ['client', clientModule(ir), `The ${ir.service.clientNames.ts} class.`, true],
    ['append-stream', ir.protocol.append ? runtimeSource('append-stream') : undefined, '', true],
    ['appender', appenderModule(ir), 'Appender: chunk after chunk onto one object, safely.', true],
    // The `./fetch` entry (browsers, Deno, Bun): not exported from the Node index, which keeps its own names.
    ['fetch-client', runtimeSource('fetch-client'), '', false],
    ['fetch', fetchModule(ir), `The ./fetch entry: ${ir.service.clientNames.ts} over fetch, for browsers, Deno, Bun and Node 20+.`, false],
  ];
  const present = modules.filter((m): m is [string, Statement[] | string, string, boolean] => m[1] !== undefined);
  // The static runtime modules are kept in prettier's style (test/foundation/formatted.test.ts), so they skip the formatter.
  const files: OutputFile[] = present.map(([name, code, doc]) =>
    typeof code === 'string' ? { path: `src/${name}.ts`, content: code, formatted: true } : { path: `src/${name}.ts`, content: printer.print(`src/${name}.ts`, code, doc) },
  );
  files.push({
    path: 'src/index.ts',
    content: printer.print(
      'src/index.ts',
      present.filter((m) => m[3]).map(([name]) => exportAllFrom(`./${name}.js`)),
      `${ir.service.packages.npm} ${ir.service.version}: ${ir.service.title.en}`,
    ),
  });
  return files;
}

/** The runtime's CRC-64 is CRC-64/XZ only: a model that declares another CRC cannot use this client. */
export function checkCrc64(ir: IrModel): void {
  const declared = ir.protocol.crc64;
  const allOnes = ((1n << 64n) - 1n).toString();
  const check = crc64('123456789').toString();
  if (!declared.reflected || declared.init !== allOnes || declared.xorOut !== allOnes || declared.check !== check) {
    throw new Error(`typescript: runtime/ts/crc64.ts computes a reflected CRC-64 with init and xorout all ones and check value ${check}; the model's protocol.crc64 declares another CRC (check ${declared.check})`);
  }
}

export const typescriptEmitter: Emitter = {
  language: typescriptLanguage,
  async emit(ir) {
    checkCrc64(ir);
    const printer = new Printer();
    const sampleFiles = samples(ir);
    return [
      // Printed in prettier's style (render/prettier-style.ts), so they skip the formatter; the README's
      // Markdown is put in its style by the pipeline (write/format.ts).
      jsonFile('package.json', packageJson(ir), { header: false }),
      jsonFile('tsconfig.json', tsconfig(ir), { header: false }),
      jsonFile('tsconfig.build.json', tsconfigBuild(), { header: false }),
      { path: 'README.md', content: readme(ir, sampleFiles) },
      ...sourceFiles(ir, printer),
      ...testFiles(ir, printer),
      ...sampleFiles,
    ];
  },
  async samples(ir) {
    return samples(ir);
  },
};
