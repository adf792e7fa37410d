/**
 * The generated test program's vectors: signed requests, parsed responses, scenarios against the simulator,
 * the limits' refusals, the error documents the parser must get right, and independent CRC-64s.
 */
import type { IrAppendProtocol, IrError, IrExpectation, IrMember, IrModel, IrValue } from '../../../ir/types.js';
import { authEnum } from './auth.js';
import { crc64For } from './crc64.js';
import { errorByCode } from './errors.js';
import type { CNames } from './names.js';
import type { EnumFor } from './operations.js';
import type { CAppendView } from './protocol.js';
import { charClassChars, utf8Length } from './text.js';
import type { CAssignment, CCall, CCheck, CEnum, ClientErrorKey, COperation, CViewModel } from './types.js';

export function buildTests(
  ir: IrModel,
  names: CNames,
  enumFor: EnumFor,
  operations: COperation[],
  append: CAppendView,
  invalidArgument: IrError,
): CViewModel['tests'] {
  const { P, clientErrors } = names;
  const { protocol, appendOp, appendVm } = append;
  const crc64 = crc64For(ir.protocol.crc64);
  const body = ir.protocol.errorBody;
  const rootTag = `<${body.root}>`;
  const sharedStatus = protocol.positionError.error.status;
  const messageOpen = `${rootTag}<${body.elements.message}>`;
  const messageClose = `</${body.elements.message}>`;
  const codeNoise = `<${body.elements.code}<${body.elements.code}>`;
  const errorDocs: CViewModel['tests']['errorDocs'] = {
    messageOpen,
    messageOpenLength: messageOpen.length,
    messageClose,
    messageCloseLength: messageClose.length,
    codeNoise,
    codeNoiseLength: codeNoise.length,
    badReferences: `${rootTag}<${body.elements.code}>${protocol.positionError.error.code}</${body.elements.code}>${messageOpen.slice(rootTag.length)}&#x110000;&#0;&bogus;&#xD800;&#x41;&#128512;&amp${messageClose}</${body.root}>`,
    notDocumentLabel: `${sharedStatus} whose body is not an ${rootTag} document`,
    notFoundStatus: append.notFound.status,
  };

  const opByName = new Map(operations.map((o) => [o.name, o]));
  const irOpByName = new Map(ir.operations.map((o) => [o.name, o]));
  const callFor = (label: string, opName: string, input: IrValue[], expect: IrExpectation): CCall => {
    const vm = opByName.get(opName);
    const irOp = irOpByName.get(opName);
    if (!vm || !irOp) throw new Error(`C emitter: test calls unknown operation ${opName}`);
    return {
      label,
      fn: vm.fn,
      buildFn: vm.buildFn,
      presignFn: vm.presignFn,
      parseFn: vm.parseFn,
      requestType: vm.requestType,
      resultType: vm.resultType,
      freeFn: vm.freeFn,
      assignments: input.map((v) => assignmentFor(v, enumFor(v.member), P)),
      isError: expect.kind === 'error',
      errorEnum: expect.kind === 'error' ? errorByCode(ir, expect.error.code).names.c : '',
      errorStatus: expect.kind === 'error' ? expect.error.status : 0,
      checks: expect.kind === 'error' ? errorChecks(expect) : outputChecks(expect.output),
      isAppend: vm.isAppend,
      positionField: vm.positionField,
      crcField: vm.crcField,
    };
  };

  return {
    accessKeyId: ir.tests.credentials.accessKeyId,
    accessKeySecret: ir.tests.credentials.accessKeySecret,
    presigned: ir.tests.presigned.map((v) => ({
      id: v.id,
      auth: authEnum(names, v.auth),
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
    requests: ir.tests.requests.map((v) => ({
      id: v.id,
      auth: authEnum(names, v.auth),
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
    responses: ir.tests.responses.map((v) => ({
      id: v.id,
      status: v.status,
      headers: v.headers,
      body: v.body,
      bodyLength: utf8Length(v.body),
      call: callFor(v.id, v.operation, [], v.expect),
    })),
    scenarios: ir.tests.scenarios.map((s) => ({
      id: s.id,
      bucket: s.bucket,
      key: s.key,
      accessKeyId: s.credentials.accessKeyId,
      accessKeySecret: s.credentials.accessKeySecret,
      auth: authEnum(names, s.auth),
      steps: s.steps.map((step) => callFor(`${s.id} step ${step.index + 1} (${step.call})`, step.call, step.input, step.expect)),
    }))
      // Only a scenario that appends carries the CRC from append to append (no unused variables under -Werror).
      .map((s) => ({ ...s, appends: s.steps.some((step) => step.isAppend) })),
    errorDocs,
    constraints: constraintVectors(ir, protocol, invalidArgument, enumFor, P, clientErrors, appendVm),
    crcVectors: ir.tests.scenarios
      .map((s) => {
        const chunks = s.steps
          .filter((step) => step.call === appendOp.name && step.expect.kind === 'output')
          .map((step) => String(step.input.find((v) => v.member.id === protocol.body.id)?.value ?? ''));
        return {
          id: s.id,
          chunks: chunks.map((c) => ({ string: c, length: utf8Length(c) })),
          expected: crc64(Buffer.from(chunks.join(''), 'utf8')).toString(),
        };
      })
      .filter((v) => v.chunks.length > 0),
  };
}

const noAssignment = { literal: '', string: '', length: 0, pairs: [], isLiteral: false, isString: false, isBody: false, isMap: false };

function assignmentFor(v: IrValue, e: CEnum | undefined, P: string): CAssignment {
  const field = v.member.names.c;
  const m = v.member;
  if (m.location === 'body') {
    const text = String(v.value);
    return { ...noAssignment, field, string: text, length: utf8Length(text), isBody: true };
  }
  if (m.type === 'map') {
    const pairs = Object.entries(v.value as Record<string, unknown>).map(([name, value]) => ({ name, value: String(value) }));
    return { ...noAssignment, field, pairs, length: pairs.length, isMap: true };
  }
  if (e) {
    const value = e.values.find((x) => x.value === v.value);
    if (!value) throw new Error(`C emitter: ${String(v.value)} is not a value of ${m.id}`);
    return { ...noAssignment, field, literal: value.cName, isLiteral: true };
  }
  if (m.type === 'int64') return { ...noAssignment, field, literal: `INT64_C(${Number(v.value)})`, isLiteral: true };
  if (m.type === 'uint64') return { ...noAssignment, field, literal: `UINT64_C(${BigInt(String(v.value))})`, isLiteral: true };
  if (m.type === 'boolean') return { ...noAssignment, field, literal: v.value ? `${P}_BOOL_TRUE` : `${P}_BOOL_FALSE`, isLiteral: true };
  return { ...noAssignment, field, string: String(v.value), isString: true };
}

/**
 * One request per limit of the model that breaks only that limit, built from a valid first append
 * (bucket, key, position 0, a small body); each expects the limit's error code.
 */
function constraintVectors(
  ir: IrModel,
  protocol: IrAppendProtocol,
  invalidArgument: IrError,
  enumFor: (m: IrMember) => CEnum | undefined,
  P: string,
  clientErrors: Record<ClientErrorKey, string>,
  vm: COperation,
): CViewModel['tests']['constraints'] {
  const invalidInput = clientErrors.invalidInput;
  const op = protocol.operation;
  const member = (pick: (m: IrMember) => boolean) => op.input.find(pick);
  const { bucket, key, position, body } = protocol;
  const value = (m: IrMember, v: unknown): IrValue => ({ member: m, value: v });
  const base = (keyValue: string, positionValue = 0): IrValue[] => [
    value(bucket, 'examplebucket'),
    value(key, keyValue),
    value(position, positionValue),
    value(body, 'x'),
  ];
  const code = (c: string) => errorByCode(ir, c).names.c;
  const limits = ir.limits;
  const out: { id: string; values: IrValue[]; extra?: CAssignment; errorEnum: string }[] = [
    { id: 'empty key', values: base(''), errorEnum: code(limits.objectKey.error) },
    { id: 'key too long', values: base('k'.repeat(limits.objectKey.maxBytes + 1)), errorEnum: code(limits.objectKey.error) },
    // The control: a key at the limit passes the checks, so the call goes on to the (unreachable) network.
    { id: 'key at the longest', values: base('k'.repeat(limits.objectKey.maxBytes)), errorEnum: clientErrors.transport },
    ...limits.objectKey.forbiddenPrefixes.map((prefix) => ({
      id: `key starting with ${prefix}`,
      values: base(`${prefix}logs/app.log`),
      errorEnum: code(limits.objectKey.error),
    })),
  ];
  {
    out.push({ id: 'object over the size limit', values: base('big.log', limits.objectSize.maxBytes), errorEnum: code(limits.objectSize.error) });
    out.push({ id: 'negative position', values: base('neg.log', -1), errorEnum: invalidInput });
  }
  const metadata = member((m) => m.type === 'map');
  const allowed = charClassChars(limits.userMetadata.namePattern);
  const forbidden = ['_', '.', ' ', '!'].find((c) => !allowed.includes(c));
  if (metadata) {
    if (forbidden) {
      out.push({ id: 'metadata name with a forbidden character', values: [...base('meta.log'), value(metadata, { [`bad${forbidden}name`]: 'v' })], errorEnum: invalidArgument.names.c });
    }
    out.push({
      id: 'metadata over the total size',
      values: [...base('meta.log'), value(metadata, { big: 'v'.repeat(limits.userMetadata.maxTotalBytes) })],
      errorEnum: invalidArgument.names.c,
    });
  }
  const tagging = member((m) => m.format === 'tagging');
  if (tagging) {
    const tags = Array.from({ length: limits.tagging.maxTags + 1 }, (_, i) => `k${i}=v`).join('&');
    out.push({ id: 'too many tags', values: [...base('tags.log'), value(tagging, tags)], errorEnum: invalidArgument.names.c });
    out.push({ id: 'tag key too long', values: [...base('tags.log'), value(tagging, `${'k'.repeat(limits.tagging.maxKeyLength + 1)}=v`)], errorEnum: invalidArgument.names.c });
  }
  // Headers the service accepts only when the object is created are refused on a later append.
  for (const m of op.input.filter((i) => i.firstAppendOnly === 'reject')) {
    const sample = m.type === 'map' ? { source: 'sensor-7' } : m.format === 'tagging' ? 'a=b' : m.enum ? m.enum[0]!.value : 'x';
    out.push({ id: `${m.id} on a later append`, values: [...base('later.log', 1), value(m, sample)], errorEnum: invalidArgument.names.c });
  }
  const stringHeader = op.input.find((m) => m.location === 'header' && m.type === 'string' && !m.enum && !m.format);
  if (stringHeader) {
    out.push({ id: `${stringHeader.id} with a line break`, values: [...base('inject.log'), value(stringHeader, `a\r\n${ir.protocol.signing.signedHeaderPrefix}injected: 1`)], errorEnum: invalidInput });
  }
  const enumMember = op.input.find((m) => m.enum && m.location === 'header');
  const e = enumMember ? enumFor(enumMember) : undefined;
  if (enumMember && e) {
    out.push({
      id: `unknown ${enumMember.id} value`,
      values: base('enum.log'),
      extra: { ...noAssignment, field: enumMember.names.c, literal: `(${e.typeName})${e.values.length + 7}`, isLiteral: true },
      errorEnum: invalidInput,
    });
  }
  return out.map((c) => ({
    id: c.id,
    fn: vm.fn,
    requestType: vm.requestType,
    resultType: vm.resultType,
    freeFn: vm.freeFn,
    assignments: [...c.values.map((v) => assignmentFor(v, enumFor(v.member), P)), ...(c.extra ? [c.extra] : [])],
    errorEnum: c.errorEnum,
  }));
}

const noCheck = { target: 'result', key: '', literal: '', string: '', length: 0, isI64: false, isU64: false, isString: false, isMetadata: false, isBody: false, isCount: false };

function valueChecks(what: string, member: { names: { c: string }; type: string; location?: string }, value: unknown): CCheck[] {
  const field = member.names.c;
  if (member.location === 'body') {
    const text = String(value);
    return [{ ...noCheck, what, field, string: text, length: utf8Length(text), isBody: true }];
  }
  if (member.type === 'map') {
    const entries = Object.entries(value as Record<string, unknown>);
    return [
      { ...noCheck, what, field, literal: String(entries.length), isCount: true },
      ...entries.map(([name, v]) => ({ ...noCheck, what, field, key: name, string: String(v), isMetadata: true })),
    ];
  }
  if (member.type === 'int64') return [{ ...noCheck, what, field, literal: `INT64_C(${Number(value)})`, isI64: true }];
  if (member.type === 'uint64') return [{ ...noCheck, what, field, literal: `UINT64_C(${BigInt(String(value))})`, isU64: true }];
  return [{ ...noCheck, what, field, string: String(value), isString: true }];
}

function outputChecks(output: IrValue[]): CCheck[] {
  return output.flatMap((v) => valueChecks(v.member.id, v.member, v.value));
}

function errorChecks(expect: Extract<IrExpectation, { kind: 'error' }>): CCheck[] {
  const e = expect.error;
  const checks: CCheck[] = [];
  const str = (what: string, field: string, value: string | undefined) => {
    if (value !== undefined) checks.push({ ...noCheck, what, field, string: value, isString: true });
  };
  str('requestId', 'request_id', e.requestId);
  str('hostId', 'host_id', e.hostId);
  str('ec', 'ec', e.ec);
  for (const f of e.fields) checks.push(...valueChecks(f.field.id, f.field, f.value));
  return checks.map((c) => ({ ...c, target: 'error' }));
}
