/**
 * out/ts/test/presign.test.ts: presigned URLs. Offline, the model's presigned vectors (URLs an
 * official signer computed) are reproduced exactly and an out-of-range validity is refused; against
 * the simulator (OSSGEN_SIM_URL), URLs for the append, PUT, GET and HEAD are fetched with a plain
 * HTTP call and no Authorization, and an expired one gets the model's refusal.
 */
import type { IrModel, IrOperation } from '../../../ir/types.js';
import { constant, constDecl, describeBlock, expectThat, importFrom, itBlock, objectLiteral, str, type Statement } from '../helpers.js';
import { presignParts } from '../../presign.js';

/** A presigned URL's input values are path, host and query members: strings and integers (tests.ts has the full set; importing it would be a cycle). */
function literal(member: { type: string }, value: unknown): string {
  if (member.type === 'int64') return String(value);
  if (member.type === 'uint64') return `${String(value)}n`;
  if (member.type === 'boolean') return value ? 'true' : 'false';
  return str(String(value));
}

const presignName = (op: IrOperation) => `presign${op.names.ts.charAt(0).toUpperCase()}${op.names.ts.slice(1)}`;

export function presignTests(ir: IrModel): Statement[] | undefined {
  const parts = presignParts(ir);
  const ap = ir.protocol.append;
  if (!parts || !ap?.read || !ap.readKey || !ap.readBody || !ap.probeLength) return undefined;
  const client = ir.service.clientNames.ts;
  const byName = new Map(ir.operations.map((o) => [o.name, o]));
  // The whole-object write: the PUT without query flags.
  const put = ir.operations.find((o) => o.http.method === 'PUT' && o.http.flags.length === 0);
  const v4 = ir.auth.schemes.find((s) => s.id === 'v4')!.presign!;
  const expired = v4.expired;
  const region = str(ir.service.defaults.region);
  const keyOf = (op: IrOperation) => op.input.find((m) => m.location === 'path')!.names.ts;
  const lengthHeader = ap.probeLength.headerLower ?? ap.probeLength.id;

  const vectorTests = ir.tests.presigned.map((v) => {
    const op = byName.get(v.operation)!;
    const creds = v.securityToken ? `{ ...TEST_CREDENTIALS, securityToken: ${str(v.securityToken)} }` : 'TEST_CREDENTIALS';
    const input = objectLiteral(v.input.map((value) => [value.member.names.ts, literal(value.member, value.value)]));
    return itBlock(`${v.id}: ${v.doc.en}`, [
      `const client = new ${client}({ endpoint: ${str(v.endpoint)}, region: ${str(v.region)}, credentials: ${creds}, clock: () => new Date(${v.epochSeconds * 1000}) });`,
      constDecl('presigned', `await client.${presignName(op)}(${input}, { expiresSeconds: ${v.expiresSeconds}, signatureVersion: ${str(v.auth)} })`),
      expectThat('presigned.method', 'toBe', str(v.expect.method)),
      constDecl('url', 'new URL(presigned.url)'),
      expectThat('url.host', 'toBe', str(v.expect.host)),
      expectThat('url.pathname', 'toBe', str(v.expect.path)),
      expectThat('url.search', 'toBe', str(`?${v.expect.query}`)),
      expectThat('presigned.expiration.getTime()', 'toBe', String((v.epochSeconds + v.expiresSeconds) * 1000)),
      expectThat('presigned.headers', 'toEqual', objectLiteral(v.expect.headers.map((h) => [h.name, str(h.value)]))),
    ]);
  });

  const get = ap.read;
  const head = ap.probe;
  const appendOp = ap.operation;
  const simulatorTests = [
    itBlock('presigned append, PUT, GET and HEAD URLs work through a plain fetch, with no Authorization, in both schemes', [
      `for (const signatureVersion of ['v4', 'v1'] as const) {`,
      `  const client = new ${client}({ endpoint: SIM_URL!, region: ${region}, bucket: 'examplebucket', credentials: TEST_CREDENTIALS });`,
      '  const key = `${RUN}/presign-${signatureVersion}`;',
      '  const options = { expiresSeconds: 60, signatureVersion };',
      `  const append = await client.${presignName(appendOp)}({ ${keyOf(appendOp)}: key, ${ap.position.names.ts}: 0 }, options);`,
      "  const appended = await fetch(append.url, { method: append.method, headers: append.headers, body: new TextEncoder().encode('abc') });",
      '  expect(appended.status, await appended.text()).toBe(200);',
      `  const read = await client.${presignName(get)}({ ${keyOf(get)}: key }, options);`,
      '  const got = await fetch(read.url, { method: read.method, headers: read.headers });',
      "  expect(await got.text()).toBe('abc');",
      `  const probe = await client.${presignName(head)}({ ${keyOf(head)}: key }, options);`,
      '  const headed = await fetch(probe.url, { method: probe.method, headers: probe.headers });',
      '  expect(headed.status).toBe(200);',
      `  expect(headed.headers.get(${str(lengthHeader)})).toBe('3');`,
      ...(put
        ? [
            `  const write = await client.${presignName(put)}({ ${keyOf(put)}: \`\${key}.put\` }, options);`,
            "  const written = await fetch(write.url, { method: write.method, headers: write.headers, body: new TextEncoder().encode('whole') });",
            '  expect(written.status, await written.text()).toBe(200);',
            `  const readPut = await client.${presignName(get)}({ ${keyOf(get)}: \`\${key}.put\` }, options);`,
            "  expect(await (await fetch(readPut.url)).text()).toBe('whole');",
          ]
        : []),
      '}',
    ]),
    itBlock(`an expired URL is refused: ${expired.error.status} ${expired.error.code} "${expired.message}"`, [
      `for (const signatureVersion of ['v4', 'v1'] as const) {`,
      '  // Signed two minutes ago for one second.',
      `  const client = new ${client}({ endpoint: SIM_URL!, region: ${region}, bucket: 'examplebucket', credentials: TEST_CREDENTIALS, clock: () => new Date(Date.now() - 120000) });`,
      `  const read = await client.${presignName(get)}({ ${keyOf(get)}: \`\${RUN}/presign-expired\` }, { expiresSeconds: 1, signatureVersion });`,
      '  expect(read.expiration.getTime()).toBeLessThan(Date.now());',
      '  const res = await fetch(read.url);',
      `  expect(res.status).toBe(${expired.error.status});`,
      '  const text = await res.text();',
      `  expect(text).toContain(${str(`<${ir.protocol.errorBody.elements.code}>${expired.error.code}</${ir.protocol.errorBody.elements.code}>`)});`,
      `  expect(text).toContain(${str(`<${ir.protocol.errorBody.elements.message}>${expired.message}</${ir.protocol.errorBody.elements.message}>`)});`,
      '}',
    ]),
    itBlock('a tampered URL is refused (the signature covers the query)', [
      `const client = new ${client}({ endpoint: SIM_URL!, region: ${region}, bucket: 'examplebucket', credentials: TEST_CREDENTIALS });`,
      `const append = await client.${presignName(appendOp)}({ ${keyOf(appendOp)}: \`\${RUN}/presign-tampered\`, ${ap.position.names.ts}: 0 }, { expiresSeconds: 60 });`,
      `const moved = append.url.replace(/([?&]${ap.position.queryName ?? ap.position.id}=)0/, '$15');`,
      expectThat('moved', 'not.toBe', 'append.url'),
      "const res = await fetch(moved, { method: append.method, body: new TextEncoder().encode('abc') });",
      'expect(res.status).toBe(403);',
    ]),
  ];

  return [
    importFrom('vitest', ['describe', 'expect', 'it']),
    importFrom('../src/index.js', [client, 'MAX_PRESIGN_EXPIRES_SECONDS', 'ValidationError']),
    importFrom('./support.js', ['TEST_CREDENTIALS']),
    constant('SIM_URL', 'process.env.OSSGEN_SIM_URL', { exported: false, doc: 'A `gen mock --sim` server (bucket examplebucket). Without it the simulator part is skipped.' }),
    constant('RUN', '`ts-${process.pid}-${Date.now()}`', { exported: false, doc: 'Keys unique to this run.' }),
    describeBlock(`${client}: presigned vectors (exact URLs an official signer computed; no network)`, [
      ...vectorTests,
      itBlock(`refuses a validity below 1 second or (V4) beyond ${parts.v4.maxExpiresSeconds}`, [
        `const client = new ${client}({ region: ${region}, bucket: 'examplebucket', credentials: TEST_CREDENTIALS });`,
        `for (const expiresSeconds of [0, MAX_PRESIGN_EXPIRES_SECONDS + 1, 1.5]) {`,
        `  await expect(client.${presignName(get)}({ ${keyOf(get)}: 'k' }, { expiresSeconds })).rejects.toBeInstanceOf(ValidationError);`,
        '}',
        `const v1 = await client.${presignName(get)}({ ${keyOf(get)}: 'k' }, { expiresSeconds: MAX_PRESIGN_EXPIRES_SECONDS + 1, signatureVersion: 'v1' });`,
        "expect(v1.url).toContain('?');",
      ]),
    ]),
    describeBlock(`${client}: presigned URLs against the simulator (OSSGEN_SIM_URL)`, simulatorTests, '!SIM_URL'),
  ];
}
