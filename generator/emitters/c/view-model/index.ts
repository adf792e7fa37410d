/**
 * The C view model: every name, type, declaration and order the C templates print is decided here,
 * from the IR alone. Templates only print it (with the helpers in ../helpers.ts), so a template never
 * needs to know what a member's type means in C. This file assembles the view from one builder per
 * concern: names, operations, the append protocol, errors, auth, settings and limits, tests, samples.
 */
import type { IrModel } from '../../../ir/types.js';
import { buildAuth } from './auth.js';
import { buildConfig } from './config.js';
import { buildErrors } from './errors.js';
import { namesFor } from './names.js';
import { buildOperations, enumRegistry, enumsOf } from './operations.js';
import { buildAppender } from './protocol.js';
import { buildSamples } from './samples.js';
import { buildTests } from './tests.js';
import type { CViewModel } from './types.js';

export { crc64For } from './crc64.js';
export { charClassChars } from './text.js';
export type * from './types.js';

/**
 * `staticRuntime`: the names of the static runtime files (runtime/c) the emitter copies into src/, which the
 * build files list; callers that only print the samples pass none.
 */
export function buildViewModel(ir: IrModel, staticRuntime: string[] = []): CViewModel {
  const names = namesFor(ir);
  const { p, P } = names;
  const enumFor = enumRegistry(names);
  const operations = buildOperations(ir, names, enumFor);
  const append = buildAppender(ir, operations);
  // The service's error for a bad argument, which metadata, tagging and first-append-only headers also get.
  const invalidArgument = ir.protocol.errors.invalidArgument;
  const errors = buildErrors(ir, append.protocol, names);
  return {
    p,
    P,
    guard: `${P}_H`,
    internalGuard: `${P}_INTERNAL_H`,
    title: ir.service.title.en,
    summary: ir.service.summary.en,
    version: ir.service.version,
    license: ir.service.license,
    clientType: ir.service.clientNames.c,
    ...buildConfig(ir, invalidArgument),
    ...errors,
    crc64Check: ir.protocol.crc64.check,
    enums: enumsOf(ir, enumFor),
    ...buildAuth(ir, names),
    operations,
    appender: append.appender,
    tests: buildTests(ir, names, enumFor, operations, append, invalidArgument),
    samples: buildSamples(ir, append),
    sampleBinaries: ['append_from_memory', 'append_from_file', 'resume'],
    staticRuntime: {
      objects: staticRuntime.filter((n) => n.endsWith('.c')).map((n) => n.slice(0, -2)),
      sources: staticRuntime.filter((n) => n.endsWith('.c')).map((n) => `src/${n}`),
      headers: ['src/rt_config.h', ...staticRuntime.filter((n) => n.endsWith('.h')).map((n) => `src/${n}`)],
    },
    files: {
      header: `include/${p}.h`,
      internalHeader: `src/${p}_internal.h`,
      operations: `src/${p}.c`,
      runtime: `src/${p}_runtime.c`,
      runtimeConfig: 'src/rt_config.h',
      test: `tests/${p}_test.c`,
      pc: `${p}.pc`,
      library: `lib${p}.a`,
    },
  };
}
