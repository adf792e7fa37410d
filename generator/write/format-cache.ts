/**
 * A content-addressed cache of formatter output, like `prettier --cache`: the key is the hash of
 * the formatter, its version and options, and the input text; the value is exactly what the
 * formatter printed for it. Output bytes are the same with or without the cache; only the time
 * differs. Lives in node_modules/.cache/ossgen-format (the usual home of tool caches); set
 * OSSGEN_FORMAT_CACHE=off to bypass it.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectPath } from '../paths.js';

const CACHE_DIR = projectPath('node_modules/.cache/ossgen-format/');

export function formatCacheEnabled(): boolean {
  return process.env.OSSGEN_FORMAT_CACHE !== 'off';
}

export function cacheKey(formatter: string, input: string): string {
  return createHash('sha256').update(formatter).update('\0').update(input).digest('hex');
}

export function readCached(key: string): string | undefined {
  if (!formatCacheEnabled()) return undefined;
  try {
    return readFileSync(join(CACHE_DIR, key.slice(0, 2), key), 'utf8');
  } catch {
    return undefined;
  }
}

export function writeCached(key: string, output: string): void {
  if (!formatCacheEnabled()) return;
  try {
    const dir = join(CACHE_DIR, key.slice(0, 2));
    mkdirSync(dir, { recursive: true });
    // Write then rename, so a concurrent reader never sees half a file.
    const tmp = join(dir, `${key}.${process.pid}.tmp`);
    writeFileSync(tmp, output);
    renameSync(tmp, join(dir, key));
  } catch {
    // A cache that cannot be written only costs time.
  }
}
