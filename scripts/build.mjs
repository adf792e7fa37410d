#!/usr/bin/env node
// The generator precompiled: generator/cli.ts and what it imports for generation, bundled by esbuild into
// dist/ (one level below the project root, like generator/, so generator/paths.ts finds the root from either),
// plus the model schema's ajv validator as standalone code. Run by `npm ci` / `npm install` (the "prepare"
// script) and by hand after editing the generator (`npm run build`); nothing depends on it being there.
// bin/gen.js uses dist/ only while the hash of every input recorded in dist/build-info.json still matches
// the file on disk, and otherwise runs the TypeScript sources through tsx as before, so a stale build is
// never run. `gen mock` and `gen publish` always run through tsx (their worker threads load .ts files).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const TMP = join(ROOT, `dist.${process.pid}.tmp`);
/** Modules run only through tsx (bin/gen.js routes their commands there); the bundle gets a stub instead. */
const TSX_ONLY = /[\\/](mock|publish)[\\/]cli\.js$/;

async function main() {
  const esbuild = await import('esbuild');
  rmSync(TMP, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { cli: 'generator/cli.ts' },
    outdir: TMP,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    metafile: true,
    logLevel: 'warning',
    plugins: [
      {
        name: 'tsx-only',
        setup(build) {
          build.onResolve({ filter: TSX_ONLY }, (args) => ({ path: args.path, namespace: 'tsx-only' }));
          build.onLoad({ filter: /.*/, namespace: 'tsx-only' }, () => ({
            contents: 'throw new Error("this command runs through tsx (bin/gen.js), not the precompiled build");',
            loader: 'js',
          }));
        },
      },
    ],
  });
  asciiOutputs(TMP);
  // The model schema's validator, compiled once here instead of at every start (generator/load/validate.ts).
  const { register } = await import('tsx/esm/api');
  const unregister = register();
  const { writePrecompiledValidator } = await import('../generator/load/validate.ts');
  const validatorInputs = writePrecompiledValidator(TMP);
  // The Handlebars templates, precompiled (generator/render/handlebars.ts; each spec keyed by its template's text).
  const { writePrecompiledTemplates } = await import('../generator/render/handlebars.ts');
  const { TEMPLATE_SETS } = await import('../generator/emitters/template-sets.ts');
  const templateCount = writePrecompiledTemplates(join(TMP, 'templates.cjs'), join(ROOT, 'templates'), TEMPLATE_SETS);
  await unregister();
  const inputs = [...Object.keys(result.metafile.inputs).filter((p) => !p.startsWith('tsx-only:')), ...validatorInputs, 'scripts/build.mjs'];
  const sorted = [...new Set(inputs)].sort();
  // Each input's stat, taken before its hash: bin/current-build.js hashes only the inputs whose stat differs now.
  const stats = Object.fromEntries(sorted.map((p) => [p, statKey(join(ROOT, p))]));
  const hashes = Object.fromEntries(sorted.map((p) => [p, hashFile(join(ROOT, p))]));
  writeFileSync(join(TMP, 'build-info.json'), `${JSON.stringify({ node: process.versions.node, inputs: hashes, stats }, null, 1)}\n`);
  rmSync(DIST, { recursive: true, force: true });
  renameSync(TMP, DIST);
  process.stdout.write(`build: dist/ from ${Object.keys(hashes).length} inputs, ${templateCount} templates precompiled\n`);
  warmCompileCache();
}

/**
 * One generation of every language into a temporary directory, so V8's compile cache (bin/compile-cache.js) holds
 * the code of the dependencies as a run uses it before the first real run. Formatter cache off: only code is kept.
 */
function warmCompileCache() {
  if (process.env.OSSGEN_COMPILE_CACHE === 'off') return;
  const out = mkdtempSync(join(tmpdir(), 'ossgen-warm-'));
  try {
    const result = spawnSync(process.execPath, [join(ROOT, 'bin/gen.js'), '--lang', 'all', '--out', out], {
      env: { ...process.env, OSSGEN_FORMAT_CACHE: 'off' },
      stdio: 'ignore',
      timeout: 120_000,
    });
    process.stdout.write(result.status === 0 ? 'build: compile cache warmed\n' : 'build: compile cache not warmed (gen failed; it fills on first use)\n');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * esbuild writes strings, regular expressions and identifiers in ASCII (its default charset) but copies comments as
 * they are, and V8 holds a module's whole source as two-byte text (twice the memory, for the life of the process)
 * once it has a single other character: one '…' in a comment did that to a 615 kB chunk. Such a character can then
 * only stand in a comment, where a \u escape reads the same.
 */
function asciiOutputs(dir) {
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.mjs'))) {
    const file = join(dir, name);
    const text = readFileSync(file, 'utf8');
    if (/[^\x00-\x7f]/.test(text)) writeFileSync(file, text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  }
}

/** What bin/current-build.js compares before hashing: size, modification and change times (ns), inode. */
export function statKey(path) {
  const st = statSync(path, { bigint: true });
  return `${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}`;
}

export function hashFile(path) {
  return createHash('sha1').update(readFileSync(path)).digest('hex');
}

try {
  await main();
} catch (err) {
  // A failed build leaves no dist/ behind, and gen runs through tsx: say so, but do not fail the install.
  rmSync(TMP, { recursive: true, force: true });
  rmSync(DIST, { recursive: true, force: true });
  process.stderr.write(`build: skipped (gen will run through tsx): ${err instanceof Error ? err.message : String(err)}\n`);
  if (process.env.OSSGEN_BUILD_STRICT) process.exitCode = 1;
}
