/**
 * out/ts/src/appender.ts: the helper for the real use case (logs, sensor streams), following
 * docs/wire-contract.md "The appender": open with HEAD (refuse a non-appendable object), then
 * append chunk after chunk tracking position and CRC; unknown outcomes are resolved by the
 * client's append path, which reads the object back instead of resending blindly.
 */
import type { IrModel } from '../../../ir/types.js';
import { cls, fn, iface, importFrom, Scope, str, templateText, type Statement } from '../helpers.js';
import { part } from '../parts.js';

export function appenderModule(ir: IrModel): Statement[] | undefined {
  const ap = ir.protocol.append;
  if (!ap) return undefined;
  const { operation: op, probe } = ap;
  const client = ir.service.clientNames.ts;
  const bucket = ap.bucket.names.ts;
  const key = ap.key.names.ts;
  const body = ap.body.names.ts;
  const position = ap.position.names.ts;
  const next = ap.nextPosition.names.ts;
  const crc = ap.crc.names.ts;
  const probeNext = ap.probeNextPosition.names.ts;
  const probeCrc = ap.probeCrc?.names.ts;
  const probeLength = ap.probeLength?.names.ts;
  const typeMember = ap.objectType?.member;
  const appendable = ap.objectType?.appendable;
  const wrongType = ap.notAppendable;
  // The model's checks (M030) require both errors; a missing one here is a bug in those checks.
  if (!wrongType || !ap.notFound) throw new Error('internal error: the append protocol reached the TypeScript emitter without its not-appendable or not-found error');
  /** The status of an absent object: the appender starts it at position 0. */
  const notFound = ap.notFound.status;
  const probeBucket = ap.probeBucket.names.ts;
  const probeKey = ap.probeKey.names.ts;
  const createKeys = op.input.filter((m) => m.firstAppendOnly).map((m) => str(m.names.ts));

  return [
    importFrom('./append-stream.js', ['AppendStream']),
    importFrom('./append-stream.js', ['AppendStreamOptions'], true),
    importFrom('./body.js', ['crcOfBody', 'isReplayable', 'knownLength']),
    importFrom('./body.js', ['BodySource', 'UploadProgressListener'], true),
    importFrom('./client.js', ['isUnknownOutcome']),
    importFrom('./client.js', [client, 'CallOptions'], true),
    importFrom('./errors.js', ['AbortError', 'ProtocolError', 'ServiceError', wrongType.names.ts]),
    importFrom('./models.js', [op.names.input.ts, op.names.output.ts], true),
    iface(
      'AppendProgress',
      [
        { name: 'chunks', type: 'number', doc: 'Chunks appended by this appender so far.' },
        { name: 'chunkBytes', type: 'number', doc: 'Bytes of the chunk just appended.' },
        { name: 'bytes', type: 'number', doc: 'Bytes appended by this appender so far.' },
        { name: 'position', type: 'number', doc: 'The object’s length now: where the next chunk goes.' },
        { name: 'crc', type: 'bigint | undefined', doc: 'CRC-64 of the whole object now.' },
      ],
      'Reported after every chunk.',
    ),
    iface(
      'AppenderOptions',
      [
        { name: 'bucket', type: 'string', optional: true, doc: 'Bucket; defaults to the client’s.' },
        { name: 'key', type: 'string', doc: 'Object key.' },
        {
          name: 'create',
          type: `Pick<${op.names.input.ts}, ${createKeys.join(' | ') || 'never'}>`,
          optional: true,
          doc: 'Headers for the object’s creation, sent only with the append at position 0.',
        },
        { name: 'onProgress', type: '(progress: AppendProgress) => void', optional: true, doc: 'Called after every chunk.' },
        {
          name: 'abortSignal',
          type: 'AbortSignal',
          optional: true,
          doc: 'Cancels the open and every append of this appender (a call’s own signal also does). A cancelled append is read back before its AbortError is thrown, so `position`, `crc` and `lastAbort` then say what is stored.',
        },
        {
          name: 'onUploadProgress',
          type: 'UploadProgressListener',
          optional: true,
          doc: 'Called as each chunk goes out (`loaded` of the chunk’s `total` bytes), during the transfer; a call’s own `onUploadProgress` takes its place.',
        },
      ],
      'What to append to.',
    ),
    iface(
      'AbortedAppend',
      [
        { name: 'landed', type: 'boolean', doc: 'Whether the cancelled chunk is stored (read back after the cancellation).' },
        { name: 'position', type: 'number', doc: 'The object’s length after the read-back: where the next chunk goes.' },
        { name: 'crc', type: 'bigint | undefined', doc: 'CRC-64 of the whole object after the read-back.' },
      ],
      'What a cancelled append left behind.',
    ),
    cls({
      name: 'Appender',
      doc: 'Appends chunk after chunk to one object, tracking its position and CRC-64. Use `Appender.open`.',
      fields: [
        { name: 'currentPosition', type: 'number', scope: Scope.Private },
        { name: 'currentCrc', type: 'bigint | undefined', scope: Scope.Private },
        { name: 'chunks', type: 'number', scope: Scope.Private, initializer: '0' },
        { name: 'bytes', type: 'number', scope: Scope.Private, initializer: '0' },
        { name: 'tail', type: 'Promise<unknown>', scope: Scope.Private, initializer: 'Promise.resolve()', doc: 'The last queued append.' },
        { name: 'queued', type: 'number', scope: Scope.Private, initializer: '0', doc: 'Appends queued and not yet ended.' },
        {
          name: 'unresolved',
          type: '{ position: number; chunk: BodySource; crc: bigint | undefined } | undefined',
          scope: Scope.Private,
          doc: 'A chunk whose append ended with an unknown outcome: checked for before the next append.',
        },
        { name: 'aborted', type: 'AbortedAppend | undefined', scope: Scope.Private, doc: 'What the last cancelled append left behind.' },
      ],
      ctor: {
        params: [
          { name: 'client', type: client, scope: Scope.Private, readonly: true },
          { name: 'options', type: 'AppenderOptions', scope: Scope.Private, readonly: true },
          { name: 'position', type: 'number' },
          { name: 'crc', type: 'bigint | undefined' },
        ],
        body: ['this.currentPosition = position;', 'this.currentCrc = crc;'],
      },
      methods: [
        {
          name: 'open',
          isStatic: true,
          async: true,
          doc: 'HEADs the object: absent means position 0; an object that is not appendable is refused; an answer without a usable length is a ProtocolError. `call` takes a `signal` and an `operationTimeout` for this HEAD.',
          params: [
            { name: 'client', type: client },
            { name: 'options', type: 'AppenderOptions' },
            { name: 'call', type: 'CallOptions', initializer: '{}' },
          ],
          returns: 'Promise<Appender>',
          body: [
            'try {',
            `  const head = await client.${probe.names.ts}({ ${probeBucket}: options.bucket ?? client.bucket, ${probeKey}: options.key }, withAppenderSignal(call, options.abortSignal));`,
            ...(typeMember
              ? [
                  `  if (head.${typeMember.names.ts} !== undefined && head.${typeMember.names.ts} !== ${str(appendable!)}) {`,
                  `    throw new ${wrongType.names.ts}({ code: ${str(wrongType.code)}, status: ${wrongType.status}, message: \`the object is \${head.${typeMember.names.ts}}, not ${templateText(appendable!)}\`, headers: {}, fields: {} });`,
                  '  }',
                ]
              : []),
            `  const position = head.${probeNext} ?? ${probeLength ? `head.${probeLength}` : '0'};`,
            `  return new Appender(client, options, position, ${probeCrc ? `head.${probeCrc} ?? (position === 0 ? 0n : undefined)` : 'position === 0 ? 0n : undefined'});`,
            '} catch (err) {',
            `  if (err instanceof ServiceError && err.status === ${notFound}) return new Appender(client, options, 0, 0n);`,
            '  throw err;',
            '}',
          ],
        },
        { name: 'get position', returns: 'number', doc: 'Where the next chunk goes (the object’s length).', body: ['return this.currentPosition;'] },
        { name: 'get crc', returns: 'bigint | undefined', doc: 'CRC-64 of the whole object as far as this appender knows.', body: ['return this.currentCrc;'] },
        {
          name: 'get lastAbort',
          returns: 'AbortedAppend | undefined',
          doc: 'What the last cancelled append left behind, read back after its cancellation (undefined when none was cancelled, or the read-back failed: then the next append checks first).',
          body: ['return this.aborted;'],
        },
        {
          name: 'append',
          doc: 'Appends one chunk at the current position and checks the answer (next position, CRC-64). Calls made without waiting are queued, so chunks land in call order. Strings, bytes and files are recovered safely after an unknown outcome: the client reads the object back; when that is impossible the error is thrown (NetworkError, TimeoutError, AbortError, ProtocolError) and the appender remembers the chunk, and its next append first checks whether that chunk is stored and moves past it if so. When that next chunk has the same length and CRC-64 as the remembered one, it is the caller retrying it: stored, the append returns success without sending it again (the position advances once); verified absent, it is sent. (Bytes really meant to be written twice after an error cannot be told apart from a retry: append them again after the retry has succeeded.) A stream cannot be resent or checked, so its unknown outcome is thrown as is. ' + ap.positionError.error.names.ts + ' always means this chunk is not stored: reopening and appending again never duplicates it. `call` takes a `signal` and an `operationTimeout`.',
          params: [
            { name: 'chunk', type: 'BodySource' },
            { name: 'call', type: 'CallOptions', initializer: '{}' },
          ],
          returns: `Promise<${op.names.output.ts}>`,
          body: [
            '// With nothing queued the append starts now, without a hop through the queue’s promise. Each append',
            '// counts itself out of the queue as it ends (appendNow), so the queue holds its promise as it is.',
            'const options = this.callOptions(call);',
            'let result: Promise<' + op.names.output.ts + '>;',
            'if (this.queued === 0) result = this.appendNow(chunk, options);',
            'else {',
            '  const now = () => this.appendNow(chunk, options);',
            '  result = this.tail.then(now, now);',
            '}',
            'this.queued++;',
            'this.tail = result;',
            'return result;',
          ],
        },
        {
          name: 'whenIdle',
          async: true,
          doc: 'Resolves once every append queued so far has ended (succeeded, failed, or been cancelled and read back); never rejects.',
          returns: 'Promise<void>',
          body: [
            'try {',
            '  await this.tail;',
            '} catch {',
            '  // That append’s own caller gets its error.',
            '}',
          ],
        },
        {
          name: 'writable',
          doc: 'A Writable onto this object: pipe a log stream into it. Writes are gathered and appended in batches of at most `maxBytes` (default 1 MiB), at the latest `maxDelayMs` (default 1000) after the first byte of a batch; a write that fills a batch waits for its append (back-pressure). `flush()` sends now, `end()` sends the rest. Every batch goes through `append`, with its read-back recovery; a failure or a cancellation through `signal` destroys the stream, and `position`/`crc` (and `lastAbort`) say what is stored.',
          params: [{ name: 'options', type: 'AppendStreamOptions', initializer: '{}' }],
          returns: 'AppendStream',
          body: [part('appender', 'writable')],
        },
        {
          name: 'appendNow',
          scope: Scope.Private,
          async: true,
          params: [
            { name: 'chunk', type: 'BodySource' },
            { name: 'call', type: 'CallOptions' },
          ],
          returns: `Promise<${op.names.output.ts}>`,
          body: [
            '// Counted out of the queue (`append`) when it ends, whichever way.',
            'try {',
            ...[
              `const ${bucket} = this.options.bucket ?? this.client.bucket;`,
              'const pending = this.unresolved;',
              'if (pending) {',
              '  // The wire contract’s step 4: is the chunk whose outcome stayed unknown stored after all?',
              '  // A chunk with its length and CRC-64 is the caller retrying it: sent again only when it is not stored.',
              '  const retry = await sameChunk(pending.chunk, chunk);',
              `  const found = await this.client.checkAppended({ ${bucket}, ${key}: this.options.key, ${position}: pending.position, ${body}: pending.chunk }, pending.crc === undefined ? call : { ...call, previousCrc: pending.crc });`,
              '  this.unresolved = undefined;',
              '  if (found.landed) {',
              `    this.advance(pending.position, found.output.${next}, found.output.${crc});`,
              '    if (retry) return found.output;',
              '  }',
              '}',
              '// The creation headers go only with position 0; other appends get a literal of one shape, no spread.',
              'const create = this.currentPosition === 0 ? this.options.create : undefined;',
              `let input: ${op.names.input.ts};`,
              'if (create) {',
              `  input = { ...create, ${bucket}, ${key}: this.options.key, ${position}: this.currentPosition, ${body}: chunk };`,
              '} else {',
              `  input = { ${bucket}, ${key}: this.options.key, ${position}: this.currentPosition, ${body}: chunk };`,
              '}',
              'const before = this.currentPosition;',
              'const crc = this.currentCrc;',
              `let output: ${op.names.output.ts};`,
              'try {',
              `  output = await this.client.${op.names.ts}(input, crc === undefined ? call : { ...call, previousCrc: crc });`,
              '} catch (err) {',
              '  if (isReplayable(chunk) && (isUnknownOutcome(err) || err instanceof ProtocolError)) this.unresolved = { position: before, chunk, crc };',
              '  if (err instanceof AbortError) await this.readBackAfterAbort(before);',
              '  throw err;',
              '}',
              `this.advance(before, output.${next}, output.${crc});`,
              'return output;',
            ].map((line) => `  ${line}`),
            '} finally {',
            '  this.queued--;',
            '}',
          ],
        },
        {
          name: 'callOptions',
          scope: Scope.Private,
          doc: 'A call’s options with the appender’s signal and progress listener added.',
          params: [{ name: 'call', type: 'CallOptions' }],
          returns: 'CallOptions',
          body: [
            part('appender', 'call-options'),
          ],
        },
        {
          name: 'readBackAfterAbort',
          scope: Scope.Private,
          async: true,
          doc: 'After a cancelled append, reads the object back in a fresh call (the cancelled signal would stop it), bounded by the client’s per-attempt timeout, so position and CRC are what is stored: a string, bytes or file is located exactly (HEAD, then its range when needed); a stream’s bytes are unknown, so the stored length is taken as is (this appender is the object’s only writer). A failed read-back leaves the chunk to be checked before the next append.',
          params: [
            { name: 'before', type: 'number' },
          ],
          returns: 'Promise<void>',
          body: [
            'this.aborted = undefined;',
            `const ${bucket} = this.options.bucket ?? this.client.bucket;`,
            'const bounded: CallOptions = { operationTimeout: this.client.timeoutMs };',
            'try {',
            '  const pending = this.unresolved;',
            '  if (pending) {',
            `    const found = await this.client.checkAppended({ ${bucket}, ${key}: this.options.key, ${position}: pending.position, ${body}: pending.chunk }, pending.crc === undefined ? bounded : { ...bounded, previousCrc: pending.crc });`,
            '    this.unresolved = undefined;',
            `    if (found.landed) this.advance(before, found.output.${next}, found.output.${crc});`,
            '    this.aborted = { landed: found.landed, position: this.currentPosition, crc: this.currentCrc };',
            '    return;',
            '  }',
            `  const head = await this.client.${probe.names.ts}({ ${probeBucket}: ${bucket}, ${probeKey}: this.options.key }, bounded);`,
            `  const stored = head.${probeNext} ?? ${probeLength ? `head.${probeLength}` : 'before'};`,
            `  if (stored !== before) this.advance(before, stored, ${probeCrc ? `head.${probeCrc}` : 'undefined'});`,
            '  this.aborted = { landed: stored !== before, position: this.currentPosition, crc: this.currentCrc };',
            '} catch {',
            '  // The outcome stays unknown: a replayable chunk is still in `unresolved`, checked before the next append.',
            '}',
          ],
        },
        {
          name: 'advance',
          scope: Scope.Private,
          params: [
            { name: 'before', type: 'number' },
            { name: 'next', type: 'number' },
            { name: 'crc', type: 'bigint | undefined' },
          ],
          returns: 'void',
          body: [
            'this.currentPosition = next;',
            'this.currentCrc = crc;',
            'this.chunks += 1;',
            'this.bytes += next - before;',
            'this.options.onProgress?.({ chunks: this.chunks, chunkBytes: next - before, bytes: this.bytes, position: next, crc });',
          ],
        },
      ],
    }),
    fn({
      name: 'sameChunk',
      exported: false,
      async: true,
      doc: 'Whether `chunk` has the length and CRC-64 of `unresolved` (the wire contract’s test for a caller retrying a chunk); a stream cannot be compared without consuming it, so it never is.',
      params: [
        { name: 'unresolved', type: 'BodySource' },
        { name: 'chunk', type: 'BodySource' },
      ],
      returns: 'Promise<boolean>',
      body: [
        'if (!isReplayable(chunk)) return false;',
        'if ((await knownLength(unresolved)) !== (await knownLength(chunk))) return false;',
        'return (await crcOfBody(unresolved, 0n)) === (await crcOfBody(chunk, 0n));',
      ],
    }),
    fn({
      name: 'withAppenderSignal',
      exported: false,
      doc: 'A call’s options with the appender’s signal added, in whichever of `signal` and `abortSignal` the call left free.',
      params: [
        { name: 'call', type: 'CallOptions' },
        { name: 'signal', type: 'AbortSignal | undefined' },
      ],
      returns: 'CallOptions',
      body: [
        'if (!signal) return call;',
        'if (!call.signal) return { ...call, signal };',
        'if (!call.abortSignal) return { ...call, abortSignal: signal };',
        'return call;',
      ],
    }),
    fn({
      name: 'openAppender',
      doc: 'Shorthand for `Appender.open(client, options)`.',
      params: [
        { name: 'client', type: client },
        { name: 'options', type: 'AppenderOptions' },
      ],
      returns: 'Promise<Appender>',
      body: ['return Appender.open(client, options);'],
    }),
  ];
}
