/** The command-line tool (a Go program over the generated Go client), as the pipeline and the docs see it. */
import type { LanguageDescriptor } from '../types.js';
import { cliNamer } from './naming.js';

export const cliLanguage: LanguageDescriptor = {
  id: 'cli',
  name: 'cli',
  displayName: 'CLI',
  outDir: 'cli',
  // `go build` in out/cli leaves the binary named after the module's last element; release archives go to dist/.
  buildArtifacts: ['vendor/', '*.test', 'dist/', 'ossgen-cli-bin/'],
  // The same kind as Go's .go files (the same formatter and header): the tool is Go source.
  sourceFiles: [
    { extension: '.go', comment: 'slash', formatter: 'gofmt', blankLineAfterHeader: true },
    { extension: '.mod', comment: 'slash', formatter: 'none' },
  ],
  fence: 'sh',
  namer: cliNamer,
};
