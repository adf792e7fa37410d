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
import type { OutputFile } from '../types.js';

/** One programming language the docs can show, in tab order. */
export interface SampleLanguage {
  /** Folder under generator/emitters/. */
  folder: string;
  /** The language's output directory under out/. */
  outDir: string;
  displayName: string;
  /** Info string of the Markdown code fence. */
  fence: string;
  /** The samples module, when not generator/emitters/<folder>/samples.ts (tests use fixtures). */
  moduleFile?: string;
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

/**
 * The samples function of a module: among the exported functions named `…samples`, the one with
 * the fewest required parameters (a language may also export helpers such as `renderSamples`).
 * It is called with the IR only; optional parameters keep their defaults.
 */
function pickSamplesFunction(module: Record<string, unknown>, file: string): (ir: IrModel) => unknown {
  const candidates = Object.entries(module)
    .filter((entry): entry is [string, (...args: unknown[]) => unknown] => typeof entry[1] === 'function' && /samples$/i.test(entry[0]))
    .sort(([a, fa], [b, fb]) => fa.length - fb.length || (a < b ? -1 : a > b ? 1 : 0));
  const picked = candidates[0];
  if (!picked) throw new Error(`${file} exports no samples function`);
  return picked[1] as (ir: IrModel) => unknown;
}

/** A sample's path relative to the language's output directory (the samples live in examples/). */
export function outputRelativePath(path: string): string {
  const clean = path.replace(/^\.\//, '');
  return clean.startsWith('examples/') ? clean : `examples/${clean}`;
}

export async function loadLanguageSamples(ir: IrModel, language: SampleLanguage): Promise<LoadedLanguage | undefined> {
  const file = language.moduleFile ?? samplesModuleFile(language.folder);
  if (!existsSync(file)) return undefined;
  let result: unknown;
  try {
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    result = await pickSamplesFunction(module, file)(ir);
  } catch (err) {
    throw new Error(`the ${language.displayName} samples (${file}) failed, so the docs cannot show them: ${err instanceof Error ? err.message : String(err)}`);
  }
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
export async function loadAllSamples(ir: IrModel): Promise<LoadedLanguage[]> {
  const loaded = await Promise.all(SAMPLE_LANGUAGES.map((language) => loadLanguageSamples(ir, language)));
  return loaded.filter((l): l is LoadedLanguage => l !== undefined);
}
