/**
 * Stage 2b, the `protocol:` part of the semantic checks: every name it gives must resolve to an
 * operation, member, error or field of the right shape, and the CRC parameters must reproduce their
 * own check value. Problems are diagnostics (M020–M022, M030) at their source position, so a
 * broken protocol never reaches an emitter as an exception.
 */
import type { DiagnosticCode } from '../diagnostics.js';
import type { ModelDef, OperationDef } from '../model/types.js';
import { resolveMembers, type ResolvedMember } from './resolve-members.js';

type Report = (code: DiagnosticCode, message: string, path: string, key?: boolean) => void;

export interface ResolvedOperation {
  op: OperationDef;
  input: ResolvedMember[];
  output: ResolvedMember[];
}

/** The one CRC-64 the client runtimes implement (CRC-64/XZ, the ECMA-182 polynomial). */
const XZ_POLYNOMIAL = 0x42f0e1eba9ea3693n;

/** RFC 9110 token characters. */
const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** CRC-64 of `data` with the given parameters, bit by bit (a check of parameters, not a fast path). */
export function crc64Reference(data: Uint8Array, p: { polynomial: bigint; init: bigint; xorOut: bigint; reflected: boolean }): bigint {
  const mask = (1n << 64n) - 1n;
  const reflect = (v: bigint): bigint => {
    let r = 0n;
    for (let i = 0n; i < 64n; i++) if ((v >> i) & 1n) r |= 1n << (63n - i);
    return r;
  };
  let crc = p.init;
  if (p.reflected) {
    const poly = reflect(p.polynomial);
    for (const byte of data) {
      crc ^= BigInt(byte);
      for (let i = 0; i < 8; i++) crc = crc & 1n ? (crc >> 1n) ^ poly : crc >> 1n;
    }
  } else {
    for (const byte of data) {
      crc ^= BigInt(byte) << 56n;
      for (let i = 0; i < 8; i++) crc = crc & (1n << 63n) ? ((crc << 1n) ^ p.polynomial) & mask : (crc << 1n) & mask;
    }
  }
  return (crc ^ p.xorOut) & mask;
}

export function checkProtocol(model: ModelDef, operations: Map<string, ResolvedOperation>, report: Report): void {
  const protocol = model.protocol;
  const errors = new Map(model.errors.map((e) => [e.code, e]));
  const base = '/protocol';

  const headers: [string | undefined, string][] = [
    [protocol.errorBody.bodylessHeader, `${base}/errorBody/bodylessHeader`],
    [protocol.headers.requestId, `${base}/headers/requestId`],
    [protocol.headers.errorCode, `${base}/headers/errorCode`],
    ...protocol.signing.signedHeaders.map((h, i): [string, string] => [h, `${base}/signing/signedHeaders/${i}`]),
    ...protocol.signing.volatileHeaders.map((h, i): [string, string] => [h, `${base}/signing/volatileHeaders/${i}`]),
  ];
  for (const [header, path] of headers) if (header !== undefined && !HTTP_TOKEN.test(header)) report('M022', `"${header}" is not a valid HTTP header name`, path);

  const seenStatus = new Set<number>();
  protocol.statusCodes.forEach((s, i) => {
    const path = `${base}/statusCodes/${i}`;
    if (seenStatus.has(s.status)) report('M020', `duplicate status ${s.status} in statusCodes`, `${path}/status`);
    seenStatus.add(s.status);
    const error = errors.get(s.code);
    if (!error) report('M021', `error "${s.code}" is not defined under errors`, `${path}/code`);
    else if (error.status !== s.status) report('M030', `error "${s.code}" has status ${error.status}, not ${s.status}`, `${path}/status`);
  });

  const crc = protocol.crc64;
  const computed = crc64Reference(new TextEncoder().encode('123456789'), {
    polynomial: BigInt(crc.polynomial),
    init: BigInt(crc.init),
    xorOut: BigInt(crc.xorOut),
    reflected: crc.reflected,
  });
  if (computed.toString() !== crc.check) report('M030', `the CRC-64 parameters give ${computed} for "123456789", not the check value ${crc.check}`, `${base}/crc64/check`);
  // The clients' runtimes compute one CRC-64 (the C client through liblzma, which has no other): a model
  // that names another is refused here rather than by an emitter.
  const ones = (1n << 64n) - 1n;
  if (BigInt(crc.polynomial) !== XZ_POLYNOMIAL || !crc.reflected || BigInt(crc.init) !== ones || BigInt(crc.xorOut) !== ones) {
    report('M030', 'the generated clients compute CRC-64/XZ only (polynomial 0x42F0E1EBA9EA3693, reflected, init and xorOut all ones)', `${base}/crc64`, true);
  }

  if (protocol.invalidBucket !== undefined && !errors.has(protocol.invalidBucket)) {
    report('M021', `error "${protocol.invalidBucket}" is not defined under errors`, `${base}/invalidBucket`);
  }

  const appending = model.operations.findIndex((o) => o.append);
  const append = protocol.append;
  if (!append) {
    if (appending >= 0) report('M030', `operation ${model.operations[appending]!.name} appends, so protocol.append must name its probe and position error`, base, true);
    return;
  }
  const ab = `${base}/append`;
  const operation = operations.get(append.operation);
  if (!operation) report('M021', `operation "${append.operation}" is not defined`, `${ab}/operation`);
  else if (!operation.op.append) report('M030', `operation ${append.operation} has no append: rules, so it cannot be the append operation`, `${ab}/operation`);

  const probe = operations.get(append.probe);
  if (!probe) report('M021', `operation "${append.probe}" is not defined`, `${ab}/probe`);
  else {
    if (probe.op.http.method !== 'HEAD') report('M030', `the probe ${append.probe} must be a HEAD operation, not ${probe.op.http.method}`, `${ab}/probe`);
    // A probe with an unresolved member was reported already; its shape would only repeat that.
    const complete = resolveMembers(model, probe.op.input).unresolved.length === 0;
    if (complete && (!probe.input.some((m) => m.location === 'host') || !probe.input.some((m) => m.location === 'path'))) {
      report('M030', `the probe ${append.probe} must take the bucket (host) and the key (path)`, `${ab}/probe`);
    }
    if (operation?.op.append && !probe.output.some((m) => m.name === operation.op.append!.nextPosition)) {
      report('M030', `the probe ${append.probe} must return the next position "${operation.op.append.nextPosition}"`, `${ab}/probe`);
    }
  }

  if (append.read !== undefined) {
    const read = operations.get(append.read);
    if (!read) report('M021', `operation "${append.read}" is not defined`, `${ab}/read`);
    else {
      if (read.op.http.method !== 'GET') report('M030', `the read operation ${append.read} must be a GET, not ${read.op.http.method}`, `${ab}/read`);
      if (!read.input.some((m) => m.format === 'byte-range')) report('M030', `the read operation ${append.read} needs an input member with format byte-range`, `${ab}/read`);
      if (!read.output.some((m) => m.location === 'body')) report('M030', `the read operation ${append.read} must return a body`, `${ab}/read`);
    }
  }

  if (append.objectType) {
    const member = probe?.output.find((m) => m.name === append.objectType!.member);
    if (probe && !member) report('M021', `"${append.objectType.member}" is not an output member of ${append.probe}`, `${ab}/objectType/member`);
    else if (member && !(member.enum ?? []).includes(append.objectType.appendable)) {
      report('M030', `"${append.objectType.appendable}" is not a value of ${append.objectType.member}'s enum`, `${ab}/objectType/appendable`);
    }
  }

  const positionError = errors.get(append.positionError.code);
  if (!positionError) report('M021', `error "${append.positionError.code}" is not defined under errors`, `${ab}/positionError/code`);
  else {
    if (operation && !operation.op.errors.includes(positionError.code)) {
      report('M030', `${append.operation} does not list ${positionError.code} among its errors`, `${ab}/positionError/code`);
    }
    const field = (positionError.fields ?? []).find((f) => f.name === append.positionError.field);
    if (!field) report('M021', `error ${positionError.code} has no field "${append.positionError.field}"`, `${ab}/positionError/field`);
    else if (field.type !== 'int64') report('M030', `field "${field.name}" of ${positionError.code} must be int64 to carry a position`, `${ab}/positionError/field`);
  }
  for (const key of ['notAppendable', 'notFound'] as const) {
    const code = append[key];
    if (code !== undefined && !errors.has(code)) report('M021', `error "${code}" is not defined under errors`, `${ab}/${key}`);
  }
}
