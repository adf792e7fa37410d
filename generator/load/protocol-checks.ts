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

  if (protocol.invalidBucket === undefined) {
    // The clients check a bucket name before sending, and the simulator refuses a bad one, with this error.
    report('M030', 'protocol needs invalidBucket (the error of a bucket name the service refuses)', base, true);
  } else if (!errors.has(protocol.invalidBucket)) {
    report('M021', `error "${protocol.invalidBucket}" is not defined under errors`, `${base}/invalidBucket`);
  }

  checkClassErrors(model, operations, report);
  checkRangeRule(model, operations, report);
  checkSchemes(model, report);
  checkPresign(model, report);
  checkErrorDocument(model, report);
  checkRetryable(model, report);

  const appending = model.operations.findIndex((o) => o.append);
  const append = protocol.append;
  if (!append) {
    // Every generated client has an appender, so a model without the append protocol cannot be generated.
    const why = appending >= 0 ? `operation ${model.operations[appending]!.name} appends, so ` : 'every generated client has an appender: ';
    report('M030', `${why}protocol.append must name the append operation, its probe, its read operation and its position error`, base, true);
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

  if (probe && operation?.op.append) checkProbeOutputs(model, append.probe, probe, operation.op.append.crc, `${ab}/probe`, report);
  if (operation?.op.append) {
    // The clients read the next position and the CRC of an append from its answer's headers.
    for (const role of ['nextPosition', 'crc'] as const) {
      const name = operation.op.append[role];
      const member = operation.output.find((m) => m.name === name);
      if (member && member.location !== 'header') report('M030', `the append's ${role === 'crc' ? 'CRC' : 'next position'} "${name}" must be a header of ${append.operation}'s answer`, `${ab}/operation`);
    }
  }

  if (append.read === undefined) {
    // Every client's appender reads a chunk's range back when an append's outcome is unknown.
    report('M030', 'protocol.append needs a read operation (read: a GET with a byte range) to read a chunk back after an unknown outcome', ab, true);
  } else {
    const read = operations.get(append.read);
    if (!read) report('M021', `operation "${append.read}" is not defined`, `${ab}/read`);
    else {
      const at = `${ab}/read`;
      const complete = resolveMembers(model, read.op.input).unresolved.length === 0 && resolveMembers(model, read.op.output).unresolved.length === 0;
      if (read.op.http.method !== 'GET') report('M030', `the read operation ${append.read} must be a GET, not ${read.op.http.method}`, at);
      if (!read.input.some((m) => m.format === 'byte-range')) report('M030', `the read operation ${append.read} needs an input member with format byte-range`, at);
      if (!read.output.some((m) => m.location === 'body')) report('M030', `the read operation ${append.read} must return a body`, at);
      if (complete && (!read.input.some((m) => m.location === 'host') || !read.input.some((m) => m.location === 'path'))) {
        report('M030', `the read operation ${append.read} must take the bucket (host) and the key (path)`, at);
      }
      if (complete && !read.output.some((m) => m.location === 'header' && m.header?.toLowerCase() === 'content-range')) {
        report('M030', `the read operation ${append.read} must return the Content-Range header (the clients check the range they got)`, at);
      }
      // The clients tell a range past the end (the object shrank or was replaced) from other failures by status.
      if (!read.op.errors.some((code) => errors.get(code)?.status === 416)) {
        report('M030', `the read operation ${append.read} must list an error with status 416 (a range past the object's end)`, at);
      }
    }
  }

  if (!append.objectType) {
    // An appender opens only an appendable object, and tells one by the probe's object type.
    report('M030', 'protocol.append needs objectType (the probe member that tells an appendable object, and its value)', ab, true);
  } else {
    const member = probe?.output.find((m) => m.name === append.objectType!.member);
    if (probe && !member) report('M021', `"${append.objectType.member}" is not an output member of ${append.probe}`, `${ab}/objectType/member`);
    else if (member && member.location !== 'header') report('M030', `the object type "${append.objectType.member}" must be a header of ${append.probe}'s answer`, `${ab}/objectType/member`);
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
    // The clients raise both as their own error types (appending to another type of object, probing a missing one).
    if (code === undefined) report('M030', `protocol.append needs ${key} (the error ${key === 'notFound' ? 'of a missing object' : 'of appending to an object that is not appendable'})`, ab, true);
    else if (!errors.has(code)) report('M021', `error "${code}" is not defined under errors`, `${ab}/${key}`);
  }
  if (positionError && errors.has(append.notAppendable ?? '')) {
    // A body-less answer with the position error's status carries no position: the clients must not take it for
    // the position error, so that status has to stay unguessed (shared with another error, not chosen).
    const status = positionError.status;
    const others = model.errors.filter((e) => e.status === status && e.code !== positionError.code && e.code !== append.notAppendable);
    const chosen = protocol.statusCodes.findIndex((s) => s.status === status);
    if (chosen >= 0) report('M030', `status ${status} is the position error's; statusCodes must not choose a code for it`, `${base}/statusCodes/${chosen}`);
    else if (others.length === 0) {
      report('M030', `status ${status} of the position error ${positionError.code} must be shared with another modeled error (other than ${append.notAppendable}), so a body-less ${status} is never taken for it`, `${ab}/positionError/code`);
    }
  }
}

/** The probe's answer: what an appender opens from (length, CRC, request id), as headers. */
function checkProbeOutputs(model: ModelDef, name: string, probe: ResolvedOperation, crc: string, at: string, report: Report): void {
  if (resolveMembers(model, probe.op.output).unresolved.length > 0) return;
  const header = (m: ResolvedMember | undefined) => m?.location === 'header' && m.header !== undefined;
  if (!probe.output.some((m) => header(m) && m.header!.toLowerCase() === 'content-length' && m.type === 'int64')) {
    report('M030', `the probe ${name} must return Content-Length as an int64 header member (the length when the next position is absent)`, at);
  }
  if (!header(probe.output.find((m) => m.name === crc))) report('M030', `the probe ${name} must return the CRC "${crc}" as a header`, at);
  const requestId = model.protocol.headers.requestId.toLowerCase();
  if (!probe.output.some((m) => header(m) && m.header!.toLowerCase() === requestId)) {
    report('M030', `the probe ${name} must return the request id header ${model.protocol.headers.requestId}`, at);
  }
}

/**
 * `protocol.errors` and `protocol.overwrite`: the codes must be modeled, with the status their role has, and
 * the overwrite member a boolean input whose every operation lists the error.
 */
function checkClassErrors(model: ModelDef, operations: Map<string, ResolvedOperation>, report: Report): void {
  const errors = new Map(model.errors.map((e) => [e.code, e]));
  // All but the first two are optional: a model without one gets a broader error in its place (IR).
  const roles = [
    ['invalidArgument', 400],
    ['accessDenied', 403],
    ['notImplemented', 501],
    ['incompleteBody', 400],
    ['methodNotAllowed', 405],
    ['unknownAccessKey', 403],
    ['invalidSecurityToken', 403],
    ['invalidDigest', 400],
  ] as const;
  for (const [role, status] of roles) {
    const code = model.protocol.errors[role];
    if (code === undefined) continue;
    const error = errors.get(code);
    const path = `/protocol/errors/${role}`;
    if (!error) report('M021', `error "${code}" is not defined under errors`, path);
    else if (error.status !== status) report('M030', `the ${role} error ${code} must have status ${status}, not ${error.status}`, path);
  }
  const overwrite = model.protocol.overwrite;
  if (!overwrite) return;
  if (!errors.has(overwrite.error)) report('M021', `error "${overwrite.error}" is not defined under errors`, '/protocol/overwrite/error');
  const taking = [...operations.values()].filter((o) => o.input.some((m) => m.name === overwrite.member));
  if (taking.length === 0) report('M021', `no operation takes an input member "${overwrite.member}"`, '/protocol/overwrite/member');
  for (const o of taking) {
    const member = o.input.find((m) => m.name === overwrite.member)!;
    if (member.type !== 'boolean') report('M030', `"${overwrite.member}" of ${o.op.name} must be a boolean to forbid overwriting`, '/protocol/overwrite/member');
    else if (errors.has(overwrite.error) && !o.op.errors.includes(overwrite.error)) {
      report('M030', `${o.op.name} takes "${overwrite.member}" but does not list ${overwrite.error} among its errors`, '/protocol/overwrite/error');
    }
  }
}

/**
 * `protocol.range`: every operation with a byte-range input takes the behavior member (a string header whose
 * enum, if any, holds the strict value) and lists the unsatisfiable error, which has status 416. The clients
 * send the strict value on their read-back, and the simulator serves ranges by this rule.
 */
function checkRangeRule(model: ModelDef, operations: Map<string, ResolvedOperation>, report: Report): void {
  const rule = model.protocol.range;
  if (!rule) return;
  const base = '/protocol/range';
  const error = model.errors.find((e) => e.code === rule.unsatisfiable);
  if (!error) report('M021', `error "${rule.unsatisfiable}" is not defined under errors`, `${base}/unsatisfiable`);
  else if (error.status !== 416) report('M030', `the unsatisfiable-range error ${rule.unsatisfiable} must have status 416, not ${error.status}`, `${base}/unsatisfiable`);
  const ranged = [...operations.values()].filter((o) => o.input.some((m) => m.format === 'byte-range'));
  if (ranged.length === 0) report('M030', 'protocol.range describes ranged reads, but no operation has an input member with format byte-range', base);
  for (const o of ranged) {
    const member = o.input.find((m) => m.name === rule.behavior.member);
    if (!member) {
      report('M030', `${o.op.name} reads a byte range but does not take the range behavior member "${rule.behavior.member}"`, `${base}/behavior/member`);
      continue;
    }
    if (member.location !== 'header' || member.type !== 'string') report('M030', `"${rule.behavior.member}" of ${o.op.name} must be a string header (the range behavior)`, `${base}/behavior/member`);
    else if (member.enum && !member.enum.includes(rule.behavior.strict)) report('M030', `"${rule.behavior.strict}" is not a value of "${rule.behavior.member}" (${member.enum.join(', ')})`, `${base}/behavior/strict`);
    if (error && !o.op.errors.includes(rule.unsatisfiable)) report('M030', `${o.op.name} reads a byte range but does not list ${rule.unsatisfiable} among its errors`, `${base}/unsatisfiable`);
  }
}

/** Both signatures, with every V4 string a client signs with. */
function checkSchemes(model: ModelDef, report: Report): void {
  for (const id of ['v4', 'v1'] as const) {
    if (!model.auth.schemes.some((s) => s.id === id)) report('M030', `the clients sign with V4 and V1: auth.schemes needs the ${id} scheme`, '/auth/schemes', true);
  }
  const index = model.auth.schemes.findIndex((s) => s.id === 'v4');
  const v4 = model.auth.schemes[index];
  if (!v4) return;
  const missing = (['product', 'secretPrefix', 'scopeTerminator', 'payloadHashHeader', 'payloadHash'] as const).filter((k) => v4[k] === undefined);
  if (missing.length) report('M030', `the v4 scheme needs ${missing.join(', ')} (the credential scope, the signing key and the payload hash)`, `/auth/schemes/${index}`, true);
}

/**
 * The query-string forms (presigned URLs): each scheme's own parameters (V1 names the key id, V4 its
 * algorithm, credential, date, payload hash and longest validity), distinct names, refusals that are
 * modeled errors; and a presigned test vector only for a scheme that has the form, within its validity.
 */
function checkPresign(model: ModelDef, report: Report): void {
  const errors = new Set(model.errors.map((e) => e.code));
  model.auth.schemes.forEach((scheme, i) => {
    const presign = scheme.presign;
    if (!presign) return;
    const base = `/auth/schemes/${i}/presign`;
    const needs =
      scheme.id === 'v1'
        ? { parameters: ['accessKeyId'] as const, fields: [] as const }
        : { parameters: ['algorithm', 'credential', 'date'] as const, fields: ['payloadHash', 'maxExpiresSeconds', 'expiresOutOfRange'] as const };
    const missing = [
      ...needs.parameters.filter((k) => presign.parameters[k] === undefined).map((k) => `parameters.${k}`),
      ...needs.fields.filter((k) => presign[k] === undefined),
    ];
    if (missing.length) report('M030', `the ${scheme.id} presigned form needs ${missing.join(', ')}`, base, true);
    const seen = new Map<string, string>();
    for (const [role, name] of Object.entries(presign.parameters)) {
      const lower = name.toLowerCase();
      if (seen.has(lower)) report('M020', `presign parameter "${name}" (${role}) is also ${seen.get(lower)}`, `${base}/parameters/${role}`);
      seen.set(lower, role);
    }
    for (const which of ['expired', 'expiresOutOfRange'] as const) {
      const code = presign[which]?.error;
      if (code !== undefined && !errors.has(code)) report('M021', `error "${code}" is not defined under errors`, `${base}/${which}/error`);
    }
  });
  (model.tests.presigned ?? []).forEach((t, i) => {
    const scheme = model.auth.schemes.find((s) => s.id === t.auth);
    if (!scheme?.presign) report('M030', `presigned vector "${t.id}" uses ${t.auth}, which has no presign form`, `/tests/presigned/${i}/auth`);
    const max = scheme?.presign?.maxExpiresSeconds;
    if (max !== undefined && t.expiresSeconds > max) report('M024', `presigned vector "${t.id}" asks for ${t.expiresSeconds} s, beyond ${max}`, `/tests/presigned/${i}/expiresSeconds`);
  });
}

/** The error document's parts every client reads, and the headers that carry them without a body. */
function checkErrorDocument(model: ModelDef, report: Report): void {
  const body = model.protocol.errorBody;
  const missing = (['requestId', 'hostId', 'ec'] as const).filter((k) => body.elements[k] === undefined);
  if (missing.length) report('M030', `protocol.errorBody.elements needs ${missing.join(', ')} (the clients expose each)`, '/protocol/errorBody/elements', true);
  if (body.bodylessHeader === undefined) report('M030', 'protocol.errorBody needs bodylessHeader (how an answer without a body carries its error document)', '/protocol/errorBody', true);
  if (model.protocol.headers.errorCode === undefined) report('M030', 'protocol.headers needs errorCode (the header of the error detail code)', '/protocol/headers', true);
}

/** The generated tests retry a modeled error: one must be retryable with a status the retry policy retries. */
function checkRetryable(model: ModelDef, report: Report): void {
  if (!model.errors.some((e) => e.retryable && model.retry.retryableStatuses.includes(e.status))) {
    report('M030', `no modeled error is retryable with a status in retry.retryableStatuses (${model.retry.retryableStatuses.join(', ')})`, '/retry/retryableStatuses');
  }
}
