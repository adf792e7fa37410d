// The model's `protocol:` part: resolved once into the IR as the IR's own objects, and every way of
// getting it wrong is a located diagnostic (M021, M030), never an exception in an emitter.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc64Reference } from '../../generator/load/protocol-checks.js';
import { buildModel, buildModelFromText } from '../../generator/run.js';

const MODEL_PATH = join(import.meta.dirname, '../../model/oss.yaml');
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

  it('a model without a ranged read resolves without one', async () => {
    const { ir, diagnostics } = await buildModel(join(import.meta.dirname, '../fixtures/minimal-model.yaml'));
    expect(diagnostics).toEqual([]);
    expect(ir!.protocol.append!.read).toBeUndefined();
    expect(ir!.protocol.append!.positionError.field.headerLower).toBe('x-mini-next-position');
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
  ])('%s → %s is %s at its line', async (from, to, code, reportedAt?: string) => {
    const { line, got } = await diagnosticsFor(from, to, reportedAt);
    expect(got).toContain(`${code} ${line}`);
  });
});
