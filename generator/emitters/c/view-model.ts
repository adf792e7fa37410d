/**
 * The C view model: every name, type, declaration and order the C templates print is decided here,
 * from the IR alone. Templates only print it (with the helpers in helpers.ts), so a template never
 * needs to know what a member's type means in C.
 */
import type {
  IrAppendProtocol,
  IrError,
  IrErrorField,
  IrExpectation,
  IrMember,
  IrModel,
  IrOperation,
  IrProtocol,
  IrValue,
} from '../../ir/types.js';
import { splitWords, toScreamingSnake } from '../../ir/naming.js';

export interface CDecl {
  /** C type text, ending where the name starts (`const char *`, `int64_t `). */
  type: string;
  name: string;
}

export interface CField {
  doc: string;
  required: boolean;
  decls: CDecl[];
}

export interface CEnum {
  tag: string;
  typeName: string;
  unsetName: string;
  lastName: string;
  validFn: string;
  stringFn: string;
  doc: string;
  values: { cName: string; value: string }[];
}

/** One input member as the build function uses it; the flags say which lines apply. */
export interface CInput {
  name: string;
  header: string;
  queryName: string;
  prefix: string;
  minimum: number;
  sizeBase: string;
  unsetName: string;
  validFn: string;
  stringFn: string;
  setTest: string;
  isQueryInt: boolean;
  isString: boolean;
  isEnum: boolean;
  isBool: boolean;
  isMap: boolean;
  isBody: boolean;
  isTagging: boolean;
  rejectLater: boolean;
}

export interface COutput {
  name: string;
  header: string;
  prefix: string;
  required: boolean;
  isInt: boolean;
  isUnsigned: boolean;
  isString: boolean;
  isMap: boolean;
  isBody: boolean;
}

export interface COperation {
  name: string;
  summary: string;
  doc: string;
  fn: string;
  /** The function that sends the request once: fn itself, except for an append (fn adds the recovery). */
  exchangeFn: string;
  freeFn: string;
  buildFn: string;
  parseFn: string;
  requestType: string;
  requestTag: string;
  resultType: string;
  resultTag: string;
  method: string;
  isHead: 0 | 1;
  idempotent: 0 | 1;
  isAppend: boolean;
  crcField: string;
  nextPositionField: string;
  bucketField: string;
  keyField: string;
  positionField: string;
  flags: string[];
  requestFields: CField[];
  resultFields: CField[];
  inputs: CInput[];
  outputs: COutput[];
}

/** A statement that sets one request field in a generated test. */
export interface CAssignment {
  field: string;
  /** A C expression built here from numbers and generated names (never from model text). */
  literal: string;
  string: string;
  length: number;
  pairs: { name: string; value: string }[];
  isLiteral: boolean;
  isString: boolean;
  isBody: boolean;
  isMap: boolean;
}

/** One check of a generated test; the flags say which macro prints it. */
export interface CCheck {
  what: string;
  /** `result` or `error`: the struct the check reads. */
  target: string;
  field: string;
  /** Metadata entry name (model text, printed with cstr). */
  key: string;
  literal: string;
  string: string;
  length: number;
  isI64: boolean;
  isU64: boolean;
  isString: boolean;
  isMetadata: boolean;
  isBody: boolean;
  isCount: boolean;
}

export interface CCall {
  label: string;
  fn: string;
  buildFn: string;
  parseFn: string;
  requestType: string;
  resultType: string;
  freeFn: string;
  assignments: CAssignment[];
  isError: boolean;
  errorEnum: string;
  errorStatus: number;
  checks: CCheck[];
  /** Append calls continue the scenario's CRC-64 and have the client check it. */
  isAppend: boolean;
  positionField: string;
  crcField: string;
}

export interface CViewModel {
  p: string;
  P: string;
  guard: string;
  internalGuard: string;
  title: string;
  summary: string;
  version: string;
  license: string;
  clientType: string;
  accessKeyIdEnv: string;
  accessKeySecretEnv: string;
  securityTokenEnv: string;
  securityTokenHeader: string;
  defaultRegion: string;
  defaultTimeoutMs: number;
  retryBaseDelayMs: number;
  maxAttempts: number;
  endpointTemplate: string;
  endpoint: { beforeRegion: string; afterRegion: string; pathStyleForIp: 0 | 1; pathStyleForLocalhost: 0 | 1 };
  errors: { code: string; enumName: string; status: number; retryable: boolean; retryableFlag: 0 | 1; doc: string }[];
  clientErrors: Record<ClientErrorKey, string>;
  clientErrorList: { enumName: string; text: string }[];
  statusErrors: { status: number; enumName: string }[];
  /** The CRC of "123456789" under the model's CRC-64 (unsigned decimal), which the runtime checks is its own. */
  crc64Check: string;
  /** What V4 signs: headers with the prefix, and these (lower case). */
  signing: { signedHeaderPrefix: string; signedHeaders: string[] };
  /** The error document (ir.protocol.errorBody) and the headers an error answer carries. */
  errorBody: {
    /** The root's opening tag, whose presence makes a body an error document. */
    rootTag: string;
    code: string;
    message: string;
    requestId: string;
    hostId: string;
    ec: string;
    bodylessHeader: string;
    requestIdHeader: string;
    errorCodeHeader: string;
    /** The statuses the model itself names a code for (shared by several errors), highest first, for the README. */
    chosenStatuses: { status: number; code: string }[];
    /** A status several errors share with no code chosen, and one of its codes a client must not guess. */
    sharedStatus: number;
    unguessedCode: string;
  };
  errorFields: { doc: string; name: string; owned: boolean; decls: CDecl[] }[];
  errorsWithFields: {
    enumName: string;
    fields: { name: string; header: string; xml: string; isHeaderInt: boolean; isUnsigned: boolean; isHeaderString: boolean; isXmlString: boolean }[];
  }[];
  enums: CEnum[];
  authSchemes: { enumName: string; algorithm: string; value: number }[];
  defaultAuth: string;
  v4: {
    algorithm: string;
    product: string;
    dateHeader: string;
    payloadHashHeader: string;
    payloadHash: string;
    /** Put before the secret to derive the first signing key, and the scope's last part. */
    secretPrefix: string;
    scopeTerminator: string;
    enumName: string;
  };
  v1: { algorithm: string; dateHeader: string; enumName: string };
  signedSubresources: string[];
  retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number; statuses: number[]; honorRetryAfter: 0 | 1 };
  limits: {
    keyMinBytes: number;
    keyMaxBytes: number;
    keyForbiddenPrefixes: string[];
    keyError: string;
    objectMaxBytes: number;
    objectSizeError: string;
    metadataMaxTotalBytes: number;
    metadataNamePattern: string;
    metadataNameChars: string;
    metadataError: string;
    taggingMaxTags: number;
    taggingMaxKeyLength: number;
    taggingMaxValueLength: number;
    taggingChars: string;
    taggingError: string;
    laterAppendError: string;
  };
  operations: COperation[];
  appender: Record<string, string>;
  tests: {
    accessKeyId: string;
    accessKeySecret: string;
    requests: {
      id: string;
      auth: string;
      region: string;
      endpoint: string;
      epochSeconds: number;
      call: CCall;
      method: string;
      host: string;
      path: string;
      query: string;
      headers: { name: string; value: string }[];
    }[];
    responses: { id: string; status: number; headers: { name: string; value: string }[]; body: string; bodyLength: number; call: CCall }[];
    scenarios: { id: string; bucket: string; key: string; accessKeyId: string; accessKeySecret: string; steps: CCall[] }[];
    /** CRC-64/XZ of each scenario's successful appends, computed here independently of the C code. */
    crcVectors: { id: string; chunks: { string: string; length: number }[]; expected: string }[];
    /** Bodies of the error-parsing tests, built from the error document's element names. */
    errorDocs: {
      messageOpen: string;
      messageOpenLength: number;
      messageClose: string;
      messageCloseLength: number;
      codeNoise: string;
      codeNoiseLength: number;
      badReferences: string;
      notDocumentLabel: string;
      notFoundStatus: number;
    };
    /** Arguments that break one of the model's limits: refused with that error before anything is sent. */
    constraints: { id: string; fn: string; requestType: string; resultType: string; freeFn: string; assignments: CAssignment[]; errorEnum: string }[];
  };
  samples: {
    bucket: string;
    key: string;
    body: string;
    bodyLength: number;
    contentType: string;
    metadataName: string;
    metadataValue: string;
    contentTypeField: string;
    metadataField: string;
    getFn: string;
    getRequestType: string;
    getResultType: string;
    getFreeFn: string;
    getBodyField: string;
  };
  /** Sample programs (examples/NAME.c), in the order the docs show them. */
  sampleBinaries: string[];
  files: { header: string; internalHeader: string; operations: string; runtime: string; runtimeConfig: string; test: string; pc: string; library: string };
  /** The static runtime (runtime/c, copied into src/): its objects and headers, for the build files. */
  staticRuntime: { objects: string[]; sources: string[]; headers: string[] };
}

type ClientErrorKey = 'unmodeled' | 'invalidInput' | 'transport' | 'timeout' | 'integrity' | 'protocol' | 'io' | 'noMemory';

/** The client's own error kinds, with the code string each reports. */
const CLIENT_ERRORS: { key: ClientErrorKey; words: string; text: string }[] = [
  { key: 'unmodeled', words: 'service unmodeled', text: 'UnmodeledServiceError' },
  { key: 'invalidInput', words: 'client invalid input', text: 'ClientInvalidInput' },
  { key: 'transport', words: 'client transport', text: 'ClientTransport' },
  { key: 'timeout', words: 'client timeout', text: 'ClientTimeout' },
  { key: 'integrity', words: 'client integrity', text: 'ClientIntegrity' },
  { key: 'protocol', words: 'client protocol', text: 'ClientProtocol' },
  { key: 'io', words: 'client io', text: 'ClientIO' },
  { key: 'noMemory', words: 'client no memory', text: 'ClientNoMemory' },
];

const utf8Length = (s: string) => Buffer.byteLength(s, 'utf8');

/** The characters a `^[...]+$` / `^[...]*$` pattern allows, spelled out, so C can test them with strchr. */
export function charClassChars(pattern: string): string {
  const match = /^\^\[(.*)\][+*]\$$/.exec(pattern);
  if (!match) throw new Error(`C emitter: pattern ${JSON.stringify(pattern)} is not a single character class`);
  const body = match[1]!;
  const chars = new Set<string>();
  const tokens: string[] = [];
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\' && i + 1 < body.length) tokens.push(body[++i]!);
    else tokens.push(body[i] === '-' ? '\u0000-' : body[i]!);
  }
  for (let i = 0; i < tokens.length; i++) {
    const from = tokens[i]!;
    if (tokens[i + 1] === '\u0000-' && i + 2 < tokens.length) {
      const to = tokens[i + 2]!;
      for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c++) chars.add(String.fromCharCode(c));
      i += 2;
    } else {
      chars.add(from === '\u0000-' ? '-' : from);
    }
  }
  return [...chars].sort().join('');
}

function errorByCode(ir: IrModel, code: string): IrError {
  const error = ir.errors.find((e) => e.code === code);
  if (!error) throw new Error(`C emitter: unknown error code ${code}`);
  return error;
}

/**
 * `staticRuntime`: the names of the static runtime files (runtime/c) the emitter copies into src/, which the
 * build files list; callers that only print the samples pass none.
 */
export function buildViewModel(ir: IrModel, staticRuntime: string[] = []): CViewModel {
  const p = ir.service.packages.c;
  const P = toScreamingSnake(splitWords(p));
  const constant = (words: string) => `${P}_${toScreamingSnake(words.split(' '))}`;
  const clientErrors = Object.fromEntries(CLIENT_ERRORS.map((e) => [e.key, constant(e.words)])) as Record<ClientErrorKey, string>;

  const enumsByMember = new Map<string, CEnum>();
  const enumFor = (member: IrMember): CEnum | undefined => {
    if (!member.enum) return undefined;
    const existing = enumsByMember.get(member.id);
    if (existing) return existing;
    const typeBase = `${p}_${member.names.c}`;
    const values = member.enum.map((v) => ({ cName: v.c, value: v.value }));
    const created: CEnum = {
      tag: typeBase,
      typeName: `${typeBase}_t`,
      unsetName: `${P}_${toScreamingSnake(member.names.words)}_UNSET`,
      lastName: values[values.length - 1]!.cName,
      validFn: `${p}__${member.names.c}_valid`,
      stringFn: `${p}__${member.names.c}_string`,
      doc: member.doc.en,
      values,
    };
    enumsByMember.set(member.id, created);
    return created;
  };

  const memberOf = (op: IrOperation, id: string, side: 'input' | 'output') => {
    const member = op[side].find((m) => m.id === id);
    if (!member) throw new Error(`C emitter: ${op.name} has no ${side} member ${id}`);
    return member;
  };

  const requestDecls = (m: IrMember): CDecl[] => {
    const name = m.names.c;
    const e = enumFor(m);
    if (m.location === 'body') return [{ type: `${p}_body_t `, name }];
    if (m.type === 'map') return [{ type: `const ${p}_pair_t *`, name }, { type: 'size_t ', name: `${name}_count` }];
    if (e) return [{ type: `${e.typeName} `, name }];
    if (m.type === 'int64') return [{ type: 'int64_t ', name }];
    if (m.type === 'uint64') return [{ type: 'uint64_t ', name }];
    if (m.type === 'boolean') return [{ type: `${p}_bool_t `, name }];
    return [{ type: 'const char *', name }];
  };

  const resultDecls = (m: IrMember): CDecl[] => {
    const name = m.names.c;
    if (m.location === 'body') return [{ type: 'unsigned char *', name }, { type: 'size_t ', name: `${name}_size` }];
    if (m.type === 'map') return [{ type: `${p}_metadata_entry_t *`, name }, { type: 'size_t ', name: `${name}_count` }];
    if (m.type === 'int64') return [{ type: 'int ', name: `has_${name}` }, { type: 'int64_t ', name }];
    if (m.type === 'uint64') return [{ type: 'int ', name: `has_${name}` }, { type: 'uint64_t ', name }];
    return [{ type: 'char *', name }];
  };

  const operations: COperation[] = ir.operations.map((op) => {
    const bucket = op.input.find((m) => m.location === 'host');
    const key = op.input.find((m) => m.location === 'path');
    if (!bucket || !key) throw new Error(`C emitter: ${op.name} needs a host (bucket) and a path (key) member`);
    const positionId = op.append?.position;
    const position = positionId ? memberOf(op, positionId, 'input') : undefined;
    const crc = op.append ? memberOf(op, op.append.crc, 'output') : undefined;
    const base = op.names.c;
    const requestFields: CField[] = op.input.map((m) => ({ doc: m.doc.en, required: m.required, decls: requestDecls(m) }));
    if (op.append && crc) {
      requestFields.push({
        doc: `Set has_init_crc to check the returned ${crc.names.c}: init_crc is the object's CRC-64 before this append.`,
        required: false,
        decls: [
          { type: 'int ', name: 'has_init_crc' },
          { type: 'uint64_t ', name: 'init_crc' },
        ],
      });
    }
    const inputs: CInput[] = op.input
      .filter((m) => m !== bucket && m !== key)
      .map((m) => {
        const e = enumFor(m);
        const isMap = m.type === 'map';
        const isBody = m.location === 'body';
        return {
          name: m.names.c,
          header: m.header ?? '',
          queryName: m.queryName ?? '',
          prefix: m.prefix ?? '',
          minimum: m.minimum ?? 0,
          sizeBase: position ? `request->${position.names.c}` : '0',
          unsetName: e?.unsetName ?? '',
          validFn: e?.validFn ?? '',
          stringFn: e?.stringFn ?? '',
          setTest: isMap ? `request->${m.names.c}_count > 0` : e ? `request->${m.names.c} != ${e.unsetName}` : m.type === 'boolean' ? `request->${m.names.c} != ${P}_BOOL_UNSET` : `request->${m.names.c} != NULL`,
          isQueryInt: m.location === 'query' && m.type === 'int64',
          isString: m.location === 'header' && !e && m.type === 'string',
          isEnum: m.location === 'header' && !!e,
          isBool: m.location === 'header' && m.type === 'boolean',
          isMap,
          isBody,
          isTagging: m.format === 'tagging',
          rejectLater: !!position && m.firstAppendOnly === 'reject',
        };
      });
    const outputs: COutput[] = op.output.map((m) => ({
      name: m.names.c,
      header: m.headerLower ?? '',
      prefix: m.prefix ?? '',
      required: m.required && (m.type === 'int64' || m.type === 'uint64'),
      isInt: m.location === 'header' && m.type === 'int64',
      isUnsigned: m.location === 'header' && m.type === 'uint64',
      isString: m.location === 'header' && (m.type === 'string' || m.type === 'boolean'),
      isMap: m.type === 'map',
      isBody: m.location === 'body',
    }));
    return {
      name: op.name,
      summary: op.summary.en,
      doc: op.doc.en,
      fn: op.names.c,
      exchangeFn: op.append ? `${p}__${op.names.c.slice(p.length + 1)}_once` : op.names.c,
      freeFn: `${base}_result_free`,
      buildFn: `${p}__build_${op.names.c.slice(p.length + 1)}`,
      parseFn: `${p}__parse_${op.names.c.slice(p.length + 1)}`,
      requestType: op.names.input.c,
      requestTag: op.names.input.c.replace(/_t$/, ''),
      resultType: op.names.output.c,
      resultTag: op.names.output.c.replace(/_t$/, ''),
      method: op.http.method,
      isHead: op.http.method === 'HEAD' ? 1 : 0,
      // Appends are never retried blindly: their outcome must be read back (the appender does).
      idempotent: op.append || op.http.method === 'POST' ? 0 : 1,
      isAppend: !!op.append,
      crcField: crc?.names.c ?? '',
      nextPositionField: op.append ? memberOf(op, op.append.nextPosition, 'output').names.c : '',
      bucketField: bucket.names.c,
      keyField: key.names.c,
      positionField: position?.names.c ?? '',
      flags: op.http.flags,
      requestFields,
      resultFields: op.output.map((m) => ({ doc: m.doc.en, required: m.required, decls: resultDecls(m) })),
      inputs,
      outputs,
    };
  });

  // The union of every modeled error's fields, once per name, for the one error struct.
  const fieldMap = new Map<string, IrErrorField>();
  for (const e of ir.errors) for (const f of e.fields) if (!fieldMap.has(f.names.c)) fieldMap.set(f.names.c, f);
  const errorFields = [...fieldMap.values()].map((f) => {
    const name = f.names.c;
    const isInt = f.type === 'int64' || f.type === 'uint64' || f.type === 'boolean';
    const ctype = f.type === 'uint64' ? 'uint64_t ' : f.type === 'boolean' ? 'int ' : 'int64_t ';
    return {
      doc: f.doc.en,
      name,
      owned: !isInt,
      decls: isInt ? [{ type: 'int ', name: `has_${name}` }, { type: ctype, name }] : [{ type: 'char *', name }],
    };
  });

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
    getFreeFn: getVm.freeFn,
    getRequestType: getVm.requestType,
    getResultType: getVm.resultType,
    getBucketField: getVm.bucketField,
    getKeyField: getVm.keyField,
    getRangeField: rangeMember.names.c,
    getBodyField: getOp.outputBody.names.c,
    requestType: appendVm.requestType,
    resultType: appendVm.resultType,
    appendFn: appendVm.fn,
    appendOnceFn: appendVm.exchangeFn,
    resultNextPositionField: appendVm.nextPositionField,
    resultCrcField: appendVm.crcField,
    appendFreeFn: appendVm.freeFn,
    headFn: headVm.fn,
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

  /*
   * The service's error for a bad argument, which metadata, tagging and first-append-only headers also get:
   * the model names it only as the object-size limit's error (limits.objectSize.error).
   */
  const invalidArgument = errorByCode(ir, ir.limits.objectSize.error);
  const crc64 = crc64For(ir.protocol.crc64);

  // A body-less error is named by its status only when the protocol says so (the model's choices, and every
  // status exactly one modeled error has). A status shared by several codes (409, 400) is the unmodeled error,
  // code "": never a guessed code such as FileAlreadyExists.
  const statusErrors = ir.protocol.statusCodes.map((s) => ({ status: s.status, enumName: s.error.names.c }));
  const body = ir.protocol.errorBody;
  const { requestId, hostId, ec } = body.elements;
  if (!requestId || !hostId || !ec || !body.bodylessHeaderLower || !ir.protocol.headers.errorCode) {
    throw new Error('C emitter: protocol.errorBody needs requestId, hostId and ec elements, a bodylessHeader and headers.errorCode');
  }
  const withStatus = (status: number) => ir.errors.filter((e) => e.status === status);
  const sharedStatus = protocol.positionError.error.status;
  const appendErrors = [protocol.positionError.error, protocol.notAppendable];
  const unguessed = withStatus(sharedStatus).find((e) => !appendErrors.includes(e));
  if (ir.protocol.statusCodes.some((s) => s.status === sharedStatus) || !unguessed) {
    throw new Error('C emitter: the position error must share its status with other errors and no code be chosen for it');
  }
  const rootTag = `<${body.root}>`;
  const errorBody: CViewModel['errorBody'] = {
    rootTag,
    code: body.elements.code,
    message: body.elements.message,
    requestId,
    hostId,
    ec,
    bodylessHeader: body.bodylessHeaderLower,
    requestIdHeader: ir.protocol.headers.requestId,
    errorCodeHeader: ir.protocol.headers.errorCode,
    chosenStatuses: ir.protocol.statusCodes
      .filter((s) => withStatus(s.status).length > 1)
      .map((s) => ({ status: s.status, code: s.error.code }))
      .sort((a, b) => b.status - a.status),
    sharedStatus,
    unguessedCode: unguessed.code,
  };
  const messageOpen = `${rootTag}<${body.elements.message}>`;
  const messageClose = `</${body.elements.message}>`;
  const codeNoise = `<${body.elements.code}<${body.elements.code}>`;
  const errorDocs: CViewModel['tests']['errorDocs'] = {
    messageOpen,
    messageOpenLength: messageOpen.length,
    messageClose,
    messageCloseLength: messageClose.length,
    codeNoise,
    codeNoiseLength: codeNoise.length,
    badReferences: `${rootTag}<${body.elements.code}>${protocol.positionError.error.code}</${body.elements.code}>${messageOpen.slice(rootTag.length)}&#x110000;&#0;&bogus;&#xD800;&#x41;&#128512;&amp${messageClose}</${body.root}>`,
    notDocumentLabel: `${sharedStatus} whose body is not an ${rootTag} document`,
    notFoundStatus: protocol.notFound.status,
  };

  const authEnum = (id: string) => `${P}_AUTH_${toScreamingSnake(splitWords(id))}`;
  const schemes = [...ir.auth.schemes].sort((a, b) => (a.id === ir.auth.default ? -1 : b.id === ir.auth.default ? 1 : a.id < b.id ? -1 : 1));
  const v4 = ir.auth.schemes.find((s) => s.id === 'v4');
  const v1 = ir.auth.schemes.find((s) => s.id === 'v1');
  if (!v4 || !v1) throw new Error('C emitter: the model must define the v4 and v1 auth schemes');

  const [beforeRegion, afterRegion] = splitTemplate(ir.endpoint.template);
  const example = ir.examples.find((e) => e.operation === appendOp.name) ?? ir.examples[0];
  const exampleValue = (id: string): unknown => example?.input.find((v) => v.member.id === id)?.value;
  const exampleMeta = Object.entries((exampleValue('metadata') as Record<string, string> | undefined) ?? {})[0] ?? ['source', 'ossgen'];
  const sampleBody = String(exampleValue(protocol.body.id) ?? 'hello\n');

  const opByName = new Map(operations.map((o) => [o.name, o]));
  const irOpByName = new Map(ir.operations.map((o) => [o.name, o]));
  const callFor = (label: string, opName: string, input: IrValue[], expect: IrExpectation): CCall => {
    const vm = opByName.get(opName);
    const irOp = irOpByName.get(opName);
    if (!vm || !irOp) throw new Error(`C emitter: test calls unknown operation ${opName}`);
    return {
      label,
      fn: vm.fn,
      buildFn: vm.buildFn,
      parseFn: vm.parseFn,
      requestType: vm.requestType,
      resultType: vm.resultType,
      freeFn: vm.freeFn,
      assignments: input.map((v) => assignmentFor(v, enumFor(v.member), P)),
      isError: expect.kind === 'error',
      errorEnum: expect.kind === 'error' ? errorByCode(ir, expect.error.code).names.c : '',
      errorStatus: expect.kind === 'error' ? expect.error.status : 0,
      checks: expect.kind === 'error' ? errorChecks(expect) : outputChecks(expect.output),
      isAppend: vm.isAppend,
      positionField: vm.positionField,
      crcField: vm.crcField,
    };
  };

  return {
    p,
    P,
    guard: `${P}_H`,
    internalGuard: `${P}_INTERNAL_H`,
    title: ir.service.title.en,
    summary: ir.service.summary.en,
    version: ir.service.version,
    license: ir.service.license,
    clientType: ir.service.clientNames.c,
    accessKeyIdEnv: ir.service.credentials.accessKeyIdEnv,
    accessKeySecretEnv: ir.service.credentials.accessKeySecretEnv,
    securityTokenEnv: ir.service.credentials.securityTokenEnv,
    securityTokenHeader: ir.service.credentials.securityTokenHeader,
    defaultRegion: ir.service.defaults.region,
    defaultTimeoutMs: ir.service.defaults.timeoutMs,
    retryBaseDelayMs: ir.retry.baseDelayMs,
    maxAttempts: ir.retry.maxAttempts,
    endpointTemplate: ir.endpoint.template,
    endpoint: {
      beforeRegion,
      afterRegion,
      pathStyleForIp: ir.endpoint.addressing.pathStyleFor.includes('ip') ? 1 : 0,
      pathStyleForLocalhost: ir.endpoint.addressing.pathStyleFor.includes('localhost') ? 1 : 0,
    },
    errors: ir.errors.map((e) => ({
      code: e.code,
      enumName: e.names.c,
      status: e.status,
      retryable: e.retryable,
      retryableFlag: e.retryable ? 1 : 0,
      doc: e.doc.en,
    })),
    clientErrors,
    clientErrorList: CLIENT_ERRORS.map((e) => ({ enumName: clientErrors[e.key], text: e.text })),
    statusErrors,
    crc64Check: ir.protocol.crc64.check,
    signing: { signedHeaderPrefix: ir.protocol.signing.signedHeaderPrefix.toLowerCase(), signedHeaders: ir.protocol.signing.signedHeaders },
    errorBody,
    errorFields,
    errorsWithFields: ir.errors
      .filter((e) => e.fields.length > 0)
      .map((e) => ({
        enumName: e.names.c,
        fields: e.fields.map((f) => ({
          name: f.names.c,
          header: f.headerLower ?? '',
          xml: f.xml ?? '',
          isHeaderInt: !!f.header && f.type !== 'string',
          isUnsigned: f.type === 'uint64',
          isHeaderString: !!f.header && f.type === 'string',
          isXmlString: !f.header && !!f.xml,
        })),
      })),
    enums: [...new Set(ir.operations.flatMap((o) => o.input).map((m) => enumFor(m)))]
      .filter((e): e is CEnum => !!e)
      .sort((a, b) => (a.typeName < b.typeName ? -1 : 1)),
    authSchemes: schemes.map((s, i) => ({ enumName: authEnum(s.id), algorithm: s.algorithm, value: i })),
    defaultAuth: authEnum(ir.auth.default),
    v4: {
      algorithm: v4.algorithm,
      product: v4.product ?? 'oss',
      dateHeader: v4.dateHeader,
      payloadHashHeader: v4.payloadHashHeader ?? `${ir.protocol.signing.signedHeaderPrefix}content-sha256`,
      payloadHash: v4.payloadHash ?? 'UNSIGNED-PAYLOAD',
      secretPrefix: 'aliyun_v4',
      scopeTerminator: 'aliyun_v4_request',
      enumName: authEnum('v4'),
    },
    v1: { algorithm: v1.algorithm, dateHeader: v1.dateHeader, enumName: authEnum('v1') },
    signedSubresources: ir.auth.signedSubresources,
    retry: {
      maxAttempts: ir.retry.maxAttempts,
      baseDelayMs: ir.retry.baseDelayMs,
      maxDelayMs: ir.retry.maxDelayMs,
      statuses: ir.retry.retryableStatuses,
      honorRetryAfter: ir.retry.honorRetryAfter ? 1 : 0,
    },
    limits: {
      keyMinBytes: ir.limits.objectKey.minBytes,
      keyMaxBytes: ir.limits.objectKey.maxBytes,
      keyForbiddenPrefixes: ir.limits.objectKey.forbiddenPrefixes,
      keyError: errorByCode(ir, ir.limits.objectKey.error).names.c,
      objectMaxBytes: ir.limits.objectSize.maxBytes,
      objectSizeError: errorByCode(ir, ir.limits.objectSize.error).names.c,
      metadataMaxTotalBytes: ir.limits.userMetadata.maxTotalBytes,
      metadataNamePattern: ir.limits.userMetadata.namePattern,
      metadataNameChars: charClassChars(ir.limits.userMetadata.namePattern),
      metadataError: invalidArgument.names.c,
      taggingMaxTags: ir.limits.tagging.maxTags,
      taggingMaxKeyLength: ir.limits.tagging.maxKeyLength,
      taggingMaxValueLength: ir.limits.tagging.maxValueLength,
      taggingChars: charClassChars(ir.limits.tagging.charPattern),
      taggingError: invalidArgument.names.c,
      laterAppendError: invalidArgument.names.c,
    },
    operations,
    appender,
    tests: {
      accessKeyId: ir.tests.credentials.accessKeyId,
      accessKeySecret: ir.tests.credentials.accessKeySecret,
      requests: ir.tests.requests.map((v) => ({
        id: v.id,
        auth: authEnum(v.auth),
        region: v.region,
        endpoint: v.endpoint,
        epochSeconds: v.epochSeconds,
        call: callFor(v.id, v.operation, v.input, { kind: 'output', output: [] }),
        method: v.expect.method,
        host: v.expect.host,
        path: v.expect.path,
        query: v.expect.query,
        headers: v.expect.headers,
      })),
      responses: ir.tests.responses.map((v) => ({
        id: v.id,
        status: v.status,
        headers: v.headers,
        body: v.body,
        bodyLength: utf8Length(v.body),
        call: callFor(v.id, v.operation, [], v.expect),
      })),
      scenarios: ir.tests.scenarios.map((s) => ({
        id: s.id,
        bucket: s.bucket,
        key: s.key,
        accessKeyId: s.credentials.accessKeyId,
        accessKeySecret: s.credentials.accessKeySecret,
        steps: s.steps.map((step) => callFor(`${s.id} step ${step.index + 1} (${step.call})`, step.call, step.input, step.expect)),
      })),
      errorDocs,
      constraints: constraintVectors(ir, protocol, invalidArgument, enumFor, P, clientErrors, appendVm),
      crcVectors: ir.tests.scenarios
        .map((s) => {
          const chunks = s.steps
            .filter((step) => step.call === appendOp.name && step.expect.kind === 'output')
            .map((step) => String(step.input.find((v) => v.member.id === protocol.body.id)?.value ?? ''));
          return {
            id: s.id,
            chunks: chunks.map((c) => ({ string: c, length: utf8Length(c) })),
            expected: crc64(Buffer.from(chunks.join(''), 'utf8')).toString(),
          };
        })
        .filter((v) => v.chunks.length > 0),
    },
    samples: {
      bucket: String(exampleValue('bucket') ?? 'examplebucket'),
      key: String(exampleValue('key') ?? 'logs/app.log'),
      body: sampleBody,
      bodyLength: utf8Length(sampleBody),
      contentType: String(exampleValue('contentType') ?? 'text/plain'),
      metadataName: exampleMeta[0],
      metadataValue: String(exampleMeta[1]),
      contentTypeField: memberOf(appendOp, 'contentType', 'input').names.c,
      metadataField: memberOf(appendOp, 'metadata', 'input').names.c,
      getFn: getVm.fn,
      getRequestType: getVm.requestType,
      getResultType: getVm.resultType,
      getFreeFn: getVm.freeFn,
      getBodyField: getOp.outputBody.names.c,
    },
    sampleBinaries: ['append_from_memory', 'append_from_file', 'resume'],
    staticRuntime: {
      objects: staticRuntime.filter((n) => n.endsWith('.c')).map((n) => n.slice(0, -2)),
      sources: staticRuntime.filter((n) => n.endsWith('.c')).map((n) => `src/${n}`),
      headers: ['src/rt_config.h', ...staticRuntime.filter((n) => n.endsWith('.h')).map((n) => `src/${n}`)],
    },
    files: {
      header: `include/${p}.h`,
      internalHeader: `src/${p}_internal.h`,
      operations: `src/${p}.c`,
      runtime: `src/${p}_runtime.c`,
      runtimeConfig: 'src/rt_config.h',
      test: `tests/${p}_test.c`,
      pc: `${p}.pc`,
      library: `lib${p}.a`,
    },
  };
}

const MASK64 = (1n << 64n) - 1n;

function reverse64(value: bigint): bigint {
  let out = 0n;
  for (let i = 0n; i < 64n; i++) if ((value >> i) & 1n) out |= 1n << (63n - i);
  return out;
}

/**
 * The model's CRC-64 (ir.protocol.crc64), bit by bit: slow and obviously right, to check the C library
 * against. The returned function continues from a previous CRC like the service does (0 starts afresh).
 */
export function crc64For(params: IrProtocol['crc64']): (data: Uint8Array, crc?: bigint) => bigint {
  const poly = BigInt(params.polynomial);
  const init = BigInt(params.init);
  const xorOut = BigInt(params.xorOut);
  const reflectedPoly = reverse64(poly);
  return (data, crc) => {
    let c = crc === undefined ? init : (crc ^ xorOut) & MASK64;
    for (const byte of data) {
      if (params.reflected) {
        c ^= BigInt(byte);
        for (let i = 0; i < 8; i++) c = c & 1n ? (c >> 1n) ^ reflectedPoly : c >> 1n;
      } else {
        c ^= BigInt(byte) << 56n;
        for (let i = 0; i < 8; i++) c = c & (1n << 63n) ? ((c << 1n) ^ poly) & MASK64 : (c << 1n) & MASK64;
      }
    }
    return (c ^ xorOut) & MASK64;
  };
}

function splitTemplate(template: string): [string, string] {
  const at = template.indexOf('{region}');
  if (at < 0) return [template, ''];
  return [template.slice(0, at), template.slice(at + '{region}'.length)];
}

const noAssignment = { literal: '', string: '', length: 0, pairs: [], isLiteral: false, isString: false, isBody: false, isMap: false };

function assignmentFor(v: IrValue, e: CEnum | undefined, P: string): CAssignment {
  const field = v.member.names.c;
  const m = v.member;
  if (m.location === 'body') {
    const text = String(v.value);
    return { ...noAssignment, field, string: text, length: utf8Length(text), isBody: true };
  }
  if (m.type === 'map') {
    const pairs = Object.entries(v.value as Record<string, unknown>).map(([name, value]) => ({ name, value: String(value) }));
    return { ...noAssignment, field, pairs, length: pairs.length, isMap: true };
  }
  if (e) {
    const value = e.values.find((x) => x.value === v.value);
    if (!value) throw new Error(`C emitter: ${String(v.value)} is not a value of ${m.id}`);
    return { ...noAssignment, field, literal: value.cName, isLiteral: true };
  }
  if (m.type === 'int64') return { ...noAssignment, field, literal: `INT64_C(${Number(v.value)})`, isLiteral: true };
  if (m.type === 'uint64') return { ...noAssignment, field, literal: `UINT64_C(${BigInt(String(v.value))})`, isLiteral: true };
  if (m.type === 'boolean') return { ...noAssignment, field, literal: v.value ? `${P}_BOOL_TRUE` : `${P}_BOOL_FALSE`, isLiteral: true };
  return { ...noAssignment, field, string: String(v.value), isString: true };
}

/**
 * One request per limit of the model that breaks only that limit, built from a valid first append
 * (bucket, key, position 0, a small body); each expects the limit's error code.
 */
function constraintVectors(
  ir: IrModel,
  protocol: IrAppendProtocol,
  invalidArgument: IrError,
  enumFor: (m: IrMember) => CEnum | undefined,
  P: string,
  clientErrors: Record<ClientErrorKey, string>,
  vm: COperation,
): CViewModel['tests']['constraints'] {
  const invalidInput = clientErrors.invalidInput;
  const op = protocol.operation;
  const member = (pick: (m: IrMember) => boolean) => op.input.find(pick);
  const { bucket, key, position, body } = protocol;
  const value = (m: IrMember, v: unknown): IrValue => ({ member: m, value: v });
  const base = (keyValue: string, positionValue = 0): IrValue[] => [
    value(bucket, 'examplebucket'),
    value(key, keyValue),
    value(position, positionValue),
    value(body, 'x'),
  ];
  const code = (c: string) => errorByCode(ir, c).names.c;
  const limits = ir.limits;
  const out: { id: string; values: IrValue[]; extra?: CAssignment; errorEnum: string }[] = [
    { id: 'empty key', values: base(''), errorEnum: code(limits.objectKey.error) },
    { id: 'key too long', values: base('k'.repeat(limits.objectKey.maxBytes + 1)), errorEnum: code(limits.objectKey.error) },
    // The control: a key at the limit passes the checks, so the call goes on to the (unreachable) network.
    { id: 'key at the longest', values: base('k'.repeat(limits.objectKey.maxBytes)), errorEnum: clientErrors.transport },
    ...limits.objectKey.forbiddenPrefixes.map((prefix) => ({
      id: `key starting with ${prefix}`,
      values: base(`${prefix}logs/app.log`),
      errorEnum: code(limits.objectKey.error),
    })),
  ];
  {
    out.push({ id: 'object over the size limit', values: base('big.log', limits.objectSize.maxBytes), errorEnum: code(limits.objectSize.error) });
    out.push({ id: 'negative position', values: base('neg.log', -1), errorEnum: invalidInput });
  }
  const metadata = member((m) => m.type === 'map');
  const allowed = charClassChars(limits.userMetadata.namePattern);
  const forbidden = ['_', '.', ' ', '!'].find((c) => !allowed.includes(c));
  if (metadata) {
    if (forbidden) {
      out.push({ id: 'metadata name with a forbidden character', values: [...base('meta.log'), value(metadata, { [`bad${forbidden}name`]: 'v' })], errorEnum: invalidArgument.names.c });
    }
    out.push({
      id: 'metadata over the total size',
      values: [...base('meta.log'), value(metadata, { big: 'v'.repeat(limits.userMetadata.maxTotalBytes) })],
      errorEnum: invalidArgument.names.c,
    });
  }
  const tagging = member((m) => m.format === 'tagging');
  if (tagging) {
    const tags = Array.from({ length: limits.tagging.maxTags + 1 }, (_, i) => `k${i}=v`).join('&');
    out.push({ id: 'too many tags', values: [...base('tags.log'), value(tagging, tags)], errorEnum: invalidArgument.names.c });
    out.push({ id: 'tag key too long', values: [...base('tags.log'), value(tagging, `${'k'.repeat(limits.tagging.maxKeyLength + 1)}=v`)], errorEnum: invalidArgument.names.c });
  }
  // Headers the service accepts only when the object is created are refused on a later append.
  for (const m of op.input.filter((i) => i.firstAppendOnly === 'reject')) {
    const sample = m.type === 'map' ? { source: 'sensor-7' } : m.format === 'tagging' ? 'a=b' : m.enum ? m.enum[0]!.value : 'x';
    out.push({ id: `${m.id} on a later append`, values: [...base('later.log', 1), value(m, sample)], errorEnum: invalidArgument.names.c });
  }
  const stringHeader = op.input.find((m) => m.location === 'header' && m.type === 'string' && !m.enum && !m.format);
  if (stringHeader) {
    out.push({ id: `${stringHeader.id} with a line break`, values: [...base('inject.log'), value(stringHeader, `a\r\n${ir.protocol.signing.signedHeaderPrefix}injected: 1`)], errorEnum: invalidInput });
  }
  const enumMember = op.input.find((m) => m.enum && m.location === 'header');
  const e = enumMember ? enumFor(enumMember) : undefined;
  if (enumMember && e) {
    out.push({
      id: `unknown ${enumMember.id} value`,
      values: base('enum.log'),
      extra: { ...noAssignment, field: enumMember.names.c, literal: `(${e.typeName})${e.values.length + 7}`, isLiteral: true },
      errorEnum: invalidInput,
    });
  }
  return out.map((c) => ({
    id: c.id,
    fn: vm.fn,
    requestType: vm.requestType,
    resultType: vm.resultType,
    freeFn: vm.freeFn,
    assignments: [...c.values.map((v) => assignmentFor(v, enumFor(v.member), P)), ...(c.extra ? [c.extra] : [])],
    errorEnum: c.errorEnum,
  }));
}

const noCheck = { target: 'result', key: '', literal: '', string: '', length: 0, isI64: false, isU64: false, isString: false, isMetadata: false, isBody: false, isCount: false };

function valueChecks(what: string, member: { names: { c: string }; type: string; location?: string }, value: unknown): CCheck[] {
  const field = member.names.c;
  if (member.location === 'body') {
    const text = String(value);
    return [{ ...noCheck, what, field, string: text, length: utf8Length(text), isBody: true }];
  }
  if (member.type === 'map') {
    const entries = Object.entries(value as Record<string, unknown>);
    return [
      { ...noCheck, what, field, literal: String(entries.length), isCount: true },
      ...entries.map(([name, v]) => ({ ...noCheck, what, field, key: name, string: String(v), isMetadata: true })),
    ];
  }
  if (member.type === 'int64') return [{ ...noCheck, what, field, literal: `INT64_C(${Number(value)})`, isI64: true }];
  if (member.type === 'uint64') return [{ ...noCheck, what, field, literal: `UINT64_C(${BigInt(String(value))})`, isU64: true }];
  return [{ ...noCheck, what, field, string: String(value), isString: true }];
}

function outputChecks(output: IrValue[]): CCheck[] {
  return output.flatMap((v) => valueChecks(v.member.id, v.member, v.value));
}

function errorChecks(expect: Extract<IrExpectation, { kind: 'error' }>): CCheck[] {
  const e = expect.error;
  const checks: CCheck[] = [];
  const str = (what: string, field: string, value: string | undefined) => {
    if (value !== undefined) checks.push({ ...noCheck, what, field, string: value, isString: true });
  };
  str('requestId', 'request_id', e.requestId);
  str('hostId', 'host_id', e.hostId);
  str('ec', 'ec', e.ec);
  for (const f of e.fields) checks.push(...valueChecks(f.field.id, f.field, f.value));
  return checks.map((c) => ({ ...c, target: 'error' }));
}
