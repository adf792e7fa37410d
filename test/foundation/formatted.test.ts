/**
 * Generation runs no formatter on the files whose text is printed in the formatter's style already: the static
 * sources marked `formatted`, the JSON and Markdown printed by render/prettier-style.ts (write/format.ts), and, on
 * their way, all others pass through prettier; Go runs through no gofmt, its doc comments are printed in gofmt's
 * style (render/go-doc-comments.ts). This checks that claim, and the formatters' stability,
 * on every file a generation into a temporary directory writes (the generator as it is now, not the committed
 * out/): prettier (same options) and gofmt leave each file byte for byte unchanged, less the generated-file
 * header, which the pipeline adds after formatting. A template that writes a line out of the formatter's style
 * fails here.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import * as prettier from 'prettier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../generator/emitters/languages.js';
import { generate } from '../../generator/run.js';
import { headerText, PRETTIER_OPTIONS, prettierParser } from '../../generator/write/format.js';

const gofmtAvailable = spawnSync('gofmt', ['-l'], { input: '' }).status === 0;

const HEADER = headerText('model/oss.yaml');

/** The file as the formatter saw it: without the header line (and the blank line a kind keeps after it). */
function withoutHeader(content: string, blankLineAfter: boolean): string {
  const lines = content.split('\n');
  const at = lines.findIndex((l) => l.includes(HEADER));
  if (at < 0 || at > 1) return content;
  lines.splice(at, blankLineAfter && lines[at + 1] === '' ? 2 : 1);
  return lines.join('\n');
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

describe('generated files are already in their formatter’s style', () => {
  let outDir: string;
  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'ossgen-formatted-'));
    const result = await generate({ outDir, languages: LANGUAGES.map((l) => l.id) });
    expect(result.refused).toBe(false);
  }, 180_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  for (const language of LANGUAGES) {
    it(`${language.id}: prettier and gofmt change no generated file of ${language.outDir}/`, async () => {
      const root = join(outDir, language.outDir);
      const changed: string[] = [];
      let checked = 0;
      for (const file of files(root)) {
        const path = relative(root, file).split('\\').join('/');
        const kind = language.sourceFiles.find((k) => path.endsWith(k.extension));
        const content = withoutHeader(readFileSync(file, 'utf8'), kind?.blankLineAfterHeader === true);
        let formatted: string | undefined;
        if (kind?.formatter === 'gofmt') {
          if (!gofmtAvailable) continue;
          const r = spawnSync('gofmt', [], { input: content, encoding: 'utf8' });
          expect(r.status, r.stderr).toBe(0);
          formatted = r.stdout;
        } else {
          const parser = prettierParser(path, language.sourceFiles);
          if (!parser) continue;
          formatted = await prettier.format(content, { ...PRETTIER_OPTIONS, parser });
          // Generation formats TypeScript with babel-ts (faster); prettier picks the typescript parser for a .ts
          // file, so that one must print the same bytes too.
          if (parser === 'babel-ts' && formatted === content) formatted = await prettier.format(content, { ...PRETTIER_OPTIONS, parser: 'typescript' });
        }
        checked++;
        if (formatted !== content) changed.push(path);
      }
      expect(changed).toEqual([]);
      expect(checked).toBeGreaterThan(0);
    });
  }
});
