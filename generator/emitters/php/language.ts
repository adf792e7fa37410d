/** PHP, as the pipeline and the docs see it. */
import type { LanguageDescriptor } from '../types.js';
import { phpNamer } from './naming.js';

export const phpLanguage: LanguageDescriptor = {
  id: 'php',
  name: 'php',
  displayName: 'PHP',
  outDir: 'php',
  // Composer's and PHPUnit's own files; the tests run in temp copies, never here.
  buildArtifacts: ['vendor/', 'composer.lock', '.phpunit.result.cache'],
  sourceFiles: [{ extension: '.php', comment: 'slash', formatter: 'none' }],
  fence: 'php',
  namer: phpNamer,
};
