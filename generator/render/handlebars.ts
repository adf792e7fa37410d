/**
 * Handlebars for the template-based emitters (go, python, c, docs). Templates are compiled in
 * strict mode with knownHelpersOnly, so a template can call only the closed set of helpers
 * registered here plus the ones its emitter declares; all decisions live in the view model.
 *
 * Compiling the templates was about a tenth of a cold `gen --lang all` (issue #16), so the build
 * (scripts/build.mjs → dist/templates.cjs) precompiles them: each spec is filed under a key of Handlebars'
 * version, the compile options (helper names included) and the template's text, and loadTemplates uses a spec
 * only for exactly that key, else compiles as before. Handlebars' own precompile produces the same code its
 * compile does, so the output is the same either way; an edited template simply misses its spec.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import type Handlebars from 'handlebars';
import { projectPath } from '../paths.js';
import { withStartupFlags } from '../young-generation.js';

type HandlebarsEnv = typeof Handlebars;
const requireHere = createRequire(import.meta.url);
/**
 * Handlebars' runtime (templates from precompiled specs) and, only when a template has no spec, the whole of it
 * with its compiler (about 25 ms of CPU more to load in a cold process, issue #16). Rendering runs the same
 * runtime code either way, so the output does not depend on which one a set got.
 */
const handlebarsRuntime = () => requireHere('handlebars/runtime') as HandlebarsEnv;
const handlebarsWithCompiler = () => requireHere('handlebars') as HandlebarsEnv;

export type Helper = (...args: any[]) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Helpers every template may use. Each is a pure function of its arguments. */
export const CORE_HELPERS: Record<string, Helper> = {
  /** `{{#if (eq a b)}}`: strict equality. */
  eq: (a: unknown, b: unknown) => a === b,
  /** `{{json value}}`: a JSON literal, also a valid string literal in JS, Python and Go for plain text. */
  json: (value: unknown) => JSON.stringify(value),
  /** `{{join list ", "}}`. */
  join: (list: unknown, separator: unknown) => (Array.isArray(list) ? list.join(typeof separator === 'string' ? separator : ', ') : ''),
};

export interface TemplateSet {
  /** Renders templates/<lang>/<name>.hbs with the given view. */
  render(name: string, view: unknown): string;
  names(): string[];
}

/**
 * Loads every `*.hbs` below templates/<dir>/; files under `partials/` are registered as
 * partials named by their path without the extension (e.g. `partials/doc-comment`).
 */
export function loadTemplates(templatesDir: string, dir: string, helpers: Record<string, Helper> = {}, specs = precompiledSpecs()): TemplateSet {
  const root = join(templatesDir, dir);
  const allHelpers = { ...CORE_HELPERS, ...helpers };
  const options = compileOptions(allHelpers);
  const sources = templateSources(root).map((t) => ({ ...t, spec: specs[templateKey(options, t.source)] }));
  const hb = (sources.every((t) => t.spec) ? handlebarsRuntime() : handlebarsWithCompiler()).create();
  for (const [name, fn] of Object.entries(allHelpers)) hb.registerHelper(name, fn);
  const templates = new Map<string, HandlebarsTemplateDelegate>();
  for (const { name, source, spec } of sources) {
    if (!spec) templatesCompiled += 1;
    // A copy: Handlebars writes its defaults into the options object it is given (data: true), which would change later keys.
    const template = spec ? hb.template(spec as TemplateSpecification) : hb.compile(source, { ...options });
    if (name.startsWith('partials/')) hb.registerPartial(name, template);
    else templates.set(name, template);
  }
  return {
    render(name, view) {
      const template = templates.get(name);
      if (!template) throw new Error(`no template ${dir}/${name}.hbs`);
      return template(view, { allowProtoPropertiesByDefault: false });
    },
    names: () => [...templates.keys()].sort(),
  };
}

type TemplateSpecification = Parameters<typeof Handlebars.template>[0];

/** The compile options of a template set; the helper names are part of them (knownHelpersOnly compiles calls to them directly). */
function compileOptions(allHelpers: Record<string, Helper>) {
  const knownHelpers = Object.fromEntries(Object.keys(allHelpers).map((k) => [k, true]));
  return { strict: true, noEscape: true, knownHelpersOnly: true, knownHelpers, preventIndent: true };
}

/** What a precompiled spec is filed under: everything its code depends on. */
function templateKey(options: ReturnType<typeof compileOptions>, source: string): string {
  const helperNames = Object.keys(options.knownHelpers).sort();
  return createHash('sha1')
    .update(`handlebars ${handlebarsRuntime().VERSION}\0${JSON.stringify({ ...options, knownHelpers: helperNames })}\0${source}`)
    .digest('hex');
}

/** Every template below `root` with its name (path without `.hbs`, `/`-separated). */
function templateSources(root: string): { name: string; source: string }[] {
  return listFiles(root)
    .filter((file) => file.endsWith('.hbs'))
    .map((file) => ({ name: relative(root, file).split('\\').join('/').replace(/\.hbs$/, ''), source: readFileSync(file, 'utf8') }));
}

const PRECOMPILED = projectPath('dist/templates.cjs');
let templatesCompiled = 0;

/** How many templates this process has compiled rather than taken precompiled (the build covers them all: test/foundation/build.test.ts). */
export function compiledTemplateCount(): number {
  return templatesCompiled;
}
let loadedSpecs: Record<string, unknown> | undefined;

/** The build's precompiled specs by key (or those of `file`); none without a build. */
export function precompiledSpecs(file?: string): Record<string, unknown> {
  if (file) return createRequire(file)(file) as Record<string, unknown>;
  if (loadedSpecs) return loadedSpecs;
  try {
    loadedSpecs = withStartupFlags(() => createRequire(PRECOMPILED)(PRECOMPILED) as Record<string, unknown>);
  } catch {
    loadedSpecs = {};
  }
  return loadedSpecs;
}

/**
 * Called by scripts/build.mjs: precompiles every template of each set (templates/<dir>/ with its emitter's
 * helpers) into `file` as a CommonJS module of specs by key. Returns how many templates it holds.
 */
export function writePrecompiledTemplates(file: string, templatesDir: string, sets: { dir: string; helpers: Record<string, Helper> }[]): number {
  const entries = new Map<string, string>();
  for (const { dir, helpers } of sets) {
    const options = compileOptions({ ...CORE_HELPERS, ...helpers });
    for (const { source } of templateSources(join(templatesDir, dir))) {
      entries.set(templateKey(options, source), handlebarsWithCompiler().precompile(source, { ...options }) as unknown as string);
    }
  }
  // Non-ASCII characters (in templates' string literals) as \u escapes: V8 keeps a module's source in memory for as
  // long as its functions may still be compiled, and one such character makes all 2.3 MB of it a two-byte string.
  const { code, locations } = sharedLocations([...entries].map(([key, spec]) => `${JSON.stringify(key)}: ${spec},`).join('\n'));
  const body = asciiSource(code);
  writeFileSync(
    file,
    `// Precompiled Handlebars templates (generator/render/handlebars.ts), written by scripts/build.mjs.\n'use strict';\n` +
      `const ${LOCATIONS} = [${locations.map(([a, b, c, d]) => `location(${a},${b},${c},${d})`).join(',')}];\n` +
      `function location(line, column, endLine, endColumn) {\n  return Object.freeze({ start: Object.freeze({ line, column }), end: Object.freeze({ line: endLine, column: endColumn }) });\n}\n` +
      `module.exports = {\n${body}\n};\n`,
  );
  return entries.size;
}

/** The name of templates.cjs's table of source locations (not a name Handlebars' generated code uses). */
const LOCATIONS = 'ossgenLocations';

/**
 * Handlebars' precompiled code builds a source location, `{"start":{"line":2,"column":8},"end":{...}}` (three objects),
 * on every strict-mode lookup and helper call, for the error it throws if the lookup fails; at 50 operations that is
 * garbage by the million (issue #16: garbage collection was a fifth of a cold `gen --lang all`). Each distinct
 * location becomes one frozen object in a table, built when the module loads, and the code refers to it. Nothing reads
 * a location but an error message. Matches only code: string literals in the specs are JSON-quoted, so an unescaped
 * `{"start":` cannot stand inside one.
 */
export function sharedLocations(code: string): { code: string; locations: [number, number, number, number][] } {
  const locations: [number, number, number, number][] = [];
  const index = new Map<string, number>();
  const shared = code.replace(/\{"start":\{"line":(\d+),"column":(\d+)\},"end":\{"line":(\d+),"column":(\d+)\}\}/g, (text, a: string, b: string, c: string, d: string) => {
    let i = index.get(text);
    if (i === undefined) {
      i = locations.length;
      index.set(text, i);
      locations.push([Number(a), Number(b), Number(c), Number(d)]);
    }
    return `${LOCATIONS}[${i}]`;
  });
  return { code: shared, locations };
}

/**
 * JavaScript source with every character outside ASCII written as a \u escape (UTF-16 code units). Only valid where
 * such characters stand in string literals, template text or identifiers, as in Handlebars' precompiled specs.
 */
export function asciiSource(source: string): string {
  return source.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function listFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const full = join(dir, entry);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}
