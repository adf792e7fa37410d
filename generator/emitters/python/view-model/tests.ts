/**
 * The generated pytest data: request vectors (with the placeholder headers a synthetic 200
 * answer needs), response vectors (a canned success answer to an append paired with the position
 * that makes it consistent) and scenarios as Python calls with their expected outputs or errors,
 * and the header sets the request-vector comparison uses.
 */
import type { IrError, IrExpectation, IrMember, IrModel, IrOperation, IrValue } from '../../../ir/types.js';
import { pyString } from '../helpers.js';
import { pyLiteral } from './literals.js';
import { requiredFirst, valuesById } from './members.js';

/** A value a required response header can carry in a synthetic 200 answer (request-vector tests). */
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

/** The Python expression that calls an operation with bound input values: `client.m(Req(a=1, ...))`. */
function callExpression(op: IrOperation, values: IrValue[]): string {
  const byId = valuesById(values);
  const args = requiredFirst(op.input)
    .filter((m) => byId.has(m.id) || m.required)
    .map((m) => `${m.names.py}=${pyLiteral(m, byId.has(m.id) ? byId.get(m.id) : placeholderInput(m))}`);
  return `client.${op.names.py}(sdk.${op.names.input.py}(${args.join(', ')}))`;
}

/**
 * For a successful append answer: the position that makes the canned next position the position
 * plus the bytes sent (the client refuses any other answer), with the body's example as the bytes.
 */
function consistentAppendInput(ir: IrModel, op: IrOperation, headers: { name: string; value: string }[]): IrValue[] {
  const ap = ir.protocol.append;
  if (!ap || op !== ap.operation || !op.inputBody) return [];
  const position = ap.position;
  const nextHeader = ap.nextPosition.headerLower;
  const next = Number(headers.find((h) => h.name.toLowerCase() === nextHeader)?.value);
  if (!Number.isSafeInteger(next)) return [];
  const body = String(placeholderInput(op.inputBody));
  const size = Buffer.byteLength(body, 'utf8');
  return size <= next
    ? [{ member: position, value: next - size }]
    : [
        { member: position, value: next },
        { member: op.inputBody, value: '' },
      ];
}

function expectationView(errorByCode: Map<string, IrError>, expect: IrExpectation) {
  if (expect.kind === 'output') {
    return {
      isError: false,
      output: expect.output.map((v) => ({ attr: v.member.names.py, literal: pyLiteral(v.member, v.value) })),
    };
  }
  const e = expect.error;
  const error = errorByCode.get(e.code);
  const optional = (value: string | undefined) => (value === undefined ? 'None' : pyString(value));
  return {
    isError: true,
    errorClass: `sdk.${error?.names.py ?? 'ServiceError'}`,
    code: e.code,
    status: e.status,
    requestId: optional(e.requestId),
    hostId: optional(e.hostId),
    ec: optional(e.ec),
    fields: e.fields.map((f) => ({ attr: f.field.names.py, literal: pyLiteral(f.field, f.value) })),
  };
}

export function testsView(ir: IrModel) {
  const opByName = new Map(ir.operations.map((o) => [o.name, o]));
  const errorByCode = new Map(ir.errors.map((e) => [e.code, e]));
  const okHeaders = (op: IrOperation) =>
    op.output
      .filter((m) => m.required && m.location === 'header' && m.headerLower)
      .map((m) => ({ name: m.headerLower!, value: placeholderHeaderValue(m) }));
  // Presigned vectors: the presign call for the vector's input (a required body gets a placeholder; it is not signed).
  const presigned = ir.tests.presigned.map((t) => {
    const op = opByName.get(t.operation)!;
    const request = callExpression(op, t.input).replace(/^client\.[A-Za-z0-9_]+\((.*)\)$/, '$1');
    return {
      id: t.id,
      region: t.region,
      endpoint: t.endpoint,
      epochSeconds: t.epochSeconds,
      securityToken: t.securityToken ?? '',
      call: `client.presign_${op.names.py}(${request}, expires_seconds=${t.expiresSeconds}, auth="${t.auth}")`,
      method: t.expect.method,
      url: `${new URL(t.endpoint).protocol}//${t.expect.host}${t.expect.path}?${t.expect.query}`,
      expirationUnix: t.epochSeconds + t.expiresSeconds,
    };
  });
  const requests = ir.tests.requests.map((t) => {
    const op = opByName.get(t.operation)!;
    const body = op.inputBody ? valuesById(t.input).get(op.inputBody.id) : undefined;
    return {
      id: t.id,
      auth: t.auth,
      region: t.region,
      endpoint: t.endpoint,
      epochSeconds: t.epochSeconds,
      call: callExpression(op, t.input),
      okHeaders: okHeaders(op),
      method: t.expect.method,
      host: t.expect.host,
      path: t.expect.path,
      query: t.expect.query,
      headers: t.expect.headers,
      body: String(body ?? ''),
    };
  });
  const responses = ir.tests.responses.map((t) => {
    const op = opByName.get(t.operation)!;
    return {
      id: t.id,
      status: t.status,
      headers: t.headers,
      body: t.body,
      call: callExpression(op, t.expect.kind === 'output' ? consistentAppendInput(ir, op, t.headers) : []),
      expect: expectationView(errorByCode, t.expect),
    };
  });
  const scenarios = ir.tests.scenarios.map((s) => ({
    id: s.id,
    bucket: s.bucket,
    key: s.key,
    accessKeyId: s.credentials.accessKeyId,
    accessKeySecret: s.credentials.accessKeySecret,
    auth: s.auth,
    steps: s.steps.map((step) => {
      const op = opByName.get(step.call)!;
      return { index: step.index, call: callExpression(op, step.input), expect: expectationView(errorByCode, step.expect) };
    }),
  }));
  const appendOp = ir.protocol.append?.operation;
  return {
    credentials: ir.tests.credentials,
    requests,
    presigned,
    responses,
    scenarios,
    significantHeaders: ['cache-control', 'content-disposition', 'content-encoding', 'content-md5', 'content-type', 'expires', 'range'],
    unsignedOssHeaders: ir.protocol.signing.volatileHeaders,
    appendOp: appendOp ? { name: appendOp.name } : undefined,
  };
}
