/**
 * The names test_client.py needs, all from the IR: the append, probe, read and delete
 * operations with their attributes and wire names, the first-append-only member the service
 * refuses later, the credentials' environment variables, the error classes and codes the tests
 * provoke (position, not appendable, not found, the body-less 403), and the error document's
 * element names.
 */
import type { IrAppendProtocol, IrModel } from '../../../ir/types.js';
import type { AppenderView } from './appender.js';
import { pyLiteral } from './literals.js';

/** Names the hand-written client tests (test_client.py) need, all from the IR. */
export function clientTestsView(ir: IrModel, ap: IrAppendProtocol, appender: AppenderView) {
  const appendOp = ap.operation;
  const { nextPosition, crc } = ap;
  const reject = appendOp.input.find((m) => m.firstAppendOnly === 'reject');
  const enumMember = appendOp.input.find((m) => m.enum && m.location === 'header');
  const getOp = ap.read;
  // The body-less 403 answer's code (the status fallback), if the model names one.
  const forbidden = ir.protocol.statusCodes.find((s) => s.status === 403)?.error;
  const deleteOp = ir.operations.find((o) => o.http.method === 'DELETE');
  const rejectValue = reject ? (reject.example ?? (reject.type === 'map' ? { name: 'value' } : 'x')) : undefined;
  // The reads beyond the probe and the read-back, for the simulator test under every signature: each other
  // body-less HEAD that reports the next append position (GetObjectMeta), and the read's response overrides
  // (query members with responseHeader) with the result attribute of the header each sets.
  const nextHeader = nextPosition.headerLower;
  const metaReads = ir.operations
    .filter((o) => o !== ap.probe && o.http.method === 'HEAD' && o.input.some((m) => m.location === 'path'))
    .flatMap((o) => {
      const next = o.output.find((m) => m.headerLower === nextHeader);
      return next ? [{ method: o.names.py, request: o.names.input.py, nextAttr: next.names.py }] : [];
    });
  const overrides = (getOp?.input ?? [])
    .filter((m) => m.responseHeaderLower && m.example !== undefined)
    .flatMap((m) => {
      const out = getOp!.output.find((o) => o.headerLower === m.responseHeaderLower);
      return out ? [{ attr: m.names.py, outAttr: out.names.py, literal: pyLiteral(m, m.example) }] : [];
    });
  return {
    metaReads,
    overrides,
    hasOverrides: overrides.length > 0,
    hasOtherReads: metaReads.length > 0 || overrides.length > 0,
    appendRequest: appender.appendRequest,
    appendMethod: appender.appendMethod,
    headMethod: appender.headMethod,
    headRequest: appender.headRequest,
    positionAttr: appender.positionAttr,
    bodyAttr: appender.bodyAttr,
    crcAttr: crc.names.py,
    nextPositionAttr: nextPosition.names.py,
    nextPositionHeader: nextPosition.headerLower!,
    // An answer cut off inside a header line: the next-position header's name without its last character.
    answerCutInHeaderName: `HTTP/1.1 200 OK\r\n${nextPosition.headerLower!.slice(0, -1)}`,
    positionQuery: ap.position.queryName ?? '',
    appendFlag: appendOp.http.flags[0] ?? '',
    crcHeader: crc.headerLower!,
    objectTypeHeader: ap.objectType?.member.headerLower ?? '',
    appendableType: appender.appendableType,
    keyMaxBytes: ir.limits.objectKey.maxBytes,
    keyError: ir.limits.objectKey.error,
    rejectLater: reject ? { attr: reject.names.py, literal: pyLiteral(reject, rejectValue) } : undefined,
    enumMember: enumMember?.names.py,
    envId: ir.service.credentials.accessKeyIdEnv,
    envSecret: ir.service.credentials.accessKeySecretEnv,
    envToken: ir.service.credentials.securityTokenEnv,
    tokenHeader: ir.service.credentials.securityTokenHeader,
    accessDeniedError: forbidden?.names.py ?? 'ServiceError',
    accessDeniedCode: forbidden?.code ?? '',
    missingCode: ap.notFound?.code ?? '',
    // The error document's element names and the header a body-less answer carries it in.
    xml: ir.protocol.errorBody.elements,
    errorRoot: ir.protocol.errorBody.root,
    bodylessHeader: ir.protocol.errorBody.bodylessHeaderLower ?? '',
    positionError: appender.positionError,
    positionCode: ap.positionError.error.code,
    errorNextPositionAttr: ap.positionError.field.names.py,
    notAppendableError: appender.notAppendableError,
    missingError: appender.missingError,
    getMethod: getOp?.names.py ?? '',
    getRequest: getOp?.names.input.py ?? '',
    getRangeAttr: ap.readRange?.names.py ?? '',
    getBodyAttr: getOp?.outputBody?.names.py ?? '',
    deleteMethod: deleteOp?.names.py ?? '',
    deleteRequest: deleteOp?.names.input.py ?? '',
  };
}
