/** Java, as the pipeline and the docs see it. */
import type { LanguageDescriptor } from '../types.js';
import { javaNamer } from './naming.js';

export const javaLanguage: LanguageDescriptor = {
  id: 'java',
  name: 'java',
  displayName: 'Java',
  outDir: 'java',
  // Maven's build directory; the tests compile the samples into a temp directory, never here.
  buildArtifacts: ['target/', '*.class'],
  sourceFiles: [{ extension: '.java', comment: 'slash', formatter: 'none' }],
  fence: 'java',
  namer: javaNamer,
};
