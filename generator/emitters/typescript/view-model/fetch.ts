/**
 * out/ts/src/fetch.ts: the package's `./fetch` entry, for browsers, Deno, Bun and Node 20+. A
 * client class on `FetchClientCore` (runtime/ts/fetch-client.ts) with one typed method per
 * operation, wired to the model's parts that need no Node (operation table, errors, validation,
 * the WebCrypto signers). Every import here is, transitively, free of node: modules (checked by
 * test/typescript/fetch-browser.test.ts, which bundles it for the browser).
 */
import type { IrModel } from '../../../ir/types.js';
import { cls, constant, importFrom, jsLiteral, str, StructureKind, typeAlias, type MethodSpec, type Statement } from '../helpers.js';

export function fetchModule(ir: IrModel): Statement[] {
  const client = `Fetch${ir.service.clientNames.ts}`;
  const ap = ir.protocol.append;
  const appendName = ap?.operation.name;
  const inputType = (op: IrModel['operations'][number]) => (op.inputBody ? `Fetch${op.names.input.ts}` : op.names.input.ts);
  const outputType = (op: IrModel['operations'][number]) => (op.outputBody ? `Fetch${op.names.output.ts}` : op.names.output.ts);
  const methods: MethodSpec[] = ir.operations.map((op) => {
    const isAppend = op.append !== undefined && op.name === appendName;
    return {
      name: op.names.ts,
      doc: `${op.summary.en}\n\n${op.doc.en}${isAppend ? '\n\nThe answer is checked like the Node client’s (next position, CRC-64 whenever the previous one is known). An attempt whose outcome is unknown is resolved with a HEAD before anything is sent again; unlike the Node client, no range is read back.' : ''}`,
      params: [
        { name: 'input', type: inputType(op) },
        { name: 'options', type: isAppend ? 'FetchAppendCallOptions' : 'FetchCallOptions', initializer: '{}' },
      ],
      returns: `Promise<${outputType(op)}>`,
      body: [
        `return this.${isAppend ? 'append' : 'invoke'}(OPERATIONS[${str(op.name)}]!, input as unknown as Record<string, unknown>, options) as Promise<unknown> as Promise<${outputType(op)}>;`,
      ],
    };
  });
  const bodyTypes: Statement[] = ir.operations.flatMap((op) => [
    ...(op.inputBody
      ? [typeAlias(`Fetch${op.names.input.ts}`, `Omit<${op.names.input.ts}, ${str(op.inputBody.names.ts)}> & { ${op.inputBody.names.ts}${op.inputBody.required ? '' : '?'}: FetchBody${op.inputBody.required ? '' : ' | undefined'} }`, `Input of ${op.names.ts} for the fetch client: the body is a string, bytes, a Blob or a web stream.`)]
      : []),
    ...(op.outputBody
      ? [
          typeAlias(
            `Fetch${op.names.output.ts}`,
            `Omit<${op.names.output.ts}, ${str(op.outputBody.names.ts)} | keyof BodyReaders> & FetchBodyReaders & { ${op.outputBody.names.ts}: ReadableStream<Uint8Array> }`,
            `Output of ${op.names.ts} for the fetch client: the body is a web stream, or read it whole with \`text()\`, \`bytes()\` or \`blob()\` (CRC-64 checked on a full read).`,
          ),
        ]
      : []),
  ]);
  const probe = ap
    ? `{ spec: OPERATIONS[${str(ap.probe.name)}]!, nextPosition: ${str(ap.probeNextPosition.names.ts)}, length: ${str((ap.probeLength ?? ap.probeNextPosition).names.ts)} }`
    : 'undefined';
  const model = [
    'createServiceError,',
    'validateInput,',
    'checkObjectSize,',
    'signV4: signV4Web,',
    'signV1: signV1Web,',
    'encodeKey,',
    'canonicalQuery,',
    `defaults: ${jsLiteral({
      region: ir.service.defaults.region,
      endpointTemplate: ir.endpoint.template,
      timeoutMs: ir.service.defaults.timeoutMs,
      retry: { maxAttempts: ir.retry.maxAttempts, baseDelayMs: ir.retry.baseDelayMs, maxDelayMs: ir.retry.maxDelayMs, retryableStatuses: ir.retry.retryableStatuses },
      pathStyle: ir.endpoint.addressing.default === 'path',
      pathStyleFor: ir.endpoint.addressing.pathStyleFor,
    })},`,
    `probe: ${probe},`,
  ];
  const modelTypes = ir.operations.flatMap((o) => [o.names.input.ts, o.names.output.ts]);
  return [
    importFrom('./errors.js', ['createServiceError']),
    importFrom('./fetch-client.js', ['FetchClientCore']),
    importFrom('./fetch-client.js', ['FetchAppendCallOptions', 'FetchBody', 'FetchBodyReaders', 'FetchCallOptions', 'FetchClientOptions', 'FetchModel'], true),
    importFrom('./body.js', ['BodyReaders'], true),
    importFrom('./models.js', modelTypes, true),
    importFrom('./operations.js', ['OPERATIONS']),
    importFrom('./signing.js', ['canonicalQuery', 'encodeKey', 'signV1Web', 'signV4Web']),
    importFrom('./validate.js', ['checkObjectSize', 'validateInput']),
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: './errors.js' },
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: './crc64.js' },
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: './fetch-client.js', namedExports: ['FETCH_BODIES', 'FetchClientCore', 'addFetchBodyReaders', 'fetchBodyLength'] },
    {
      kind: StructureKind.ExportDeclaration,
      moduleSpecifier: './fetch-client.js',
      isTypeOnly: true,
      namedExports: ['FetchAppendCallOptions', 'FetchBody', 'FetchBodyReaders', 'FetchCallOptions', 'FetchClientOptions', 'FetchCredentials', 'FetchFunction', 'FetchRetryPolicy', 'FetchUploadProgress'],
    },
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: './models.js', isTypeOnly: true, namedExports: modelTypes },
    ...bodyTypes,
    // On one line: prettier breaks it anyway (the fixed names alone are wider than the line), and a line break
    // after `{` would be the only thing keeping the TypeScript layout (render/typescript-layout.ts) from printing it.
    constant('MODEL', `{ ${model.map((m) => m.replace(/,$/, '')).join(', ')} }`, { exported: false, type: 'FetchModel', doc: 'The model’s parts the fetch engine needs.' }),
    cls({
      name: client,
      extends: 'FetchClientCore',
      doc: `${ir.service.title.en}, over \`fetch\`: for browsers, Deno, Bun and Node 20+. Signs with WebCrypto; no node: module is loaded. upload progress comes from XMLHttpRequest in browsers, since fetch cannot report it (see \`FetchCallOptions.onUploadProgress\`); presigning and the appender are the Node client’s.`,
      ctor: { params: [{ name: 'options', type: 'FetchClientOptions' }], body: ['super(options, MODEL);'] },
      methods,
    }),
  ];
}
