/**
 * Every language as data, in the order `--lang all` runs them: the client languages first, the
 * docs last (they embed the others' samples). Kept apart from index.ts (the emitters) so the
 * pipeline's early stages (naming, formatting) can read descriptors without loading emitters.
 */
import { cLanguage } from './c/language.js';
import { cliLanguage } from './cli/language.js';
import { cppLanguage } from './cpp/language.js';
import { docsLanguage } from './docs/language.js';
import { goLanguage } from './go/language.js';
import { javaLanguage } from './java/language.js';
import { phpLanguage } from './php/language.js';
import { pythonLanguage } from './python/language.js';
import { rubyLanguage } from './ruby/language.js';
import { csharpLanguage } from './csharp/language.js';
import type { Namer } from '../ir/naming.js';
import type { LanguageDescriptor } from './types.js';
import { typescriptLanguage } from './typescript/language.js';

export const LANGUAGES: readonly LanguageDescriptor[] = [typescriptLanguage, goLanguage, pythonLanguage, cLanguage, javaLanguage, cppLanguage, phpLanguage, rubyLanguage, csharpLanguage, cliLanguage, docsLanguage];

/** The namers of every language that has identifiers; build-ir names everything with them. */
export const NAMERS: readonly Namer[] = LANGUAGES.flatMap((l) => (l.namer ? [l.namer] : []));

export function languageFor(id: string): LanguageDescriptor | undefined {
  return LANGUAGES.find((l) => l.id === id);
}
