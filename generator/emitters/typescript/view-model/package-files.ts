/**
 * The npm package around the source: package.json, tsconfigs and the README, all from the IR.
 */
import type { IrModel } from '../../../ir/types.js';
import { presignParts } from '../../presign.js';
import { typescriptLanguage } from '../language.js';

/** Exact versions of the tools the package is built and tested with (the generator's own). */
export const DEV_DEPENDENCIES = { '@types/node': '20.19.9', typescript: '5.9.3', vitest: '3.2.7' };

/** package.json's content, as data (emitter.ts prints it). */
export function packageJson(ir: IrModel): object {
  const pkg = {
    name: ir.service.packages.npm,
    version: ir.service.version,
    description: ir.service.summary.en,
    license: ir.service.license,
    ...(ir.service.repository ? { repository: { type: 'git', url: `git+${ir.service.repository}`, directory: `out/${typescriptLanguage.outDir}` } } : {}),
    type: 'module',
    main: './dist/index.js',
    types: './dist/index.d.ts',
    exports: {
      '.': { types: './dist/index.d.ts', import: './dist/index.js', default: './dist/index.js' },
      // Browsers, Deno, Bun (and Node): the fetch client, whose module graph has no node: import.
      './fetch': { types: './dist/fetch.d.ts', import: './dist/fetch.js', default: './dist/fetch.js' },
      './package.json': './package.json',
    },
    // examples/ ships because the README links to it; every README link must resolve inside the tarball.
    files: ['dist', 'src', 'examples', 'README.md'],
    sideEffects: false,
    engines: { node: '>=20' },
    keywords: ['oss', 'alibaba-cloud', 'append', 'crc64', ir.service.id],
    scripts: {
      build: 'tsc -p tsconfig.build.json',
      prepack: 'npm run build',
      typecheck: 'tsc -p tsconfig.json --noEmit',
      test: 'vitest run',
    },
    dependencies: {},
    devDependencies: DEV_DEPENDENCIES,
  };
  return pkg;
}

export function tsconfig(ir: IrModel): object {
  const config = {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      lib: ['ES2023'],
      types: ['node'],
      strict: true,
      noUncheckedIndexedAccess: true,
      // The package and its samples compile under the strictest optional-property reading too.
      exactOptionalPropertyTypes: true,
      noImplicitOverride: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      noFallthroughCasesInSwitch: true,
      skipLibCheck: true,
      noEmit: true,
      // The examples import the package by its published name; in place, that name is src/.
      paths: { [ir.service.packages.npm]: ['./src/index.ts'] },
    },
    include: ['src', 'test', 'examples'],
  };
  return config;
}

export function tsconfigBuild(): object {
  const config = {
    extends: './tsconfig.json',
    compilerOptions: { noEmit: false, rootDir: 'src', outDir: 'dist', declaration: true, sourceMap: true },
    include: ['src'],
  };
  return config;
}

/**
 * Markdown inline text: model strings are prose, so only characters that would start HTML are escaped,
 * and only outside code spans (inside one, `&lt;` would be shown literally).
 */
function md(text: string): string {
  return text
    .split(/(`[^`\n]+`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/</g, '&lt;').replace(/>/g, '&gt;')))
    .join('');
}

export function readme(ir: IrModel, samples: readonly { path: string }[]): string {
  const client = ir.service.clientNames.ts;
  const pkg = ir.service.packages.npm;
  const creds = ir.service.credentials;
  const appendOp = ir.protocol.append?.operation;
  const errorBody = ir.protocol.errorBody;
  const lines: string[] = [];
  lines.push(`# ${pkg}`, '', md(ir.service.title.en), '', md(ir.service.summary.en), '');
  lines.push(
    'Typed end to end, CRC-64 checked on every append, safe to retry, and with **zero runtime dependencies**: it uses',
    '`node:http`/`node:https` (keep-alive agents, streaming with backpressure) and `node:crypto`, which do everything',
    'this client needs; a dependency would add install weight and supply-chain risk without adding capability. In browsers, Deno',
    `and Bun, \`${pkg}/fetch\` is the same client over \`fetch\` and WebCrypto (below).`,
    '',
  );
  lines.push('## Install', '', '```sh', `npm install ${pkg}`, '```', '', 'Node.js 20 or later. ESM package with TypeScript types.', '');
  lines.push('## Quick start', '', '```ts');
  lines.push(`import { ${client}, Appender } from '${pkg}';`, '');
  lines.push(`// Credentials default to ${creds.accessKeyIdEnv} / ${creds.accessKeySecretEnv} (and ${creds.securityTokenEnv}).`);
  lines.push(`const client = new ${client}({ region: '${ir.service.defaults.region}', bucket: 'examplebucket' });`);
  lines.push(`const appender = await Appender.open(client, { key: 'logs/app.log' });`);
  lines.push(`await appender.append('first line\\n');`, `await appender.append('second line\\n');`);
  lines.push('console.log(appender.position, appender.crc);', 'client.close();', '```', '');
  lines.push(...browserSection(ir));
  lines.push('## Client options', '');
  lines.push('| Option | Meaning |', '|---|---|');
  lines.push(`| \`endpoint\` | Service URL; default \`${ir.endpoint.template}\`. IP and \`localhost\` endpoints use path-style addressing. |`);
  lines.push(`| \`region\` | Region ID for the V4 scope; default \`${ir.service.defaults.region}\`. |`);
  lines.push('| `bucket` | Default bucket for inputs that do not name one. |');
  lines.push(`| \`credentials\` | \`{ accessKeyId, accessKeySecret, securityToken? }\` or a function returning them (sync or async). Default: environment. |`);
  lines.push(`| \`signatureVersion\` | \`'v4'\` (default) or \`'v1'\`. |`);
  lines.push(
    `| \`timeoutMs\` | Limit of one attempt, default ${ir.service.defaults.timeoutMs}: the connection may be idle at most this long, and once the request is sent the response headers and an error body must arrive in full within it (a server dripping bytes does not keep a call alive). A download streams under the idle limit only. |`,
  );
  lines.push('| `operationTimeout` | Overall limit of every call in milliseconds, retries, backoff and read-backs included (default: none); `TimeoutError` when it passes. |');
  lines.push('| `retry` | `{ maxAttempts, baseDelayMs, maxDelayMs, retryableStatuses, honorRetryAfter }` overrides. |');
  lines.push('| `agent` | Your own `http.Agent`/`https.Agent`; the default is a keep-alive agent closed by `client.close()`. |');
  lines.push('| `clock`, `sleep`, `transport` | Injection points for tests: the signing time, backoff waits, and the function that sends a request. `transport: fetchTransport()` sends over `fetch` instead of `node:http` (Bun, Deno’s Node compatibility, undici dispatchers), with the same checks, retries and appender. |');
  lines.push('| `hooks` | `{ onRequest, onResponse, onError }`: observers of every attempt (retries and read-backs included), beside the transport. They get copies with the Authorization signature and the session token replaced by `[redacted]`, never a body; one that throws does not change the call. |');
  lines.push('');
  lines.push(
    '```ts',
    `const client = new ${ir.service.clientNames.ts}({`,
    '  hooks: {',
    '    onRequest: (r) => console.log(r.method, r.url, r.headers.authorization), // OSS4-HMAC-SHA256 [redacted]',
    '    onResponse: (r) => console.log(r.status, r.durationMs, r.headers),',
    '    onError: (f) => console.warn(f.request.url, f.error),',
    '  },',
    '});',
    '```',
    '',
  );
  lines.push(
    'The package compiles under `strict`, `exactOptionalPropertyTypes` and `noUncheckedIndexedAccess`; optional inputs and options',
    `accept \`undefined\`, so \`new ${ir.service.clientNames.ts}({ endpoint: process.env.${ir.service.credentials.accessKeyIdEnv.replace(/_ACCESS_KEY_ID$/, '')}_ENDPOINT })\` type-checks under those flags too.`,
    '',
  );
  lines.push('## Operations', '');
  lines.push(
    'Every operation takes per-call options: `signal` or `abortSignal` (an `AbortSignal`, the AWS SDK v3 name: the call ends with',
    '`AbortError`), `operationTimeout` (milliseconds, overriding the client’s) and `onUploadProgress` (see below). The append operation',
    'also takes `previousCrc`.',
    '',
  );
  const cancelExample = appendOp && ir.protocol.append
    ? [
        '### Cancellation, deadlines and upload progress',
        '',
        'Progress is reported during the transfer, as the body is handed to the connection (`total` is undefined for a stream);',
        'a cancelled appender reads the object back before throwing, so `appender.position`, `appender.crc` and `appender.lastAbort`',
        'say what is stored.',
        '',
        '```ts',
        'const controller = new AbortController();',
        `await client.${appendOp.names.ts}(`,
        `  { ${ir.protocol.append.key.names.ts}: 'log', ${ir.protocol.append.position.names.ts}: 0, ${ir.protocol.append.body.names.ts}: bigBuffer },`,
        '  {',
        '    abortSignal: controller.signal,',
        '    operationTimeout: 30_000,',
        '    onUploadProgress: ({ loaded, total }) => console.log(`${loaded}/${total}`),',
        '  },',
        ');',
        '',
        `const appender = await Appender.open(client, { ${ir.protocol.append.key.names.ts}: 'log', abortSignal: controller.signal });`,
        'try {',
        '  await appender.append(bigBuffer);',
        '} catch (err) {',
        '  if (err instanceof AbortError) console.log(appender.lastAbort); // { landed, position, crc }, read back',
        '}',
        '```',
        '',
      ]
    : [];
  lines.push(...cancelExample);
  const readOp = ir.protocol.append?.read;
  const readKey = ir.protocol.append?.readKey;
  if (readOp?.outputBody && readKey)
    lines.push(
      '### Reading a body whole',
      '',
      `\`${readOp.names.ts}\` streams its body; \`text()\`, \`bytes()\` and \`toFile(path)\` read it whole instead (once: the stream is consumed). A full`,
      'read is checked against the whole-object CRC-64 when the service returns it (`IntegrityError` otherwise; `toFile` then removes',
      'the partial file).',
      '',
      '```ts',
      `const text = await (await client.${readOp.names.ts}({ ${readKey.names.ts}: 'log' })).text();`,
      `const written = await (await client.${readOp.names.ts}({ ${readKey.names.ts}: 'log' })).toFile('/tmp/log.txt');`,
      '```',
      '',
    );
  for (const op of ir.operations) {
    lines.push(`### \`client.${op.names.ts}(input: ${op.names.input.ts}, options?: ${op.append ? 'AppendCallOptions' : 'CallOptions'}): Promise<${op.names.output.ts}>\``, '');
    lines.push(md(op.doc.en), '');
    lines.push(`\`${op.http.method} ${op.http.path}${op.http.flags.length ? `?${op.http.flags.join('&')}` : ''}\``, '');
    lines.push('| Input | Type | Required | Description |', '|---|---|---|---|');
    for (const m of op.input) {
      const type = m.enum ? m.enum.map((e) => `\`'${e.value}'\``).join(' \\| ') : `\`${m.type === 'blob' ? 'BodySource' : m.type === 'int64' ? 'number' : m.type === 'uint64' ? 'bigint' : m.type === 'map' ? 'Record<string, string>' : m.type}\``;
      lines.push(`| \`${m.names.ts}\` | ${type} | ${m.location === 'host' ? 'yes, or the client’s `bucket`' : m.required ? 'yes' : 'no'} | ${md(m.doc.en).replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`);
    }
    lines.push('', '| Output | Description |', '|---|---|');
    for (const m of op.output) lines.push(`| \`${m.names.ts}\` | ${md(m.doc.en).replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`);
    lines.push('');
  }
  lines.push('## Errors', '');
  lines.push(
    'Every failure is one of this package’s errors, all extending `SdkError`. The service’s answers are `ServiceError` (with `code`,',
    '`status`, `message`, `requestId`, `hostId`, `ec`, `headers`, `retryable`), one subclass per modeled code; a redirect (3xx) is a',
    '`ServiceError` too: redirects are never followed, so no request or credential goes anywhere but the endpoint. The code comes from',
    `the body’s \`<${errorBody.elements.code}>\`, ${errorBody.bodylessHeaderLower ? `else the HEAD \`${errorBody.bodylessHeaderLower}\` header, ` : ''}else (for an answer without a body) from a status that only one modeled`,
    `error has; anything else, such as a 409 whose body is not an \`<${errorBody.root}>\` document, is the base \`ServiceError\` with code \`""\`.`,
    'At most 64 KiB of an error body is read (the connection is then closed), parsed in linear time; malformed XML and bad character',
    'references never throw.',
    '',
    'Failures without a believable answer are kept apart: `NetworkError` (connection failed or reset, or an answer cut short),',
    '`TimeoutError` (see `timeoutMs` and `operationTimeout`), `AbortError` (the call’s `signal` fired); for an append all three mean',
    'the outcome is unknown. `ProtocolError` means an answer that cannot be believed: a missing or malformed header, an append answer',
    'whose next position is not the position plus the bytes sent or that lacks its CRC-64 (the append may have been applied).',
    '`IntegrityError` means the CRC-64 the service reported differs from the bytes sent. `ValidationError` means an input or a setting',
    'broke a rule and nothing was sent; credentials (access key id, secret, token) must be non-empty printable ASCII without spaces,',
    'and the error names the setting without ever showing its value.',
    '',
  );
  lines.push('| Class | Code | HTTP | Retryable | Meaning |', '|---|---|---|---|---|');
  for (const e of ir.errors) lines.push(`| \`${e.names.ts}\` | \`${e.code}\` | ${e.status} | ${e.retryable ? 'yes' : 'no'} | ${md(e.doc.en).replace(/\|/g, '\\|')} |`);
  lines.push('');
  lines.push('## Retries', '');
  lines.push(
    `Idempotent operations are retried up to ${ir.retry.maxAttempts} attempts in total on network errors, timeouts, errors the model marks retryable and HTTP ${ir.retry.retryableStatuses.join('/')},`,
    `with exponential backoff from ${ir.retry.baseDelayMs} ms capped at ${ir.retry.maxDelayMs} ms and full jitter${ir.retry.honorRetryAfter ? ', never sooner than `Retry-After`' : ''}. Stream bodies are never retried (they cannot be re-read).`,
    '',
  );
  if (appendOp) {
    lines.push(
      `\`${appendOp.names.ts}\` is never resent blindly. When an attempt’s outcome is unknown (network error, timeout, an answer cut short, 5xx),`,
      'the client finds out whether its own chunk is stored: it HEADs the object; a length equal to the position means the chunk did not',
      'land (it is resent after a backoff); the position plus the chunk’s length with the expected CRC-64 means it landed (success, not',
      'sent again); a longer object (another writer appended since) has the chunk’s range read back and its CRC-64 compared. Only a chunk',
      'known not to be there is reported as a position error, so reopening and appending again never duplicates it. When the probe or',
      'the read-back fails too, the original error is thrown.',
      ...(ir.protocol.range && ir.protocol.append?.readRangeBehavior
        ? [
            `The read-back sends \`${ir.protocol.range.behavior.header}: ${ir.protocol.range.strict}\`: without it the service ignores a range the object`,
            'cannot serve and answers with the whole object, which the client would have to tell from the chunk; with it such a range is an',
            'error (the outcome stays unknown).',
          ]
        : []),
      '',
    );
  }
  lines.push('## CRC-64', '');
  lines.push(
    'Every append computes CRC-64/XZ (ECMA-182) over the bytes as they stream out, continued from the previous whole-object CRC',
    `(\`options.previousCrc\`, automatic at position 0 and in \`Appender\`), and compares it with \`${ir.protocol.append?.crc.headerLower ?? 'the CRC-64 header'}\`. The CRC is`,
    'pure TypeScript, slicing-by-16 (table-driven, aligned 32-bit word reads); `crc64(data, previous)` and `Crc64` are exported. CRCs are `bigint` (they exceed 2^63).',
    'Full downloads are checked too: the body stream fails with `IntegrityError` at its end when its CRC-64 differs from the',
    'whole-object CRC in the answer (ranged reads are not checked, since that CRC describes the whole object).',
    '',
  );
  lines.push('## Appender', '');
  lines.push(
    '`Appender.open(client, { key, create?, onProgress? })` HEADs the object (absent: position 0; not appendable: refused; no usable',
    'length: `ProtocolError`), then `append(chunk)` appends at the tracked position, checks the next position and the CRC and reports',
    'progress after every chunk. Headers in `create` are sent only with the append at position 0. When an append ends with its outcome',
    'still unknown (or a `ProtocolError`), the appender does not advance and remembers the chunk: its next append first checks whether',
    'that chunk is stored and moves past it if so. When that next chunk has the same length and CRC-64 as the remembered one, it is',
    'your retry of it: if it is stored, `append` returns success without sending it again (the position advances once); if it is',
    'verified absent, it is sent. (Bytes you really mean to write twice after an error cannot be told from a retry: append them again',
    'once the retry has succeeded.) Streams are not remembered: they cannot be read again to check. Both methods take per-call',
    'options (`signal`, `operationTimeout`).',
    '',
    '`appender.writable({ maxBytes?, maxDelayMs?, signal? })` is a `Writable` onto the object: writes are gathered and appended in',
    'batches of at most `maxBytes` (default 1 MiB), at the latest `maxDelayMs` (default 1000) after a batch’s first byte, one append',
    'at a time with the same recovery; a write that fills a batch waits for its append (back-pressure). `flush()` sends now, `end()`',
    'sends the rest; a failure or a cancellation destroys the stream, and `appender.position` says what is stored.',
    '',
    '```ts',
    `const appender = await Appender.open(client, { ${ir.protocol.append?.key.names.ts ?? 'key'}: 'app.log' });`,
    "await pipeline(process.stdin, appender.writable({ maxBytes: 256 * 1024, maxDelayMs: 500 }));",
    '```',
    '',
  );
  const parts = presignParts(ir);
  if (parts) {
    lines.push('## Presigned URLs', '');
    lines.push(
      '`client.presign<Operation>(input, { expiresSeconds, signatureVersion? })` returns `{ method, url, expiration, headers }`: the',
      'authorization travels in the query, so any HTTP client (a browser, `fetch`, curl) can send that request without credentials until',
      `it expires (V4: at most \`MAX_PRESIGN_EXPIRES_SECONDS\`, ${parts.v4.maxExpiresSeconds} s). Nothing is sent, and the body is not part of the URL;`,
      'headers the input sets must be sent as returned.',
      ...(parts.v4.additionalHeaders
        ? [
            `With V4, \`additionalHeaders: ['host', 'range', …]\` signs those headers too (listed in the URL's \`${parts.v4.additionalHeaders}\`), so the URL`,
            'works only for a request that sends them with the same values.',
          ]
        : []),
      '',
    );
  }
  lines.push('## Examples', '');
  for (const s of samples) lines.push(`- [\`${s.path}\`](${s.path})`);
  lines.push(
    '',
    `Each takes the flags the samples take in every language — \`--endpoint\`, \`--region\`, \`--bucket\`, \`--key\`, \`--signature v4|v1\`, plus \`--file\`/\`--chunk-size\` for the`,
    `file example and \`--text\` for resume — falling back to the environment (${Object.values(ir.service.settingsEnv).map((v) => `\`${v}\``).join(', ')}), and credentials`,
    `from \`${creds.accessKeyIdEnv}\` / \`${creds.accessKeySecretEnv}\`. In this directory, run one with`,
    '`npx tsx examples/append-from-memory.ts --endpoint http://127.0.0.1:PORT` (the tsconfig maps the package name to `src/`).',
    '',
  );
  lines.push('## Tests', '');
  lines.push(
    '`npm test` runs the offline tests. With `OSSGEN_MOCK_URL` set to a running',
    '`gen mock --fixtures test/fixtures/recordings --control-endpoints` it also replays every recorded scenario (that suite resets',
    'the mock and reads its report through `/__mock/...`, which exist only with that flag)' +
      (ir.protocol.append?.read
        ? '; with `OSSGEN_SIM_URL` set to a running `gen mock --sim` (no control endpoints needed), it also runs the end-to-end tests against the simulator.'
        : '.'),
    '',
  );
  lines.push('## License', '', ir.service.license, '');
  return lines.join('\n');
}

/** The README's section on the `./fetch` entry: a short browser example and what differs from the Node client. */
function browserSection(ir: IrModel): string[] {
  const pkg = ir.service.packages.npm;
  const client = `Fetch${ir.service.clientNames.ts}`;
  const ap = ir.protocol.append;
  const readOp = ap?.read;
  if (!ap || !readOp?.outputBody || !ap.readKey) return [];
  const [key, position, body, next] = [ap.key.names.ts, ap.position.names.ts, ap.body.names.ts, ap.nextPosition.names.ts];
  const exposed = ['ETag', ap.nextPosition.headerLower, ap.crc.headerLower, ir.protocol.headers.requestId].filter((h): h is string => Boolean(h));
  return [
    '## Browsers, Deno and Bun',
    '',
    `\`${pkg}/fetch\` is this client over \`fetch\`: \`${client}\`, with the same operations, inputs, errors and append checks`,
    '(next position, CRC-64), signing with WebCrypto (`crypto.subtle`). Nothing it loads imports a `node:` module, so a bundler',
    '(esbuild, Vite, webpack) or a plain `<script type="module">` loads it without polyfills; Deno, Bun and Node 20+ run it too.',
    '',
    '```ts',
    `import { ${client} } from '${pkg}/fetch';`,
    '',
    `const client = new ${client}({`,
    `  endpoint: 'https://${ir.endpoint.template.replace(/^https?:\/\//, '').replace('{region}', ir.service.defaults.region)}',`,
    "  bucket: 'examplebucket',",
    "  credentials: await (await fetch('/oss-sts-token')).json(), // short-lived STS credentials from your server",
    '});',
    "const file: Blob = (document.querySelector('input[type=file]') as HTMLInputElement).files![0]!;",
    `const first = await client.${ap.operation.names.ts}({ ${key}: 'uploads/log.txt', ${position}: 0, ${body}: file });`,
    `await client.${ap.operation.names.ts}({`,
    `  ${key}: 'uploads/log.txt',`,
    `  ${position}: first.${next},`,
    `  ${body}: new Blob(['more\\n']),`,
    '});',
    `const text = await (await client.${readOp.names.ts}({ ${ap.readKey.names.ts}: 'uploads/log.txt' })).text();`,
    '```',
    '',
    'Bodies are a string, `Uint8Array`, `ArrayBuffer`, `Blob` (a `File`) or a `ReadableStream` (sent chunked; Chromium sends a',
    'stream only over HTTP/2, so in a page prefer a Blob). Where it differs from the Node client:',
    '',
    '- **Upload progress:** `fetch` cannot report it. In a browser a call with `onUploadProgress` therefore sends its body',
    '  (string, bytes or Blob) with `XMLHttpRequest`, which reports bytes as they leave (and, unlike the fetch path, follows',
    '  redirects). Where there is no XMLHttpRequest (Deno, Bun, Node) or you pass your own `fetch`, it gets `loaded: 0` when the',
    '  request starts and `loaded: total` when the answer arrives; a stream reports its bytes as fetch reads them.',
    `- **Bodies out:** \`${readOp.names.ts}\` gives a web \`ReadableStream\` (CRC-64 checked at its end) and \`text()\`, \`bytes()\`, \`blob()\`.`,
    '- **Unknown outcomes:** an append whose answer was lost is resolved with a HEAD only (no ranged read-back). `signal` /',
    '  `abortSignal` cancel a call until its answer’s headers arrive; cancel a download with `body.cancel()`. Presigning, `Appender`,',
    '  hooks and `operationTimeout` are the Node client’s.',
    '- **Credentials** must be passed (there is no environment); in a page use short-lived STS credentials, never an AccessKey secret.',
    '- **CORS:** the bucket needs a rule allowing the page’s origin, the methods, the request headers (`authorization`, `x-oss-*`,',
    `  \`content-type\`) and exposing ${exposed.map((h) => `\`${h}\``).join(', ')}: without them the page cannot see the append`,
    '  answer’s headers and every append fails with `ProtocolError`. Against the simulator: `gen mock --sim --cors http://localhost:5173`.',
    '',
  ];
}
