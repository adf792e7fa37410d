/** The reference docs (Markdown and HTML, English and Chinese), as the pipeline sees them. */
import type { LanguageDescriptor } from '../types.js';

export const docsLanguage: LanguageDescriptor = {
  id: 'docs',
  name: 'docs',
  displayName: 'Docs (Markdown and HTML, en/zh)',
  outDir: 'docs',
  buildArtifacts: [],
  // Only .md and .html, which have shared rules in write/format.ts.
  sourceFiles: [],
};
