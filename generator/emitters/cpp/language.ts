/** C++, as the pipeline and the docs see it. */
import type { LanguageDescriptor } from '../types.js';
import { cppNamer } from './naming.js';

export const cppLanguage: LanguageDescriptor = {
  id: 'cpp',
  name: 'cpp',
  displayName: 'C++',
  outDir: 'cpp',
  buildArtifacts: ['build/', 'cmake-build-*/', '*.o', '*.a', '*.so', '*.dylib'],
  // The templates print the project's style directly, so no formatter runs. The C core (core/) is the C emitter's.
  sourceFiles: [
    { extension: '.cpp', comment: 'slash', formatter: 'none' },
    { extension: '.hpp', comment: 'slash', formatter: 'none' },
    { extension: '.c', comment: 'block', formatter: 'none' },
    { extension: '.h', comment: 'block', formatter: 'none' },
  ],
  fence: 'cpp',
  namer: cppNamer,
};
