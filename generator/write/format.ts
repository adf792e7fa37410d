/**
 * Stage 5, format: prettier for the kinds it understands (fixed options so every machine prints the same
 * bytes), in a pool of worker threads while the pipeline runs one (format-pool.ts), else in-process, loaded
 * only when a file needs it. No gofmt: Go is emitted in gofmt's layout, with its doc comments printed as gofmt
 * prints them (render/go-doc-comments.ts; test/foundation/gofmt-clean.test.ts runs gofmt -l over the Go of several
 * models). Files marked `formatted` are static sources
 * already in their formatter's style and skip it (test/foundation/formatted.test.ts checks every generated file).
 * Then the fixed "generated" header and LF line endings. A language's own source files get the formatter and
 * comment style its descriptor names (emitters/<lang>/language.ts); build and doc files (.md, .json, .toml,
 * Makefile…) have the shared rules below.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Options, Plugin } from 'prettier';
import type { CommentStyle, FormatterId, OutputFile, SourceFileKind } from '../emitters/types.js';
import { projectPath } from '../paths.js';
import { goDocCommentsInGofmtStyle } from '../render/go-doc-comments.js';
import { headerText } from '../render/header.js';
import { formatHtmlLayout } from '../render/html-layout.js';
import { jsonInPrettierStyle, markdownInPrettierStyle } from '../render/prettier-style.js';
import { formatTypeScriptLayout, layoutOff } from '../render/typescript-layout.js';
import { withoutPartMarkers } from '../render/typescript-parts.js';
import { cacheKey, formatCacheEnabled, readCached, writeCached } from './format-cache.js';
import type { FormatPool } from './format-pool.js';

export { commentSafe, headerText, withoutHeader } from '../render/header.js';

export const PRETTIER_OPTIONS: Options = {
  printWidth: 100,
  singleQuote: true,
  trailingComma: 'all',
  endOfLine: 'lf',
  proseWrap: 'preserve',
};

/** Prettier parsers of the shared file kinds. */
const PRETTIER_PARSERS: Record<string, string> = {
  '.json': 'json',
  '.md': 'markdown',
  '.html': 'html',
  '.css': 'css',
  '.yaml': 'yaml',
  '.yml': 'yaml',
};

/**
 * TypeScript goes through prettier's babel-ts parser, not its typescript parser: the same printed bytes for every
 * generated TypeScript file (test/foundation/formatted.test.ts checks each against the typescript parser too),
 * and a cold run is faster (its plugin is 0.3 MB of code against 0.9 MB, and it parses faster: in a cold
 * process the 19 ts-morph-printed files took 3.3-4.3 s against 5.2-5.5 s, on a loaded machine).
 * OSSGEN_TS_PARSER=typescript uses the typescript parser again (to measure the difference).
 */
const TS_PARSER = process.env.OSSGEN_TS_PARSER === 'typescript' ? 'typescript' : 'babel-ts';

const FORMATTER_PARSERS: Partial<Record<FormatterId, string>> = {
  'prettier-typescript': TS_PARSER,
  'prettier-babel': 'babel',
};

function extension(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot) : '';
}

/** Prettier's version, read without loading prettier (a run whose files all come from the cache never does). */
const PRETTIER_VERSION = (() => {
  const require = createRequire(import.meta.url);
  const main = require.resolve('prettier');
  return (JSON.parse(readFileSync(join(dirname(main), 'package.json'), 'utf8')) as { version: string }).version;
})();

/**
 * Our own printers (render/*: the TypeScript, HTML and Markdown layouts) stand in for prettier on most of the
 * text, so a cached result is theirs as much as prettier's: their source goes into the key too, or an edited
 * printer would keep being served the output of the old one.
 */
export function printersId(dir: string): string {
  const hash = createHash('sha256');
  try {
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.ts')).sort()) hash.update(`${name}\0`).update(readFileSync(join(dir, name)));
  } catch {
    hash.update('no printer sources');
  }
  return hash.digest('hex').slice(0, 16);
}

/** What identifies a formatter's behaviour, so a cached result is reused only for the same one. */
export const FORMATTER_ID = `prettier ${PRETTIER_VERSION} ${JSON.stringify(PRETTIER_OPTIONS)} printers ${printersId(projectPath('generator/render'))}`;

/**
 * OSSGEN_STYLE_PRINTERS=off sends Markdown and HTML through prettier whole as before (to measure what the style
 * printers save, and to compare their output with prettier's).
 */
function stylePrinterOff(): boolean {
  return process.env.OSSGEN_STYLE_PRINTERS === 'off';
}

/**
 * Prettier's builtin plugins, in prettier's own order (index.mjs's production-plugins list, which decides which
 * plugin a parser name resolves to), as prettier/standalone's CommonJS builds. Issue #16: prettier's main entry is
 * ES modules only (1.5 MB of index.mjs and plugins), which Node 20 compiles afresh in every run, about 250 ms of
 * CPU; these CommonJS files go through bin/compile-cache.js instead. The same core formats either way (standalone
 * is index.mjs less config-file lookup and plugin search, which a format() call with inline options never uses).
 * The plugins that declare languages or options are loaded up front (option normalisation and the parser
 * inference for embedded code read them, as index.mjs's inlined copies would); those that only hold parsers load
 * on first use, as in index.mjs.
 */
const PRETTIER_PLUGINS: readonly { name: string; parsers?: readonly string[] }[] = [
  { name: 'acorn', parsers: ['acorn', 'espree'] },
  { name: 'angular', parsers: ['__ng_action', '__ng_binding', '__ng_directive', '__ng_interpolation'] },
  { name: 'babel', parsers: ['__babel_estree', '__js_expression', '__ts_expression', '__vue_event_binding', '__vue_expression', '__vue_ts_event_binding', '__vue_ts_expression', 'babel', 'babel-flow', 'babel-ts', 'json', 'json-stringify', 'json5', 'jsonc'] },
  { name: 'estree' },
  { name: 'flow', parsers: ['flow'] },
  { name: 'glimmer' },
  { name: 'graphql' },
  { name: 'html' },
  { name: 'markdown' },
  { name: 'meriyah', parsers: ['meriyah'] },
  { name: 'postcss' },
  { name: 'typescript', parsers: ['typescript'] },
  { name: 'yaml' },
];

interface PrettierRuntime {
  format(content: string, options: Options): Promise<string>;
  plugins: Plugin[];
}

/** prettier/standalone with every builtin plugin (see PRETTIER_PLUGINS); loaded once, on the first file that needs prettier. */
export function loadPrettier(): PrettierRuntime {
  const require = createRequire(import.meta.url);
  const standalone = require('prettier/standalone') as { format(content: string, options: Options): Promise<string> };
  const plugins = PRETTIER_PLUGINS.map(({ name, parsers }): Plugin => {
    const load = () => require(`prettier/plugins/${name}`) as Plugin;
    if (!parsers) return load();
    // A parser given as a function is called (and awaited) by prettier's core when first used: index.mjs's own lazy form.
    return { name, parsers: Object.fromEntries(parsers.map((parser) => [parser, async () => load().parsers![parser]])) } as unknown as Plugin;
  });
  return { format: (content, options) => standalone.format(content, { ...options, plugins }), plugins };
}

let prettierRuntime: PrettierRuntime | undefined;
let pool: FormatPool | undefined;

/** Formats through `next` (a worker pool) until called again with undefined; the pipeline sets it for a run. */
export function useFormatPool(next: FormatPool | undefined): void {
  pool = next;
}

/** Prettier on one text: in the pool when there is one, else in this thread. */
export async function prettierFormat(content: string, parser: string): Promise<string> {
  if (pool) return pool.format(content, parser);
  return prettierHere(content, parser);
}

/** The last prettier call queued in this thread: calls run one after another (see prettierHere). */
let prettierQueue: Promise<unknown> = Promise.resolve();

/**
 * Prettier on one text in this thread (loaded on first use); the pool's share of the work for this thread.
 * One text at a time: prettier.format awaits inside (options, parser, embedded CSS and scripts), so the files a
 * language hands over together would otherwise be parsed side by side, each holding its syntax tree and printed
 * document at once (higher peak memory, more garbage collection), for no gain in a single thread.
 */
export async function prettierHere(content: string, parser: string): Promise<string> {
  const run = prettierQueue.then(() => (prettierRuntime ??= loadPrettier()).format(content, { ...PRETTIER_OPTIONS, parser }));
  prettierQueue = run.catch(() => undefined);
  return run;
}

/** The prettier parser of a file, by its language's source kinds, else by the shared rules; undefined for none. */
export function prettierParser(path: string, kinds: readonly SourceFileKind[] = []): string | undefined {
  const kind = kindOf(path, kinds);
  return kind ? FORMATTER_PARSERS[kind.formatter] : PRETTIER_PARSERS[extension(path)];
}

function kindOf(path: string, kinds: readonly SourceFileKind[]): SourceFileKind | undefined {
  const ext = extension(path);
  return kinds.find((k) => k.extension === ext);
}

/** `text` when it is exactly what jsonInPrettierStyle prints for its own value, else undefined. */
export function jsonAlreadyInPrettierStyle(text: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return jsonInPrettierStyle(value) === text ? text : undefined;
}

/** Formats one file: by its language's source kinds (`kinds`, from the descriptor), else by the shared rules. */
export async function formatFile(file: OutputFile, kinds: readonly SourceFileKind[] = []): Promise<OutputFile> {
  let content = file.content.replace(/\r\n?/g, '\n');
  let parser = file.formatted ? undefined : prettierParser(file.path, kinds);
  const kind = kindOf(file.path, kinds);
  // Markdown is printed in prettier's style here, without prettier, whenever the rules of
  // render/prettier-style.ts cover the text (every Markdown file of the bundled model's output, see
  // test/foundation/formatted.test.ts); anything else still goes through prettier.
  // JSON already printed as render/prettier-style.ts prints its value (a template's JSON.stringify) is prettier's
  // output for that value, which prettier leaves as it is: no need to load prettier for it.
  const styled =
    parser === 'markdown' && !stylePrinterOff()
      ? markdownInPrettierStyle(content)
      : parser === 'json' && !stylePrinterOff()
        ? jsonAlreadyInPrettierStyle(content)
        : undefined;
  if (styled !== undefined) {
    content = styled;
    parser = undefined;
  }
  if (parser) {
    // No key without the cache: hashing every text (megabytes at 50 operations) is for the cache alone.
    const key = formatCacheEnabled() ? cacheKey(`${FORMATTER_ID} ${parser}`, content) : undefined;
    const cached = key === undefined ? undefined : readCached(key);
    if (cached !== undefined) content = cached;
    else {
      // TypeScript: the pieces whose prettier layout render/typescript-layout.ts prints itself skip prettier.
      const source = content;
      // HTML: the page's skeleton, one-line blocks, plain paragraphs and samples are printed by
      // render/html-layout.ts; prettier formats only the rest (the head, prose with inline code).
      content =
        kind?.formatter === 'prettier-typescript' && !layoutOff()
          ? await formatTypeScriptLayout(source, (text) => prettierFormat(text, parser!))
          : parser === 'html' && !stylePrinterOff()
            ? await formatHtmlLayout(source, (text) => prettierFormat(text, 'html'), file.formattedEmbeds)
            : await prettierFormat(kind?.formatter === 'prettier-typescript' ? withoutPartMarkers(source) : source, parser);
      if (key !== undefined) writeCached(key, content);
    }
  } else if (kind?.formatter === 'gofmt' && !file.formatted) {
    // No gofmt process (issue #16): the Go emitters print gofmt's layout, and the doc comments, the one thing gofmt
    // rewrote (model text it reads as code blocks, lists, headings or typographic quotes), are printed here as
    // gofmt prints them. The output no longer depends on whether, or which, Go is installed.
    content = goDocCommentsInGofmtStyle(content);
  }
  if (!content.endsWith('\n') && content.length > 0) content += '\n';
  const { formatted: _formatted, formattedEmbeds: _embeds, ...rest } = file;
  return { ...rest, content };
}

const COMMENTS: Record<CommentStyle, (text: string) => string> = {
  slash: (t) => `// ${t}`,
  hash: (t) => `# ${t}`,
  block: (t) => `/* ${t} */`,
  html: (t) => `<!-- ${t} -->`,
};

/** Comment styles of the shared file kinds (build, config and doc files of every language). */
const SHARED_STYLES: Record<string, CommentStyle> = {
  '.toml': 'hash',
  '.yaml': 'hash',
  '.yml': 'hash',
  '.cfg': 'hash',
  '.txt': 'hash',
  '.in': 'hash',
  '.pc': 'hash',
  '.cmake': 'hash',
  '.sh': 'hash',
  '.md': 'html',
  '.html': 'html',
  '.css': 'block',
  // C sources belong to C, and also travel as the C++ client's core (out/cpp/core), which must match out/c byte for byte.
  '.c': 'block',
  '.h': 'block',
};
const NAMED_STYLES: Record<string, CommentStyle> = {
  Makefile: 'hash',
  'CMakeLists.txt': 'hash',
  '.gitignore': 'hash',
  '.npmignore': 'hash',
};

/**
 * Puts the header on the first line (after a shebang, doctype or `<?php`), in the comment style of the
 * file's kind (`kinds`: the language's source kinds; else the shared ones). A kind with
 * `blankLineAfterHeader` keeps a blank line after it (Go: so the header is not the package doc).
 */
export function addHeader(file: OutputFile, modelSource: string, kinds: readonly SourceFileKind[] = []): OutputFile {
  if (file.header === false) return file;
  const base = file.path.slice(file.path.lastIndexOf('/') + 1);
  const kind = kindOf(file.path, kinds);
  const styleId = NAMED_STYLES[base] ?? kind?.comment ?? SHARED_STYLES[extension(file.path)];
  if (!styleId) return file;
  const line = COMMENTS[styleId](headerText(modelSource));
  if (file.content.startsWith('#!')) {
    const nl = file.content.indexOf('\n');
    return { ...file, content: `${file.content.slice(0, nl + 1)}${line}\n${file.content.slice(nl + 1)}` };
  }
  // PHP: after the opening tag and its blank line (text before `<?php` would be printed; PSR-12 separates the header blocks).
  if (file.content.startsWith('<?php\n\n')) return { ...file, content: `<?php\n\n${line}\n${file.content.slice('<?php\n'.length)}` };
  if (file.content.startsWith('<!doctype') || file.content.startsWith('<!DOCTYPE')) {
    const nl = file.content.indexOf('\n');
    return { ...file, content: `${file.content.slice(0, nl + 1)}${line}\n${file.content.slice(nl + 1)}` };
  }
  const blank = kind?.blankLineAfterHeader ? '\n' : '';
  return { ...file, content: `${line}\n${blank}${file.content}` };
}
