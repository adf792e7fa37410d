/**
 * The generated JUnit tests' data: request vectors, response vectors (each canned success answer to
 * an append paired with the position that makes it consistent) and scenarios as Java calls, with
 * the statements that fill a request and the checks on a result or an expected service error.
 */
import { toCamel, splitWords } from '../../../ir/naming.js';
import type { IrAppendProtocol, IrExpectation, IrMember, IrModel, IrOperation, IrValue } from '../../../ir/types.js';
import { javaString } from '../helpers.js';
import { enumTypeName, javaTypeOf, kindOf } from './members.js';
import { requireValue } from './operations.js';
import type { JavaCall, JavaCheck, JavaRequestVector, JavaResponseVector, JavaScenario } from './types.js';

/** A test method name from a vector or scenario id (`append-first-v4` → `appendFirstV4`), made distinct by the caller's prefix. */
export function testMethodName(prefix: string, id: string): string {
  const name = toCamel([...splitWords(prefix), ...splitWords(id.replace(/[^A-Za-z0-9]+/g, ' ').replace(/ (.)/g, (_, c: string) => c.toUpperCase()))]);
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

function enumLiteral(m: IrMember, value: string): string {
  const found = m.enum?.find((v) => v.value === value);
  return found ? `${enumTypeName(m)}.${found.java}` : `${enumTypeName(m)}.of(${javaString(value)})`;
}

function mapLiteral(value: unknown): string {
  const entries = Object.entries((value ?? {}) as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `TestSupport.map(${entries.map(([k, v]) => `${javaString(k)}, ${javaString(String(v))}`).join(', ')})`;
}

/** A Java expression of the member's own type for an input value. */
export function inputExpr(m: IrMember, value: unknown): string {
  switch (kindOf(m)) {
    case 'string':
      return javaString(String(value));
    case 'enum':
      return enumLiteral(m, String(value));
    case 'int64':
      return `${String(value)}L`;
    case 'uint64':
      return `Long.parseUnsignedLong(${javaString(String(value))})`;
    case 'bool':
      return value ? 'true' : 'false';
    case 'map':
      return mapLiteral(value);
    case 'blob':
      return `RequestBody.of(${javaString(String(value))}.getBytes(StandardCharsets.UTF_8))`;
  }
}

/** The expected value, boxed, to compare with Objects.equals. */
function wantExpr(m: IrMember | undefined, type: string, value: unknown): string {
  if (m && kindOf(m) === 'enum') return enumLiteral(m, String(value));
  switch (type) {
    case 'int64':
      return `Long.valueOf(${String(value)}L)`;
    case 'uint64':
      return `Long.valueOf(Long.parseUnsignedLong(${javaString(String(value))}))`;
    case 'boolean':
      return `Boolean.valueOf(${value ? 'true' : 'false'})`;
    case 'map':
      return mapLiteral(value);
    default:
      return javaString(String(value));
  }
}

function outputChecks(values: IrValue[]): JavaCheck[] {
  return values.map(({ member, value }) => {
    const got = `out.${member.names.java}()`;
    if (member.type === 'blob') return { fn: 'checkBody', label: member.names.java, want: javaString(String(value)), got };
    const primitive = /^(long|boolean)$/.test(javaTypeOf(member, 'output'));
    return { fn: 'check', label: member.names.java, want: wantExpr(member, member.type, value), got: primitive ? `(Object) ${got}` : got };
  });
}

export function callView(ir: IrModel, opName: string, input: IrValue[], expect: IrExpectation): JavaCall {
  const op = requireValue(ir.operations.find((o) => o.name === opName), `operation ${opName}`);
  const assigns = input.map(({ member, value }) => `in.${member.names.java}(${inputExpr(member, value)});`);
  const base = { method: op.names.java, inputType: op.names.input.java, outputType: op.names.output.java, assigns };
  if (expect.kind === 'error') {
    const e = expect.error;
    const known = ir.errors.find((x) => x.code === e.code);
    const checks: JavaCheck[] = [
      { fn: 'check', label: 'code', want: javaString(e.code), got: 'e.code()' },
      { fn: 'check', label: 'statusCode', want: `Integer.valueOf(${e.status})`, got: '(Object) e.statusCode()' },
    ];
    if (e.requestId !== undefined) checks.push({ fn: 'check', label: 'requestId', want: javaString(e.requestId), got: 'e.requestId()' });
    if (e.hostId !== undefined) checks.push({ fn: 'check', label: 'hostId', want: javaString(e.hostId), got: 'e.hostId()' });
    if (e.ec !== undefined) checks.push({ fn: 'check', label: 'ec', want: javaString(e.ec), got: 'e.ec()' });
    for (const { field, value } of e.fields) checks.push({ fn: 'check', label: field.names.java, want: wantExpr(undefined, field.type, value), got: `e.${field.names.java}()` });
    return { ...base, isError: true, errorType: known ? known.names.java : 'ServiceException', checks, closes: false };
  }
  return { ...base, isError: false, errorType: '', checks: outputChecks(expect.output), closes: op.outputBody !== undefined };
}

/** A canned success answer to an append is believed only at the position that makes its next position consistent. */
function consistentInput(append: IrAppendProtocol, op: IrOperation, input: IrValue[], status: number, headers: { name: string; value: string }[]): IrValue[] {
  if (op !== append.operation || status < 200 || status > 299) return input;
  const next = headers.find((h) => h.name.toLowerCase() === append.nextPosition.headerLower)?.value;
  const body = input.find((v) => v.member.id === append.body.id)?.value;
  if (next === undefined || !/^\d+$/.test(next)) return input;
  const position = Number(next) - Buffer.byteLength(typeof body === 'string' ? body : '');
  if (position < 0) return input;
  return input.map((v) => (v.member.id === append.position.id ? { member: v.member, value: position } : v));
}

/** Inputs for a response vector: the operation's required members at their example values. */
function exampleInput(op: IrOperation): IrValue[] {
  return op.input
    .filter((m) => m.required)
    .map((member) => {
      if (member.example !== undefined) return { member, value: member.example };
      const fallback = member.type === 'int64' || member.type === 'uint64' ? (member.minimum ?? 0) : member.type === 'boolean' ? false : member.type === 'map' ? {} : 'example';
      return { member, value: fallback };
    });
}

export function testsView(ir: IrModel, append: IrAppendProtocol): { requests: JavaRequestVector[]; responses: JavaResponseVector[]; scenarios: JavaScenario[] } {
  return {
    requests: ir.tests.requests.map((v) => ({
      id: v.id,
      testName: testMethodName('request', v.id),
      doc: v.doc.en,
      signature: v.auth === 'v1' ? 'V1' : 'V4',
      region: v.region,
      endpoint: v.endpoint,
      epochSeconds: v.epochSeconds,
      call: callView(ir, v.operation, v.input, { kind: 'output', output: [] }),
      method: v.expect.method,
      host: v.expect.host,
      path: v.expect.path,
      query: v.expect.query,
      headers: v.expect.headers.map((h) => ({ name: h.name.toLowerCase(), value: h.value })),
    })),
    responses: ir.tests.responses.map((v) => {
      const op = requireValue(ir.operations.find((o) => o.name === v.operation), `operation ${v.operation}`);
      return {
        id: v.id,
        testName: testMethodName('response', v.id),
        status: v.status,
        headers: v.headers,
        body: v.body,
        call: callView(ir, v.operation, consistentInput(append, op, exampleInput(op), v.status, v.headers), v.expect),
      };
    }),
    scenarios: ir.tests.scenarios.map((s) => ({
      id: s.id,
      testName: testMethodName('scenario', s.id),
      doc: s.doc.en,
      signature: s.auth === 'v1' ? 'V1' : 'V4',
      accessKeyId: s.credentials.accessKeyId,
      accessKeySecret: s.credentials.accessKeySecret,
      steps: s.steps.map((step) => ({ ...callView(ir, step.call, step.input, step.expect), stepName: `${step.index + 1}-${step.call}` })),
    })),
  };
}
