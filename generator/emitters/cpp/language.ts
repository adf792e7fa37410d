/** C++, as the pipeline and the docs see it. */
import type { LanguageDescriptor } from '../types.js';
import { cppNamer } from './naming.js';

export const cppLanguage: LanguageDescriptor = {
  id: 'cpp',
  name: 'cpp',
  displayName: 'C++',
  outDir: 'cpp',
  buildArtifacts: ['build/', 'cmake-build-*/', '*.o', '*.a', '*.so', '*.dylib'],
  // The templates print the project's style directly, so no formatter runs. The C core (core/) is the C emitter's
  // output; its .c/.h files get the shared C comment style (write/format.ts), as out/c's do.
  sourceFiles: [
    { extension: '.cpp', comment: 'slash', formatter: 'none' },
    { extension: '.hpp', comment: 'slash', formatter: 'none' },
  ],
  fence: 'cpp',
  namer: cppNamer,
};
