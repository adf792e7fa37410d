/**
 * Stage 3, build the IR from a model that passed validation: resolve `use:` references, decide
 * every name (naming.ts), bind test values to their members, sort collections. Name collisions
 * that only appear after conversion to a language's casing are reported here (M029).
 */
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { normalizeValue } from '../load/check-values.js';
import { locate, type LoadedModel } from '../load/load-model.js';
import { resolveMembers, type ResolvedMember } from '../load/resolve-members.js';
import type { Expectation, ModelDef, OperationDef, SettingsEnv, Values } from '../model/types.js';
import { buildPresign, buildProtocol } from './build-protocol.js';
import { clientNames, enumValuesNames, errorNames, memberNames, operationNames, type LanguageNames, type NameKey, type Namer } from './naming.js';
import type { IrError, IrErrorField, IrExpectation, IrMember, IrModel, IrOperation, IrValue } from './types.js';

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export interface BuildIrResult {
  ir?: IrModel;
  diagnostics: Diagnostic[];
}

/**
 * `namers` are the languages' naming rules (emitters/languages.ts NAMERS): every IR name carries
 * one identifier per namer, decided here once.
 */
export function buildIr(model: ModelDef, loaded: LoadedModel, source: string, namers: readonly Namer[]): BuildIrResult {
  const diagnostics: Diagnostic[] = [];
  const cPrefix = model.service.packages.c;
  const keys = namers.map((n) => n.key);

  const operations: IrOperation[] = model.operations.map((op, oi) => buildOperation(model, op, oi, cPrefix, namers, loaded, diagnostics));
  operations.sort((a, b) => byString(a.name, b.name));
  checkCollisions(
    operations.map((o) => ({ names: o.names, path: `/operations/${model.operations.findIndex((m) => m.name === o.name)}/name` })),
    keys,
    'operation',
    loaded,
    diagnostics,
  );

  const errors: IrError[] = model.errors
    .map((e) => ({
      code: e.code,
      names: errorNames(e.code, cPrefix, namers),
      status: e.status,
      ...(e.ec ? { ec: e.ec } : {}),
      retryable: e.retryable,
      message: e.message,
      fields: (e.fields ?? []).map(
        (f): IrErrorField => ({
          id: f.name,
          names: memberNames(f.name, namers),
          ...(f.header ? { header: f.header, headerLower: f.header.toLowerCase() } : {}),
          ...(f.xml ? { xml: f.xml } : {}),
          type: f.type,
          doc: f.doc,
        }),
      ),
      doc: e.doc,
      remedy: e.remedy,
      operations: model.operations
        .filter((o) => o.errors.includes(e.code))
        .map((o) => o.name)
        .sort(byString),
    }))
    .sort((a, b) => byString(a.code, b.code));
  checkCollisions(
    errors.map((e) => ({ names: e.names, path: `/errors/${model.errors.findIndex((m) => m.code === e.code)}/code` })),
    keys,
    'error',
    loaded,
    diagnostics,
  );

  const opByName = new Map(operations.map((o) => [o.name, o]));
  const errorByCode = new Map(errors.map((e) => [e.code, e]));
  // Own properties only: a member named `constructor` must not bind Object.prototype.constructor.
  const bind = (members: IrMember[], values: Values): IrValue[] =>
    members.filter((m) => Object.hasOwn(values, m.id)).map((member) => ({ member, value: normalizeValue(member.type, values[member.id]) }));
  const expectation = (op: IrOperation, expect: Expectation): IrExpectation => {
    if (expect.error) {
      const error = errorByCode.get(expect.error.code)!;
      return {
        kind: 'error',
        error: {
          code: expect.error.code,
          status: expect.error.status,
          ...(expect.error.requestId !== undefined ? { requestId: expect.error.requestId } : {}),
          ...(expect.error.hostId !== undefined ? { hostId: expect.error.hostId } : {}),
          ...(expect.error.ec !== undefined ? { ec: expect.error.ec } : {}),
          fields: error.fields
            .filter((f) => expect.error!.fields && f.id in expect.error!.fields)
            .map((field) => ({ field, value: normalizeValue(field.type, expect.error!.fields![field.id]) })),
        },
      };
    }
    return { kind: 'output', output: bind(op.output, expect.output ?? {}) };
  };

  const ir: IrModel = {
    source,
    service: {
      id: model.service.id,
      name: model.service.name,
      title: model.service.title,
      summary: model.service.summary,
      version: model.service.version,
      license: model.service.license,
      ...(model.service.repository ? { repository: model.service.repository } : {}),
      packages: {
        ...model.service.packages,
        java: model.service.packages.java ?? `ossgen.${model.service.packages.python}`,
        cpp: model.service.packages.cpp ?? model.service.packages.python,
        php: model.service.packages.php ?? `ossgen/${model.service.packages.python.replace(/_/g, '-')}`,
        ruby: model.service.packages.ruby ?? model.service.packages.python,
        // C#: the namespace, PascalCase words of the python package (oss_append -> OssAppend).
        csharp: model.service.packages.csharp ?? model.service.packages.python.split('_').filter((w) => w).map((w) => w[0]!.toUpperCase() + w.slice(1)).join(''),
      },
      clientNames: clientNames(model.service.name, cPrefix, namers),
      credentials: model.service.credentials,
      settingsEnv: settingsEnv(model.service.id, model.service.settingsEnv),
      defaults: model.service.defaults,
    },
    endpoint: model.endpoint,
    auth: {
      default: model.auth.default,
      schemes: [...model.auth.schemes]
        .sort((a, b) => byString(a.id, b.id))
        .map(({ presign, ...scheme }) => ({ ...scheme, ...(presign ? { presign: buildPresign(presign, errors) } : {}) })),
      signedSubresources: [...model.auth.signedSubresources].sort(byString),
    },
    retry: model.retry,
    protocol: buildProtocol(model, operations, errors),
    limits: model.limits,
    objectTypes: model.objectTypes ?? [],
    notes: model.notes ?? [],
    decisions: model.decisions ?? [],
    operations,
    errors,
    examples: (model.examples ?? [])
      .map((ex) => ({ id: ex.id, operation: ex.operation, title: ex.title, input: bind(opByName.get(ex.operation)!.input, ex.input) }))
      .sort((a, b) => byString(a.id, b.id)),
    tests: {
      credentials: model.tests.credentials,
      requests: model.tests.requests
        .map((t) => ({
          id: t.id,
          doc: t.doc,
          operation: t.operation,
          auth: t.auth,
          region: t.region,
          endpoint: t.endpoint,
          time: t.time,
          epochSeconds: Math.floor(Date.parse(t.time) / 1000),
          input: bind(opByName.get(t.operation)!.input, t.input),
          expect: {
            ...t.expect,
            headers: Object.entries(t.expect.headers)
              .map(([name, value]) => ({ name: name.toLowerCase(), value }))
              .sort((a, b) => byString(a.name, b.name)),
          },
        }))
        .sort((a, b) => byString(a.id, b.id)),
      presigned: (model.tests.presigned ?? [])
        .map((t) => ({
          id: t.id,
          doc: t.doc,
          operation: t.operation,
          auth: t.auth,
          region: t.region,
          endpoint: t.endpoint,
          time: t.time,
          epochSeconds: Math.floor(Date.parse(t.time) / 1000),
          expiresSeconds: t.expiresSeconds,
          ...(t.securityToken !== undefined ? { securityToken: t.securityToken } : {}),
          input: bind(opByName.get(t.operation)!.input, t.input),
          expect: {
            method: t.expect.method,
            host: t.expect.host,
            path: t.expect.path,
            query: t.expect.query,
            headers: Object.entries(t.expect.headers ?? {})
              .map(([name, value]) => ({ name: name.toLowerCase(), value }))
              .sort((a, b) => byString(a.name, b.name)),
          },
        }))
        .sort((a, b) => byString(a.id, b.id)),
      responses: model.tests.responses
        .map((t) => ({
          id: t.id,
          operation: t.operation,
          status: t.status,
          headers: Object.entries(t.headers)
            .map(([name, value]) => ({ name: name.toLowerCase(), value }))
            .sort((a, b) => byString(a.name, b.name)),
          body: t.body,
          expect: expectation(opByName.get(t.operation)!, t.expect),
        }))
        .sort((a, b) => byString(a.id, b.id)),
      scenarios: model.tests.scenarios
        .map((s) => {
          const credentials = s.credentials ?? model.tests.credentials;
          return {
            id: s.id,
            doc: s.doc,
            bucket: s.bucket,
            key: s.key,
            credentials,
            badCredentials:
              credentials.accessKeyId !== model.tests.credentials.accessKeyId ||
              credentials.accessKeySecret !== model.tests.credentials.accessKeySecret,
            auth: s.auth ?? model.auth.default,
            steps: s.steps.map((step, index) => {
              const op = opByName.get(step.call)!;
              const values: Values = { ...step.input };
              for (const m of op.input) {
                if (m.location === 'host' && !Object.hasOwn(values, m.id)) values[m.id] = s.bucket;
                if (m.location === 'path' && !Object.hasOwn(values, m.id)) values[m.id] = s.key;
              }
              return { index, call: step.call, input: bind(op.input, values), expect: expectation(op, step.expect) };
            }),
          };
        })
        .sort((a, b) => byString(a.id, b.id)),
    },
  };
  return diagnostics.length > 0 ? { diagnostics } : { ir, diagnostics };
}

function buildOperation(model: ModelDef, op: OperationDef, oi: number, cPrefix: string, namers: readonly Namer[], loaded: LoadedModel, diagnostics: Diagnostic[]): IrOperation {
  const keys = namers.map((n) => n.key);
  const firstOnly = new Map((op.append?.firstAppendOnly ?? []).map((f) => [f.member, f.later]));
  const toIr = (m: ResolvedMember, list: 'input' | 'output'): IrMember => ({
    id: m.name,
    names: memberNames(m.name, namers),
    location: m.location,
    ...(m.header ? { header: m.header, headerLower: m.header.toLowerCase() } : {}),
    ...(m.prefix ? { prefix: m.prefix.toLowerCase() } : {}),
    ...(m.wireName ? { queryName: m.wireName } : {}),
    ...(m.responseHeader ? { responseHeader: m.responseHeader, responseHeaderLower: m.responseHeader.toLowerCase() } : {}),
    type: m.type,
    ...(m.format ? { format: m.format } : {}),
    ...(m.enum ? { enum: enumValuesNames(m.name, m.enum, cPrefix, namers) } : {}),
    required: m.required ?? false,
    ...(m.minimum !== undefined ? { minimum: m.minimum } : {}),
    doc: m.doc,
    ...(m.example !== undefined ? { example: normalizeValue(m.type, m.example) } : {}),
    ...(list === 'input' && firstOnly.has(m.name) ? { firstAppendOnly: firstOnly.get(m.name)! } : {}),
  });
  const input = resolveMembers(model, op.input).members.map((m) => toIr(m, 'input'));
  const output = resolveMembers(model, op.output).members.map((m) => toIr(m, 'output'));
  for (const [list, members] of [['input', input], ['output', output]] as const) {
    checkCollisions(
      members.map((m, i) => ({ names: m.names, path: `/operations/${oi}/${list}/${i}` })),
      keys,
      `${op.name} ${list} member`,
      loaded,
      diagnostics,
    );
  }
  const inputBody = input.find((m) => m.location === 'body');
  const outputBody = output.find((m) => m.location === 'body');
  return {
    name: op.name,
    names: operationNames(op.name, cPrefix, namers),
    summary: op.summary,
    doc: op.doc,
    http: {
      method: op.http.method,
      path: op.http.path,
      flags: (op.http.query ?? []).map((q) => q.name).sort(byString),
    },
    permissions: op.permissions.map((p) => ({ action: p.action, ...(p.when ? { when: p.when } : {}) })),
    input,
    output,
    ...(inputBody ? { inputBody } : {}),
    ...(outputBody ? { outputBody } : {}),
    errors: [...op.errors].sort(byString),
    ...(op.append ? { append: { ...op.append, firstAppendOnly: [...op.append.firstAppendOnly] } } : {}),
  };
}

/** Two different model names that become the same identifier in some language cannot both be emitted. */
function checkCollisions(
  items: { names: LanguageNames & { model: string }; path: string }[],
  keys: readonly NameKey[],
  what: string,
  loaded: LoadedModel,
  diagnostics: Diagnostic[],
): void {
  items.forEach((item, i) => {
    const earlier = items.slice(0, i).find((other) => other.names.model !== item.names.model && keys.some((l) => other.names[l] === item.names[l]));
    if (!earlier) return;
    const clashes = keys.filter((l) => earlier.names[l] === item.names[l]).map((l) => `${l} "${item.names[l]}"`);
    diagnostics.push(
      diagnostic('M029', `${what} "${item.names.model}" collides with "${earlier.names.model}": both become ${clashes.join(', ')}`, item.path, locate(loaded, item.path)),
    );
  });
}


/** The samples' settings variables: the model's where given, else the service id in capitals + the setting. */
function settingsEnv(serviceId: string, given: Partial<SettingsEnv> = {}): SettingsEnv {
  const prefix = serviceId.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  const derive = (setting: keyof SettingsEnv) => given[setting] ?? `${prefix}_${setting.toUpperCase()}`;
  return { endpoint: derive('endpoint'), region: derive('region'), bucket: derive('bucket'), key: derive('key'), file: derive('file') };
}
