#!/usr/bin/env node
// The `gen` / `ossgen` command. The generator is TypeScript. `npm ci` / `npm install` precompile it into dist/
// (scripts/build.mjs); that build is used only while every input it was built from is byte for byte the file
// on disk (hashes in dist/build-info.json), so editing the generator never runs a stale build: without a
// current build, and always for `gen mock` and `gen publish`, the sources run through tsx's loader as before.
// OSSGEN_BUILD=off forces tsx.
import { enableCompileCache } from './compile-cache.js';
import { currentBuild } from './current-build.js';

enableCompileCache();

const root = new URL('../', import.meta.url);
const args = process.argv.slice(2);

let entry = currentBuild(root, args);
if (!entry) {
  const { register } = await import('tsx/esm/api');
  register();
  entry = new URL('generator/cli.ts', root);
}
const { runCli } = await import(entry.href);
try {
  process.exitCode = await runCli(args);
} catch (err) {
  // A bug in ossgen itself, never a problem with the user's model: say so plainly.
  process.stderr.write(`gen: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
  if (process.env.OSSGEN_DEBUG) process.stderr.write(`${err instanceof Error ? err.stack : ''}\n`);
  process.stderr.write('This is a bug in ossgen; set OSSGEN_DEBUG=1 for details.\n');
  process.exitCode = 70;
}
