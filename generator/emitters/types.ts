/**
 * The contract between the pipeline and each language: an emitter reads the IR and returns
 * files (path relative to its own out/<dir>), and never touches the disk or the YAML.
 */
import type { IrModel } from '../ir/types.js';

export type LanguageId = 'ts' | 'go' | 'python' | 'c' | 'docs';

export interface OutputFile {
  /** POSIX path relative to the emitter's output directory. */
  path: string;
  content: string;
  /** Set false for files that cannot carry a comment header (JSON, LICENSE, empty markers). */
  header?: boolean;
  /** Mark the file executable (scripts). */
  executable?: boolean;
}

export interface EmitContext {
  /** Path of the model relative to the project, e.g. `model/oss.yaml`, for "generated from" headers. */
  modelSource: string;
  /** Absolute path of the templates/ directory. */
  templatesDir: string;
}

export interface Emitter {
  language: LanguageId;
  displayName: string;
  /** Directory under --out, e.g. `ts` for out/ts. */
  outDir: string;
  /**
   * Paths under the output directory that builds and test runs create and the writer must leave
   * alone, and that are never generator output (nor drift for --check): `name/` matches a directory
   * anywhere (`*` matches within the name, as in `*.egg-info/`), `*.ext` a file suffix, anything
   * else an exact path. Include what the language's usual tools leave in a package directory.
   */
  buildArtifacts: string[];
  emit(ir: IrModel, ctx: EmitContext): Promise<OutputFile[]>;
}
