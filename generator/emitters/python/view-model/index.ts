/**
 * The Python view model: every name, import, literal and order the templates under
 * templates/python/ print is decided from the IR here and in the files beside this one;
 * templates only print these fields. This file assembles the view and decides the service-level
 * settings (package, credentials, endpoint, retry, limits) and the samples' example values; each
 * other concern has its own file: literals, members, errors, operations, protocol, appender,
 * names (imports and exports), tests and client-tests.
 */
import type { IrModel } from '../../../ir/types.js';
import { presignParts } from '../../presign.js';
import { appenderView } from './appender.js';
import { clientTestsView } from './client-tests.js';
import { errorsView } from './errors.js';
import { pyLiteral, pyTuple } from './literals.js';
import { valuesById } from './members.js';
import { namesView } from './names.js';
import { modelImports, operationsView } from './operations.js';
import { codeByStatusView, protocolView, schemeView } from './protocol.js';
import { testsView } from './tests.js';
import { sampleUsages } from '../../sample-ids.js';

export interface PythonView {
  [key: string]: unknown;
}

export function buildView(ir: IrModel): PythonView {
  const pkg = ir.service.packages.python;
  const clientClass = ir.service.clientNames.py;
  const protocol = ir.protocol;
  const ap = protocol.append;
  const presign = presignParts(ir);
  const errors = errorsView(ir);
  const operations = operationsView(ir);
  const appender = ap ? appenderView(ir, ap) : undefined;
  const names = namesView(clientClass, errors, operations, appender);

  // The samples start from the model's example of the append operation.
  const example = ir.examples.find((e) => e.operation === ap?.operation.name) ?? ir.examples[0];
  const exampleValues = valuesById(example?.input ?? []);
  const sample = {
    env: ir.service.settingsEnv,
    usage: sampleUsages(),
    signature: ir.auth.default,
    region: ir.service.defaults.region,
    bucket: String((ap && exampleValues.get(ap.bucket.id)) ?? 'examplebucket'),
    key: String((ap && exampleValues.get(ap.key.id)) ?? 'example.log'),
    body: String((ap && exampleValues.get(ap.body.id)) ?? 'hello\n'),
    createOptions: (example?.input ?? [])
      .filter((v) => v.member.firstAppendOnly)
      .map((v) => `${v.member.names.py}=${pyLiteral(v.member, v.value)}`)
      .join(', '),
  };

  return {
    importsView: names.importsView,
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
    codeByStatus: codeByStatusView(ir),
    v4: schemeView(ir, 'v4'),
    v1: schemeView(ir, 'v1'),
    signedSubresources: ir.auth.signedSubresources,
    // The presigned forms' strings; empty (and no presign methods) when the model lacks them.
    hasPresign: presign !== undefined,
    presign: {
      v4: { algorithm: '', credential: '', date: '', expires: '', signature: '', payloadHash: '', maxExpiresSeconds: 0, ...presign?.v4, securityToken: presign?.v4.securityToken ?? '' },
      v1: { accessKeyId: '', expires: '', signature: '', ...presign?.v1, securityToken: presign?.v1.securityToken ?? '' },
      expiredStatus: presign?.expired.error.status ?? 0,
      expiredCode: presign ? `<${ir.protocol.errorBody.elements.code}>${presign.expired.error.code}</${ir.protocol.errorBody.elements.code}>` : '',
      expiredMessage: presign ? `<${ir.protocol.errorBody.elements.message}>${presign.expired.message}</${ir.protocol.errorBody.elements.message}>` : '',
    },
    limits: ir.limits,
    keyForbiddenPrefixes: pyTuple(ir.limits.objectKey.forbiddenPrefixes),
    invalidArgumentCode: protocol.errors.invalidArgument.code,
    invalidBucketCode: protocol.invalidBucket?.code ?? protocol.errors.invalidArgument.code,
    errors,
    errorsAll: names.errorsAll,
    modelsAll: names.modelsAll,
    errorsWithFields: errors.filter((e) => e.hasFields),
    operations,
    imports: modelImports(ir),
    exports: names.exports,
    appender,
    // The appender module and the samples print these names at the top level.
    ...(appender ?? {}),
    sample,
    tests: testsView(ir),
    t: ap && appender ? clientTestsView(ir, ap, appender) : undefined,
  };
}
