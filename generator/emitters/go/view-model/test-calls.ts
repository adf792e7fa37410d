/**
 * Test values as Go: the expression of a member's own type for an input value (pointers through
 * Ptr, enums by their constant, bodies as strings.NewReader), the checks a generated test makes
 * on an output or an expected service error, and one call of an operation as the tests print it.
 */
import type { IrExpectation, IrMember, IrModel, IrValue } from '../../../ir/types.js';
import { goString } from '../../../render/go-literals.js';
import { goTypeOf, kindOf } from './fields.js';
import { indexOf, operationNamed } from './shared.js';
import type { GoCall, GoCheck, GoErrorExpect, GoKind } from './types.js';

function enumLiteral(m: IrMember, value: string): string {
  const found = m.enum?.find((v) => v.value === value);
  return found ? found.go : `${m.names.go}(${goString(value)})`;
}

function mapLiteral(value: unknown): string {
  const entries = Object.entries((value ?? {}) as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `map[string]string{${entries.map(([k, v]) => `${goString(k)}: ${goString(String(v))}`).join(', ')}}`;
}

/** A Go expression of the member's own type for an input value. */
export function inputExpr(m: IrMember, value: unknown): string {
  const kind = kindOf(m);
  const { pointer } = goTypeOf(m, 'input');
  let base: string;
  switch (kind) {
    case 'string':
      base = goString(String(value));
      break;
    case 'enum':
      base = enumLiteral(m, String(value));
      break;
    case 'int64':
      base = pointer ? `int64(${String(value)})` : String(value);
      break;
    case 'uint64':
      base = pointer ? `uint64(${String(value)})` : String(value);
      break;
    case 'bool':
      base = value ? 'true' : 'false';
      break;
    case 'map':
      return mapLiteral(value);
    case 'blob':
      return `strings.NewReader(${goString(String(value))})`;
  }
  return pointer ? `Ptr(${base})` : base;
}

function typedWant(kind: GoKind, m: IrMember | undefined, value: unknown): string {
  switch (kind) {
    case 'string':
    case 'blob':
      return goString(String(value));
    case 'enum':
      return m ? enumLiteral(m, String(value)) : goString(String(value));
    case 'int64':
      return `int64(${String(value)})`;
    case 'uint64':
      return `uint64(${String(value)})`;
    case 'bool':
      return value ? 'true' : 'false';
    case 'map':
      return mapLiteral(value);
  }
}

function outputChecks(values: IrValue[], varName: string): GoCheck[] {
  return values.map(({ member, value }) => {
    const kind = kindOf(member);
    const { pointer } = goTypeOf(member, 'output');
    const got = `${varName}.${member.names.go}`;
    const want = typedWant(kind, member, value);
    const fn: GoCheck['fn'] = kind === 'blob' ? 'checkBody' : kind === 'map' ? 'checkMap' : pointer ? 'checkPtr' : 'check';
    return { fn, label: member.names.go, got, want };
  });
}

function errorExpect(ir: IrModel, expectation: Extract<IrExpectation, { kind: 'error' }>, varName: string): GoErrorExpect {
  const e = expectation.error;
  const known = indexOf(ir).errors.get(e.code);
  const checks: GoCheck[] = [
    { fn: 'check', label: 'Code', got: `${varName}.Code`, want: goString(e.code) },
    { fn: 'check', label: 'StatusCode', got: `${varName}.StatusCode`, want: String(e.status) },
  ];
  if (e.requestId !== undefined) checks.push({ fn: 'check', label: 'RequestID', got: `${varName}.RequestID`, want: goString(e.requestId) });
  if (e.hostId !== undefined) checks.push({ fn: 'check', label: 'HostID', got: `${varName}.HostID`, want: goString(e.hostId) });
  if (e.ec !== undefined) checks.push({ fn: 'check', label: 'EC', got: `${varName}.EC`, want: goString(e.ec) });
  for (const { field, value } of e.fields) {
    const kind = field.type === 'boolean' ? 'bool' : field.type;
    checks.push({ fn: 'check', label: field.names.go, got: `${varName}.${field.names.go}`, want: typedWant(kind, undefined, value) });
  }
  return { typeName: known ? known.names.go : 'ServiceError', checks };
}

export function callView(ir: IrModel, opName: string, input: IrValue[], expect: IrExpectation): GoCall {
  const op = operationNamed(ir, opName);
  const assigns = input.map(({ member, value }) => ({ field: member.names.go, expr: inputExpr(member, value) }));
  if (expect.kind === 'error') {
    return { method: op.names.go, inputType: op.names.input.go, assigns, isError: true, captureOutput: false, outputChecks: [], closeBody: '', usesStrings: assigns.some((a) => a.expr.startsWith('strings.')), error: errorExpect(ir, expect, 'apiErr') };
  }
  const checks = outputChecks(expect.output, 'out');
  const outBody = op.output.some((m) => m.location === 'body');
  return {
    method: op.names.go,
    inputType: op.names.input.go,
    assigns,
    isError: false,
    // A streamed body must always be read or closed, so the result is kept even when nothing is checked.
    captureOutput: checks.length > 0 || outBody,
    outputChecks: checks,
    closeBody: outBody && !checks.some((c) => c.fn === 'checkBody') ? `out.${op.outputBody?.names.go ?? 'Body'}` : '',
    usesStrings: assigns.some((a) => a.expr.startsWith('strings.')),
  };
}
