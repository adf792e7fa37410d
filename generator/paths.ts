/**
 * Where the project's files are, for every module of the generator. This module sits one level below the
 * project root, and so does the precompiled build (dist/, see scripts/build.mjs) into which it is bundled,
 * so `..` from here is the root either way. Modules find runtime/, templates/, model/ and node_modules/.cache
 * through these constants, never through their own import.meta.url (whose depth differs once bundled).
 */
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** An absolute path inside the project, from a path relative to its root ('runtime/ts/'). */
export function projectPath(relative: string): string {
  return fileURLToPath(new URL(relative, new URL('..', import.meta.url)));
}
