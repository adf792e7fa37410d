/**
 * The Go view model: every name, type, import, literal and order the Go templates print is
 * decided from the IR here and in the files beside this one, so templates stay logic-free. Names
 * come from the IR (`names.go`); the view model only picks among them. This file assembles the
 * view and decides the service-level settings (package doc, credentials, endpoint, retry, limits,
 * the samples' example); each other concern has its own file: fields (members), operations,
 * errors, protocol (wire facts and signature schemes), appender, test-calls and tests.
 */
import type { IrModel } from '../../../ir/types.js';
import { presignParts } from '../../presign.js';
import { appenderView, otherReadsView, readerView } from './appender.js';
import { errorView } from './errors.js';
import { enumViews } from './fields.js';
import { operationViews } from './operations.js';
import { goWire, schemeViews } from './protocol.js';
import { indexOf, requireValue } from './shared.js';
import { callView } from './test-calls.js';
import { crcVectors, goTestWire, rejectedLaterView, retryableError, testImportsView, testsView } from './tests.js';
import type { GoViewModel } from './types.js';
import { sampleUsages } from '../../sample-ids.js';

export type * from './types.js';

export function buildGoViewModel(ir: IrModel): GoViewModel {
  const modulePath = ir.service.packages.go;
  const packageName = modulePath.slice(modulePath.lastIndexOf('/') + 1);
  // The appender is built from the model's append protocol: the append, its probe (HEAD) and its read (GET).
  const protocol = requireValue(ir.protocol.append, 'append protocol (model protocol.append)');
  const operations = operationViews(ir, protocol);
  const { v4, v1 } = schemeViews(ir);
  const presign = presignParts(ir);

  const errorName = (code: string) => requireValue(indexOf(ir).errors.get(code), `error ${code}`).names.go;
  const retryError = retryableError(ir);
  const wire = goWire(ir, protocol);
  const tests = testsView(ir, protocol);
  const { vectorImports, scenarioImports } = testImportsView(tests);

  const example = ir.examples.find((e) => e.operation === protocol.operation.name);
  const exampleValue = (id: string) => example?.input.find((v) => v.member.id === id)?.value;
  const exampleMeta = (exampleValue('metadata') ?? {}) as Record<string, unknown>;

  return {
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
    v4,
    v1,
    ...(presign ? { presign } : {}),
    presignVectors: presign
      ? ir.tests.presigned.map((v) => ({
          id: v.id,
          doc: v.doc.en,
          signature: v.auth === 'v1' ? 'SignatureV1' : 'SignatureV4',
          region: v.region,
          endpoint: v.endpoint,
          epochSeconds: v.epochSeconds,
          securityToken: v.securityToken ?? '',
          expiresSeconds: v.expiresSeconds,
          call: callView(ir, v.operation, v.input, { kind: 'output', output: [] }),
          method: v.expect.method,
          url: `${new URL(v.endpoint).protocol}//${v.expect.host}${v.expect.path}?${v.expect.query}`,
          expirationUnix: v.epochSeconds + v.expiresSeconds,
        }))
      : [],
    presignPositionParam: protocol.position.queryName ?? protocol.position.id,
    presignExpiredCode: presign ? `<${ir.protocol.errorBody.elements.code}>${presign.expired.error.code}</${ir.protocol.errorBody.elements.code}>` : '',
    presignExpiredMessage: presign ? `<${ir.protocol.errorBody.elements.message}>${presign.expired.message}</${ir.protocol.errorBody.elements.message}>` : '',
    signedSubresources: [...ir.auth.signedSubresources].sort(),
    retry: {
      maxAttempts: ir.retry.maxAttempts,
      baseDelayMs: ir.retry.baseDelayMs,
      maxDelayMs: ir.retry.maxDelayMs,
      statuses: [...ir.retry.retryableStatuses].sort((a, b) => a - b),
      honorRetryAfter: ir.retry.honorRetryAfter,
    },
    limits: { ...ir.limits, objectKeyErrorType: errorName(ir.limits.objectKey.error), objectSizeErrorType: errorName(ir.limits.objectSize.error) },
    enums: enumViews(ir),
    typesImports: operations.some((o) => o.hasBody || o.hasOutputBody) ? ['io'] : [],
    operations,
    errors: ir.errors.map(errorView),
    retryableCodes: ir.errors.filter((e) => e.retryable).map((e) => e.code),
    retryStatus: ir.retry.retryableStatuses.includes(503) ? 503 : (ir.retry.retryableStatuses[0] ?? 503),
    appender: appenderView(ir, protocol),
    tests,
    reader: readerView(protocol, ir.protocol.range),
    otherReads: otherReadsView(ir, protocol),
    retryCode: retryError.code,
    wire,
    testWire: goTestWire(ir, protocol, wire, retryError),
    sampleEnv: ir.service.settingsEnv,
    usage: sampleUsages(),
    vectorImports,
    scenarioImports,
    rejectedLater: rejectedLaterView(protocol),
    crcVectors: crcVectors(ir, protocol),
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
