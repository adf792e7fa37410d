import { describe, expect, it } from 'vitest';
import { buildModel } from '../../generator/run.js';

const { ir, diagnostics } = await buildModel();

describe('IR of the bundled model', () => {
  it('builds without diagnostics', () => {
    expect(diagnostics).toEqual([]);
    expect(ir).toBeDefined();
  });

  it('sorts operations and errors by name', () => {
    const ops = ir!.operations.map((o) => o.name);
    expect(ops).toEqual(['AppendObject', 'DeleteObject', 'GetObject', 'GetObjectMeta', 'HeadObject', 'PutObject']);
    const codes = ir!.errors.map((e) => e.code);
    expect(codes).toEqual([...codes].sort());
  });

  it("signs each scenario with the model's default scheme unless the scenario names one", () => {
    const auth = Object.fromEntries(ir!.tests.scenarios.map((s) => [s.id, s.auth]));
    expect(auth['v1-sub-resources']).toBe('v1');
    expect(auth['append-three-times']).toBe(ir!.auth.default);
  });

  it('carries the header a response override sets (GetObject response-* query members)', () => {
    const get = ir!.operations.find((o) => o.name === 'GetObject')!;
    expect(get.input.find((m) => m.queryName === 'response-content-type')).toMatchObject({ location: 'query', responseHeader: 'Content-Type', responseHeaderLower: 'content-type' });
    expect(get.input.filter((m) => m.responseHeader).length).toBe(6);
  });

  it('resolves shared members and keeps their authored order', () => {
    const append = ir!.operations.find((o) => o.name === 'AppendObject')!;
    expect(append.input.slice(0, 4).map((m) => m.id)).toEqual(['bucket', 'key', 'position', 'body']);
    const meta = append.input.find((m) => m.id === 'metadata')!;
    expect(meta).toMatchObject({ location: 'header-map', prefix: 'x-oss-meta-', type: 'map', firstAppendOnly: 'reject' });
    expect(append.input.find((m) => m.id === 'contentType')).toMatchObject({ headerLower: 'content-type', firstAppendOnly: 'ignore' });
    expect(append.output.find((m) => m.id === 'nextAppendPosition')).toMatchObject({ required: true, type: 'int64' });
    expect(append.inputBody?.id).toBe('body');
    expect(append.http).toEqual({ method: 'POST', path: '/{key}', flags: ['append'] });
    expect(append.append?.rules.map((r) => `${r.object}/${r.position}->${r.outcome}`)).toContain('normal/any->ObjectNotAppendable');
  });

  it('lists for each error the operations that return it', () => {
    const pnetl = ir!.errors.find((e) => e.code === 'PositionNotEqualToLength')!;
    expect(pnetl.operations).toEqual(['AppendObject']);
    expect(pnetl.fields[0]).toMatchObject({ id: 'nextAppendPosition', headerLower: 'x-oss-next-append-position', type: 'int64' });
    expect(pnetl.names.c).toBe('OSSC_ERR_POSITION_NOT_EQUAL_TO_LENGTH');
  });

  it('binds test values to members: uint64 as decimal strings, maps sorted, bucket and key filled in', () => {
    const resume = ir!.tests.scenarios.find((s) => s.id === 'resume-from-head')!;
    const first = resume.steps[0]!;
    expect(first.input.map((v) => [v.member.id, v.value])).toEqual([
      ['bucket', 'examplebucket'],
      ['key', 'scenarios/resume.log'],
      ['position', 0],
      ['body', 'test'],
    ]);
    expect(first.expect).toMatchObject({ kind: 'output' });
    const crc = first.expect.kind === 'output' ? first.expect.output.find((v) => v.member.id === 'hashCrc64ecma') : undefined;
    expect(crc?.value).toBe('18020588380933092773');
    const meta = ir!.tests.scenarios.find((s) => s.id === 'metadata-on-first-append')!.steps[0]!.input.find((v) => v.member.id === 'metadata')!;
    expect(Object.keys(meta.value as object)).toEqual(['site', 'source']);
  });

  it('marks scenarios whose credentials are not the test credentials', () => {
    expect(ir!.tests.scenarios.filter((s) => s.badCredentials).map((s) => s.id)).toEqual(['wrong-signature']);
  });

  it('gives request vectors their epoch time and lower-cased sorted headers', () => {
    const v4 = ir!.tests.requests.find((r) => r.id === 'append-first-v4')!;
    expect(v4.epochSeconds).toBe(Date.UTC(2023, 11, 16, 16, 20, 57) / 1000);
    expect(v4.expect.headers.map((h) => h.name)).toEqual(['authorization', 'content-type', 'x-oss-content-sha256', 'x-oss-date']);
  });

  it('records the model source relative to the project', () => {
    expect(ir!.source).toBe('model/oss.yaml');
  });
});
