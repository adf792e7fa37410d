/** C, as the pipeline and the docs see it. */
import type { LanguageDescriptor } from '../types.js';
import { cNamer } from './naming.js';

export const cLanguage: LanguageDescriptor = {
  id: 'c',
  name: 'c',
  displayName: 'C',
  outDir: 'c',
  buildArtifacts: ['build/', 'cmake-build-*/', '*.o', '*.a', '*.so', '*.dylib'],
  // The templates print the project's C style directly, so no formatter runs.
  sourceFiles: [
    { extension: '.c', comment: 'block', formatter: 'none' },
    { extension: '.h', comment: 'block', formatter: 'none' },
  ],
  fence: 'c',
  namer: cNamer,
};
