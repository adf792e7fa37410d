/**
 * CLI names: subcommands and flags in kebab-case (`append-object`, `--content-type`). The reserved
 * words are the tool's own: its global flags and task commands, so a member or an operation of a
 * model can never shadow `--endpoint` or `append` (they get a trailing `_`, like reserved words in
 * the other languages).
 */
import { escapeReserved, toKebab, type Namer } from '../../ir/naming.js';

/** Global flags and task commands of runtime/cli (main.go, tasks.go, subcommands.go); test/cli/runtime.test.ts checks the list against them. */
export const CLI_RESERVED: ReadonlySet<string> = new Set([
  // global flags
  'endpoint', 'region', 'access-key-id', 'access-key-secret', 'security-token', 'signature-version', 'timeout', 'config', 'profile', 'json', 'quiet', 'lang', 'help', 'h',
  // the flag an operation with a body result adds
  'output',
  // task commands
  'append', 'stat', 'cat', 'rm', 'presign', 'completion', 'version',
]);

export const cliNamer: Namer = {
  key: 'cli',
  reserved: CLI_RESERVED,
  member: (words) => escapeReserved(CLI_RESERVED, toKebab(words)),
  operation: (words) => escapeReserved(CLI_RESERVED, toKebab(words)),
  input: (words) => `${toKebab(words)}-input`,
  output: (words) => `${toKebab(words)}-output`,
  error: (words) => toKebab(words),
  enumValue: (memberWords, valueWords) => toKebab([...memberWords, ...valueWords]),
  client: (words) => toKebab(words),
};
