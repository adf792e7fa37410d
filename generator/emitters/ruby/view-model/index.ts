/**
 * The Ruby view model: every name and literal the templates under templates/ruby/ print is decided from
 * the IR here (service settings, protocol constants for the static runtime, operation specs, error
 * classes, result structs, client methods, samples) and in tests.ts (the generated minitest data).
 * Templates only print these fields.
 */
import type { IrMember, IrModel, IrOperation } from '../../../ir/types.js';
import { splitWords, toPascal } from '../../../ir/naming.js';
import { presignParts } from '../../presign.js';
import { wrapLine } from '../../../render/wrap.js';
import { rbComment, rbString, rbSymbol, rbWrapped } from '../helpers.js';
import { rbStrings, rbValue } from './literals.js';
import { testsView } from './tests.js';
import { sampleUsages } from '../../sample-ids.js';

export type RubyView = ReturnType<typeof buildView>;

/** The gem's top-level module, from its name: `oss_append` → `OssAppend`. */
export function moduleName(gem: string): string {
  return toPascal(splitWords(gem));
}

/** Lines of a non-interpolating `<<~'TEXT'` heredoc: one line of text, wrapped, none that could end it. */
const heredoc = (text: string) => wrapLine(rbComment(text), 100).map((line) => (line.trim() === 'TEXT' ? `${line}.` : line));

const hex = (decimal: string) => `0x${BigInt(decimal).toString(16).toUpperCase().padStart(16, '0')}`;
const sym = (m: IrMember | undefined) => (m ? rbSymbol(m.names.rb) : 'nil');

function memberSpec(m: IrMember): string {
  const wire = m.header ?? m.prefix ?? m.queryName;
  const args = [
    `attr: ${rbSymbol(m.names.rb)}`,
    `model: ${rbString(m.id)}`,
    `location: ${rbString(m.location)}`,
    `wire: ${wire === undefined ? 'nil' : rbString(wire)}`,
    `type: ${rbString(m.type)}`,
  ];
  if (m.format) args.push(`format: ${rbString(m.format)}`);
  if (m.enum) args.push(`enum: ${rbStrings(m.enum.map((e) => e.value))}`);
  if (m.required) args.push('required: true');
  if (m.minimum !== undefined) args.push(`minimum: ${m.minimum}`);
  if (m.firstAppendOnly) args.push(`first_append_only: ${rbString(m.firstAppendOnly)}`);
  return `Spec::Member.new(${args.join(', ')})`;
}

function operationView(ir: IrModel, op: IrOperation) {
  const ap = ir.protocol.append;
  const errorByCode = new Map(ir.errors.map((e) => [e.code, e]));
  const required = op.input.filter((m) => m.required);
  const optional = op.input.filter((m) => !m.required);
  const params = [...required.map((m) => `${m.names.rb}:`), ...optional.map((m) => `${m.names.rb}: nil`)];
  // Required keywords first (RuboCop's Style/KeywordParametersOrder), the validity among them.
  const presignParams = [
    ...required.filter((m) => m.location !== 'body').map((m) => `${m.names.rb}:`),
    'expires_seconds:',
    ...optional.filter((m) => m.location !== 'body').map((m) => `${m.names.rb}: nil`),
    'auth: nil',
    'additional_headers: []',
  ];
  const isAppend = ap !== undefined && op === ap.operation;
  const extra = isAppend ? ['previous_crc: nil'] : op.outputBody ? ['sink: nil'] : [];
  return {
    name: rbString(op.name),
    rawName: op.name,
    method: op.names.rb,
    resultClass: op.names.output.rb,
    summary: op.summary.en,
    doc: op.doc.en,
    // Wrapped under the first parameter (`    def name(`) and the first key (`      values = { `).
    params: rbWrapped([...params, ...extra, 'operation_timeout: nil'], 4 + 4 + op.names.rb.length + 1),
    presignParams: rbWrapped(presignParams, 4 + 4 + 'presign_'.length + op.names.rb.length + 1),
    values: `{ ${rbWrapped(op.input.map((m) => `${m.names.rb}: ${m.names.rb}`), 6 + 'values = { '.length)} }`,
    presignValues: `{ ${rbWrapped(op.input.filter((m) => m.location !== 'body').map((m) => `${m.names.rb}: ${m.names.rb}`), 6 + 'values = { '.length)} }`,
    raisesDoc: `Raises a ServiceError subclass for each error the service returns (${op.errors.map((c) => errorByCode.get(c)?.names.rb ?? 'ServiceError').join(', ')}; the base class for a code the model does not name), ProtocolError for an answer that cannot be believed, TransportError when the exchange failed, RequestValidationError (nothing sent) for a request the model's rules refuse.`,
    invokeExtra: isAppend ? ', previous_crc: previous_crc' : op.outputBody ? ', sink: sink' : '',
    isAppend,
    hasSink: op.outputBody !== undefined,
    httpMethod: rbString(op.http.method),
    flags: rbStrings(op.http.flags),
    errors: rbStrings(op.errors),
    specInputs: op.input.map(memberSpec),
    specOutputs: op.output.map(memberSpec),
    append: isAppend ? `Spec::Append.new(position: ${sym(ap.position)}, next_position: ${sym(ap.nextPosition)}, crc: ${sym(ap.crc)})` : 'nil',
    outputs: op.output.map((m) => ({ attr: rbSymbol(m.names.rb), doc: m.doc.en })),
  };
}

export function buildView(ir: IrModel) {
  const gem = ir.service.packages.ruby;
  const mod = moduleName(gem);
  const p = ir.protocol;
  const ap = p.append;
  const presign = presignParts(ir);
  const scheme = (id: 'v4' | 'v1') => {
    const s = ir.auth.schemes.find((x) => x.id === id);
    if (!s) throw new Error(`the Ruby emitter needs the ${id} auth scheme`);
    return s;
  };
  const v4 = scheme('v4');
  const v1 = scheme('v1');
  const s = (value: string | undefined) => rbString(value ?? '');
  const errors = ir.errors.map((e) => ({
    className: e.names.rb,
    code: rbString(e.code),
    status: e.status,
    message: rbString(e.message),
    retryable: e.retryable ? 'true' : 'false',
    headline: `${e.code}: ${e.doc.en}\n\n${e.remedy.en}`,
    hasFields: e.fields.length > 0,
    fieldAttrs: e.fields.map((f) => rbSymbol(f.names.rb)).join(', '),
    fieldParams: e.fields.map((f) => `${f.names.rb}: nil`).join(', '),
    fields: e.fields.map((f) => ({ attr: f.names.rb, doc: f.doc.en })),
    fieldSpecs: `[${e.fields.map((f) => `[${rbSymbol(f.names.rb)}, ${rbString(f.type)}, ${f.header ? rbString(f.header) : 'nil'}, ${f.xml ? rbString(f.xml) : 'nil'}]`).join(', ')}]`,
  }));
  const operations = ir.operations.map((op) => operationView(ir, op));
  // The samples start from the model's example of the append operation.
  const example = ir.examples.find((e) => e.operation === ap?.operation.name) ?? ir.examples[0];
  const exampleValues = new Map((example?.input ?? []).map((v) => [v.member.id, v.value]));
  const createOptions = (example?.input ?? []).filter((v) => v.member.firstAppendOnly).map((v) => `${v.member.names.rb}: ${rbValue(v.member, v.value)}`);
  const positionError = ap?.positionError;
  const notFound = ap?.notFound;
  return {
    gem,
    module: mod,
    version: rbString(ir.service.version),
    versionText: ir.service.version,
    license: rbString(ir.service.license),
    title: ir.service.title.en,
    mainDoc: `${ir.service.title.en}: a client generated from the service's model, on Ruby's standard library only.`,
    clientDoc: `Client for ${ir.service.title.en}.`,
    summaryLines: heredoc(ir.service.title.en),
    // Lines of a non-interpolating heredoc: one line each, none that could end it.
    descriptionLines: heredoc(ir.service.summary.en),
    clientClass: ir.service.clientNames.rb,
    credentials: ir.service.credentials,
    region: ir.service.defaults.region,
    proto: {
      crc64: { polynomial: hex(p.crc64.polynomial), init: hex(p.crc64.init), xorOut: hex(p.crc64.xorOut), reflected: String(p.crc64.reflected), check: hex(p.crc64.check) },
      errorRoot: s(p.errorBody.root),
      errorCode: s(p.errorBody.elements.code),
      errorMessage: s(p.errorBody.elements.message),
      errorRequestId: s(p.errorBody.elements.requestId),
      errorHostId: s(p.errorBody.elements.hostId),
      errorEc: s(p.errorBody.elements.ec),
      bodylessHeader: s(p.errorBody.bodylessHeaderLower),
      requestIdHeader: s(p.headers.requestId),
      errorCodeHeader: s(p.headers.errorCode),
      signedHeaderPrefix: s(p.signing.signedHeaderPrefix),
      signedHeaders: rbStrings(p.signing.signedHeaders),
      v4: {
        algorithm: s(v4.algorithm),
        product: s(v4.product),
        secretPrefix: s(v4.secretPrefix),
        scopeTerminator: s(v4.scopeTerminator),
        dateHeader: s(v4.dateHeader),
        payloadHashHeader: s(v4.payloadHashHeader),
        payloadHash: s(v4.payloadHash),
      },
      v1: { algorithm: s(v1.algorithm), dateHeader: s(v1.dateHeader) },
      presign: {
        v4: {
          algorithm: s(presign?.v4.algorithm),
          credential: s(presign?.v4.credential),
          date: s(presign?.v4.date),
          expires: s(presign?.v4.expires),
          signature: s(presign?.v4.signature),
          session: s(presign?.v4.securityToken),
          payloadHash: s(presign?.v4.payloadHash),
          additionalHeaders: s(presign?.v4.additionalHeaders),
          maxExpiresSeconds: presign?.v4.maxExpiresSeconds ?? 0,
        },
        v1: {
          accessKeyId: s(presign?.v1.accessKeyId),
          expires: s(presign?.v1.expires),
          signature: s(presign?.v1.signature),
          session: s(presign?.v1.securityToken),
        },
      },
      signedSubresources: rbStrings(ir.auth.signedSubresources, 4 + 'SIGNED_SUBRESOURCES = '.length),
      invalidArgument: rbString(p.errors.invalidArgument.code),
      invalidBucket: rbString(p.invalidBucket?.code ?? p.errors.invalidArgument.code),
      limits: {
        keyMin: ir.limits.objectKey.minBytes,
        keyMax: ir.limits.objectKey.maxBytes,
        keyPrefixes: rbStrings(ir.limits.objectKey.forbiddenPrefixes),
        keyError: rbString(ir.limits.objectKey.error),
        objectMax: ir.limits.objectSize.maxBytes,
        objectError: rbString(ir.limits.objectSize.error),
        metadataMax: ir.limits.userMetadata.maxTotalBytes,
        metadataPattern: rbString(ir.limits.userMetadata.namePattern),
        tagsMax: ir.limits.tagging.maxTags,
        tagKeyMax: ir.limits.tagging.maxKeyLength,
        tagValueMax: ir.limits.tagging.maxValueLength,
        tagPattern: rbString(ir.limits.tagging.charPattern),
      },
      pathStyleForIp: String(ir.endpoint.addressing.pathStyleFor.includes('ip')),
      pathStyleForLocalhost: String(ir.endpoint.addressing.pathStyleFor.includes('localhost')),
      retry: {
        maxAttempts: ir.retry.maxAttempts,
        baseDelay: String(ir.retry.baseDelayMs / 1000),
        maxDelay: String(ir.retry.maxDelayMs / 1000),
        honorRetryAfter: String(ir.retry.honorRetryAfter),
        statuses: `[${ir.retry.retryableStatuses.join(', ')}]`,
      },
      crcHeader: s(ap?.crc.header),
      crcAttr: sym(ap?.crc),
      codeByStatus: `{ ${rbWrapped(p.statusCodes.map((c) => `${c.status} => ${rbString(c.error.code)}`), 4 + 'CODE_BY_STATUS = { '.length)} }`,
      env: {
        accessKeyId: rbString(ir.service.credentials.accessKeyIdEnv),
        accessKeySecret: rbString(ir.service.credentials.accessKeySecretEnv),
        securityToken: rbString(ir.service.credentials.securityTokenEnv),
      },
      securityTokenHeader: rbString(ir.service.credentials.securityTokenHeader),
      defaultRegion: rbString(ir.service.defaults.region),
      defaultTimeout: String(ir.service.defaults.timeoutMs / 1000),
      endpointTemplate: rbString(ir.endpoint.template),
      defaultAuth: rbString(ir.auth.default),
      append: {
        operation: s(ap?.operation.name),
        bucket: sym(ap?.bucket),
        key: sym(ap?.key),
        body: sym(ap?.body),
        probe: s(ap?.probe.name),
        probeBucket: sym(ap?.probeBucket),
        probeKey: sym(ap?.probeKey),
        probeNextPosition: sym(ap?.probeNextPosition),
        probeLength: sym(ap?.probeLength),
        probeCrc: sym(ap?.probeCrc),
        probeObjectType: sym(ap?.objectType?.member),
        probeRequestId: sym(ap?.probe.output.find((m) => m.headerLower === p.headers.requestId)),
        appendable: s(ap?.objectType?.appendable),
        read: s(ap?.read?.name),
        readBucket: sym(ap?.readBucket),
        readKey: sym(ap?.readKey),
        readRange: sym(ap?.readRange),
        readRangeBehavior: sym(ap?.readRangeBehavior),
        rangeStrict: s(ap?.readRangeBehavior ? p.range?.strict : undefined),
        positionErrorCode: s(positionError?.error.code),
        positionErrorField: sym(positionError ? ({ names: positionError.field.names } as IrMember) : undefined),
        missingCode: s(notFound?.code),
        notAppendableCode: s(ap?.notAppendable?.code),
      },
    },
    errors,
    errorsWithFields: errors.filter((e) => e.hasFields),
    operations,
    results: operations.map((o) => ({ className: o.resultClass, name: o.name, summary: `What ${o.rawName} returns. Members:\n${o.outputs.map((m) => `- ${m.attr.replace(/^:/, '')}: ${m.doc}`).join('\n')}`, members: rbWrapped([...o.outputs.map((m) => m.attr), 'keyword_init: true'], 2 + o.resultClass.length + ' = Struct.new('.length), outputs: o.outputs })),
    sample: {
      env: ir.service.settingsEnv,
      usage: sampleUsages(),
      signature: ir.auth.default,
      bucket: rbString(String((ap && exampleValues.get(ap.bucket.id)) ?? 'examplebucket')),
      key: rbString(String((ap && exampleValues.get(ap.key.id)) ?? 'example.log')),
      body: rbString(String((ap && exampleValues.get(ap.body.id)) ?? 'hello\n')),
      bodyText: String((ap && exampleValues.get(ap.body.id)) ?? 'hello\n'),
      createOptionsInline: createOptions.length ? `{ ${createOptions.join(', ')} }` : '{}',
      // One option a line, under the assignment (`  create_options = {`).
      createOptions: createOptions.length ? `{\n${createOptions.map((o) => `    ${o}`).join(',\n')}\n  }` : '{}',
      getMethod: ap?.read?.names.rb ?? '',
      appendMethod: ap?.operation.names.rb ?? '',
      probeMethod: ap?.probe.names.rb ?? '',
      metaMethod: ir.operations.find((o) => o.http.flags.length > 0 && o !== ap?.operation && o.http.method === ap?.probe.http.method)?.names.rb ?? '',
      deleteMethod: ir.operations.find((o) => o.http.method === 'DELETE')?.names.rb ?? '',
      positionAttr: ap?.position.names.rb ?? '',
      bodyAttr: ap?.body.names.rb ?? '',
      nextPositionAttr: ap?.nextPosition.names.rb ?? '',
      missingError: ap?.notFound?.names.rb ?? 'ServiceError',
      appendOperation: ap?.operation.name ?? '',
      // A retryable server error the simulator can inject (appender_test's 5xx fault).
      serverErrorCode: ir.errors.find((e) => e.status >= 500 && e.retryable)?.code ?? '',
      readBody: ap?.readBody?.names.rb ?? '',
      positionError: positionError?.error.names.rb ?? 'ServiceError',
      positionField: positionError?.field.names.rb ?? '',
    },
    presignAvailable: presign !== undefined,
    tests: testsView(ir, mod),
  };
}
