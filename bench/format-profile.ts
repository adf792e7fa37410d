/**
 * Where generation's formatting time goes, file by file (issue #16): emits every language of model/oss.yaml as
 * `gen --lang all` does, then formats each file alone, one after another, in this process with the formatter
 * cache off, and prints a table: the file, its formatter (prettier parser or gofmt), the time, and whether the
 * formatter changed it (a file it leaves unchanged could skip it). The first file of each parser also pays for
 * loading that parser. Run: `OSSGEN_FORMAT_CACHE=off node --import tsx bench/format-profile.ts [--json] [--raw DIR]`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EMITTERS } from '../generator/emitters/index.js';
import type { EmitContext, Emitter, OutputFile } from '../generator/emitters/types.js';
import { buildModel, collectSamples, TEMPLATES_DIR } from '../generator/run.js';
import { addHeader, formatFile, prettierParser } from '../generator/write/format.js';

process.env.OSSGEN_FORMAT_CACHE = 'off';
/** `--raw DIR`: also write each file the formatter changed, as emitted (with its header), under DIR/<outDir>/, to diff against out/. */
const rawAt = process.argv.indexOf('--raw');
const rawDir = rawAt > 0 ? process.argv[rawAt + 1] : undefined;

interface Row {
  language: string;
  path: string;
  formatter: string;
  ms: number;
  bytes: number;
  changed: boolean;
}

const { ir } = await buildModel();
if (!ir) throw new Error('model did not build');
const rows: Row[] = [];
const emitted = new Map<Emitter, OutputFile[]>();
for (const emitter of [...EMITTERS.filter((e) => !e.usesSamples), ...EMITTERS.filter((e) => e.usesSamples)]) {
  const samples = emitter.usesSamples ? await collectSamples(ir, emitted) : [];
  const ctx: EmitContext = { modelSource: ir.source, templatesDir: TEMPLATES_DIR, samples };
  const files = await emitter.emit(ir, ctx);
  const finished: OutputFile[] = [];
  for (const file of files) {
    const kinds = emitter.language.sourceFiles;
    const kind = kinds.find((k) => file.path.endsWith(k.extension));
    const formatter = file.formatted ? 'none (formatted)' : (prettierParser(file.path, kinds) ?? (kind?.formatter === 'gofmt' ? 'gofmt' : 'none'));
    const start = performance.now();
    const done = await formatFile(file, kinds);
    const ms = performance.now() - start;
    const input = file.content.replace(/\r\n?/g, '\n');
    const changed = done.content !== (input.endsWith('\n') || input.length === 0 ? input : `${input}\n`);
    if (rawDir && changed) {
      mkdirSync(dirname(join(rawDir, emitter.language.outDir, file.path)), { recursive: true });
      writeFileSync(join(rawDir, emitter.language.outDir, file.path), addHeader({ ...file, content: input }, ir.source, kinds).content);
    }
    rows.push({ language: emitter.language.id, path: file.path, formatter, ms, bytes: input.length, changed });
    finished.push(addHeader(done, ir.source, kinds));
  }
  emitted.set(emitter, finished);
}

if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify(rows, null, 1)}\n`);
} else {
  const total = rows.reduce((s, r) => s + r.ms, 0);
  process.stdout.write(`| language | file | formatter | ms | bytes | changed by formatter |\n| --- | --- | --- | --- | --- | --- |\n`);
  for (const r of [...rows].sort((a, b) => b.ms - a.ms)) {
    if (r.formatter.startsWith('none')) continue;
    process.stdout.write(`| ${r.language} | ${r.path} | ${r.formatter} | ${r.ms.toFixed(0)} | ${r.bytes} | ${r.changed ? 'yes' : 'no'} |\n`);
  }
  const by = new Map<string, { ms: number; files: number; changed: number }>();
  for (const r of rows) {
    const key = `${r.language} ${r.formatter}`;
    const e = by.get(key) ?? { ms: 0, files: 0, changed: 0 };
    e.ms += r.ms;
    e.files++;
    if (r.changed) e.changed++;
    by.set(key, e);
  }
  process.stdout.write(`\n| language, formatter | files | changed | ms |\n| --- | --- | --- | --- |\n`);
  for (const [key, e] of [...by].sort((a, b) => b[1].ms - a[1].ms)) process.stdout.write(`| ${key} | ${e.files} | ${e.changed} | ${e.ms.toFixed(0)} |\n`);
  process.stdout.write(`\ntotal formatting ${total.toFixed(0)} ms over ${rows.length} files\n`);
}
