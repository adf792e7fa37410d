/**
 * Stage 1, load: read the YAML model and keep its Document and LineCounter, so every later
 * stage can turn a model path into file:line:col. Syntax errors and duplicate keys become
 * diagnostics here; nothing is thrown for bad input.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Document, LineCounter, Node } from 'yaml';
import { diagnostic, type Diagnostic, type SourceLocation } from '../diagnostics.js';
import { loadFastYaml } from './fast-yaml.js';

type Yaml = typeof import('yaml');
let yamlModule: Yaml | undefined;

/**
 * The yaml package, loaded when first needed: a model that fast-yaml.ts reads (no diagnostics) never
 * needs it, and loading it (its 72 CommonJS modules) was a tenth of the start-up of `gen` (issue #16).
 */
function yaml(): Yaml {
  return (yamlModule ??= createRequire(import.meta.url)('yaml') as Yaml);
}

export interface LoadedModel {
  /** Path of the model as the user gave it; used in every diagnostic. */
  file: string;
  text: string;
  /** Plain JavaScript value of the document (undefined when it could not be parsed at all). */
  value: unknown;
  document: Document.Parsed;
  lineCounter: LineCounter;
}

export interface LoadResult {
  model?: LoadedModel;
  diagnostics: Diagnostic[];
}

/** Reads and parses a model; `shownAs` is the path printed in diagnostics (default: `file`). */
export async function loadModelFile(file: string, shownAs: string = file): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    return { diagnostics: [diagnostic('M003', `cannot read model ${shownAs}: ${reason}`, '', { file: shownAs, line: 1, col: 1 })] };
  }
  return loadModelText(text, shownAs);
}

/** Parses model text; pure, for tests and tools that hold the text already. */
export function loadModelText(text: string, file: string): LoadResult {
  // The common case (issue #16): a model js-yaml reads as `yaml` would (fast-yaml.ts) has no diagnostics; its
  // Document (only for pointing diagnostics at lines) is parsed when first asked for.
  const simple = loadFastYaml(text);
  if (simple) {
    let parsed: { document: Document.Parsed; lineCounter: LineCounter } | undefined;
    const parse = () => (parsed ??= parseWithYaml(text));
    const model: LoadedModel = {
      file,
      text,
      value: simple.value,
      get document() {
        return parse().document;
      },
      get lineCounter() {
        return parse().lineCounter;
      },
    };
    return { model, diagnostics: [] };
  }
  const { document, lineCounter } = parseWithYaml(text);
  const diagnostics: Diagnostic[] = [];
  // After one syntax error the parser reports every later token as unexpected too; like a compiler,
  // report the first syntax error only. Duplicate keys are independent, so all of them are reported.
  let syntaxReported = false;
  for (const error of [...document.errors, ...document.warnings]) {
    const [start, end] = error.pos;
    const duplicate = error.code === 'DUPLICATE_KEY';
    if (!duplicate && syntaxReported) continue;
    if (!duplicate) syntaxReported = true;
    diagnostics.push(diagnostic(duplicate ? 'M002' : 'M001', firstLine(error.message), '', locationOfOffset(lineCounter, file, start, end)));
  }
  let value: unknown;
  if (diagnostics.length === 0) {
    try {
      value = document.toJS({ maxAliasCount: 1000 });
    } catch (err) {
      diagnostics.push(diagnostic('M001', firstLine((err as Error).message), '', { file, line: 1, col: 1 }));
    }
  }
  return { model: { file, text, value, document, lineCounter }, diagnostics };
}

function parseWithYaml(text: string): { document: Document.Parsed; lineCounter: LineCounter } {
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  return { document, lineCounter };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

export function locationOfOffset(lineCounter: LineCounter, file: string, start: number, end?: number): SourceLocation {
  const { line, col } = lineCounter.linePos(start);
  const length = end !== undefined && end > start ? end - start : 1;
  return { file, line, col, length };
}

/** Splits a JSON-pointer-like path (`/operations/0/name`) into keys and indexes. */
export function splitPath(path: string): (string | number)[] {
  if (path === '' || path === '/') return [];
  return path
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

export interface LocateOptions {
  /** Point at the key of the last segment rather than its value (for unknown properties). */
  key?: boolean;
}

/**
 * Maps a model path to a source location: the deepest node the path reaches. A path that goes
 * past the document (a missing property) lands on its closest existing parent.
 */
export function locate(model: LoadedModel, path: string, options: LocateOptions = {}): SourceLocation {
  const { isMap, isPair, isScalar, isSeq } = yaml();
  const segments = splitPath(path);
  let node: Node | null = model.document.contents as Node | null;
  let located: [number, number] | undefined = node?.range ? [node.range[0], node.range[1]] : undefined;
  for (let i = 0; i < segments.length && node; i++) {
    const segment = segments[i]!;
    const last = i === segments.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      const keyNode = pair.key as Node;
      if (last && options.key && keyNode.range) {
        located = [keyNode.range[0], keyNode.range[1]];
        break;
      }
      const valueNode = pair.value as Node | null;
      if (valueNode?.range) {
        located = [valueNode.range[0], valueNode.range[1]];
        node = valueNode;
      } else {
        if (keyNode.range) located = [keyNode.range[0], keyNode.range[1]];
        break;
      }
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item?.range) break;
      located = [item.range[0], item.range[1]];
      node = item;
    } else {
      break;
    }
  }
  if (!located) return { file: model.file, line: 1, col: 1 };
  const loc = locationOfOffset(model.lineCounter, model.file, located[0], located[1]);
  // A multi-line span underlines only to the end of its first line.
  return loc;
}
