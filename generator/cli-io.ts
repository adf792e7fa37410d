/**
 * Where a command writes: the CLI's stdout and stderr, or a test's buffers. A module of its own at
 * the bottom of the import graph, so the subcommands (generator/mock/cli.ts,
 * generator/publish/cli.ts) need not import the CLI that loads them.
 */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}
