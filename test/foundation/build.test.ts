/**
 * The precompiled build (scripts/build.mjs → dist/) is run by bin/gen.js only while it is current: every
 * input it was built from unchanged, the same Node. A stale or broken build means the TypeScript sources.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module without types
import { currentBuild } from '../../bin/current-build.js';

const dir = mkdtempSync(join(tmpdir(), 'ossgen-build-'));
const root = pathToFileURL(`${dir}/`);
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

function layout(inputs: Record<string, string>, recorded: Record<string, string>, node = process.versions.node): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'dist'), { recursive: true });
  mkdirSync(join(dir, 'generator'), { recursive: true });
  for (const [path, text] of Object.entries(inputs)) writeFileSync(join(dir, path), text);
  writeFileSync(join(dir, 'dist/build-info.json'), JSON.stringify({ node, inputs: recorded }));
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bin/current-build.js', () => {
  it('runs a build whose inputs are unchanged', () => {
    layout({ 'generator/cli.ts': 'a' }, { 'generator/cli.ts': sha1('a') });
    expect(currentBuild(root, ['--lang', 'ts'], {})?.href).toBe(new URL('dist/cli.mjs', root).href);
  });
  it('never runs a build one of whose inputs changed or went missing', () => {
    layout({ 'generator/cli.ts': 'edited' }, { 'generator/cli.ts': sha1('a') });
    expect(currentBuild(root, [], {})).toBeUndefined();
    layout({}, { 'generator/cli.ts': sha1('a') });
    expect(currentBuild(root, [], {})).toBeUndefined();
  });
  it('never runs a build made by another Node, an empty or missing one, or when told not to', () => {
    layout({ 'generator/cli.ts': 'a' }, { 'generator/cli.ts': sha1('a') }, '0.0.0');
    expect(currentBuild(root, [], {})).toBeUndefined();
    layout({}, {});
    expect(currentBuild(root, [], {})).toBeUndefined();
    rmSync(join(dir, 'dist'), { recursive: true, force: true });
    expect(currentBuild(root, [], {})).toBeUndefined();
    layout({ 'generator/cli.ts': 'a' }, { 'generator/cli.ts': sha1('a') });
    expect(currentBuild(root, [], { OSSGEN_BUILD: 'off' })).toBeUndefined();
  });
  it('leaves gen mock and gen publish to tsx (their worker threads load .ts files)', () => {
    layout({ 'generator/cli.ts': 'a' }, { 'generator/cli.ts': sha1('a') });
    expect(currentBuild(root, ['mock', '--sim'], {})).toBeUndefined();
    expect(currentBuild(root, ['publish'], {})).toBeUndefined();
  });
});
