/**
 * Stage 6, write or check: the only place (with the CLI) that touches out/. Writes the files
 * of each language with a manifest of their hashes, removes files it no longer generates, and
 * in --check mode writes nothing and lists what would change.
 */
import { createHash } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { OutputFile } from '../emitters/types.js';

export const MANIFEST_NAME = '.ossgen-manifest.json';

export interface LanguageOutput {
  /** Absolute directory, e.g. /project/out/ts. */
  dir: string;
  files: OutputFile[];
  buildArtifacts: string[];
  modelSource: string;
}

export interface Drift {
  changed: string[];
  added: string[];
  removed: string[];
}

const sha256 = (content: string | Buffer) => createHash('sha256').update(content).digest('hex');

export function manifestFor(output: LanguageOutput): OutputFile {
  const files = [...output.files]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((f) => ({ path: f.path, sha256: sha256(f.content) }));
  const manifest = { generator: 'ossgen', model: output.modelSource, files };
  return { path: MANIFEST_NAME, content: `${JSON.stringify(manifest, null, 2)}\n`, header: false };
}

export function isBuildArtifact(path: string, patterns: readonly string[]): boolean {
  const segments = path.split('/');
  return patterns.some((pattern) => {
    if (pattern.endsWith('/')) return segments.slice(0, -1).includes(pattern.slice(0, -1));
    if (pattern.startsWith('*.')) return path.endsWith(pattern.slice(1));
    return path === pattern;
  });
}

async function listTree(dir: string, root = dir): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listTree(full, root)));
    else out.push(relative(root, full).split(sep).join('/'));
  }
  return out.sort();
}

/** Files on disk under the output directory that the generator owns (everything but build artifacts). */
async function ownedFiles(output: LanguageOutput): Promise<string[]> {
  return (await listTree(output.dir)).filter((p) => !isBuildArtifact(p, output.buildArtifacts));
}

export async function checkLanguage(output: LanguageOutput): Promise<Drift> {
  const wanted = [...output.files, manifestFor(output)];
  const onDisk = new Set(await ownedFiles(output));
  const drift: Drift = { changed: [], added: [], removed: [] };
  for (const file of wanted) {
    if (!onDisk.has(file.path)) {
      drift.added.push(file.path);
      continue;
    }
    onDisk.delete(file.path);
    const current = await readFile(join(output.dir, file.path));
    if (!current.equals(Buffer.from(file.content, 'utf8'))) drift.changed.push(file.path);
  }
  drift.removed.push(...onDisk);
  for (const list of Object.values(drift)) list.sort();
  return drift;
}

/** Writes only files whose bytes differ, then removes files the generator no longer produces. */
export async function writeLanguage(output: LanguageOutput): Promise<Drift> {
  const drift = await checkLanguage(output);
  const wanted = [...output.files, manifestFor(output)];
  const toWrite = new Set([...drift.changed, ...drift.added]);
  for (const file of wanted) {
    const target = join(output.dir, file.path);
    if (toWrite.has(file.path)) {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.content, 'utf8');
    }
    if (file.executable) await chmod(target, 0o755);
  }
  for (const path of drift.removed) await rm(join(output.dir, path), { force: true });
  await removeEmptyDirs(output.dir);
  return drift;
}

async function removeEmptyDirs(dir: string): Promise<boolean> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  let empty = true;
  for (const entry of entries) {
    if (entry.isDirectory()) {
      const childEmpty = await removeEmptyDirs(join(dir, entry.name));
      if (childEmpty) await rm(join(dir, entry.name), { recursive: true, force: true });
      else empty = false;
    } else empty = false;
  }
  return empty;
}
