import { describe, expect, it } from 'vitest';
import { buildModel } from '../../generator/run.js';
import { changelogEntry, checkSemver, diffSurface, requiredBump, surfaceOf, type Surface } from '../../generator/publish/surface.js';

const { ir } = await buildModel();
const base = surfaceOf(ir!);
const clone = (s: Surface): Surface => JSON.parse(JSON.stringify(s));

describe('public surface and SemVer', () => {
  it('captures operations, members and errors of the model', () => {
    expect(Object.keys(base.operations)).toEqual(['AppendObject', 'DeleteObject', 'GetObject', 'GetObjectMeta', 'HeadObject', 'PutObject']);
    expect(base.operations.AppendObject!.input.position).toEqual({ type: 'int64', required: true });
    expect(base.operations.AppendObject!.input.storageClass!.enum).toEqual(['Archive', 'IA', 'Standard']);
    expect(base.errors.PositionNotEqualToLength).toEqual({ status: 409, fields: { nextAppendPosition: 'int64' } });
  });

  it('finds no change between a surface and itself', () => {
    expect(diffSurface(base, clone(base))).toEqual([]);
    expect(checkSemver('0.1.0', '0.1.1', [])).toBeUndefined();
  });

  it('flags a removed operation as breaking and refuses it under a minor bump', () => {
    const next = clone(base);
    delete next.operations.DeleteObject;
    const changes = diffSurface(base, next);
    expect(changes).toEqual([{ kind: 'removed', subject: 'operation DeleteObject', breaking: true }]);
    expect(requiredBump(changes)).toBe('major');
    expect(checkSemver('0.1.0', '0.2.0', changes)).toMatch(/minor bump, but the changes need a major bump; breaking: removed operation DeleteObject/);
    expect(checkSemver('0.1.0', '1.0.0', changes)).toBeUndefined();
  });

  it('treats additions as minor and new required inputs as breaking', () => {
    const next = clone(base);
    next.operations.HeadObject!.input.versionId = { type: 'string', required: false };
    next.operations.HeadObject!.input.traceId = { type: 'string', required: true };
    next.operations.HeadObject!.output.etag!.type = 'int64';
    const changes = diffSurface(base, next);
    expect(changes).toContainEqual({ kind: 'added', subject: 'HeadObject input member versionId', breaking: false });
    expect(changes).toContainEqual({ kind: 'added', subject: 'HeadObject input member traceId', breaking: true });
    expect(changes).toContainEqual({ kind: 'changed', subject: 'HeadObject output member etag', detail: 'type string → int64', breaking: true });
    const additive = diffSurface(base, { ...next, operations: { ...next.operations, HeadObject: { ...base.operations.HeadObject!, input: { ...base.operations.HeadObject!.input, versionId: { type: 'string', required: false } } } } });
    expect(requiredBump(additive)).toBe('minor');
    expect(checkSemver('0.1.0', '0.1.1', additive)).toMatch(/patch bump, but the changes need a minor bump/);
  });

  it('refuses a version that is not newer', () => {
    expect(checkSemver('0.2.0', '0.2.0', [])).toMatch(/not newer/);
    expect(checkSemver('0.2.0', '0.1.9', [])).toMatch(/not newer/);
  });

  it('writes a changelog entry with breaking changes first', () => {
    const next = clone(base);
    delete next.operations.DeleteObject;
    next.errors.Throttled = { status: 429, fields: {} };
    expect(changelogEntry('1.0.0', '0.1.0', diffSurface(base, next))).toBe(
      ['## 1.0.0', '', '- **Breaking:** removed operation DeleteObject', '- added error Throttled', ''].join('\n'),
    );
    expect(changelogEntry('0.1.0', undefined, [])).toContain('First release.');
  });
});
