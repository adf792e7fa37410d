/**
 * The Appender's names, from the model's resolved append protocol: the append and its probe
 * (HEAD) with the attributes each reads and writes, the first-append-only options (CreateOptions),
 * the object-type value that allows appending, the position, not-appendable and not-found error
 * classes, and the ranged read that reads an append back when its outcome is unknown.
 */
import type { IrAppendProtocol, IrError, IrModel } from '../../../ir/types.js';
import { inputAnnotation } from './members.js';

export type AppenderView = ReturnType<typeof appenderView>;

export function appenderView(ir: IrModel, ap: IrAppendProtocol) {
  const appendOp = ap.operation;
  const headOp = ap.probe;
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the Python appender needs ${what} in ${headOp.name}'s output`);
    return value;
  };
  const errorName = (error: IrError | undefined) => error?.names.py ?? 'ServiceError';
  const requestId = headOp.output.find((m) => m.headerLower === ir.protocol.headers.requestId);
  const options = appendOp.input.filter((m) => m.firstAppendOnly);
  // The read operation with a byte range, used to read an append's range back when its outcome is unknown.
  const getOp = ap.read;
  const rangeMember = ap.readRange;
  return {
    readBack:
      getOp && rangeMember
        ? {
            method: getOp.names.py,
            request: getOp.names.input.py,
            rangeAttr: rangeMember.names.py,
            // Strict range behaviour (protocol.range): a range the object no longer covers is an error, not the whole object.
            ...(ap.readRangeBehavior && ir.protocol.range ? { strictRange: { attr: ap.readRangeBehavior.names.py, value: ir.protocol.range.strict, header: ir.protocol.range.behavior.header } } : {}),
          }
        : undefined,
    optionsClass: 'CreateOptions',
    options: options.map((m) => ({ attr: m.names.py, annotation: inputAnnotation({ ...m, required: false }), doc: m.doc.en })),
    optionAttrs: options.map((m) => m.names.py),
    appendMethod: appendOp.names.py,
    appendOperation: appendOp.name,
    appendRequest: appendOp.names.input.py,
    appendResult: appendOp.names.output.py,
    headMethod: headOp.names.py,
    headRequest: headOp.names.input.py,
    positionAttr: ap.position.names.py,
    bodyAttr: ap.body.names.py,
    nextPositionAttr: ap.probeNextPosition.names.py,
    crcAttr: need(ap.probeCrc, 'the CRC').names.py,
    contentLengthAttr: need(ap.probeLength, 'the length').names.py,
    objectTypeAttr: need(ap.objectType, 'the object type').member.names.py,
    headRequestIdAttr: need(requestId, 'the request id').names.py,
    appendableType: need(ap.objectType, 'the object type').appendable,
    positionError: errorName(ap.positionError.error),
    notAppendableError: errorName(ap.notAppendable),
    missingError: errorName(ap.notFound),
  };
}
