/** Ruby, as the pipeline and the docs see it. */
import type { LanguageDescriptor } from '../types.js';
import { rubyNamer } from './naming.js';

export const rubyLanguage: LanguageDescriptor = {
  id: 'ruby',
  name: 'ruby',
  displayName: 'Ruby',
  outDir: 'ruby',
  buildArtifacts: ['*.gem', '.bundle/', 'vendor/', 'coverage/', 'pkg/', 'Gemfile.lock', '.rubocop-cache/'],
  // The templates print RuboCop's style already (the tests run `ruby -w` and RuboCop on the output), so no formatter runs.
  sourceFiles: [
    { extension: '.rb', comment: 'hash', formatter: 'none' },
    { extension: '.gemspec', comment: 'hash', formatter: 'none' },
  ],
  fence: 'ruby',
  namer: rubyNamer,
};
