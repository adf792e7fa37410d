/**
 * The generated minitest data: request vectors (with the placeholder headers a synthetic 200 answer
 * needs), presigned vectors, response vectors (a canned answer paired with the position that makes an
 * append's answer consistent) and scenarios, as Ruby calls with their expected outputs or errors.
 */
import type { IrError, IrExpectation, IrMember, IrModel, IrOperation, IrValue } from '../../../ir/types.js';
import { rbString } from '../helpers.js';
import { rbStrings, rbValue } from './literals.js';

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

/** A hash literal of entries (`{}` when there are none, as RuboCop spells it). */
const hash = (entries: string[]) => (entries.length ? `{ ${entries.join(', ')} }` : '{}');

const valuesById = (values: IrValue[]) => new Map(values.map((v) => [v.member.id, v.value]));

/** The keyword arguments that bind an operation's inputs: `bucket: "b", key: "k"`. */
export function callArgs(op: IrOperation, values: IrValue[], withBody = true): string {
  const byId = valuesById(values);
  return op.input
    .filter((m) => withBody || m.location !== 'body')
    .filter((m) => byId.has(m.id) || m.required)
    .map((m) => `${m.names.rb}: ${rbValue(m, byId.has(m.id) ? byId.get(m.id) : placeholderInput(m))}`)
    .join(', ');
}

function consistentAppendInput(ir: IrModel, op: IrOperation, headers: { name: string; value: string }[]): IrValue[] {
  const ap = ir.protocol.append;
  if (!ap || op !== ap.operation || !op.inputBody) return [];
  const next = Number(headers.find((h) => h.name.toLowerCase() === ap.nextPosition.headerLower)?.value);
  if (!Number.isSafeInteger(next)) return [];
  const size = Buffer.byteLength(String(placeholderInput(op.inputBody)), 'utf8');
  return size <= next
    ? [{ member: ap.position, value: next - size }]
    : [
        { member: ap.position, value: next },
        { member: op.inputBody, value: '' },
      ];
}

function expectationView(mod: string, errorByCode: Map<string, IrError>, expect: IrExpectation) {
  if (expect.kind === 'output') {
    return { isError: false, output: hash(expect.output.map((v) => `${v.member.names.rb}: ${rbValue(v.member, v.value)}`)) };
  }
  const e = expect.error;
  const optional = (value: string | undefined) => (value === undefined ? 'nil' : rbString(value));
  return {
    isError: true,
    output: '{}',
    errorClass: `${mod}::${errorByCode.get(e.code)?.names.rb ?? 'ServiceError'}`,
    code: rbString(e.code),
    status: e.status,
    requestId: optional(e.requestId),
    hostId: optional(e.hostId),
    ec: optional(e.ec),
    fields: hash(e.fields.map((f) => `${f.field.names.rb}: ${rbValue(f.field, f.value)}`)),
  };
}

export function testsView(ir: IrModel, mod: string) {
  const opByName = new Map(ir.operations.map((o) => [o.name, o]));
  const errorByCode = new Map(ir.errors.map((e) => [e.code, e]));
  const okHeaders = (op: IrOperation) =>
    hash(
      op.output
        .filter((m) => m.required && m.location === 'header' && m.headerLower)
        .map((m) => `${rbString(m.headerLower!)} => ${rbString(placeholderHeaderValue(m))}`),
    );
  const headerHash = (headers: { name: string; value: string }[]) => hash(headers.map((h) => `${rbString(h.name.toLowerCase())} => ${rbString(h.value)}`));
  const requests = ir.tests.requests.map((t) => {
    const op = opByName.get(t.operation)!;
    const body = op.inputBody ? valuesById(t.input).get(op.inputBody.id) : undefined;
    return {
      id: rbString(t.id),
      auth: rbString(t.auth),
      region: rbString(t.region),
      endpoint: rbString(t.endpoint),
      epochSeconds: t.epochSeconds,
      method: op.names.rb,
      args: callArgs(op, t.input),
      okHeaders: okHeaders(op),
      expectMethod: rbString(t.expect.method),
      host: rbString(t.expect.host),
      path: rbString(t.expect.path),
      query: rbString(t.expect.query),
      headers: headerHash(t.expect.headers),
      body: `${rbString(String(body ?? ''))}.b`,
    };
  });
  const presigned = ir.tests.presigned.map((t) => {
    const op = opByName.get(t.operation)!;
    return {
      id: rbString(t.id),
      region: rbString(t.region),
      endpoint: rbString(t.endpoint),
      epochSeconds: t.epochSeconds,
      securityToken: t.securityToken === undefined ? 'nil' : rbString(t.securityToken),
      method: op.names.rb,
      args: callArgs(op, t.input, false),
      expiresSeconds: t.expiresSeconds,
      auth: rbString(t.auth),
      expectMethod: rbString(t.expect.method),
      url: rbString(`${new URL(t.endpoint).protocol}//${t.expect.host}${t.expect.path}?${t.expect.query}`),
      expirationUnix: t.epochSeconds + t.expiresSeconds,
    };
  });
  const responses = ir.tests.responses.map((t) => {
    const op = opByName.get(t.operation)!;
    return {
      id: rbString(t.id),
      status: t.status,
      headers: headerHash(t.headers),
      body: `${rbString(t.body)}.b`,
      method: op.names.rb,
      args: callArgs(op, t.expect.kind === 'output' ? consistentAppendInput(ir, op, t.headers) : []),
      expect: expectationView(mod, errorByCode, t.expect),
    };
  });
  const scenarios = ir.tests.scenarios.map((s) => ({
    id: rbString(s.id),
    accessKeyId: rbString(s.credentials.accessKeyId),
    accessKeySecret: rbString(s.credentials.accessKeySecret),
    auth: rbString(s.auth),
    steps: s.steps.map((step) => {
      const op = opByName.get(step.call)!;
      return { method: op.names.rb, args: callArgs(op, step.input), expect: expectationView(mod, errorByCode, step.expect) };
    }),
  }));
  const probe = ir.protocol.append?.probe ?? ir.operations[0]!;
  return {
    presignProbe: { method: probe.names.rb, args: callArgs(probe, [], false) },
    credentials: { accessKeyId: rbString(ir.tests.credentials.accessKeyId), accessKeySecret: rbString(ir.tests.credentials.accessKeySecret) },
    requests,
    presigned,
    responses,
    scenarios,
    significantHeaders: rbStrings(['cache-control', 'content-disposition', 'content-encoding', 'content-md5', 'content-type', 'expires', 'range']),
    unsignedOssHeaders: rbStrings(ir.protocol.signing.volatileHeaders),
  };
}
