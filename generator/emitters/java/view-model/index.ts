/**
 * The Java view model: every name, type, statement and order the Java templates print is decided
 * from the IR here and in the files beside this one (members, operations and errors, tests), so
 * templates stay logic-free. Names come from the IR (`names.java`); this file assembles the view
 * and decides the service-level settings: package and Maven coordinates, credentials, endpoint,
 * signing, retry, the wire facts of the protocol, the appender's names and the samples' example.
 */
import type { IrModel } from '../../../ir/types.js';
import { presignParts } from '../../presign.js';
import { enumViews } from './members.js';
import { errorView, operationViews, presignMethodOf, requireValue, statusFallbacks } from './operations.js';
import { callView, inputExpr, testMethodName, testsView } from './tests.js';
import type { JavaEnum, JavaError, JavaOperation, JavaRequestVector, JavaResponseVector, JavaScenario } from './types.js';
import { sampleUsages } from '../../sample-ids.js';

export type * from './types.js';

/** A reflected (bit-reversed) 64-bit polynomial as a Java long literal. */
export function reflectedPolynomial(polynomial: string): string {
  let value = BigInt(polynomial);
  let reflected = 0n;
  for (let i = 0; i < 64; i++) {
    reflected = (reflected << 1n) | (value & 1n);
    value >>= 1n;
  }
  return `0x${reflected.toString(16).toUpperCase().padStart(16, '0')}L`;
}

export function buildJavaViewModel(ir: IrModel) {
  const javaPackage = ir.service.packages.java;
  const protocol = requireValue(ir.protocol.append, 'append protocol (model protocol.append)');
  const { errorBody, crc64 } = ir.protocol;
  const ones = ((1n << 64n) - 1n).toString();
  // The runtime's Crc64 continues a finished CRC, which holds for reflected CRCs with all-ones init and xor-out.
  if (!crc64.reflected || crc64.init !== ones || crc64.xorOut !== ones) throw new Error('java emitter: the runtime computes only reflected CRC-64s with all-ones init and xor-out');
  const v4 = requireValue(ir.auth.schemes.find((s) => s.id === 'v4'), 'v4 auth scheme');
  const v1 = requireValue(ir.auth.schemes.find((s) => s.id === 'v1'), 'v1 auth scheme');
  const operations: JavaOperation[] = operationViews(ir, protocol);
  const errors: JavaError[] = ir.errors.map(errorView);
  const enums: JavaEnum[] = enumViews(ir);
  const appendOp = protocol.operation;
  const probe = protocol.probe;
  const read = requireValue(protocol.read, 'append protocol read operation');
  const objectType = requireValue(protocol.objectType, 'append protocol object type');
  const appendable = requireValue(objectType.member.enum?.find((v) => v.value === objectType.appendable), `enum value ${objectType.appendable}`);
  const notFound = requireValue(protocol.notFound, 'append protocol not-found error');
  const wrongType = requireValue(protocol.notAppendable, 'append protocol not-appendable error');
  const retryError = requireValue(ir.errors.find((e) => e.retryable && ir.retry.retryableStatuses.includes(e.status)), 'retryable error');
  const range = ir.protocol.range;
  const behavior = protocol.readRangeBehavior;
  const strictConst = range && behavior?.enum?.find((v) => v.value === range.strict)?.java;
  const example = ir.examples.find((e) => e.operation === appendOp.name);
  const exampleValue = (id: string) => example?.input.find((v) => v.member.id === id)?.value;
  const exampleMeta = (exampleValue('metadata') ?? {}) as Record<string, unknown>;
  const appendInput = (headerLower: string) => appendOp.input.find((m) => m.headerLower === headerLower);
  const probeOutput = (headerLower: string) => probe.output.find((m) => m.headerLower === headerLower);
  const tests = testsView(ir, protocol);
  const presign = presignParts(ir);
  const tag = (element: string, text: string) => `<${element}>${text}</${element}>`;
  // Headers a request vector pins down: every header an input member can set, the signature's, and the signed prefix.
  const compared = new Set<string>(['authorization', v1.dateHeader.toLowerCase()]);
  for (const op of ir.operations) for (const m of op.input) if (m.headerLower) compared.add(m.headerLower);

  return {
    packageName: javaPackage,
    packagePath: javaPackage.split('.').join('/'),
    groupId: javaPackage.slice(0, javaPackage.lastIndexOf('.')),
    artifactId: javaPackage.slice(javaPackage.lastIndexOf('.') + 1),
    version: ir.service.version,
    title: ir.service.title.en,
    summary: ir.service.summary.en,
    license: ir.service.license,
    clientType: ir.service.clientNames.java,
    env: { accessKeyId: ir.service.credentials.accessKeyIdEnv, accessKeySecret: ir.service.credentials.accessKeySecretEnv, securityToken: ir.service.credentials.securityTokenEnv },
    securityTokenHeader: ir.service.credentials.securityTokenHeader,
    defaultRegion: ir.service.defaults.region,
    timeoutMs: ir.service.defaults.timeoutMs,
    endpointTemplate: ir.endpoint.template,
    pathStyleForIP: ir.endpoint.addressing.pathStyleFor.includes('ip'),
    pathStyleForLocalhost: ir.endpoint.addressing.pathStyleFor.includes('localhost'),
    defaultSignature: ir.auth.default === 'v1' ? 'V1' : 'V4',
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
    /** The schemes' query-string forms (presigned URLs), when the model has both; absent, no presign methods. */
    ...(presign
      ? {
          presign: {
            ...presign,
            // "" when the model names no token parameter: a client with a token then has nowhere to send it.
            v4: { ...presign.v4, securityToken: presign.v4.securityToken ?? '' },
            v1: { ...presign.v1, securityToken: presign.v1.securityToken ?? '' },
            expiredStatus: presign.expired.error.status,
            expiredCode: tag(errorBody.elements.code, presign.expired.error.code),
            expiredMessage: tag(errorBody.elements.message, presign.expired.message),
            positionParam: protocol.position.queryName ?? protocol.position.id,
            appendMethod: presignMethodOf(appendOp),
            probeMethod: presignMethodOf(probe),
            readMethod: presignMethodOf(read),
            // An operation that uploads a whole object (PUT with a body), for the presigned upload test; absent, no such test.
            upload: ((op) => (op ? { method: presignMethodOf(op), inputType: op.names.input.java, bucketField: requireValue(op.input.find((m) => m.location === 'host'), 'upload host member').names.java, keyField: requireValue(op.input.find((m) => m.location === 'path'), 'upload path member').names.java } : undefined))(
              ir.operations.find((o) => o !== appendOp && o.http.method === 'PUT' && o.input.some((m) => m.location === 'body')),
            ),
          },
        }
      : {}),
    presignVectors: presign
      ? ir.tests.presigned.map((v) => ({
          id: v.id,
          testName: testMethodName('vector', v.id),
          doc: v.doc.en,
          signature: v.auth === 'v1' ? 'V1' : 'V4',
          region: v.region,
          endpoint: v.endpoint,
          epochSeconds: v.epochSeconds,
          expiresSeconds: v.expiresSeconds,
          securityToken: v.securityToken ?? '',
          call: callView(ir, v.operation, v.input, { kind: 'output', output: [] }),
          presignMethod: presignMethodOf(requireValue(ir.operations.find((o) => o.name === v.operation), `operation ${v.operation}`)),
          method: v.expect.method,
          url: `${new URL(v.endpoint).protocol}//${v.expect.host}${v.expect.path}?${v.expect.query}`,
          headers: v.expect.headers.map((h) => ({ name: h.name, value: h.value })),
          expirationSeconds: v.epochSeconds + v.expiresSeconds,
        }))
      : [],
    signedHeaderPrefix: ir.protocol.signing.signedHeaderPrefix,
    signedHeaders: [...ir.protocol.signing.signedHeaders].sort(),
    signedSubresources: [...ir.auth.signedSubresources].sort(),
    crcPolynomial: reflectedPolynomial(crc64.polynomial),
    retry: {
      maxAttempts: ir.retry.maxAttempts,
      baseDelayMs: ir.retry.baseDelayMs,
      maxDelayMs: ir.retry.maxDelayMs,
      statuses: [...ir.retry.retryableStatuses].sort((a, b) => a - b),
      honorRetryAfter: ir.retry.honorRetryAfter,
    },
    objectSize: { maxBytes: ir.limits.objectSize.maxBytes, code: ir.limits.objectSize.error },
    wire: {
      requestIdHeader: ir.protocol.headers.requestId,
      errorRoot: errorBody.root,
      codeElement: errorBody.elements.code,
      messageElement: errorBody.elements.message,
      requestIdElement: errorBody.elements.requestId ?? '',
      hostIdElement: errorBody.elements.hostId ?? '',
      ecElement: errorBody.elements.ec ?? '',
      ecHeader: ir.protocol.headers.errorCode ?? '',
      bodylessHeader: errorBody.bodylessHeaderLower ?? '',
    },
    enums,
    operations,
    errors,
    fallbacks: ir.operations.map((op) => ({ name: op.name, statuses: statusFallbacks(ir, op) })).filter((f) => f.statuses.length > 0),
    appender: {
      appendMethod: appendOp.names.java,
      appendOnce: `${appendOp.names.java}Once`,
      appendName: appendOp.name,
      appendInput: appendOp.names.input.java,
      appendOutput: appendOp.names.output.java,
      headMethod: probe.names.java,
      headName: probe.name,
      /** Lower-case wire names for the canned answers of the generated tests. */
      nextPositionHeader: requireValue(protocol.nextPosition.headerLower, 'next position header'),
      crcHeader: requireValue(protocol.crc.headerLower, 'CRC-64 header'),
      headNextPositionHeader: requireValue(protocol.probeNextPosition.headerLower, 'probe next position header'),
      typeHeader: requireValue(objectType.member.headerLower, 'object type header'),
      appendableValue: objectType.appendable,
      headInput: probe.names.input.java,
      headOutput: probe.names.output.java,
      positionField: protocol.position.names.java,
      nextPositionField: protocol.nextPosition.names.java,
      crcField: protocol.crc.names.java,
      bucketField: protocol.bucket.names.java,
      keyField: protocol.key.names.java,
      bodyField: protocol.body.names.java,
      headBucketField: protocol.probeBucket.names.java,
      headKeyField: protocol.probeKey.names.java,
      headLengthField: requireValue(protocol.probeLength, 'probe Content-Length output').names.java,
      headNextPositionField: protocol.probeNextPosition.names.java,
      headCrcField: requireValue(protocol.probeCrc, 'probe CRC-64 output').names.java,
      headTypeField: objectType.member.names.java,
      headRequestIdField: requireValue(probeOutput(ir.protocol.headers.requestId), 'probe request id output').names.java,
      typeClass: objectType.member.names.java.charAt(0).toUpperCase() + objectType.member.names.java.slice(1).replace(/_$/, ''),
      appendableConst: appendable.java,
      notFoundError: notFound.names.java,
      wrongTypeError: wrongType.names.java,
      wrongTypeCode: wrongType.code,
      positionError: protocol.positionError.error.names.java,
      positionErrorCode: protocol.positionError.error.code,
      positionErrorStatus: protocol.positionError.error.status,
      positionErrorField: protocol.positionError.field.names.java,
      /** Constructor arguments after the details: the length for the position field, null for any other field. */
      positionErrorArgs: protocol.positionError.error.fields.map((f) => (f.id === protocol.positionError.field.id ? ', length' : ', null')).join(''),
      wrongTypeArgs: wrongType.fields.map(() => ', null').join(''),
      /** Members that describe one request's body (Content-MD5), never copied to an appended chunk. */
      perChunk: appendOp.input.filter((m) => m.format === 'base64-md5').map((m) => m.names.java),
      contentTypeField: appendInput('content-type')?.names.java ?? '',
      metadataField: appendOp.input.find((m) => m.location === 'header-map')?.names.java ?? '',
      headContentTypeField: probeOutput('content-type')?.names.java ?? '',
      headMetadataField: probe.output.find((m) => m.location === 'header-map')?.names.java ?? '',
      /** Every member of the append's request, to copy the create request's headers onto the first chunk. */
      copied: appendOp.input
        .filter((m) => m.location !== 'body' && m.location !== 'host' && m.location !== 'path' && m.id !== protocol.position.id && m.format !== 'base64-md5')
        .map((m) => m.names.java),
    },
    reader: {
      method: read.names.java,
      name: read.name,
      input: read.names.input.java,
      bucketField: requireValue(protocol.readBucket, 'read bucket member').names.java,
      keyField: requireValue(protocol.readKey, 'read key member').names.java,
      bodyField: requireValue(protocol.readBody, 'read body output').names.java,
      rangeField: requireValue(protocol.readRange, 'read Range input').names.java,
      contentRangeField: requireValue(protocol.readContentRange, 'read Content-Range output').names.java,
      ...(range && behavior ? { strictRange: { field: behavior.names.java, value: strictConst ? `${behavior.names.java.charAt(0).toUpperCase()}${behavior.names.java.slice(1).replace(/_$/, '')}.${strictConst}` : '' } } : {}),
    },
    retryCode: retryError.code,
    /** A status the model retries (503 when it does), for the retry tests. */
    retryStatus: ir.retry.retryableStatuses.includes(503) ? 503 : (ir.retry.retryableStatuses[0] ?? 503),
    appenderHttpMethod: appendOp.http.method,
    /** First-append-only members the service refuses later, each with a statement that sets a value. */
    rejectedLater: appendOp.input
      .filter((m) => m.firstAppendOnly === 'reject')
      .map((m) => ({ name: m.names.java, assign: `in.${m.names.java}(${inputExpr(m, m.example ?? (m.type === 'map' ? { name: 'value' } : m.type === 'boolean' ? true : m.type === 'int64' ? 1 : 'value'))});` })),
    tests: {
      accessKeyId: ir.tests.credentials.accessKeyId,
      accessKeySecret: ir.tests.credentials.accessKeySecret,
      comparedHeaders: [...compared].sort(),
      ...(tests as { requests: JavaRequestVector[]; responses: JavaResponseVector[]; scenarios: JavaScenario[] }),
    },
    testCount: tests.requests.length + tests.responses.length + tests.scenarios.length,
    sampleEnv: ir.service.settingsEnv,
    usage: sampleUsages(),
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
}

export type JavaViewModel = ReturnType<typeof buildJavaViewModel>;
