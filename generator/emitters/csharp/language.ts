/** C#, as the pipeline and the docs see it. */
import type { LanguageDescriptor } from '../types.js';
import { csharpNamer } from './naming.js';

export const csharpLanguage: LanguageDescriptor = {
  id: 'csharp',
  name: 'csharp',
  displayName: 'C#',
  outDir: 'csharp',
  // What mcs, the dotnet SDK and the generated test runner leave behind; the tests build in temp copies.
  buildArtifacts: ['bin/', 'obj/', '*.dll', '*.exe', '*.mdb', '*.pdb', 'TestResult.xml'],
  // The templates print the style the tests check (mcs -warnaserror+), so no formatter runs.
  sourceFiles: [
    { extension: '.cs', comment: 'slash', formatter: 'none' },
    { extension: '.csproj', comment: 'html', formatter: 'none' },
  ],
  fence: 'csharp',
  namer: csharpNamer,
};
