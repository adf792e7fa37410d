/**
 * `gen --lang cpp`: a C++17 client layered on the generated C core. core/ holds the C library exactly as the C
 * emitter renders it (include/ and src/, runtime/c included), so signing, CRC-64, HTTP, validation, retries and
 * the safe appender have one tested implementation; the C++ layer (include/<ns>/<ns>.hpp, src/<ns>.cpp) adds
 * the idiomatic API: request/result types per operation, RAII, std::string/std::string_view, std::istream and
 * file bodies, a typed exception hierarchy, a progress callback. Rendered from templates/cpp/ with the view
 * model of view-model/; CMake (installable package config), pkg-config, GoogleTest tests, samples.
 */
import type { IrModel } from '../../ir/types.js';
import { loadTemplates } from '../../render/handlebars.js';
import { cCoreFiles } from '../c-core.js';
import type { EmitContext, Emitter, OutputFile } from '../types.js';
import { CPP_HELPERS } from './helpers.js';
import { cppLanguage } from './language.js';
import { renderSamples } from './samples.js';
import { buildCppViewModel } from './view-model/index.js';

const TEST_FILES: readonly [template: string, path: string][] = [
  ['tests/support.hpp', 'tests/support.hpp'],
  ['tests/vectors_test.cpp', 'tests/vectors_test.cpp'],
  ['tests/scenarios_test.cpp', 'tests/scenarios_test.cpp'],
  ['tests/simulator_test.cpp', 'tests/simulator_test.cpp'],
];

async function emit(ir: IrModel, ctx: EmitContext): Promise<OutputFile[]> {
  const templates = loadTemplates(ctx.templatesDir, 'cpp', CPP_HELPERS);
  const vm = buildCppViewModel(ir);
  const core = (await cCoreFiles(ir, ctx)).map((f) => ({ path: `core/${f.path}`, content: f.content }));
  const files: OutputFile[] = [
    ...core,
    { path: vm.files.header, content: templates.render('header.hpp', vm) },
    {
      path: vm.files.internalHeader,
      content: templates.render('internal.hpp', vm),
    },
    { path: vm.files.source, content: templates.render('client.cpp', vm) },
    { path: 'CMakeLists.txt', content: templates.render('CMakeLists.txt', vm) },
    { path: vm.files.config, content: templates.render('Config.cmake.in', vm) },
    { path: `${vm.files.pc}.in`, content: templates.render('pc.in', vm) },
    { path: 'README.md', content: templates.render('README.md', vm) },
    ...TEST_FILES.map(([template, path]) => ({
      path,
      content: templates.render(template, vm),
    })),
  ];
  files.push(...renderSamples(templates, vm));
  return files;
}

export const cppEmitter: Emitter = {
  language: cppLanguage,
  emit,
  async samples(ir, ctx) {
    return renderSamples(loadTemplates(ctx.templatesDir, 'cpp', CPP_HELPERS), buildCppViewModel(ir));
  },
};
