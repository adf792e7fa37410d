/** Copies a generated package into a scratch directory, leaving build artifacts behind. */
import { cp, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { isBuildArtifact } from '../../write/write-files.js';

export async function stagePackage(sourceDir: string, target: string, buildArtifacts: readonly string[]): Promise<void> {
  await cp(sourceDir, target, {
    recursive: true,
    filter: (src) => {
      const rel = relative(sourceDir, src).split(sep).join('/');
      return rel === '' || !isBuildArtifact(`${rel}/x`, buildArtifacts.filter((p) => p.endsWith('/'))) && !isBuildArtifact(rel, buildArtifacts);
    },
  });
}

/** Every file below dir with its size, as sorted POSIX paths. */
export async function listFiles(dir: string, root = dir): Promise<{ name: string; bytes: number }[]> {
  const out: { name: string; bytes: number }[] = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full, root)));
    else out.push({ name: relative(root, full).split(sep).join('/'), bytes: (await stat(full)).size });
  }
  return out;
}
