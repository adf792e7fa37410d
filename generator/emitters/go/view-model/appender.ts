/**
 * The Appender's names, from the model's resolved append protocol: the append and its probe
 * (HEAD) with the fields each reads and writes, the object-type value that allows appending, the
 * position, not-appendable and not-found errors, the members that belong to one chunk only, and
 * the read (GET with a range) the tests use to read an object back.
 */
import type { IrAppendProtocol, IrModel, IrProtocol } from '../../../ir/types.js';
import { appendErrors } from './protocol.js';
import { requireValue } from './shared.js';
import type { GoViewModel } from './types.js';

export function appenderView(ir: IrModel, protocol: IrAppendProtocol): GoViewModel['appender'] {
  const { operation: appendOp, probe: headOp } = protocol;
  const positionError = protocol.positionError.error;
  const objectType = requireValue(protocol.objectType, 'append protocol object type');
  const { wrongType, notFound } = appendErrors(protocol);
  const appendableValue = requireValue(objectType.member.enum?.find((v) => v.value === objectType.appendable), `enum value ${objectType.appendable}`);
  const probeOutput = (headerLower: string) => headOp.output.find((m) => m.headerLower === headerLower);
  const appendInput = (headerLower: string) => appendOp.input.find((m) => m.headerLower === headerLower);
  return {
    appendMethod: appendOp.names.go,
    appendOnce: `${appendOp.names.go.charAt(0).toLowerCase()}${appendOp.names.go.slice(1)}Once`,
    appendInput: appendOp.names.input.go,
    appendOutput: appendOp.names.output.go,
    headMethod: headOp.names.go,
    headInput: headOp.names.input.go,
    positionField: protocol.position.names.go,
    nextPositionField: protocol.nextPosition.names.go,
    crcField: protocol.crc.names.go,
    headLengthField: requireValue(protocol.probeLength, 'probe Content-Length output').names.go,
    headNextPositionField: protocol.probeNextPosition.names.go,
    headCrcField: requireValue(protocol.probeCrc, 'probe CRC-64 output').names.go,
    headTypeField: objectType.member.names.go,
    appendableConst: appendableValue.go,
    notFoundError: notFound.names.go,
    positionError: positionError.names.go,
    wrongTypeError: wrongType.names.go,
    positionErrorField: protocol.positionError.field.names.go,
    bucketField: protocol.bucket.names.go,
    keyField: protocol.key.names.go,
    bodyField: protocol.body.names.go,
    perChunk: appendOp.input.filter((m) => m.format === 'base64-md5').map((m) => m.names.go),
    headBucketField: protocol.probeBucket.names.go,
    headKeyField: protocol.probeKey.names.go,
    headRequestIDField: requireValue(probeOutput(ir.protocol.headers.requestId), 'probe request id output').names.go,
    contentTypeField: appendInput('content-type')?.names.go ?? '',
    metadataField: appendOp.input.find((m) => m.location === 'header-map')?.names.go ?? '',
    headContentTypeField: probeOutput('content-type')?.names.go ?? '',
    headMetadataField: headOp.output.find((m) => m.location === 'header-map')?.names.go ?? '',
    wrongTypeCode: wrongType.code,
    positionErrorCode: positionError.code,
  };
}

/** The operation that reads an object's content back, with its bucket, key, body and range fields. */
export function readerView(protocol: IrAppendProtocol, range: IrProtocol['range']): GoViewModel['reader'] {
  const readOp = requireValue(protocol.read, 'append protocol read operation');
  // The read-back asks for the strict range behaviour (protocol.range): a range the object no longer covers
  // is then an error, not the whole object. The value is the enum's constant when the member has one.
  const behavior = protocol.readRangeBehavior;
  const strictConst = range && behavior?.enum?.find((v) => v.value === range.strict)?.go;
  return {
    ...(range && behavior ? { strictRange: { field: behavior.names.go, value: strictConst ?? JSON.stringify(range.strict), header: range.behavior.header, strict: range.strict } } : {}),
    method: readOp.names.go,
    input: readOp.names.input.go,
    bucketField: requireValue(protocol.readBucket, 'read bucket member').names.go,
    keyField: requireValue(protocol.readKey, 'read key member').names.go,
    bodyField: requireValue(protocol.readBody, 'read body output').names.go,
    rangeField: requireValue(protocol.readRange, 'read Range input').names.go,
    contentRangeField: requireValue(protocol.readContentRange, 'read Content-Range output').names.go,
  };
}

/**
 * The reads beyond the probe and the read-back, for the simulator test under both signatures (V1 signs
 * their sub-resources): each other body-less HEAD that reports the next append position (GetObjectMeta),
 * and the read's response overrides (query members with responseHeader) with the result field each sets.
 */
export function otherReadsView(ir: IrModel, protocol: IrAppendProtocol): GoViewModel['otherReads'] {
  const nextHeader = protocol.nextPosition.headerLower;
  const metas = ir.operations
    .filter((o) => o !== protocol.probe && o.http.method === 'HEAD')
    .flatMap((o) => {
      const next = o.output.find((m) => m.headerLower === nextHeader);
      const bucket = o.input.find((m) => m.location === 'host');
      const key = o.input.find((m) => m.location === 'path');
      // Optional outputs are pointers in Go; a required one is a plain value.
      return next && bucket && key ? [{ method: o.names.go, input: o.names.input.go, bucketField: bucket.names.go, keyField: key.names.go, nextField: next.names.go, nextPointer: !next.required }] : [];
    });
  const read = protocol.read;
  const overrides = (read?.input ?? [])
    .filter((m) => m.responseHeaderLower && m.example !== undefined && m.type === 'string')
    .flatMap((m) => {
      const out = read!.output.find((o) => o.headerLower === m.responseHeaderLower && o.type === 'string');
      return out ? [{ field: m.names.go, outField: out.names.go, value: String(m.example) }] : [];
    });
  return { metas, overrides, hasOverrides: overrides.length > 0, any: metas.length > 0 || overrides.length > 0 };
}
