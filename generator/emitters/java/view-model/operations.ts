/**
 * Operations as Java methods and classes: each one's method, request and result classes, what the
 * append and its probe check in an answer (next position, CRC-64, length), the code a body-less
 * error answer implies from its status, and the service errors as exception classes.
 */
import type { IrAppendProtocol, IrError, IrErrorField, IrModel, IrOperation } from '../../../ir/types.js';
import { javaString } from '../helpers.js';
import { fieldOf } from './members.js';
import type { JavaError, JavaErrorField, JavaField, JavaOperation } from './types.js';

export function requireValue<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`java emitter: the IR has no ${what}`);
  return value;
}

/**
 * The code a body-less error answer implies (wire contract): the model's protocol.statusCodes, else
 * the status when exactly one of the operation's own modeled errors has it (a shared one is never guessed).
 */
export function statusFallbacks(ir: IrModel, op: IrOperation): { status: number; code: string }[] {
  const preferred = new Map(ir.protocol.statusCodes.map((s) => [s.status, s.error.code]));
  const byStatus = new Map<number, string>();
  const candidates = ir.errors.filter((e) => op.errors.includes(e.code));
  for (const e of candidates) {
    const code = preferred.get(e.status);
    if (code !== undefined && op.errors.includes(code)) {
      byStatus.set(e.status, code);
      continue;
    }
    if (candidates.filter((other) => other.status === e.status).length === 1) byStatus.set(e.status, e.code);
  }
  return [...byStatus.entries()].sort((a, b) => a[0] - b[0]).map(([status, code]) => ({ status, code }));
}

function importsOf(fields: JavaField[], extra: string[]): string[] {
  const imports = new Set(extra);
  if (fields.some((f) => f.isMap)) {
    imports.add('java.util.Map');
    imports.add('java.util.TreeMap');
  }
  return [...imports].sort();
}

/** The method that presigns an operation: `presign` + its Java method name (`presignAppendObject`). */
export function presignMethodOf(op: IrOperation): string {
  return `presign${op.names.java.charAt(0).toUpperCase()}${op.names.java.slice(1)}`;
}

export function operationViews(ir: IrModel, append: IrAppendProtocol): JavaOperation[] {
  return ir.operations.map((op) => operationView(ir, append, op));
}

function operationView(ir: IrModel, append: IrAppendProtocol, op: IrOperation): JavaOperation {
  const input = op.input.map((m) => fieldOf(ir, op, m, 'input'));
  const output = op.output.map((m) => fieldOf(ir, op, m, 'output'));
  const bucket = requireValue(op.input.find((m) => m.location === 'host'), `host member on ${op.name}`);
  const key = requireValue(op.input.find((m) => m.location === 'path'), `path member on ${op.name}`);
  const isAppend = op === append.operation;
  const crcOut = op.output.find((m) => m.headerLower === append.crc.headerLower && m.type === 'uint64' && !m.required);
  const range = op.input.find((m) => m.format === 'byte-range');
  const isProbe = op === append.probe;
  const probeNext = op.output.find((m) => m.id === append.probeNextPosition.id);
  const landed = op.output.map((m) => {
    if (m.id === append.nextPosition.id) return 'next';
    if (m.id === append.crc.id) return 'crc';
    const t = fieldOf(ir, op, m, 'output').javaType;
    return t === 'long' ? '0L' : t === 'boolean' ? 'false' : t.startsWith('Map<') ? 'new TreeMap<>()' : 'null';
  });
  // The runtime is copied into the same package, so only JDK types are imported.
  const requestImports = ['java.util.List'];
  if (op.inputBody) requestImports.push('java.io.InputStream', 'java.nio.file.Path');
  return {
    name: op.name,
    method: op.names.java,
    implName: isAppend ? `${op.names.java}Once` : op.names.java,
    presignMethod: presignMethodOf(op),
    inputType: op.names.input.java,
    outputType: op.names.output.java,
    summary: op.summary.en,
    doc: op.doc.en,
    httpMethod: op.http.method,
    flags: [...op.http.flags],
    input,
    output,
    bucketField: bucket.names.java,
    keyField: key.names.java,
    hasBody: op.inputBody !== undefined,
    bodyField: op.inputBody?.names.java ?? '',
    hasOutputBody: op.outputBody !== undefined,
    outputBodyField: op.outputBody?.names.java ?? '',
    isAppend,
    sizeBase: isAppend ? `request.${append.position.names.java}()` : '0',
    positionField: isAppend ? append.position.names.java : '',
    nextPositionHeader: isAppend ? requireValue(append.nextPosition.headerLower, 'next position header') : '',
    // The whole-object CRC-64 header: the append checks its presence, a full download its value.
    crcHeader: isAppend ? requireValue(append.crc.headerLower, 'CRC-64 header') : (crcOut?.headerLower ?? ''),
    crcInit: isAppend ? `request.initialCrc64() == null ? 0L : request.initialCrc64()` : '0L',
    crcKnown: isAppend ? `(request.initialCrc64() != null || request.${append.position.names.java}() == 0)` : 'true',
    hasCrcOutput: crcOut !== undefined,
    crcOutputField: crcOut?.names.java ?? '',
    rangeCheck: range !== undefined,
    rangeField: range?.names.java ?? '',
    lengthCheck:
      isProbe && probeNext?.headerLower && append.probeLength?.headerLower && !probeNext.required ? { nextHeader: probeNext.headerLower, lengthHeader: append.probeLength.headerLower } : false,
    resultArgs: output.map((f) => f.read).join(', '),
    landedArgs: isAppend ? landed.join(', ') : '',
    imports: {
      request: importsOf(input, requestImports),
      result: importsOf(output, op.outputBody ? ['java.io.IOException', 'java.io.InputStream'] : []),
    },
  };
}

function errorFieldView(f: IrErrorField): JavaErrorField {
  const javaType = { string: 'String', int64: 'Long', uint64: 'Long', boolean: 'Boolean' }[f.type];
  const parse = { string: '', int64: 'Wire.parseLong', uint64: 'Wire.parseUnsigned', boolean: 'Wire.parseBoolean' }[f.type];
  const source = f.header !== undefined ? `details.header(${javaString(f.header.toLowerCase())})` : `document.get(${javaString(f.xml ?? f.id)})`;
  return { name: f.names.java, javaType, doc: f.doc.en, read: parse ? `${parse}(${source})` : source };
}

export function errorView(e: IrError): JavaError {
  const fields = e.fields.map(errorFieldView);
  return {
    code: e.code,
    className: e.names.java,
    status: e.status,
    retryable: e.retryable,
    doc: `${e.code} (HTTP ${e.status}): ${e.doc.en}\n\n${e.remedy.en}`,
    fields,
    params: fields.map((f) => `, ${f.javaType} ${f.name}`).join(''),
    args: fields.map((f) => `, ${f.name}`).join(''),
    reads: fields.map((f) => `, ${f.read}`).join(''),
  };
}
