/**
 * The contract between the pipeline and each language. A language is one folder under emitters/
 * with the same files (see README "Adding a language"): `language.ts` describes it as data (this
 * file's LanguageDescriptor), `emitter.ts` turns the IR into files. An emitter never touches the
 * disk, the YAML, the writer or the CLI: the pipeline (run.ts) formats, heads and writes.
 */
import type { IrModel } from '../ir/types.js';
import type { Namer } from '../ir/naming.js';

/** The id users pass to `gen --lang`. */
export type LanguageId = string;

/** How a file type writes a one-line comment (for the generated-file header). */
export type CommentStyle = 'slash' | 'hash' | 'block' | 'html';

/** The formatters the pipeline runs (write/format.ts implements each; fixed options, same bytes everywhere). */
export type FormatterId = 'prettier-typescript' | 'prettier-babel' | 'gofmt' | 'none';

/** One kind of source file a language writes: its extension, header comment and formatter. */
export interface SourceFileKind {
  /** With the dot: `.go`. */
  extension: string;
  comment: CommentStyle;
  formatter: FormatterId;
  /** Keep a blank line after the generated header (Go: so the header is not read as the package doc). */
  blankLineAfterHeader?: boolean;
}

export interface LanguageDescriptor {
  /** `gen --lang <id>`. */
  id: LanguageId;
  /** The folder under generator/emitters/ (also the docs' tab key). */
  name: string;
  displayName: string;
  /** Directory under --out, e.g. `ts` for out/ts. */
  outDir: string;
  /**
   * Paths under the output directory that builds and test runs create and the writer must leave
   * alone, and that are never generator output (nor drift for --check): `name/` matches a directory
   * anywhere (`*` matches within the name, as in `*.egg-info/`), `*.ext` a file suffix, anything
   * else an exact path. Include what the language's usual tools leave in a package directory.
   */
  buildArtifacts: readonly string[];
  /** The language's own source files. Build and doc files (.md, .json, .toml, Makefile…) have shared rules in write/format.ts. */
  sourceFiles: readonly SourceFileKind[];
  /** Info string of a Markdown code fence for this language's samples; absent for the docs. */
  fence?: string;
  /** How the IR names things in this language (identifiers, reserved words); absent for the docs. */
  namer?: Namer;
}

export interface OutputFile {
  /** POSIX path relative to the emitter's output directory. */
  path: string;
  content: string;
  /** Set false for files that cannot carry a comment header (JSON, LICENSE, empty markers). */
  header?: boolean;
  /** Mark the file executable (scripts). */
  executable?: boolean;
  /** Set on a runnable sample: its id (`append-from-memory`). The pipeline hands samples to the docs. */
  sample?: string;
  /**
   * Set on a file whose content is already in its formatter's style (a static source copied verbatim): the
   * pipeline does not run the formatter on it. test/foundation/formatted.test.ts checks that the formatters
   * leave every generated file unchanged, these included.
   */
  formatted?: boolean;
  /**
   * Texts embedded in the file (an HTML page's stylesheet and script) that are in their formatter's style already
   * at column 0: the HTML printer (render/html-layout.ts) copies an element holding exactly one of them at its
   * depth instead of formatting it. test/docs/html-layout.test.ts checks both the texts and the whole pages.
   */
  formattedEmbeds?: readonly string[];
}

/** One sample as written to disk (formatted, headed), for the docs. */
export interface Sample {
  id: string;
  /** Path relative to the language's output directory. */
  path: string;
  content: string;
}

/** Every sample of one language, in the docs' order. */
export interface LanguageSamples {
  language: LanguageDescriptor;
  samples: Sample[];
}

export interface EmitContext {
  /** Path of the model relative to the project, e.g. `model/oss.yaml`, for "generated from" headers. */
  modelSource: string;
  /** Absolute path of the templates/ directory. */
  templatesDir: string;
  /** The samples of every client language, in registry order (filled for emitters with `usesSamples`). */
  samples: LanguageSamples[];
}

export interface Emitter {
  language: LanguageDescriptor;
  /** Every file of the language, samples included (marked with `sample`). */
  emit(ir: IrModel, ctx: EmitContext): Promise<OutputFile[]>;
  /** Only the sample files: used when the docs are generated without this language in the same run. */
  samples?(ir: IrModel, ctx: EmitContext): Promise<OutputFile[]>;
  /** True for an emitter that embeds the other languages' samples (the docs); it runs after them. */
  usesSamples?: boolean;
}
