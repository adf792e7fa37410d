/**
 * The Python view model: every name, import, literal and order the templates print is decided
 * here from the IR. Templates under templates/python/ only print these fields.
 */
import type { IrAppendProtocol, IrError, IrExpectation, IrMember, IrModel, IrOperation, IrValue } from '../../ir/types.js';
import { pyBytes, pyHex64, pyString } from './helpers.js';

/** A Python literal for a value bound to a member (IR value conventions: uint64 as a decimal string). */
export function pyLiteral(member: Pick<IrMember, 'type'>, value: unknown, blobAs: 'bytes' | 'str' = 'bytes'): string {
  switch (member.type) {
    case 'int64':
    case 'uint64':
      return String(value);
    case 'boolean':
      return value ? 'True' : 'False';
    case 'map': {
      const entries = Object.entries(value as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${pyString(k)}: ${pyString(v)}`).join(', ')}}`;
    }
    case 'blob':
      return blobAs === 'bytes' ? pyBytes(String(value)) : pyString(String(value));
    default:
      return pyString(String(value));
  }
}

/** Orders imported names as isort/ruff do by default: CONSTANTS, then Classes, then other names. */
export function sortImports(names: string[]): string[] {
  const rank = (n: string) => (/^[A-Z0-9_]+$/.test(n) && n.length > 1 ? 0 : /^[A-Z]/.test(n) ? 1 : 2);
  return [...new Set(names)].sort((a, b) => rank(a) - rank(b) || (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : a < b ? -1 : a > b ? 1 : 0));
}

/** Orders `__all__` as ruff's RUF022 does: CONSTANTS, then Classes, then other names, case-sensitively. */
export function sortAll(names: string[]): string[] {
  const rank = (n: string) => (/^[A-Z0-9_]+$/.test(n) && n.length > 1 ? 0 : /^[A-Z]/.test(n) ? 1 : 2);
  return [...new Set(names)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

export function pyTuple(items: string[]): string {
  if (items.length === 0) return '()';
  if (items.length === 1) return `(${pyString(items[0]!)},)`;
  return `(${items.map(pyString).join(', ')})`;
}

function scalarType(type: IrMember['type']): string {
  switch (type) {
    case 'int64':
    case 'uint64':
      return 'int';
    case 'boolean':
      return 'bool';
    case 'map':
      return 'dict[str, str]';
    default:
      return 'str';
  }
}

/** The annotation of a request field (enums become Literal types; bodies accept BodyLike). */
function inputAnnotation(m: IrMember): string {
  const base = m.type === 'blob' ? 'BodyLike' : m.enum ? `Literal[${m.enum.map((e) => pyString(e.value)).join(', ')}]` : scalarType(m.type);
  return m.required ? base : `${base} | None`;
}

function outputAnnotation(m: IrMember): string {
  if (m.type === 'blob') return 'bytes';
  if (m.type === 'map') return 'dict[str, str]';
  return m.required ? scalarType(m.type) : `${scalarType(m.type)} | None`;
}

/** Required members first (dataclass fields without defaults must come first), else authored order. */
function requiredFirst<T extends { required: boolean }>(members: T[]): T[] {
  return [...members.filter((m) => m.required), ...members.filter((m) => !m.required)];
}

function specArgs(m: IrMember): string {
  const wire = m.header ?? m.prefix ?? m.queryName;
  const args = [
    `attr=${pyString(m.names.py)}`,
    `model=${pyString(m.id)}`,
    `location=${pyString(m.location)}`,
    `wire=${wire !== undefined ? pyString(wire) : 'None'}`,
    `type=${pyString(m.type)}`,
  ];
  if (m.format) args.push(`format=${pyString(m.format)}`);
  if (m.enum) args.push(`enum=${pyTuple(m.enum.map((e) => e.value))}`);
  if (m.required) args.push('required=True');
  if (m.minimum !== undefined) args.push(`minimum=${m.minimum}`);
  if (m.firstAppendOnly) args.push(`first_append_only=${pyString(m.firstAppendOnly)}`);
  return args.join(', ');
}

/** A value a required response header can carry in a synthetic 200 answer (request-vector tests). */
function placeholderHeaderValue(m: IrMember): string {
  if (m.type === 'int64' || m.type === 'uint64') return '0';
  if (m.type === 'boolean') return 'false';
  return m.enum?.[0]?.value ?? 'x';
}

function placeholderInput(m: IrMember): unknown {
  if (m.example !== undefined) return m.example;
  if (m.type === 'int64' || m.type === 'uint64') return m.minimum ?? 0;
  if (m.type === 'boolean') return false;
  if (m.type === 'map') return {};
  return m.type === 'blob' ? '' : 'x';
}

export interface PythonView {
  [key: string]: unknown;
}

export function buildView(ir: IrModel): PythonView {
  const pkg = ir.service.packages.python;
  const clientClass = ir.service.clientNames.py;
  const errorByCode = new Map(ir.errors.map((e) => [e.code, e]));
  const protocol = ir.protocol;
  const ap = protocol.append;
  const opByName = new Map(ir.operations.map((o) => [o.name, o]));

  const errors = ir.errors.map((e: IrError) => ({
    className: e.names.py,
    code: e.code,
    status: e.status,
    message: e.message,
    retryable: e.retryable ? 'True' : 'False',
    doc: e.doc.en,
    remedy: e.remedy.en,
    hasFields: e.fields.length > 0,
    fields: e.fields.map((f) => ({
      attr: f.names.py,
      pyType: scalarType(f.type),
      type: f.type,
      header: f.header ?? '',
      xml: f.xml ?? '',
      doc: f.doc.en,
    })),
  }));

  const operations = ir.operations.map((op: IrOperation) => {
    const inputs = requiredFirst(op.input).map((m) => ({
      attr: m.names.py,
      annotation: inputAnnotation(m),
      defaultValue: m.required ? '' : 'None',
      doc: m.doc.en,
    }));
    const outputs = requiredFirst(op.output).map((m) => ({
      attr: m.names.py,
      annotation: outputAnnotation(m),
      defaultValue: m.required && m.type !== 'map' ? '' : m.type === 'map' ? 'field(default_factory=dict)' : 'None',
      doc: m.doc.en,
    }));
    return {
      name: op.name,
      method: op.names.py,
      requestClass: op.names.input.py,
      resultClass: op.names.output.py,
      summary: op.summary.en,
      doc: op.doc.en,
      httpMethod: op.http.method,
      flagsTuple: pyTuple(op.http.flags),
      errorsTuple: pyTuple(op.errors),
      errorClasses: op.errors.map((c) => errorByCode.get(c)?.names.py ?? 'ServiceError'),
      isAppend: op.append !== undefined,
      hasSink: op.outputBody !== undefined,
      sinkBodyAttr: op.outputBody?.names.py ?? '',
      extraParams: op.append ? ', previous_crc: int | None = None' : op.outputBody ? ', sink: Writable | None = None' : '',
      invokeArgs: op.append ? ', previous_crc=previous_crc' : op.outputBody ? ', sink=sink' : '',
      append:
        ap && op === ap.operation ? { position: ap.position.names.py, nextPosition: ap.nextPosition.names.py, crc: ap.crc.names.py } : undefined,
      inputs,
      outputs,
      specInputs: op.input.map((m) => ({ specArgs: specArgs(m) })),
      specOutputs: op.output.map((m) => ({ specArgs: specArgs(m) })),
    };
  });

  const usesLiteral = ir.operations.some((op) => op.input.some((m) => m.enum));
  const usesField = ir.operations.some((op) => op.output.some((m) => m.type === 'map'));
  const modelImports = [
    `from dataclasses import dataclass${usesField ? ', field' : ''}`,
    ...(usesLiteral ? ['from typing import Literal'] : []),
    '',
    'from ._body import BodyLike',
  ];

  const appendOp = ap?.operation;
  const appender = ap ? buildAppenderView(ir, ap) : undefined;

  const exportNames = [
    ...(appender ? ['Appender', appender.optionsClass] : []),
    'BodyLike',
    'ConfigurationError',
    'Crc64',
    clientClass,
    'HttpRequest',
    'HttpResponse',
    'IntegrityError',
    'ProtocolError',
    'RequestValidationError',
    'SdkError',
    'ServiceError',
    'Transport',
    'TransportError',
    'TransportTimeoutError',
    'Writable',
    'crc64',
    ...errors.map((e) => e.className),
    ...operations.flatMap((o) => [o.requestClass, o.resultClass]),
  ];

  // Wire contract: the code a body-less error answer gets from its status (resolved in the IR).
  const codeByStatus = protocol.statusCodes.map((s) => ({ status: s.status, code: s.error.code }));

  // The samples start from the model's example of the append operation.
  const example = ir.examples.find((e) => e.operation === appendOp?.name) ?? ir.examples[0];
  const exampleValues = valuesById(example?.input ?? []);
  const sample = {
    region: ir.service.defaults.region,
    bucket: String((ap && exampleValues.get(ap.bucket.id)) ?? 'examplebucket'),
    key: String((ap && exampleValues.get(ap.key.id)) ?? 'example.log'),
    body: String((ap && exampleValues.get(ap.body.id)) ?? 'hello\n'),
    createOptions: (example?.input ?? [])
      .filter((v) => v.member.firstAppendOnly)
      .map((v) => `${v.member.names.py}=${pyLiteral(v.member, v.value)}`)
      .join(', '),
  };

  const errorNames = errors.map((e) => e.className);
  const modelNames = [...(appender ? [appender.optionsClass] : []), ...operations.flatMap((o) => [o.requestClass, o.resultClass])];
  const sampleBase = ['Appender', 'ConfigurationError', clientClass, 'RequestValidationError', 'SdkError', 'ServiceError'];
  const importsView = {
    initErrors: sortImports(['IntegrityError', 'ProtocolError', 'RequestValidationError', 'SdkError', 'ServiceError', 'TransportError', 'TransportTimeoutError', ...errorNames]),
    initModels: sortImports(modelNames),
    initTransport: sortImports(['HttpRequest', 'HttpResponse', 'Transport', 'Writable']),
    clientModels: sortImports(operations.flatMap((o) => [o.requestClass, o.resultClass])),
    clientErrors: sortImports([
      'ERROR_CLASSES',
      'ERROR_FIELDS',
      'ProtocolError',
      'SdkError',
      'ServiceError',
      'TransportError',
      ...(appender ? [appender.positionError] : []),
    ]),
    appenderErrors: appender
      ? sortImports([
          appender.notAppendableError,
          appender.missingError,
          'ProtocolError',
          'ServiceError',
          'TransportError',
        ])
      : [],
    appenderModels: appender
      ? sortImports([
          appender.optionsClass,
          appender.appendRequest,
          appender.appendResult,
          appender.headRequest,
        ])
      : [],
    sampleMemory: sortImports([...sampleBase, ...(appender ? [appender.optionsClass] : [])]),
    sampleOther: sortImports(sampleBase),
    conftest: sortImports([clientClass, 'HttpRequest', 'HttpResponse', ...(appender ? ['crc64'] : [])]),
  };

  return {
    importsView,
    package: pkg,
    distribution: pkg,
    version: ir.service.version,
    license: ir.service.license,
    title: ir.service.title.en,
    summary: ir.service.summary.en,
    description: ir.service.title.en,
    clientClass,
    clientDoc: `Client for ${ir.service.title.en}.`,
    credentials: ir.service.credentials,
    region: ir.service.defaults.region,
    defaults: { region: ir.service.defaults.region, timeoutSeconds: String(ir.service.defaults.timeoutMs / 1000) },
    endpointTemplate: ir.endpoint.template,
    pathStyleForIp: ir.endpoint.addressing.pathStyleFor.includes('ip') ? 'True' : 'False',
    pathStyleForLocalhost: ir.endpoint.addressing.pathStyleFor.includes('localhost') ? 'True' : 'False',
    defaultAuth: ir.auth.default,
    retry: {
      maxAttempts: ir.retry.maxAttempts,
      baseDelaySeconds: String(ir.retry.baseDelayMs / 1000),
      maxDelaySeconds: String(ir.retry.maxDelayMs / 1000),
      honorRetryAfterPy: ir.retry.honorRetryAfter ? 'True' : 'False',
    },
    retryableStatuses: `{${ir.retry.retryableStatuses.join(', ')}}`,
    crc: { header: ap?.crc.header ?? '', attr: ap?.crc.names.py ?? '' },
    positionErrorCode: ap?.positionError.error.code ?? '',
    missingErrorCode: ap?.notFound?.code ?? '',
    metadataPrefix: protocol.metadataPrefix ?? '',
    proto: protocolView(ir),
    codeByStatus,
    v4: schemeView(ir, 'v4'),
    v1: schemeView(ir, 'v1'),
    signedSubresources: ir.auth.signedSubresources,
    limits: ir.limits,
    keyForbiddenPrefixes: pyTuple(ir.limits.objectKey.forbiddenPrefixes),
    invalidArgumentCode: ir.limits.objectSize.error,
    invalidBucketCode: protocol.invalidBucket?.code ?? ir.limits.objectSize.error,
    errors,
    errorsAll: sortAll([
      ...errors.map((e) => e.className),
      'ERROR_CLASSES',
      'ERROR_FIELDS',
      'IntegrityError',
      'ProtocolError',
      'RequestValidationError',
      'SdkError',
      'ServiceError',
      'TransportError',
      'TransportTimeoutError',
    ]),
    modelsAll: sortAll(['BodyLike', ...modelNames]),
    errorsWithFields: errors.filter((e) => e.hasFields),
    operations,
    imports: modelImports,
    exports: sortAll(exportNames),
    appender,
    // The appender module and the samples print these names at the top level.
    ...(appender ?? {}),
    sample,
    tests: buildTestsView(ir),
    t: ap && appender ? buildClientTestsView(ir, ap, appender) : undefined,
  };
}

/** Names the hand-written client tests (test_client.py) need, all from the IR. */
function buildClientTestsView(ir: IrModel, ap: IrAppendProtocol, appender: ReturnType<typeof buildAppenderView>) {
  const appendOp = ap.operation;
  const { nextPosition, crc } = ap;
  const reject = appendOp.input.find((m) => m.firstAppendOnly === 'reject');
  const enumMember = appendOp.input.find((m) => m.enum && m.location === 'header');
  const getOp = ap.read;
  // The body-less 403 answer's code (the status fallback), if the model names one.
  const forbidden = ir.protocol.statusCodes.find((s) => s.status === 403)?.error;
  const deleteOp = ir.operations.find((o) => o.http.method === 'DELETE');
  const rejectValue = reject ? (reject.example ?? (reject.type === 'map' ? { name: 'value' } : 'x')) : undefined;
  return {
    appendRequest: appender.appendRequest,
    appendMethod: appender.appendMethod,
    headMethod: appender.headMethod,
    headRequest: appender.headRequest,
    positionAttr: appender.positionAttr,
    bodyAttr: appender.bodyAttr,
    crcAttr: crc.names.py,
    nextPositionAttr: nextPosition.names.py,
    nextPositionHeader: nextPosition.headerLower!,
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
    getBodyAttr: getOp?.outputBody?.names.py ?? '',
    deleteMethod: deleteOp?.names.py ?? '',
    deleteRequest: deleteOp?.names.input.py ?? '',
  };
}

/** What `_protocol.py` prints: the model's protocol facts the static runtime modules import. */
function protocolView(ir: IrModel) {
  const p = ir.protocol;
  const hex = (decimal: string) => pyHex64(BigInt(decimal));
  return {
    crc64: {
      polynomial: hex(p.crc64.polynomial),
      init: hex(p.crc64.init),
      xorOut: hex(p.crc64.xorOut),
      reflected: p.crc64.reflected ? 'True' : 'False',
      check: hex(p.crc64.check),
    },
    errorBody: {
      root: p.errorBody.root,
      code: p.errorBody.elements.code,
      message: p.errorBody.elements.message,
      requestId: p.errorBody.elements.requestId ?? '',
      hostId: p.errorBody.elements.hostId ?? '',
      ec: p.errorBody.elements.ec ?? '',
      bodylessHeader: p.errorBody.bodylessHeaderLower ?? '',
    },
    requestIdHeader: p.headers.requestId,
    errorCodeHeader: p.headers.errorCode ?? '',
    signedHeaderPrefix: p.signing.signedHeaderPrefix,
    signedHeaders: p.signing.signedHeaders,
  };
}

function schemeView(ir: IrModel, id: 'v4' | 'v1') {
  const s = ir.auth.schemes.find((x) => x.id === id);
  if (!s) throw new Error(`the Python emitter needs the ${id} auth scheme`);
  return { algorithm: s.algorithm, product: s.product ?? '', dateHeader: s.dateHeader, payloadHashHeader: s.payloadHashHeader ?? '', payloadHash: s.payloadHash ?? '' };
}

function buildAppenderView(ir: IrModel, ap: IrAppendProtocol) {
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
    readBack: getOp && rangeMember ? { method: getOp.names.py, request: getOp.names.input.py, rangeAttr: rangeMember.names.py } : undefined,
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

/** Bound values by member id. */
function valuesById(values: IrValue[]): Map<string, unknown> {
  return new Map(values.map((v) => [v.member.id, v.value]));
}

/** The Python expression that calls an operation with bound input values: `client.m(Req(a=1, ...))`. */
function callExpression(op: IrOperation, values: IrValue[]): string {
  const byId = valuesById(values);
  const args = requiredFirst(op.input)
    .filter((m) => byId.has(m.id) || m.required)
    .map((m) => `${m.names.py}=${pyLiteral(m, byId.has(m.id) ? byId.get(m.id) : placeholderInput(m))}`);
  return `client.${op.names.py}(sdk.${op.names.input.py}(${args.join(', ')}))`;
}

/**
 * For a successful append answer: the position that makes the canned next position the position
 * plus the bytes sent (the client refuses any other answer), with the body's example as the bytes.
 */
function consistentAppendInput(ir: IrModel, op: IrOperation, headers: { name: string; value: string }[]): IrValue[] {
  const ap = ir.protocol.append;
  if (!ap || op !== ap.operation || !op.inputBody) return [];
  const position = ap.position;
  const nextHeader = ap.nextPosition.headerLower;
  const next = Number(headers.find((h) => h.name.toLowerCase() === nextHeader)?.value);
  if (!Number.isSafeInteger(next)) return [];
  const body = String(placeholderInput(op.inputBody));
  const size = Buffer.byteLength(body, 'utf8');
  return size <= next
    ? [{ member: position, value: next - size }]
    : [
        { member: position, value: next },
        { member: op.inputBody, value: '' },
      ];
}

function expectationView(errorByCode: Map<string, IrError>, expect: IrExpectation) {
  if (expect.kind === 'output') {
    return {
      isError: false,
      output: expect.output.map((v) => ({ attr: v.member.names.py, literal: pyLiteral(v.member, v.value) })),
    };
  }
  const e = expect.error;
  const error = errorByCode.get(e.code);
  const optional = (value: string | undefined) => (value === undefined ? 'None' : pyString(value));
  return {
    isError: true,
    errorClass: `sdk.${error?.names.py ?? 'ServiceError'}`,
    code: e.code,
    status: e.status,
    requestId: optional(e.requestId),
    hostId: optional(e.hostId),
    ec: optional(e.ec),
    fields: e.fields.map((f) => ({ attr: f.field.names.py, literal: pyLiteral(f.field, f.value) })),
  };
}

function buildTestsView(ir: IrModel) {
  const opByName = new Map(ir.operations.map((o) => [o.name, o]));
  const errorByCode = new Map(ir.errors.map((e) => [e.code, e]));
  const okHeaders = (op: IrOperation) =>
    op.output
      .filter((m) => m.required && m.location === 'header' && m.headerLower)
      .map((m) => ({ name: m.headerLower!, value: placeholderHeaderValue(m) }));
  const requests = ir.tests.requests.map((t) => {
    const op = opByName.get(t.operation)!;
    const body = op.inputBody ? valuesById(t.input).get(op.inputBody.id) : undefined;
    return {
      id: t.id,
      auth: t.auth,
      region: t.region,
      endpoint: t.endpoint,
      epochSeconds: t.epochSeconds,
      call: callExpression(op, t.input),
      okHeaders: okHeaders(op),
      method: t.expect.method,
      host: t.expect.host,
      path: t.expect.path,
      query: t.expect.query,
      headers: t.expect.headers,
      body: String(body ?? ''),
    };
  });
  const responses = ir.tests.responses.map((t) => {
    const op = opByName.get(t.operation)!;
    return {
      id: t.id,
      status: t.status,
      headers: t.headers,
      body: t.body,
      call: callExpression(op, t.expect.kind === 'output' ? consistentAppendInput(ir, op, t.headers) : []),
      expect: expectationView(errorByCode, t.expect),
    };
  });
  const scenarios = ir.tests.scenarios.map((s) => ({
    id: s.id,
    bucket: s.bucket,
    key: s.key,
    accessKeyId: s.credentials.accessKeyId,
    accessKeySecret: s.credentials.accessKeySecret,
    steps: s.steps.map((step) => {
      const op = opByName.get(step.call)!;
      return { index: step.index, call: callExpression(op, step.input), expect: expectationView(errorByCode, step.expect) };
    }),
  }));
  const appendOp = ir.protocol.append?.operation;
  return {
    credentials: ir.tests.credentials,
    requests,
    responses,
    scenarios,
    significantHeaders: ['cache-control', 'content-disposition', 'content-encoding', 'content-md5', 'content-type', 'expires', 'range'],
    unsignedOssHeaders: ir.protocol.signing.volatileHeaders,
    appendOp: appendOp ? { name: appendOp.name } : undefined,
  };
}
