/**
 * The generated vitest suites of out/ts/test: the model's request vectors (exact wire bytes and
 * signatures, injected clock and transport), response vectors (outputs and typed errors), every
 * scenario replayed against OSSGEN_MOCK_URL, and end-to-end checks against OSSGEN_SIM_URL.
 * Wire suites are skipped, visibly, when their server variable is absent.
 */
import type { IrExpectation, IrModel, IrOperation, IrValue } from '../../../ir/types.js';
import type { OutputFile } from '../../types.js';
import { hostileTests } from './hostile-tests.js';
import { featureTests } from './feature-tests.js';
import { presignTests } from './presign-tests.js';
import { call, constant, constDecl, describeBlock, errorXml, expectThat, fn, importFrom, itBlock, itSync, objectLiteral, scope, str, type Code, type Printer, type Statement } from '../helpers.js';

/** A TypeScript expression for a model value of the member's type. */
export function literal(member: { type: string }, value: unknown): string {
  switch (member.type) {
    case 'int64':
      return String(value);
    case 'uint64':
      return `${String(value)}n`;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'map':
      return objectLiteral(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, str(String(v))]));
    default:
      return str(String(value));
  }
}

const operationsByName = new WeakMap<IrModel, Map<string, IrOperation>>();
const errorsByCode = new WeakMap<IrModel, Map<string, string>>();

/** The operation a vector or scenario step names (the model checks the name resolves). */
function operationNamed(ir: IrModel, name: string): IrOperation {
  let map = operationsByName.get(ir);
  if (!map) operationsByName.set(ir, (map = new Map(ir.operations.map((o) => [o.name, o]))));
  const op = map.get(name);
  if (!op) throw new Error(`typescript: no operation ${name}`);
  return op;
}

/** The class a service error code arrives as: its own, or the base ServiceError for an unmodeled code. */
function errorClass(ir: IrModel, code: string): string {
  let map = errorsByCode.get(ir);
  if (!map) errorsByCode.set(ir, (map = new Map(ir.errors.map((e) => [e.code, e.names.ts]))));
  return map.get(code) ?? 'ServiceError';
}

function inputLiteral(values: IrValue[]): string {
  return objectLiteral(values.map((v) => [v.member.names.ts, literal(v.member, v.value)]));
}

/** The smallest input that passes validation, for response vectors (position 1: no CRC is known there). */
function minimalInput(op: IrOperation, headers: { name: string; value: string }[] = []): string {
  // An append answer is believed only when its next position is the position plus the bytes sent (none here).
  const next = op.append ? headers.find((h) => h.name.toLowerCase() === op.output.find((m) => m.id === op.append!.nextPosition)?.headerLower)?.value : undefined;
  return objectLiteral(
    op.input
      .filter((m) => m.required)
      .map((m) => [
        m.names.ts,
        m.location === 'host'
          ? str('examplebucket')
          : m.location === 'path'
            ? str('vector.txt')
            : m.type === 'int64'
              ? (op.append && m.id === op.append.position && next !== undefined && /^\d+$/.test(next) ? next : '1')
              : m.type === 'boolean'
                ? 'false'
                : "''",
      ]),
  );
}

/** Headers a success answer needs so the output parses (its required header outputs); an append's answer is consistent with the request (next position, CRC-64). */
function cannedHeaders(op: IrOperation, input: IrValue[] = []): string {
  const entries: [string, string][] = op.output.filter((m) => m.required && m.location === 'header' && m.headerLower).map((m) => [m.headerLower!, m.type === 'string' ? str('x') : str('0')]);
  if (op.append) {
    const position = Number(input.find((v) => v.member.id === op.append!.position)?.value ?? 0);
    const body = String(input.find((v) => v.member.location === 'body')?.value ?? '');
    const set = (id: string, value: string) => {
      const header = op.output.find((m) => m.id === id)?.headerLower;
      if (!header) return;
      const at = entries.findIndex(([name]) => name === header);
      if (at >= 0) entries[at] = [header, value];
      else entries.push([header, value]);
    };
    set(op.append.nextPosition, str(String(position + Buffer.byteLength(body, 'utf8'))));
    set(op.append.crc, position === 0 ? `crc64(${str(body)}).toString()` : str('0'));
  }
  return objectLiteral(entries);
}

/** Statements asserting an expectation on the result of `call` (an expression returning a promise). */
function expectStatements(ir: IrModel, op: IrOperation, callCode: string, expect: IrExpectation, label: string): string[] {
  if (expect.kind === 'error') {
    const e = expect.error;
    const cls = errorClass(ir, e.code);
    const lines = [
      constDecl(label, `await ${call('rejection', [callCode, cls])}`),
      expectThat(`${label}.code`, 'toBe', str(e.code)),
      expectThat(`${label}.status`, 'toBe', String(e.status)),
    ];
    if (e.requestId !== undefined) lines.push(expectThat(`${label}.requestId`, 'toBe', str(e.requestId)));
    if (e.hostId !== undefined) lines.push(expectThat(`${label}.hostId`, 'toBe', str(e.hostId)));
    if (e.ec !== undefined) lines.push(expectThat(`${label}.ec`, 'toBe', str(e.ec)));
    for (const f of e.fields) lines.push(expectThat(`${label}.${f.field.names.ts}`, 'toEqual', literal(f.field, f.value)));
    return lines;
  }
  const lines = [constDecl(label, `await ${callCode}`)];
  for (const v of expect.output) {
    const access = `${label}.${v.member.names.ts}`;
    if (v.member.type === 'blob') lines.push(expectThat(`await readText(${access})`, 'toBe', literal(v.member, v.value)));
    else lines.push(expectThat(access, 'toEqual', literal(v.member, v.value)));
  }
  if (expect.output.length === 0) lines.push(expectThat(label, 'toBeTypeOf', "'object'"));
  const body = op.output.find((m) => m.location === 'body');
  if (body && !expect.output.some((v) => v.member === body)) lines.push(`await readText(${label}.${body.names.ts});`);
  return lines;
}

function supportModule(ir: IrModel): Statement[] {
  const client = ir.service.clientNames.ts;
  return [
    importFrom('node:stream', ['Readable']),
    importFrom('vitest', ['expect']),
    importFrom('../src/index.js', [client]),
    importFrom('../src/index.js', [`${client}Options`, 'Transport', 'TransportRequest'], true),
    constant('TEST_CREDENTIALS', `{ accessKeyId: ${str(ir.tests.credentials.accessKeyId)}, accessKeySecret: ${str(ir.tests.credentials.accessKeySecret)} }`, {
      doc: 'The model’s test credentials (the mock and simulator verify signatures with them).',
    }),
    constant('SIGNIFICANT', `/^(content-type|content-md5|cache-control|content-disposition|content-encoding|expires|range|authorization|date|${ir.protocol.signing.signedHeaderPrefix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}.*)$/`, {
      doc: 'Headers a vector pins exactly (the wire contract’s significant headers plus the signature and its date).',
    }),
    fn({
      name: 'significantHeaders',
      params: [{ name: 'headers', type: 'Record<string, string>' }],
      returns: 'Record<string, string>',
      body: ['return Object.fromEntries(Object.entries(headers).filter(([name]) => SIGNIFICANT.test(name)).sort(([a], [b]) => (a < b ? -1 : 1)));'],
    }),
    fn({
      name: 'recorder',
      doc: 'A transport that records every request (draining its body) and answers with `answer`.',
      params: [{ name: 'answer', type: '{ status: number; headers: Record<string, string>; body?: string }' }],
      returns: '{ transport: Transport; requests: (TransportRequest & { bodyBytes: Buffer })[] }',
      body: [
        'const requests: (TransportRequest & { bodyBytes: Buffer })[] = [];',
        'const transport: Transport = async (request) => {',
        '  let bodyBytes = Buffer.alloc(0);',
        '  if (request.body instanceof Uint8Array) bodyBytes = Buffer.from(request.body);',
        '  else if (request.body) {',
        '    const chunks: Buffer[] = [];',
        '    for await (const chunk of request.body) chunks.push(Buffer.from(chunk as Uint8Array));',
        '    bodyBytes = Buffer.concat(chunks);',
        '  }',
        '  requests.push({ ...request, bodyBytes });',
        "  return { status: answer.status, headers: answer.headers, body: Readable.from([Buffer.from(answer.body ?? '', 'utf8')]) };",
        '};',
        'return { transport, requests };',
      ],
    }),
    fn({
      name: 'offlineClient',
      doc: 'A client that never touches the network: fixed clock, recording transport, one attempt.',
      params: [
        { name: 'transport', type: 'Transport' },
        { name: 'options', type: `${client}Options`, initializer: '{}' },
      ],
      returns: client,
      body: [`return new ${client}({ credentials: TEST_CREDENTIALS, transport, retry: { maxAttempts: 1 }, ...options });`],
    }),
    fn({
      name: 'rejection',
      doc: 'Awaits a promise that must reject with an instance of `type`, and returns the error.',
      async: true,
      typeParameters: ['T'],
      params: [
        { name: 'promise', type: 'Promise<unknown>' },
        { name: 'type', type: 'abstract new (...args: never[]) => T' },
      ],
      returns: 'Promise<T>',
      body: ['try {', '  await promise;', '} catch (err) {', '  expect(err).toBeInstanceOf(type);', '  return err as T;', '}', "throw new Error('expected the call to fail');"],
    }),
    fn({
      name: 'mockControl',
      doc: 'Calls the mock’s control API.',
      async: true,
      params: [
        { name: 'base', type: 'string' },
        { name: 'action', type: "'report' | 'reset'" },
        { name: 'scenario', type: 'string' },
      ],
      returns: 'Promise<unknown>',
      body: [
        "const response = await fetch(`${base}/__mock/${action}?scenario=${encodeURIComponent(scenario)}`, { method: action === 'reset' ? 'POST' : 'GET' });",
        "expect(response.status, `${action}: HTTP ${response.status} (was the mock started with --control-endpoints?)`).toBeLessThan(300);",
        "return action === 'report' ? response.json() : response.text();",
      ],
    }),
  ];
}

function requestVectors(ir: IrModel): Statement[] {
  const client = ir.service.clientNames.ts;
  const cases = ir.tests.requests.map((v) => {
    const op = operationNamed(ir, v.operation);
    const options = objectLiteral([
      ['endpoint', str(v.endpoint)],
      ['region', str(v.region)],
      ['signatureVersion', str(v.auth)],
      ['clock', `() => new Date(${v.epochSeconds * 1000})`],
    ]);
    return itBlock(`${v.id}: ${v.doc.en}`, [
      constDecl('wire', call('recorder', [objectLiteral([['status', '200'], ['headers', cannedHeaders(op, v.input)]])])),
      constDecl('client', call('offlineClient', ['wire.transport', options])),
      constDecl('output', `await ${call(`client.${op.names.ts}`, [inputLiteral(v.input)])}`),
      op.outputBody ? `await readText(output.${op.outputBody.names.ts});` : expectThat('output', 'toBeTypeOf', "'object'"),
      expectThat('wire.requests', 'toHaveLength', '1'),
      constDecl('request', 'wire.requests[0]!'),
      expectThat('request.method', 'toBe', str(v.expect.method)),
      expectThat('request.host', 'toBe', str(v.expect.host)),
      expectThat('request.path', 'toBe', str(v.expect.query ? `${v.expect.path}?${v.expect.query}` : v.expect.path)),
      expectThat('significantHeaders(request.headers)', 'toEqual', objectLiteral(v.expect.headers.map((h) => [h.name, str(h.value)]))),
    ]);
  });
  return [
    importFrom('vitest', ['describe', 'expect', 'it']),
    ...(ir.tests.requests.some((v) => operationNamed(ir, v.operation).outputBody) ? [importFrom('../src/index.js', ['readText'])] : []),
    ...(ir.tests.requests.some((v) => operationNamed(ir, v.operation).append && Number(v.input.find((x) => x.member.location === 'query' && x.member.id === operationNamed(ir, v.operation).append!.position)?.value ?? 0) === 0)
      ? [importFrom('../src/index.js', ['crc64'])]
      : []),
    importFrom('./support.js', ['offlineClient', 'recorder', 'significantHeaders']),
    describeBlock(`${client}: request vectors (exact method, host, path, query, headers and signature; no network)`, cases),
  ];
}

function responseVectors(ir: IrModel): Statement[] {
  const client = ir.service.clientNames.ts;
  const classes = new Set<string>();
  const cases = ir.tests.responses.map((v) => {
    const op = operationNamed(ir, v.operation);
    if (v.expect.kind === 'error') {
      const code = v.expect.error.code;
      classes.add(errorClass(ir, code));
    }
    const answer = objectLiteral([
      ['status', String(v.status)],
      ['headers', objectLiteral(v.headers.map((h) => [h.name, str(h.value)]))],
      ['body', str(v.body)],
    ]);
    return itBlock(`${v.id}: ${v.operation} answering ${v.status}`, [
      constDecl('wire', call('recorder', [answer])),
      constDecl('client', call('offlineClient', ['wire.transport', objectLiteral([['endpoint', str('https://oss-cn-hangzhou.aliyuncs.com')]])])),
      ...expectStatements(ir, op, call(`client.${op.names.ts}`, [minimalInput(op, v.headers)]), v.expect, 'result'),
      expectThat('wire.requests', 'toHaveLength', '1'),
    ]);
  });
  const usesReadText = ir.tests.responses.some((v) => v.expect.kind === 'output' && v.expect.output.some((o) => o.member.type === 'blob'));
  return [
    importFrom('vitest', ['describe', 'expect', 'it']),
    ...(classes.size ? [importFrom('../src/index.js', [...classes])] : []),
    ...(usesReadText ? [importFrom('../src/index.js', ['readText'])] : []),
    importFrom('./support.js', ['offlineClient', 'recorder', ...(classes.size ? ['rejection'] : [])]),
    describeBlock(`${client}: response vectors (outputs and typed errors; no network)`, cases),
  ];
}

function scenarios(ir: IrModel): Statement[] {
  const client = ir.service.clientNames.ts;
  const classes = new Set<string>();
  let readsBody = false;
  const cases = ir.tests.scenarios.map((s) => {
    const steps: Code[] = s.steps.map((step) => {
      const op = operationNamed(ir, step.call);
      if (step.expect.kind === 'error') {
        const code = step.expect.error.code;
        classes.add(errorClass(ir, code));
      }
      if (op.outputBody) readsBody = true;
      return scope(`step ${step.index}: ${step.call}`, expectStatements(ir, op, call(`client.${op.names.ts}`, [inputLiteral(step.input)]), step.expect, 'result'));
    });
    const options = objectLiteral([
      ['endpoint', 'MOCK_URL!'],
      ['region', str(ir.service.defaults.region)],
      ['credentials', objectLiteral([['accessKeyId', str(s.credentials.accessKeyId)], ['accessKeySecret', str(s.credentials.accessKeySecret)]])],
      ['retry', '{ maxAttempts: 1 }'],
      // The scenario's own signature, when it is not the client's default (the cassette was recorded with it).
      ...(s.auth !== ir.auth.default ? ([['signatureVersion', str(s.auth)]] as [string, string][]) : []),
    ]);
    return itBlock(`${s.id}: ${s.doc.en}`, [
      `await ${call('mockControl', ['MOCK_URL!', "'reset'", str(s.id)])};`,
      constDecl('client', `new ${client}(${options})`),
      (writer) => {
        writer.write('try ').inlineBlock(() => steps.forEach((step) => (typeof step === 'string' ? writer.writeLine(step) : step(writer))));
        writer.write(' finally ').inlineBlock(() => writer.writeLine('client.close();')).newLine();
      },
      expectThat(`await ${call('mockControl', ['MOCK_URL!', "'report'", str(s.id)])}`, 'toEqual', '{ unmatched: [], unused: [] }'),
    ]);
  });
  return [
    importFrom('vitest', ['describe', 'expect', 'it']),
    importFrom('../src/index.js', [client, ...classes, ...(readsBody ? ['readText'] : [])]),
    importFrom('./support.js', ['mockControl', ...(classes.size ? ['rejection'] : [])]),
    constant('MOCK_URL', 'process.env.OSSGEN_MOCK_URL', { exported: false, doc: 'A `gen mock --fixtures test/fixtures/recordings --control-endpoints` server (the suite resets and reads its report through `/__mock/...`, which only that flag turns on); without it this suite is skipped.' }),
    describeBlock(`${client}: every scenario replayed against OSSGEN_MOCK_URL (results, and a clean mock report)`, cases, '!MOCK_URL'),
  ];
}

function simulator(ir: IrModel): Statement[] | undefined {
  const ap = ir.protocol.append;
  if (!ap?.read || !ap.readBody || !ap.readKey) return undefined;
  const { operation: op, probe, read: get } = ap;
  const client = ir.service.clientNames.ts;
  const appendKey = ap.key.names.ts;
  const probeKey = ap.probeKey.names.ts;
  const readKey = ap.readKey.names.ts;
  const position = ap.position.names.ts;
  const body = ap.body.names.ts;
  const next = ap.nextPosition.names.ts;
  const crc = ap.crc.names.ts;
  const headLength = ap.probeLength!.names.ts;
  const headCrc = ap.probeCrc!.names.ts;
  const getBody = ap.readBody.names.ts;
  const wrongType = ap.notAppendable?.names.ts;
  const region = str(ir.service.defaults.region);

  return [
    importFrom('node:fs', ['mkdtempSync', 'rmSync', 'writeFileSync']),
    importFrom('node:os', ['tmpdir']),
    importFrom('node:path', ['join']),
    importFrom('node:stream', ['Readable']),
    importFrom('vitest', ['afterAll', 'describe', 'expect', 'it']),
    importFrom('../src/index.js', ['Appender', client, 'Crc64', 'NetworkError', 'NodeTransport', 'crc64', 'fromFile', ...(wrongType ? [wrongType] : [])]),
    importFrom('../src/index.js', ['Transport'], true),
    importFrom('./support.js', ['TEST_CREDENTIALS']),
    constant('SIM_URL', 'process.env.OSSGEN_SIM_URL', { exported: false, doc: 'A `gen mock --sim` server (bucket examplebucket); this suite uses no `/__mock/...` endpoint, so `--control-endpoints` is not needed. Without it this suite is skipped.' }),
    constant('RUN', '`ts-${process.pid}-${Date.now()}`', { exported: false, doc: 'Keys unique to this run, so reruns against one simulator do not collide.' }),
    fn({
      name: 'randomBytes',
      exported: false,
      doc: 'Deterministic pseudo-random bytes (xorshift32), so a failure can be reproduced.',
      params: [
        { name: 'size', type: 'number' },
        { name: 'seed', type: 'number' },
      ],
      returns: 'Buffer',
      body: [
        'const out = Buffer.allocUnsafe(size);',
        'let x = seed | 1;',
        'for (let i = 0; i < size; i++) {',
        '  x ^= x << 13;',
        '  x ^= x >>> 17;',
        '  x ^= x << 5;',
        '  out[i] = x & 0xff;',
        '}',
        'return out;',
      ],
    }),
    fn({
      name: 'readAll',
      exported: false,
      async: true,
      params: [{ name: 'stream', type: 'Readable' }],
      returns: 'Promise<Buffer>',
      body: ['const chunks: Buffer[] = [];', 'for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));', 'return Buffer.concat(chunks);'],
    }),
    fn({
      name: 'simClient',
      exported: false,
      params: [{ name: 'transport', type: 'Transport', optional: true }],
      returns: client,
      body: [
        `return new ${client}({ endpoint: SIM_URL!, region: ${region}, bucket: 'examplebucket', credentials: TEST_CREDENTIALS, retry: { baseDelayMs: 1, maxDelayMs: 5 }, ...(transport ? { transport } : {}) });`,
      ],
    }),
    describeBlock(`${client} against the simulator (OSSGEN_SIM_URL)`, [
      `const scratch = mkdtempSync(join(tmpdir(), 'ossgen-ts-'));`,
      `afterAll(() => rmSync(scratch, { recursive: true, force: true }));`,
      itBlock('the appender writes 50 random chunks; the object reads back byte-identical with the right CRC-64', [
        `const client = simClient();
try {
  const key = \`\${RUN}/appender.bin\`;
  const progress: number[] = [];
  const appender = await Appender.open(client, { key, onProgress: (p) => progress.push(p.position) });
  expect(appender.position).toBe(0);
  const chunks: Buffer[] = [];
  for (let i = 0; i < 50; i++) {
    const chunk = randomBytes((i * 7919) % 65536, i + 1);
    chunks.push(chunk);
    await appender.append(i % 2 === 0 ? chunk : new Uint8Array(chunk));
  }
  const expected = Buffer.concat(chunks);
  expect(progress).toHaveLength(50);
  expect(appender.position).toBe(expected.length);
  expect(appender.crc).toBe(crc64(expected));
  const got = await client.${get.names.ts}({ ${readKey}: key });
  expect((await readAll(got.${getBody})).equals(expected)).toBe(true);
  const head = await client.${probe.names.ts}({ ${probeKey}: key });
  expect(head.${headCrc}).toBe(crc64(expected));
} finally {
  client.close();
}`,
      ]),
      itBlock('appends a file, streamed, and resumes an existing object with Appender.open', [
        `const client = simClient();
try {
  const key = \`\${RUN}/file.bin\`;
  const first = randomBytes(3 * 1024 * 1024 + 17, 42);
  const path = join(scratch, 'upload.bin');
  writeFileSync(path, first);
  const out = await client.${op.names.ts}({ ${appendKey}: key, ${position}: 0, ${body}: fromFile(path) });
  expect(out.${next}).toBe(first.length);
  expect(out.${crc}).toBe(crc64(first));
  const appender = await Appender.open(client, { key });
  expect(appender.position).toBe(first.length);
  const second = randomBytes(2 * 1024 * 1024 + 1000, 7); // over one slice: CRC fed slice by slice
  await appender.append(second);
  const got = await client.${get.names.ts}({ ${readKey}: key });
  expect((await readAll(got.${getBody})).equals(Buffer.concat([first, second]))).toBe(true);
} finally {
  client.close();
}`,
      ]),
      itBlock('streams a body larger than 64 MiB with the client memory staying flat', [
        `const client = simClient();
const gc = (globalThis as { gc?: () => void }).gc;
const used = () => {
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
try {
  const key = \`\${RUN}/large.bin\`;
  const chunkSize = 1024 * 1024;
  const chunks = 72;
  const sent = new Crc64();
  let peak = 0;
  const baseline = used();
  let i = 0;
  const source = new Readable({
    read() {
      if (i === chunks) return void this.push(null);
      const chunk = randomBytes(chunkSize, 1000 + i++);
      sent.update(chunk);
      if (i % 8 === 0) peak = Math.max(peak, used() - baseline);
      this.push(chunk);
    },
  });
  const out = await client.${op.names.ts}({ ${appendKey}: key, ${position}: 0, ${body}: source });
  expect(out.${next}).toBe(chunkSize * chunks);
  expect(out.${crc}).toBe(sent.digest());
  // Flat: far below the ${'${chunks}'} MiB sent (a buffered client would hold all of it).
  expect(peak).toBeLessThan((gc ? 24 : 64) * 1024 * 1024);
  const head = await client.${probe.names.ts}({ ${probeKey}: key });
  expect(head.${headLength}).toBe(chunkSize * chunks);
  expect(head.${headCrc}).toBe(sent.digest());
} finally {
  client.close();
}`,
      ]),
      itBlock('an append whose answer is lost is recovered by reading the object back, never sent twice', [
        `const own = new NodeTransport();
let appends = 0;
let dropped = 0;
// Delivers the 2nd append but loses its answer; drops the 3rd before it is sent.
const transport: Transport = async (request) => {
  if (request.method === ${str(op.http.method)}) {
    appends++;
    if (appends === 3) {
      dropped++;
      throw new NetworkError('dropped before sending');
    }
    const response = await own.send(request);
    if (appends === 2) {
      response.body.resume();
      throw new NetworkError('connection reset after the request was delivered');
    }
    return response;
  }
  return own.send(request);
};
const client = simClient(transport);
try {
  const key = \`\${RUN}/recover.log\`;
  const appender = await Appender.open(client, { key });
  const lines = ['one\\n', 'two\\n', 'three\\n', 'four\\n'];
  // Issued without waiting: the appender queues them, so they land in order.
  await Promise.all(lines.map((line) => appender.append(line)));
  expect(dropped).toBe(1);
  expect(appends).toBe(5);
  const got = await client.${get.names.ts}({ ${readKey}: key });
  expect((await readAll(got.${getBody})).toString('utf8')).toBe(lines.join(''));
  expect(appender.crc).toBe(crc64(lines.join('')));
} finally {
  client.close();
  own.close();
}`,
      ]),
      itBlock('the appender refuses an object that is not appendable', [
        `const client = simClient();
try {
  const key = \`\${RUN}/normal.txt\`;
  await client.${ir.operations.find((o) => o.http.method === 'PUT')?.names.ts ?? 'putObject'}({ ${appendKey}: key, ${body}: 'normal' });
  await expect(Appender.open(client, { key })).rejects.toBeInstanceOf(${wrongType ?? 'ServiceError'});
} finally {
  client.close();
}`,
      ]),
      itBlock('signs with V1 as well', [
        `const client = new ${client}({ endpoint: SIM_URL!, region: ${region}, bucket: 'examplebucket', credentials: TEST_CREDENTIALS, signatureVersion: 'v1' });
try {
  const out = await client.${op.names.ts}({ ${appendKey}: \`\${RUN}/v1 key+.txt\`, ${position}: 0, ${body}: 'v1' });
  expect(out.${next}).toBe(2);
} finally {
  client.close();
}`,
      ]),
      ...otherReads(ir, client, region),
    ], '!SIM_URL'),
  ];
}

/**
 * The reads beyond the probe and the read-back, from the IR, under every signature (V1 signs their
 * sub-resources): each other body-less HEAD that reports the next append position (GetObjectMeta)
 * gives the object's length, and the read's response overrides (`responseHeader` query members) set
 * the headers its result reads. None when the model has neither.
 */
function otherReads(ir: IrModel, client: string, region: string): Code[] {
  const ap = ir.protocol.append!;
  const nextHeader = ap.nextPosition.headerLower;
  const metas = ir.operations.filter((o) => o !== ap.probe && o.http.method === 'HEAD' && o.output.some((m) => m.headerLower === nextHeader) && o.input.some((m) => m.location === 'path'));
  const get = ap.read!;
  const overrides = get.input
    .filter((m) => m.responseHeaderLower && m.example !== undefined)
    .flatMap((m) => {
      const out = get.output.find((o) => o.headerLower === m.responseHeaderLower);
      return out ? [{ input: m.names.ts, output: out.names.ts, value: str(String(m.example)) }] : [];
    });
  if (metas.length === 0 && overrides.length === 0) return [];
  const lines = [
    `const client = new ${client}({ endpoint: SIM_URL!, region: ${region}, bucket: 'examplebucket', credentials: TEST_CREDENTIALS, signatureVersion });`,
    'try {',
    `  const key = \`\${RUN}/reads \${signatureVersion}+.txt\`;`,
    `  await client.${ap.operation.names.ts}({ ${ap.key.names.ts}: key, ${ap.position.names.ts}: 0, ${ap.body.names.ts}: 'reads' });`,
    ...metas.map((o) => {
      const next = o.output.find((m) => m.headerLower === nextHeader)!.names.ts;
      return `  expect((await client.${o.names.ts}({ ${o.input.find((m) => m.location === 'path')!.names.ts}: key })).${next}).toBe(5);`;
    }),
    ...(overrides.length > 0
      ? [
          `  const got = await client.${get.names.ts}({ ${ap.readKey!.names.ts}: key, ${overrides.map((o) => `${o.input}: ${o.value}`).join(', ')} });`,
          `  expect((await readAll(got.${ap.readBody!.names.ts})).toString()).toBe('reads');`,
          ...overrides.map((o) => `  expect(got.${o.output}).toBe(${o.value});`),
        ]
      : []),
    '} finally {',
    '  client.close();',
    '}',
  ];
  // Written with a space after each comma, as prettier prints it (the layout printer then vouches for it).
  const schemes = `[${ir.auth.schemes.map((s) => JSON.stringify(s.id)).join(', ')}]`;
  return [itBlock(`the other reads (${[...metas.map((o) => o.name), ...(overrides.length ? [`${get.name} with response overrides`] : [])].join(', ')}) answer under every signature`, [`for (const signatureVersion of ${schemes} as const) {`, ...lines.map((l) => `  ${l}`), '}'])];
}

function unitTests(ir: IrModel): Statement[] | undefined {
  const ap = ir.protocol.append;
  if (!ap) return undefined;
  const op = ap.operation;
  const client = ir.service.clientNames.ts;
  const key = ap.key.names.ts;
  const bucket = ap.bucket.names.ts;
  const position = ap.position.names.ts;
  const body = ap.body.names.ts;
  const next = ap.nextPosition.names.ts;
  const crcHeader = ap.crc.headerLower!;
  const nextHeader = ap.nextPosition.headerLower!;
  const head = ap.probe.names.ts;
  const reject = op.input.filter((m) => m.firstAppendOnly === 'reject');
  const map = op.input.find((m) => m.location === 'header-map');
  const l = ir.limits;
  /** One "refused before sending" case: the call fails with ValidationError naming `check`, and the transport saw nothing. */
  const refusal = (title: string, input: [string, string][], check: [string, string]): Code =>
    itBlock(title, [
      constDecl('wire', "recorder({ status: 200, headers: {} })"),
      constDecl('error', `await ${call('rejection', [call(`offlineClient(wire.transport).${op.names.ts}`, [objectLiteral(input)]), 'ValidationError'])}`),
      expectThat(`error.${check[0]}`, 'toBe', str(check[1])),
      expectThat('wire.requests', 'toHaveLength', '0'),
    ]);
  const base = (k: string, pos: number): [string, string][] => [
    [bucket, "'b'"],
    [key, k],
    [position, String(pos)],
    [body, "'x'"],
  ];
  const rejectCases = reject.map((m) =>
    refusal(`refuses ${m.names.ts} after the first append`, [...base("'k'", 5), [m.names.ts, m.type === 'map' ? "{ a: 'b' }" : m.format === 'tagging' ? "'a=b'" : "'x'"]], ['field', m.names.ts]),
  );
  const keyCases = [
    refusal('refuses an empty key before sending', base("''", 0), ['rule', 'objectKey.minBytes']),
    refusal(`refuses a key over ${l.objectKey.maxBytes} bytes before sending`, base(`'é'.repeat(${Math.ceil((l.objectKey.maxBytes + 1) / 2)})`, 0), ['rule', 'objectKey.maxBytes']),
    ...l.objectKey.forbiddenPrefixes.map((p) => refusal(`refuses a key starting with ${JSON.stringify(p)} before sending`, base(str(`${p}a`), 0), ['rule', 'objectKey.forbiddenPrefixes'])),
  ];
  return [
    importFrom('node:http', ['createServer']),
    importFrom('node:net', ['AddressInfo'], true),
    importFrom('vitest', ['describe', 'expect', 'it']),
    importFrom('../src/index.js', [client, 'crc64', 'Crc64', 'IntegrityError', 'NetworkError', 'readText', 'ServiceError', 'TimeoutError', 'ValidationError']),
    importFrom('../src/index.js', ['TransportResponse'], true),
    importFrom('./support.js', ['offlineClient', 'recorder', 'rejection', 'TEST_CREDENTIALS']),
    describeBlock('CRC-64/XZ', [
      itSync('matches the catalogue check value and the model’s HEAD example', [
        `expect(crc64('123456789')).toBe(0x995dc9bbdf1939fan);
expect(crc64('')).toBe(0n);
expect(crc64('test')).toBe(18020588380933092773n);`,
      ]),
      itSync('continues from a previous CRC, and the word-wise bulk agrees with byte-at-a-time at every alignment', [
        `const data = new Uint8Array(1000).map((_, i) => (i * 31 + 7) & 0xff);
for (const offset of [1, 2, 3]) expect(crc64(data.subarray(offset))).toBe(crc64(Uint8Array.from(data.subarray(offset))));
const whole = crc64(data);
for (const cut of [0, 1, 7, 8, 9, 500, 999, 1000]) expect(crc64(data.subarray(cut), crc64(data.subarray(0, cut)))).toBe(whole);
const bytewise = new Crc64();
for (let i = 0; i < data.length; i++) bytewise.update(data.subarray(i, i + 1));
expect(bytewise.digest()).toBe(whole);`,
      ]),
    ]),
    describeBlock(`${client}: constraints are checked before anything is sent`, [
      ...keyCases,
      ...rejectCases,
      refusal(`refuses an append that would grow the object beyond ${l.objectSize.maxBytes} bytes`, base("'k'", l.objectSize.maxBytes), ['rule', 'objectSize.maxBytes']),
      refusal('refuses a negative position', base("'k'", -1), ['rule', 'minimum']),
      refusal('refuses a missing bucket', base("'k'", 0).slice(1), ['rule', 'required']),
      ...(map
        ? [
            refusal(`refuses a metadata name the service does not accept`, [...base("'k'", 0), [map.names.ts, "{ bad_name: 'v' }"]], ['rule', 'userMetadata.namePattern']),
            refusal(`refuses metadata over ${l.userMetadata.maxTotalBytes} bytes`, [...base("'k'", 0), [map.names.ts, `{ big: 'v'.repeat(${l.userMetadata.maxTotalBytes}) }`]], ['rule', 'userMetadata.maxTotalBytes']),
          ]
        : []),
    ]),
    describeBlock(`${client}: credentials and transport failures`, [
      itBlock('signs the session token from a credentials provider', [
        `const wire = recorder({ status: 200, headers: { ${str(nextHeader)}: '0', ${str(crcHeader)}: '0' } });
const client = offlineClient(wire.transport, { credentials: async () => ({ accessKeyId: 'ak', accessKeySecret: 'sk', securityToken: 'token-1' }) });
await client.${op.names.ts}({ ${bucket}: 'b', ${key}: 'k', ${position}: 0, ${body}: '' });
expect(wire.requests[0]!.headers[${str(ir.service.credentials.securityTokenHeader.toLowerCase())}]).toBe('token-1');`,
      ]),
      itBlock('keeps a timeout (TimeoutError) apart from a refused connection (NetworkError) and from service errors', [
        `const silent = createServer(() => undefined);
await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
const { port } = silent.address() as AddressInfo;
try {
  const slow = new ${client}({ endpoint: \`http://127.0.0.1:\${port}\`, credentials: TEST_CREDENTIALS, timeoutMs: 200, retry: { maxAttempts: 1 } });
  const timeout = await rejection(slow.${head}({ ${bucket}: 'b', ${key}: 'k' }), TimeoutError);
  expect(timeout.timeoutMs).toBe(200);
  expect(timeout).not.toBeInstanceOf(ServiceError);
  slow.close();
} finally {
  silent.closeAllConnections();
  await new Promise((resolve) => silent.close(resolve));
}
const refused = new ${client}({ endpoint: \`http://127.0.0.1:\${port}\`, credentials: TEST_CREDENTIALS, retry: { maxAttempts: 1 } });
const network = await rejection(refused.${head}({ ${bucket}: 'b', ${key}: 'k' }), NetworkError);
expect(network).not.toBeInstanceOf(TimeoutError);
refused.close();`,
      ]),
    ]),
    describeBlock(`${client}: integrity and retries`, [
      itBlock('throws IntegrityError when the reported CRC-64 differs from the bytes sent', [
        `const wire = recorder({ status: 200, headers: { ${str(nextHeader)}: '4', ${str(crcHeader)}: '1' } });
const error = await rejection(offlineClient(wire.transport).${op.names.ts}({ ${bucket}: 'b', ${key}: 'k', ${position}: 0, ${body}: 'test' }), IntegrityError);
expect(error.expected).toBe(crc64('test'));
expect(error.actual).toBe(1n);`,
      ]),
      ...(ap.read
        ? (() => {
            const get = ap.read!;
            const getCrc = get.output.find((m) => m.id === ap.crc.id);
            const getRange = ap.readRange;
            if (!getCrc) return [];
            const answer = (crc: string) =>
              `recorder({ status: 200, headers: { 'content-length': '4', ${str(getCrc.headerLower!)}: ${crc} }, body: 'test' })`;
            return [
              itBlock('checks a full download against the whole-object CRC-64, and not a ranged one', [
                constDecl('good', answer("crc64('test').toString()")),
                constDecl('ok', `await offlineClient(good.transport).${get.names.ts}({ ${bucket}: 'b', ${key}: 'k' })`),
                expectThat(`await readText(ok.${get.outputBody!.names.ts})`, 'toBe', "'test'"),
                constDecl('bad', answer("'1'")),
                constDecl('corrupt', `await offlineClient(bad.transport).${get.names.ts}({ ${bucket}: 'b', ${key}: 'k' })`),
                `await rejection(readText(corrupt.${get.outputBody!.names.ts}), IntegrityError);`,
                ...(getRange
                  ? [
                      constDecl('ranged', `await offlineClient(bad.transport).${get.names.ts}({ ${bucket}: 'b', ${key}: 'k', ${getRange.names.ts}: 'bytes=0-3' })`),
                      expectThat(`await readText(ranged.${get.outputBody!.names.ts})`, 'toBe', "'test'"),
                    ]
                  : []),
              ]),
            ];
          })()
        : []),
      itBlock('retries a retryable answer of an idempotent operation with backoff, and honours the attempt limit', [
        `let calls = 0;
const delays: number[] = [];
const client = offlineClient(
  async () => {
    calls++;
    const { Readable } = await import('node:stream');
    return { status: 503, headers: { 'retry-after': '0' }, body: Readable.from([Buffer.from('${errorXml(ir.protocol.errorBody, 'ServiceUnavailable')}')]) };
  },
  { retry: { maxAttempts: ${Math.max(2, ir.retry.maxAttempts)} }, sleep: async (ms) => void delays.push(ms) },
);
const error = await rejection(client.${head}({ ${bucket}: 'b', ${key}: 'k' }), ServiceError);
expect(error.status).toBe(503);
expect(calls).toBe(${Math.max(2, ir.retry.maxAttempts)});
expect(delays).toHaveLength(${Math.max(2, ir.retry.maxAttempts) - 1});
for (const d of delays) expect(d).toBeLessThanOrEqual(${ir.retry.maxDelayMs});`,
      ]),
      itBlock('never resends an append blindly: a 5xx is resolved by reading the object back', [
        `const seen: string[] = [];
const { Readable } = await import('node:stream');
const client = offlineClient(
  async (request): Promise<TransportResponse> => {
    seen.push(request.method);
    if (request.method === ${str(op.http.method)}) return { status: 500, headers: {}, body: Readable.from([Buffer.from('${errorXml(ir.protocol.errorBody, 'InternalError')}')]) };
    // The append did land: the object now ends after the chunk.
    return { status: 200, headers: { 'content-length': '4', ${str(nextHeader)}: '4', ${str(crcHeader)}: crc64('test').toString() }, body: Readable.from([]) };
  },
  { retry: { maxAttempts: 3 }, sleep: async () => undefined },
);
const out = await client.${op.names.ts}({ ${bucket}: 'b', ${key}: 'k', ${position}: 0, ${body}: 'test' });
expect(out.${next}).toBe(4);
expect(seen).toEqual([${str(op.http.method)}, 'HEAD']);`,
      ]),
    ]),
  ];
}

export function testFiles(ir: IrModel, printer: Printer): OutputFile[] {
  const files: [string, Statement[] | undefined, string][] = [
    ['test/support.ts', supportModule(ir), 'Helpers shared by the generated tests.'],
    ['test/request-vectors.test.ts', requestVectors(ir), 'The model’s request vectors: exact requests, V1 and V4 signatures, no network.'],
    ['test/response-vectors.test.ts', responseVectors(ir), 'The model’s response vectors: outputs and typed errors, no network.'],
    ['test/client.test.ts', unitTests(ir), 'CRC-64, constraints, integrity and retry behaviour, no network.'],
    ['test/scenarios.test.ts', scenarios(ir), 'Every scenario of the model, replayed against the recorded cassettes (OSSGEN_MOCK_URL).'],
    ['test/hostile.test.ts', hostileTests(ir), 'The client against hostile answers: lost answers and other writers, lies in 2xx answers, redirects, drips, floods, cut-short bodies, bad credentials. Offline or loopback only.'],
    ['test/simulator.test.ts', simulator(ir), 'End to end against the simulator (OSSGEN_SIM_URL): appender, files, large streams, recovery.'],
    ['test/features.test.ts', featureTests(ir), 'Cancellation (abortSignal, the appender’s read-back) and byte-level upload progress, against the simulator (OSSGEN_SIM_URL).'],
    ['test/presign.test.ts', presignTests(ir), 'Presigned URLs: the model’s vectors exactly, and fetched with a plain HTTP call against the simulator (OSSGEN_SIM_URL).'],
  ];
  return files
    .filter((f): f is [string, Statement[], string] => f[1] !== undefined)
    .map(([path, statements, doc]) => ({ path, content: printer.print(path, statements, doc) }));
}
