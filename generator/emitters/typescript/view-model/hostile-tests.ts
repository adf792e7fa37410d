/**
 * out/ts/test/hostile.test.ts: the client against hostile answers, offline (an in-memory object
 * behind an injected transport) and over loopback (small node:http servers that redirect, drip,
 * flood, cut answers short and lie about positions and CRCs). Each case is one promise of
 * docs/wire-contract.md ("The appender" steps 3 and 4, "What a client checks in a 2xx", "Answers
 * that are errors", "Time limits", "Credentials"); every loop and server here is bounded.
 */
import type { IrModel } from '../../../ir/types.js';
import { part } from '../parts.js';
import { constant, describeBlock, errorXml, fn, importFrom, itBlock, itSync, member, str, type Statement } from '../helpers.js';

export function hostileTests(ir: IrModel): Statement[] | undefined {
  const ap = ir.protocol.append;
  if (!ap?.read || !ap.readRange || !ap.readBody) return undefined;
  const { operation: op, probe, read: get } = ap;
  const client = ir.service.clientNames.ts;
  const creds = ir.service.credentials;
  const bucket = ap.bucket.names.ts;
  const key = ap.key.names.ts;
  const body = ap.body.names.ts;
  const position = ap.position.names.ts;
  const next = ap.nextPosition.names.ts;
  const crcOut = ap.crc.names.ts;
  const nextHeader = ap.nextPosition.headerLower!;
  const crcHeader = ap.crc.headerLower!;
  const typeHeader = ap.objectType?.member.headerLower;
  const rangeHeader = ap.readRange.headerLower!;
  const positionError = ap.positionError.error;
  const positionErrorName = positionError.names.ts;
  const positionCode = positionError.code;
  const invalidArgument = ir.protocol.errors.invalidArgument;
  // The error document, from the model's protocol.errorBody.
  const { root, elements } = ir.protocol.errorBody;
  const tag = (name: string, text: string) => `<${name}>${text}</${name}>`;
  const errorDoc = (code: string, message?: string) => errorXml(ir.protocol.errorBody, code, message);
  const append = op.names.ts;
  const head = probe.names.ts;
  const read = get.names.ts;
  const getBody = ap.readBody.names.ts;

  return [
    importFrom('node:http', ['createServer']),
    importFrom('node:http', ['IncomingMessage', 'Server', 'ServerResponse'], true),
    importFrom('node:net', ['createServer as createNetServer']),
    importFrom('node:net', ['AddressInfo'], true),
    importFrom('node:stream', ['Readable']),
    importFrom('vitest', ['afterEach', 'describe', 'expect', 'it']),
    importFrom('../src/index.js', [
      'AbortError',
      'Appender',
      client,
      'IntegrityError',
      'NetworkError',
      'ProtocolError',
      'ServiceError',
      'TimeoutError',
      'ValidationError',
      'crc64',
      'fromFile',
      'parseErrorXml',
      positionErrorName,
    ]),
    importFrom('../src/index.js', ['Transport', 'TransportRequest', 'TransportResponse'], true),
    importFrom('./support.js', ['TEST_CREDENTIALS', 'rejection']),
    constant('CHUNK_A', "Buffer.from('first chunk, sixty-four bytes long, written by the writer A.....')", { exported: false }),
    constant('CHUNK_B', "Buffer.alloc(200, 'A')", { exported: false }),
    constant('OTHER', "Buffer.alloc(300, 'B')", { exported: false }),
    [
      '/** What an in-memory object answers; hooks drop requests, lose answers or edit headers. */',
      'interface StoreHooks {',
      // Members at ts-morph's 4-space step, as the layout printer reads interfaces (prettier's output is the same).
      '    /** Before the request is applied: `drop` fails it with NetworkError, unapplied. */',
      "    before?: (request: TransportRequest, n: number) => 'drop' | void;",
      '    /** After it is applied: `lose` fails it with NetworkError (the answer is lost); headers may be edited. */',
      "    after?: (request: TransportRequest, n: number, headers: Record<string, string>) => 'lose' | void;",
      '}',
    ].join('\n'),
    fn({
      name: 'bytesOf',
      exported: false,
      async: true,
      params: [{ name: 'request', type: 'TransportRequest' }],
      returns: 'Promise<Buffer>',
      body: [
        'if (request.body === undefined) return Buffer.alloc(0);',
        'if (request.body instanceof Uint8Array) return Buffer.from(request.body);',
        'const chunks: Buffer[] = [];',
        'for await (const chunk of request.body) chunks.push(Buffer.from(chunk as Uint8Array));',
        'return Buffer.concat(chunks);',
      ],
    }),
    fn({
      name: 'store',
      exported: false,
      doc: 'An appendable object in memory behind a Transport, with the service’s position rule, HEAD and ranged GET.',
      params: [{ name: 'hooks', type: 'StoreHooks', initializer: '{}' }],
      returns: '{ transport: Transport; seen: string[]; data: () => Buffer; write: (bytes: Buffer) => void }',
      body: [
        'let data: Buffer | undefined;',
        'const seen: string[] = [];',
        'const write = (bytes: Buffer) => {',
        '  data = Buffer.concat([data ?? Buffer.alloc(0), bytes]);',
        '};',
        'const transport: Transport = async (request): Promise<TransportResponse> => {',
        '  const sent = await bytesOf(request);',
        '  const n = seen.push(`${request.method} ${request.path}${request.headers[' + str(rangeHeader) + '] ? ` ${request.headers[' + str(rangeHeader) + ']}` : \'\'}`);',
        "  if (hooks.before?.(request, n) === 'drop') throw new NetworkError('request dropped');",
        '  let status = 200;',
        '  const headers: Record<string, string> = {};',
        "  let answer: Buffer = Buffer.alloc(0);",
        "  const state = () => ({ 'content-length': String(data!.length), " + str(nextHeader) + ': String(data!.length), ' + str(crcHeader) + ': crc64(data!).toString()' + (ap.objectType && typeHeader ? ', ' + str(typeHeader) + ': ' + str(ap.objectType.appendable) : '') + ' });',
        "  if (request.method === " + str(op.http.method) + ') {',
        '    const at = Number(/[?&]position=(\\d+)/.exec(request.path)![1]);',
        '    if (at !== (data?.length ?? 0)) {',
        `      status = ${positionError.status};`,
        '      headers[' + str(nextHeader) + '] = String(data?.length ?? 0);',
        '      answer = Buffer.from(`' + errorDoc(positionCode, 'Position is not equal to file length') + '`);',
        '    } else {',
        '      write(sent);',
        '      Object.assign(headers, state());',
        "      headers['content-length'] = '0';",
        '    }',
        '  } else if (data === undefined) status = 404;',
        "  else if (request.method === 'HEAD') Object.assign(headers, state());",
        '  else {',
        '    const range = /^bytes=(\\d+)-(\\d+)$/.exec(request.headers[' + str(rangeHeader) + '] ?? \'\');',
        '    const from = range ? Number(range[1]) : 0;',
        '    const to = range ? Math.min(Number(range[2]), data.length - 1) : data.length - 1;',
        '    answer = data.subarray(from, to + 1);',
        '    Object.assign(headers, state());',
        "    headers['content-length'] = String(answer.length);",
        '    if (range) {',
        '      status = 206;',
        "      headers['content-range'] = `bytes ${from}-${to}/${data.length}`;",
        '    }',
        '  }',
        "  if (hooks.after?.(request, n, headers) === 'lose') throw new NetworkError('answer lost');",
        '  return { status, headers, body: Readable.from([answer]) };',
        '};',
        'return { transport, seen, data: () => data ?? Buffer.alloc(0), write };',
      ],
    }),
    fn({
      name: 'storeClient',
      exported: false,
      params: [
        { name: 'transport', type: 'Transport' },
        { name: 'maxAttempts', type: 'number', initializer: '3' },
      ],
      returns: client,
      body: [`return new ${client}({ credentials: TEST_CREDENTIALS, bucket: 'b', transport, retry: { maxAttempts }, sleep: async () => undefined });`],
    }),
    constant('servers', '[] as Server[]', { exported: false, doc: 'Loopback servers of the current test, closed after it.' }),
    fn({
      name: 'serve',
      exported: false,
      async: true,
      doc: 'A loopback server whose handler gets the request after its body was read; returns its URL.',
      params: [{ name: 'handler', type: '(req: IncomingMessage, res: ServerResponse) => void' }],
      returns: 'Promise<string>',
      body: [
        'const server = createServer((req, res) => {',
        '  req.resume();',
        "  req.on('end', () => handler(req, res));",
        '});',
        'servers.push(server);',
        "await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));",
        'return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;',
      ],
    }),
    part('hostile', 'drip', { spaced: true }),
    fn({
      name: 'httpClient',
      exported: false,
      params: [
        { name: 'endpoint', type: 'string' },
        { name: 'options', type: `Partial<ConstructorParameters<typeof ${client}>[0]>`, initializer: '{}' },
      ],
      returns: client,
      body: [`return new ${client}({ endpoint, bucket: 'examplebucket', credentials: TEST_CREDENTIALS, timeoutMs: 300, retry: { maxAttempts: 1, baseDelayMs: 1 }, ...options });`],
    }),
    'afterEach(async () => {\n  for (const server of servers.splice(0)) {\n    server.closeAllConnections();\n    await new Promise((resolve) => server.close(resolve));\n  }\n});',
    describeBlock(`${client}: an append whose outcome is unknown (wire contract, the appender, steps 3 and 4)`, [
      itBlock('answer lost, another writer appends before the read-back: the chunk is found by reading its range back, and reported landed', [
        `const object = store({
  after: (_request, n) => {
    if (n !== 1) return;
    object.write(OTHER); // writer B, between our lost answer and our read-back
    return 'lose';
  },
});
const out = await storeClient(object.transport).${append}({ ${key}: 'k', ${position}: 0, ${body}: CHUNK_A });
expect(out.${next}).toBe(CHUNK_A.length);
expect(out.${crcOut}).toBe(crc64(CHUNK_A));
expect(object.data().equals(Buffer.concat([CHUNK_A, OTHER]))).toBe(true);
expect(object.seen.filter((s) => s.startsWith(${str(op.http.method)}))).toHaveLength(1);
expect(object.seen).toContain(\`GET /k bytes=0-\${CHUNK_A.length - 1}\`);`,
      ]),
      ...(ir.protocol.range && ap.readRangeBehavior
        ? [
            itBlock('the read-back asks for the strict range behavior (by default the service answers a range it cannot serve with the whole object)', [
              `const behaviors: (string | undefined)[] = [];
const object = store({
  before: (request) => {
    if (request.method === ${str(get.http.method)}) behaviors.push(request.headers[${str(ir.protocol.range.behavior.headerLower)}]);
  },
  after: (_request, n) => {
    if (n !== 1) return;
    object.write(OTHER);
    return 'lose';
  },
});
await storeClient(object.transport).${append}({ ${key}: 'k', ${position}: 0, ${body}: CHUNK_A });
expect(behaviors).toEqual([${str(ir.protocol.range.strict)}]);`,
            ]),
          ]
        : []),
      itBlock('request lost, another writer appends first: the read-back proves the chunk absent, a position error says so', [
        `const object = store({
  before: (_request, n) => {
    if (n !== 1) return;
    object.write(OTHER);
    return 'drop';
  },
});
const error = await rejection(storeClient(object.transport).${append}({ ${key}: 'k', ${position}: 0, ${body}: CHUNK_A }), ${positionErrorName});
expect(error.status).toBe(${positionError.status});\nexpect(error.${ap.positionError.field.names.ts}).toBe(OTHER.length);
expect(error.message).toMatch(/read back and is not there/);
expect(error.cause).toBeInstanceOf(NetworkError);
expect(object.data().equals(OTHER)).toBe(true);`,
      ]),
      itBlock('answer lost and every read-back fails: the original unknown-outcome error, never a lost race', [
        `const object = store({
  before: (_request, n) => (n > 1 ? 'drop' : undefined),
  after: (_request, n) => {
    if (n !== 1) return;
    object.write(OTHER);
    return 'lose';
  },
});
const error = await rejection(storeClient(object.transport).${append}({ ${key}: 'k', ${position}: 0, ${body}: CHUNK_A }), NetworkError);
expect(error.message).toBe('answer lost');`,
      ]),
      itBlock('an appender whose chunk stayed unresolved checks for it before its next append, and moves past it', [
        `let probesFail = false;
let lost = false;
const object = store({
  before: (request) => (probesFail && request.method !== ${str(op.http.method)} ? 'drop' : undefined),
  after: (request) => {
    if (lost || request.method !== ${str(op.http.method)} || !request.path.includes(\`position=\${CHUNK_A.length}\`)) return;
    lost = true;
    probesFail = true; // the answer is lost and, for now, so is every probe
    return 'lose';
  },
});
const client = storeClient(object.transport, 2);
const appender = await Appender.open(client, { key: 'k' });
await appender.append(CHUNK_A);
await rejection(appender.append(CHUNK_B), NetworkError);
expect(appender.position).toBe(CHUNK_A.length);
probesFail = false;
const tail = Buffer.from('third');
await appender.append(tail);
expect(object.data().equals(Buffer.concat([CHUNK_A, CHUNK_B, tail]))).toBe(true);
expect(appender.position).toBe(CHUNK_A.length + CHUNK_B.length + tail.length);
expect(appender.crc).toBe(crc64(object.data()));`,
      ]),
      itBlock('retry after unknown outcome writes the chunk once: the same chunk again, found stored, is not sent again', [
        `let probesFail = false;
let lost = false;
const object = store({
  before: (request) => (probesFail && request.method !== ${str(op.http.method)} ? 'drop' : undefined),
  after: (request) => {
    if (lost || request.method !== ${str(op.http.method)} || !request.path.includes(\`position=\${CHUNK_A.length}\`)) return;
    lost = true;
    probesFail = true; // the answer is lost and, for now, so is every probe
    return 'lose';
  },
});
const progress: number[] = [];
const appender = await Appender.open(storeClient(object.transport, 2), { key: 'k', onProgress: (p) => progress.push(p.position) });
await appender.append(CHUNK_A);
await rejection(appender.append(CHUNK_B), NetworkError);
probesFail = false;
// The caller retries the chunk it was told failed (a copy: the same bytes, not the same object).
const out = await appender.append(Buffer.from(CHUNK_B));
expect(out.${next}).toBe(CHUNK_A.length + CHUNK_B.length);
expect(out.${crcOut}).toBe(crc64(Buffer.concat([CHUNK_A, CHUNK_B])));
expect(object.data().equals(Buffer.concat([CHUNK_A, CHUNK_B]))).toBe(true);
expect(object.seen.filter((s) => s.startsWith(${str(op.http.method)}))).toHaveLength(2);
expect(progress).toEqual([CHUNK_A.length, CHUNK_A.length + CHUNK_B.length]);
expect(appender.position).toBe(CHUNK_A.length + CHUNK_B.length);
expect(appender.crc).toBe(crc64(object.data()));
await appender.append('tail');
expect(object.data().equals(Buffer.concat([CHUNK_A, CHUNK_B, Buffer.from('tail')]))).toBe(true);`,
      ]),
      itBlock('retry after unknown outcome, the chunk verified absent: it is sent; a different chunk instead is sent in its place', [
        `for (const retryWith of [Buffer.from(CHUNK_B), Buffer.from('another chunk')]) {
  let probesFail = false;
  let dropped = false;
  const object = store({
    before: (request) => {
      if (probesFail && request.method !== ${str(op.http.method)}) return 'drop';
      if (dropped || request.method !== ${str(op.http.method)} || !request.path.includes(\`position=\${CHUNK_A.length}\`)) return;
      dropped = true;
      probesFail = true; // the request never arrives and, for now, every probe fails too
      return 'drop';
    },
  });
  const appender = await Appender.open(storeClient(object.transport, 2), { key: 'k' });
  await appender.append(CHUNK_A);
  await rejection(appender.append(CHUNK_B), NetworkError);
  probesFail = false;
  const out = await appender.append(retryWith);
  expect(out.${next}).toBe(CHUNK_A.length + retryWith.length);
  expect(object.data().equals(Buffer.concat([CHUNK_A, retryWith]))).toBe(true);
  expect(appender.crc).toBe(crc64(object.data()));
}`,
      ]),
      itBlock('a 200 without the CRC-64 header is a ProtocolError: the appender does not advance, and keeps checking CRCs afterwards', [
        `let edit: ((headers: Record<string, string>) => void) | undefined;
const object = store({ after: (request, _n, headers) => (request.method === ${str(op.http.method)} ? edit?.(headers) : undefined) });
const appender = await Appender.open(storeClient(object.transport), { key: 'k' });
edit = (headers) => void delete headers[${str(crcHeader)}];
await rejection(appender.append(CHUNK_A), ProtocolError);
expect(appender.position).toBe(0);
edit = (headers) => void (headers[${str(crcHeader)}] = '1');
// The next append first finds the unresolved chunk stored, then appends and checks the (wrong) CRC.
const error = await rejection(appender.append(CHUNK_B), IntegrityError);
expect(error.actual).toBe(1n);
expect(appender.position).toBe(CHUNK_A.length);
expect(appender.crc).toBe(crc64(CHUNK_A));`,
      ]),
    ]),
    describeBlock(`${client}: what an append answer must say (wire contract, what a client checks in a 2xx)`, [
      itBlock('a next position other than position + length (+1000, 0, -7, empty, missing) is a ProtocolError', [
        `for (const value of [String(CHUNK_A.length + 1000), '0', '-7', '', undefined]) {
  const object = store({
    after: (request, _n, headers) => {
      if (request.method !== ${str(op.http.method)}) return;
      if (value === undefined) delete headers[${str(nextHeader)}];
      else headers[${str(nextHeader)}] = value;
    },
  });
  await rejection(storeClient(object.transport, 1).${append}({ ${key}: 'k', ${position}: 0, ${body}: CHUNK_A }), ProtocolError);
}`,
      ]),
      itBlock('a HEAD without a usable position (none, -7, empty) is a ProtocolError, never position 0', [
        `for (const value of [undefined, '-7', '']) {
  const object = store({
    after: (_request, _n, headers) => {
      delete headers[${str(nextHeader)}];
      if (value === undefined) delete headers['content-length'];
      else headers['content-length'] = value;
    },
  });
  object.write(CHUNK_A);
  await rejection(Appender.open(storeClient(object.transport, 1), { key: 'k' }), ProtocolError);
  expect(object.seen.some((s) => s.startsWith(${str(op.http.method)}))).toBe(false);
}`,
      ]),
    ]),
    describeBlock(`${client}: error answers (wire contract, answers that are errors)`, [
      itBlock('a redirect is a ServiceError with its status, not retried, and its Location is never contacted', [
        `const elsewhere: string[] = [];
const other = await serve((req, res) => {
  elsewhere.push(\`\${req.method} \${req.url} \${JSON.stringify(req.headers)}\`);
  res.end();
});
let calls = 0;
const url = await serve((req, res) => {
  calls++;
  res.writeHead(307, { location: \`\${other}\${req.url}\`, 'content-type': 'application/xml' });
  res.end('${errorDoc('PermanentRedirect', 'go elsewhere')}');
});
const client = httpClient(url, { retry: { maxAttempts: 3, baseDelayMs: 1 }, credentials: { ...TEST_CREDENTIALS, securityToken: 'token' } });
const error = await rejection(client.${append}({ ${key}: 'k', ${position}: 0, ${body}: 'x' }), ServiceError);
expect(error.status).toBe(307);
expect(error.code).toBe('PermanentRedirect');
const headError = await rejection(client.${head}({ ${key}: 'k' }), ServiceError);
expect(headError.status).toBe(307);
expect(calls).toBe(2);
expect(elsewhere).toEqual([]);
client.close();`,
      ]),
      itSync('parses a 1 MiB error body of unclosed tags in linear time', [
        `for (const body of ['<${root}>' + '<a>'.repeat(349_525) + '</${root}>', '<${root}><${elements.code}>' + '<'.repeat(1 << 20), '<${root}>' + '<${elements.code}>x'.repeat(174_762) + '</${root}>']) {
  const started = performance.now();
  parseErrorXml(body);
  // Linear: milliseconds here (the old regex parser took minutes on the first one); generous for a loaded machine.
  expect(performance.now() - started).toBeLessThan(2000);
}`,
      ]),
      itSync('keeps bad character references literally, and decodes good ones', [
        `const fields = parseErrorXml('<?xml version="1.0"?><${root} xmlns="x">${tag(elements.code, invalidArgument.code)}${tag(elements.message, '&#x110000; &#0; &#xD800; &#99999999999; &bogus; &amp &lt;&#x41;&#66;&#x1F600;')}<Empty/></${root}>');
expect(${member('fields', elements.code)}).toBe(${str(invalidArgument.code)});
expect(${member('fields', elements.message)}).toBe('&#x110000; &#0; &#xD800; &#99999999999; &bogus; &amp <AB\\u{1F600}');
expect(fields.Empty).toBe('');
expect(parseErrorXml('<html>${tag(elements.code, 'x')}</html>')).toEqual({});`,
      ]),
      itBlock('an error body with bad character references is still the typed error', [
        `const url = await serve((_req, res) => {
  res.writeHead(400, { 'content-type': 'application/xml' });
  res.end('${errorDoc(invalidArgument.code, 'bad &#x110000;')}');
});
const error = await rejection(httpClient(url).${append}({ ${key}: 'k', ${position}: 0, ${body}: 'x' }), ServiceError);
expect(error.code).toBe(${str(invalidArgument.code)});
expect(error.message).toBe('bad &#x110000;');`,
      ]),
      itBlock('a 409 whose body is not an Error document is the base ServiceError with code "", never a guessed subclass', [
        `const url = await serve((_req, res) => {
  res.writeHead(409, { 'content-type': 'text/html' });
  res.end('<html><body><h1>409 Conflict</h1></body></html>');
});
const error = await rejection(httpClient(url).${append}({ ${key}: 'k', ${position}: 0, ${body}: 'x' }), ServiceError);
expect(error.constructor).toBe(ServiceError);
expect(error.code).toBe('');
expect(error.status).toBe(409);`,
      ]),
      itBlock('reads at most 64 KiB of an endless error body, then closes the connection', [
        `// A raw server (no HTTP library between the test and the socket): after the request, an endless 500 body, written with backpressure.
let queuedAtClose!: Promise<number>;
const flood = createNetServer((socket) => {
  let queued = 0;
  queuedAtClose = new Promise((resolve) => socket.once('close', () => resolve(queued)));
  socket.on('error', () => undefined);
  socket.once('data', () => {
    socket.write('HTTP/1.1 500 Internal Server Error\\r\\nContent-Type: application/xml\\r\\nConnection: close\\r\\n\\r\\n<${root}>${tag(elements.code, 'InternalError')}<${elements.message}>');
    const block = Buffer.alloc(64 * 1024, 'x');
    const pump = () => {
      while (!socket.destroyed && queued < 128 * 1024 * 1024) {
        queued += block.length;
        if (!socket.write(block)) return void socket.once('drain', pump);
      }
      if (!socket.destroyed) socket.end();
    };
    pump();
  });
});
await new Promise<void>((resolve) => flood.listen(0, '127.0.0.1', resolve));
try {
  const client = httpClient(\`http://127.0.0.1:\${(flood.address() as AddressInfo).port}\`, { timeoutMs: 10_000 });
  const error = await rejection(client.${read}({ ${key}: 'k' }), ServiceError);
  expect(error.status).toBe(500);
  expect(error.code).toBe('InternalError');
  // The client closed the connection after 64 KiB: the server could queue only what socket buffers swallow.
  expect(await queuedAtClose).toBeLessThan(16 * 1024 * 1024);
  client.close();
} finally {
  await new Promise((resolve) => flood.close(resolve));
}`,
      ]),
      itBlock('a response cut short is a NetworkError, for an error body and for a download', [
        `const url = await serve((req, res) => {
  res.socket!.write(req.method === 'GET' ? 'HTTP/1.1 200 OK\\r\\nContent-Length: 100\\r\\n\\r\\nonly ten..' : 'HTTP/1.1 400 Bad Request\\r\\nContent-Length: 1000\\r\\n\\r\\n<${root}><${elements.code}>Inval');
  res.socket!.destroy();
});
const client = httpClient(url);
await rejection(client.${append}({ ${key}: 'k', ${position}: 0, ${body}: 'x' }), NetworkError);
const out = await client.${read}({ ${key}: 'k' });
const chunks: Buffer[] = [];
await rejection(
  (async () => {
    for await (const chunk of out.${getBody}) chunks.push(chunk as Buffer);
  })(),
  NetworkError,
);
client.close();`,
      ]),
    ]),
    describeBlock(`${client}: time limits (wire contract)`, [
      itBlock('response headers dripped one byte every 100 ms: TimeoutError after timeoutMs, not after the drip', [
        'const pushed = { bytes: 0 };',
        part('hostile', 'drip-headers'),
        `const started = Date.now();
const error = await rejection(httpClient(url).${head}({ ${key}: 'k' }), TimeoutError);
expect(error.timeoutMs).toBe(300);
expect(Date.now() - started).toBeLessThan(2000);
expect(pushed.bytes).toBeLessThan(10);`,
      ]),
      itBlock('an error body dripped one byte every 100 ms: TimeoutError within timeoutMs of sending', [
        `const pushed = { bytes: 0 };
const url = await serve((_req, res) => {
  res.writeHead(500, { 'content-type': 'application/xml', 'content-length': '500' });
  res.flushHeaders();
  drip(res, '<${root}>${tag(elements.code, 'InternalError')}' + ' '.repeat(467), 100, pushed);
});
const started = Date.now();
await rejection(httpClient(url).${append}({ ${key}: 'k', ${position}: 0, ${body}: 'x' }), TimeoutError);
expect(Date.now() - started).toBeLessThan(2000);
expect(pushed.bytes).toBeLessThan(10);`,
      ]),
      itBlock('operationTimeout bounds a whole call, retries and backoff included; a per-call one overrides it', [
        `let calls = 0;
const url = await serve((_req, res) => {
  calls++;
  res.writeHead(503, { 'retry-after': '1' });
  res.end();
});
const client = httpClient(url, { retry: { maxAttempts: 50, baseDelayMs: 1 }, operationTimeout: 400 });
let started = Date.now();
const error = await rejection(client.${head}({ ${key}: 'k' }), TimeoutError);
expect(error.timeoutMs).toBe(400);
expect(Date.now() - started).toBeLessThan(1500);
started = Date.now();
await rejection(client.${head}({ ${key}: 'k' }, { operationTimeout: 100 }), TimeoutError);
expect(Date.now() - started).toBeLessThan(1000);
expect(calls).toBeLessThan(5);
client.close();`,
      ]),
      itBlock('an AbortSignal cancels a call with AbortError (and one already aborted sends nothing)', [
        `let calls = 0;
const url = await serve(() => void calls++);
const client = httpClient(url, { timeoutMs: 10_000 });
const controller = new AbortController();
setTimeout(() => controller.abort(new Error('user gave up')), 100);
const started = Date.now();
const error = await rejection(client.${append}({ ${key}: 'k', ${position}: 0, ${body}: 'x' }, { signal: controller.signal }), AbortError);
expect(Date.now() - started).toBeLessThan(2000);
expect((error.cause as Error).message).toBe('user gave up');
expect(calls).toBe(1);
await rejection(client.${head}({ ${key}: 'k' }, { signal: AbortSignal.abort() }), AbortError);
expect(calls).toBe(1);
client.close();`,
      ]),
    ]),
    describeBlock(`${client}: credentials are validated like header values, and never shown`, [
      itBlock('a body file that cannot be read is a ValidationError, and nothing is sent', [
        `const object = store();
const error = await rejection(storeClient(object.transport).${append}({ ${key}: 'k', ${position}: 0, ${body}: fromFile('/nonexistent/ossgen/file.bin') }), ValidationError);
expect(error.field).toBe(${str(body)});
expect(object.seen).toEqual([]);`,
      ]),
      itBlock('refuses a bad access key id, secret or token (static, from a provider, from the environment) before sending', [
        `const bad = ['VALUE1\\n', 'VALUE2\\r\\nx-injected: 1', 'VALUE 3', 'VALUE4\\u0000', 'VALUE5\\t', 'VALUE6\\u00e9'];
const cases: { setting: string; options: ConstructorParameters<typeof ${client}>[0] }[] = [];
for (const value of bad) {
  cases.push({ setting: 'accessKeyId', options: { credentials: { ...TEST_CREDENTIALS, accessKeyId: value } } });
  cases.push({ setting: 'accessKeySecret', options: { credentials: { ...TEST_CREDENTIALS, accessKeySecret: value } } });
  cases.push({ setting: 'securityToken', options: { credentials: async () => ({ ...TEST_CREDENTIALS, securityToken: value }) } });
}
for (const { setting, options } of cases) {
  const object = store();
  const client = new ${client}({ bucket: 'b', transport: object.transport, ...options });
  const error = await rejection(client.${append}({ ${key}: 'k', ${position}: 0, ${body}: 'x' }), ValidationError);
  expect(error.field).toBe(setting);
  expect(error.message).toContain(setting);
  expect(error.message).not.toContain('VALUE');
  expect(JSON.stringify(error)).not.toContain('VALUE');
  expect(object.seen).toEqual([]);
}
const saved = process.env[${str(creds.securityTokenEnv)}];
const savedId = process.env[${str(creds.accessKeyIdEnv)}];
const savedSecret = process.env[${str(creds.accessKeySecretEnv)}];
try {
  process.env[${str(creds.accessKeyIdEnv)}] = 'ak';
  process.env[${str(creds.accessKeySecretEnv)}] = 'sk';
  process.env[${str(creds.securityTokenEnv)}] = 'sts-token-value\\r\\n';
  const object = store();
  const error = await rejection(new ${client}({ bucket: 'b', transport: object.transport }).${head}({ ${key}: 'k' }), ValidationError);
  expect(error.message).toContain(${str(creds.securityTokenEnv)});
  expect(error.message).not.toContain('sts-token-value');
  expect(object.seen).toEqual([]);
} finally {
  for (const [name, value] of [[${str(creds.securityTokenEnv)}, saved], [${str(creds.accessKeyIdEnv)}, savedId], [${str(creds.accessKeySecretEnv)}, savedSecret]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}`,
      ]),
    ]),
  ];
}
