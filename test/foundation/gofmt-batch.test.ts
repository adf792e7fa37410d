import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runOkSync } from '../support/subprocess.js';

// Records each gofmt batch as it starts (the real execFile still runs it).
const started: string[][] = [];
vi.mock('node:child_process', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:child_process')>();
  const execFile = ((file: string, args: string[], ...rest: unknown[]) => {
    if (file === 'gofmt') started.push(args);
    return (original.execFile as (...a: unknown[]) => unknown)(file, args, ...rest);
  }) as typeof original.execFile;
  return { ...original, execFile, default: { ...original, execFile } };
});

const { goLanguage } = await import('../../generator/emitters/go/language.js');
const { formatFile } = await import('../../generator/write/format.js');

const hasGofmt = spawnSync('gofmt', ['-l'], { input: '' }).status === 0;

describe.skipIf(!hasGofmt)('gofmt batches', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });
  it('start before the event loop gets a turn (the pipeline emits the next language meanwhile), one process for the files asked together', async () => {
    // Not served from the formatter cache (a run before this one may have filled it): gofmt must run.
    vi.stubEnv('OSSGEN_FORMAT_CACHE', 'off');
    const files = ['a', 'b', 'c'].map((name) => ({ path: `${name}.go`, content: `package x\nfunc  ${name}( ) {\n}\n` }));
    const formatting = Promise.all(files.map((f) => formatFile(f, goLanguage.sourceFiles)));
    // Only microtasks here, as in the pipeline's emit loop: no setImmediate, no I/O callback.
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(started).toHaveLength(1);
    expect(started[0]!.filter((a) => a.endsWith('.go'))).toHaveLength(3);
    const formatted = await formatting;
    expect(formatted.map((f) => f.content)).toEqual(['package x\n\nfunc a() {\n}\n', 'package x\n\nfunc b() {\n}\n', 'package x\n\nfunc c() {\n}\n']);
  });
});

describe('without gofmt', () => {
  it('leaves Go files as emitted (learnt from the first batch, no probe process), every file of every batch', () => {
    const format = pathToFileURL(join(process.cwd(), 'generator/write/format.ts')).href;
    const go = pathToFileURL(join(process.cwd(), 'generator/emitters/go/language.ts')).href;
    const script = `
      const { formatFile } = await import(${JSON.stringify(format)});
      const { goLanguage } = await import(${JSON.stringify(go)});
      const file = (name) => ({ path: name + '.go', content: 'package x\\nfunc  ' + name + '( ) {\\n}\\n' });
      const first = await Promise.all([formatFile(file('a'), goLanguage.sourceFiles), formatFile(file('b'), goLanguage.sourceFiles)]);
      const later = await formatFile(file('c'), goLanguage.sourceFiles);
      console.log(JSON.stringify([...first, later].map((f) => f.content)));
    `;
    // A PATH without gofmt (node itself is started by its full path).
    const result = runOkSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { PATH: '/nonexistent', OSSGEN_FORMAT_CACHE: 'off' },
    });
    expect(JSON.parse(result.stdout.trim().split('\n').pop()!)).toEqual(['a', 'b', 'c'].map((n) => `package x\nfunc  ${n}( ) {\n}\n`));
  });
});
