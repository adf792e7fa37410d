/** TypeScript, as the pipeline and the docs see it. */
import type { LanguageDescriptor } from '../types.js';
import { typescriptNamer } from './naming.js';

export const typescriptLanguage: LanguageDescriptor = {
  id: 'ts',
  name: 'typescript',
  displayName: 'TypeScript',
  outDir: 'ts',
  buildArtifacts: ['node_modules/', 'dist/', 'coverage/', '*.tgz', '*.tsbuildinfo'],
  sourceFiles: [
    { extension: '.ts', comment: 'slash', formatter: 'prettier-typescript' },
    { extension: '.mts', comment: 'slash', formatter: 'prettier-typescript' },
    { extension: '.js', comment: 'slash', formatter: 'prettier-babel' },
    { extension: '.mjs', comment: 'slash', formatter: 'prettier-babel' },
  ],
  fence: 'ts',
  namer: typescriptNamer,
};
