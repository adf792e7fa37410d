/**
 * out/ts/src/body.ts and out/ts/src/transport.ts: request bodies (string, bytes, stream, file)
 * streamed through the CRC, and the default transport on node:http/https with a keep-alive
 * agent. A transport is one function, so tests inject their own and nothing touches the network.
 */
import { cls, constant, fn, iface, importFrom, Scope, typeAlias, type Statement } from '../vocabulary.js';

export function bodyModule(): Statement[] {
  return [
    importFrom('node:fs', ['createReadStream']),
    importFrom('node:fs/promises', ['stat']),
    importFrom('node:stream', ['Readable', 'Transform']),
    importFrom('./crc64.js', ['Crc64']),
    iface('FileBody', [{ name: 'path', type: 'string', readonly: true, doc: 'Path of a local file whose bytes are sent, streamed.' }], 'A body read from a file; make one with `fromFile(path)`.'),
    typeAlias(
      'BodySource',
      'string | Uint8Array | Readable | FileBody',
      'A request body: a string (sent as UTF-8), bytes, a readable stream (sent chunked, never buffered whole), or a file (streamed, with its size as Content-Length).',
    ),
    fn({ name: 'fromFile', doc: 'A body streamed from the file at `path`.', params: [{ name: 'path', type: 'string' }], returns: 'FileBody', body: ['return { path };'] }),
    fn({
      name: 'isFileBody',
      params: [{ name: 'body', type: 'unknown' }],
      returns: 'body is FileBody',
      body: [
        "return typeof body === 'object' && body !== null && !(body instanceof Uint8Array) && !(body instanceof Readable) && typeof (body as { path?: unknown }).path === 'string';",
      ],
    }),
    fn({
      name: 'isBodySource',
      params: [{ name: 'body', type: 'unknown' }],
      returns: 'body is BodySource',
      body: ["return typeof body === 'string' || body instanceof Uint8Array || body instanceof Readable || isFileBody(body);"],
    }),
    fn({
      name: 'isReplayable',
      doc: 'Whether the same bytes can be sent again (a stream can be read only once).',
      params: [{ name: 'body', type: 'BodySource | undefined' }],
      returns: 'boolean',
      body: ['return !(body instanceof Readable);'],
    }),
    iface(
      'PreparedBody',
      [
        { name: 'data', type: 'Uint8Array | Readable | undefined' },
        { name: 'length', type: 'number | undefined', doc: 'Known size, sent as Content-Length; unknown means chunked.' },
      ],
      'A body ready for one attempt.',
    ),
    fn({
      name: 'knownLength',
      doc: 'The body size when it is known without reading it.',
      async: true,
      params: [{ name: 'body', type: 'BodySource | undefined' }],
      returns: 'Promise<number | undefined>',
      body: [
        'if (body === undefined) return 0;',
        "if (typeof body === 'string') return Buffer.byteLength(body, 'utf8');",
        'if (body instanceof Uint8Array) return body.byteLength;',
        'if (body instanceof Readable) return undefined;',
        'return (await stat(body.path)).size;',
      ],
    }),
    constant('SLICE_BYTES', '1024 * 1024', { exported: false, doc: 'Slice size for large in-memory bodies.' }),
    fn({
      name: 'slices',
      exported: false,
      generator: true,
      doc: 'Yields `bytes` in slices, feeding each to the CRC just before it is sent.',
      params: [
        { name: 'bytes', type: 'Uint8Array' },
        { name: 'crc', type: 'Crc64' },
      ],
      returns: 'Generator<Uint8Array>',
      body: [
        'for (let offset = 0; offset < bytes.byteLength; offset += SLICE_BYTES) {',
        '  const slice = bytes.subarray(offset, Math.min(offset + SLICE_BYTES, bytes.byteLength));',
        '  crc.update(slice);',
        '  yield slice;',
        '}',
      ],
    }),
    fn({
      name: 'prepareBody',
      doc: 'Opens the body for one attempt, feeding every byte to `crc` as it goes out.',
      async: true,
      params: [
        { name: 'body', type: 'BodySource | undefined' },
        { name: 'crc', type: 'Crc64 | undefined' },
      ],
      returns: 'Promise<PreparedBody>',
      body: [
        'if (body === undefined) return { data: undefined, length: 0 };',
        "if (typeof body === 'string' || body instanceof Uint8Array) {",
        "  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;",
        '  if (!crc || bytes.byteLength <= SLICE_BYTES) {',
        '    crc?.update(bytes);',
        '    return { data: bytes, length: bytes.byteLength };',
        '  }',
        '  // Large buffers go out slice by slice, so the CRC of one slice overlaps the sending of the last.',
        '  return { data: Readable.from(slices(bytes, crc), { objectMode: false }), length: bytes.byteLength };',
        '}',
        'if (body instanceof Readable) return { data: throughCrc(body, crc), length: undefined };',
        'const size = (await stat(body.path)).size;',
        "return { data: throughCrc(createReadStream(body.path, { highWaterMark: 1024 * 1024 }), crc), length: size };",
      ],
    }),
    fn({
      name: 'throughCrc',
      exported: false,
      params: [
        { name: 'source', type: 'Readable' },
        { name: 'crc', type: 'Crc64 | undefined' },
      ],
      returns: 'Readable',
      body: [
        'if (!crc) return source;',
        'const tap = new Transform({',
        '  transform(chunk: Buffer | string, _encoding, callback) {',
        "    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;",
        '    crc.update(bytes);',
        '    callback(null, bytes);',
        '  },',
        '});',
        "source.on('error', (err) => tap.destroy(err));",
        'return source.pipe(tap);',
      ],
    }),
    fn({
      name: 'crcOfBody',
      doc: 'CRC-64 of a replayable body continued from `previous`, read in streaming fashion for files.',
      async: true,
      params: [
        { name: 'body', type: 'BodySource | undefined' },
        { name: 'previous', type: 'bigint' },
      ],
      returns: 'Promise<bigint>',
      body: [
        'const crc = new Crc64(previous);',
        'const prepared = await prepareBody(body, crc);',
        'if (prepared.data instanceof Readable) for await (const _chunk of prepared.data) void _chunk;',
        'return crc.digest();',
      ],
    }),
  ];
}

export function transportModule(): Statement[] {
  return [
    importFrom('node:http', ['Agent as HttpAgent', 'request as httpRequest', 'IncomingHttpHeaders']),
    importFrom('node:https', ['Agent as HttpsAgent', 'request as httpsRequest']),
    importFrom('node:stream', ['Readable']),
    importFrom('./errors.js', ['NetworkError', 'SdkError', 'TimeoutError']),
    iface(
      'TransportRequest',
      [
        { name: 'method', type: 'string' },
        { name: 'protocol', type: "'http:' | 'https:'" },
        { name: 'host', type: 'string', doc: 'Host header value: hostname, and `:port` when not the default.' },
        { name: 'path', type: 'string', doc: 'Encoded path and query, exactly as sent.' },
        { name: 'headers', type: 'Record<string, string>', doc: 'Lower-case names.' },
        { name: 'body', type: 'Uint8Array | Readable | undefined' },
        { name: 'timeoutMs', type: 'number', doc: 'Idle time after which the attempt fails with TimeoutError.' },
      ],
      'One HTTP exchange, fully prepared and signed.',
    ),
    iface(
      'TransportResponse',
      [
        { name: 'status', type: 'number' },
        { name: 'headers', type: 'Record<string, string>', doc: 'Lower-case names.' },
        { name: 'body', type: 'Readable' },
      ],
      'The answer: status, headers and the body as a stream.',
    ),
    typeAlias('Transport', '(request: TransportRequest) => Promise<TransportResponse>', 'Sends one request. Inject your own for tests, proxies or instrumentation.'),
    fn({
      name: 'flattenHeaders',
      params: [{ name: 'headers', type: 'IncomingHttpHeaders' }],
      returns: 'Record<string, string>',
      body: [
        'const out: Record<string, string> = {};',
        "for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;",
        'return out;',
      ],
    }),
    constant('DEFAULT_AGENT_OPTIONS', '{ keepAlive: true, maxSockets: 64 }', { exported: false, doc: 'Reused connections: one TLS handshake per socket, not per append.' }),
    cls({
      name: 'NodeTransport',
      doc: 'The default transport: node:http/https with keep-alive agents, streaming request bodies with backpressure.',
      fields: [
        { name: 'httpAgent', type: 'HttpAgent', readonly: true },
        { name: 'httpsAgent', type: 'HttpsAgent', readonly: true },
      ],
      ctor: {
        params: [{ name: 'agent', type: 'HttpAgent | HttpsAgent', optional: true }],
        body: [
          'this.httpAgent = agent && !(agent instanceof HttpsAgent) ? agent : new HttpAgent(DEFAULT_AGENT_OPTIONS);',
          'this.httpsAgent = agent instanceof HttpsAgent ? agent : new HttpsAgent(DEFAULT_AGENT_OPTIONS);',
        ],
      },
      methods: [
        {
          name: 'send',
          doc: 'Sends the request; resolves when the response headers arrive.',
          params: [{ name: 'request', type: 'TransportRequest' }],
          returns: 'Promise<TransportResponse>',
          body: [
            'return new Promise<TransportResponse>((resolve, reject) => {',
            "  const https = request.protocol === 'https:';",
            '  const target = new URL(`${request.protocol}//${request.host}`);',
            '  let bodyError: unknown;',
            '  const req = (https ? httpsRequest : httpRequest)(',
            '    {',
            '      method: request.method,',
            '      hostname: target.hostname,',
            "      port: target.port || undefined,",
            '      path: request.path,',
            '      headers: request.headers,',
            '      agent: https ? this.httpsAgent : this.httpAgent,',
            '    },',
            '    (res) => resolve({ status: res.statusCode ?? 0, headers: flattenHeaders(res.headers), body: res }),',
            '  );',
            '  req.setTimeout(request.timeoutMs, () => req.destroy(new TimeoutError(`no answer within ${request.timeoutMs} ms`, request.timeoutMs)));',
            "  req.on('error', (err) => {",
            '    if (bodyError !== undefined) reject(bodyError);',
            '    else reject(err instanceof SdkError ? err : new NetworkError(`${request.method} ${request.host}: ${err.message}`, { cause: err }));',
            '  });',
            '  const body = request.body;',
            '  if (body === undefined) req.end();',
            '  else if (body instanceof Uint8Array) req.end(body);',
            '  else {',
            "    body.on('error', (err) => {",
            '      bodyError = err;',
            '      req.destroy(err);',
            '    });',
            '    body.pipe(req);',
            '  }',
            '});',
          ],
        },
        {
          name: 'close',
          doc: 'Closes idle keep-alive sockets.',
          returns: 'void',
          body: ['this.httpAgent.destroy();', 'this.httpsAgent.destroy();'],
        },
      ],
    }),
    fn({
      name: 'readText',
      doc: 'Reads a (small) response body as UTF-8, at most `limit` bytes.',
      async: true,
      params: [
        { name: 'body', type: 'Readable' },
        { name: 'limit', type: 'number', initializer: '1024 * 1024' },
      ],
      returns: 'Promise<string>',
      body: [
        'const chunks: Buffer[] = [];',
        'let size = 0;',
        'for await (const chunk of body) {',
        "  const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);",
        '  if (size < limit) chunks.push(bytes);',
        '  size += bytes.length;',
        '}',
        "return Buffer.concat(chunks).toString('utf8');",
      ],
    }),
  ];
}

export { Scope };
