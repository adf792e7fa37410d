// Which precompiled build bin/gen.js may run: dist/cli.mjs, only while every input recorded in
// dist/build-info.json (scripts/build.mjs) hashes to what is on disk now and Node is the version it was
// built with; undefined otherwise (run the sources through tsx). Plain JavaScript: it runs before any loader.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Commands whose modules are not in the build (they start worker threads that load .ts files). */
export const TSX_ONLY_COMMANDS = ['mock', 'publish'];

/** @returns {URL | undefined} */
export function currentBuild(root, args, env = process.env) {
  if (env.OSSGEN_BUILD === 'off' || TSX_ONLY_COMMANDS.includes(args[0])) return undefined;
  try {
    const info = JSON.parse(readFileSync(new URL('dist/build-info.json', root), 'utf8'));
    if (info.node !== process.versions.node || !info.inputs || Object.keys(info.inputs).length === 0) return undefined;
    for (const [path, hash] of Object.entries(info.inputs)) {
      if (createHash('sha1').update(readFileSync(new URL(path, root))).digest('hex') !== hash) return undefined;
    }
    return new URL('dist/cli.mjs', root);
  } catch {
    return undefined;
  }
}
