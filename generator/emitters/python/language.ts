/** Python, as the pipeline and the docs see it. */
import type { LanguageDescriptor } from '../types.js';
import { pythonNamer } from './naming.js';

export const pythonLanguage: LanguageDescriptor = {
  id: 'python',
  name: 'python',
  displayName: 'Python',
  outDir: 'python',
  buildArtifacts: ['__pycache__/', '.pytest_cache/', '.mypy_cache/', '.ruff_cache/', '*.egg-info/', 'build/', 'dist/', '.venv/', 'venv/', '.tox/', '.nox/', 'htmlcov/', '.coverage'],
  // The templates print PEP 8 already (ruff checks the output in the tests), so no formatter runs.
  sourceFiles: [{ extension: '.py', comment: 'hash', formatter: 'none' }],
  fence: 'python',
  namer: pythonNamer,
};
