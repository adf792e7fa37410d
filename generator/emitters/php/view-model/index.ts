/**
 * The PHP view model: everything the templates under templates/php/ print is decided here from the IR.
 * The client is data-driven: Protocol::spec() (the operations' members and wire locations, the error
 * classes, signing, limits, the appender's names) is built here as one value and printed as a PHP
 * literal; the static runtime (runtime/php/src) interprets it. The typed surface (one request and one
 * result class per operation, one exception class per modelled error, a method per operation) and the
 * generated PHPUnit tests are views of the same IR.
 */
import { splitWords, toPascal } from '../../../ir/naming.js';
import type { IrError, IrExpectation, IrMember, IrModel, IrOperation, IrValue } from '../../../ir/types.js';
import { presignParts } from '../../presign.js';
import { phpInline, phpString } from '../helpers.js';
import { sampleUsages } from '../../sample-ids.js';

function requireValue<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`php emitter: the model has no ${what}`);
  return value;
}

/** `ossgen/oss-append` → `Ossgen\OssAppend`. */
export function phpNamespace(composerName: string): string {
  return composerName
    .split('/')
    .map((part) => toPascal(splitWords(part.replace(/-/g, ' ').replace(/ (.)/g, (_, c: string) => c.toUpperCase()))))
    .join('\\');
}

/** The PHP type of a request property (`string|Body` for a body). */
function inputType(m: IrMember): string {
  const base = { string: 'string', int64: 'int', uint64: 'int', boolean: 'bool', map: 'array', blob: 'string|Body' }[m.type];
  if (signatureRequired(m)) return base;
  return m.type === 'blob' ? 'string|Body|null' : `?${base}`;
}

function outputType(m: IrMember): string {
  const base = { string: 'string', int64: 'int', uint64: 'int', boolean: 'bool', map: 'array', blob: 'string' }[m.type];
  if (m.type === 'map') return 'array';
  return m.required && m.type !== 'blob' ? base : `?${base}`;
}

/** PHPDoc type of a map (`array<string, string>`), else empty. */
const mapDoc = (m: IrMember) => (m.type === 'map' ? 'array<string, string>' : '');

/**
 * Whether the constructor demands the member. A body is optional there (a presigned request has none);
 * the client refuses a request without its required body before sending, as it does any other rule.
 */
const signatureRequired = (m: IrMember) => m.required && m.type !== 'blob';

/** Members the constructor demands first (PHP deprecates optional parameters before required ones), else authored order. */
function requiredFirst(members: IrMember[]): IrMember[] {
  return [...members.filter(signatureRequired), ...members.filter((m) => !signatureRequired(m))];
}

/** The member as Protocol::spec() describes it to the runtime. */
function memberSpec(m: IrMember) {
  return {
    name: m.names.php,
    location: m.location,
    wire: m.header ?? m.prefix ?? m.queryName ?? null,
    type: m.type,
    format: m.format ?? null,
    enum: m.enum ? m.enum.map((e) => e.value) : null,
    required: m.required,
    minimum: m.minimum ?? null,
    firstAppendOnly: m.firstAppendOnly ?? null,
  };
}

/** A PHP expression of an input value of the member's type. */
export function inputExpr(m: IrMember, value: unknown): string {
  switch (m.type) {
    case 'int64':
    case 'uint64':
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'map':
      return phpInline(Object.fromEntries(Object.entries((value ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)])));
    default:
      return phpString(String(value));
  }
}

/** The expected value of an output or error field, as PHP. */
function wantExpr(type: string, value: unknown): string {
  switch (type) {
    case 'int64':
      return String(value);
    case 'uint64':
      return `Sdk\\Runtime\\Wire::parseUnsigned(${phpString(String(value))})`;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'map':
      return phpInline(Object.fromEntries(Object.entries((value ?? {}) as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), String(v)])));
    default:
      return phpString(String(value));
  }
}

/** A call of the client in a generated test: the request and the checks on its result or exception. */
function callView(ir: IrModel, opName: string, input: IrValue[], expect: IrExpectation) {
  const op = requireValue(ir.operations.find((o) => o.name === opName), `operation ${opName}`);
  const args = input.map(({ member, value }) => `${member.names.php}: ${inputExpr(member, value)}`).join(', ');
  const base = { method: op.names.php, request: `new Sdk\\${op.names.input.php}(${args})` };
  if (expect.kind === 'error') {
    const e = expect.error;
    const known = ir.errors.find((x) => x.code === e.code);
    const checks = [
      { label: 'errorCode', want: phpString(e.code), got: '$e->errorCode' },
      { label: 'statusCode', want: String(e.status), got: '$e->statusCode' },
    ];
    if (e.requestId !== undefined) checks.push({ label: 'requestId', want: phpString(e.requestId), got: '$e->requestId' });
    if (e.hostId !== undefined) checks.push({ label: 'hostId', want: phpString(e.hostId), got: '$e->hostId' });
    if (e.ec !== undefined) checks.push({ label: 'ec', want: phpString(e.ec), got: '$e->ec' });
    for (const { field, value } of e.fields) checks.push({ label: field.names.php, want: wantExpr(field.type, value), got: `$e->${field.names.php}` });
    return { ...base, isError: true, errorClass: known ? `Sdk\\Exception\\${known.names.php}` : 'Sdk\\Runtime\\ServiceException', checks };
  }
  const checks = expect.output.map(({ member, value }) => ({ label: member.names.php, want: wantExpr(member.type, value), got: `$out->${member.names.php}` }));
  return { ...base, isError: false, errorClass: '', checks };
}

/** A canned success answer to an append is believed only at the position that makes its next position consistent. */
function consistentInput(ir: IrModel, op: IrOperation, input: IrValue[], status: number, headers: { name: string; value: string }[]): IrValue[] {
  const append = ir.protocol.append;
  if (!append || op !== append.operation || status < 200 || status > 299) return input;
  const next = headers.find((h) => h.name.toLowerCase() === append.nextPosition.headerLower)?.value;
  const body = input.find((v) => v.member.id === append.body.id)?.value;
  if (next === undefined || !/^\d+$/.test(next)) return input;
  const position = Number(next) - Buffer.byteLength(typeof body === 'string' ? body : '');
  if (position < 0) return input;
  return input.map((v) => (v.member.id === append.position.id ? { member: v.member, value: position } : v));
}

/** A response vector's request: the operation's required members at their example values. */
function exampleInput(op: IrOperation): IrValue[] {
  return op.input
    .filter((m) => m.required)
    .map((member) => {
      if (member.example !== undefined) return { member, value: member.example };
      const fallback = member.type === 'int64' || member.type === 'uint64' ? (member.minimum ?? 0) : member.type === 'boolean' ? false : member.type === 'map' ? {} : 'example';
      return { member, value: fallback };
    });
}

/** A test method name from an id: `append-first-v4` → `testAppendFirstV4`. */
export function testName(prefix: string, id: string): string {
  return `test${toPascal(splitWords(`${prefix} ${id}`.replace(/[^A-Za-z0-9]+/g, ' ').replace(/ (.)/g, (_, c: string) => c.toUpperCase())))}`;
}

function errorView(e: IrError, ns: string) {
  return {
    code: e.code,
    className: e.names.php,
    status: e.status,
    doc: `${e.code} (HTTP ${e.status}): ${e.doc.en}\n\n${e.remedy.en}`,
    fields: e.fields.map((f) => ({
      name: f.names.php,
      type: { string: '?string', int64: '?int', uint64: '?int', boolean: '?bool' }[f.type],
      doc: f.doc.en,
    })),
    fqcn: `\\${ns}\\Exception\\${e.names.php}`,
  };
}

export function buildPhpViewModel(ir: IrModel) {
  const composerName = ir.service.packages.php;
  const ns = phpNamespace(composerName);
  const protocol = ir.protocol;
  const append = requireValue(protocol.append, 'append protocol (model protocol.append)');
  const crc64 = protocol.crc64;
  const ones = ((1n << 64n) - 1n).toString();
  // The runtime's Crc64 continues a finished CRC, which holds for reflected CRCs with all-ones init and xor-out.
  if (!crc64.reflected || crc64.init !== ones || crc64.xorOut !== ones) throw new Error('php emitter: the runtime computes only reflected CRC-64s with all-ones init and xor-out');
  const v4 = requireValue(ir.auth.schemes.find((s) => s.id === 'v4'), 'v4 auth scheme');
  const v1 = requireValue(ir.auth.schemes.find((s) => s.id === 'v1'), 'v1 auth scheme');
  const presign = presignParts(ir);
  const read = requireValue(append.read, 'append protocol read operation');
  const objectType = requireValue(append.objectType, 'append protocol object type');
  const notFound = requireValue(append.notFound, 'append protocol not-found error');
  const notAppendable = requireValue(append.notAppendable, 'append protocol not-appendable error');
  const range = protocol.range;
  const behavior = append.readRangeBehavior;
  const errors = ir.errors.map((e) => errorView(e, ns));
  const crcOutputOf = (op: IrOperation) => op.output.find((m) => m.headerLower !== undefined && m.headerLower === append.crc.headerLower);

  const spec = {
    version: ir.service.version,
    crc64: { polynomial: crc64.polynomial, check: crc64.check },
    errorBody: {
      root: protocol.errorBody.root,
      code: protocol.errorBody.elements.code,
      message: protocol.errorBody.elements.message,
      requestId: protocol.errorBody.elements.requestId ?? '',
      hostId: protocol.errorBody.elements.hostId ?? '',
      ec: protocol.errorBody.elements.ec ?? '',
      bodylessHeader: protocol.errorBody.bodylessHeaderLower ?? '',
    },
    requestIdHeader: protocol.headers.requestId,
    errorCodeHeader: protocol.headers.errorCode ?? '',
    signing: { prefix: protocol.signing.signedHeaderPrefix, headers: [...protocol.signing.signedHeaders].sort(), subresources: [...ir.auth.signedSubresources].sort() },
    v4: {
      algorithm: v4.algorithm,
      product: requireValue(v4.product, 'v4 product'),
      secretPrefix: requireValue(v4.secretPrefix, 'v4 secret prefix'),
      scopeTerminator: requireValue(v4.scopeTerminator, 'v4 scope terminator'),
      dateHeader: v4.dateHeader,
      payloadHashHeader: requireValue(v4.payloadHashHeader, 'v4 payload hash header'),
      payloadHash: requireValue(v4.payloadHash, 'v4 payload hash'),
    },
    v1: { algorithm: v1.algorithm, dateHeader: v1.dateHeader },
    presign: presign
      ? {
          v4: {
            algorithm: presign.v4.algorithm,
            credential: presign.v4.credential,
            date: presign.v4.date,
            expires: presign.v4.expires,
            signature: presign.v4.signature,
            securityToken: presign.v4.securityToken ?? '',
            payloadHash: presign.v4.payloadHash,
            maxExpiresSeconds: presign.v4.maxExpiresSeconds,
          },
          v1: { accessKeyId: presign.v1.accessKeyId, expires: presign.v1.expires, signature: presign.v1.signature, securityToken: presign.v1.securityToken ?? '' },
        }
      : null,
    retry: {
      maxAttempts: ir.retry.maxAttempts,
      baseDelayMs: ir.retry.baseDelayMs,
      maxDelayMs: ir.retry.maxDelayMs,
      statuses: [...ir.retry.retryableStatuses].sort((a, b) => a - b),
      honorRetryAfter: ir.retry.honorRetryAfter,
    },
    limits: {
      keyMinBytes: ir.limits.objectKey.minBytes,
      keyMaxBytes: ir.limits.objectKey.maxBytes,
      keyForbiddenPrefixes: ir.limits.objectKey.forbiddenPrefixes,
      keyError: ir.limits.objectKey.error,
      objectMaxBytes: ir.limits.objectSize.maxBytes,
      objectSizeError: ir.limits.objectSize.error,
      metadataMaxTotalBytes: ir.limits.userMetadata.maxTotalBytes,
      metadataNamePattern: ir.limits.userMetadata.namePattern,
      taggingMaxTags: ir.limits.tagging.maxTags,
      taggingMaxKeyLength: ir.limits.tagging.maxKeyLength,
      taggingMaxValueLength: ir.limits.tagging.maxValueLength,
      taggingCharPattern: ir.limits.tagging.charPattern,
    },
    codeByStatus: Object.fromEntries(protocol.statusCodes.map((s) => [String(s.status), s.error.code])),
    invalidArgument: protocol.errors.invalidArgument.code,
    invalidBucket: protocol.invalidBucket?.code ?? protocol.errors.invalidArgument.code,
    pathStyleForIp: ir.endpoint.addressing.pathStyleFor.includes('ip'),
    pathStyleForLocalhost: ir.endpoint.addressing.pathStyleFor.includes('localhost'),
    endpointTemplate: ir.endpoint.template,
    defaultRegion: ir.service.defaults.region,
    timeoutMs: ir.service.defaults.timeoutMs,
    defaultAuth: ir.auth.default,
    env: { accessKeyId: ir.service.credentials.accessKeyIdEnv, accessKeySecret: ir.service.credentials.accessKeySecretEnv, securityToken: ir.service.credentials.securityTokenEnv },
    securityTokenHeader: ir.service.credentials.securityTokenHeader,
    errors: Object.fromEntries(
      ir.errors.map((e) => [
        e.code,
        { class: `${ns}\\Exception\\${e.names.php}`, fields: e.fields.map((f) => ({ name: f.names.php, header: f.headerLower ?? null, xml: f.header === undefined ? (f.xml ?? f.id) : null, type: f.type })) },
      ]),
    ),
    operations: Object.fromEntries(
      ir.operations.map((op) => [
        op.name,
        {
          method: op.http.method,
          flags: op.http.flags,
          inputs: op.input.map(memberSpec),
          outputs: op.output.map(memberSpec),
          outputBody: op.outputBody?.names.php ?? null,
          append: op === append.operation ? { position: append.position.names.php, nextPosition: append.nextPosition.names.php, crc: append.crc.names.php } : null,
          crcOutput: crcOutputOf(op)?.names.php ?? null,
          rangeInput: op.input.find((m) => m.format === 'byte-range')?.names.php ?? null,
        },
      ]),
    ),
    appender: {
      append: append.operation.name,
      probe: append.probe.name,
      read: read.name,
      bucket: append.bucket.names.php,
      key: append.key.names.php,
      position: append.position.names.php,
      body: append.body.names.php,
      nextPosition: append.nextPosition.names.php,
      crc: append.crc.names.php,
      probeBucket: append.probeBucket.names.php,
      probeKey: append.probeKey.names.php,
      probeLength: requireValue(append.probeLength, 'probe Content-Length output').names.php,
      probeNextPosition: append.probeNextPosition.names.php,
      probeCrc: requireValue(append.probeCrc, 'probe CRC-64 output').names.php,
      probeType: objectType.member.names.php,
      probeRequestId: requireValue(append.probe.output.find((m) => m.headerLower === protocol.headers.requestId.toLowerCase()), 'probe request id output').names.php,
      appendable: objectType.appendable,
      notFound: notFound.code,
      notAppendable: notAppendable.code,
      positionError: append.positionError.error.code,
      positionErrorStatus: append.positionError.error.status,
      positionErrorField: append.positionError.field.names.php,
      readBucket: requireValue(append.readBucket, 'read bucket member').names.php,
      readKey: requireValue(append.readKey, 'read key member').names.php,
      readRange: requireValue(append.readRange, 'read Range input').names.php,
      readBody: requireValue(append.readBody, 'read body output').names.php,
      readContentRange: requireValue(append.readContentRange, 'read Content-Range output').names.php,
      rangeBehavior: range && behavior ? [behavior.names.php, range.strict] : null,
      // Members of the creating append copied onto the first chunk (never the per-request Content-MD5).
      copied: append.operation.input
        .filter((m) => m.location !== 'body' && m.location !== 'host' && m.location !== 'path' && m.id !== append.position.id && m.format !== 'base64-md5')
        .map((m) => m.names.php),
    },
  };

  const operations = ir.operations.map((op) => {
    const isAppend = op === append.operation;
    const inputs = requiredFirst(op.input).map((m) => ({
      name: m.names.php,
      type: inputType(m),
      doc: m.doc.en,
      docType: mapDoc(m) && !m.required ? `${mapDoc(m)}|null` : mapDoc(m),
      default: signatureRequired(m) ? '' : ' = null',
    }));
    const outputs = requiredFirst(op.output).map((m) => ({
      name: m.names.php,
      type: outputType(m),
      doc: m.doc.en,
      docType: mapDoc(m),
      default: m.type === 'map' ? ' = []' : m.required && m.type !== 'blob' ? '' : ' = null',
      read: m.type === 'map' ? `$v[${phpString(m.names.php)}] ?? []` : m.required && m.type !== 'blob' ? `$v[${phpString(m.names.php)}]` : `$v[${phpString(m.names.php)}] ?? null`,
    }));
    return {
      name: op.name,
      method: op.names.php,
      presignMethod: `presign${op.names.php.charAt(0).toUpperCase()}${op.names.php.slice(1)}`,
      requestClass: op.names.input.php,
      resultClass: op.names.output.php,
      summary: op.summary.en,
      doc: op.doc.en,
      isAppend,
      hasSink: op.outputBody !== undefined,
      hasBody: op.inputBody !== undefined,
      usesBody: op.input.some((m) => m.type === 'blob'),
      inputs,
      outputs,
      errors: op.errors.map((c) => ir.errors.find((e) => e.code === c)?.names.php ?? 'ServiceException'),
    };
  });

  const v = (id: string) => ir.examples.find((e) => e.operation === append.operation.name)?.input.find((x) => x.member.id === id)?.value;
  const vectorCall = (opName: string, input: IrValue[]) => callView(ir, opName, input, { kind: 'output', output: [] });

  return {
    composerName,
    namespace: ns,
    namespacePrefix: `${ns}\\`,
    testsNamespacePrefix: `${ns}\\Tests\\`,
    version: ir.service.version,
    title: ir.service.title.en,
    summary: ir.service.summary.en,
    license: ir.service.license,
    clientClass: ir.service.clientNames.php,
    env: spec.env,
    defaultRegion: ir.service.defaults.region,
    spec,
    operations,
    errors,
    hasPresign: presign !== undefined,
    retryCode: requireValue(ir.errors.find((e) => e.retryable && ir.retry.retryableStatuses.includes(e.status)), 'retryable error').code,
    maxAttempts: ir.retry.maxAttempts,
    composer: {
      name: composerName,
      description: ir.service.title.en,
      type: 'library',
      license: ir.service.license,
      version: ir.service.version,
      require: { php: '>=8.1', 'ext-curl': '*', 'ext-hash': '*' },
      'require-dev': { 'phpunit/phpunit': '^9.6' },
      autoload: { 'psr-4': { [`${ns}\\`]: 'src/' } },
      'autoload-dev': { 'psr-4': { [`${ns}\\Tests\\`]: 'tests/' } },
    },
    appender: {
      appendName: append.operation.name,
      readName: read.name,
      appendMethod: append.operation.names.php,
      appendRequest: append.operation.names.input.php,
      appendResult: append.operation.names.output.php,
      headMethod: append.probe.names.php,
      notAppendableClass: notAppendable.names.php,
      positionErrorClass: append.positionError.error.names.php,
      positionErrorField: append.positionError.field.names.php,
      bucketField: append.bucket.names.php,
      keyField: append.key.names.php,
      positionField: append.position.names.php,
      bodyField: append.body.names.php,
      nextPositionField: append.nextPosition.names.php,
      crcField: append.crc.names.php,
    },
    reader: {
      method: read.names.php,
      request: read.names.input.php,
      bucketField: requireValue(append.readBucket, 'read bucket').names.php,
      keyField: requireValue(append.readKey, 'read key').names.php,
      bodyField: requireValue(append.readBody, 'read body').names.php,
    },
    tests: {
      accessKeyId: ir.tests.credentials.accessKeyId,
      accessKeySecret: ir.tests.credentials.accessKeySecret,
      crcCheck: crc64.check,
      comparedHeaders: [...new Set(['authorization', v1.dateHeader.toLowerCase(), ...ir.operations.flatMap((op) => op.input.flatMap((m) => (m.headerLower ? [m.headerLower] : [])))])].sort(),
      signedPrefix: protocol.signing.signedHeaderPrefix,
      requests: ir.tests.requests.map((t) => ({
        id: t.id,
        testName: testName('request', t.id),
        doc: t.doc.en,
        auth: t.auth ?? 'v4',
        region: t.region,
        endpoint: t.endpoint,
        epochSeconds: t.epochSeconds,
        call: vectorCall(t.operation, t.input),
        method: t.expect.method,
        host: t.expect.host,
        path: t.expect.path,
        query: t.expect.query,
        headers: Object.fromEntries(t.expect.headers.map((h) => [h.name.toLowerCase(), h.value])),
      })),
      responses: ir.tests.responses.map((t) => {
        const op = requireValue(ir.operations.find((o) => o.name === t.operation), `operation ${t.operation}`);
        return {
          id: t.id,
          testName: testName('response', t.id),
          status: t.status,
          headers: Object.fromEntries(t.headers.map((h) => [h.name, h.value])),
          body: t.body,
          call: callView(ir, t.operation, consistentInput(ir, op, exampleInput(op), t.status, t.headers), t.expect),
        };
      }),
      scenarios: ir.tests.scenarios.map((s) => ({
        id: s.id,
        testName: testName('scenario', s.id),
        doc: s.doc.en,
        auth: s.auth ?? 'v4',
        accessKeyId: s.credentials.accessKeyId,
        accessKeySecret: s.credentials.accessKeySecret,
        steps: s.steps.map((step) => ({ ...callView(ir, step.call, step.input, step.expect), stepName: `${step.index + 1}-${step.call}` })),
      })),
      presigned: presign
        ? ir.tests.presigned.map((t) => ({
            id: t.id,
            testName: testName('presign', t.id),
            doc: t.doc.en,
            auth: t.auth ?? 'v4',
            region: t.region,
            endpoint: t.endpoint,
            epochSeconds: t.epochSeconds,
            expiresSeconds: t.expiresSeconds,
            securityToken: t.securityToken ?? '',
            presignMethod: operations.find((o) => o.name === t.operation)!.presignMethod,
            request: vectorCall(t.operation, t.input).request,
            method: t.expect.method,
            url: `${new URL(t.endpoint).protocol}//${t.expect.host}${t.expect.path}?${t.expect.query}`,
            headers: Object.fromEntries(t.expect.headers.map((h) => [h.name, h.value])),
          }))
        : [],
    },
    example: {
      bucket: String(v(append.bucket.id) ?? 'examplebucket'),
      key: String(v(append.key.id) ?? 'logs/app.log'),
      body: String(v(append.body.id) ?? 'hello\n'),
      contentTypeField: append.operation.input.find((m) => m.headerLower === 'content-type')?.names.php ?? '',
      contentType: String(v('contentType') ?? 'text/plain'),
    },
    sampleEnv: ir.service.settingsEnv,
    usage: sampleUsages(),
  };
}

export type PhpViewModel = ReturnType<typeof buildPhpViewModel>;
