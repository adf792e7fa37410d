/**
 * out/ts/src/signer.ts: request signing, OSS V4 (OSS4-HMAC-SHA256, the default) and V1
 * (HMAC-SHA1), exactly as docs/wire-contract.md describes. Algorithm names, header names,
 * the payload hash and the signed sub-resources come from the IR's auth section.
 */
import type { IrModel } from '../../../ir/types.js';
import { presignParts } from '../../presign.js';
import { part } from '../parts.js';
import { constant, fn, iface, importFrom, jsLiteral, str, StructureKind, type Statement } from '../helpers.js';

/** The signing parts shared by every platform (out/ts/src/signing.ts): the model's constants, encodings, canonical requests and strings to sign, and the WebCrypto (`crypto.subtle`) signers of the fetch client. It imports nothing, so a browser build of the package loads no node: module for signing. */
export function signingModule(ir: IrModel): Statement[] {
  const v4 = ir.auth.schemes.find((s) => s.id === 'v4');
  const v1 = ir.auth.schemes.find((s) => s.id === 'v1');
  if (!v4 || !v1) throw new Error('the TypeScript emitter needs both the v4 and v1 auth schemes');
  // The model's checks (M030) require every V4 part; a missing one here is a bug in those checks.
  const { product, secretPrefix, scopeTerminator, payloadHashHeader, payloadHash } = v4;
  if (product === undefined || secretPrefix === undefined || scopeTerminator === undefined || payloadHashHeader === undefined || payloadHash === undefined) {
    throw new Error('internal error: the v4 auth scheme reached the TypeScript emitter without product, secretPrefix, scopeTerminator or payload hash');
  }
  const signing = ir.protocol.signing;
  return [
    iface(
      'Credentials',
      [
        { name: 'accessKeyId', type: 'string', doc: 'AccessKey ID.' },
        { name: 'accessKeySecret', type: 'string', doc: 'AccessKey secret. Never logged.' },
        { name: 'securityToken', type: 'string', optional: true, doc: `STS session token, sent as \`${ir.service.credentials.securityTokenHeader}\`.` },
      ],
      'Credentials used to sign requests.',
    ),
    iface(
      'SignableRequest',
      [
        { name: 'method', type: 'string' },
        { name: 'bucket', type: 'string' },
        { name: 'key', type: 'string' },
        { name: 'query', type: 'Array<[string, string | undefined]>', doc: 'Query parameters; `undefined` is a flag written without `=`.' },
        { name: 'headers', type: 'Record<string, string>', doc: 'Header names in lower case; signing adds its own.' },
      ],
      'What the signer needs to know about a request.',
    ),
    constant('V4_ALGORITHM', str(v4.algorithm)),
    constant('V4_PRODUCT', str(product)),
    constant('V4_SECRET_PREFIX', str(secretPrefix)),
    constant('V4_SCOPE_TERMINATOR', str(scopeTerminator)),
    constant('V4_DATE_HEADER', str(v4.dateHeader.toLowerCase())),
    constant('V4_PAYLOAD_HEADER', str(payloadHashHeader.toLowerCase())),
    constant('V4_PAYLOAD_HASH', str(payloadHash)),
    constant('V1_ALGORITHM', str(v1.algorithm)),
    constant('V1_DATE_HEADER', str(v1.dateHeader.toLowerCase())),
    constant('SECURITY_TOKEN_HEADER', str(ir.service.credentials.securityTokenHeader.toLowerCase())),
    constant('SIGNED_HEADER_PREFIX', str(signing.signedHeaderPrefix), { doc: 'Every header with this prefix is signed (V1 and V4).' }),
    constant('SIGNED_SUBRESOURCES', `new Set<string>(${jsLiteral(ir.auth.signedSubresources)})`, {
      doc: 'Query parameters that V1 signs (its CanonicalizedResource).',
    }),
    constant('UNRESERVED', '/^[A-Za-z0-9_.~-]*$/', { exported: false, doc: 'RFC 3986 unreserved characters only: what `encodeStrict` leaves as it is.' }),
    constant('UNRESERVED_PATH', '/^[A-Za-z0-9_.~/-]*$/', { exported: false, doc: 'Unreserved characters and `/`: what `encodeKey` leaves as it is.' }),
    part('signing', 'encoding', { spaced: true }),
    fn({
      name: 'isCanonicalHeader',
      doc: 'Whether V4 signs this (lower-case) header by default.',
      params: [{ name: 'name', type: 'string' }],
      returns: 'boolean',
      // The model's signing set: every header with the prefix, and the named ones (printed in descending order).
      body: [`return ${['name.startsWith(SIGNED_HEADER_PREFIX)', ...[...signing.signedHeaders].sort().reverse().map((h) => `name === ${str(h)}`)].join(' || ')};`],
    }),
    part('signing', 'timestamp', { spaced: true }),
    fn({
      name: 'v4CanonicalRequest',
      doc: 'V4, first half: adds the date, payload-hash and security-token headers and returns the canonical request (the canonical URI always names the bucket), its timestamp and scope.',
      params: [
        { name: 'request', type: 'SignableRequest' },
        { name: 'credentials', type: 'Credentials' },
        { name: 'region', type: 'string' },
        { name: 'now', type: 'Date' },
      ],
      returns: '{ canonicalRequest: string; timestamp: string; day: string; scope: string }',
      body: [
        'const timestamp = iso8601Basic(now);',
        'const day = timestamp.slice(0, 8);',
        'request.headers[V4_DATE_HEADER] = timestamp;',
        'request.headers[V4_PAYLOAD_HEADER] = V4_PAYLOAD_HASH;',
        'if (credentials.securityToken) request.headers[SECURITY_TOKEN_HEADER] = credentials.securityToken;',
        'const names = Object.keys(request.headers).filter(isCanonicalHeader).sort();',
        "const canonicalHeaders = names.map((name) => `${name}:${(request.headers[name] ?? '').trim()}\\n`).join('');",
        'const canonicalRequest = [',
        '  request.method,',
        '  `/${encodeKey(request.bucket)}/${encodeKey(request.key)}`,',
        '  canonicalQuery(request.query),',
        '  canonicalHeaders,',
        "  '',",
        '  V4_PAYLOAD_HASH,',
        "].join('\\n');",
        'const scope = `${day}/${region}/${V4_PRODUCT}/${V4_SCOPE_TERMINATOR}`;',
        'return { canonicalRequest, timestamp, day, scope };',
      ],
    }),
    fn({
      name: 'v1StringToSign',
      doc: 'V1, first half: adds the Date and security-token headers and returns the string to sign.',
      params: [
        { name: 'request', type: 'SignableRequest' },
        { name: 'credentials', type: 'Credentials' },
        { name: 'now', type: 'Date' },
      ],
      returns: 'string',
      body: [
        'request.headers[V1_DATE_HEADER] = now.toUTCString();',
        'if (credentials.securityToken) request.headers[SECURITY_TOKEN_HEADER] = credentials.securityToken;',
        'const ossHeaders = Object.keys(request.headers)',
        '  .filter((name) => name.startsWith(SIGNED_HEADER_PREFIX))',
        '  .sort()',
        "  .map((name) => `${name}:${(request.headers[name] ?? '').trim()}\\n`)",
        "  .join('');",
        'const subresources = request.query',
        '  .filter(([name]) => SIGNED_SUBRESOURCES.has(name))',
        '  .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))',
        "  .map(([name, value]) => (value === undefined || value === '' ? name : `${name}=${value}`))",
        "  .join('&');",
        "const resource = `/${request.bucket}/${request.key}` + (subresources ? `?${subresources}` : '');",
        'return [',
        '  request.method,',
        "  request.headers['content-md5'] ?? '',",
        "  request.headers['content-type'] ?? '',",
        "  request.headers[V1_DATE_HEADER] ?? '',",
        '  ossHeaders + resource,',
        "].join('\\n');",
      ],
    }),
    part('signing', 'web-signers', { spaced: true }),
  ];
}

/** out/ts/src/signer.ts: the Node signers (node:crypto, synchronous), on top of signing.ts. */
export function signerModule(ir: IrModel): Statement[] {
  const signing = ir.protocol.signing;
  const presign = presignParts(ir);
  return [
    importFrom('node:crypto', ['createHash', 'createHmac']),
    importFrom('./signing.js', [
      'V1_ALGORITHM',
      'V4_ALGORITHM',
      'V4_PRODUCT',
      'V4_SCOPE_TERMINATOR',
      'V4_SECRET_PREFIX',
      'v1StringToSign',
      'v4CanonicalRequest',
      ...(presign ? ['SIGNED_SUBRESOURCES', 'canonicalQuery', 'encodeKey', 'isCanonicalHeader', 'iso8601Basic'] : []),
    ]),
    importFrom('./signing.js', ['Credentials', 'SignableRequest'], true),
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: './signing.js', namedExports: ['canonicalQuery', 'encodeKey', 'encodeStrict', 'iso8601Basic', 'signV1Web', 'signV4Web'] },
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: './signing.js', namedExports: ['Credentials', 'SignableRequest'], isTypeOnly: true },
    part('signer', 'signers', { spaced: true }),
    ...(presign ? presignStatements(presign, signing.signedHeaderPrefix) : []),
  ];
}

function presignStatements(p: NonNullable<ReturnType<typeof presignParts>>, prefix: string): Statement[] {
  return [
    constant('V4_PRESIGN', jsLiteral({ algorithm: p.v4.algorithm, credential: p.v4.credential, date: p.v4.date, expires: p.v4.expires, signature: p.v4.signature, securityToken: p.v4.securityToken ?? '', additionalHeaders: p.v4.additionalHeaders ?? '', payloadHash: p.v4.payloadHash }), {
      exported: false,
      doc: 'V4 query-string form: the parameter names, and the payload hash a presigned URL signs.',
    }),
    constant('V1_PRESIGN', jsLiteral({ accessKeyId: p.v1.accessKeyId, expires: p.v1.expires, signature: p.v1.signature, securityToken: p.v1.securityToken ?? '' }), {
      exported: false,
      doc: 'V1 query-string form: the parameter names (the security token’s is a signed sub-resource).',
    }),
    constant('MAX_PRESIGN_EXPIRES_SECONDS', String(p.v4.maxExpiresSeconds), { doc: 'The longest validity a V4 presigned URL may ask for, in seconds.' }),
    part('signer', 'presign-v4', { spaced: true }),
    fn({
      name: 'presignV1',
      doc: 'Presigns with V1: appends the key id, Expires (now + `expiresSeconds`, Unix seconds), token and Signature parameters to `request.query`. The string to sign is V1’s with Expires on the Date line; the token is a signed sub-resource.',
      params: [
        { name: 'request', type: 'SignableRequest' },
        { name: 'credentials', type: 'Credentials' },
        { name: 'now', type: 'Date' },
        { name: 'expiresSeconds', type: 'number' },
      ],
      returns: 'void',
      body: [
        'const expires = String(Math.floor(now.getTime() / 1000) + expiresSeconds);',
        'if (credentials.securityToken && V1_PRESIGN.securityToken) request.query.push([V1_PRESIGN.securityToken, credentials.securityToken]);',
        'const ossHeaders = Object.keys(request.headers)',
        `  .filter((name) => name.startsWith(${str(prefix)}))`,
        '  .sort()',
        "  .map((name) => `${name}:${(request.headers[name] ?? '').trim()}\\n`)",
        "  .join('');",
        'const subresources = request.query',
        '  .filter(([name]) => SIGNED_SUBRESOURCES.has(name) || name === V1_PRESIGN.securityToken)',
        '  .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))',
        "  .map(([name, value]) => (value === undefined || value === '' ? name : `${name}=${value}`))",
        "  .join('&');",
        "const resource = `/${request.bucket}/${request.key}` + (subresources ? `?${subresources}` : '');",
        "const stringToSign = [request.method, request.headers['content-md5'] ?? '', request.headers['content-type'] ?? '', expires, ossHeaders + resource].join('\\n');",
        "const signature = createHmac('sha1', credentials.accessKeySecret).update(stringToSign, 'utf8').digest('base64');",
        'request.query.push([V1_PRESIGN.accessKeyId, credentials.accessKeyId], [V1_PRESIGN.expires, expires], [V1_PRESIGN.signature, signature]);',
      ],
    }),
  ];
}
