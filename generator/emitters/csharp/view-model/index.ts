/**
 * The C# view model: every name and literal the templates under templates/csharp/ print is decided from the
 * IR here (the namespace, protocol constants for the static runtime, operation specs, request and result
 * classes, error classes, client methods, samples) and in tests.ts (the generated NUnit data). Templates
 * only print these fields.
 */
import type { IrMember, IrModel, IrOperation } from '../../../ir/types.js';
import { presignParts } from '../../presign.js';
import { sampleUsages } from '../../sample-ids.js';
import { csString } from '../helpers.js';
import { csSignatureVersion, csStrings, csType, csValue } from './literals.js';
import { testsView } from './tests.js';

export type CsharpView = ReturnType<typeof buildView>;

const hex = (decimal: string) => `0x${BigInt(decimal).toString(16).toUpperCase().padStart(16, '0')}UL`;
const attr = (m: Pick<IrMember, 'names'> | undefined) => (m ? csString(m.names.cs) : '""');
const set = (values: readonly string[]) => (values.length ? `new HashSet<string> { ${values.map(csString).join(', ')} }` : 'new HashSet<string>()');

function memberSpec(m: IrMember): string {
  const wire = m.header ?? m.prefix ?? m.queryName;
  const fields = [
    `Attr = ${csString(m.names.cs)}`,
    `Model = ${csString(m.id)}`,
    `Location = ${csString(m.location)}`,
    `Wire = ${wire === undefined ? 'null' : csString(wire)}`,
    `Type = ${csString(m.type)}`,
  ];
  if (m.format) fields.push(`Format = ${csString(m.format)}`);
  if (m.enum) fields.push(`Enum = ${csStrings(m.enum.map((e) => e.value))}`);
  if (m.required) fields.push('Required = true');
  if (m.minimum !== undefined) fields.push(`Minimum = ${m.minimum}`);
  if (m.firstAppendOnly) fields.push(`FirstAppendOnly = ${csString(m.firstAppendOnly)}`);
  return `new MemberSpec { ${fields.join(', ')} }`;
}

/** How the generated code reads a value of the result dictionary into a property. */
function fromValue(m: IrMember, required: boolean): string {
  const key = csString(m.names.cs);
  const type = csType(m, 'out', !required);
  if (!type.endsWith('?') && (m.type === 'int64' || m.type === 'uint64' || m.type === 'boolean')) return `(${type})values.Get(${key})`;
  return `values.Get(${key}) as ${type}`;
}

function operationView(ir: IrModel, op: IrOperation) {
  const ap = ir.protocol.append;
  const errorByCode = new Map(ir.errors.map((e) => [e.code, e]));
  const isAppend = ap !== undefined && op === ap.operation;
  const hasSink = op.outputBody !== undefined;
  // A required numeric or boolean output is always there (ReadOutputs refuses an answer without it): not nullable.
  const outputRequired = (m: IrMember) => m.required && m.location === 'header';
  return {
    name: csString(op.name),
    rawName: op.name,
    field: op.names.cs,
    method: `${op.names.cs}Async`,
    presignMethod: `Presign${op.names.cs}`,
    requestClass: op.names.input.cs,
    resultClass: op.names.output.cs,
    summary: op.summary.en,
    doc: op.doc.en,
    throwsDoc: `Throws a ServiceException subclass for each error the service returns (${op.errors.map((c) => errorByCode.get(c)?.names.cs ?? 'ServiceException').join(', ')}; the base class for a code the model does not name), ProtocolException for an answer that cannot be believed, TransportException when the exchange failed, RequestValidationException (nothing sent) for a request the model's rules refuse.`,
    isAppend,
    hasSink,
    httpMethod: csString(op.http.method),
    flags: csStrings(op.http.flags),
    errors: csStrings(op.errors),
    specInputs: op.input.map(memberSpec),
    specOutputs: op.output.map(memberSpec),
    append: isAppend ? `new AppendSpec { Position = ${attr(ap.position)}, NextPosition = ${attr(ap.nextPosition)}, Crc = ${attr(ap.crc)} }` : 'null',
    inputs: op.input.map((m) => ({
      prop: m.names.cs,
      key: csString(m.names.cs),
      type: csType(m, 'in'),
      doc: `${m.doc.en}${m.required ? ' Required.' : ''}`,
      // Value types are stored unwrapped (the engine and the validator see long, ulong, bool).
      store: /\?$/.test(csType(m, 'in')) ? `${m.names.cs}.Value` : m.names.cs,
    })),
    outputs: op.output.map((m) => ({ prop: m.names.cs, type: csType(m, 'out', !outputRequired(m)), doc: m.doc.en, read: fromValue(m, outputRequired(m)) })),
  };
}

/** The library's own top-level types (runtime and generated), which an enum's constants class must not take. */
const LIBRARY_TYPES = 'Appender AppendResult AppendStream RequestBody SignatureVersion ClientOptions CallOptions PresignedRequest ClientCore Crc64 Crc64Digest ErrorXml SdkException ServiceException RequestValidationException ConfigurationException IntegrityException ProtocolException TransportException TransportTimeoutException AppenderCreateOptions Operations Protocol ServiceErrors SigningRequest Signer MemberSpec AppendSpec OperationSpec ErrorFieldSpec Values Monotonic WireRequest WireResponse ITransport HttpClientTransport Validate LimitedStream TrackingStream Call Found ProbeFailedException CrcSink ActivityStream'.split(' ');

export function buildView(ir: IrModel) {
  const ns = ir.service.packages.csharp;
  const p = ir.protocol;
  const ap = p.append;
  const presign = presignParts(ir);
  const scheme = (id: 'v4' | 'v1') => {
    const s = ir.auth.schemes.find((x) => x.id === id);
    if (!s) throw new Error(`the C# emitter needs the ${id} auth scheme`);
    return s;
  };
  const v4 = scheme('v4');
  const v1 = scheme('v1');
  const str = (value: string | undefined) => csString(value ?? '');
  const b = (value: boolean) => (value ? 'true' : 'false');
  type Constant = { type: string; name: string; value: string };
  const c = (type: string, name: string, value: string): Constant => ({ type, name, value });
  const s = (name: string, value: string | undefined) => c('string', name, str(value));
  const protocolGroups: { comment: string; constants: Constant[] }[] = [
    {
      comment: 'The CRC-64 polynomial in normal (unreflected) form; Crc64Check is the CRC-64 of "123456789".',
      constants: [
        c('ulong', 'Crc64Polynomial', hex(p.crc64.polynomial)),
        c('ulong', 'Crc64Init', hex(p.crc64.init)),
        c('ulong', 'Crc64XorOut', hex(p.crc64.xorOut)),
        c('bool', 'Crc64Reflected', b(p.crc64.reflected)),
        c('ulong', 'Crc64Check', hex(p.crc64.check)),
      ],
    },
    {
      comment: 'The error document: its root element, child elements, and the header (lower case) that carries it base64-encoded when the answer has no body; the code a body-less answer gets from its status.',
      constants: [
        s('ErrorRoot', p.errorBody.root),
        s('ErrorCodeElement', p.errorBody.elements.code),
        s('ErrorMessageElement', p.errorBody.elements.message),
        s('ErrorRequestIdElement', p.errorBody.elements.requestId),
        s('ErrorHostIdElement', p.errorBody.elements.hostId),
        s('ErrorEcElement', p.errorBody.elements.ec),
        s('ErrorBodylessHeader', p.errorBody.bodylessHeaderLower),
        s('RequestIdHeader', p.headers.requestId),
        s('ErrorCodeHeader', p.headers.errorCode),
        c('Dictionary<int, string>', 'CodeByStatus', p.statusCodes.length ? `new Dictionary<int, string> { ${p.statusCodes.map((x) => `{ ${x.status}, ${csString(x.error.code)} }`).join(', ')} }` : 'new Dictionary<int, string>()'),
      ],
    },
    {
      comment: 'V4 signs every header with this prefix (V1: every one as a canonical OSS header) and SignedHeaders; the presigned URL query parameters (empty when the model has no presigned form); the query parameters V1 signs (V4 signs all of them).',
      constants: [
        s('SignedHeaderPrefix', p.signing.signedHeaderPrefix),
        c('HashSet<string>', 'SignedHeaders', set(p.signing.signedHeaders)),
        s('V4Algorithm', v4.algorithm),
        s('V4Product', v4.product),
        s('V4SigningKeyPrefix', v4.secretPrefix),
        s('V4ScopeTerminator', v4.scopeTerminator),
        s('V4DateHeader', v4.dateHeader),
        s('V4PayloadHashHeader', v4.payloadHashHeader),
        s('V4PayloadHash', v4.payloadHash),
        s('V1Algorithm', v1.algorithm),
        s('V1DateHeader', v1.dateHeader),
        s('V4PresignAlgorithm', presign?.v4.algorithm),
        s('V4PresignCredential', presign?.v4.credential),
        s('V4PresignDate', presign?.v4.date),
        s('V4PresignExpires', presign?.v4.expires),
        s('V4PresignSignature', presign?.v4.signature),
        s('V4PresignSession', presign?.v4.securityToken),
        s('V4PresignPayloadHash', presign?.v4.payloadHash),
        s('V4PresignAdditionalHeaders', presign?.v4.additionalHeaders),
        c('long', 'V4PresignMaxExpiresSeconds', String(presign?.v4.maxExpiresSeconds ?? 0)),
        s('V1PresignAccessKeyId', presign?.v1.accessKeyId),
        s('V1PresignExpires', presign?.v1.expires),
        s('V1PresignSignature', presign?.v1.signature),
        s('V1PresignSession', presign?.v1.securityToken),
        c('string[]', 'SignedSubresources', csStrings(ir.auth.signedSubresources)),
      ],
    },
    {
      comment: "The model's limits and the codes a refused request carries.",
      constants: [
        c('string', 'InvalidArgument', csString(p.errors.invalidArgument.code)),
        c('string', 'InvalidBucket', csString(p.invalidBucket?.code ?? p.errors.invalidArgument.code)),
        c('int', 'KeyMinBytes', String(ir.limits.objectKey.minBytes)),
        c('int', 'KeyMaxBytes', String(ir.limits.objectKey.maxBytes)),
        c('string[]', 'KeyForbiddenPrefixes', csStrings(ir.limits.objectKey.forbiddenPrefixes)),
        c('string', 'KeyError', csString(ir.limits.objectKey.error)),
        c('long', 'ObjectMaxBytes', `${ir.limits.objectSize.maxBytes}L`),
        c('string', 'ObjectSizeError', csString(ir.limits.objectSize.error)),
        c('long', 'MetadataMaxTotalBytes', `${ir.limits.userMetadata.maxTotalBytes}L`),
        c('string', 'MetadataNamePattern', csString(ir.limits.userMetadata.namePattern)),
        c('int', 'TaggingMaxTags', String(ir.limits.tagging.maxTags)),
        c('int', 'TaggingMaxKeyLength', String(ir.limits.tagging.maxKeyLength)),
        c('int', 'TaggingMaxValueLength', String(ir.limits.tagging.maxValueLength)),
        c('string', 'TaggingCharPattern', csString(ir.limits.tagging.charPattern)),
      ],
    },
    {
      comment: 'Addressing, retries, settings: names of environment variables and of a header, not secrets.',
      constants: [
        c('bool', 'PathStyleForIp', b(ir.endpoint.addressing.pathStyleFor.includes('ip'))),
        c('bool', 'PathStyleForLocalhost', b(ir.endpoint.addressing.pathStyleFor.includes('localhost'))),
        c('int', 'MaxAttempts', String(ir.retry.maxAttempts)),
        c('double', 'BaseDelaySeconds', String(ir.retry.baseDelayMs / 1000)),
        c('double', 'MaxDelaySeconds', String(ir.retry.maxDelayMs / 1000)),
        c('bool', 'HonorRetryAfter', b(ir.retry.honorRetryAfter)),
        c('HashSet<int>', 'RetryableStatuses', `new HashSet<int> { ${ir.retry.retryableStatuses.join(', ')} }`),
        c('string', 'EnvAccessKeyId', csString(ir.service.credentials.accessKeyIdEnv)),
        c('string', 'EnvAccessKeySecret', csString(ir.service.credentials.accessKeySecretEnv)),
        c('string', 'EnvSecurityToken', csString(ir.service.credentials.securityTokenEnv)),
        c('string', 'SecurityTokenHeader', csString(ir.service.credentials.securityTokenHeader)),
        c('string', 'DefaultRegion', csString(ir.service.defaults.region)),
        c('double', 'DefaultTimeoutSeconds', String(ir.service.defaults.timeoutMs / 1000)),
        c('string', 'EndpointTemplate', csString(ir.endpoint.template)),
        c('SignatureVersion', 'DefaultSignatureVersion', csSignatureVersion(ir.auth.default)),
      ],
    },
    {
      comment: 'The append protocol: the append, its probe (the object\'s length, CRC and type) and the ranged read that reads an append back when its outcome is unknown, with the properties each uses; the CRC header and the result property that holds it.',
      constants: [
        s('CrcHeader', ap?.crc.header),
        c('string', 'CrcAttr', attr(ap?.crc)),
        s('AppendOperation', ap?.operation.name),
        c('string', 'AppendBucket', attr(ap?.bucket)),
        c('string', 'AppendKey', attr(ap?.key)),
        c('string', 'AppendBody', attr(ap?.body)),
        s('ProbeOperation', ap?.probe.name),
        c('string', 'ProbeBucket', attr(ap?.probeBucket)),
        c('string', 'ProbeKey', attr(ap?.probeKey)),
        c('string', 'ProbeNextPosition', attr(ap?.probeNextPosition)),
        c('string', 'ProbeLength', attr(ap?.probeLength)),
        c('string', 'ProbeCrc', attr(ap?.probeCrc)),
        c('string', 'ProbeObjectType', attr(ap?.objectType?.member)),
        c('string', 'ProbeRequestId', attr(ap?.probe.output.find((m) => m.headerLower === p.headers.requestId))),
        s('Appendable', ap?.objectType?.appendable),
        s('ReadOperation', ap?.read?.name),
        c('string', 'ReadBucket', attr(ap?.readBucket)),
        c('string', 'ReadKey', attr(ap?.readKey)),
        c('string', 'ReadRange', attr(ap?.readRange)),
        c('string', 'ReadRangeBehavior', attr(ap?.readRangeBehavior)),
        s('RangeStrict', ap?.readRangeBehavior ? p.range?.strict : undefined),
        s('PositionErrorCode', ap?.positionError?.error.code),
        c('string', 'PositionErrorField', attr(ap?.positionError?.field)),
        s('MissingCode', ap?.notFound?.code),
        s('NotAppendableCode', ap?.notAppendable?.code),
      ],
    },
  ];
  const errors = ir.errors.map((e) => ({
    className: e.names.cs,
    code: csString(e.code),
    status: e.status,
    message: csString(e.message),
    retryable: b(e.retryable),
    headline: `${e.code}: ${e.doc.en}\n\n${e.remedy.en}`,
    hasFields: e.fields.length > 0,
    fields: e.fields.map((f) => ({ prop: f.names.cs, type: csType(f, 'out'), key: csString(f.names.cs), doc: f.doc.en })),
    fieldSpecs: `new[] { ${e.fields.map((f) => `new ErrorFieldSpec { Attr = ${csString(f.names.cs)}, Type = ${csString(f.type)}, Header = ${f.header ? csString(f.header) : 'null'}, Element = ${f.xml ? csString(f.xml) : 'null'} }`).join(', ')} }`,
  }));
  const operations = ir.operations.map((op) => operationView(ir, op));
  // The samples start from the model's example of the append operation.
  const example = ir.examples.find((e) => e.operation === ap?.operation.name) ?? ir.examples[0];
  const exampleValues = new Map((example?.input ?? []).map((v) => [v.member.id, v.value]));
  // The example's first-append-only values, as an initializer of the typed create options.
  const exampleCreate = (example?.input ?? []).filter((v) => v.member.firstAppendOnly);
  const createOptions = exampleCreate.map((v) => `${v.member.names.cs} = ${csValue(v.member, v.value)}`);
  // The probe reads some of them back (same member): the simulator test checks that the creating append sent them.
  const probeOutputs = new Set((ap?.probe.output ?? []).map((m) => m.id));
  const createChecks = exampleCreate
    .filter((v) => probeOutputs.has(v.member.id))
    .map((v) => ({ prop: v.member.names.cs, value: csValue(v.member, v.value), isMap: v.member.type === 'map' }));
  // The typed options of the append that creates the object: exactly the append's first-append-only inputs.
  const appenderCreate = ap
    ? {
        className: 'AppenderCreateOptions',
        operation: ap.operation.name,
        members: ap.operation.input
          .filter((m) => m.firstAppendOnly)
          .map((m) => ({
            prop: m.names.cs,
            key: csString(m.names.cs),
            type: csType(m, 'in'),
            doc: `${m.doc.en}${m.firstAppendOnly === 'reject' ? ' The service refuses it on a later append.' : ''}`,
            store: /\?$/.test(csType(m, 'in')) ? `${m.names.cs}.Value` : m.names.cs,
          })),
      }
    : undefined;
  const positionError = ap?.positionError;
  const client = ir.service.clientNames.cs;
  // The allowed values of each enum member as named string constants (ObjectAcl.PublicRead), one static class per
  // member, in the model's order. A class takes the member's name unless a type of the library has it already,
  // then <Name>Values (a hostile model's member named "protocol" or "appender").
  const taken = new Set([...LIBRARY_TYPES, client, ...ir.operations.flatMap((op) => [op.names.input.cs, op.names.output.cs]), ...ir.errors.map((e) => e.names.cs)]);
  const enumMembers = new Map<string, IrMember>();
  for (const op of ir.operations) for (const m of [...op.input, ...op.output]) if (m.enum && m.type === 'string' && !enumMembers.has(m.id)) enumMembers.set(m.id, m);
  const enums = [...enumMembers.values()].map((m) => {
    const className = taken.has(m.names.cs) ? `${m.names.cs}Values` : m.names.cs;
    taken.add(className);
    return { className, member: m.names.cs, doc: m.doc.en, values: m.enum!.map((e) => ({ name: e.cs, value: csString(e.value), raw: e.value })) };
  });
  return {
    namespace: ns,
    assembly: ns,
    /** The generated NUnit tests' assembly, the one friend of the library's internals. */
    testsAssembly: `${ns}.Tests`,
    enums,
    version: ir.service.version,
    license: ir.service.license,
    title: ir.service.title.en,
    summary: ir.service.summary.en,
    clientClass: client,
    clientDoc: `Client for ${ir.service.title.en}. Credentials come from ClientOptions, else from the ${ir.service.credentials.accessKeyIdEnv}, ${ir.service.credentials.accessKeySecretEnv} and ${ir.service.credentials.securityTokenEnv} environment variables; they are never logged nor put in messages. Every operation is asynchronous (Task) and takes a CancellationToken; redirects are never followed.`,
    credentials: ir.service.credentials,
    region: ir.service.defaults.region,
    protocolGroups,
    errors,
    errorsWithFields: errors.filter((e) => e.hasFields),
    operations,
    presignAvailable: presign !== undefined,
    appenderCreate,
    sample: {
      env: ir.service.settingsEnv,
      usage: sampleUsages(),
      signature: ir.auth.default,
      bucket: csString(String((ap && exampleValues.get(ap.bucket.id)) ?? 'examplebucket')),
      key: csString(String((ap && exampleValues.get(ap.key.id)) ?? 'example.log')),
      body: csString(String((ap && exampleValues.get(ap.body.id)) ?? 'hello\n')),
      bodyText: String((ap && exampleValues.get(ap.body.id)) ?? 'hello\n'),
      createOptions: `new AppenderCreateOptions { ${createOptions.join(', ')} }`,
      createChecks,
      getMethod: ap?.read ? `${ap.read.names.cs}Async` : '',
      getRequest: ap?.read?.names.input.cs ?? '',
      presignGetMethod: ap?.read && presign !== undefined ? `Presign${ap.read.names.cs}` : '',
      appendMethod: ap ? `${ap.operation.names.cs}Async` : '',
      appendRequest: ap?.operation.names.input.cs ?? '',
      probeMethod: ap ? `${ap.probe.names.cs}Async` : '',
      probeRequest: ap?.probe.names.input.cs ?? '',
      deleteMethod: `${ir.operations.find((o) => o.http.method === 'DELETE')?.names.cs ?? ''}Async`,
      deleteRequest: ir.operations.find((o) => o.http.method === 'DELETE')?.names.input.cs ?? '',
      positionAttr: ap?.position.names.cs ?? '',
      bodyAttr: ap?.body.names.cs ?? '',
      bucketAttr: ap?.bucket.names.cs ?? '',
      keyAttr: ap?.key.names.cs ?? '',
      nextPositionAttr: ap?.nextPosition.names.cs ?? '',
      missingError: ap?.notFound?.names.cs ?? 'ServiceException',
      appendOperation: ap?.operation.name ?? '',
      serverErrorCode: ir.errors.find((e) => e.status >= 500 && e.retryable)?.code ?? '',
      readBody: ap?.readBody?.names.cs ?? '',
      positionError: positionError?.error.names.cs ?? 'ServiceException',
      positionField: positionError?.field.names.cs ?? '',
    },
    tests: testsView(ir),
  };
}
