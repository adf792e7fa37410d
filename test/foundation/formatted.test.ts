/**
 * Generation does not run prettier on the static sources marked `formatted` (write/format.ts): they are kept in
 * prettier's style already. This checks that claim, and the formatters' stability, on every generated file:
 * prettier (same options) and gofmt leave each file of the committed out/ (which cli.test.ts keeps up to date
 * with the model and templates) byte for byte unchanged, less the generated-file header, which the pipeline
 * adds after formatting.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../generator/emitters/languages.js';
import { PROJECT_ROOT } from '../../generator/paths.js';
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
  for (const language of LANGUAGES) {
    it(`${language.id}: prettier and gofmt change no file of out/${language.outDir}`, async () => {
      const root = join(PROJECT_ROOT, 'out', language.outDir);
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
        }
        checked++;
        if (formatted !== content) changed.push(path);
      }
      expect(changed).toEqual([]);
      expect(checked).toBeGreaterThan(0);
    });
  }
});
