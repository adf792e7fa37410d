import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';

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
