/**
 * Driver programs (bench/drivers/*, test/reliability/drivers/soak.*) built once and shared: by every
 * reliability suite and the C hostile tests in one `npm test`, by vitest workers running at the same time,
 * and by `npm run bench` after the tests. A build lands in a cache directory named after a hash of
 * everything it depends on: the content of its input files and directories (the driver's source, the
 * generated client it links), the recipe's own settings (flags, tool versions). Same inputs, same directory:
 * nothing to build. Changed inputs (a regenerated client, an edited driver): a new directory.
 *
 * Safe for concurrent processes: a build runs in a private directory that is renamed into place when
 * complete (a rename is atomic, so a directory that exists is whole), and a lock directory lets the
 * other processes wait for the first one instead of compiling the same thing again. A lock left by a
 * process that died is taken over.
 *
 * The cache is node_modules/.cache/ossgen-drivers (OSSGEN_DRIVER_CACHE overrides); entries unused for
 * two weeks are deleted.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { runSync } from './subprocess.js';

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
const UNUSED_DAYS = 14;
/** How long a process waits for another one's build before building itself (a cold C or Go build takes seconds to a minute). */
const WAIT_FOR_OTHER_MS = 10 * 60_000;

export interface DriverRecipe {
  /** Names the cache entry and appears in messages, e.g. `soak-go`. */
  name: string;
  /** Files and directories whose content the build depends on (directories are read recursively). */
  inputs: string[];
  /** Everything else the build depends on: flags, tool versions, relevant environment. */
  settings?: string[];
  /** Builds into `dir` (empty, private to this build); `scratch` is a work directory deleted afterwards. */
  build: (dir: string, scratch: string) => Promise<void>;
}

export function driverCacheRoot(): string {
  return resolve(process.env.OSSGEN_DRIVER_CACHE || join(PROJECT_ROOT, 'node_modules/.cache/ossgen-drivers'));
}

/** A SHA-256 over the inputs' relative paths, kinds and bytes (sorted, so the order of a directory listing does not matter) and the settings. */
export function contentKey(inputs: string[], settings: string[] = []): string {
  const hash = createHash('sha256');
  const add = (label: string, data: string | Buffer) => {
    hash.update(`${label}\0${data.length}\0`);
    hash.update(data);
  };
  const walk = (path: string, name: string) => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) add(`link ${name}`, readlinkSync(path));
    else if (stat.isDirectory()) {
      add(`dir ${name}`, '');
      for (const entry of readdirSync(path).sort()) walk(join(path, entry), `${name}/${entry}`);
    } else add(`file ${name} ${stat.mode & 0o111 ? 'x' : '-'}`, readFileSync(path));
  };
  for (const [i, input] of inputs.entries()) {
    if (!existsSync(input)) throw new Error(`driver input ${input} does not exist`);
    walk(input, `#${i}`);
  }
  for (const s of settings) add('setting', s);
  return hash.digest('hex').slice(0, 24);
}

/** The first line of a tool's version output, for `settings` (so a new compiler rebuilds); memoized per process. */
const versions = new Map<string, string>();
export function toolVersion(command: string, args: string[] = ['--version']): string {
  const id = [command, ...args].join(' ');
  if (!versions.has(id)) {
    const r = runSync(command, args, { timeoutMs: 30_000 });
    versions.set(id, `${id}: ${r.status === 0 ? `${r.stdout}${r.stderr}`.trim().split('\n')[0] : 'unavailable'}`);
  }
  return versions.get(id)!;
}

/** Builds in this process already under way or done, by cache directory. */
const inProcess = new Map<string, Promise<string>>();
let pruned = false;

/** The directory holding the recipe's build for these inputs: built now if no process has built it before. */
export function cachedBuild(recipe: DriverRecipe): Promise<string> {
  const root = driverCacheRoot();
  const dir = join(root, `${recipe.name}-${contentKey(recipe.inputs, recipe.settings)}`);
  let pending = inProcess.get(dir);
  if (!pending) {
    pending = buildOnce(recipe, root, dir);
    inProcess.set(dir, pending);
    // A failed build may succeed later (a tool installed meanwhile): do not keep the failure.
    pending.catch(() => inProcess.delete(dir));
  }
  return pending;
}

async function buildOnce(recipe: DriverRecipe, root: string, dir: string): Promise<string> {
  mkdirSync(root, { recursive: true });
  if (!pruned) {
    pruned = true;
    prune(root);
  }
  const lock = `${dir}.lock`;
  const deadline = Date.now() + WAIT_FOR_OTHER_MS;
  for (;;) {
    if (existsSync(dir)) return touch(dir);
    if (takeLock(lock)) break;
    if (Date.now() > deadline || !lockHolderAlive(lock)) {
      // The other build died or hangs: build anyway (the rename below keeps whichever build lands first).
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const staging = `${dir}.tmp-${process.pid}-${randomUUID().slice(0, 8)}`;
  try {
    if (existsSync(dir)) return touch(dir); // landed between our check and our lock
    const out = join(staging, 'out');
    const scratch = join(staging, 'scratch');
    mkdirSync(out, { recursive: true });
    mkdirSync(scratch, { recursive: true });
    try {
      await recipe.build(out, scratch);
    } catch (err) {
      throw new Error(`building the ${recipe.name} driver failed: ${(err as Error).message}`, { cause: err });
    }
    writeFileSync(join(out, '.inputs'), `${recipe.inputs.map((i) => relative(PROJECT_ROOT, i) || '.').join('\n')}\n${(recipe.settings ?? []).join('\n')}\n`);
    try {
      renameSync(out, dir);
    } catch (err) {
      // Another process (one that took over a lock it thought stale) landed the same build first: use it.
      if (!existsSync(dir)) throw err;
    }
    return touch(dir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(lock, { recursive: true, force: true });
  }
}

function takeLock(lock: string): boolean {
  try {
    mkdirSync(lock);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  writeFileSync(join(lock, 'pid'), String(process.pid));
  return true;
}

function lockHolderAlive(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
  } catch {
    // The holder has made the directory but not yet written its pid, or has just finished: look again soon.
    return true;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Marks an entry as used now, so pruning keeps it. */
function touch(dir: string): string {
  const now = new Date();
  try {
    utimesSync(dir, now, now);
  } catch {
    // Read-only cache: it still works, it is just pruned by age of build.
  }
  return dir;
}

/** Deletes entries unused for UNUSED_DAYS, and staging directories of builds that died (a day old). */
function prune(root: string): void {
  const now = Date.now();
  for (const name of readdirSync(root)) {
    const path = join(root, name);
    try {
      const age = now - statSync(path).mtimeMs;
      const staleStaging = /\.tmp-\d+-/.test(name) && age > 86_400_000;
      if (staleStaging || (!name.includes('.') && age > UNUSED_DAYS * 86_400_000)) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed meanwhile by another process.
    }
  }
}
