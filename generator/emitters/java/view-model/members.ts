/**
 * Members as Java fields: a member's kind and type (optional numbers and booleans are boxed so that
 * "unset" differs from zero; an unsigned 64-bit value is a long read with Long.parseUnsignedLong;
 * a body is a RequestBody going out and an InputStream coming back), the statement that writes it
 * to a request, the checks it gets before sending (from the model's limits and rules), the
 * expression that reads it from an answer, and the enum classes the members declare.
 */
import type { IrMember, IrModel, IrOperation } from '../../../ir/types.js';
import { javaString } from '../helpers.js';
import type { JavaEnum, JavaField, JavaKind } from './types.js';

export function kindOf(m: IrMember): JavaKind {
  if (m.enum && m.enum.length > 0) return 'enum';
  switch (m.type) {
    case 'string':
      return 'string';
    case 'int64':
      return 'int64';
    case 'uint64':
      return 'uint64';
    case 'boolean':
      return 'bool';
    case 'map':
      return 'map';
    case 'blob':
      return 'blob';
  }
}

/** The enum class of a member: its Java name with the first letter raised (a type, where the member is a field). */
export function enumTypeName(m: IrMember): string {
  return m.names.java.charAt(0).toUpperCase() + m.names.java.slice(1).replace(/_$/, '');
}

/** Required numbers and booleans are primitives; optional ones are boxed (null = unset). */
export function javaTypeOf(m: IrMember, direction: 'input' | 'output'): string {
  const kind = kindOf(m);
  switch (kind) {
    case 'string':
      return 'String';
    case 'enum':
      return enumTypeName(m);
    case 'int64':
    case 'uint64':
      return m.required ? 'long' : 'Long';
    case 'bool':
      return m.required ? 'boolean' : 'Boolean';
    case 'map':
      return 'Map<String, String>';
    case 'blob':
      return direction === 'input' ? 'RequestBody' : 'InputStream';
  }
}

export function enumViews(ir: IrModel): JavaEnum[] {
  const enums = new Map<string, JavaEnum>();
  for (const op of ir.operations) {
    for (const m of [...op.input, ...op.output]) {
      const typeName = enumTypeName(m);
      if (!m.enum || m.enum.length === 0 || enums.has(typeName)) continue;
      enums.set(typeName, {
        typeName,
        doc: `A value of the ${m.header ?? m.id} header: ${m.doc.en} Values this client does not know are kept as they are (see known()).`,
        values: m.enum.map((v) => ({ name: v.java, value: v.value })),
      });
    }
  }
  return [...enums.values()];
}

/** The statement writing an input member to the request's headers or query. */
function writeOf(m: IrMember, kind: JavaKind): string {
  const get = `request.${m.names.java}()`;
  if (m.location === 'query') {
    const name = javaString(m.queryName ?? m.id);
    if (kind === 'int64') return `Wire.queryLong(query, ${name}, ${get});`;
    if (kind === 'bool') return `Wire.queryBoolean(query, ${name}, ${get});`;
    if (kind === 'enum') return `Wire.queryString(query, ${name}, ${get} == null ? null : ${get}.value());`;
    return `Wire.queryString(query, ${name}, ${get});`;
  }
  if (m.location === 'header-map') return `Wire.setMap(headers, ${javaString(m.prefix ?? '')}, ${get});`;
  if (m.location !== 'header') return '';
  const header = javaString(m.header ?? m.id);
  switch (kind) {
    case 'string':
      return `Wire.setString(headers, ${header}, ${get});`;
    case 'enum':
      return `Wire.setString(headers, ${header}, ${get} == null ? null : ${get}.value());`;
    case 'int64':
      return `Wire.setLong(headers, ${header}, ${get});`;
    case 'uint64':
      return `Wire.setUnsigned(headers, ${header}, ${get});`;
    case 'bool':
      return `Wire.setBoolean(headers, ${header}, ${get});`;
    case 'map':
      return `Wire.setMap(headers, ${header}, ${get});`;
    case 'blob':
      return '';
  }
}

/** The expression reading an output member from `response` (the streamed body is `body`). */
function readOf(op: IrOperation, m: IrMember, kind: JavaKind): string {
  const name = javaString(op.name);
  if (m.location === 'body') return 'stream';
  if (m.location === 'header-map') return `Wire.prefixed(response, ${javaString((m.prefix ?? '').toLowerCase())})`;
  const header = javaString((m.header ?? m.id).toLowerCase());
  switch (kind) {
    case 'string':
      return `Wire.text(response, ${header})`;
    case 'enum':
      return `${enumTypeName(m)}.of(Wire.text(response, ${header}))`;
    case 'int64':
      return m.required ? `Wire.requiredLong(response, ${header}, ${name})` : `Wire.longOrNull(response, ${header}, ${name})`;
    case 'uint64':
      return m.required ? `Wire.requiredUnsigned(response, ${header}, ${name})` : `Wire.unsignedOrNull(response, ${header}, ${name})`;
    case 'bool':
      return `Wire.booleanOrNull(response, ${header}, ${name})`;
    case 'map':
      return `Wire.prefixed(response, ${header})`;
    case 'blob':
      return 'stream';
  }
}

/** The checks an input member gets before anything is sent, from the model's limits and the append rules. */
function checksOf(ir: IrModel, op: IrOperation, m: IrMember, kind: JavaKind): string[] {
  const field = javaString(m.names.java);
  const value = m.names.java;
  const checks: string[] = [];
  const limits = ir.limits;
  if (m.location === 'path') {
    const prefixes = limits.objectKey.forbiddenPrefixes.map(javaString).join(', ');
    checks.push(`Validation.objectKey(${field}, ${value}, ${limits.objectKey.minBytes}, ${limits.objectKey.maxBytes}, List.of(${prefixes}));`);
  } else if (m.required && kind === 'blob') {
    // A presigned URL carries no body: the caller sends it with the URL.
    checks.push(`if (!presign) Validation.required(${field}, ${value});`);
  } else if (m.required && (kind === 'string' || kind === 'enum')) {
    checks.push(`Validation.required(${field}, ${value});`);
  }
  if (m.minimum !== undefined && kind === 'int64') checks.push(m.required ? `Validation.minimum(${field}, ${value}, ${m.minimum}L);` : `if (${value} != null) Validation.minimum(${field}, ${value}, ${m.minimum}L);`);
  if (kind === 'enum') checks.push(`if (${value} != null && !${value}.known()) throw new ValidationException(${field}, "has the value " + ${value}.value() + ", which is not one of " + ${enumTypeName(m)}.values());`);
  if (m.location === 'header-map') checks.push(`Validation.metadata(${field}, ${value}, ${javaString(limits.userMetadata.namePattern)}, ${limits.userMetadata.maxTotalBytes});`);
  if (m.format === 'tagging') {
    const t = limits.tagging;
    checks.push(`Validation.tagging(${field}, ${value}, ${t.maxTags}, ${t.maxKeyLength}, ${t.maxValueLength}, ${javaString(t.charPattern)});`);
  }
  const append = op.append;
  if (append && m.firstAppendOnly === 'reject') {
    const isSet = kind === 'map' ? `${value} != null && !${value}.isEmpty()` : `${value} != null`;
    checks.push(`if (${append.position === m.id ? '0' : `${javaPosition(op)}`} > 0 && ${isSet}) throw new ValidationException(${field}, "is accepted only by the append that creates the object (position 0); the service refuses it later");`);
  }
  return checks;
}

/** The append position's field name, for first-append-only checks. */
function javaPosition(op: IrOperation): string {
  const position = op.input.find((m) => m.id === op.append?.position);
  if (!position) throw new Error(`java emitter: ${op.name} has append rules but no position member`);
  return position.names.java;
}

export function fieldOf(ir: IrModel, op: IrOperation, m: IrMember, direction: 'input' | 'output'): JavaField {
  const kind = kindOf(m);
  const javaType = javaTypeOf(m, direction);
  const isInput = direction === 'input';
  return {
    id: m.id,
    name: m.names.java,
    javaType,
    kind,
    required: m.required,
    doc: m.doc.en,
    isBlob: kind === 'blob',
    isMap: kind === 'map',
    initializer: kind === 'map' && isInput ? 'new TreeMap<>()' : '',
    assign: kind === 'map' ? `this.${m.names.java} = value == null ? new TreeMap<>() : new TreeMap<>(value);` : `this.${m.names.java} = value;`,
    write: isInput ? writeOf(m, kind) : '',
    checks: isInput ? checksOf(ir, op, m, kind) : [],
    read: isInput ? '' : readOf(op, m, kind),
    present: /^(long|boolean)$/.test(javaType) ? 'true' : `${m.names.java} != null`,
    shown: kind !== 'blob',
  };
}
