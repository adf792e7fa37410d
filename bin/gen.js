#!/usr/bin/env node
// The `gen` / `ossgen` command. The generator is TypeScript run through tsx's loader, so there is
// no build step between editing the generator and running it.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../generator/cli.ts');
try {
  process.exitCode = await runCli(process.argv.slice(2));
} catch (err) {
  // A bug in ossgen itself, never a problem with the user's model: say so plainly.
  process.stderr.write(`gen: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
  if (process.env.OSSGEN_DEBUG) process.stderr.write(`${err instanceof Error ? err.stack : ''}\n`);
  process.stderr.write('This is a bug in ossgen; set OSSGEN_DEBUG=1 for details.\n');
  process.exitCode = 70;
}
