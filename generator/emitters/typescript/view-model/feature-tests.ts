/**
 * out/ts/test/features.test.ts: what users of the AWS SDK v3 and ali-oss take for granted, end to
 * end against the simulator (OSSGEN_SIM_URL): `abortSignal` on a call and on the appender (a
 * cancelled append is read back, so the appender says what is stored), and byte-level upload
 * progress during the transfer of a multi-MiB body (appends, whole-object uploads, the appender).
 */
import type { IrModel, IrOperation } from '../../../ir/types.js';
import { constant, describeBlock, importFrom, itBlock, str, type Statement } from '../helpers.js';

export function featureTests(ir: IrModel): Statement[] | undefined {
  const ap = ir.protocol.append;
  if (!ap || !ap.probeLength || !ap.probeCrc) return undefined;
  const client = ir.service.clientNames.ts;
  const append = ap.operation.names.ts;
  const key = ap.key.names.ts;
  const position = ap.position.names.ts;
  const body = ap.body.names.ts;
  const next = ap.nextPosition.names.ts;
  const probe = ap.probe.names.ts;
  const probeKey = ap.probeKey.names.ts;
  const probeLength = ap.probeLength.names.ts;
  const probeCrc = ap.probeCrc.names.ts;
  // The whole-object write: the PUT without query flags.
  const put: IrOperation | undefined = ir.operations.find((o) => o.http.method === 'PUT' && o.http.flags.length === 0);
  const putKey = put?.input.find((m) => m.location === 'path')?.names.ts;
  const putBody = put?.inputBody?.names.ts;
  const read = ap.read;
  const readKey = ap.readKey?.names.ts;
  const readCrcHeader = read?.output.find((m) => m.id === ap.crc.id)?.headerLower;
  // An answer of three bytes: the read's required headers (its length), then a CRC-64 the bytes do not have.
  const requiredHeaders = (read?.output ?? []).filter((m) => m.required && m.headerLower).map((m) => `${str(m.headerLower!)}: '3'`);
  const newClient = `new ${client}({ endpoint: SIM_URL!, bucket: 'examplebucket', credentials: TEST_CREDENTIALS })`;

  const cancellation = [
    itBlock('`abortSignal` (the AWS SDK v3 name) cancels a call like `signal`: AbortError, nothing sent', [
      `const client = ${newClient};`,
      `await rejection(client.${probe}({ ${probeKey}: \`\${RUN}/never\` }, { abortSignal: AbortSignal.abort() }), AbortError);`,
      'const controller = new AbortController();',
      `const pending = client.${append}({ ${key}: \`\${RUN}/never\`, ${position}: 0, ${body}: new Uint8Array(BIG) }, { abortSignal: controller.signal });`,
      'controller.abort();',
      'await rejection(pending, AbortError);',
    ]),
    itBlock('the appender’s `abortSignal` cancels an append mid-upload; the appender then reports what is stored (read back)', [
      `const client = ${newClient};`,
      'const objectKey = `${RUN}/aborted-appender`;',
      'const controller = new AbortController();',
      `const appender = await Appender.open(client, { ${key}: objectKey, abortSignal: controller.signal });`,
      "await appender.append('head;');",
      'let sent = 0;',
      'const cancelled = appender.append(new Uint8Array(BIG), {',
      '  onUploadProgress: ({ loaded }) => {',
      '    sent = loaded;',
      '    // Cancel once a quarter of the body is on its way: mid-upload.',
      '    if (loaded >= BIG / 4) controller.abort();',
      '  },',
      '});',
      'await rejection(cancelled, AbortError);',
      'expect(sent).toBeLessThan(BIG);',
      'expect(appender.lastAbort).toBeDefined();',
      `const stored = await client.${probe}({ ${probeKey}: objectKey });`,
      `expect(appender.lastAbort!.position).toBe(stored.${probeLength});`,
      `expect(appender.position).toBe(stored.${probeLength});`,
      `expect(appender.crc).toBe(stored.${probeCrc});`,
      'expect(appender.lastAbort!.landed).toBe(appender.position !== 5);',
      '// The appender carries on from what is stored (a fresh signal: the old one stays aborted).',
      `const resumed = await Appender.open(client, { ${key}: objectKey });`,
      'expect(resumed.position).toBe(appender.position);',
      "const out = await resumed.append('tail');",
      `expect(out.${next}).toBe(appender.position + 4);`,
    ]),
  ];

  const progress = [
    itBlock('appendObject reports upload progress during the transfer of an 8 MiB body, many events before the answer', [
      `const client = ${newClient};`,
      'const events: { loaded: number; total: number | undefined; answered: boolean }[] = [];',
      'let answered = false;',
      `const output = await client.${append}({ ${key}: \`\${RUN}/progress-append\`, ${position}: 0, ${body}: new Uint8Array(BIG) }, { onUploadProgress: (p) => events.push({ ...p, answered }) });`,
      'answered = true;',
      `expect(output.${next}).toBe(BIG);`,
      'expectSpreadProgress(events, BIG);',
    ]),
    ...(put && putKey && putBody
      ? [
          itBlock('putObject reports upload progress during the transfer (bytes and a file stream)', [
            `const client = ${newClient};`,
            'for (const source of [new Uint8Array(BIG), fromFile(await bigFile())]) {',
            '  const events: { loaded: number; total: number | undefined; answered: boolean }[] = [];',
            `  await client.${put.names.ts}({ ${putKey}: \`\${RUN}/progress-put\`, ${putBody}: source }, { onUploadProgress: (p) => events.push({ ...p, answered: false }) });`,
            '  expectSpreadProgress(events, BIG);',
            '}',
          ]),
        ]
      : []),
    itBlock('the appender reports upload progress of each chunk as it goes out', [
      `const client = ${newClient};`,
      'const events: { loaded: number; total: number | undefined; answered: boolean }[] = [];',
      `const appender = await Appender.open(client, { ${key}: \`\${RUN}/progress-appender\`, onUploadProgress: (p) => events.push({ ...p, answered: false }) });`,
      'await appender.append(new Uint8Array(BIG));',
      'expectSpreadProgress(events, BIG);',
      'events.length = 0;',
      '// A stream of unknown length: `total` is undefined, `loaded` still grows during the transfer.',
      'await appender.append(Readable.from(chunksOf(BIG)));',
      'expect(events.length).toBeGreaterThan(4);',
      'expect(events.every((e) => e.total === undefined)).toBe(true);',
      'expect(events.at(-1)!.loaded).toBe(BIG);',
    ]),
  ];

  const bodiesOut =
    read && readKey && readCrcHeader
      ? [
          itBlock('getObject results read whole: text(), bytes() and toFile(path), each once', [
            `const client = ${newClient};`,
            'const objectKey = `${RUN}/bodies-out`;',
            `await client.${append}({ ${key}: objectKey, ${position}: 0, ${body}: 'hello, body' });`,
            `const asText = await client.${read.names.ts}({ ${readKey}: objectKey });`,
            "expect(await asText.text()).toBe('hello, body');",
            'await rejection(asText.bytes(), ValidationError);',
            `const asBytes = await client.${read.names.ts}({ ${readKey}: objectKey });`,
            "expect(Buffer.from(await asBytes.bytes()).toString('utf8')).toBe('hello, body');",
            `const asFile = await client.${read.names.ts}({ ${readKey}: objectKey });`,
            "const path = join(await mkdtemp(join(tmpdir(), 'oss-body-')), 'out.txt');",
            'expect(await asFile.toFile(path)).toBe(11);',
            "expect(await readFile(path, 'utf8')).toBe('hello, body');",
            '// The readers are methods, not data: the output’s fields are unchanged.',
            "expect(Object.keys(asFile)).not.toContain('text');",
          ]),
          itBlock('a full read whose bytes differ from the returned CRC-64 rejects with IntegrityError, and toFile leaves no file', [
            `const answer = { status: 200, headers: { ${[...requiredHeaders, `${str(readCrcHeader)}: '1'`].join(', ')} }, body: 'abc' };`,
            "const client = offlineClient(recorder(answer).transport, { bucket: 'examplebucket' });",
            `await rejection((await client.${read.names.ts}({ ${readKey}: 'k' })).text(), IntegrityError);`,
            `await rejection((await client.${read.names.ts}({ ${readKey}: 'k' })).bytes(), IntegrityError);`,
            "const path = join(await mkdtemp(join(tmpdir(), 'oss-body-')), 'out.txt');",
            `await rejection((await client.${read.names.ts}({ ${readKey}: 'k' })).toFile(path), IntegrityError);`,
            'await expect(stat(path)).rejects.toThrow();',
          ]),
        ]
      : [];

  const nextHeader = ap.nextPosition.headerLower;
  const crcHeader = ap.crc.headerLower;
  const strictness =
    nextHeader && crcHeader
      ? [
          itBlock('appendObject checks the CRC-64 without previousCrc when this client’s last append to the object ended at the position', [
            '// Two answers: the first append is believed (its CRC-64 right); the second answer’s CRC-64 is wrong.',
            `const answers = [{ ${str(nextHeader)}: '4', ${str(crcHeader)}: crc64('abcd').toString() }, { ${str(nextHeader)}: '8', ${str(crcHeader)}: '1' }, { ${str(nextHeader)}: '12', ${str(crcHeader)}: '1' }];`,
            'const transport: Transport = async () => ({ status: 200, headers: answers.shift()!, body: Readable.from([]) });',
            "const client = offlineClient(transport, { bucket: 'examplebucket' });",
            `await client.${append}({ ${key}: 'k', ${position}: 0, ${body}: 'abcd' });`,
            `await rejection(client.${append}({ ${key}: 'k', ${position}: 4, ${body}: 'efgh' }), IntegrityError);`,
            '// After a refused answer nothing is remembered: the CRC-64 is unknown, so it cannot be checked.',
            `const unchecked = await client.${append}({ ${key}: 'k', ${position}: 8, ${body}: 'ijkl' });`,
            `expect(unchecked.${next}).toBe(12);`,
          ]),
        ]
      : [];

  const hooks = [
    itBlock('hooks see every attempt’s request and response, the signature redacted, beside the transport (the session token: test/reliability/secrets.test.ts)', [
      '// The real headers, as the transport gets them: what the hooks must not see.',
      'const sent: Record<string, string>[] = [];',
      'const node = new NodeTransport();',
      'const transport: Transport = (request) => {',
      '  sent.push({ ...request.headers });',
      '  return node.send(request);',
      '};',
      'const seen: unknown[] = [];',
      `for (const signatureVersion of ['v4', 'v1'] as const) {`,
      `  const client = new ${client}({ endpoint: SIM_URL!, bucket: 'examplebucket', credentials: TEST_CREDENTIALS, signatureVersion, transport, hooks: { onRequest: (r) => seen.push(r), onResponse: (r) => seen.push(r), onError: (f) => seen.push(f) } });`,
      `  const objectKey = \`\${RUN}/hooks-\${signatureVersion}\`;`,
      `  await client.${append}({ ${key}: objectKey, ${position}: 0, ${body}: 'seen' });`,
      `  await client.${probe}({ ${probeKey}: objectKey });`,
      '}',
      'node.close();',
      'expect(seen.length).toBe(8);',
      'expect(sent.length).toBe(4);',
      'const text = JSON.stringify(seen);',
      'for (const headers of sent) {',
      "  const authorization = headers['authorization']!;",
      '  // The signature is the last thing in either scheme’s Authorization (V4 `Signature=<hex>`, V1 `OSS <id>:<base64>`).',
      '  const signature = /(?:Signature=|:)([^,:\\s]+)$/.exec(authorization)![1]!;',
      '  expect(signature.length).toBeGreaterThan(20);',
      '  expect(text).not.toContain(signature);',
      "  expect(text).toContain(`${authorization.split(' ')[0]} [redacted]`);",
      '}',
      "expect((seen[1] as { status: number }).status).toBe(200);",
    ]),
  ];

  const readText = read && readKey ? (objectKey: string) => `(await client.${read.names.ts}({ ${readKey}: ${objectKey} })).text()` : undefined;
  const streaming = [
    itBlock('a log stream piped into appender.writable() lands whole, in batches of at most maxBytes', [
      `const client = ${newClient};`,
      'const objectKey = `${RUN}/writable-pipe`;',
      'const chunks: number[] = [];',
      `const appender = await Appender.open(client, { ${key}: objectKey, onProgress: (p) => chunks.push(p.chunkBytes) });`,
      "const lines = Array.from({ length: 30000 }, (_, i) => `line ${i} ${'x'.repeat(i % 150)}\\n`);",
      'const total = Buffer.byteLength(lines.join(\'\'));',
      'await pipeline(Readable.from(lines), appender.writable({ maxBytes: 256 * 1024, maxDelayMs: 50 }));',
      'expect(appender.position).toBe(total);',
      'expect(chunks.reduce((a, b) => a + b, 0)).toBe(total);',
      'expect(chunks.length).toBeGreaterThanOrEqual(Math.floor(total / (256 * 1024)));',
      'expect(Math.max(...chunks)).toBeLessThanOrEqual(256 * 1024);',
      ...(readText ? [`expect(await ${readText('objectKey')}).toBe(lines.join(''));`] : []),
    ]),
    itBlock('writes are batched by time; flush() sends at once; end() sends the rest', [
      `const client = ${newClient};`,
      'const objectKey = `${RUN}/writable-time`;',
      'const chunks: number[] = [];',
      `const appender = await Appender.open(client, { ${key}: objectKey, onProgress: (p) => chunks.push(p.chunkBytes) });`,
      'const stream = appender.writable({ maxBytes: 1024 * 1024, maxDelayMs: 50 });',
      "stream.write('a');",
      "stream.write('b');",
      'expect(chunks).toEqual([]);',
      'await sleep(400);',
      '// One batch for both writes, sent by the timer.',
      'expect(chunks).toEqual([2]);',
      "stream.write('c');",
      'await stream.flush();',
      'expect(chunks).toEqual([2, 1]);',
      'await stream.flush();',
      'expect(chunks).toEqual([2, 1]);',
      "stream.end('de');",
      "await once(stream, 'finish');",
      'expect(chunks).toEqual([2, 1, 2]);',
      ...(readText ? [`expect(await ${readText('objectKey')}).toBe('abcde');`] : []),
    ]),
    itBlock('a write that fills a batch applies back-pressure until its append is stored', [
      `const client = ${newClient};`,
      `const appender = await Appender.open(client, { ${key}: \`\${RUN}/writable-pressure\` });`,
      'const stream = appender.writable({ maxBytes: 64 * 1024, maxDelayMs: 1000 });',
      'expect(stream.write(new Uint8Array(64 * 1024))).toBe(false);',
      'expect(appender.position).toBe(0);',
      "await once(stream, 'drain');",
      'expect(appender.position).toBe(64 * 1024);',
      'stream.end();',
      "await once(stream, 'finish');",
    ]),
    itBlock('cancelling the stream mid-append destroys it with AbortError; the appender says what is stored', [
      `const client = ${newClient};`,
      'const objectKey = `${RUN}/writable-abort`;',
      'const controller = new AbortController();',
      // Written as prettier breaks it (the arrow's block body breaks the object): printed without prettier.
      'const appender = await Appender.open(client, {',
      `  ${key}: objectKey,`,
      '  onUploadProgress: ({ loaded }) => {',
      '    if (loaded >= BIG / 4) controller.abort();',
      '  },',
      '});',
      'const stream = appender.writable({ maxBytes: BIG, signal: controller.signal });',
      'stream.write(new Uint8Array(BIG));',
      "const [error] = (await once(stream, 'error')) as [unknown];",
      'expect(error).toBeInstanceOf(AbortError);',
      '// The stream fails at once; the cancelled append is read back by the appender before it is idle.',
      'await appender.whenIdle();',
      'expect(appender.lastAbort).toBeDefined();',
      `const stored = await client.${probe}({ ${probeKey}: objectKey }).catch(() => undefined);`,
      `expect(appender.position).toBe(stored?.${probeLength} ?? 0);`,
    ]),
  ];

  return [
    importFrom('node:events', ['once']),
    importFrom('node:stream/promises', ['pipeline']),
    importFrom('node:timers/promises', ['setTimeout as sleep']),
    importFrom('node:fs/promises', ['mkdtemp', 'readFile', 'stat', 'writeFile']),
    importFrom('node:os', ['tmpdir']),
    importFrom('node:path', ['join']),
    importFrom('node:stream', ['Readable']),
    importFrom('vitest', ['describe', 'expect', 'it']),
    importFrom('../src/index.js', ['AbortError', 'Appender', client, 'crc64', 'fromFile', 'IntegrityError', 'NodeTransport', 'ValidationError']),
    importFrom('../src/index.js', ['Transport'], true),
    importFrom('./support.js', ['offlineClient', 'recorder', 'rejection', 'TEST_CREDENTIALS']),
    constant('SIM_URL', 'process.env.OSSGEN_SIM_URL', { exported: false, doc: 'A `gen mock --sim` server (bucket examplebucket). Without it these tests are skipped.' }),
    constant('RUN', '`ts-${process.pid}-${Date.now()}`', { exported: false, doc: 'Keys unique to this run.' }),
    constant('BIG', '8 * 1024 * 1024', { exported: false, doc: 'A multi-MiB body: long enough on loopback for progress to be seen mid-transfer.' }),
    [
      '/** Progress events of one upload: many, growing, ending at the total, all before the answer arrived. */',
      'function expectSpreadProgress(events: { loaded: number; total: number | undefined; answered: boolean }[], total: number): void {',
      '  expect(events.length).toBeGreaterThan(4);',
      '  expect(events[0]!.loaded).toBeLessThan(total);',
      '  expect(events.at(-1)!.loaded).toBe(total);',
      '  for (let i = 1; i < events.length; i++) expect(events[i]!.loaded).toBeGreaterThan(events[i - 1]!.loaded);',
      '  expect(events.every((e) => e.total === total && !e.answered)).toBe(true);',
      '}',
      '',
      '/** A file of BIG bytes in a fresh temporary directory. */',
      'async function bigFile(): Promise<string> {',
      "  const path = join(await mkdtemp(join(tmpdir(), 'oss-progress-')), 'big.bin');",
      '  await writeFile(path, new Uint8Array(BIG));',
      '  return path;',
      '}',
      '',
      '/** `total` bytes in 256 KiB chunks. */',
      'function* chunksOf(total: number): Generator<Uint8Array> {',
      '  for (let sent = 0; sent < total; sent += 256 * 1024) yield new Uint8Array(Math.min(256 * 1024, total - sent));',
      '}',
    ].join('\n'),
    describeBlock(`${client}: cancellation (abortSignal) against the simulator (OSSGEN_SIM_URL)`, cancellation, '!SIM_URL'),
    describeBlock(`${client}: upload progress against the simulator (OSSGEN_SIM_URL)`, progress, '!SIM_URL'),
    ...(bodiesOut.length
      ? [
          describeBlock(`${client}: bodies out (text, bytes, toFile) against the simulator (OSSGEN_SIM_URL)`, bodiesOut.slice(0, 1), '!SIM_URL'),
          describeBlock(`${client}: bodies out, CRC-64 checked (offline)`, bodiesOut.slice(1)),
        ]
      : []),
    describeBlock(`${client}: hooks against the simulator (OSSGEN_SIM_URL)`, hooks, '!SIM_URL'),
    describeBlock(`${client}: streaming appends (appender.writable()) against the simulator (OSSGEN_SIM_URL)`, streaming, '!SIM_URL'),
    ...(strictness.length ? [describeBlock(`${client}: the CRC-64 is checked whenever the client knows the previous one (offline)`, strictness)] : []),
  ];
}
