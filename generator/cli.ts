/**
 * The `gen` command: parses flags, calls the library, prints, sets the exit code. Nothing else.
 * Exit codes: 0 ok; 1 diagnostics or drift; 2 bad usage.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CliIo } from './cli-io.js';
import { PROJECT_ROOT } from './paths.js';
import { YOUNG_GENERATION_CAP } from './young-generation.js';
import { formatDiagnostic, formatDiagnosticsJson, sortDiagnostics, type Diagnostic } from './diagnostics.js';

// The pipeline and the emitters (prettier, handlebars) load only for the commands that use
// them, so `gen mock` and `gen --help` start light.
const pipeline = () => import('./run.js');
const availableLanguages = async () => (await import('./emitters/index.js')).availableLanguages();


export class UsageError extends Error {}

const VERSION = (JSON.parse(readFileSync(resolve(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const MAIN_HELP = `ossgen ${VERSION}: generate SDKs, docs and tests from one API model.

Usage:
  gen --lang LANGS [--model PATH] [--out DIR] [--check] [--force] [--format text|json]
  gen validate [--model PATH] [--format text|json]
  gen mock --help
  gen publish --help

Generate:
  --lang LANGS     comma-separated languages, or "all" for every language that has an emitter.
                   Available: ${'{{LANGS}}'}
  --model PATH     the API model (default: model/oss.yaml of this project)
  --out DIR        output root; each language writes DIR/<lang> (default: out/ of this project)
  --check          write nothing; exit 1 and list every generated file that would change, be added
                   or removed (files ossgen did not write are not listed: they are left alone)
  --force          also write into a DIR/<lang> that exists, is not empty and has no ossgen manifest,
                   over files at generated paths that ossgen did not write, and over generated files
                   edited since ossgen wrote them (removing such a file it no longer generates).
                   Files it does not generate are still left alone. Never through a symbolic link,
                   never into / or your home directory.
  --format FORMAT  how diagnostics are printed: text (default) or json
  --quiet          no progress lines
  --timings        print how long each pipeline stage took (milliseconds, JSON on stderr)
  -h, --help       this help
  -v, --version    print the version

Safety: nothing is written unless every language's directory is safe to write. gen refuses (exit 1,
nothing written, each reason listed) a DIR/<lang> that it did not create, generated files edited
since, a symbolic link anywhere in the generated tree, and DIR being / or your home directory.
It removes only files its previous manifest lists whose bytes still match; writes are atomic.

Exit status: 0 success, 1 model diagnostics, refused output or (with --check) stale output,
2 bad usage.
`;

const VALIDATE_HELP = `Usage: gen validate [--model PATH] [--format text|json]

Loads the model, checks it against model/model.schema.json and the semantic rules, and prints
every diagnostic at once as "file:line:col  error CODE  message" with a code frame.
Exit status: 0 valid, 1 diagnostics, 2 bad usage.
`;

export type { CliIo } from './cli-io.js';

const defaultIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

function parse<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

async function mainHelp(): Promise<string> {
  const langs = await availableLanguages();
  return MAIN_HELP.replace('{{LANGS}}', langs.length ? `${langs.join(', ')}, all` : '(none yet)');
}

/** Runs the CLI and returns the exit code; `main` below turns it into the process's. */
export async function runCli(argv: string[], io: CliIo = defaultIo): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === 'validate') return await validateCommand(rest, io);
    if (command === 'mock' || command === 'publish') {
      const mod = await loadSubcommand(command);
      return await mod(rest, io);
    }
    return await generateCommand(argv, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`gen: ${err.message}\nRun "gen --help" for usage.\n`);
      return 2;
    }
    throw err;
  }
}

type Subcommand = (args: string[], io: CliIo) => Promise<number>;

/** Subcommands live in their own folders; a missing one is a usage error, not a crash. */
async function loadSubcommand(name: 'mock' | 'publish'): Promise<Subcommand> {
  const registry: Record<string, () => Promise<Subcommand | undefined>> = {
    mock: async () => (await import('./mock/cli.js')).mockCommand,
    publish: async () => (await import('./publish/cli.js')).publishCommand,
  };
  const command = await registry[name]!();
  if (!command) throw new UsageError(`"gen ${name}" is not available in this version`);
  return command;
}

function printDiagnostics(diagnostics: Diagnostic[], format: string, text: string | undefined, io: CliIo): void {
  if (format === 'json') {
    io.stdout(formatDiagnosticsJson(diagnostics));
    return;
  }
  const sorted = sortDiagnostics(diagnostics);
  for (const d of sorted) io.stderr(`${formatDiagnostic(d, text)}\n\n`);
  const errors = sorted.filter((d) => d.severity === 'error').length;
  io.stderr(`${errors} error${errors === 1 ? '' : 's'} in the model.\n`);
}

function checkFormat(format: string | undefined): string {
  const f = format ?? 'text';
  if (f !== 'text' && f !== 'json') throw new UsageError(`--format must be text or json, not "${f}"`);
  return f;
}

async function validateCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    model: { type: 'string' },
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(VALIDATE_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const format = checkFormat(values.format as string | undefined);
  const { buildModel, DEFAULT_MODEL, displayPath } = await pipeline();
  const modelPath = resolve((values.model as string | undefined) ?? DEFAULT_MODEL);
  const result = await buildModel(modelPath);
  if (result.diagnostics.length > 0) {
    printDiagnostics(result.diagnostics, format, result.loaded?.text, io);
    if (!result.ir) return 1;
  }
  if (format === 'json') {
    if (result.diagnostics.length === 0) io.stdout(formatDiagnosticsJson([]));
  } else {
    io.stdout(`${displayPath(modelPath)}: valid (${result.ir!.operations.length} operations, ${result.ir!.errors.length} errors)\n`);
  }
  return 0;
}

export async function parseLanguages(spec: string): Promise<string[]> {
  const available = await availableLanguages();
  const requested = spec.split(',').map((s) => s.trim()).filter(Boolean);
  if (requested.length === 0) throw new UsageError('--lang needs at least one language');
  const langs: string[] = [];
  for (const lang of requested) {
    if (lang === 'all') {
      if (available.length === 0) throw new UsageError('no language emitters exist yet');
      langs.push(...available);
    } else if (available.includes(lang as never)) {
      langs.push(lang);
    } else {
      const list = available.length ? available.join(', ') : '(none yet)';
      throw new UsageError(`no emitter for language "${lang}". Available: ${list}, all`);
    }
  }
  return [...new Set(langs)];
}

async function generateCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    lang: { type: 'string' },
    model: { type: 'string' },
    out: { type: 'string' },
    check: { type: 'boolean' },
    force: { type: 'boolean' },
    format: { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
    timings: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean', short: 'v' },
  });
  if (values.help) {
    io.stdout(await mainHelp());
    return 0;
  }
  if (values.version) {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unknown command "${positionals[0]}"`);
  if (!values.lang) throw new UsageError('missing --lang (for example: gen --lang ts, or gen --lang all)');
  const format = checkFormat(values.format as string | undefined);
  const languages = await parseLanguages(values.lang as string);
  const check = Boolean(values.check);
  const force = Boolean(values.force);
  const quiet = Boolean(values.quiet) || format === 'json';
  const { DEFAULT_MODEL, DEFAULT_OUT, displayPath, generate } = await pipeline();
  const modelPath = resolve((values.model as string | undefined) ?? DEFAULT_MODEL);
  const outDir = resolve((values.out as string | undefined) ?? DEFAULT_OUT);
  const shown = (path: string) => escapeForDisplay(displayPath(path));
  let result;
  try {
    result = await generate({
      modelPath,
      outDir,
      languages,
      check,
      force,
      onStage: quiet ? undefined : (stage) => io.stderr(`gen: ${stage}\n`),
      youngGenerationCap: YOUNG_GENERATION_CAP,
    });
  } catch (err) {
    // The disk changed under a write that had been checked (a symlink or an edit appeared meanwhile).
    if (!(err instanceof Error) || err.name !== 'UnsafeOutputError') throw err;
    for (const p of (err as Error & { problems: { path: string; message: string }[] }).problems) io.stderr(`gen: ${shown(p.path)}: ${p.message}\n`);
    io.stderr("gen: stopped writing where the disk changed under gen (above): every file written is complete, nothing was written through a link, and the other languages' writes went on to their end.\n");
    return 1;
  }
  const blocking = result.problems.filter((p) => !(force && p.forceable));
  if (blocking.length > 0) {
    for (const p of blocking) io.stderr(`gen: ${shown(p.path)}: ${p.message}\n`);
    if (!check) {
      io.stderr(`gen: refused to write: nothing was written (${blocking.length} problem${blocking.length === 1 ? '' : 's'} above).\n`);
      return 1;
    }
  }
  if (!quiet) for (const p of result.problems.filter((q) => force && q.forceable)) io.stderr(`gen: --force: ${shown(p.path)}: ${p.message}\n`);
  if (result.results.length === 0) {
    if (blocking.length > 0) return 1;
    printDiagnostics(result.diagnostics, format, result.modelText, io);
    return 1;
  }
  let stale = false;
  for (const r of result.results) {
    const { changed, added, removed } = r.drift;
    const dir = shown(r.dir);
    if (check) {
      for (const p of changed) io.stdout(`changed  ${dir}/${p}\n`);
      for (const p of added) io.stdout(`added    ${dir}/${p}\n`);
      for (const p of removed) io.stdout(`removed  ${dir}/${p}\n`);
      if (changed.length + added.length + removed.length > 0) stale = true;
    } else if (!quiet) {
      io.stderr(`gen: ${r.language}: ${r.files} files in ${dir} (${added.length} added, ${changed.length} changed, ${removed.length} removed)\n`);
    }
  }
  if (values.timings) {
    const rounded = Object.fromEntries(Object.entries(result.timings).map(([k, v]) => [k, Math.round(v * 10) / 10]));
    io.stderr(`${JSON.stringify({ timings: rounded })}\n`);
  }
  if (check) {
    if (stale) io.stderr('gen: generated output is stale; run the same command without --check to update it.\n');
    else if (!quiet) io.stderr(`gen: ${result.results.map((r) => r.language).join(', ')} up to date\n`);
  }
  return stale || blocking.length > 0 ? 1 : 0;
}

/** Paths as printed: control and line-separator characters shown as \\uXXXX, so a file name cannot forge output. */
function escapeForDisplay(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}
