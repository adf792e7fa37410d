/** Go, as the pipeline and the docs see it. */
import { SAMPLE_IDS } from '../sample-ids.js';
import type { LanguageDescriptor } from '../types.js';
import { goNamer } from './naming.js';

export const goLanguage: LanguageDescriptor = {
  id: 'go',
  name: 'go',
  displayName: 'Go',
  outDir: 'go',
  // `go build` inside a sample's folder leaves a binary named after the folder.
  buildArtifacts: ['vendor/', '*.test', ...SAMPLE_IDS.map((id) => `examples/${id}/${id}`)],
  sourceFiles: [
    { extension: '.go', comment: 'slash', formatter: 'gofmt', blankLineAfterHeader: true },
    { extension: '.mod', comment: 'slash', formatter: 'none' },
    // Go assembly (the runtime's CRC-64 kernel); gofmt does not format it.
    { extension: '.s', comment: 'slash', formatter: 'none', blankLineAfterHeader: true },
  ],
  fence: 'go',
  namer: goNamer,
};
