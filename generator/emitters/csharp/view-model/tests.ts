/**
 * The generated NUnit data: request vectors (with the placeholder headers a synthetic 200 answer needs),
 * presigned vectors, response vectors (a canned answer paired with the position that makes an append's
 * answer consistent) and scenarios, as C# calls with their expected outputs or errors.
 */
import type { IrError, IrExpectation, IrMember, IrModel, IrOperation, IrValue } from '../../../ir/types.js';
import { csString } from '../helpers.js';
import { csSignatureVersion, csStrings, csValue } from './literals.js';

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

const valuesById = (values: IrValue[]) => new Map(values.map((v) => [v.member.id, v.value]));

/** `new AppendObjectRequest { Bucket = "b", Key = "k" }`: the request that binds an operation's inputs. */
export function requestExpr(op: IrOperation, values: IrValue[], withBody = true): string {
  const byId = valuesById(values);
  const props = op.input
    .filter((m) => withBody || m.location !== 'body')
    .filter((m) => byId.has(m.id) || m.required)
    .map((m) => `${m.names.cs} = ${csValue(m, byId.has(m.id) ? byId.get(m.id) : placeholderInput(m))}`);
  return props.length ? `new ${op.names.input.cs} { ${props.join(', ')} }` : `new ${op.names.input.cs}()`;
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

/** Statements that check a call's outcome: `r` is the result, `e` the exception. */
function expectationView(errorByCode: Map<string, IrError>, expect: IrExpectation) {
  if (expect.kind === 'output') {
    return {
      isError: false,
      // `var r = ` only when something reads it (an unused local is a warning, and warnings are errors).
      assign: expect.output.length ? 'var r = ' : '',
      checks: expect.output.map((v) => `TestSupport.Same(${csValue(v.member, v.value, 'out')}, r.${v.member.names.cs}, ${csString(v.member.names.cs)});`),
    };
  }
  const e = expect.error;
  const optional = (name: string, value: string | undefined) => (value === undefined ? [] : [`Assert.AreEqual(${csString(value)}, e.${name}, ${csString(name)});`]);
  return {
    isError: true,
    errorClass: errorByCode.get(e.code)?.names.cs ?? 'ServiceException',
    checks: [
      `Assert.AreEqual(${csString(e.code)}, e.Code, "Code");`,
      `Assert.AreEqual(${e.status}, e.Status, "Status");`,
      ...optional('RequestId', e.requestId),
      ...optional('HostId', e.hostId),
      ...optional('EC', e.ec),
      ...e.fields.map((f) => `TestSupport.Same(${csValue(f.field, f.value, 'out')}, e.${f.field.names.cs}, ${csString(f.field.names.cs)});`),
    ],
  };
}

export function testsView(ir: IrModel) {
  const opByName = new Map(ir.operations.map((o) => [o.name, o]));
  const errorByCode = new Map(ir.errors.map((e) => [e.code, e]));
  const pairs = (entries: [string, string][]) =>
    entries.length ? `new Dictionary<string, string> { ${entries.map(([k, v]) => `{ ${csString(k)}, ${csString(v)} }`).join(', ')} }` : 'new Dictionary<string, string>()';
  const okHeaders = (op: IrOperation) => pairs(op.output.filter((m) => m.required && m.location === 'header' && m.headerLower).map((m) => [m.headerLower!, placeholderHeaderValue(m)]));
  const headerMap = (headers: { name: string; value: string }[]) => pairs(headers.map((h) => [h.name.toLowerCase(), h.value]));
  const requests = ir.tests.requests.map((t) => {
    const op = opByName.get(t.operation)!;
    const body = op.inputBody ? valuesById(t.input).get(op.inputBody.id) : undefined;
    return {
      id: csString(t.id),
      signatureVersion: csSignatureVersion(t.auth),
      region: csString(t.region),
      endpoint: csString(t.endpoint),
      epochSeconds: t.epochSeconds,
      method: `${op.names.cs}Async`,
      request: requestExpr(op, t.input),
      okHeaders: okHeaders(op),
      expectMethod: csString(t.expect.method),
      host: csString(t.expect.host),
      path: csString(t.expect.path),
      query: csString(t.expect.query),
      headers: headerMap(t.expect.headers),
      body: csString(String(body ?? '')),
    };
  });
  const presigned = ir.tests.presigned.map((t) => {
    const op = opByName.get(t.operation)!;
    return {
      id: csString(t.id),
      region: csString(t.region),
      endpoint: csString(t.endpoint),
      epochSeconds: t.epochSeconds,
      securityToken: t.securityToken === undefined ? '""' : csString(t.securityToken),
      method: `Presign${op.names.cs}`,
      request: requestExpr(op, t.input, false),
      expiresSeconds: t.expiresSeconds,
      signatureVersion: csSignatureVersion(t.auth),
      expectMethod: csString(t.expect.method),
      url: csString(`${new URL(t.endpoint).protocol}//${t.expect.host}${t.expect.path}?${t.expect.query}`),
      expirationUnix: t.epochSeconds + t.expiresSeconds,
    };
  });
  const responses = ir.tests.responses.map((t) => {
    const op = opByName.get(t.operation)!;
    return {
      id: csString(t.id),
      status: t.status,
      headers: headerMap(t.headers),
      body: csString(t.body),
      method: `${op.names.cs}Async`,
      request: requestExpr(op, t.expect.kind === 'output' ? consistentAppendInput(ir, op, t.headers) : []),
      expect: expectationView(errorByCode, t.expect),
    };
  });
  const scenarios = ir.tests.scenarios.map((s) => ({
    id: csString(s.id),
    accessKeyId: csString(s.credentials.accessKeyId),
    accessKeySecret: csString(s.credentials.accessKeySecret),
    signatureVersion: csSignatureVersion(s.auth),
    steps: s.steps.map((step, index) => {
      const op = opByName.get(step.call)!;
      return { index, method: `${op.names.cs}Async`, request: requestExpr(op, step.input), expect: expectationView(errorByCode, step.expect) };
    }),
  }));
  const probe = ir.protocol.append?.probe ?? ir.operations[0]!;
  return {
    presignProbe: { method: `Presign${probe.names.cs}`, request: requestExpr(probe, [], false) },
    credentials: { accessKeyId: csString(ir.tests.credentials.accessKeyId), accessKeySecret: csString(ir.tests.credentials.accessKeySecret) },
    requests,
    presigned,
    responses,
    scenarios,
    significantHeaders: csStrings(['cache-control', 'content-disposition', 'content-encoding', 'content-md5', 'content-type', 'expires', 'range']),
    unsignedOssHeaders: csStrings(ir.protocol.signing.volatileHeaders),
  };
}
