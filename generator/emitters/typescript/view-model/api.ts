/**
 * out/ts/src/models.ts (Input/Output interfaces with the model's docs), out/ts/src/operations.ts
 * (the HTTP binding of every operation as data, read by the client's one request path) and
 * out/ts/src/validate.ts (the model's constraints, checked before anything is sent).
 */
import type { IrMember, IrModel } from '../../../ir/types.js';
import { constant, exportAllFrom, fn, iface, importFrom, jsLiteral, str, type PropSpec, type Statement } from '../helpers.js';

/** The TypeScript type of a member; `direction` decides what a blob is. */
export function memberType(m: IrMember, direction: 'input' | 'output'): string {
  if (m.enum && m.enum.length > 0) return m.enum.map((e) => str(e.value)).join(' | ');
  switch (m.type) {
    case 'string':
      return 'string';
    case 'int64':
      return 'number';
    case 'uint64':
      return 'bigint';
    case 'boolean':
      return 'boolean';
    case 'map':
      return 'Record<string, string>';
    case 'blob':
      return direction === 'input' ? 'BodySource' : 'Readable';
  }
}

function memberDoc(m: IrMember, direction: 'input' | 'output'): string {
  const wire =
    m.location === 'header'
      ? `Header \`${m.header}\`.`
      : m.location === 'header-map'
        ? `Headers \`${m.prefix}<name>\`.`
        : m.location === 'query'
          ? `Query parameter \`${m.queryName ?? m.id}\`.`
          : m.location === 'host' && direction === 'input'
            ? 'Defaults to the client’s `bucket` option.'
            : '';
  const first =
    m.firstAppendOnly === 'reject'
      ? 'Only on the first append (position 0); a later append carrying it is refused before sending.'
      : m.firstAppendOnly === 'ignore'
        ? 'Takes effect only on the first append (position 0).'
        : '';
  return [m.doc.en, [wire, first].filter(Boolean).join(' ')].filter(Boolean).join('\n\n');
}

export function modelsModule(ir: IrModel): Statement[] {
  const statements: Statement[] = [importFrom('node:stream', ['Readable'], true), importFrom('./body.js', ['BodyReaders', 'BodySource'], true)];
  for (const op of ir.operations) {
    const inputProps: PropSpec[] = op.input.map((m) => ({
      name: m.names.ts,
      type: memberType(m, 'input'),
      optional: !m.required || m.location === 'host',
      doc: memberDoc(m, 'input'),
    }));
    const outputProps: PropSpec[] = op.output.map((m) => ({
      name: m.names.ts,
      type: memberType(m, 'output'),
      optional: !m.required,
      doc: memberDoc(m, 'output'),
    }));
    statements.push(iface(op.names.input.ts, inputProps, `Input of ${op.names.ts}: ${op.summary.en}`));
    // An output with a body can also be read whole: text(), bytes(), toFile(path).
    statements.push(iface(op.names.output.ts, outputProps, `Output of ${op.names.ts}.${op.outputBody ? ' Read the body whole with `text()`, `bytes()` or `toFile(path)` (CRC-64 checked on a full read), or stream it.' : ''}`, op.outputBody ? ['BodyReaders'] : []));
  }
  return statements;
}

function memberSpec(m: IrMember): string {
  const wire = m.headerLower ?? m.prefix ?? m.queryName ?? (m.location === 'query' ? m.id : undefined);
  const parts = [
    `name: ${str(m.names.ts)}`,
    `location: ${str(m.location)}`,
    ...(wire !== undefined ? [`wire: ${str(wire)}`] : []),
    `type: ${str(m.type)}`,
    `required: ${m.required}`,
    ...(m.enum ? [`enum: [${m.enum.map((e) => str(e.value)).join(', ')}]`] : []),
    ...(m.minimum !== undefined ? [`minimum: ${m.minimum}`] : []),
    ...(m.format ? [`format: ${str(m.format)}`] : []),
    ...(m.firstAppendOnly ? [`firstAppendOnly: ${str(m.firstAppendOnly)}`] : []),
  ];
  return `{ ${parts.join(', ')} }`;
}

export function operationsModule(ir: IrModel): Statement[] {
  const specs = ir.operations.map((op) => {
    const memberTs = (id: string) => op.output.find((m) => m.id === id)?.names.ts ?? op.input.find((m) => m.id === id)!.names.ts;
    const append = op.append
      ? `, append: { position: ${str(memberTs(op.append.position))}, nextPosition: ${str(memberTs(op.append.nextPosition))}, crc: ${str(memberTs(op.append.crc))} }`
      : '';
    // A whole-object CRC in a streamed answer is checked on full reads (not on ranges).
    const crcId = ir.protocol.append?.crc.id;
    const checksum = op.outputBody && crcId ? op.output.find((m) => m.id === crcId) : undefined;
    const range = op.input.find((m) => m.format === 'byte-range');
    const verify = checksum ? `, verifyBody: { crc: ${str(checksum.names.ts)}${range ? `, unlessInput: ${str(range.names.ts)}` : ''} }` : '';
    return `${str(op.name)}: { name: ${str(op.name)}, method: ${str(op.http.method)}, flags: [${op.http.flags.map(str).join(', ')}], idempotent: ${op.http.method !== 'POST'}, input: [${op.input.map(memberSpec).join(', ')}], output: [${op.output.map(memberSpec).join(', ')}]${append}${verify} }`;
  });
  return [
    importFrom('./spec.js', ['OperationSpec'], true),
    exportAllFrom('./spec.js'),
    constant('OPERATIONS', `{ ${specs.join(',\n')} }`, { type: 'Readonly<Record<string, OperationSpec>>', doc: 'Every operation of the model, by name.' }),
  ];
}

export function validateModule(ir: IrModel): Statement[] {
  const l = ir.limits;
  return [
    importFrom('./errors.js', ['ValidationError']),
    importFrom('./operations.js', ['OperationSpec'], true),
    iface(
      'BodyCheck',
      [
        { name: 'accepts', type: '(value: unknown) => boolean', doc: 'Whether `value` is a request body the client can send.' },
        { name: 'kinds', type: 'string', doc: 'What it takes, for the error message (`a string, Uint8Array, …`).' },
      ],
      'The request bodies a client takes.',
    ),
    constant('LIMITS', jsLiteral(l), { doc: 'The model’s constraints.' }),
    constant('METADATA_NAME', `new RegExp(${str(l.userMetadata.namePattern)})`, { exported: false }),
    constant('TAG_CHARS', `new RegExp(${str(l.tagging.charPattern)})`, { exported: false }),
    fn({
      name: 'utf8Length',
      exported: false,
      params: [{ name: 'text', type: 'string' }],
      returns: 'number',
      // TextEncoder, not Buffer: the fetch (browser) entry validates with this module too. Both count a lone surrogate as the 3 bytes of U+FFFD.
      body: ['return new TextEncoder().encode(text).byteLength;'],
    }),
    fn({
      name: 'fail',
      exported: false,
      params: [
        { name: 'field', type: 'string' },
        { name: 'rule', type: 'string' },
        { name: 'message', type: 'string' },
      ],
      returns: 'never',
      body: ['throw new ValidationError(`${field}: ${message}`, field, rule);'],
    }),
    fn({
      name: 'checkObjectKey',
      doc: 'Object key rules: UTF-8 length bounds, well-formed, no forbidden prefix.',
      params: [
        { name: 'field', type: 'string' },
        { name: 'key', type: 'string' },
      ],
      returns: 'void',
      body: [
        "if (/[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]/.test(key)) fail(field, 'objectKey.utf8', `is not valid UTF-8 (the service answers ${LIMITS.objectKey.error})`);",
        '// A UTF-16 unit is 1 to 3 bytes of UTF-8: a key whose length keeps both bounds that way is not encoded.',
        'if (key.length < LIMITS.objectKey.minBytes || key.length * 3 > LIMITS.objectKey.maxBytes) {',
        '  const bytes = utf8Length(key);',
        "  if (bytes < LIMITS.objectKey.minBytes) fail(field, 'objectKey.minBytes', `must be at least ${LIMITS.objectKey.minBytes} byte(s) (the service answers ${LIMITS.objectKey.error})`);",
        "  if (bytes > LIMITS.objectKey.maxBytes) fail(field, 'objectKey.maxBytes', `is ${bytes} bytes, more than ${LIMITS.objectKey.maxBytes} (the service answers ${LIMITS.objectKey.error})`);",
        '}',
        'for (const prefix of LIMITS.objectKey.forbiddenPrefixes) {',
        "  if (key.startsWith(prefix)) fail(field, 'objectKey.forbiddenPrefixes', `must not start with ${JSON.stringify(prefix)} (the service answers ${LIMITS.objectKey.error})`);",
        '}',
      ],
    }),
    fn({
      name: 'checkMetadata',
      doc: 'User metadata: names the service accepts, total size within the limit.',
      params: [
        { name: 'field', type: 'string' },
        { name: 'metadata', type: 'Record<string, unknown>' },
      ],
      returns: 'void',
      body: [
        'let total = 0;',
        'for (const [name, value] of Object.entries(metadata)) {',
        "  if (!METADATA_NAME.test(name.toLowerCase())) fail(field, 'userMetadata.namePattern', `name ${JSON.stringify(name)} must match ${METADATA_NAME.source}`);",
        "  if (typeof value !== 'string') fail(field, 'type', `value of ${JSON.stringify(name)} must be a string`);",
        "  if (/[\\r\\n]/.test(value)) fail(field, 'headerValue', `value of ${JSON.stringify(name)} must not contain line breaks`);",
        '  total += utf8Length(name) + utf8Length(value);',
        '}',
        "if (total > LIMITS.userMetadata.maxTotalBytes) fail(field, 'userMetadata.maxTotalBytes', `is ${total} bytes, more than ${LIMITS.userMetadata.maxTotalBytes}`);",
      ],
    }),
    fn({
      name: 'checkTagging',
      doc: 'Tagging (`k=v&k2=v2`, URL-encoded): count, key and value lengths, characters.',
      params: [
        { name: 'field', type: 'string' },
        { name: 'tagging', type: 'string' },
      ],
      returns: 'void',
      body: [
        "const pairs = tagging === '' ? [] : tagging.split('&');",
        "if (pairs.length > LIMITS.tagging.maxTags) fail(field, 'tagging.maxTags', `has ${pairs.length} tags, more than ${LIMITS.tagging.maxTags}`);",
        'for (const pair of pairs) {',
        "  const eq = pair.indexOf('=');",
        '  let key: string;',
        '  let value: string;',
        '  try {',
        "    key = decodeURIComponent((eq < 0 ? pair : pair.slice(0, eq)).replace(/\\+/g, ' '));",
        "    value = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1).replace(/\\+/g, ' '));",
        '  } catch {',
        "    fail(field, 'tagging.encoding', `${JSON.stringify(pair)} is not URL-encoded`);",
        '  }',
        "  if (key.length === 0 || key.length > LIMITS.tagging.maxKeyLength) fail(field, 'tagging.maxKeyLength', `tag key ${JSON.stringify(key)} must be 1 to ${LIMITS.tagging.maxKeyLength} characters`);",
        "  if (value.length > LIMITS.tagging.maxValueLength) fail(field, 'tagging.maxValueLength', `tag value of ${JSON.stringify(key)} is longer than ${LIMITS.tagging.maxValueLength}`);",
        "  if (!TAG_CHARS.test(key) || !TAG_CHARS.test(value)) fail(field, 'tagging.charPattern', `tag ${JSON.stringify(pair)} has characters outside ${TAG_CHARS.source}`);",
        '}',
      ],
    }),
    fn({
      name: 'checkObjectSize',
      doc: 'The object may not grow beyond the model’s maximum size.',
      params: [
        { name: 'field', type: 'string' },
        { name: 'size', type: 'number' },
      ],
      returns: 'void',
      body: [
        "if (size > LIMITS.objectSize.maxBytes) fail(field, 'objectSize.maxBytes', `would make the object ${size} bytes, more than ${LIMITS.objectSize.maxBytes} (the service answers ${LIMITS.objectSize.error})`);",
      ],
    }),
    fn({
      name: 'validateInput',
      doc: 'Checks an operation’s input against the model. Throws ValidationError; nothing has been sent. `body` says which request bodies the calling client takes (the Node and the fetch clients take different ones).',
      params: [
        { name: 'spec', type: 'OperationSpec' },
        { name: 'input', type: 'Readonly<Record<string, unknown>>' },
        { name: 'body', type: 'BodyCheck' },
      ],
      returns: 'void',
      body: [
        "const position = spec.append ? input[spec.append.position] : undefined;",
        'for (const m of spec.input) {',
        '  const value = input[m.name];',
        '  if (value === undefined || value === null) {',
        "    if (m.required && m.location !== 'host') fail(m.name, 'required', 'is required');",
        '    continue;',
        '  }',
        '  switch (m.type) {',
        "    case 'string':",
        "      if (typeof value !== 'string') fail(m.name, 'type', 'must be a string');",
        "      if (m.enum && !m.enum.includes(value)) fail(m.name, 'enum', `must be one of ${m.enum.join(', ')}`);",
        "      if (m.location === 'header' && /[\\r\\n]/.test(value)) fail(m.name, 'headerValue', 'must not contain line breaks');",
        '      break;',
        "    case 'int64':",
        "      if (typeof value !== 'number' || !Number.isSafeInteger(value)) fail(m.name, 'type', 'must be an integer');",
        "      if (m.minimum !== undefined && value < m.minimum) fail(m.name, 'minimum', `must be at least ${m.minimum}`);",
        '      break;',
        "    case 'boolean':",
        "      if (typeof value !== 'boolean') fail(m.name, 'type', 'must be a boolean');",
        '      break;',
        "    case 'map':",
        "      if (typeof value !== 'object' || Array.isArray(value)) fail(m.name, 'type', 'must be a record of strings');",
        '      checkMetadata(m.name, value as Record<string, unknown>);',
        '      break;',
        "    case 'blob':",
        "      if (!body.accepts(value)) fail(m.name, 'type', `must be ${body.kinds}`);",
        '      break;',
        '  }',
        "  if (m.location === 'path') checkObjectKey(m.name, value as string);",
        "  if (m.location === 'host' && (value as string).length === 0) fail(m.name, 'required', 'must not be empty');",
        "  if (m.format === 'tagging') checkTagging(m.name, value as string);",
        "  if (m.firstAppendOnly === 'reject' && typeof position === 'number' && position > 0) {",
        "    fail(m.name, 'firstAppendOnly', `may be sent only with the first append (position 0), not at position ${position}`);",
        '  }',
        '}',
      ],
    }),
  ];
}
