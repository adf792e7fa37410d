// V8's compiled code kept on disk between runs of `gen` (issue #16), in node_modules/.cache/ossgen-v8/, so a new
// process does not parse and compile the same large dependencies again (the TypeScript compiler that ts-morph
// loads is 9 MB of JavaScript: about 260 ms to compile, about 70 ms from the cache). It changes only how fast
// code loads, never what it does: V8 checks each cached entry against the source and its own version and
// flags, and compiles afresh when it does not fit. The build (scripts/build.mjs) warms it; OSSGEN_COMPILE_CACHE=off
// turns it off. Plain JavaScript: it runs before any loader.
//
// On Node >= 22.1 this is Node's own module.enableCompileCache(), which covers ES modules too. Older Node has no
// such API, so there the CommonJS loader's compile step is wrapped (as the v8-compile-cache package does) for the
// CommonJS files of node_modules/ and dist/; ES modules (prettier) then compile as before.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachedDataVersionTag } from 'node:v8';
import { constants as vmConstants, Script } from 'node:vm';

/** Only files this large are worth a cache entry (reading one costs a little too). */
const MIN_SIZE = 64 * 1024;

/** Files loaded with V8 accepting their cache entry, and files compiled afresh (Node < 22.1 path only). */
export const compileCacheStats = { hits: 0, misses: 0 };

/** @returns {string | undefined} the cache directory in use, or undefined when off */
export function enableCompileCache(root = new URL('../', import.meta.url), env = process.env) {
  if (env.OSSGEN_COMPILE_CACHE === 'off') return undefined;
  const dir = fileURLToPath(new URL('node_modules/.cache/ossgen-v8/', root));
  if (typeof Module.enableCompileCache === 'function') {
    try {
      Module.enableCompileCache(dir);
      return dir;
    } catch {
      return undefined;
    }
  }
  // Without the loader constant (before Node 20.12), import() in a cached script would fail: leave it to Node.
  if (!vmConstants?.USE_MAIN_CONTEXT_DEFAULT_LOADER) return undefined;
  const rootPath = fileURLToPath(root);
  const covered = (file) => file.startsWith(rootPath) && (file.includes('/node_modules/') || file.startsWith(join(rootPath, 'dist/')));
  const tag = `${process.versions.v8} ${cachedDataVersionTag()}`;
  /** Scripts compiled without a usable entry: their code (with what ran since) is saved when the process exits. */
  const toSave = [];
  const original = Module.prototype._compile;
  Module.prototype._compile = function compileWithCache(content, filename) {
    if (!covered(filename) || content.length < MIN_SIZE) return original.call(this, content, filename);
    let entry;
    try {
      const stat = statSync(filename);
      entry = join(dir, `${createHash('sha1').update(`${tag}\0${filename}\0${stat.size}\0${stat.mtimeMs}`).digest('hex')}.bin`);
    } catch {
      return original.call(this, content, filename);
    }
    let cachedData;
    try {
      cachedData = readFileSync(entry);
    } catch {
      // not cached yet
    }
    // import() inside the module resolves as it would without the cache (Node's default loader).
    const script = new Script(Module.wrap(content), { filename, cachedData, importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
    if (!cachedData || script.cachedDataRejected) {
      compileCacheStats.misses += 1;
      toSave.push({ script, entry });
    } else compileCacheStats.hits += 1;
    const wrapper = script.runInThisContext({ displayErrors: true });
    const mod = this;
    const require = createRequire(filename);
    // The same module objects Node's own require uses, so a module required here and elsewhere is loaded once.
    const requireHere = Object.assign((id) => mod.require(id), { resolve: require.resolve, cache: Module._cache, main: process.mainModule, extensions: Module._extensions });
    return wrapper.call(mod.exports, mod.exports, requireHere, mod, filename, dirname(filename));
  };
  process.once('exit', () => {
    for (const { script, entry } of toSave) {
      try {
        mkdirSync(dir, { recursive: true });
        const tmp = `${entry}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, entry);
      } catch {
        // A cache that cannot be written only costs time.
      }
    }
  });
  return dir;
}
