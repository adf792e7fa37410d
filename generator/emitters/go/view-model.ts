/**
 * The Go view model: every name, type, import, literal and order the Go templates print is
 * decided here from the IR, so templates stay logic-free. Names come from the IR (`names.go`);
 * this file only picks among them and builds Go expressions for test values.
 */
import type {
  IrAppendProtocol,
  IrError,
  IrErrorField,
  IrExpectation,
  IrMember,
  IrModel,
  IrOperation,
  IrValue,
} from '../../ir/types.js';
import { goString } from './helpers.js';
import { appendErrors, goTestWire, goWire, type GoTestWire, type GoWire } from './protocol-view.js';

export type GoKind = 'string' | 'enum' | 'int64' | 'uint64' | 'bool' | 'map' | 'blob';

export interface GoEnumValue {
  name: string;
  /** The name padded to the longest in its const block, as gofmt aligns it. */
  padded: string;
  value: string;
}

export interface GoEnum {
  typeName: string;
  doc: string;
  values: GoEnumValue[];
  valueNames: string[];
}

export interface GoField {
  id: string;
  name: string;
  goType: string;
  kind: GoKind;
  pointer: boolean;
  required: boolean;
  doc: string;
  header?: string;
  prefix?: string;
  queryName?: string;
  isHost: boolean;
  isPath: boolean;
  isQuery: boolean;
  isHeader: boolean;
  isHeaderMap: boolean;
  isBody: boolean;
  isContentLength: boolean;
  checkObjectKey: boolean;
  checkMetadata: boolean;
  checkTagging: boolean;
  checkEnum: boolean;
  checkRequired: boolean;
  hasMinimum: boolean;
  minimum: number;
  rejectAfterFirst: boolean;
  checkObjectSize: boolean;
  /** Go helper that writes an input member to the request (`setHeader`, `queryInt64`, ...). */
  setter: string;
  /** Go helper that reads an output member from the response headers. */
  getter: string;
  /** Go expression, over `in`, that is true when the caller set this member. */
  isSetExpr: string;
}

export interface GoOperation {
  name: string;
  method: string;
  /** The method that sends the request once: the exported method, except for the append (recovered around it). */
  implName: string;
  inputType: string;
  outputType: string;
  docLines: string;
  inputDoc: string;
  outputDoc: string;
  httpMethod: string;
  flags: string[];
  input: GoField[];
  output: GoField[];
  hostField: string;
  pathField: string;
  hasBody: boolean;
  bodyField: string;
  hasOutputBody: boolean;
  outputBodyField: string;
  /** Appends are never resent blindly; the Appender recovers them. */
  isAppend: boolean;
  positionField: string;
  /** Output field with the whole-object CRC-64, checked on full reads and appends. */
  hasCrcOutput: boolean;
  crcOutputField: string;
  rangeCheck: boolean;
  rangeField: string;
  /** Statuses whose code is implied when the body carries none (HEAD). */
  statusFallbacks: { status: number; code: string }[];
  /** Append answer headers that must be present: the next position and the CRC-64. */
  nextPositionHeader: string;
  crcHeader: string;
  /** HEAD: an answer with neither the next position nor a length is a protocol error. */
  lengthCheck: { nextField: string; nextHeader: string; lengthHeader: string } | false;
}

export interface GoErrorFieldView {
  name: string;
  goType: string;
  kind: 'string' | 'int64' | 'uint64' | 'bool';
  doc: string;
  fromHeader: boolean;
  header: string;
  xml: string;
  /** Go helper that parses the field's text. */
  parser: string;
}

export interface GoErrorView {
  code: string;
  message: string;
  typeName: string;
  status: number;
  retryable: boolean;
  doc: string;
  fields: GoErrorFieldView[];
  hasFields: boolean;
}

export interface GoAssign {
  field: string;
  expr: string;
}

export interface GoCheck {
  fn: 'check' | 'checkPtr' | 'checkMap' | 'checkBody';
  label: string;
  got: string;
  want: string;
}

export interface GoErrorExpect {
  typeName: string;
  checks: GoCheck[];
}

export interface GoCall {
  method: string;
  inputType: string;
  assigns: GoAssign[];
  isError: boolean;
  captureOutput: boolean;
  outputChecks: GoCheck[];
  /** The streamed result body that no check reads, which the test closes (empty when none). */
  closeBody: string;
  /** The input uses strings.NewReader. */
  usesStrings: boolean;
  error?: GoErrorExpect;
}

export interface GoRequestVector {
  id: string;
  doc: string;
  signature: string;
  region: string;
  endpoint: string;
  epochSeconds: number;
  call: GoCall;
  method: string;
  host: string;
  path: string;
  query: string;
  headers: { name: string; value: string }[];
}

export interface GoResponseVector {
  id: string;
  status: number;
  headers: { name: string; value: string }[];
  body: string;
  call: GoCall;
}

export interface GoScenario {
  id: string;
  doc: string;
  accessKeyId: string;
  accessKeySecret: string;
  steps: (GoCall & { index: number; name: string; stepName: string })[];
}

export interface GoViewModel {
  modulePath: string;
  packageName: string;
  goVersion: string;
  version: string;
  title: string;
  summary: string;
  packageDoc: string;
  clientType: string;
  env: { accessKeyId: string; accessKeySecret: string; securityToken: string };
  securityTokenHeader: string;
  defaultRegion: string;
  timeoutMs: number;
  endpointTemplate: string;
  pathStyleForIP: boolean;
  pathStyleForLocalhost: boolean;
  defaultSignature: string;
  /** The model's default scheme id (`v4`), as the samples' -signature flag spells it. */
  defaultSignatureName: string;
  v4: { algorithm: string; product: string; dateHeader: string; payloadHashHeader: string; payloadHash: string };
  v1: { algorithm: string; dateHeader: string };
  signedSubresources: string[];
  retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number; statuses: number[]; honorRetryAfter: boolean };
  limits: IrModel['limits'] & { objectKeyErrorType: string; objectSizeErrorType: string };
  enums: GoEnum[];
  /** Imports of types.go: io only when some member is streamed. */
  typesImports: string[];
  operations: GoOperation[];
  errors: GoErrorView[];
  retryableCodes: string[];
  /** A status the model retries, for the retry test (503 when the model retries it). */
  retryStatus: number;
  appender: {
    appendMethod: string;
    appendOnce: string;
    appendInput: string;
    appendOutput: string;
    headMethod: string;
    headInput: string;
    positionField: string;
    nextPositionField: string;
    crcField: string;
    headLengthField: string;
    headNextPositionField: string;
    headCrcField: string;
    headTypeField: string;
    appendableConst: string;
    notFoundError: string;
    positionError: string;
    /** The error for an object of another type (not appendable). */
    wrongTypeError: string;
    positionErrorField: string;
    bucketField: string;
    keyField: string;
    bodyField: string;
    /** Members that describe one request's body (Content-MD5), never copied to an appended chunk. */
    perChunk: string[];
    headBucketField: string;
    headKeyField: string;
    headRequestIDField: string;
    wrongTypeCode: string;
    positionErrorCode: string;
    contentTypeField: string;
    metadataField: string;
    headContentTypeField: string;
    headMetadataField: string;
  };
  /** The operation that reads an object's content (GetObject), for read-backs in tests. */
  reader: { method: string; input: string; bucketField: string; keyField: string; bodyField: string; rangeField: string; contentRangeField: string };
  /** A retryable error code (InternalError), for fault injection in simulator tests. */
  retryCode: string;
  /** Protocol facts (ir.protocol): header and error-element names, the object-type value, the CRC polynomial. */
  wire: GoWire;
  /** Wire texts the generated tests send, built from `wire`. */
  testWire: GoTestWire;
  /** Environment variables the samples read besides the credentials. */
  sampleEnv: { endpoint: string; region: string; bucket: string; key: string; file: string };
  tests: {
    accessKeyId: string;
    accessKeySecret: string;
    requests: GoRequestVector[];
    responses: GoResponseVector[];
    scenarios: GoScenario[];
  };
  example: { bucket: string; key: string; body: string; contentType: string; metadata: { key: string; value: string }[] };
  vectorImports: string[];
  scenarioImports: string[];
  /** First-append-only members the service refuses later, with a value to try. */
  rejectedLater: { name: string; value: string }[];
  crcVectors: { label: string; data: string; crc: string }[];
}

/** The IR's operations by name and errors by code, built once per IR. */
const INDEXES = new WeakMap<IrModel, { operations: Map<string, IrOperation>; errors: Map<string, IrError> }>();

function indexOf(ir: IrModel): { operations: Map<string, IrOperation>; errors: Map<string, IrError> } {
  let index = INDEXES.get(ir);
  if (!index) {
    index = { operations: new Map(ir.operations.map((o) => [o.name, o])), errors: new Map(ir.errors.map((e) => [e.code, e])) };
    INDEXES.set(ir, index);
  }
  return index;
}

function operationNamed(ir: IrModel, name: string): IrOperation {
  return requireValue(indexOf(ir).operations.get(name), `operation ${name}`);
}

/** Go doc text for a declaration: Go convention starts it with the declared name. */
function declDoc(name: string, text: string): string {
  const trimmed = text.trim();
  const first = trimmed.charAt(0);
  const second = trimmed.charAt(1);
  const lowered = first && second && second === second.toLowerCase() ? first.toLowerCase() + trimmed.slice(1) : trimmed;
  return `${name} ${lowered}`;
}

function requireValue<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`go emitter: the IR has no ${what}`);
  return value;
}

function kindOf(m: IrMember): GoKind {
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

/** Optional numbers and booleans are pointers so that "unset" differs from zero. */
function goTypeOf(m: IrMember, direction: 'input' | 'output'): { goType: string; pointer: boolean } {
  const kind = kindOf(m);
  switch (kind) {
    case 'string':
      return { goType: 'string', pointer: false };
    case 'enum':
      return { goType: m.names.go, pointer: false };
    case 'int64':
    case 'uint64':
    case 'bool': {
      const base = kind;
      return m.required ? { goType: base, pointer: false } : { goType: `*${base}`, pointer: true };
    }
    case 'map':
      return { goType: 'map[string]string', pointer: false };
    case 'blob':
      return direction === 'input' ? { goType: 'io.Reader', pointer: false } : { goType: 'io.ReadCloser', pointer: false };
  }
}

function fieldOf(op: IrOperation, m: IrMember, direction: 'input' | 'output'): GoField {
  const kind = kindOf(m);
  const t = goTypeOf(m, direction);
  const isInput = direction === 'input';
  return {
    id: m.id,
    name: m.names.go,
    goType: t.goType,
    kind,
    pointer: t.pointer,
    required: m.required,
    doc: m.doc.en,
    header: m.header,
    prefix: m.prefix,
    queryName: m.queryName,
    isHost: m.location === 'host',
    isPath: m.location === 'path',
    isQuery: m.location === 'query',
    isHeader: m.location === 'header',
    isHeaderMap: m.location === 'header-map',
    isBody: m.location === 'body',
    isContentLength: m.headerLower === 'content-length',
    checkObjectKey: isInput && m.location === 'path',
    checkMetadata: isInput && m.location === 'header-map',
    checkTagging: isInput && m.format === 'tagging',
    checkEnum: isInput && kind === 'enum',
    // An empty key is the object-key check's to report, with the model's error code.
    checkRequired: isInput && m.required && (kind === 'string' || kind === 'enum') && m.location !== 'path',
    hasMinimum: isInput && m.minimum !== undefined && !t.pointer && kind === 'int64',
    minimum: m.minimum ?? 0,
    rejectAfterFirst: isInput && op.append !== undefined && m.firstAppendOnly === 'reject',
    checkObjectSize: isInput && m.location === 'body' && (op.http.method === 'PUT' || op.http.method === 'POST'),
    setter: setterOf(m, kind, t.pointer),
    getter: getterOf(m, kind, t.pointer),
    isSetExpr: kind === 'map' ? `len(in.${m.names.go}) > 0` : t.pointer ? `in.${m.names.go} != nil` : kind === 'string' || kind === 'enum' ? `in.${m.names.go} != ""` : kind === 'blob' ? `in.${m.names.go} != nil` : 'true',
  };
}

function setterOf(m: IrMember, kind: GoKind, pointer: boolean): string {
  if (m.location === 'query') return kind === 'int64' ? 'queryInt64' : kind === 'bool' ? 'queryBool' : 'queryString';
  switch (kind) {
    case 'string':
    case 'enum':
      return 'setHeader';
    case 'int64':
      return pointer ? 'setHeaderInt64' : 'setHeaderInt64Value';
    case 'uint64':
      return pointer ? 'setHeaderUint64' : 'setHeaderUint64Value';
    case 'bool':
      return pointer ? 'setHeaderBool' : 'setHeaderBoolValue';
    case 'map':
      return 'setHeaderMap';
    case 'blob':
      return '';
  }
}

function getterOf(m: IrMember, kind: GoKind, pointer: boolean): string {
  switch (kind) {
    case 'string':
      return 'headerText[string]';
    case 'enum':
      return `headerText[${m.names.go}]`;
    case 'int64':
      return pointer ? 'headerInt64Ptr' : 'headerInt64';
    case 'uint64':
      return pointer ? 'headerUint64Ptr' : 'headerUint64';
    case 'bool':
      return pointer ? 'headerBoolPtr' : 'headerBool';
    case 'map':
      return 'headerPrefixed';
    case 'blob':
      return '';
  }
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

function errorFieldView(f: IrErrorField): GoErrorFieldView {
  return {
    name: f.names.go,
    goType: f.type === 'boolean' ? 'bool' : f.type,
    kind: f.type === 'boolean' ? 'bool' : f.type,
    doc: f.doc.en,
    fromHeader: f.header !== undefined,
    header: f.header ?? '',
    xml: f.xml ?? '',
    parser: { string: 'parseString', int64: 'parseInt64', uint64: 'parseUint64', boolean: 'parseBool' }[f.type],
  };
}

function errorView(e: IrError): GoErrorView {
  const fields = e.fields.map(errorFieldView);
  const doc = [declDoc(e.names.go, `is returned for ${e.code} (HTTP ${e.status}): ${e.doc.en}`), '', e.remedy.en].join('\n');
  return { code: e.code, message: e.message, typeName: e.names.go, status: e.status, retryable: e.retryable, doc, fields, hasFields: fields.length > 0 };
}

// ---- test values -------------------------------------------------------------------------------

function enumLiteral(m: IrMember, value: string): string {
  const found = m.enum?.find((v) => v.value === value);
  return found ? found.go : `${m.names.go}(${goString(value)})`;
}

function mapLiteral(value: unknown): string {
  const entries = Object.entries((value ?? {}) as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `map[string]string{${entries.map(([k, v]) => `${goString(k)}: ${goString(String(v))}`).join(', ')}}`;
}

/** A Go expression of the member's own type for an input value. */
function inputExpr(m: IrMember, value: unknown): string {
  const kind = kindOf(m);
  const { pointer } = goTypeOf(m, 'input');
  let base: string;
  switch (kind) {
    case 'string':
      base = goString(String(value));
      break;
    case 'enum':
      base = enumLiteral(m, String(value));
      break;
    case 'int64':
      base = pointer ? `int64(${String(value)})` : String(value);
      break;
    case 'uint64':
      base = pointer ? `uint64(${String(value)})` : String(value);
      break;
    case 'bool':
      base = value ? 'true' : 'false';
      break;
    case 'map':
      return mapLiteral(value);
    case 'blob':
      return `strings.NewReader(${goString(String(value))})`;
  }
  return pointer ? `Ptr(${base})` : base;
}

function typedWant(kind: GoKind, m: IrMember | undefined, value: unknown): string {
  switch (kind) {
    case 'string':
    case 'blob':
      return goString(String(value));
    case 'enum':
      return m ? enumLiteral(m, String(value)) : goString(String(value));
    case 'int64':
      return `int64(${String(value)})`;
    case 'uint64':
      return `uint64(${String(value)})`;
    case 'bool':
      return value ? 'true' : 'false';
    case 'map':
      return mapLiteral(value);
  }
}

function outputChecks(values: IrValue[], varName: string): GoCheck[] {
  return values.map(({ member, value }) => {
    const kind = kindOf(member);
    const { pointer } = goTypeOf(member, 'output');
    const got = `${varName}.${member.names.go}`;
    const want = typedWant(kind, member, value);
    const fn: GoCheck['fn'] = kind === 'blob' ? 'checkBody' : kind === 'map' ? 'checkMap' : pointer ? 'checkPtr' : 'check';
    return { fn, label: member.names.go, got, want };
  });
}

function errorExpect(ir: IrModel, expectation: Extract<IrExpectation, { kind: 'error' }>, varName: string): GoErrorExpect {
  const e = expectation.error;
  const known = indexOf(ir).errors.get(e.code);
  const checks: GoCheck[] = [
    { fn: 'check', label: 'Code', got: `${varName}.Code`, want: goString(e.code) },
    { fn: 'check', label: 'StatusCode', got: `${varName}.StatusCode`, want: String(e.status) },
  ];
  if (e.requestId !== undefined) checks.push({ fn: 'check', label: 'RequestID', got: `${varName}.RequestID`, want: goString(e.requestId) });
  if (e.hostId !== undefined) checks.push({ fn: 'check', label: 'HostID', got: `${varName}.HostID`, want: goString(e.hostId) });
  if (e.ec !== undefined) checks.push({ fn: 'check', label: 'EC', got: `${varName}.EC`, want: goString(e.ec) });
  for (const { field, value } of e.fields) {
    const kind = field.type === 'boolean' ? 'bool' : field.type;
    checks.push({ fn: 'check', label: field.names.go, got: `${varName}.${field.names.go}`, want: typedWant(kind, undefined, value) });
  }
  return { typeName: known ? known.names.go : 'ServiceError', checks };
}

function callView(ir: IrModel, opName: string, input: IrValue[], expect: IrExpectation): GoCall {
  const op = operationNamed(ir, opName);
  const assigns = input.map(({ member, value }) => ({ field: member.names.go, expr: inputExpr(member, value) }));
  if (expect.kind === 'error') {
    return { method: op.names.go, inputType: op.names.input.go, assigns, isError: true, captureOutput: false, outputChecks: [], closeBody: '', usesStrings: assigns.some((a) => a.expr.startsWith('strings.')), error: errorExpect(ir, expect, 'apiErr') };
  }
  const checks = outputChecks(expect.output, 'out');
  const outBody = op.output.some((m) => m.location === 'body');
  return {
    method: op.names.go,
    inputType: op.names.input.go,
    assigns,
    isError: false,
    // A streamed body must always be read or closed, so the result is kept even when nothing is checked.
    captureOutput: checks.length > 0 || outBody,
    outputChecks: checks,
    closeBody: outBody && !checks.some((c) => c.fn === 'checkBody') ? `out.${op.outputBody?.names.go ?? 'Body'}` : '',
    usesStrings: assigns.some((a) => a.expr.startsWith('strings.')),
  };
}

/**
 * The client believes a 2xx to an append only when its next position is where the bytes sent
 * end, so a canned success answer is paired with the position that makes it consistent.
 */
function consistentInput(append: IrAppendProtocol, op: IrOperation, input: IrValue[], status: number, headers: { name: string; value: string }[]): IrValue[] {
  if (op !== append.operation || status < 200 || status > 299) return input;
  const next = headers.find((h) => h.name.toLowerCase() === append.nextPosition.headerLower)?.value;
  const body = input.find((v) => v.member.id === append.body.id)?.value;
  if (next === undefined || !/^\d+$/.test(next)) return input;
  const position = Number(next) - Buffer.byteLength(typeof body === 'string' ? body : '');
  if (position < 0) return input;
  return input.map((v) => (v.member.id === append.position.id ? { member: v.member, value: position } : v));
}

/** Inputs for a response vector: the operation's required members at their example values. */
function exampleInput(op: IrOperation): IrValue[] {
  return op.input
    .filter((m) => m.required)
    .map((member) => {
      if (member.example !== undefined) return { member, value: member.example };
      const fallback = member.type === 'int64' || member.type === 'uint64' ? (member.minimum ?? 0) : member.type === 'boolean' ? false : member.type === 'map' ? {} : 'example';
      return { member, value: fallback };
    });
}

export function buildGoViewModel(ir: IrModel): GoViewModel {
  const modulePath = ir.service.packages.go;
  const packageName = modulePath.slice(modulePath.lastIndexOf('/') + 1);
  // The appender is built from the model's append protocol: the append, its probe (HEAD) and its read (GET).
  const protocol = requireValue(ir.protocol.append, 'append protocol (model protocol.append)');
  const { operation: appendOp, probe: headOp } = protocol;
  const readOp = requireValue(protocol.read, 'append protocol read operation');
  const operations = ir.operations.map((op) => operationView(protocol, op, statusFallbacks(ir, op)));

  // Enum types, one per member id, in first-seen order of operations (sorted) and members (authored).
  const enums = new Map<string, GoEnum>();
  for (const op of ir.operations) {
    for (const m of [...op.input, ...op.output]) {
      if (!m.enum || m.enum.length === 0 || enums.has(m.names.go)) continue;
      enums.set(m.names.go, {
        typeName: m.names.go,
        doc: declDoc(m.names.go, `is a value of the ${m.header ?? m.id} header: ${m.doc.en}`),
        values: m.enum.map((v) => ({ name: v.go, padded: v.go.padEnd(Math.max(...m.enum!.map((x) => x.go.length))), value: v.value })),
        valueNames: m.enum.map((v) => v.go),
      });
    }
  }

  const v4 = requireValue(ir.auth.schemes.find((s) => s.id === 'v4'), 'v4 auth scheme');
  const v1 = requireValue(ir.auth.schemes.find((s) => s.id === 'v1'), 'v1 auth scheme');

  const errorName = (code: string) => requireValue(indexOf(ir).errors.get(code), `error ${code}`).names.go;
  const positionError = protocol.positionError.error;
  const objectType = requireValue(protocol.objectType, 'append protocol object type');
  const { wrongType, notFound } = appendErrors(protocol);
  const appendableValue = requireValue(objectType.member.enum?.find((v) => v.value === objectType.appendable), `enum value ${objectType.appendable}`);
  const retryError = requireValue(ir.errors.find((e) => e.retryable && ir.retry.retryableStatuses.includes(e.status)), 'retryable error');
  const wire = goWire(ir, protocol);
  const probeOutput = (headerLower: string) => headOp.output.find((m) => m.headerLower === headerLower);
  const appendInput = (headerLower: string) => appendOp.input.find((m) => m.headerLower === headerLower);

  const example = ir.examples.find((e) => e.operation === appendOp.name);
  const exampleValue = (id: string) => example?.input.find((v) => v.member.id === id)?.value;
  const exampleMeta = (exampleValue('metadata') ?? {}) as Record<string, unknown>;

  const view: GoViewModel = {
    modulePath,
    packageName,
    goVersion: '1.22',
    version: ir.service.version,
    title: ir.service.title.en,
    summary: ir.service.summary.en,
    packageDoc: [
      `Package ${packageName} is a client for ${ir.service.title.en}.`,
      '',
      ir.service.summary.en,
      '',
      `Create a [${ir.service.clientNames.go}] with [New], then call one method per operation. Every method takes a ` +
        '[context.Context] and a typed request, checks the request against the service limits before anything is ' +
        'sent, and returns a typed result or an error. Service errors are typed, one type per error code; all of them ' +
        'work with [errors.As] and wrap a [ServiceError]. Requests refused locally fail with a [*ValidationError]. ' +
        'For appends that must never duplicate or lose bytes, use an [Appender].',
    ].join('\n'),
    clientType: ir.service.clientNames.go,
    env: {
      accessKeyId: ir.service.credentials.accessKeyIdEnv,
      accessKeySecret: ir.service.credentials.accessKeySecretEnv,
      securityToken: ir.service.credentials.securityTokenEnv,
    },
    securityTokenHeader: ir.service.credentials.securityTokenHeader,
    defaultRegion: ir.service.defaults.region,
    timeoutMs: ir.service.defaults.timeoutMs,
    endpointTemplate: ir.endpoint.template,
    pathStyleForIP: ir.endpoint.addressing.pathStyleFor.includes('ip'),
    pathStyleForLocalhost: ir.endpoint.addressing.pathStyleFor.includes('localhost'),
    defaultSignature: ir.auth.default === 'v1' ? 'SignatureV1' : 'SignatureV4',
    defaultSignatureName: ir.auth.default,
    v4: {
      algorithm: v4.algorithm,
      product: requireValue(v4.product, 'v4 product'),
      dateHeader: v4.dateHeader,
      payloadHashHeader: requireValue(v4.payloadHashHeader, 'v4 payload hash header'),
      payloadHash: requireValue(v4.payloadHash, 'v4 payload hash'),
    },
    v1: { algorithm: v1.algorithm, dateHeader: v1.dateHeader },
    signedSubresources: [...ir.auth.signedSubresources].sort(),
    retry: {
      maxAttempts: ir.retry.maxAttempts,
      baseDelayMs: ir.retry.baseDelayMs,
      maxDelayMs: ir.retry.maxDelayMs,
      statuses: [...ir.retry.retryableStatuses].sort((a, b) => a - b),
      honorRetryAfter: ir.retry.honorRetryAfter,
    },
    limits: { ...ir.limits, objectKeyErrorType: errorName(ir.limits.objectKey.error), objectSizeErrorType: errorName(ir.limits.objectSize.error) },
    enums: [...enums.values()],
    typesImports: operations.some((o) => o.hasBody || o.hasOutputBody) ? ['io'] : [],
    operations,
    errors: ir.errors.map(errorView),
    retryableCodes: ir.errors.filter((e) => e.retryable).map((e) => e.code),
    retryStatus: ir.retry.retryableStatuses.includes(503) ? 503 : (ir.retry.retryableStatuses[0] ?? 503),
    appender: {
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
    },
    tests: {
      accessKeyId: ir.tests.credentials.accessKeyId,
      accessKeySecret: ir.tests.credentials.accessKeySecret,
      requests: ir.tests.requests.map((v) => ({
        id: v.id,
        doc: v.doc.en,
        signature: v.auth === 'v1' ? 'SignatureV1' : 'SignatureV4',
        region: v.region,
        endpoint: v.endpoint,
        epochSeconds: v.epochSeconds,
        call: callView(ir, v.operation, v.input, { kind: 'output', output: [] }),
        method: v.expect.method,
        host: v.expect.host,
        path: v.expect.path,
        query: v.expect.query,
        headers: v.expect.headers.map((h) => ({ name: h.name.toLowerCase(), value: h.value })),
      })),
      responses: ir.tests.responses.map((v) => {
        const op = operationNamed(ir, v.operation);
        return { id: v.id, status: v.status, headers: v.headers, body: v.body, call: callView(ir, v.operation, consistentInput(protocol, op, exampleInput(op), v.status, v.headers), v.expect) };
      }),
      scenarios: ir.tests.scenarios.map((s) => ({
        id: s.id,
        doc: s.doc.en,
        accessKeyId: s.credentials.accessKeyId,
        accessKeySecret: s.credentials.accessKeySecret,
        steps: s.steps.map((step) => ({
          ...callView(ir, step.call, step.input, step.expect),
          index: step.index + 1,
          name: step.call,
          stepName: `${step.index + 1}-${step.call}`,
        })),
      })),
    },
    reader: {
      method: readOp.names.go,
      input: readOp.names.input.go,
      bucketField: requireValue(protocol.readBucket, 'read bucket member').names.go,
      keyField: requireValue(protocol.readKey, 'read key member').names.go,
      bodyField: requireValue(protocol.readBody, 'read body output').names.go,
      rangeField: requireValue(protocol.readRange, 'read Range input').names.go,
      contentRangeField: requireValue(protocol.readContentRange, 'read Content-Range output').names.go,
    },
    retryCode: retryError.code,
    wire,
    testWire: goTestWire(ir, protocol, wire, retryError),
    sampleEnv: { endpoint: 'OSS_ENDPOINT', region: 'OSS_REGION', bucket: 'OSS_BUCKET', key: 'OSS_KEY', file: 'OSS_FILE' },
    vectorImports: [],
    scenarioImports: [],
    rejectedLater: [],
    crcVectors: [],
    example: {
      bucket: String(exampleValue('bucket') ?? 'examplebucket'),
      key: String(exampleValue('key') ?? 'logs/app.log'),
      body: String(exampleValue('body') ?? 'hello\n'),
      contentType: String(exampleValue('contentType') ?? ''),
      metadata: Object.entries(exampleMeta)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, value]) => ({ key, value: String(value) })),
    },
  };
  const requestCalls = view.tests.requests.map((v) => v.call);
  const responseCalls = view.tests.responses.map((v) => v.call);
  const scenarioCalls = view.tests.scenarios.flatMap((sc) => sc.steps);
  // Request vectors accept a *ProtocolError for their empty canned answer (errors.As).
  view.vectorImports = testImports([...requestCalls, ...responseCalls], requestCalls.length > 0);
  view.scenarioImports = testImports(scenarioCalls);
  view.crcVectors = crcVectors(ir, protocol);
  view.rejectedLater = appendOp.input
    .filter((m) => m.firstAppendOnly === 'reject')
    .map((m) => ({ name: m.names.go, value: inputExpr(m, m.example ?? (m.type === 'map' ? { name: 'value' } : m.type === 'boolean' ? true : m.type === 'int64' ? 1 : 'value')) }));
  return view;
}

/** The imports of a generated test file, from what its calls use. */
function testImports(calls: GoCall[], needErrors = false): string[] {
  const imports = new Set<string>(['testing']);
  if (needErrors || calls.some((c) => c.isError)) imports.add('errors');
  if (calls.some((c) => c.usesStrings)) imports.add('strings');
  return [...imports].sort();
}

/**
 * CRC-64 values the model pins down without a server: a scenario step that creates an object
 * (position 0) with a body and expects the whole-object CRC.
 */
function crcVectors(ir: IrModel, append: IrAppendProtocol): { label: string; data: string; crc: string }[] {
  const found = new Map<string, string>();
  for (const scenario of ir.tests.scenarios) {
    for (const step of scenario.steps) {
      if (step.call !== append.operation.name || step.expect.kind !== 'output') continue;
      const input = new Map(step.input.map((v) => [v.member.id, v.value]));
      const position = input.get(append.position.id);
      const body = input.get(append.body.id);
      const crc = new Map(step.expect.output.map((v) => [v.member.id, v.value])).get(append.crc.id);
      if (position === 0 && typeof body === 'string' && crc !== undefined) found.set(body, String(crc));
    }
  }
  return [...found.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([data, crc]) => ({ label: `CRC64(${JSON.stringify(data)})`, data, crc }));
}
