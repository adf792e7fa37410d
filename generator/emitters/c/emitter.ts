/**
 * `gen --lang c`: a small C99 library (libcurl, libcrypto, liblzma) with samples, build files and a
 * generated test runner, rendered from templates/c/ with the view model of view-model/. The static
 * part of the runtime (runtime/c/*.c and *.h at the project root, compiled and unit-tested there) is
 * copied into src/ verbatim; only its config header (rt_config.h) is rendered.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { projectPath } from '../../paths.js';
import type { IrModel } from '../../ir/types.js';
import { loadTemplates } from '../../render/handlebars.js';
import type { EmitContext, Emitter, OutputFile } from '../types.js';
import { C_HELPERS } from './helpers.js';
import { cLanguage } from './language.js';
import { renderSamples } from './samples.js';
import { buildViewModel } from './view-model/index.js';

const RUNTIME_DIR = projectPath('runtime/c/');

/** The static runtime files (sorted, so the output is deterministic), as they are copied into src/. */
export function runtimeFiles(): { name: string; content: string }[] {
  return readdirSync(RUNTIME_DIR)
    .filter((name) => /\.[ch]$/.test(name))
    .sort()
    .map((name) => ({ name, content: readFileSync(`${RUNTIME_DIR}${name}`, 'utf8') }));
}

async function emit(ir: IrModel, ctx: EmitContext): Promise<OutputFile[]> {
  const templates = loadTemplates(ctx.templatesDir, 'c', C_HELPERS);
  const runtime = runtimeFiles();
  const vm = buildViewModel(ir, runtime.map((f) => f.name));
  const files: OutputFile[] = [
    { path: vm.files.header, content: templates.render('header.h', vm) },
    { path: vm.files.internalHeader, content: templates.render('internal.h', vm) },
    { path: vm.files.operations, content: templates.render('operations.c', vm) },
    { path: vm.files.runtime, content: templates.render('runtime.c', vm) },
    { path: vm.files.runtimeConfig, content: templates.render('rt_config.h', vm) },
    ...runtime.map((f) => ({ path: `src/${f.name}`, content: f.content })),
    { path: vm.files.test, content: templates.render('test.c', vm) },
    { path: 'Makefile', content: templates.render('Makefile', vm) },
    { path: 'CMakeLists.txt', content: templates.render('CMakeLists.txt', vm) },
    { path: vm.files.pc, content: templates.render('pc', vm) },
    { path: 'README.md', content: templates.render('README.md', vm) },
  ];
  files.push(...renderSamples(templates, vm));
  return files;
}

export const cEmitter: Emitter = {
  language: cLanguage,
  emit,
  async samples(ir, ctx) {
    return renderSamples(loadTemplates(ctx.templatesDir, 'c', C_HELPERS), buildViewModel(ir, runtimeFiles().map((f) => f.name)));
  },
};
