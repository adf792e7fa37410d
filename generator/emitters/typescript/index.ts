/**
 * `gen --lang ts`: the typed TypeScript client package in out/ts. Every source file is built as
 * ts-morph Structures (see vocabulary.ts) from the IR; nothing here reads the model or the disk.
 */
import type { Emitter, OutputFile } from '../types.js';
import type { IrModel } from '../../ir/types.js';
import { packageJson, readme, tsconfig, tsconfigBuild } from './package-files.js';
import { modelsModule, operationsModule, validateModule } from './runtime/api.js';
import { appenderModule } from './runtime/appender.js';
import { clientModule } from './runtime/client.js';
import { crc64Module } from './runtime/crc64.js';
import { errorsModule } from './runtime/errors.js';
import { signerModule } from './runtime/signer.js';
import { bodyModule, transportModule } from './runtime/transport.js';
import { samples } from './samples.js';
import { testFiles } from './tests.js';
import { exportAllFrom, Printer, type Statement } from './vocabulary.js';

function sourceFiles(ir: IrModel, printer: Printer): OutputFile[] {
  const modules: [string, Statement[] | undefined, string][] = [
    ['crc64', crc64Module(), 'CRC-64/XZ (the x-oss-hash-crc64ecma checksum), slicing-by-16.'],
    ['signer', signerModule(ir), 'Request signing: OSS V4 (default) and V1.'],
    ['errors', errorsModule(ir), 'Errors: one class per modeled service error code, and the client-side failures.'],
    ['body', bodyModule(), 'Request bodies: strings, bytes, streams and files, streamed through the CRC.'],
    ['transport', transportModule(), 'The HTTP transport (node:http/https, keep-alive).'],
    ['models', modelsModule(ir), 'Input and output types of every operation.'],
    ['operations', operationsModule(ir), 'The HTTP binding of every operation, as data.'],
    ['validate', validateModule(ir), 'The model’s constraints, checked before sending.'],
    ['client', clientModule(ir), `The ${ir.service.clientNames.ts} class.`],
    ['appender', appenderModule(ir), 'Appender: chunk after chunk onto one object, safely.'],
  ];
  const present = modules.filter((m): m is [string, Statement[], string] => m[1] !== undefined);
  const files = present.map(([name, statements, doc]) => ({ path: `src/${name}.ts`, content: printer.print(`src/${name}.ts`, statements, doc) }));
  files.push({
    path: 'src/index.ts',
    content: printer.print(
      'src/index.ts',
      present.map(([name]) => exportAllFrom(`./${name}.js`)),
      `${ir.service.packages.npm} ${ir.service.version}: ${ir.service.title.en}`,
    ),
  });
  return files;
}

export const typescriptEmitter: Emitter = {
  language: 'ts',
  displayName: 'TypeScript',
  outDir: 'ts',
  buildArtifacts: ['node_modules/', 'dist/', 'coverage/', '*.tgz', '*.tsbuildinfo'],
  async emit(ir) {
    const printer = new Printer();
    const sampleFiles = await samples(ir);
    return [
      { path: 'package.json', content: packageJson(ir), header: false },
      { path: 'tsconfig.json', content: tsconfig(ir), header: false },
      { path: 'tsconfig.build.json', content: tsconfigBuild(), header: false },
      { path: 'README.md', content: readme(ir, sampleFiles) },
      ...sourceFiles(ir, printer),
      ...testFiles(ir, printer),
      ...sampleFiles.map((s) => ({ path: s.path, content: s.content })),
    ];
  },
};
