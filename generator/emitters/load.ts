/**
 * Each language's emitter loaded when a run asks for that language (issue #16: a cold `gen --lang ts` compiled and
 * ran the module code of all eleven emitters, ~590 kB in one chunk, and node:http for the docs). The build splits
 * each import() below into its own chunk. The same emitter objects as emitters/index.ts (ES modules are loaded
 * once), which remains the synchronous registry for `--lang all`'s samples, publishing and tests.
 */
import type { Emitter, LanguageId } from './types.js';

/** By language id; test/foundation/languages.test.ts checks these are exactly the emitters of index.ts. */
export const EMITTER_LOADERS: Readonly<Record<LanguageId, () => Promise<Emitter>>> = {
  ts: async () => (await import('./typescript/emitter.js')).typescriptEmitter,
  go: async () => (await import('./go/emitter.js')).goEmitter,
  python: async () => (await import('./python/emitter.js')).pythonEmitter,
  c: async () => (await import('./c/emitter.js')).cEmitter,
  java: async () => (await import('./java/emitter.js')).javaEmitter,
  cpp: async () => (await import('./cpp/emitter.js')).cppEmitter,
  php: async () => (await import('./php/emitter.js')).phpEmitter,
  ruby: async () => (await import('./ruby/emitter.js')).rubyEmitter,
  csharp: async () => (await import('./csharp/emitter.js')).csharpEmitter,
  cli: async () => (await import('./cli/emitter.js')).cliEmitter,
  docs: async () => (await import('./docs/emitter.js')).docsEmitter,
};

/** The emitter of `language`, loaded now if it was not; undefined for an unknown language. */
export async function loadEmitter(language: string): Promise<Emitter | undefined> {
  const load = Object.hasOwn(EMITTER_LOADERS, language) ? EMITTER_LOADERS[language] : undefined;
  return load?.();
}
