/**
 * The samples the docs embed are the language emitters' own sample files: each language exports
 * a function from generator/emitters/<folder>/samples.ts returning {id, path, content}[] for the
 * files it writes under out/<lang>/examples/. They are formatted and headed exactly like the
 * pipeline does (formatFile, then addHeader), so a code block in the docs is byte-identical to
 * the file the language's tests compile and run. A language whose samples.ts does not exist yet is
 * left out; one that exists but fails to load is an error, so a broken sample never goes unseen.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { IrModel } from '../../ir/types.js';
import { addHeader, formatFile } from '../../write/format.js';
import type { EmitContext, OutputFile } from '../types.js';

/** One programming language the docs can show, in tab order. */
export interface SampleLanguage {
  /** Folder under generator/emitters/. */
  folder: string;
  /** The language's output directory under out/. */
  outDir: string;
  displayName: string;
  /** Info string of the Markdown code fence. */
  fence: string;
}

export const SAMPLE_LANGUAGES: readonly SampleLanguage[] = [
  { folder: 'typescript', outDir: 'ts', displayName: 'TypeScript', fence: 'ts' },
  { folder: 'go', outDir: 'go', displayName: 'Go', fence: 'go' },
  { folder: 'python', outDir: 'python', displayName: 'Python', fence: 'python' },
  { folder: 'c', outDir: 'c', displayName: 'C', fence: 'c' },
];

/** The sample ids every language writes, in the order the docs show them. */
export const SAMPLE_IDS = ['append-from-memory', 'append-from-file', 'resume'] as const;

export interface RawSample {
  id: string;
  path: string;
  content: string;
  header?: boolean;
}

export interface LoadedSample {
  id: string;
  /** Path relative to out/<outDir>/, as the language's tests find it. */
  path: string;
  /** The file's bytes as written to disk. */
  content: string;
}

export interface LoadedLanguage extends SampleLanguage {
  samples: LoadedSample[];
}

function samplesModuleFile(folder: string): string {
  return fileURLToPath(new URL(`../${folder}/samples.ts`, import.meta.url));
}

function isRawSample(value: unknown): value is RawSample {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'string' && typeof v.path === 'string' && typeof v.content === 'string';
}

/** The exported function of a samples module: `samples` if present, else the only function named like it. */
function pickSamplesFunction(module: Record<string, unknown>, file: string): (ir: IrModel, ctx: EmitContext) => unknown {
  const candidates = Object.keys(module)
    .filter((name) => typeof module[name] === 'function' && /sample/i.test(name))
    .sort();
  const name = candidates.includes('samples') ? 'samples' : candidates[0];
  if (!name) throw new Error(`${file} exports no samples function`);
  return module[name] as (ir: IrModel, ctx: EmitContext) => unknown;
}

/** A sample's path relative to the language's output directory (the samples live in examples/). */
export function outputRelativePath(path: string): string {
  const clean = path.replace(/^\.\//, '');
  return clean.startsWith('examples/') ? clean : `examples/${clean}`;
}

export async function loadLanguageSamples(ir: IrModel, ctx: EmitContext, language: SampleLanguage): Promise<LoadedLanguage | undefined> {
  const file = samplesModuleFile(language.folder);
  if (!existsSync(file)) return undefined;
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const result = await pickSamplesFunction(module, file)(ir, ctx);
  if (!Array.isArray(result) || !result.every(isRawSample)) throw new Error(`${file}: the samples function must return {id, path, content}[]`);
  const order = (id: string) => {
    const index = (SAMPLE_IDS as readonly string[]).indexOf(id);
    return index < 0 ? SAMPLE_IDS.length : index;
  };
  const samples = await Promise.all(
    result.map(async (raw) => {
      const path = outputRelativePath(raw.path);
      // Exactly what emitFiles in run.ts does to every output file.
      const input: OutputFile = { path, content: raw.content, ...(raw.header === undefined ? {} : { header: raw.header }) };
      const formatted = addHeader(await formatFile(input), ir.source);
      return { id: raw.id, path, content: formatted.content };
    }),
  );
  samples.sort((a, b) => order(a.id) - order(b.id) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { ...language, samples };
}

/** Every language whose samples module exists, in tab order. */
export async function loadAllSamples(ir: IrModel, ctx: EmitContext): Promise<LoadedLanguage[]> {
  const loaded = await Promise.all(SAMPLE_LANGUAGES.map((language) => loadLanguageSamples(ir, ctx, language)));
  return loaded.filter((l): l is LoadedLanguage => l !== undefined);
}
