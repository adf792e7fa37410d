/**
 * Operations as Go methods: each one's method, input and output types and docs, its host, path
 * and body fields, what the append and its probe check in an answer (next position, CRC-64,
 * length), and the error code a body-less error answer implies from its status.
 */
import type { IrAppendProtocol, IrModel, IrOperation } from '../../../ir/types.js';
import { fieldOf } from './fields.js';
import { declDoc, requireValue } from './shared.js';
import type { GoField, GoOperation } from './types.js';

/** Every operation of the IR, in IR order. */
export function operationViews(ir: IrModel, append: IrAppendProtocol): GoOperation[] {
  return ir.operations.map((op) => operationView(append, op, statusFallbacks(ir, op)));
}

/**
 * The code a body-less error answer implies (wire contract): the model's protocol.statusCodes
 * (404 → the not-found error, 403 by choice, and every status only one modeled error has), else
 * the status when exactly one of the operation's own modeled errors has it.
 */
function statusFallbacks(ir: IrModel, op: IrOperation): { status: number; code: string }[] {
  const preferred = new Map(ir.protocol.statusCodes.map((s) => [s.status, s.error.code]));
  const byStatus = new Map<number, string>();
  const candidates = ir.errors.filter((e) => op.errors.includes(e.code));
  for (const e of candidates) {
    const code = preferred.get(e.status);
    if (code !== undefined && op.errors.includes(code)) {
      byStatus.set(e.status, code);
      continue;
    }
    // Only when exactly one modeled error has the status: a shared one (409) is never guessed.
    if (candidates.filter((other) => other.status === e.status).length === 1) byStatus.set(e.status, e.code);
  }
  return [...byStatus.entries()].sort((a, b) => a[0] - b[0]).map(([status, code]) => ({ status, code }));
}

function operationView(append: IrAppendProtocol, op: IrOperation, statusFallbacks: GoOperation['statusFallbacks']): GoOperation {
  const input = op.input.map((m) => fieldOf(op, m, 'input'));
  const output = op.output.map((m) => fieldOf(op, m, 'output'));
  const host = input.find((f) => f.isHost);
  const path = input.find((f) => f.isPath);
  const body = input.find((f) => f.isBody);
  const outBody = output.find((f) => f.isBody);
  // The whole-object CRC-64: the append protocol's member, on the append and on every other answer that carries it.
  const crcOut = output.find((f) => f.kind === 'uint64' && f.header?.toLowerCase() === append.crc.headerLower);
  const range = input.find((f) => f.header?.toLowerCase() === 'range');
  const isAppend = op === append.operation;
  return {
    name: op.name,
    method: op.names.go,
    implName: op.append ? `${op.names.go.charAt(0).toLowerCase()}${op.names.go.slice(1)}Once` : op.names.go,
    inputType: op.names.input.go,
    outputType: op.names.output.go,
    docLines: [declDoc(op.names.go, op.summary.en), '', op.doc.en].join('\n'),
    inputDoc: `${op.names.input.go} is the input of ${op.names.go}.`,
    outputDoc: `${op.names.output.go} is the result of ${op.names.go}.`,
    httpMethod: op.http.method,
    flags: [...op.http.flags],
    input,
    output,
    hostField: requireValue(host, `host member on ${op.name}`).name,
    pathField: requireValue(path, `path member on ${op.name}`).name,
    hasBody: body !== undefined,
    bodyField: body?.name ?? '',
    hasOutputBody: outBody !== undefined,
    outputBodyField: outBody?.name ?? '',
    isAppend,
    positionField: isAppend ? append.position.names.go : '',
    hasCrcOutput: crcOut !== undefined && crcOut.pointer,
    crcOutputField: crcOut?.name ?? '',
    rangeCheck: range !== undefined,
    rangeField: range?.name ?? '',
    statusFallbacks,
    nextPositionHeader: isAppend ? requireValue(append.nextPosition.header, `next position header of ${op.name}`) : '',
    crcHeader: isAppend ? requireValue(append.crc.header, `CRC-64 header of ${op.name}`) : '',
    lengthCheck: op === append.probe ? lengthCheckOf(append, output) : false,
  };
}

/** The probe's fields that give an object's length: the next append position, else Content-Length. */
function lengthCheckOf(append: IrAppendProtocol, output: GoField[]): GoOperation['lengthCheck'] {
  const next = output.find((f) => f.id === append.probeNextPosition.id && f.pointer);
  const length = append.probeLength;
  if (!next?.header || !length?.header) return false;
  return { nextField: next.name, nextHeader: next.header, lengthHeader: length.header };
}
