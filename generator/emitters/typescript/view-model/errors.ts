/**
 * out/ts/src/errors.ts: one class per modeled error code under ServiceError, and the decoding of an
 * error answer. The errors that are not answers from the service (validation, network, timeout,
 * integrity, protocol) and the ServiceError base are static source, runtime/ts/sdk-errors.ts,
 * re-exported from here.
 */
import type { IrErrorField, IrModel } from '../../../ir/types.js';
import { cls, constant, exportAllFrom, fn, importFrom, member, Scope, str, templateText, type Statement } from '../helpers.js';
import { part } from '../parts.js';

export function fieldType(type: IrErrorField['type']): string {
  return type === 'int64' ? 'number' : type === 'uint64' ? 'bigint' : type === 'boolean' ? 'boolean' : 'string';
}

export function errorsModule(ir: IrModel): Statement[] {
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

  const protocol = ir.protocol;
  const errorBody = protocol.errorBody;
  const elements = errorBody.elements;
  const bodyless = errorBody.bodylessHeaderLower;
  const field = (name: string) => member('fields', name);
  const header = (name: string) => `headers[${str(name)}]`;
  const firstOf = (...codes: (string | undefined)[]) => codes.filter((c) => c !== undefined).join(' ?? ');
  const requestId = firstOf(elements.requestId && field(elements.requestId), header(protocol.headers.requestId));
  const ec = elements.ec || protocol.headers.errorCode ? firstOf(elements.ec && field(elements.ec), protocol.headers.errorCode && header(protocol.headers.errorCode)) : undefined;

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
    importFrom('./sdk-errors.js', ['MAX_ERROR_BODY_BYTES', 'ServiceError', 'type ServiceErrorDetails']),
    exportAllFrom('./sdk-errors.js'),
    ...converters,
    ...perCode,
    constant(
      'SERVICE_ERRORS',
      `{ ${ir.errors.map((e) => `${str(e.code)}: ${e.names.ts}`).join(', ')} }`,
      { type: 'Readonly<Record<string, new (details: ServiceErrorDetails) => ServiceError>>', doc: 'Error class by service error code.' },
    ),
    constant('CODE_BY_STATUS', `{ ${protocol.statusCodes.map((s) => `${s.status}: ${str(s.error.code)}`).join(', ')} }`, {
      exported: false,
      type: 'Readonly<Record<number, string>>',
      doc: `Codes for body-less error answers${bodyless ? ` without ${bodyless}` : ''}.`,
    }),
    part('errors', 'xml-text'),
    fn({
      name: 'parseErrorXml',
      doc: `The child elements of an \`<${errorBody.root}>\` body, decoded; empty when the text is not an \`<${errorBody.root}>\` document. Tolerates a prolog and a namespace on the root. One forward pass (linear in the text’s length); malformed or unclosed markup never throws, it just yields fewer fields.`,
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
        part('errors', 'tag-name', { spaced: true }),
        '  if (depth === 0) {',
        `    if (end || name.replace(/^.*:/, '') !== ${str(errorBody.root)}) return fields;`,
        '    if (selfClosing) return fields;',
        '    depth = 1;',
        '  } else if (child === undefined) {',
        part('errors', 'child-start'),
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
      doc: `Builds the typed error for an error answer (a 3xx included: redirects are never followed): the body’s \`<${elements.code}>\`, ${bodyless ? `else the base64 XML of \`${bodyless}\` (HEAD), ` : ''}else, for a body-less answer only, the status when exactly one modeled error has it. Anything else is the base ServiceError with code \`""\`, never a guessed subclass.`,
      params: [
        { name: 'status', type: 'number' },
        { name: 'headers', type: 'Record<string, string>' },
        { name: 'body', type: 'string' },
      ],
      returns: 'ServiceError',
      body: [
        'let fields = parseErrorXml(body);',
        ...(bodyless
          ? [
              `if (${field(elements.code)} === undefined && ${header(bodyless)}) {`,
              `  fields = parseErrorXml(fromBase64(${header(bodyless)}.slice(0, MAX_ERROR_BODY_BYTES)));`,
              '}',
            ]
          : []),
        "const bodyless = body.trim() === '';",
        `const code = ${field(elements.code)} ?? (bodyless ? CODE_BY_STATUS[status] : undefined) ?? '';`,
        'const Known = code ? SERVICE_ERRORS[code] : undefined;',
        `const details: ServiceErrorDetails = { code, status, message: ${field(elements.message)} ?? \`HTTP \${status}\${code ? '' : bodyless ? ' without an error body' : ' with a body that is not an <${templateText(errorBody.root)}> document'}\`, headers, fields };`,
        `const requestId = ${requestId};`,
        'if (requestId !== undefined) details.requestId = requestId;',
        ...(elements.hostId ? [`if (${field(elements.hostId)} !== undefined) details.hostId = ${field(elements.hostId)};`] : []),
        ...(ec ? [`const ec = ${ec};`, 'if (ec !== undefined) details.ec = ec;'] : []),
        'return Known ? new Known(details) : new ServiceError(details, status >= 500);',
      ],
    }),
  ];
}

export { Scope };
