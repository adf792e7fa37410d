// The model's `protocol:` part: resolved once into the IR as the IR's own objects, and every way of
// getting it wrong is a located diagnostic (M021, M030), never an exception in an emitter.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMITTERS } from '../../generator/emitters/index.js';
import type { Emitter, OutputFile } from '../../generator/emitters/types.js';
import type { IrModel } from '../../generator/ir/types.js';
import { crc64Reference } from '../../generator/load/protocol-checks.js';
import { mockProtocol } from '../../generator/mock/protocol.js';
import { buildModel, buildModelFromText, collectSamples, TEMPLATES_DIR, type ModelResult } from '../../generator/run.js';
import { renamedModel } from '../support/renamed-model.js';

const MODEL_PATH = join(import.meta.dirname, '../../model/oss.yaml');
const MINIMAL_PATH = join(import.meta.dirname, '../fixtures/minimal-model.yaml');
const modelText = readFileSync(MODEL_PATH, 'utf8');
const XZ = { polynomial: 0x42f0e1eba9ea3693n, init: (1n << 64n) - 1n, xorOut: (1n << 64n) - 1n, reflected: true };

/** The 1-based line of the first occurrence of `needle` at or after the `protocol:` line. */
function protocolLine(text: string, needle: string): number {
  const start = text.indexOf('\nprotocol:\n');
  const at = text.indexOf(needle, start);
  if (start < 0 || at < 0) throw new Error(`"${needle}" not found under protocol:`);
  return text.slice(0, at).split('\n').length;
}

async function diagnosticsFor(from: string, to: string, reportedAt = to) {
  const start = modelText.indexOf('\nprotocol:\n');
  const at = modelText.indexOf(from, start);
  expect(at).toBeGreaterThan(start);
  const text = modelText.slice(0, at) + to + modelText.slice(at + from.length);
  const result = await buildModelFromText(text, 'protocol.yaml');
  expect(result.ir).toBeUndefined();
  return { line: protocolLine(text, reportedAt), got: result.diagnostics.map((d) => `${d.code} ${d.loc?.line}`) };
}

describe('protocol', () => {
  it('the CRC reference reproduces the service vectors', () => {
    const enc = new TextEncoder();
    expect(crc64Reference(enc.encode('123456789'), XZ)).toBe(11051210869376104954n);
    expect(crc64Reference(enc.encode('test'), XZ)).toBe(18020588380933092773n);
    expect(crc64Reference(new Uint8Array(), XZ)).toBe(0n);
  });

  it('resolves to the IR’s own operations, members and errors', async () => {
    const { ir } = await buildModel(MODEL_PATH);
    const p = ir!.protocol;
    const a = p.append!;
    expect(a.operation).toBe(ir!.operations.find((o) => o.name === 'AppendObject'));
    expect(a.probe).toBe(ir!.operations.find((o) => o.name === 'HeadObject'));
    expect(a.read).toBe(ir!.operations.find((o) => o.name === 'GetObject'));
    expect([a.position.id, a.nextPosition.id, a.crc.id, a.body.id]).toEqual(['position', 'nextAppendPosition', 'hashCrc64ecma', 'body']);
    expect([a.bucket.location, a.key.location, a.probeBucket.location, a.probeKey.location]).toEqual(['host', 'path', 'host', 'path']);
    expect(a.probeNextPosition.headerLower).toBe('x-oss-next-append-position');
    expect(a.probeLength?.headerLower).toBe('content-length');
    expect(a.readRange?.format).toBe('byte-range');
    expect(a.objectType).toEqual({ member: expect.objectContaining({ id: 'objectType' }), appendable: 'Appendable' });
    expect(a.positionError.error).toBe(ir!.errors.find((e) => e.code === 'PositionNotEqualToLength'));
    expect(a.positionError.field.headerLower).toBe('x-oss-next-append-position');
    expect([a.notAppendable?.code, a.notFound?.code, p.invalidBucket?.code]).toEqual(['ObjectNotAppendable', 'NoSuchKey', 'InvalidBucketName']);
    expect(p.errorBody).toEqual({
      format: 'xml',
      root: 'Error',
      elements: { code: 'Code', message: 'Message', requestId: 'RequestId', hostId: 'HostId', ec: 'EC' },
      bodylessHeader: 'x-oss-err',
      bodylessHeaderLower: 'x-oss-err',
    });
    expect(p.headers).toEqual({ requestId: 'x-oss-request-id', errorCode: 'x-oss-ec' });
    expect(p.metadataPrefix).toBe('x-oss-meta-');
    expect(p.crc64).toEqual({ polynomial: '4823603603198064275', init: '18446744073709551615', xorOut: '18446744073709551615', reflected: true, check: '11051210869376104954' });
    // The model's choices for shared statuses, plus every status that only one error has; 409 is shared, so absent.
    const statuses = p.statusCodes.map((s) => `${s.status} ${s.error.code}`);
    expect(statuses).toContain('403 AccessDenied');
    expect(statuses).toContain('404 NoSuchKey');
    expect(statuses.some((s) => s.startsWith('409 '))).toBe(false);
    for (const { status, error } of p.statusCodes) {
      expect(error.status).toBe(status);
    }
  });

  it('resolves the class errors, the overwrite check and the V4 strings into their own slots', async () => {
    const { ir } = await buildModel(MODEL_PATH);
    const p = ir!.protocol;
    expect(p.errors.invalidArgument).toBe(ir!.errors.find((e) => e.code === 'InvalidArgument'));
    expect(p.errors.accessDenied).toBe(ir!.errors.find((e) => e.code === 'AccessDenied'));
    expect(p.overwrite).toEqual({ member: 'forbidOverwrite', error: ir!.errors.find((e) => e.code === 'FileAlreadyExists') });
    const v4 = ir!.auth.schemes.find((s) => s.id === 'v4');
    expect([v4?.algorithm, v4?.secretPrefix, v4?.scopeTerminator]).toEqual(['OSS4-HMAC-SHA256', 'aliyun_v4', 'aliyun_v4_request']);
  });

  it('the minimal model resolves every slot a client needs, under its own names', async () => {
    const { ir, diagnostics } = await buildModel(MINIMAL_PATH);
    expect(diagnostics).toEqual([]);
    const p = ir!.protocol;
    const a = p.append!;
    expect([a.read?.name, a.readRange?.headerLower, a.readContentRange?.headerLower, a.readBody?.id]).toEqual(['Get', 'range', 'content-range', 'body']);
    expect([a.probeLength?.headerLower, a.probeCrc?.headerLower, a.objectType?.appendable]).toEqual(['content-length', 'x-mini-crc', 'Growing']);
    expect([a.notAppendable?.code, a.notFound?.code, p.invalidBucket?.code]).toEqual(['NotGrowing', 'Missing', 'BadName']);
    expect([p.errors.invalidArgument.code, p.errors.accessDenied.code, p.overwrite?.member, p.overwrite?.error.code]).toEqual(['BadName', 'Denied', 'noClobber', 'Exists']);
    expect(a.positionError.field.headerLower).toBe('x-mini-next-position');
  });

  it.each([
    ['probe: HeadObject', 'probe: GetObject', 'M030'],
    ['probe: HeadObject', 'probe: HeadObjekt', 'M021'],
    ['read: GetObject', 'read: DeleteObject', 'M030'],
    ['field: nextAppendPosition', 'field: nextPosition', 'M021'],
    ['appendable: Appendable', 'appendable: Appendible', 'M030'],
    ['check: "11051210869376104954"', 'check: "11051210869376104955"', 'M030'],
    // Parameters that miss their check value are reported at the check value.
    ['reflected: true', 'reflected: false', 'M030', 'check: "'],
    ['{ status: 404, code: NoSuchKey }', '{ status: 404, code: AccessDenied }', 'M030'],
    ['notAppendable: ObjectNotAppendable', 'notAppendable: ObjectNotApendable', 'M021'],
    // A consistent CRC-64 the runtimes do not implement (CRC-64/GO-ISO) is refused at the crc64 key.
    ['polynomial: "0x42F0E1EBA9EA3693"\n    init: "0xFFFFFFFFFFFFFFFF"\n    xorOut: "0xFFFFFFFFFFFFFFFF"\n    reflected: true\n    check: "11051210869376104954"', 'polynomial: "0x1B"\n    init: "0xFFFFFFFFFFFFFFFF"\n    xorOut: "0xFFFFFFFFFFFFFFFF"\n    reflected: true\n    check: "13333283586479230977"', 'M030', 'crc64:'],
    ['requestId: x-oss-request-id', 'requestId: "x-oss request id"', 'M022'],
    ['operation: AppendObject', 'operation: PutObject', 'M030'],
    ['invalidArgument: InvalidArgument', 'invalidArgument: AccessDenied', 'M030'],
    ['invalidArgument: InvalidArgument', 'invalidArgument: InvalidArgumentz', 'M021'],
    ['accessDenied: AccessDenied', 'accessDenied: InvalidArgument', 'M030'],
    ['{ member: forbidOverwrite, error: FileAlreadyExists }', '{ member: forbidOverwrite, error: FileImmutable }', 'M030', 'error: FileImmutable'],
    ['{ member: forbidOverwrite, error: FileAlreadyExists }', '{ member: storageClass, error: FileAlreadyExists }', 'M030', 'member: storageClass'],
    ['{ member: forbidOverwrite, error: FileAlreadyExists }', '{ member: noClobber, error: FileAlreadyExists }', 'M021', 'member: noClobber'],
  ])('%s → %s is %s at its line', async (from, to, code, reportedAt?: string) => {
    const { line, got } = await diagnosticsFor(from, to, reportedAt);
    expect(got).toContain(`${code} ${line}`);
  });
});

const minimalText = readFileSync(MINIMAL_PATH, 'utf8');

/** The minimal model with `from` (its `nth` occurrence, from 1) replaced by `to`. */
function minimalWith(from: string, to: string, nth = 1): string {
  let at = -1;
  for (let i = 0; i < nth; i++) at = minimalText.indexOf(from, at + 1);
  if (at < 0) throw new Error(`"${from}" (occurrence ${nth}) not in the minimal model`);
  return minimalText.slice(0, at) + to + minimalText.slice(at + from.length);
}

/** `line:col` (1-based) of the first `token` on the first line of `text` that starts with `line`. */
function position(text: string, line: string, token: string): string {
  const lines = text.split('\n');
  const index = lines.findIndex((l) => l.startsWith(line));
  if (index < 0 || !lines[index]!.includes(token)) throw new Error(`"${token}" on a line starting "${line}" not found`);
  return `${index + 1}:${lines[index]!.indexOf(token) + 1}`;
}

/** Every emitter's files for `ir`, the docs last with the others' samples: throws as an emitter would. */
async function emitAll(ir: IrModel): Promise<Map<string, number>> {
  const ctx = { modelSource: ir.source, templatesDir: TEMPLATES_DIR, samples: [] };
  const emitted = new Map<Emitter, OutputFile[]>();
  const counts = new Map<string, number>();
  for (const emitter of [...EMITTERS.filter((e) => !e.usesSamples), ...EMITTERS.filter((e) => e.usesSamples)]) {
    const samples = emitter.usesSamples ? await collectSamples(ir, emitted) : [];
    const files = await emitter.emit(ir, { ...ctx, samples });
    emitted.set(emitter, files);
    counts.set(emitter.language.id, files.length);
  }
  return counts;
}

describe('what every client needs is a located model diagnostic, never an emitter exception', () => {
  // [what, from, to, the line the diagnostic is on, the token it points at]
  it.each([
    ['no read operation', '    read: Get\n', '', '  append:', 'append'],
    ['a read that does not list a 416 error', '    errors: [BadName, Missing, OutOfRange]', '    errors: [BadName, Missing]', '    read: Get', 'Get'],
    ['a read without Content-Range', '      - use: contentRange\n    errors', '    errors', '    read: Get', 'Get'],
    ['a probe without the CRC', '      - use: nextPosition\n      - use: crc\n      - use: length', '      - use: nextPosition\n      - use: length', '    probe: Head', 'Head'],
    ['a probe without Content-Length', '      - use: length\n      - use: objectType', '      - use: objectType', '    probe: Head', 'Head'],
    ['a probe without the request id', '      - use: objectType\n      - use: requestId\n', '      - use: objectType\n', '    probe: Head', 'Head'],
    ['no object type', '    objectType: { member: objectType, appendable: Growing }\n', '', '  append:', 'append'],
    ['no not-found error', '    notFound: Missing\n', '', '  append:', 'append'],
    ['no not-appendable error', '    notAppendable: NotGrowing\n', '', '  append:', 'append'],
    ['no append protocol', minimalText.slice(minimalText.indexOf('\n  append:\n') + 1, minimalText.indexOf('\n  invalidBucket:') + 1), '', 'protocol:', 'protocol'],
    ['no invalid-bucket error', '  invalidBucket: BadName\n', '', 'protocol:', 'protocol'],
    ['no V1 scheme', '    - { id: v1, algorithm: MINI, dateHeader: Date, maxClockSkewSeconds: 900 }\n', '', '  schemes:', 'schemes'],
    ['a V4 scheme without its scope terminator', ' scopeTerminator: mini4_request,', '', '    - { id: v4', '{'],
    ['an error document without a request id element', ' requestId: RequestId,', '', '  errorBody:', 'elements'],
    ['no body-less error header', ', bodylessHeader: x-mini-err', '', '  errorBody:', 'errorBody'],
    ['no error-code header', ', errorCode: x-mini-ec', '', '  headers: { requestId', 'headers'],
    ['the position error’s status chosen for body-less answers', '  statusCodes: []', '  statusCodes: [{ status: 409, code: Exists }]', '  statusCodes:', '{'],
    ['no retryable error', '    status: 503\n    retryable: true', '    status: 503\n    retryable: false', 'retry:', '[503]'],
    ['an invalid-argument error that is not a 400', 'invalidArgument: BadName', 'invalidArgument: Denied', '  errors: { invalidArgument', 'Denied'],
  ])('%s', async (_what, from, to, line, token) => {
    const text = minimalWith(from, to);
    const result = await buildModelFromText(text, 'minimal.yaml');
    expect(result.ir).toBeUndefined();
    const got = result.diagnostics.map((d) => `${d.code} ${d.loc?.file}:${d.loc?.line}:${d.loc?.col}`);
    expect(got).toContain(`M030 minimal.yaml:${position(text, line, token)}`);
  });

  it('the minimal model without the optional overwrite check is valid', async () => {
    const result = await buildModelFromText(minimalWith('  overwrite: { member: noClobber, error: Exists }\n', ''), 'minimal.yaml');
    expect(result.diagnostics).toEqual([]);
    expect(result.ir!.protocol.overwrite).toBeUndefined();
  });

  const renamed = renamedModel(readFileSync(MODEL_PATH, 'utf8'));
  const valid: [string, () => Promise<ModelResult>][] = [
    ['model/oss.yaml', () => buildModel(MODEL_PATH)],
    ['the minimal model', () => buildModel(MINIMAL_PATH)],
    ['the minimal model without overwrite', () => buildModelFromText(minimalWith('  overwrite: { member: noClobber, error: Exists }\n', ''), 'minimal.yaml')],
    ['the hostile model', () => buildModel(join(import.meta.dirname, '../fixtures/hostile-model.yaml'))],
    ['the renamed model', () => buildModelFromText(renamed, 'renamed.yaml')],
  ];
  it.each(valid)('no emitter throws for %s, and the simulator takes it', async (_name, build) => {
    const { ir, diagnostics } = await build();
    expect(diagnostics).toEqual([]);
    const counts = await emitAll(ir!);
    expect([...counts.keys()]).toEqual(EMITTERS.map((e) => e.language.id).sort((a, b) => Number(a === 'docs') - Number(b === 'docs')));
    for (const n of counts.values()) expect(n).toBeGreaterThan(0);
    expect(mockProtocol(ir!).codes.positionError).toBe(ir!.protocol.append!.positionError.error.code);
  }, 120_000);
});
