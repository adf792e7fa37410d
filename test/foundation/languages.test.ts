// One shape for every language (issue 15, item 4): each folder under generator/emitters/ is listed
// once in the registry, has the same files, and its descriptor is consistent with the output.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMITTERS } from '../../generator/emitters/index.js';
import { LANGUAGES, NAMERS } from '../../generator/emitters/languages.js';
import { SAMPLE_IDS } from '../../generator/emitters/sample-ids.js';
import { buildModel, collectSamples, PROJECT_ROOT } from '../../generator/run.js';

const EMITTERS_DIR = join(PROJECT_ROOT, 'generator/emitters');
const folders = readdirSync(EMITTERS_DIR).filter((name) => statSync(join(EMITTERS_DIR, name)).isDirectory()).sort();

/** Files every language folder has; a client language (one with identifiers) also has these. */
const EVERY_FOLDER = ['emitter.ts', 'language.ts', 'helpers.ts'];
const CLIENT_FOLDER = ['naming.ts', 'samples.ts'];

describe('language folders', () => {
  it('every folder under generator/emitters/ is one language of the registry, and the other way round', () => {
    expect(LANGUAGES.map((l) => l.name).sort()).toEqual(folders);
    expect(EMITTERS.map((e) => e.language)).toEqual(LANGUAGES);
  });

  it.each(folders)('%s has the same files as every language', (folder) => {
    const language = LANGUAGES.find((l) => l.name === folder)!;
    const wanted = [...EVERY_FOLDER, ...(language.namer ? CLIENT_FOLDER : [])];
    expect(wanted.filter((file) => !existsSync(join(EMITTERS_DIR, folder, file)))).toEqual([]);
    // The view model: one file, or a folder split by concern.
    expect(existsSync(join(EMITTERS_DIR, folder, 'view-model.ts')) || existsSync(join(EMITTERS_DIR, folder, 'view-model'))).toBe(true);
  });

  it('ids, output directories, fences and name keys are distinct', () => {
    for (const key of ['id', 'outDir', 'name'] as const) expect(new Set(LANGUAGES.map((l) => l[key])).size, key).toBe(LANGUAGES.length);
    const clients = LANGUAGES.filter((l) => l.namer);
    expect(clients.every((l) => l.fence)).toBe(true);
    expect(new Set(NAMERS.map((n) => n.key)).size).toBe(NAMERS.length);
    // An extension two languages share (the CLI is Go source) must be the same kind in both: one header, one formatter.
    const kinds = new Map<string, string>();
    for (const kind of LANGUAGES.flatMap((l) => l.sourceFiles)) {
      const described = JSON.stringify({ comment: kind.comment, formatter: kind.formatter, blank: kind.blankLineAfterHeader ?? false });
      expect(kinds.get(kind.extension) ?? described, `a source extension is one kind of file (${kind.extension})`).toBe(described);
      kinds.set(kind.extension, described);
    }
  });

  it('every client language hands the docs the same sample ids, and nothing else does', async () => {
    const { ir } = await buildModel();
    const samples = await collectSamples(ir!, new Map());
    expect(samples.map((s) => s.language.id)).toEqual(LANGUAGES.filter((l) => l.namer).map((l) => l.id));
    for (const { language, samples: list } of samples) expect(list.map((s) => s.id), language.id).toEqual([...SAMPLE_IDS]);
  });
});
