/**
 * Handlebars for the template-based emitters (go, python, c, docs). Templates are compiled in
 * strict mode with knownHelpersOnly, so a template can call only the closed set of helpers
 * registered here plus the ones its emitter declares; all decisions live in the view model.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import Handlebars from 'handlebars';

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
export function loadTemplates(templatesDir: string, dir: string, helpers: Record<string, Helper> = {}): TemplateSet {
  const root = join(templatesDir, dir);
  const hb = Handlebars.create();
  const allHelpers = { ...CORE_HELPERS, ...helpers };
  for (const [name, fn] of Object.entries(allHelpers)) hb.registerHelper(name, fn);
  const knownHelpers = Object.fromEntries(Object.keys(allHelpers).map((k) => [k, true]));
  const options = { strict: true, noEscape: true, knownHelpersOnly: true, knownHelpers, preventIndent: true };
  const templates = new Map<string, HandlebarsTemplateDelegate>();
  for (const file of listFiles(root)) {
    if (!file.endsWith('.hbs')) continue;
    const name = relative(root, file).split('\\').join('/').replace(/\.hbs$/, '');
    const source = readFileSync(file, 'utf8');
    if (name.startsWith('partials/')) hb.registerPartial(name, hb.compile(source, options));
    else templates.set(name, hb.compile(source, options));
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
