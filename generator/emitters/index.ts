/**
 * The registry of emitters, in the order `--lang all` runs them. Adding a language is adding a
 * folder under emitters/ with the same shape and one line here.
 */
import { cEmitter } from './c/emitter.js';
import { docsEmitter } from './docs/emitter.js';
import { goEmitter } from './go/emitter.js';
import { pythonEmitter } from './python/emitter.js';
import type { Emitter, LanguageId } from './types.js';
import { typescriptEmitter } from './typescript/index.js';

// The client languages first, docs last: the docs embed the samples the others generate.
export const EMITTERS: readonly Emitter[] = [typescriptEmitter, goEmitter, pythonEmitter, cEmitter, docsEmitter];

export function emitterFor(language: string): Emitter | undefined {
  return EMITTERS.find((e) => e.language === language);
}

export function availableLanguages(): LanguageId[] {
  return EMITTERS.map((e) => e.language);
}
