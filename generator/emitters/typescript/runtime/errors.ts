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
    simple('NetworkError', 'SdkError', 'The connection failed or was reset. The request may or may not have reached the service.'),
    simple(
      'TimeoutError',
      'SdkError',
      'No answer within the configured timeout. The request may or may not have reached the service.',
      [{ name: 'timeoutMs', type: 'number', readonly: true }],
      [{ name: 'timeoutMs', type: 'number' }],
      ['this.timeoutMs = timeoutMs;'],
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
    simple('ProtocolError', 'SdkError', 'The service answered with something this client cannot read (a missing or malformed header).'),
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
    fn({
      name: 'decodeXml',
      exported: false,
      params: [{ name: 'text', type: 'string' }],
      returns: 'string',
      body: [
        'return text.replace(/&(#x[0-9a-fA-F]+|#\\d+|lt|gt|amp|quot|apos);/g, (_, entity: string) => {',
        "  if (entity[0] === '#') return String.fromCodePoint(entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10));",
        "  return ({ lt: '<', gt: '>', amp: '&', quot: '\"', apos: \"'\" } as Record<string, string>)[entity] ?? '';",
        '});',
      ],
    }),
    fn({
      name: 'parseErrorXml',
      doc: 'The child elements of an `<Error>` body, decoded. Tolerates a namespace on the root.',
      params: [{ name: 'xml', type: 'string' }],
      returns: 'Record<string, string>',
      body: [
        'const fields: Record<string, string> = {};',
        'const root = /<Error(?:\\s[^>]*)?>([\\s\\S]*)<\\/Error>/.exec(xml);',
        'if (!root) return fields;',
        'for (const m of root[1]!.matchAll(/<([A-Za-z][\\w.-]*)>([\\s\\S]*?)<\\/\\1>/g)) fields[m[1]!] = decodeXml(m[2]!);',
        'return fields;',
      ],
    }),
    fn({
      name: 'createServiceError',
      doc: 'Builds the typed error for an error answer: the body’s XML, else the base64 XML of `x-oss-err` (HEAD), else the status.',
      params: [
        { name: 'status', type: 'number' },
        { name: 'headers', type: 'Record<string, string>' },
        { name: 'body', type: 'string' },
      ],
      returns: 'ServiceError',
      body: [
        'let fields = parseErrorXml(body);',
        "if (!fields.Code && headers['x-oss-err']) {",
        "  fields = parseErrorXml(Buffer.from(headers['x-oss-err'], 'base64').toString('utf8'));",
        '}',
        'const code = fields.Code ?? CODE_BY_STATUS[status] ?? `Http${status}`;',
        'const Known = SERVICE_ERRORS[code];',
        "const details: ServiceErrorDetails = { code, status, message: fields.Message ?? `HTTP ${status}`, headers, fields };",
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
