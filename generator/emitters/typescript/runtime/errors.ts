/**
 * out/ts/src/errors.ts: one class per modeled error code under ServiceError, plus the errors
 * that are not answers from the service (validation, network, timeout, integrity, protocol),
 * kept as separate classes so a caller can tell "the service said no" from "we do not know".
 */
import type { IrErrorField, IrModel } from '../../../ir/types.js';
import { cls, constant, fn, iface, Scope, str, type FieldSpec, type Statement } from '../vocabulary.js';

export function fieldType(type: IrErrorField['type']): string {
  return type === 'int64' ? 'number' : type === 'uint64' ? 'bigint' : type === 'boolean' ? 'boolean' : 'string';
}

export function errorsModule(ir: IrModel): Statement[] {
  const simple = (name: string, base: string, doc: string, fields: FieldSpec[] = [], ctorParams: { name: string; type: string }[] = [], ctorBody: string[] = []) =>
    cls({
      name,
      extends: base,
      doc,
      fields: [{ name: 'name', type: 'string', initializer: str(name), override: true }, ...fields],
      ctor: {
        params: [{ name: 'message', type: 'string' }, ...ctorParams, { name: 'options', type: '{ cause?: unknown }', optional: true }],
        body: ['super(message, options);', ...ctorBody],
      },
    });

  const perCode = ir.errors.map((e) =>
    cls({
      name: e.names.ts,
      extends: 'ServiceError',
      doc: [e.doc.en, `Remedy: ${e.remedy.en}`, `Code \`${e.code}\`, HTTP ${e.status}${e.ec ? `, EC ${e.ec}` : ''}; ${e.retryable ? 'retryable' : 'not retryable'}.`].join('\n\n'),
      fields: [
        { name: 'name', type: 'string', initializer: str(e.names.ts), override: true },
        { name: 'code', type: 'string', isStatic: true, readonly: true, initializer: str(e.code), doc: 'The service error code this class stands for.' },
        ...e.fields.map((f) => ({ name: f.names.ts, type: fieldType(f.type), readonly: true, optional: true, doc: f.doc.en })),
      ],
      ctor: {
        params: [{ name: 'details', type: 'ServiceErrorDetails' }],
        body: [
          `super(details, ${e.retryable});`,
          ...e.fields.map((f) => {
            const raw = f.headerLower ? `details.headers[${str(f.headerLower)}]` : f.xml ? `details.fields[${str(f.xml)}]` : 'undefined';
            const conv = f.type === 'int64' ? 'toInt64' : f.type === 'uint64' ? 'toUint64' : f.type === 'boolean' ? 'toBoolean' : 'toText';
            return `this.${f.names.ts} = ${conv}(${raw});`;
          }),
        ],
      },
    }),
  );

  // Codes a body-less answer (HEAD) maps to when there is no x-oss-err header: the contract's
  // 404 and 403 choices, plus every status that only one modeled error uses.
  const byStatus = new Map<number, string[]>();
  for (const e of ir.errors) byStatus.set(e.status, [...(byStatus.get(e.status) ?? []), e.code]);
  const statusCodes: [number, string][] = [];
  for (const [status, codes] of [...byStatus.entries()].sort((a, b) => a[0] - b[0])) {
    if (status === 404 && codes.includes('NoSuchKey')) statusCodes.push([status, 'NoSuchKey']);
    else if (status === 403 && codes.includes('AccessDenied')) statusCodes.push([status, 'AccessDenied']);
    else if (codes.length === 1) statusCodes.push([status, codes[0]!]);
  }

  const used = new Set<string>(ir.errors.flatMap((e) => e.fields.map((f) => f.type)));
  const converters = [
    fn({ name: 'toText', exported: false, params: [{ name: 'v', type: 'string | undefined' }], returns: 'string | undefined', body: ['return v;'] }),
    fn({
      name: 'toInt64',
      exported: false,
      params: [{ name: 'v', type: 'string | undefined' }],
      returns: 'number | undefined',
      body: ['if (v === undefined || !/^-?\\d+$/.test(v.trim())) return undefined;', 'return Number(v.trim());'],
    }),
    fn({
      name: 'toUint64',
      exported: false,
      params: [{ name: 'v', type: 'string | undefined' }],
      returns: 'bigint | undefined',
      body: ['if (v === undefined || !/^\\d+$/.test(v.trim())) return undefined;', 'return BigInt(v.trim());'],
    }),
    fn({
      name: 'toBoolean',
      exported: false,
      params: [{ name: 'v', type: 'string | undefined' }],
      returns: 'boolean | undefined',
      body: ["return v === undefined ? undefined : v.trim().toLowerCase() === 'true';"],
    }),
  ].filter((f) => used.has(({ toText: 'string', toInt64: 'int64', toUint64: 'uint64', toBoolean: 'boolean' } as Record<string, string>)[f.name!]!));
  return [
    ...converters,
    cls({
      name: 'SdkError',
      extends: 'Error',
      doc: 'Base of every error this package throws.',
      fields: [{ name: 'name', type: 'string', initializer: "'SdkError'", override: true }],
      ctor: { params: [{ name: 'message', type: 'string' }, { name: 'options', type: '{ cause?: unknown }', optional: true }], body: ['super(message, options);'] },
    }),
    simple(
      'ValidationError',
      'SdkError',
      'An input broke one of the model’s constraints. Thrown before anything is sent.',
      [
        { name: 'field', type: 'string', readonly: true, doc: 'The input member at fault.' },
        { name: 'rule', type: 'string', readonly: true, doc: 'The constraint, e.g. `objectKey.maxBytes`.' },
      ],
      [
        { name: 'field', type: 'string' },
        { name: 'rule', type: 'string' },
      ],
      ['this.field = field;', 'this.rule = rule;'],
    ),
    simple('NetworkError', 'SdkError', 'The connection failed or was reset, or the answer was cut short. The request may or may not have reached the service.'),
    simple(
      'TimeoutError',
      'SdkError',
      'No answer within the configured time: the idle `timeoutMs`, the answer deadline (headers and an error body in full within `timeoutMs` of sending), or the call’s `operationTimeout`. The request may or may not have reached the service.',
      [{ name: 'timeoutMs', type: 'number', readonly: true }],
      [{ name: 'timeoutMs', type: 'number' }],
      ['this.timeoutMs = timeoutMs;'],
    ),
    simple(
      'AbortError',
      'SdkError',
      'The call was cancelled through its `signal`. Like a timeout, the request may or may not have reached the service: for an append the outcome is unknown (an `Appender` checks for that chunk before its next append).',
    ),
    simple(
      'IntegrityError',
      'SdkError',
      'The CRC-64 the service reported differs from the one computed over the bytes sent.',
      [
        { name: 'expected', type: 'bigint', readonly: true, doc: 'CRC-64 computed by the client.' },
        { name: 'actual', type: 'bigint', readonly: true, doc: 'CRC-64 reported by the service.' },
      ],
      [
        { name: 'expected', type: 'bigint' },
        { name: 'actual', type: 'bigint' },
      ],
      ['this.expected = expected;', 'this.actual = actual;'],
    ),
    simple(
      'ProtocolError',
      'SdkError',
      'The service answered with something this client cannot believe: a missing or malformed header, or an append answer whose next position is not the position plus the bytes sent. The request may have been applied.',
    ),
    constant('MAX_ERROR_BODY_BYTES', String(64 * 1024), { doc: 'At most this much of an error body is read; the connection is then closed, not reused.' }),
    iface(
      'ServiceErrorDetails',
      [
        { name: 'code', type: 'string' },
        { name: 'status', type: 'number' },
        { name: 'message', type: 'string' },
        { name: 'requestId', type: 'string', optional: true },
        { name: 'hostId', type: 'string', optional: true },
        { name: 'ec', type: 'string', optional: true },
        { name: 'headers', type: 'Record<string, string>', doc: 'Response headers, lower-case names.' },
        { name: 'fields', type: 'Record<string, string>', doc: 'Every element of the XML error body, by element name.' },
      ],
      'What an error answer carried.',
    ),
    cls({
      name: 'ServiceError',
      extends: 'SdkError',
      doc: 'The service answered with an error. Subclasses exist for every modeled code; others arrive as this class.',
      fields: [
        { name: 'name', type: 'string', initializer: "'ServiceError'", override: true },
        { name: 'code', type: 'string', readonly: true, doc: 'Error code, e.g. `PositionNotEqualToLength`.' },
        { name: 'status', type: 'number', readonly: true, doc: 'HTTP status.' },
        { name: 'requestId', type: 'string', readonly: true, optional: true },
        { name: 'hostId', type: 'string', readonly: true, optional: true },
        { name: 'ec', type: 'string', readonly: true, optional: true, doc: 'Detailed error code (`x-oss-ec`). Do not build logic on it.' },
        { name: 'headers', type: 'Readonly<Record<string, string>>', readonly: true, doc: 'The raw response headers.' },
        { name: 'retryable', type: 'boolean', readonly: true, doc: 'Whether the model marks this error as worth retrying.' },
      ],
      ctor: {
        params: [
          { name: 'details', type: 'ServiceErrorDetails' },
          { name: 'retryable', type: 'boolean', initializer: 'false' },
        ],
        body: [
          'super(details.message || details.code);',
          'this.code = details.code;',
          'this.status = details.status;',
          'if (details.requestId !== undefined) this.requestId = details.requestId;',
          'if (details.hostId !== undefined) this.hostId = details.hostId;',
          'if (details.ec !== undefined) this.ec = details.ec;',
          'this.headers = details.headers;',
          'this.retryable = retryable;',
        ],
      },
    }),
    ...perCode,
    constant(
      'SERVICE_ERRORS',
      `{ ${ir.errors.map((e) => `${str(e.code)}: ${e.names.ts}`).join(', ')} }`,
      { type: 'Readonly<Record<string, new (details: ServiceErrorDetails) => ServiceError>>', doc: 'Error class by service error code.' },
    ),
    constant('CODE_BY_STATUS', `{ ${statusCodes.map(([s, c]) => `${s}: ${str(c)}`).join(', ')} }`, {
      exported: false,
      type: 'Readonly<Record<number, string>>',
      doc: 'Codes for body-less error answers without x-oss-err.',
    }),
    constant('ENTITIES', "{ lt: '<', gt: '>', amp: '&', quot: '\"', apos: \"'\" }", { exported: false, type: 'Readonly<Record<string, string>>' }),
    fn({
      name: 'decodeXml',
      exported: false,
      doc: 'Decodes character and the five predefined entity references; a reference that names no character (`&#x110000;`, `&#0;`, `&bogus;`) stays as written. One linear pass, never throws.',
      params: [{ name: 'text', type: 'string' }],
      returns: 'string',
      body: [
        "if (!text.includes('&')) return text;",
        'return text.replace(/&(#[xX][0-9a-fA-F]{1,8}|#[0-9]{1,10}|[A-Za-z]{2,4});/g, (whole, entity: string) => {',
        "  if (entity[0] !== '#') return Object.hasOwn(ENTITIES, entity) ? ENTITIES[entity]! : whole;",
        "  const cp = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);",
        '  const legal = cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);',
        '  return legal ? String.fromCodePoint(cp) : whole;',
        '});',
      ],
    }),
    fn({
      name: 'parseErrorXml',
      doc: 'The child elements of an `<Error>` body, decoded; empty when the text is not an `<Error>` document. Tolerates a prolog and a namespace on the root. One forward pass (linear in the text’s length); malformed or unclosed markup never throws, it just yields fewer fields.',
      params: [{ name: 'xml', type: 'string' }],
      returns: 'Record<string, string>',
      body: [
        'const fields: Record<string, string> = {};',
        'let depth = 0;',
        'let child: string | undefined;',
        'let childStart = 0;',
        'let i = xml.indexOf(\'<\');',
        'while (i !== -1) {',
        "  const close = xml.indexOf('>', i + 1);",
        '  if (close === -1) break;',
        '  const tag = xml.slice(i + 1, close);',
        "  const next = xml.indexOf('<', close + 1);",
        "  if (tag[0] === '?' || tag[0] === '!') {",
        '    i = next;',
        '    continue;',
        '  }',
        "  const end = tag[0] === '/';",
        "  const selfClosing = !end && tag.endsWith('/');",
        '  const name = /^[A-Za-z_][\\w.:-]*/.exec(end ? tag.slice(1) : tag)?.[0];',
        '  if (name === undefined) {',
        '    i = next;',
        '    continue;',
        '  }',
        '  if (depth === 0) {',
        "    if (end || name.replace(/^.*:/, '') !== 'Error') return fields;",
        '    if (selfClosing) return fields;',
        '    depth = 1;',
        '  } else if (child === undefined) {',
        '    if (end) return fields;',
        "    if (selfClosing) fields[name] = '';",
        '    else {',
        '      child = name;',
        '      childStart = close + 1;',
        '    }',
        '  } else if (end && name === child) {',
        "    if (name !== '__proto__') fields[name] = decodeXml(xml.slice(childStart, i));",
        '    child = undefined;',
        '  }',
        '  i = next;',
        '}',
        'return fields;',
      ],
    }),
    fn({
      name: 'createServiceError',
      doc: 'Builds the typed error for an error answer (a 3xx included: redirects are never followed): the body’s `<Code>`, else the base64 XML of `x-oss-err` (HEAD), else, for a body-less answer only, the status when exactly one modeled error has it. Anything else is the base ServiceError with code `""`, never a guessed subclass.',
      params: [
        { name: 'status', type: 'number' },
        { name: 'headers', type: 'Record<string, string>' },
        { name: 'body', type: 'string' },
      ],
      returns: 'ServiceError',
      body: [
        'let fields = parseErrorXml(body);',
        "if (fields.Code === undefined && headers['x-oss-err']) {",
        "  fields = parseErrorXml(Buffer.from(headers['x-oss-err'].slice(0, MAX_ERROR_BODY_BYTES), 'base64').toString('utf8'));",
        '}',
        "const bodyless = body.trim() === '';",
        "const code = fields.Code ?? (bodyless ? CODE_BY_STATUS[status] : undefined) ?? '';",
        'const Known = code ? SERVICE_ERRORS[code] : undefined;',
        "const details: ServiceErrorDetails = { code, status, message: fields.Message ?? `HTTP ${status}${code ? '' : bodyless ? ' without an error body' : ' with a body that is not an <Error> document'}`, headers, fields };",
        "const requestId = fields.RequestId ?? headers['x-oss-request-id'];",
        'if (requestId !== undefined) details.requestId = requestId;',
        'if (fields.HostId !== undefined) details.hostId = fields.HostId;',
        "const ec = fields.EC ?? headers['x-oss-ec'];",
        'if (ec !== undefined) details.ec = ec;',
        'return Known ? new Known(details) : new ServiceError(details, status >= 500);',
      ],
    }),
  ];
}

export { Scope };
