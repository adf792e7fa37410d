/**
 * The registry of emitters, in the order `--lang all` runs them (the order of languages.ts).
 * Adding a language is adding a folder under emitters/ with the same shape, its descriptor in
 * languages.ts and its emitter here (see README "Adding a language").
 */
import { cEmitter } from './c/emitter.js';
import { cliEmitter } from './cli/emitter.js';
import { cppEmitter } from './cpp/emitter.js';
import { docsEmitter } from './docs/emitter.js';
import { goEmitter } from './go/emitter.js';
import { javaEmitter } from './java/emitter.js';
import { LANGUAGES } from './languages.js';
import { phpEmitter } from './php/emitter.js';
import { pythonEmitter } from './python/emitter.js';
import { rubyEmitter } from './ruby/emitter.js';
import { csharpEmitter } from './csharp/emitter.js';
import type { Emitter, LanguageId } from './types.js';
import { typescriptEmitter } from './typescript/emitter.js';

const ALL: readonly Emitter[] = [typescriptEmitter, goEmitter, pythonEmitter, cEmitter, javaEmitter, cppEmitter, phpEmitter, rubyEmitter, csharpEmitter, cliEmitter, docsEmitter];

/** Every emitter, in LANGUAGES order; an emitter whose descriptor is not listed there is a programming error. */
export const EMITTERS: readonly Emitter[] = LANGUAGES.map((language) => {
  const emitter = ALL.find((e) => e.language === language);
  if (!emitter) throw new Error(`emitters/index.ts: no emitter for the language ${language.id}`);
  return emitter;
});
if (EMITTERS.length !== ALL.length) throw new Error('emitters/index.ts: an emitter whose language is not in languages.ts');

export function emitterFor(language: string): Emitter | undefined {
  return EMITTERS.find((e) => e.language.id === language);
}

export function availableLanguages(): LanguageId[] {
  return EMITTERS.map((e) => e.language.id);
}
