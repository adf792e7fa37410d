/**
 * Stage 3, the protocol part of the IR: the model's `protocol:` resolved to the IR's own operation,
 * member and error objects, once. The semantic checks (load/protocol-checks.ts) have already made
 * sure every name resolves, so a miss here is a bug in ossgen, not in the model.
 */
import type { ModelDef, PresignDef, PresignRejectionDef } from '../model/types.js';
import type { IrAppendProtocol, IrError, IrMember, IrOperation, IrPresign, IrPresignRejection, IrProtocol } from './types.js';

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`protocol: ${what} (the semantic checks should have reported it)`);
  return value;
}

const unsigned = (hex: string) => BigInt(hex).toString();

export function buildProtocol(model: ModelDef, operations: IrOperation[], errors: IrError[]): IrProtocol {
  const p = model.protocol;
  const errorByCode = new Map(errors.map((e) => [e.code, e]));
  const opByName = new Map(operations.map((o) => [o.name, o]));

  // The model's explicit choices, then every status exactly one modeled error uses.
  const statusCodes = new Map<number, IrError>();
  for (const s of p.statusCodes) statusCodes.set(s.status, must(errorByCode.get(s.code), `status code ${s.code}`));
  const byStatus = new Map<number, IrError[]>();
  for (const e of errors) byStatus.set(e.status, [...(byStatus.get(e.status) ?? []), e]);
  for (const [status, list] of byStatus) if (!statusCodes.has(status) && list.length === 1) statusCodes.set(status, list[0]!);

  const metadata = operations.flatMap((o) => o.input).find((m) => m.location === 'header-map' && m.prefix);

  return {
    errorBody: {
      format: p.errorBody.format,
      root: p.errorBody.root,
      elements: { ...p.errorBody.elements },
      ...(p.errorBody.bodylessHeader ? { bodylessHeader: p.errorBody.bodylessHeader, bodylessHeaderLower: p.errorBody.bodylessHeader.toLowerCase() } : {}),
    },
    statusCodes: [...statusCodes.entries()].sort((a, b) => a[0] - b[0]).map(([status, error]) => ({ status, error })),
    headers: {
      requestId: p.headers.requestId.toLowerCase(),
      ...(p.headers.errorCode ? { errorCode: p.headers.errorCode.toLowerCase() } : {}),
    },
    signing: {
      signedHeaderPrefix: p.signing.signedHeaderPrefix,
      signedHeaders: p.signing.signedHeaders.map((h) => h.toLowerCase()).sort(),
      volatileHeaders: p.signing.volatileHeaders.map((h) => h.toLowerCase()).sort(),
    },
    crc64: { polynomial: unsigned(p.crc64.polynomial), init: unsigned(p.crc64.init), xorOut: unsigned(p.crc64.xorOut), reflected: p.crc64.reflected, check: p.crc64.check },
    ...(metadata?.prefix ? { metadataPrefix: metadata.prefix } : {}),
    ...(p.append ? { append: buildAppend(p.append, opByName, errorByCode, p.range?.behavior.member) } : {}),
    ...(p.range ? { range: buildRange(p.range, operations, errorByCode) } : {}),
    ...(p.invalidBucket ? { invalidBucket: must(errorByCode.get(p.invalidBucket), `error ${p.invalidBucket}`) } : {}),
    errors: {
      invalidArgument: must(errorByCode.get(p.errors.invalidArgument), `error ${p.errors.invalidArgument}`),
      accessDenied: must(errorByCode.get(p.errors.accessDenied), `error ${p.errors.accessDenied}`),
      ...(p.errors.notImplemented ? { notImplemented: must(errorByCode.get(p.errors.notImplemented), `error ${p.errors.notImplemented}`) } : {}),
      ...(p.errors.incompleteBody ? { incompleteBody: must(errorByCode.get(p.errors.incompleteBody), `error ${p.errors.incompleteBody}`) } : {}),
      ...(p.errors.methodNotAllowed ? { methodNotAllowed: must(errorByCode.get(p.errors.methodNotAllowed), `error ${p.errors.methodNotAllowed}`) } : {}),
      ...(p.errors.unknownAccessKey ? { unknownAccessKey: must(errorByCode.get(p.errors.unknownAccessKey), `error ${p.errors.unknownAccessKey}`) } : {}),
      ...(p.errors.invalidSecurityToken ? { invalidSecurityToken: must(errorByCode.get(p.errors.invalidSecurityToken), `error ${p.errors.invalidSecurityToken}`) } : {}),
      ...(p.errors.invalidDigest ? { invalidDigest: must(errorByCode.get(p.errors.invalidDigest), `error ${p.errors.invalidDigest}`) } : {}),
    },
    ...(p.overwrite ? { overwrite: { member: p.overwrite.member, error: must(errorByCode.get(p.overwrite.error), `error ${p.overwrite.error}`) } } : {}),
  };
}

function buildRange(r: NonNullable<ModelDef['protocol']['range']>, operations: IrOperation[], errorByCode: Map<string, IrError>): NonNullable<IrProtocol['range']> {
  const member = must(
    operations.flatMap((o) => o.input).find((m) => m.id === r.behavior.member && m.header !== undefined),
    `range behavior member ${r.behavior.member}`,
  );
  const header = must(member.header, `header of ${r.behavior.member}`);
  return {
    behavior: { member: member.id, header, headerLower: header.toLowerCase() },
    strict: r.behavior.strict,
    unsatisfiable: must(errorByCode.get(r.unsatisfiable), `error ${r.unsatisfiable}`),
  };
}

function buildAppend(
  a: NonNullable<ModelDef['protocol']['append']>,
  opByName: Map<string, IrOperation>,
  errorByCode: Map<string, IrError>,
  rangeBehavior: string | undefined,
): IrAppendProtocol {
  const operation = must(opByName.get(a.operation), `operation ${a.operation}`);
  const rules = must(operation.append, `${a.operation} has no append rules`);
  const probe = must(opByName.get(a.probe), `operation ${a.probe}`);
  const read = a.read !== undefined ? must(opByName.get(a.read), `operation ${a.read}`) : undefined;
  const member = (list: IrMember[], test: (m: IrMember) => boolean, what: string) => must(list.find(test), what);
  const isBucket = (m: IrMember) => m.location === 'host';
  const isKey = (m: IrMember) => m.location === 'path';
  const positionError = must(errorByCode.get(a.positionError.code), `error ${a.positionError.code}`);
  const probeLength = probe.output.find((m) => m.headerLower === 'content-length' && m.type === 'int64');
  const probeCrc = probe.output.find((m) => m.id === rules.crc);
  const objectType = a.objectType ? probe.output.find((m) => m.id === a.objectType!.member) : undefined;
  const readRange = read?.input.find((m) => m.format === 'byte-range');
  const readContentRange = read?.output.find((m) => m.headerLower === 'content-range');
  const readRangeBehavior = rangeBehavior !== undefined ? read?.input.find((m) => m.id === rangeBehavior) : undefined;
  return {
    operation,
    probe,
    ...(read ? { read } : {}),
    bucket: member(operation.input, isBucket, `${a.operation} bucket`),
    key: member(operation.input, isKey, `${a.operation} key`),
    body: must(operation.inputBody, `${a.operation} body`),
    position: member(operation.input, (m) => m.id === rules.position, `${a.operation} position`),
    nextPosition: member(operation.output, (m) => m.id === rules.nextPosition, `${a.operation} next position`),
    crc: member(operation.output, (m) => m.id === rules.crc, `${a.operation} CRC`),
    probeBucket: member(probe.input, isBucket, `${a.probe} bucket`),
    probeKey: member(probe.input, isKey, `${a.probe} key`),
    probeNextPosition: member(probe.output, (m) => m.id === rules.nextPosition, `${a.probe} next position`),
    ...(probeLength ? { probeLength } : {}),
    ...(probeCrc ? { probeCrc } : {}),
    ...(objectType && a.objectType ? { objectType: { member: objectType, appendable: a.objectType.appendable } } : {}),
    ...(read
      ? {
          readBucket: member(read.input, isBucket, `${read.name} bucket`),
          readKey: member(read.input, isKey, `${read.name} key`),
          ...(readRange ? { readRange } : {}),
          ...(readRangeBehavior ? { readRangeBehavior } : {}),
          ...(readContentRange ? { readContentRange } : {}),
          ...(read.outputBody ? { readBody: read.outputBody } : {}),
        }
      : {}),
    positionError: { error: positionError, field: must(positionError.fields.find((f) => f.id === a.positionError.field), `field ${a.positionError.field}`) },
    ...(a.notAppendable ? { notAppendable: must(errorByCode.get(a.notAppendable), `error ${a.notAppendable}`) } : {}),
    ...(a.notFound ? { notFound: must(errorByCode.get(a.notFound), `error ${a.notFound}`) } : {}),
  };
}

/** A scheme's query-string form with its refusals resolved to the IR's errors. */
export function buildPresign(presign: PresignDef, errors: IrError[]): IrPresign {
  const errorByCode = new Map(errors.map((e) => [e.code, e]));
  const rejection = (r: PresignRejectionDef): IrPresignRejection => ({
    error: must(errorByCode.get(r.error), `error ${r.error}`),
    message: r.message,
    ...(r.ec ? { ec: r.ec } : {}),
  });
  return {
    parameters: { ...presign.parameters },
    ...(presign.payloadHash !== undefined ? { payloadHash: presign.payloadHash } : {}),
    ...(presign.maxExpiresSeconds !== undefined ? { maxExpiresSeconds: presign.maxExpiresSeconds } : {}),
    expired: rejection(presign.expired),
    ...(presign.expiresOutOfRange ? { expiresOutOfRange: rejection(presign.expiresOutOfRange) } : {}),
  };
}
