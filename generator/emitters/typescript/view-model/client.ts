/**
 * out/ts/src/client.ts: the client class. One public method per operation (typed Input/Output
 * from models.ts) over one private request path: validate, build, sign, send, map the answer.
 * Idempotent operations retry with backoff and jitter; the append operation never resends
 * blindly: after an unknown outcome it reads the object's length and CRC back first.
 */
import type { IrModel } from '../../../ir/types.js';
import { cls, constant, fn, iface, importFrom, Scope, jsLiteral, str, StructureKind, typeAlias, type MethodSpec, type Statement } from '../helpers.js';
import { presignParts } from '../../presign.js';
import { part } from '../parts.js';

/**
 * An operation method's body around `run` (the private request path, given `call`): not an async function,
 * so a call with nothing to release (no caller's signal, no deadline: its `end` is the no-op) returns the
 * request path's promise as it is, one promise and its microtask turns less per call; a cancellable call
 * ends (timer, listeners) once it settles. A refused operationTimeout still comes back as a rejection.
 */
function callBody(run: string, output: string): string[] {
  return [
    'let call: Call;',
    'try {',
    '  call = this.startCall(options);',
    '} catch (err) {',
    '  return Promise.reject(err);',
    '}',
    `const result = ${run} as unknown as Promise<${output}>;`,
    'return call.end === uncancellableEnd ? result : result.finally(call.end);',
  ];
}

export function clientModule(ir: IrModel): Statement[] {
  const client = ir.service.clientNames.ts;
  const options = `${client}Options`;
  const creds = ir.service.credentials;
  const ap = ir.protocol.append;
  const appendOp = ap?.operation;
  const probe = ap?.probe;
  const errorByCode = new Map(ir.errors.map((e) => [e.code, e]));
  const positionErrorName = ap?.positionError.error.names.ts ?? 'ServiceError';
  const pathStyleFor = ir.endpoint.addressing.pathStyleFor;
  const presign = presignParts(ir);
  const defaultPathStyle = ir.endpoint.addressing.default === 'path';

  const opMethods: MethodSpec[] = ir.operations.map((op) => {
    const doc = [
      op.summary.en,
      op.doc.en,
      `Errors: ${op.errors.map((c) => errorByCode.get(c)?.names.ts ?? c).join(', ')}; and the client’s own NetworkError, TimeoutError, AbortError, ProtocolError, ValidationError.`,
    ].join('\n\n');
    if (op.append) {
      return {
        name: op.names.ts,
        doc: `${doc}\n\nThe answer is checked: its next position must be the position plus the bytes sent and its CRC-64 header present (ProtocolError otherwise, the append may have been applied); whenever the client knows the CRC-64 before the append (\`options.previousCrc\`, position 0, or this client’s last append to the object ended at this position) the CRC-64 must match the bytes sent (IntegrityError). An attempt whose outcome is unknown (network error, timeout, a response cut short, 5xx) is resolved by reading the object back (HEAD, then a ranged read of the chunk’s bytes when the object has grown past it), never by a blind resend; ${positionErrorName} then means the chunk is known not to be there.`,
        params: [
          { name: 'input', type: op.names.input.ts },
          { name: 'options', type: 'AppendCallOptions', initializer: '{}' },
        ],
        returns: `Promise<${op.names.output.ts}>`,
        body: callBody(`this.append(OPERATIONS[${str(op.name)}]!, input as unknown as Record<string, unknown>, options, call)`, op.names.output.ts),
      };
    }
    return {
      name: op.names.ts,
      doc,
      params: [
        { name: 'input', type: op.names.input.ts },
        { name: 'options', type: 'CallOptions', initializer: '{}' },
      ],
      returns: `Promise<${op.names.output.ts}>`,
      body: callBody(`this.invoke(OPERATIONS[${str(op.name)}]!, input as unknown as Record<string, unknown>, call)`, op.names.output.ts),
    };
  });

  // A presigned URL per operation, when the model has both schemes' query-string forms: the input without its body.
  const presignMethods: MethodSpec[] = presign
    ? [
        ...ir.operations.map(
          (op): MethodSpec => ({
            name: `presign${op.names.ts.charAt(0).toUpperCase()}${op.names.ts.slice(1)}`,
            doc: `A presigned URL for ${op.name}: anyone holding it can send this request (method, URL and \`headers\`, no Authorization) until \`expiration\`. Signed with the client’s credentials, region and clock; nothing is sent.${op.inputBody ? ' The body is not part of the URL.' : ''}`,
            async: true,
            params: [
              { name: 'input', type: op.inputBody ? `Omit<${op.names.input.ts}, ${str(op.inputBody.names.ts)}>` : op.names.input.ts },
              { name: 'options', type: 'PresignOptions' },
            ],
            returns: 'Promise<PresignedRequest>',
            body: [`return this.presignRequest(OPERATIONS[${str(op.name)}]!, input as unknown as Record<string, unknown>, options);`],
          }),
        ),
        {
          name: 'presignRequest',
          scope: Scope.Private,
          async: true,
          params: [
            { name: 'spec', type: 'OperationSpec' },
            { name: 'input', type: 'Record<string, unknown>' },
            { name: 'options', type: 'PresignOptions' },
          ],
          returns: 'Promise<PresignedRequest>',
          body: [
            part('client', 'presign-start'),
            ...(presign.v4.additionalHeaders
              ? [part('client', 'presign-additional')]
              : ["if (version === 'v1') presignV1(signable, credentials, now, expires);", 'else presignV4(signable, credentials, this.region, now, expires);']),
            part('client', 'presign-return'),
          ],
        },
      ]
    : [];

  // The read-back asks for the strict range behaviour (protocol.range) when the model has one: a chunk's range
  // the object no longer covers is then an error, never the whole object in its place.
  const strictRange = ap?.readRangeBehavior && ir.protocol.range ? { member: ap.readRangeBehavior, value: ir.protocol.range.strict } : undefined;
  const read = ap?.read && ap.readRange && ap.readBody ? { op: ap.read, range: ap.readRange, body: ap.readBody, contentRange: ap.readContentRange, strictRange } : undefined;
  const appendOutput = appendOp?.names.output.ts ?? 'Record<string, unknown>';

  const appendMethods: MethodSpec[] =
    ap && appendOp && probe
      ? [
          {
            name: 'checkAppended',
            doc: 'Finds out whether `input.body`, appended at `input.position`, is stored there (the wire contract’s test for an append whose outcome is unknown): HEAD the object; its length equal to the position means absent; equal to the position plus the chunk’s length with the expected CRC-64 (from `options.previousCrc`) means landed; longer, the chunk’s range is read back and its CRC-64 compared. The body must be replayable (string, bytes or file). A failed probe or read-back throws (the outcome stays unknown).',
            async: true,
            params: [
              { name: 'input', type: `Pick<${appendOp.names.input.ts}, ${appendOp.input.filter((m) => ['host', 'path', 'body'].includes(m.location) || m.id === appendOp.append!.position).map((m) => str(m.names.ts)).join(' | ')}>` },
              { name: 'options', type: 'AppendCallOptions', initializer: '{}' },
            ],
            returns: `Promise<AppendCheck<${appendOutput}>>`,
            body: [
              `const spec = OPERATIONS[${str(appendOp.name)}]!;`,
              'const append = spec.append!;',
              'const record = input as unknown as Record<string, unknown>;',
              'const body = record[bodyMember(spec)] as BodySource;',
              "if (!isReplayable(body)) throw new ValidationError('body: a stream cannot be read again to check it', bodyMember(spec), 'replayable');",
              'const call = this.startCall(options);',
              'try {',
              '  const length = (await knownLength(body))!;',
              '  const position = record[append.position] as number;',
              '  const previousCrc = options.previousCrc ?? (position === 0 ? 0n : undefined);',
              `  return (await this.locate(spec, this.bucketOf(record), record[keyMember(spec)] as string, position, length, body, previousCrc, call)) as AppendCheck<${appendOutput}>;`,
              '} finally {',
              '  call.end();',
              '}',
            ],
          },
          {
            name: 'append',
            scope: Scope.Private,
            async: true,
            params: [
              { name: 'spec', type: 'OperationSpec' },
              { name: 'input', type: 'Record<string, unknown>' },
              { name: 'options', type: 'AppendCallOptions' },
              { name: 'call', type: 'Call' },
            ],
            returns: 'Promise<Record<string, unknown>>',
            body: [
              part('client', 'append-start'),
              'for (let attempt = 1; ; attempt++) {',
              '  const crc = previousCrc === undefined ? undefined : new Crc64(previousCrc);',
              '  const counter = length === undefined ? { bytes: 0 } : undefined;',
              '  try {',
              '    const output = await this.attempt(spec, input, bucket, crc, call, counter);',
              '    return this.remember(bucket, key, append, checkAppendAnswer(spec, output, position, length ?? counter!.bytes, crc));',
              '  } catch (err) {',
              '    if (call.signal.aborted) throw stopped(call, err);',
              `    const resent = attempt > 1 && err instanceof ${positionErrorName};`,
              '    if (isUnknownOutcome(err)) unknown ??= err;',
              '    if (!(isUnknownOutcome(err) || resent) || !isReplayable(body) || length === undefined) throw err;',
              '    const original = unknown ?? err;',
              '    // The append may have landed: find out whether this chunk is at [position, position + length) before sending it again.',
              '    let found: AppendCheck<Record<string, unknown>>;',
              '    try {',
              '      found = await this.locate(spec, bucket, key, position, length, body, previousCrc, call);',
              '    } catch {',
              '      throw call.signal.aborted ? stopped(call, original) : original;',
              '    }',
              '    if (found.landed) return this.remember(bucket, key, append, found.output);',
              '    if (found.length !== position) throw positionError(found.length, position, found.verified, original);',
              '    if (attempt >= this.retry.maxAttempts) throw original;',
              '    await this.pause(this.backoff(attempt, err), call);',
              '  }',
              '}',
            ],
          },
          {
            name: 'remember',
            doc: 'Keeps the object’s next position and CRC-64 from a believed append answer (at most `REMEMBERED_OBJECTS` objects, the oldest forgotten first), so the next append to it is CRC-checked without `previousCrc`.',
            scope: Scope.Private,
            params: [
              { name: 'bucket', type: 'string' },
              { name: 'key', type: 'string' },
              { name: 'append', type: "NonNullable<OperationSpec['append']>" },
              { name: 'output', type: 'Record<string, unknown>' },
            ],
            returns: 'Record<string, unknown>',
            body: [
              part('client', 'remember'),
            ],
          },
          {
            name: 'locate',
            doc: 'The wire contract’s step 3: is this chunk at `[position, position + length)`?',
            scope: Scope.Private,
            async: true,
            params: [
              { name: 'spec', type: 'OperationSpec' },
              { name: 'bucket', type: 'string' },
              { name: 'key', type: 'string' },
              { name: 'position', type: 'number' },
              { name: 'length', type: 'number' },
              { name: 'body', type: 'BodySource | undefined' },
              { name: 'previousCrc', type: 'bigint | undefined' },
              { name: 'call', type: 'Call' },
            ],
            returns: 'Promise<AppendCheck<Record<string, unknown>>>',
            body: [
              part('client', 'locate'),
            ],
          },
          {
            name: 'rangeCrc',
            doc: 'CRC-64 (from 0) of the object’s bytes `[position, position + length)`, read with a ranged GET (with the strict range behavior when the model has one, so a range the object no longer covers is an error rather than the whole object); anything but exactly those bytes throws.',
            scope: Scope.Private,
            async: true,
            params: [
              { name: 'bucket', type: 'string' },
              { name: 'key', type: 'string' },
              { name: 'position', type: 'number' },
              { name: 'length', type: 'number' },
              { name: 'call', type: 'Call' },
            ],
            returns: 'Promise<bigint>',
            body: read
              ? [
                  `const spec = OPERATIONS[${str(read.op.name)}]!;`,
                  'const last = position + length - 1;',
                  `const output = await this.invoke(spec, { [bucketMember(spec)]: bucket, [keyMember(spec)]: key, ${str(read.range.names.ts)}: \`bytes=\${position}-\${last}\`${read.strictRange ? `, ${str(read.strictRange.member.names.ts)}: ${str(read.strictRange.value)}` : ''} }, call);`,
                  `const body = output[${str(read.body.names.ts)}] as Readable;`,
                  ...(read.contentRange
                    ? [
                        `const range = output[${str(read.contentRange.names.ts)}];`,
                        part('client', 'range-check', { blankAfter: true }),
                      ]
                    : []),
                  'const crc = new Crc64();',
                  'let read = 0;',
                  'for await (const chunk of body) {',
                  '  const bytes = chunk as Buffer;',
                  '  read += bytes.length;',
                  '  if (read > length) break;',
                  '  crc.update(bytes);',
                  '}',
                  'if (read !== length) {',
                  '  body.destroy();',
                  '  throw new ProtocolError(`the read-back returned ${read} bytes, not ${length}`);',
                  '}',
                  'return crc.digest();',
                ]
              : ['void [bucket, key, position, length, call];', "throw new ProtocolError('this model has no ranged read to check an append with');"],
          },
          {
            name: 'probe',
            doc: 'Reads the object’s current length and outputs with the probe operation; an absent object has length 0, an answer without a usable length is a ProtocolError.',
            scope: Scope.Private,
            async: true,
            params: [
              { name: 'bucket', type: 'string' },
              { name: 'key', type: 'string' },
              { name: 'call', type: 'Call' },
            ],
            returns: 'Promise<{ length: number; output: Record<string, unknown> }>',
            body: [
              `const spec = OPERATIONS[${str(probe.name)}]!;`,
              'let output: Record<string, unknown>;',
              'try {',
              part('client', 'probe-invoke'),
              '} catch (err) {',
              `  if (err instanceof ServiceError && err.status === ${ap.notFound?.status ?? 404}) return { length: 0, output: {} };`,
              '  throw err;',
              '}',
              `const next = output[${str(ap.probeNextPosition.names.ts)}];`,
              `const size = output[${str((ap.probeLength ?? ap.probeNextPosition).names.ts)}];`,
              "const length = typeof next === 'number' ? next : size;",
              "if (typeof length !== 'number') throw new ProtocolError('the object’s answer carries no length');",
              'return { length, output };',
            ],
          },
        ]
      : [];

  const positionErrorClass = ap?.positionError.error;
  const positionErrorFn = positionErrorClass
    ? [
        fn({
          name: 'positionError',
          exported: false,
          doc: 'The error for "our chunk is known not to be at its position, and the object is not where we left it".',
          params: [
            { name: 'length', type: 'number' },
            { name: 'position', type: 'number' },
            { name: 'verified', type: 'boolean' },
            { name: 'cause', type: 'unknown' },
          ],
          returns: 'ServiceError',
          body: [
            `const error = new ${positionErrorClass.names.ts}({`,
            `  code: ${str(positionErrorClass.code)},`,
            `  status: ${positionErrorClass.status},`,
            "  message: `the object is ${length} bytes, not ${position}: another writer changed it, and this append ${verified ? 'was read back and is not there' : 'did not land (the object ends before it would)'}`,",
            `  headers: { ${str(ap!.positionError.field.headerLower ?? ap!.nextPosition.headerLower ?? ap!.nextPosition.id)}: String(length) },`,
            '  fields: {},',
            '});',
            "Object.defineProperty(error, 'cause', { value: cause });",
            'return error;',
          ],
        }),
      ]
    : [
        fn({
          name: 'positionError',
          exported: false,
          params: [
            { name: 'length', type: 'number' },
            { name: 'position', type: 'number' },
            { name: 'verified', type: 'boolean' },
            { name: 'cause', type: 'unknown' },
          ],
          returns: 'Error',
          body: ['return new SdkError(`object is ${length} bytes, expected ${position}${verified ? \'\' : \'\'}`, { cause });'],
        }),
      ];

  return [
    importFrom('node:http', ['Agent as HttpAgent'], true),
    importFrom('node:https', ['Agent as HttpsAgent'], true),
    importFrom('node:net', ['isIP']),
    importFrom('node:stream', ['Readable'], true),
    importFrom('./answers.js', ['bodyMember', 'bucketMember', 'checkAppendAnswer', 'checkCredential', 'headerValue', 'isUnknownOutcome', 'keyMember', 'parseOutput']),
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: './answers.js', namedExports: ['isUnknownOutcome', 'parseOutput'] },
    importFrom('./body.js', ['NODE_BODIES', 'addBodyReaders', 'crcOfBody', 'isReplayable', 'knownLength', 'prepareBody', 'prepareInMemory', 'verifyingBody']),
    importFrom('./body.js', ['BodySource', 'UploadProgressListener'], true),
    importFrom('./crc64.js', ['Crc64']),
    importFrom('./errors.js', ['AbortError', 'createServiceError', 'NetworkError', 'ProtocolError', 'SdkError', 'ServiceError', 'TimeoutError', 'ValidationError', ...(positionErrorClass ? [positionErrorClass.names.ts] : [])]),
    importFrom('./models.js', ir.operations.flatMap((o) => [o.names.input.ts, o.names.output.ts]), true),
    importFrom('./operations.js', ['OPERATIONS']),
    importFrom('./operations.js', ['OperationSpec'], true),
    importFrom('./signer.js', ['canonicalQuery', 'encodeKey', ...(presign ? ['MAX_PRESIGN_EXPIRES_SECONDS', 'presignV1', 'presignV4'] : []), 'signV1', 'signV4']),
    importFrom('./signer.js', ['Credentials'], true),
    importFrom('./transport.js', ['NodeTransport', 'drainEmpty', 'observedTransport', 'readBounded', 'typedBody']),
    importFrom('./transport.js', ['Hooks', 'Transport', 'TransportRequest', 'TransportResponse'], true),
    importFrom('./validate.js', ['checkObjectSize', 'validateInput']),
    ...(presign
      ? [
          iface(
            'PresignOptions',
            [
              { name: 'expiresSeconds', type: 'number', doc: `How long the URL works, in seconds: 1 to ${presign.v4.maxExpiresSeconds} with V4 (the service refuses longer), any with V1.` },
              { name: 'signatureVersion', type: "'v4' | 'v1'", optional: true, doc: 'The scheme (default: the client’s).' },
              ...(presign.v4.additionalHeaders
                ? [
                    {
                      name: 'additionalHeaders',
                      type: 'string[]',
                      optional: true,
                      doc: `V4: more of the request's headers to sign (named in the URL's ${presign.v4.additionalHeaders}): \`host\`, or headers the input sets that are not signed by default (Range, Cache-Control, …). Whoever uses the URL must send them with the same values. Ignored by V1.`,
                    },
                  ]
                : []),
            ],
            'Options of a presigned URL.',
          ),
          iface(
            'PresignedRequest',
            [
              { name: 'method', type: 'string', doc: 'The HTTP method the URL is signed for.' },
              { name: 'url', type: 'string', doc: 'The URL, its authorization in the query.' },
              { name: 'expiration', type: 'Date', doc: 'When the URL stops working.' },
              { name: 'headers', type: 'Record<string, string>', doc: 'Headers the input asked for; the signed ones among them (x-oss-*, Content-Type, Content-MD5) must be sent with exactly these values.' },
            ],
            'A presigned request: send `method` to `url` with `headers`, and no Authorization.',
          ),
        ]
      : []),
    iface(
      'RetryPolicy',
      [
        { name: 'maxAttempts', type: 'number', doc: `Attempts in total, the first included (model default ${ir.retry.maxAttempts}).` },
        { name: 'baseDelayMs', type: 'number', doc: `First backoff step; each retry doubles it (model default ${ir.retry.baseDelayMs}).` },
        { name: 'maxDelayMs', type: 'number', doc: `Cap of one backoff (model default ${ir.retry.maxDelayMs}).` },
        { name: 'retryableStatuses', type: 'readonly number[]', doc: `HTTP statuses worth retrying (model default ${ir.retry.retryableStatuses.join(', ')}).` },
        { name: 'honorRetryAfter', type: 'boolean', doc: 'Wait at least the `Retry-After` the service asks for.' },
      ],
      'When and how often to retry. The delay before retry n is a random value in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))] (full jitter).',
    ),
    constant('DEFAULT_RETRY', jsLiteral(ir.retry), { type: 'Readonly<RetryPolicy>', doc: 'The model’s retry policy.' }),
    constant('DEFAULT_REGION', str(ir.service.defaults.region)),
    constant('DEFAULT_TIMEOUT_MS', String(ir.service.defaults.timeoutMs)),
    constant('ENDPOINT_TEMPLATE', str(ir.endpoint.template), { exported: false }),
    constant('USER_AGENT', `${str(`${ir.service.packages.npm}/${ir.service.version} node/`)} + process.version`, { exported: false, doc: 'Sent as User-Agent (not signed, not compared by the mock).' }),
    constant('PATH_STYLE_FOR', jsLiteral(pathStyleFor), { exported: false, type: 'readonly string[]' }),
    ...(appendOp ? [constant('REMEMBERED_OBJECTS', '1024', { exported: false, doc: 'How many objects’ last append a client remembers for the CRC check of the next one.' })] : []),
    constant('SECRET_HEADERS', jsLiteral([ir.service.credentials.securityTokenHeader.toLowerCase()]), { exported: false, type: 'readonly string[]', doc: 'Headers besides Authorization whose values hooks never see.' }),
    typeAlias('CredentialsProvider', '() => Credentials | Promise<Credentials>', 'Returns credentials before each request (for rotating STS tokens).'),
    iface(
      'CallOptions',
      [
        {
          name: 'signal',
          type: 'AbortSignal',
          optional: true,
          doc: 'Cancels the call (retries, backoff and read-backs included): it ends with AbortError. For an append the outcome is then unknown.',
        },
        {
          name: 'abortSignal',
          type: 'AbortSignal',
          optional: true,
          doc: 'The same as `signal`, under the AWS SDK v3 name; either one cancels the call.',
        },
        {
          name: 'onUploadProgress',
          type: 'UploadProgressListener',
          optional: true,
          doc: 'Called as the request body goes out (appends and uploads), with the bytes handed to the connection so far (`loaded`) and the body size (`total`, undefined for a stream); a retried attempt starts again from 0. Costs nothing when not set.',
        },
        {
          name: 'operationTimeout',
          type: 'number',
          optional: true,
          doc: 'Overall limit of this call in milliseconds, retries, backoff and read-backs included (default: the client’s `operationTimeout`). When it passes the call ends with TimeoutError.',
        },
      ],
      'Per-call options of every operation.',
    ),
    iface(
      'AppendCallOptions',
      [
        {
          name: 'previousCrc',
          type: 'bigint',
          optional: true,
          doc: 'The object’s CRC-64 before this append (from the previous append or HeadObject). Enables the integrity check after position 0.',
        },
      ],
      'Per-call options of the append operation.',
      ['CallOptions'],
    ),
    part('client', 'call-types', { spaced: true }),
    iface(
      options,
      [
        { name: 'endpoint', type: 'string', optional: true, doc: `Service URL. Defaults to \`${ir.endpoint.template}\` for the region. Path-style addressing is used for ${pathStyleFor.join(' and ')} hosts.` },
        { name: 'region', type: 'string', optional: true, doc: `Region ID, part of the V4 signature scope (default \`${ir.service.defaults.region}\`).` },
        { name: 'bucket', type: 'string', optional: true, doc: 'Bucket used when an input does not name one.' },
        {
          name: 'credentials',
          type: 'Credentials | CredentialsProvider',
          optional: true,
          doc: `Static credentials, or a provider called before each request (for rotating STS tokens). Default: the environment variables \`${creds.accessKeyIdEnv}\`, \`${creds.accessKeySecretEnv}\` and \`${creds.securityTokenEnv}\`.`,
        },
        { name: 'signatureVersion', type: "'v4' | 'v1'", optional: true, doc: `Signature version (default \`${ir.auth.default}\`).` },
        {
          name: 'timeoutMs',
          type: 'number',
          optional: true,
          doc: `Time limit of one attempt, in milliseconds (default ${ir.service.defaults.timeoutMs}): the connection may be idle at most this long, and once the request is sent the response headers and an error body must arrive in full within it. A success body (GetObject) streams under the idle limit only.`,
        },
        {
          name: 'operationTimeout',
          type: 'number',
          optional: true,
          doc: 'Overall limit of every call, in milliseconds, retries, backoff and read-backs included (default: none). A call’s own `operationTimeout` overrides it. When it passes the call ends with TimeoutError.',
        },
        { name: 'retry', type: 'Partial<RetryPolicy>', optional: true, doc: 'Overrides of the model’s retry policy.' },
        { name: 'agent', type: 'HttpAgent | HttpsAgent', optional: true, doc: 'HTTP(S) agent; default is a keep-alive agent owned by the client (closed by `close()`).' },
        { name: 'clock', type: '() => Date', optional: true, doc: 'Current time for signing (tests pin it).' },
        { name: 'sleep', type: '(ms: number) => Promise<void>', optional: true, doc: 'How backoff waits (tests make it instant).' },
        { name: 'transport', type: 'Transport', optional: true, doc: 'Sends one request; default is node:http/https.' },
        {
          name: 'hooks',
          type: 'Hooks',
          optional: true,
          doc: 'Observers of every attempt (`onRequest`, `onResponse`, `onError`), for logging and metrics, beside the transport: they see copies with the Authorization signature and the session token replaced by `[redacted]`, never the body; one that throws does not change the call.',
        },
      ],
      `Options of ${client}.`,
    ),
    part('client', 'call-helpers', { spaced: true }),
    ...positionErrorFn,
    cls({
      name: client,
      doc: `${ir.service.title.en}.\n\n${ir.service.summary.en}`,
      fields: [
        { name: 'endpoint', type: 'URL', readonly: true, doc: 'The service endpoint.' },
        { name: 'region', type: 'string', readonly: true },
        { name: 'bucket', type: 'string | undefined', readonly: true, doc: 'Default bucket.' },
        { name: 'signatureVersion', type: "'v4' | 'v1'", readonly: true },
        { name: 'timeoutMs', type: 'number', readonly: true },
        { name: 'operationTimeout', type: 'number | undefined', readonly: true, doc: 'Overall limit of every call in milliseconds, when set.' },
        { name: 'retry', type: 'Readonly<RetryPolicy>', readonly: true },
        // An ECMAScript private field: util.inspect and console.log of a client never show the secret.
        { name: '#credentials', type: 'Credentials | CredentialsProvider | undefined', readonly: true },
        { name: '#checked', type: 'Credentials | undefined', doc: 'The static credentials’ values as last checked (a changed value is checked again).' },
        { name: 'clock', type: '() => Date', readonly: true, scope: Scope.Private },
        { name: 'sleep', type: '(ms: number) => Promise<void>', readonly: true, scope: Scope.Private },
        { name: 'transport', type: 'Transport', readonly: true, scope: Scope.Private },
        { name: 'ownTransport', type: 'NodeTransport | undefined', readonly: true, scope: Scope.Private },
        { name: 'pathStyle', type: 'boolean', readonly: true, scope: Scope.Private },
        { name: 'endpointProtocol', type: "'http:' | 'https:'", readonly: true, scope: Scope.Private, doc: 'The endpoint’s protocol and Host, read once (a URL getter makes a new string per request).' },
        { name: 'endpointHost', type: 'string', readonly: true, scope: Scope.Private },
        ...(appendOp
          ? [
              {
                name: 'lastAppends',
                type: 'Map<string, { next: number; crc: bigint }>',
                readonly: true,
                scope: Scope.Private,
                initializer: 'new Map()',
                doc: 'Where this client’s last append to each object ended, and the CRC-64 there (bucket, newline, key).',
              },
              {
                name: 'lastAppended',
                type: '{ bucket: string; key: string; next: number; crc: bigint } | undefined',
                scope: Scope.Private,
                doc: 'The entry in `lastAppends` of the last remembered append (the newest one), with its object’s bucket and key.',
              },
            ]
          : []),
      ],
      ctor: {
        params: [{ name: 'options', type: options, initializer: '{}' }],
        body: [
          'this.region = options.region ?? DEFAULT_REGION;',
          "const endpoint = options.endpoint ?? ENDPOINT_TEMPLATE.replace('{region}', this.region);",
          'try {',
          '  this.endpoint = new URL(endpoint);',
          '} catch (err) {',
          "  throw new ValidationError(`endpoint: ${JSON.stringify(endpoint)} is not a URL`, 'endpoint', 'url', { cause: err });",
          '}',
          "if (this.endpoint.protocol !== 'http:' && this.endpoint.protocol !== 'https:') throw new ValidationError('endpoint: must be an http or https URL', 'endpoint', 'protocol');",
          'this.endpointProtocol = this.endpoint.protocol;',
          'this.endpointHost = this.endpoint.host;',
          'this.bucket = options.bucket;',
          `this.signatureVersion = options.signatureVersion ?? ${str(ir.auth.default)};`,
          part('client', 'constructor-options'),
          "const host = this.endpoint.hostname.replace(/^\\[|\\]$/g, '');",
          "const kind = isIP(host) !== 0 ? 'ip' : host === 'localhost' ? 'localhost' : 'name';",
          `this.pathStyle = ${defaultPathStyle} || PATH_STYLE_FOR.includes(kind);`,
        ],
      },
      methods: [
        ...opMethods,
        ...presignMethods,
        {
          name: 'close',
          doc: 'Closes the idle keep-alive connections of the client’s own agent.',
          returns: 'void',
          body: ['this.ownTransport?.close();'],
        },
        {
          name: 'startCall',
          doc: 'Starts a call: one signal for the caller’s `signal` (AbortError) and the operation deadline (TimeoutError).',
          scope: Scope.Private,
          params: [{ name: 'options', type: 'CallOptions' }],
          returns: 'Call',
          body: [
            part('client', 'start-call'),
          ],
        },
        {
          name: 'pause',
          doc: 'A backoff wait that ends early, with the abort reason, when the call is cancelled or times out.',
          scope: Scope.Private,
          async: true,
          params: [
            { name: 'ms', type: 'number' },
            { name: 'call', type: 'Call' },
          ],
          returns: 'Promise<void>',
          body: [
            part('client', 'pause'),
          ],
        },
        {
          name: 'resolveCredentials',
          doc: `Static credentials, the provider’s, or the environment’s; each value is checked like a header value before anything is sent. Static credentials whose values were checked before (the same strings) come back at once, not checked again.`,
          scope: Scope.Private,
          returns: 'Credentials | Promise<Credentials>',
          body: [
            part('client', 'resolve-credentials'),
          ],
        },
        {
          name: 'checkCredentials',
          doc: '`resolveCredentials` for credentials not checked yet, or a provider’s.',
          scope: Scope.Private,
          async: true,
          params: [{ name: 'configured', type: 'Credentials | CredentialsProvider | undefined' }],
          returns: 'Promise<Credentials>',
          body: [
            part('client', 'check-credentials-start', { blankAfter: true }),
            "if (typeof credentials !== 'object' || credentials === null || (!credentials.accessKeyId && !credentials.accessKeySecret)) {",
            `  throw new ValidationError(${str(`credentials: none configured (pass credentials, or set ${creds.accessKeyIdEnv} and ${creds.accessKeySecretEnv})`)}, 'credentials', 'required');`,
            '}',
            `checkCredential(configured ? 'accessKeyId' : ${str(creds.accessKeyIdEnv)}, credentials.accessKeyId);`,
            `checkCredential(configured ? 'accessKeySecret' : ${str(creds.accessKeySecretEnv)}, credentials.accessKeySecret);`,
            `if (credentials.securityToken !== undefined && credentials.securityToken !== '') checkCredential(configured ? 'securityToken' : ${str(creds.securityTokenEnv)}, credentials.securityToken);`,
            part('client', 'check-credentials-end'),
          ],
        },
        {
          name: 'bucketOf',
          scope: Scope.Private,
          params: [{ name: 'input', type: 'Record<string, unknown>' }],
          returns: 'string',
          body: [
            "const bucket = (input.bucket as string | undefined) ?? this.bucket;",
            "if (bucket === undefined || bucket === '') throw new ValidationError('bucket: is required (in the input or the client options)', 'bucket', 'required');",
            'return bucket;',
          ],
        },
        {
          name: 'backoff',
          doc: 'Full-jitter exponential backoff, at least the Retry-After the service asked for.',
          scope: Scope.Private,
          params: [
            { name: 'attempt', type: 'number' },
            { name: 'err', type: 'unknown' },
          ],
          returns: 'number',
          body: [
            part('client', 'backoff'),
          ],
        },
        {
          name: 'retryable',
          scope: Scope.Private,
          params: [
            { name: 'spec', type: 'OperationSpec' },
            { name: 'input', type: 'Record<string, unknown>' },
            { name: 'err', type: 'unknown' },
            { name: 'attempt', type: 'number' },
          ],
          returns: 'boolean',
          body: [
            part('client', 'retryable'),
          ],
        },
        {
          name: 'invoke',
          doc: 'Validates, then sends with retries for idempotent operations.',
          scope: Scope.Private,
          async: true,
          params: [
            { name: 'spec', type: 'OperationSpec' },
            { name: 'input', type: 'Record<string, unknown>' },
            { name: 'call', type: 'Call' },
          ],
          returns: 'Promise<Record<string, unknown>>',
          body: [
            part('client', 'invoke'),
          ],
        },
        {
          name: 'attempt',
          doc: 'One signed request and its answer.',
          scope: Scope.Private,
          async: true,
          params: [
            { name: 'spec', type: 'OperationSpec' },
            { name: 'input', type: 'Record<string, unknown>' },
            { name: 'bucket', type: 'string' },
            { name: 'crc', type: 'Crc64 | undefined' },
            { name: 'call', type: 'Call' },
            { name: 'counter', type: '{ bytes: number }', optional: true },
          ],
          returns: 'Promise<Record<string, unknown>>',
          body: [
            part('client', 'attempt'),
          ],
        },
        {
          name: 'send',
          doc: 'Sends through the transport; a transport that ignores `request.signal` still cannot outlive the call.',
          scope: Scope.Private,
          params: [
            { name: 'request', type: 'TransportRequest' },
            { name: 'call', type: 'Call' },
          ],
          returns: 'Promise<TransportResponse>',
          body: [
            part('client', 'send'),
          ],
        },
        ...appendMethods,
      ],
    }),
    fn({
      name: 'fromEnvironment',
      doc: `Credentials from \`${creds.accessKeyIdEnv}\`, \`${creds.accessKeySecretEnv}\` and \`${creds.securityTokenEnv}\`.`,
      returns: 'Credentials',
      body: [
        `const accessKeyId = process.env[${str(creds.accessKeyIdEnv)}] ?? '';`,
        `const accessKeySecret = process.env[${str(creds.accessKeySecretEnv)}] ?? '';`,
        `const securityToken = process.env[${str(creds.securityTokenEnv)}];`,
        part('client', 'environment-credentials'),
      ],
    }),
  ];
}
