/**
 * Each template-based emitter's templates/<dir>/ with the helpers it compiles them with, for the build to
 * precompile (scripts/build.mjs, generator/render/handlebars.ts). Only a speed-up depends on this list: a
 * template the build did not precompile with these helpers is compiled at run time as before.
 */
import type { Helper } from '../render/handlebars.js';
import { C_HELPERS } from './c/helpers.js';
import { CLI_HELPERS } from './cli/helpers.js';
import { CPP_HELPERS } from './cpp/helpers.js';
import { DOCS_HELPERS } from './docs/helpers.js';
import { GO_HELPERS } from './go/helpers.js';
import { JAVA_HELPERS } from './java/helpers.js';
import { PHP_HELPERS } from './php/helpers.js';
import { PYTHON_TEMPLATE_HELPERS } from './python/helpers.js';
import { RUBY_HELPERS } from './ruby/helpers.js';
import { CSHARP_HELPERS } from './csharp/helpers.js';

export const TEMPLATE_SETS: { dir: string; helpers: Record<string, Helper> }[] = [
  { dir: 'go', helpers: GO_HELPERS },
  { dir: 'python', helpers: PYTHON_TEMPLATE_HELPERS },
  { dir: 'c', helpers: C_HELPERS },
  { dir: 'docs', helpers: DOCS_HELPERS },
  { dir: 'java', helpers: JAVA_HELPERS },
  { dir: 'cpp', helpers: CPP_HELPERS },
  { dir: 'php', helpers: PHP_HELPERS },
  { dir: 'cli', helpers: CLI_HELPERS },
  { dir: 'ruby', helpers: RUBY_HELPERS },
  { dir: 'csharp', helpers: CSHARP_HELPERS },
];
