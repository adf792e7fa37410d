/**
 * The generated GoogleTest suites' data: the model's request vectors (the C++ request converted to the C core's
 * and built with a fixed clock), response vectors (canned answers parsed by the core, then turned into C++
 * results or exceptions), and every recorded scenario replayed through the C++ client. Every value is printed
 * as a C++ statement here, so the templates only print lines.
 */
import type { IrExpectation, IrMember, IrModel, IrValue } from '../../../ir/types.js';
import { cppString } from '../helpers.js';
import type { CppCall, CppEnum, CppOperation, CppTests } from './types.js';

const int64 = (v: unknown) => `INT64_C(${Number(v)})`;
const uint64 = (v: unknown) => `UINT64_C(${BigInt(String(v))})`;

function assignment(v: IrValue, enumOf: (m: IrMember) => CppEnum | undefined): string {
  const m = v.member;
  const name = m.names.cpp;
  if (m.location === 'body') return `request.${name} = Body::from_string(${cppString(String(v.value))});`;
  if (m.type === 'map') {
    const pairs = Object.entries(v.value as Record<string, unknown>).map(([k, x]) => `{${cppString(k)}, ${cppString(String(x))}}`);
    return `request.${name} = {${pairs.join(', ')}};`;
  }
  const e = enumOf(m);
  if (e) {
    const value = e.values.find((x) => x.value === v.value);
    if (!value) throw new Error(`C++ emitter: ${String(v.value)} is not a value of ${m.id}`);
    return `request.${name} = ${e.typeName}::${value.name};`;
  }
  if (m.type === 'int64') return `request.${name} = ${int64(v.value)};`;
  if (m.type === 'uint64') return `request.${name} = ${uint64(v.value)};`;
  if (m.type === 'boolean') return `request.${name} = ${v.value ? 'true' : 'false'};`;
  return `request.${name} = ${cppString(String(v.value))};`;
}

/** EXPECT lines on `target` (a result, or a caught error's accessors) for one expected value. */
function valueChecks(
  target: string,
  accessor: (name: string) => string,
  member: { names: { cpp: string }; type: string; location?: string },
  value: unknown,
): string[] {
  const field = accessor(member.names.cpp);
  if (member.location === 'body') return [`EXPECT_EQ(${target}.${field}, ${cppString(String(value))});`];
  if (member.type === 'map') {
    const entries = Object.entries(value as Record<string, unknown>);
    return [
      `EXPECT_EQ(${target}.${field}.size(), std::size_t{${entries.length}});`,
      ...entries.map(
        ([k, x]) =>
          `EXPECT_EQ(${target}.${field}.count(${cppString(k)}) == 1 ? ${target}.${field}.at(${cppString(k)}) : std::string("(absent)"), ${cppString(String(x))});`,
      ),
    ];
  }
  if (member.type === 'int64') return [`EXPECT_EQ(${target}.${field}, std::optional<std::int64_t>(${int64(value)}));`];
  if (member.type === 'uint64') return [`EXPECT_EQ(${target}.${field}, std::optional<std::uint64_t>(${uint64(value)}));`];
  if (member.type === 'boolean') return [`EXPECT_EQ(${target}.${field}, std::optional<bool>(${value ? 'true' : 'false'}));`];
  return [`EXPECT_EQ(${target}.${field}, std::optional<std::string>(${cppString(String(value))}));`];
}

export function buildCppTests(ir: IrModel, operations: CppOperation[], enumOf: (m: IrMember) => CppEnum | undefined): CppTests {
  const byName = new Map(operations.map((o) => [o.name, o]));
  const irByName = new Map(ir.operations.map((o) => [o.name, o]));
  const callFor = (label: string, opName: string, input: IrValue[], expect: IrExpectation): CppCall => {
    const vm = byName.get(opName)!;
    const irOp = irByName.get(opName)!;
    const checks: string[] = [];
    let errorClass = '';
    if (expect.kind === 'error') {
      const error = ir.errors.find((e) => e.code === expect.error.code)!;
      errorClass = error.names.cpp;
      const e = expect.error;
      const str = (name: string, value: string | undefined) => {
        if (value !== undefined) checks.push(`EXPECT_EQ(error.${name}(), std::optional<std::string>(${cppString(value)}));`);
      };
      str('request_id', e.requestId);
      str('host_id', e.hostId);
      str('ec', e.ec);
      for (const f of e.fields) checks.push(...valueChecks('error', (n) => `${n}()`, f.field, f.value));
    } else {
      for (const v of expect.output) checks.push(...valueChecks('result', (n) => n, v.member, v.value));
    }
    const position = irOp.append ? irOp.input.find((m) => m.id === irOp.append!.position)!.names.cpp : '';
    const crc = irOp.append ? irOp.output.find((m) => m.id === irOp.append!.crc)!.names.cpp : '';
    return {
      label,
      method: vm.method,
      presignMethod: vm.presignMethod,
      requestType: vm.requestType,
      resultType: vm.resultType,
      cBuildFn: vm.cBuildFn,
      cParseFn: vm.cParseFn,
      cRequestType: vm.cRequestType,
      cResultType: vm.cResultType,
      cFreeFn: vm.cFreeFn,
      assignments: input.map((v) => assignment(v, enumOf)),
      isError: expect.kind === 'error',
      errorClass,
      errorStatus: expect.kind === 'error' ? expect.error.status : 0,
      checks,
      isAppend: !!irOp.append,
      position,
      crc,
    };
  };
  const auth = (a: 'v4' | 'v1') => (a === 'v1' ? 'SignatureVersion::V1' : 'SignatureVersion::V4');
  return {
    accessKeyId: ir.tests.credentials.accessKeyId,
    accessKeySecret: ir.tests.credentials.accessKeySecret,
    requests: ir.tests.requests.map((v) => ({
      id: v.id,
      auth: auth(v.auth),
      region: v.region,
      endpoint: v.endpoint,
      epochSeconds: v.epochSeconds,
      call: callFor(v.id, v.operation, v.input, { kind: 'output', output: [] }),
      method: v.expect.method,
      host: v.expect.host,
      path: v.expect.path,
      query: v.expect.query,
      headers: v.expect.headers,
    })),
    presigned: ir.tests.presigned.map((v) => ({
      id: v.id,
      auth: auth(v.auth),
      region: v.region,
      endpoint: v.endpoint,
      epochSeconds: v.epochSeconds,
      securityToken: v.securityToken ?? '',
      expiresSeconds: v.expiresSeconds,
      call: callFor(v.id, v.operation, v.input, { kind: 'output', output: [] }),
      method: v.expect.method,
      url: `${new URL(v.endpoint).protocol}//${v.expect.host}${v.expect.path}?${v.expect.query}`,
      expiration: v.epochSeconds + v.expiresSeconds,
    })),
    responses: ir.tests.responses.map((v) => ({
      id: v.id,
      status: v.status,
      headers: v.headers,
      body: v.body,
      bodyLength: Buffer.byteLength(v.body, 'utf8'),
      call: callFor(v.id, v.operation, [], v.expect),
    })),
    scenarios: ir.tests.scenarios.map((s, index) => {
      const steps = s.steps.map((step) => callFor(`${s.id} step ${step.index + 1} (${step.call})`, step.call, step.input, step.expect));
      return {
        id: s.id,
        index,
        accessKeyId: s.credentials.accessKeyId,
        accessKeySecret: s.credentials.accessKeySecret,
        auth: auth(s.auth),
        steps,
        appends: steps.some((st) => st.isAppend),
      };
    }),
  };
}
