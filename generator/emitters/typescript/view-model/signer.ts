/**
 * out/ts/src/signer.ts: request signing, OSS V4 (OSS4-HMAC-SHA256, the default) and V1
 * (HMAC-SHA1), exactly as docs/wire-contract.md describes. Algorithm names, header names,
 * the payload hash and the signed sub-resources come from the IR's auth section.
 */
import type { IrModel } from '../../../ir/types.js';
import { presignParts } from '../../presign.js';
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
    fn({
      name: 'encodeKey',
      doc: 'Percent-encodes an object key byte by byte (UTF-8), keeping only A-Z a-z 0-9 - _ . ~ and /.',
      params: [{ name: 'key', type: 'string' }],
      returns: 'string',
      body: [
        '// Plain keys (and bucket names) need no encoding: checked first, since each request encodes both twice.',
        'if (UNRESERVED_PATH.test(key)) return key;',
        "return encodeStrict(key).replace(/%2F/g, '/');",
      ],
    }),
    fn({
      name: 'encodeStrict',
      doc: 'RFC 3986 encoding: everything but unreserved characters.',
      params: [{ name: 'value', type: 'string' }],
      returns: 'string',
      body: [
        '// Most names and values (flags, positions, plain keys) need no encoding: checked first, since this runs several times per request.',
        'if (UNRESERVED.test(value)) return value;',
        "return encodeURIComponent(value).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());",
      ],
    }),
    fn({
      name: 'canonicalQuery',
      doc: 'The query as sent and as V4 signs it: encoded, sorted by name, flags without `=`.',
      params: [{ name: 'query', type: 'Array<[string, string | undefined]>' }],
      returns: 'string',
      body: [
        '// Sorted by encoded name (stable: equal names keep their order), then each written `name` or `name=value`.',
        'const encoded: Array<[string, string]> = [];',
        'for (const [name, value] of query) {',
        '  const key = encodeStrict(name);',
        "  const part = value === undefined || value === '' ? key : `${key}=${encodeStrict(value)}`;",
        '  encoded.push([key, part]);',
        '}',
        'if (encoded.length > 1) encoded.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));',
        "let out = encoded[0]?.[1] ?? '';",
        'for (let i = 1; i < encoded.length; i++) out += `&${encoded[i]![1]}`;',
        'return out;',
      ],
    }),
    fn({
      name: 'isCanonicalHeader',
      doc: 'Whether V4 signs this (lower-case) header by default.',
      params: [{ name: 'name', type: 'string' }],
      returns: 'boolean',
      // The model's signing set: every header with the prefix, and the named ones (printed in descending order).
      body: [`return ${['name.startsWith(SIGNED_HEADER_PREFIX)', ...[...signing.signedHeaders].sort().reverse().map((h) => `name === ${str(h)}`)].join(' || ')};`],
    }),
    '/** The second (Unix seconds) `lastStamp` was written for, and that timestamp. */\nlet lastStampSecond = NaN;\nlet lastStamp = \'\';',
    fn({
      name: 'iso8601Basic',
      doc: '`yyyymmddTHHMMSSZ`.',
      params: [{ name: 'date', type: 'Date' }],
      returns: 'string',
      body: [
        '// Sliced out of the ISO string (no regular expressions: it runs on every request); a year outside 0000-9999 makes a longer string, which keeps the general form.',
        'const ms = date.getTime();',
        '// One string per second: requests in the same second share it (a Date without a time still throws below).',
        'if (ms >= lastStampSecond * 1000 && ms < (lastStampSecond + 1) * 1000) return lastStamp;',
        'const iso = date.toISOString();',
        'if (iso.length !== 24) return iso.replace(/[-:]/g, \'\').replace(/\\.\\d{3}/, \'\');',
        "lastStamp = iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 13) + iso.slice(14, 16) + iso.slice(17, 19) + 'Z';",
        'lastStampSecond = Math.floor(ms / 1000);',
        'return lastStamp;',
      ],
    }),
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
    fn({
      name: 'hmacWeb',
      exported: false,
      async: true,
      doc: 'HMAC of `text` under `key` with WebCrypto (browsers, Deno, Bun, Node 20+).',
      params: [
        { name: 'hash', type: "'SHA-256' | 'SHA-1'" },
        { name: 'key', type: 'string | Uint8Array' },
        { name: 'text', type: 'string' },
      ],
      returns: 'Promise<Uint8Array>',
      body: [
        'const utf8 = new TextEncoder();',
        "const raw = typeof key === 'string' ? utf8.encode(key) : key;",
        "const cryptoKey = await globalThis.crypto.subtle.importKey('raw', raw as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash }, false, ['sign']);",
        "return new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', cryptoKey, utf8.encode(text)));",
      ],
    }),
    fn({
      name: 'hex',
      exported: false,
      params: [{ name: 'bytes', type: 'Uint8Array' }],
      returns: 'string',
      body: ["return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');"],
    }),
    fn({
      name: 'signV4Web',
      async: true,
      doc: 'The same as `signV4` (same headers, same signature), with WebCrypto: for platforms without node:crypto.',
      params: [
        { name: 'request', type: 'SignableRequest' },
        { name: 'credentials', type: 'Credentials' },
        { name: 'region', type: 'string' },
        { name: 'now', type: 'Date' },
      ],
      returns: 'Promise<void>',
      body: [
        'const { canonicalRequest, timestamp, day, scope } = v4CanonicalRequest(request, credentials, region, now);',
        "const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonicalRequest)));",
        "const stringToSign = [V4_ALGORITHM, timestamp, scope, hex(digest)].join('\\n');",
        "let key = await hmacWeb('SHA-256', V4_SECRET_PREFIX + credentials.accessKeySecret, day);",
        "key = await hmacWeb('SHA-256', key, region);",
        "key = await hmacWeb('SHA-256', key, V4_PRODUCT);",
        "key = await hmacWeb('SHA-256', key, V4_SCOPE_TERMINATOR);",
        "const signature = hex(await hmacWeb('SHA-256', key, stringToSign));",
        'request.headers.authorization = `${V4_ALGORITHM} Credential=${credentials.accessKeyId}/${scope},Signature=${signature}`;',
      ],
    }),
    fn({
      name: 'signV1Web',
      async: true,
      doc: 'The same as `signV1`, with WebCrypto.',
      params: [
        { name: 'request', type: 'SignableRequest' },
        { name: 'credentials', type: 'Credentials' },
        { name: 'now', type: 'Date' },
      ],
      returns: 'Promise<void>',
      body: [
        'const stringToSign = v1StringToSign(request, credentials, now);',
        "const mac = await hmacWeb('SHA-1', credentials.accessKeySecret, stringToSign);",
        'request.headers.authorization = `${V1_ALGORITHM} ${credentials.accessKeyId}:${btoa(String.fromCharCode(...mac))}`;',
      ],
    }),
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
    fn({
      name: 'sha256Hex',
      exported: false,
      params: [{ name: 'text', type: 'string' }],
      returns: 'string',
      body: ["return createHash('sha256').update(text, 'utf8').digest('hex');"],
    }),
    fn({
      name: 'hmac256',
      exported: false,
      params: [
        { name: 'key', type: 'string | Buffer' },
        { name: 'text', type: 'string' },
      ],
      returns: 'Buffer',
      body: ["return createHmac('sha256', key).update(text, 'utf8').digest();"],
    }),
    constant('signingKeys', 'new WeakMap<Credentials, { secret: string; day: string; region: string; key: Buffer }>()', {
      exported: false,
      doc: 'The V4 signing key last derived for each credentials object (its secret, day and region with it): it changes once a day, so deriving it (four HMACs) for every request is waste. Keyed by the object, so nothing outlives the credentials; a changed secret, day or region derives it again.',
    }),
    fn({
      name: 'signingKey',
      exported: false,
      doc: 'The V4 signing key of `credentials` for `day` (yyyymmdd) and `region`: HMAC chain from the secret over the day, region, product and terminator.',
      params: [
        { name: 'credentials', type: 'Credentials' },
        { name: 'day', type: 'string' },
        { name: 'region', type: 'string' },
      ],
      returns: 'Buffer',
      body: [
        'const secret = credentials.accessKeySecret;',
        'const cached = signingKeys.get(credentials);',
        'if (cached && cached.secret === secret && cached.day === day && cached.region === region) return cached.key;',
        'let key = hmac256(V4_SECRET_PREFIX + secret, day);',
        'key = hmac256(key, region);',
        'key = hmac256(key, V4_PRODUCT);',
        'key = hmac256(key, V4_SCOPE_TERMINATOR);',
        'signingKeys.set(credentials, { secret, day, region, key });',
        'return key;',
      ],
    }),
    fn({
      name: 'signV4',
      doc: 'Adds the V4 date, payload-hash, security-token and Authorization headers. The canonical URI always names the bucket.',
      params: [
        { name: 'request', type: 'SignableRequest' },
        { name: 'credentials', type: 'Credentials' },
        { name: 'region', type: 'string' },
        { name: 'now', type: 'Date' },
      ],
      returns: 'void',
      body: [
        'const { canonicalRequest, timestamp, day, scope } = v4CanonicalRequest(request, credentials, region, now);',
        "const stringToSign = [V4_ALGORITHM, timestamp, scope, sha256Hex(canonicalRequest)].join('\\n');",
        "const signature = createHmac('sha256', signingKey(credentials, day, region)).update(stringToSign, 'utf8').digest('hex');",
        'request.headers.authorization = `${V4_ALGORITHM} Credential=${credentials.accessKeyId}/${scope},Signature=${signature}`;',
      ],
    }),
    fn({
      name: 'signV1',
      doc: 'Adds the Date, security-token and V1 Authorization headers (HMAC-SHA1 over the V1 string to sign).',
      params: [
        { name: 'request', type: 'SignableRequest' },
        { name: 'credentials', type: 'Credentials' },
        { name: 'now', type: 'Date' },
      ],
      returns: 'void',
      body: [
        'const stringToSign = v1StringToSign(request, credentials, now);',
        "const signature = createHmac('sha1', credentials.accessKeySecret).update(stringToSign, 'utf8').digest('base64');",
        'request.headers.authorization = `${V1_ALGORITHM} ${credentials.accessKeyId}:${signature}`;',
      ],
    }),
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
    fn({
      name: 'presignV4',
      doc: 'Presigns with V4: appends the algorithm, credential, date, expires, additional headers, token and signature parameters to `request.query`. The canonical request signs every query parameter but the signature, the default-signed headers the request will send, the `additionalHeaders` among its other headers (lower-cased, sorted; names it does not send are left out), and the presigned payload hash.',
      params: [
        { name: 'request', type: 'SignableRequest' },
        { name: 'credentials', type: 'Credentials' },
        { name: 'region', type: 'string' },
        { name: 'now', type: 'Date' },
        { name: 'expiresSeconds', type: 'number' },
        { name: 'additionalHeaders', type: 'readonly string[]', initializer: '[]' },
      ],
      returns: 'void',
      body: [
        'const timestamp = iso8601Basic(now);',
        'const day = timestamp.slice(0, 8);',
        'const scope = `${day}/${region}/${V4_PRODUCT}/${V4_SCOPE_TERMINATOR}`;',
        'request.query.push([V4_PRESIGN.algorithm, V4_ALGORITHM], [V4_PRESIGN.credential, `${credentials.accessKeyId}/${scope}`], [V4_PRESIGN.date, timestamp], [V4_PRESIGN.expires, String(expiresSeconds)]);',
        '// Additional headers: ones the request sends that are not signed by default (a model without the parameter signs none).',
        'const extra = V4_PRESIGN.additionalHeaders',
        '  ? [...new Set(additionalHeaders.map((name) => name.trim().toLowerCase()))].filter((name) => name && !isCanonicalHeader(name) && request.headers[name] !== undefined).sort()',
        '  : [];',
        "if (extra.length > 0) request.query.push([V4_PRESIGN.additionalHeaders, extra.join(';')]);",
        'if (credentials.securityToken && V4_PRESIGN.securityToken) request.query.push([V4_PRESIGN.securityToken, credentials.securityToken]);',
        'const names = Object.keys(request.headers).filter((name) => isCanonicalHeader(name) || extra.includes(name)).sort();',
        "const canonicalHeaders = names.map((name) => `${name}:${(request.headers[name] ?? '').trim()}\\n`).join('');",
        "const canonicalRequest = [request.method, `/${encodeKey(request.bucket)}/${encodeKey(request.key)}`, canonicalQuery(request.query), canonicalHeaders, extra.join(';'), V4_PRESIGN.payloadHash].join('\\n');",
        "const stringToSign = [V4_ALGORITHM, timestamp, scope, sha256Hex(canonicalRequest)].join('\\n');",
        "request.query.push([V4_PRESIGN.signature, createHmac('sha256', signingKey(credentials, day, region)).update(stringToSign, 'utf8').digest('hex')]);",
      ],
    }),
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
