/**
 * The generator's import graph (issue 15, item 3): no import cycle under generator/, and no
 * emitter imports the writer (generator/write/**) or the CLI (generator/cli.ts). Every relative
 * import counts: static, type-only, re-exports and dynamic `import('./x.js')` with a literal path.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const GENERATOR = join(ROOT, 'generator');

/** Relative module specifiers a source file imports (static, type-only, re-export, dynamic). */
export function relativeImports(source: string): string[] {
  const text = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found = new Set<string>();
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]/g,
    /\bimport\s*['"](\.{1,2}\/[^'"]+)['"]/g,
    /\bimport\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of text.matchAll(pattern)) found.add(m[1]!);
  return [...found].sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sourceFiles(path);
      return /\.(ts|mts|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
    })
    .sort();
}

/** The import graph of the files under `dir`, by project-relative path (`generator/cli.ts`). */
function importGraph(dir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(dir)) {
    const targets = relativeImports(readFileSync(file, 'utf8')).map((spec) => {
      const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts').replace(/\.mjs$/, '.mts');
      return relative(ROOT, target).split('\\').join('/');
    });
    graph.set(relative(ROOT, file).split('\\').join('/'), targets);
  }
  return graph;
}

/** Every import cycle, one per strongly connected component, as a path `a -> b -> a`. */
export function findCycles(graph: Map<string, string[]>): string[] {
  // Tarjan's strongly connected components.
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string): void => {
    indexOf.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!indexOf.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, indexOf.get(next)!));
    }
    if (low.get(node) === indexOf.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      const selfLoop = (graph.get(node) ?? []).includes(node);
      if (component.length > 1 || selfLoop) components.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!indexOf.has(node)) visit(node);
  // Show each component as one concrete cycle through its first file (a breadth-first path back to it).
  return components.map((component) => {
    const members = new Set(component);
    const start = component[0]!;
    const previous = new Map<string, string>();
    const queue = [start];
    let last: string | undefined;
    while (queue.length > 0 && last === undefined) {
      const node = queue.shift()!;
      for (const next of graph.get(node) ?? []) {
        if (!members.has(next)) continue;
        if (next === start) {
          last = node;
          break;
        }
        if (!previous.has(next)) {
          previous.set(next, node);
          queue.push(next);
        }
      }
    }
    const path = [start];
    for (let node = last; node !== undefined && node !== start; node = previous.get(node)) path.splice(1, 0, node);
    return [...path, start].join(' -> ');
  });
}

describe('the import checker', () => {
  it('reads static, type-only, re-export, side-effect and dynamic relative imports, not packages or comments', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      "export { c } from './c.js';",
      "export type { D } from './d.js';",
      "import './e.js';",
      "const f = () => import('./f.js');",
      "import {\n  g,\n  h,\n} from './gh.js';",
      "import { parseArgs } from 'node:util';",
      "// import { x } from './commented.js';",
      "/* import { y } from './blocked.js'; */",
    ].join('\n');
    expect(relativeImports(source)).toEqual(['../b.js', './a.js', './c.js', './d.js', './e.js', './f.js', './gh.js']);
  });

  it('finds a cycle, a self-import and none in a tree', () => {
    const cyclic = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts', 'd.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts']],
    ]);
    expect(findCycles(cyclic)).toEqual(['a.ts -> b.ts -> c.ts -> a.ts', 'e.ts -> e.ts']);
    expect(findCycles(new Map([['a.ts', ['b.ts', 'c.ts']], ['b.ts', ['c.ts']], ['c.ts', []]]))).toEqual([]);
  });
});

describe('generator/ imports', () => {
  const graph = importGraph(GENERATOR);

  it('reads the whole generator (a sanity check of the walk)', () => {
    expect(graph.get('generator/cli.ts')).toEqual(expect.arrayContaining(['generator/mock/cli.ts', 'generator/publish/cli.ts']));
    expect(graph.size).toBeGreaterThan(50);
  });

  it('has no import cycle', () => {
    expect(findCycles(graph)).toEqual([]);
  });

  it('no emitter imports the pipeline, the writer, the CLI, the mock or publish: emitters return files, the pipeline does the rest', () => {
    const found: string[] = [];
    const above = (target: string) =>
      ['generator/write/', 'generator/mock/', 'generator/publish/'].some((dir) => target.startsWith(dir)) || ['generator/cli.ts', 'generator/run.ts', 'generator/cli-io.ts'].includes(target);
    for (const [file, targets] of graph) {
      if (!file.startsWith('generator/emitters/')) continue;
      for (const target of targets) if (above(target)) found.push(`${file} -> ${target}`);
    }
    expect(found).toEqual([]);
  });

  it('a language folder imports no other language folder (shared code sits in emitters/ itself)', () => {
    const folderOf = (file: string) => /^generator\/emitters\/([^/]+)\//.exec(file)?.[1];
    const found: string[] = [];
    for (const [file, targets] of graph) {
      const folder = folderOf(file);
      if (!folder) continue;
      for (const target of targets) {
        const other = folderOf(target);
        if (other && other !== folder) found.push(`${file} -> ${target}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('the IR and the loader sit below the emitters: they import no emitter', () => {
    const found = [...graph].flatMap(([file, targets]) =>
      /^generator\/(ir|load|model)\//.test(file) ? targets.filter((t) => t.startsWith('generator/emitters/')).map((t) => `${file} -> ${t}`) : [],
    );
    expect(found).toEqual([]);
  });
});
