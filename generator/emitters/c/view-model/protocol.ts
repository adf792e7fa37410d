/** The append protocol (ir.protocol.append) as the appender in the C runtime template uses it. */
import type { IrAppendProtocol, IrError, IrModel, IrOperation } from '../../../ir/types.js';
import type { COperation } from './types.js';

export interface CAppendView {
  protocol: IrAppendProtocol;
  /** The append operation, and the view of it and of the ranged read (the samples and tests use them too). */
  appendOp: IrOperation;
  appendVm: COperation;
  /** The not-found error (what the probe of a missing object gets). */
  notFound: IrError;
  getVm: COperation;
  /** The names runtime.c.hbs's appender prints. */
  appender: Record<string, string>;
}

export function buildAppender(ir: IrModel, operations: COperation[]): CAppendView {
  // The append protocol, resolved once in the IR: the operations, members and errors the appender uses.
  const protocol = ir.protocol.append;
  if (!protocol) throw new Error('C emitter: the model has no protocol.append (the appender needs one)');
  const { operation: appendOp, probe: headOp, read: getOp, objectType, probeLength: lengthMember, readRange: rangeMember } = protocol;
  if (!getOp?.outputBody || !rangeMember) throw new Error('C emitter: the appender reads a chunk back with a ranged GET: protocol.append.read needs a body and a Range header');
  if (!objectType || !lengthMember || !protocol.probeCrc) throw new Error('C emitter: the probe must return the object type, length and CRC');
  if (!protocol.notAppendable || !protocol.notFound) throw new Error('C emitter: protocol.append needs notAppendable and notFound');
  const vmOf = (op: IrOperation) => operations[ir.operations.indexOf(op)]!;
  const appendVm = vmOf(appendOp);
  const getVm = vmOf(getOp);
  const headVm = vmOf(headOp);
  const appender = {
    getFn: getVm.fn,
    getPresignFn: getVm.presignFn,
    getFreeFn: getVm.freeFn,
    getRequestType: getVm.requestType,
    getResultType: getVm.resultType,
    getBucketField: getVm.bucketField,
    getKeyField: getVm.keyField,
    getRangeField: rangeMember.names.c,
    // Strict range behaviour (protocol.range) on the read-back: a range the object no longer covers is an
    // error, not the whole object. The value is the enum constant when the member has one, else a C string.
    ...(protocol.readRangeBehavior && ir.protocol.range
      ? {
          getStrictRangeField: protocol.readRangeBehavior.names.c,
          getStrictRangeValue: protocol.readRangeBehavior.enum?.find((v) => v.value === ir.protocol.range!.strict)?.c ?? JSON.stringify(ir.protocol.range.strict),
        }
      : {}),
    getBodyField: getOp.outputBody.names.c,
    requestType: appendVm.requestType,
    resultType: appendVm.resultType,
    appendFn: appendVm.fn,
    appendPresignFn: appendVm.presignFn,
    appendOnceFn: appendVm.exchangeFn,
    resultNextPositionField: appendVm.nextPositionField,
    resultCrcField: appendVm.crcField,
    appendFreeFn: appendVm.freeFn,
    headFn: headVm.fn,
    headPresignFn: headVm.presignFn,
    headFreeFn: headVm.freeFn,
    headRequestType: headVm.requestType,
    headResultType: headVm.resultType,
    bucketField: appendVm.bucketField,
    keyField: appendVm.keyField,
    positionField: appendVm.positionField,
    bodyField: protocol.body.names.c,
    nextPositionField: protocol.nextPosition.names.c,
    nextPositionHeader: protocol.nextPosition.headerLower ?? '',
    crcHeader: protocol.crc.headerLower ?? '',
    headNextPositionField: protocol.probeNextPosition.names.c,
    headCrcField: protocol.probeCrc.names.c,
    headObjectTypeField: objectType.member.names.c,
    headLengthField: lengthMember.names.c,
    appendableType: objectType.appendable,
    noSuchKey: protocol.notFound.names.c,
    noSuchKeyCode: protocol.notFound.code,
    positionErrorCode: protocol.positionError.error.code,
    notAppendable: protocol.notAppendable.names.c,
    positionError: protocol.positionError.error.names.c,
    errorNextPositionField: protocol.positionError.field.names.c,
  };

  return { protocol, appendOp, appendVm, getVm, notFound: protocol.notFound, appender };
}
