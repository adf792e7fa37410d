/**
 * The generated C library as a core other clients layer on (today the C++ client): its files exactly as the C
 * emitter renders them, its view model (every C symbol's name) and its string escaping. Shared code of two
 * language folders, so it sits here rather than one of them importing the other.
 */
import type { IrModel } from '../ir/types.js';
import { cEmitter, runtimeFiles } from './c/emitter.js';
import { cComment, cString, hashComment, buildValue } from './c/helpers.js';
import { buildViewModel, type CViewModel } from './c/view-model/index.js';
import type { EmitContext, OutputFile } from './types.js';

export type { CViewModel };
export { buildValue, cComment, cString, hashComment };

/** The C library's public header and sources (include/, src/: the runtime of runtime/c included), as the C emitter writes them. */
export async function cCoreFiles(ir: IrModel, ctx: EmitContext): Promise<OutputFile[]> {
  return (await cEmitter.emit(ir, ctx)).filter((f) => /^(include|src)\//.test(f.path)).map((f) => ({ path: f.path, content: f.content }));
}

/** The C view model with the static runtime's file names (which the build files list). */
export function cCoreViewModel(ir: IrModel): CViewModel {
  return buildViewModel(
    ir,
    runtimeFiles().map((f) => f.name),
  );
}
