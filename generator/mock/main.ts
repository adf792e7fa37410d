/**
 * A lean process entry for the mock: the same flags and output as `gen mock`, without loading the
 * generator's emitters (ts-morph, prettier), so the server starts with about 80 MB resident
 * instead of 250 MB. Use it for long or large runs: `tsx generator/mock/main.ts --sim --data-dir DIR`.
 */
import { mockCommand } from './cli.js';

process.exitCode = await mockCommand(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
