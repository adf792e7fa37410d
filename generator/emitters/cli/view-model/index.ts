/**
 * The CLI view model: everything the templates print, decided from the IR. The tool is described
 * as data (runtime/cli/describe.go): one entry per operation with its members as flags and
 * printed fields, plus the few names the task commands need: the probe (stat, resume), the ranged
 * read (cat), the delete (rm), the operations a URL can be presigned for, and the Go client's
 * names for each. Every name comes from the IR (`names.cli` for the command line, `names.go` for
 * the client); nothing here knows the service.
 */
import type { IrMember, IrModel, IrOperation } from '../../../ir/types.js';
import { presignParts } from '../../presign.js';

export interface CliMemberView {
  id: string;
  flag: string;
  field: string;
  kind: string;
  enumValues: string[];
  required: boolean;
  target: string;
  docEn: string;
  docZh: string;
}

export interface CliOperationView {
  name: string;
  summaryEn: string;
  summaryZh: string;
  docEn: string;
  docZh: string;
  inputType: string;
  method: string;
  inputs: CliMemberView[];
  outputs: CliMemberView[];
}

export interface CliPresignView {
  name: string;
  method: string;
  inputType: string;
  bucketField: string;
  keyField: string;
}

export interface CliViewModel {
  modulePath: string;
  clientModule: string;
  packageName: string;
  goVersion: string;
  programName: string;
  version: string;
  titleEn: string;
  titleZh: string;
  summaryEn: string;
  urlScheme: string;
  configFileName: string;
  /** The samples' variables for the bucket, key and file (service.settingsEnv). */
  sampleEnv: { bucket: string; key: string; file: string };
  env: { endpoint: string; region: string; accessKeyId: string; accessKeySecret: string; securityToken: string };
  operations: CliOperationView[];
  probe: {
    command: string;
    method: string;
    inputType: string;
    bucketField: string;
    keyField: string;
    lengthField: string;
    nextPositionField: string;
    crcField: string;
    objectTypeField: string;
    appendableValue: string;
  };
  /** The probe's not-found error type; empty when the model names none (then any 404 answer means no object). */
  notFoundError: string;
  /** `rangeBehaviorField`/`strictRange`: set on a ranged cat, so a range the object cannot serve is an error, not the whole object. */
  read: { command: string; operation: string; method: string; inputType: string; bucketField: string; keyField: string; rangeField: string; bodyField: string; rangeBehaviorField: string; strictRange: string };
  hasPresign: boolean;
  remove?: { command: string; method: string; inputType: string; bucketField: string; keyField: string };
  presign: CliPresignView[];
  presignNames: string[];
  /** Names the samples and the generated tests use. */
  example: { bucket: string; key: string; body: string };
  appendCommand: string;
  /** What the generated tests need: the simulator's credentials and region, and the append operation's help texts. */
  tests: { accessKeyId: string; accessKeySecret: string; region: string; appendSummaryEn: string; appendSummaryZh: string; positionFlag: string; appendOperation: string; probeOperation: string; bodyFlag: string; nextPositionId: string; probeLengthId: string };
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`cli emitter: the model has no ${what}`);
  return value;
}

function memberView(m: IrMember): CliMemberView {
  return {
    id: m.id,
    flag: m.names.cli,
    field: m.names.go,
    kind: m.type,
    enumValues: (m.enum ?? []).map((e) => e.value),
    required: m.required,
    target: m.location === 'host' ? 'bucket' : m.location === 'path' ? 'key' : '',
    docEn: m.doc.en,
    docZh: m.doc.zh,
  };
}

function operationView(op: IrOperation): CliOperationView {
  return {
    name: op.names.cli,
    summaryEn: op.summary.en,
    summaryZh: op.summary.zh,
    docEn: op.doc.en,
    docZh: op.doc.zh,
    inputType: op.names.input.go,
    method: op.names.go,
    inputs: op.input.map(memberView),
    outputs: op.output.map(memberView),
  };
}

const byLocation = (op: IrOperation, location: IrMember['location']) => need(op.input.find((m) => m.location === location), `${location} input of ${op.name}`);

export function buildCliViewModel(ir: IrModel): CliViewModel {
  const clientModule = ir.service.packages.go;
  const packageName = clientModule.slice(clientModule.lastIndexOf('/') + 1);
  const protocol = need(ir.protocol.append, 'append protocol (protocol.append)');
  const read = need(protocol.read, 'ranged read (protocol.append.read)');
  // `rm` needs a delete operation; a model without one gets a tool whose rm says so.
  const remove = ir.operations.find((o) => o.http.method === 'DELETE');
  // The tool reads the model's variables: its settings from service.settingsEnv, as every sample does.
  const credentials = ir.service.credentials;
  // A URL can be presigned for an operation whose required inputs are only the bucket, the key and a body:
  // the ranged read first (the default of `presign`).
  const presignable = [read, ...ir.operations.filter((o) => o !== read)].filter((o) => o.input.every((m) => !m.required || m.location === 'host' || m.location === 'path' || m.location === 'body'));
  const example = ir.examples.find((e) => e.operation === protocol.operation.name);
  const exampleValue = (id: string) => example?.input.find((v) => v.member.id === id)?.value;
  return {
    modulePath: `${clientModule}-cli`,
    clientModule,
    packageName,
    goVersion: '1.22',
    programName: packageName,
    version: ir.service.version,
    titleEn: ir.service.title.en,
    titleZh: ir.service.title.zh,
    summaryEn: ir.service.summary.en,
    urlScheme: ir.service.id,
    configFileName: '.ossgen-cli.ini',
    sampleEnv: { bucket: ir.service.settingsEnv.bucket, key: ir.service.settingsEnv.key, file: ir.service.settingsEnv.file },
    env: {
      endpoint: ir.service.settingsEnv.endpoint,
      region: ir.service.settingsEnv.region,
      accessKeyId: credentials.accessKeyIdEnv,
      accessKeySecret: credentials.accessKeySecretEnv,
      securityToken: credentials.securityTokenEnv,
    },
    operations: ir.operations.map(operationView),
    probe: {
      command: protocol.probe.names.cli,
      method: protocol.probe.names.go,
      inputType: protocol.probe.names.input.go,
      bucketField: protocol.probeBucket.names.go,
      keyField: protocol.probeKey.names.go,
      lengthField: protocol.probeLength?.names.go ?? '',
      nextPositionField: protocol.probeNextPosition.names.go,
      crcField: protocol.probeCrc?.names.go ?? '',
      objectTypeField: protocol.objectType?.member.names.go ?? '',
      appendableValue: protocol.objectType?.appendable ?? '',
    },
    notFoundError: protocol.notFound?.names.go ?? '',
    read: {
      command: read.names.cli,
      operation: read.name,
      method: read.names.go,
      inputType: read.names.input.go,
      bucketField: need(protocol.readBucket, 'read bucket').names.go,
      keyField: need(protocol.readKey, 'read key').names.go,
      rangeField: need(protocol.readRange, 'read range').names.go,
      bodyField: need(protocol.readBody, 'read body').names.go,
      rangeBehaviorField: protocol.readRangeBehavior && ir.protocol.range ? protocol.readRangeBehavior.names.go : '',
      strictRange: protocol.readRangeBehavior && ir.protocol.range ? ir.protocol.range.strict : '',
    },
    hasPresign: presignParts(ir) !== undefined,
    ...(remove
      ? {
          remove: {
            command: remove.names.cli,
            method: remove.names.go,
            inputType: remove.names.input.go,
            bucketField: byLocation(remove, 'host').names.go,
            keyField: byLocation(remove, 'path').names.go,
          },
        }
      : {}),
    // The Go client presigns only when the model has both schemes' query-string forms.
    presign: (presignParts(ir) ? presignable : []).map((o) => ({
      name: o.names.cli,
      method: `Presign${o.names.go}`,
      inputType: o.names.input.go,
      bucketField: byLocation(o, 'host').names.go,
      keyField: byLocation(o, 'path').names.go,
    })),
    presignNames: (presignParts(ir) ? presignable : []).map((o) => o.names.cli),
    example: {
      bucket: String(exampleValue('bucket') ?? 'examplebucket'),
      key: String(exampleValue('key') ?? 'logs/app.log'),
      body: String(exampleValue('body') ?? 'hello\n'),
    },
    appendCommand: protocol.operation.names.cli,
    tests: {
      accessKeyId: ir.tests.credentials.accessKeyId,
      accessKeySecret: ir.tests.credentials.accessKeySecret,
      region: ir.service.defaults.region,
      appendSummaryEn: protocol.operation.summary.en,
      appendSummaryZh: protocol.operation.summary.zh,
      positionFlag: protocol.position.names.cli,
      appendOperation: protocol.operation.name,
      probeOperation: protocol.probe.name,
      bodyFlag: protocol.body.names.cli,
      nextPositionId: protocol.nextPosition.id,
      probeLengthId: (protocol.probeLength ?? protocol.probeNextPosition).id,
    },
  };
}
