// Which precompiled build bin/gen.js may run: dist/cli.mjs, only while every input recorded in
// dist/build-info.json (scripts/build.mjs) hashes to what is on disk now and Node is the version it was
// built with; undefined otherwise (run the sources through tsx). Plain JavaScript: it runs before any loader.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

/** Commands whose modules are not in the build (they start worker threads that load .ts files). */
export const TSX_ONLY_COMMANDS = ['mock', 'publish'];

/**
 * An input whose size, modification and change times (ns) and inode are those the build recorded, and whose
 * modification time is well before the build recorded it, holds the bytes that were hashed: any write since
 * changes its times (and setting them back changes the change time), a replaced file has another inode. A file
 * modified within 2 s of the build's record is hashed all the same (as git treats "racily clean" entries: a
 * write in the same clock tick as the record would leave its times as they were). Times compared with the
 * build record's own modification time, the same file system's clock. Hashing all ~150 inputs cost ~20 ms a run.
 */
const RACY_NS = 2_000_000_000n;

function unchangedSinceBuild(url, recorded, builtNs) {
  if (typeof recorded !== 'string') return false;
  const st = statSync(url, { bigint: true });
  return st.mtimeNs < builtNs - RACY_NS && recorded === `${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}`;
}

/** @returns {URL | undefined} */
export function currentBuild(root, args, env = process.env) {
  if (env.OSSGEN_BUILD === 'off' || TSX_ONLY_COMMANDS.includes(args[0])) return undefined;
  try {
    const infoUrl = new URL('dist/build-info.json', root);
    const builtNs = statSync(infoUrl, { bigint: true }).mtimeNs;
    const info = JSON.parse(readFileSync(infoUrl, 'utf8'));
    if (info.node !== process.versions.node || !info.inputs || Object.keys(info.inputs).length === 0) return undefined;
    for (const [path, hash] of Object.entries(info.inputs)) {
      const url = new URL(path, root);
      if (unchangedSinceBuild(url, info.stats?.[path], builtNs)) continue;
      if (createHash('sha1').update(readFileSync(url)).digest('hex') !== hash) return undefined;
    }
    return new URL('dist/cli.mjs', root);
  } catch {
    return undefined;
  }
}
