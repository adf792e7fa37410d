/**
 * The generated tests' data: request vectors, response vectors (each canned success answer to
 * an append paired with the position that makes it consistent) and scenarios as Go calls, each
 * test file's imports, the CRC-64 values the model pins down, the first-append-only values the
 * service refuses later, the retryable error used for fault injection, and the raw wire texts
 * (error documents, HTTP answers) the fake servers send.
 */
import type { IrAppendProtocol, IrError, IrModel, IrOperation, IrValue } from '../../../ir/types.js';
import { appendErrors } from './protocol.js';
import { operationNamed, requireValue } from './shared.js';
import { callView, inputExpr } from './test-calls.js';
import type { GoCall, GoTestWire, GoViewModel, GoWire } from './types.js';

export function testsView(ir: IrModel, protocol: IrAppendProtocol): GoViewModel['tests'] {
  return {
    accessKeyId: ir.tests.credentials.accessKeyId,
    accessKeySecret: ir.tests.credentials.accessKeySecret,
    requests: ir.tests.requests.map((v) => ({
      id: v.id,
      doc: v.doc.en,
      signature: v.auth === 'v1' ? 'SignatureV1' : 'SignatureV4',
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
      const op = operationNamed(ir, v.operation);
      return { id: v.id, status: v.status, headers: v.headers, body: v.body, call: callView(ir, v.operation, consistentInput(protocol, op, exampleInput(op), v.status, v.headers), v.expect) };
    }),
    scenarios: ir.tests.scenarios.map((s) => ({
      id: s.id,
      doc: s.doc.en,
      accessKeyId: s.credentials.accessKeyId,
      accessKeySecret: s.credentials.accessKeySecret,
      auth: s.auth,
      steps: s.steps.map((step) => ({
        ...callView(ir, step.call, step.input, step.expect),
        index: step.index + 1,
        name: step.call,
        stepName: `${step.index + 1}-${step.call}`,
      })),
    })),
  };
}

/** The imports of the vector and scenario test files. */
export function testImportsView(tests: GoViewModel['tests']): Pick<GoViewModel, 'vectorImports' | 'scenarioImports'> {
  const requestCalls = tests.requests.map((v) => v.call);
  const responseCalls = tests.responses.map((v) => v.call);
  const scenarioCalls = tests.scenarios.flatMap((sc) => sc.steps);
  return {
    // Request vectors accept a *ProtocolError for their empty canned answer (errors.As).
    vectorImports: testImports([...requestCalls, ...responseCalls], requestCalls.length > 0),
    scenarioImports: testImports(scenarioCalls),
  };
}

/** A retryable error the retry policy resends on (its status is retried), for fault injection in simulator tests. */
export function retryableError(ir: IrModel): IrError {
  return requireValue(ir.errors.find((e) => e.retryable && ir.retry.retryableStatuses.includes(e.status)), 'retryable error');
}

/** First-append-only members the service refuses after the first append, each with a value to try. */
export function rejectedLaterView(append: IrAppendProtocol): GoViewModel['rejectedLater'] {
  return append.operation.input
    .filter((m) => m.firstAppendOnly === 'reject')
    .map((m) => ({ name: m.names.go, value: inputExpr(m, m.example ?? (m.type === 'map' ? { name: 'value' } : m.type === 'boolean' ? true : m.type === 'int64' ? 1 : 'value')) }));
}

/**
 * The client believes a 2xx to an append only when its next position is where the bytes sent
 * end, so a canned success answer is paired with the position that makes it consistent.
 */
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

/** The imports of a generated test file, from what its calls use. */
function testImports(calls: GoCall[], needErrors = false): string[] {
  const imports = new Set<string>(['testing']);
  if (needErrors || calls.some((c) => c.isError)) imports.add('errors');
  if (calls.some((c) => c.usesStrings)) imports.add('strings');
  return [...imports].sort();
}

/**
 * CRC-64 values the model pins down without a server: a scenario step that creates an object
 * (position 0) with a body and expects the whole-object CRC.
 */
export function crcVectors(ir: IrModel, append: IrAppendProtocol): { label: string; data: string; crc: string }[] {
  const found = new Map<string, string>();
  for (const scenario of ir.tests.scenarios) {
    for (const step of scenario.steps) {
      if (step.call !== append.operation.name || step.expect.kind !== 'output') continue;
      const input = new Map(step.input.map((v) => [v.member.id, v.value]));
      const position = input.get(append.position.id);
      const body = input.get(append.body.id);
      const crc = new Map(step.expect.output.map((v) => [v.member.id, v.value])).get(append.crc.id);
      if (position === 0 && typeof body === 'string' && crc !== undefined) found.set(body, String(crc));
    }
  }
  return [...found.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([data, crc]) => ({ label: `CRC64(${JSON.stringify(data)})`, data, crc }));
}

/** The texts of the generated tests, from the wire facts and the model's errors. */
export function goTestWire(ir: IrModel, append: IrAppendProtocol, wire: GoWire, serverError: IrError): GoTestWire {
  const byStatus = (status: number) => requireValue(ir.errors.find((e) => e.status === status), `error with status ${status}`);
  const { wrongType } = appendErrors(append);
  const open = `<${wire.errorRoot}>`;
  const codeOpen = `${open}<${wire.codeElement}>`;
  const doc = (code: string) => `${codeOpen}${code}</${wire.codeElement}></${wire.errorRoot}>`;
  const next = `${wire.nextPositionHeader}: 4\r\n`;
  // Any modeled code does for the tolerant document: the one the object-size limit answers with.
  const tolerantCode = ir.limits.objectSize.error;
  const el = (name: string, text: string) => `<${name}>${text}</${name}>`;
  return {
    rangeErrorDoc: doc(byStatus(416).code),
    serverErrorDoc: doc(serverError.code),
    wrongTypeErrorDoc: doc(wrongType.code),
    positionErrorDoc: doc(append.positionError.error.code),
    errorOpen: open,
    errorCodeOpen: codeOpen,
    messageOpen: `<${wire.messageElement}><a`,
    drippedHeaders: `HTTP/1.1 200 OK\r\n${next}`,
    drippedErrorBody: `${codeOpen}${append.positionError.error.code}</${wire.codeElement}>`,
    typeHeaders: `HTTP/1.1 200 OK\r\nContent-Length: 10\r\n${wire.objectTypeHeader}: ${wire.appendableValue}\r\n\r\n`,
    endlessErrorHead: `HTTP/1.1 409 Conflict\r\nContent-Type: application/xml\r\nContent-Length: 107374182400\r\n\r\n${codeOpen}`,
    tolerantDoc:
      `<?xml version="1.0"?>${open}${el(wire.codeElement, tolerantCode)}` +
      `${el(wire.messageElement, 'bad &#x110000; &#0; &#xD800; &#99999999999; &bogus; &amp')}${el(wire.requestIdElement, 'r&#x1F600;&lt;')}</${wire.errorRoot}>`,
    tolerantCode,
    notAnErrorDocument: `an HTML page is not an ${open} document: %v`,
    // A body cut off inside the code of the 503 error.
    truncatedError: `HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/xml\r\nContent-Length: 1000\r\n\r\n${codeOpen}${byStatus(503).code.slice(0, 11)}`,
    truncatedSuccess: `HTTP/1.1 200 OK\r\n${next}${wire.crcHeader}: 1\r\nContent-Length: 50\r\n\r\nshort`,
    truncatedHeaders: `HTTP/1.1 200 OK\r\n${next}`,
  };
}
