/**
 * OSS request signing, V1 (HMAC-SHA1) and V4 (OSS4-HMAC-SHA256), as pure functions: the mock
 * uses them to verify requests by recomputation, the scenario runner to sign its hand-built
 * requests, and the docs to show a signed raw request. Nothing here reads the clock, the
 * environment or the network; every input is an argument.
 *
 * The rules follow docs/wire-contract.md and the reference (§5):
 * - V4 canonical request: VERB, the URI-encoded `/bucket/key` (always naming the bucket), the
 *   sorted encoded query, the canonical headers (`x-oss-*`, `content-type`, `content-md5`, plus
 *   any additional headers), the additional header names, and the payload hash header's value.
 * - V1 string to sign: VERB, Content-MD5, Content-Type, Date, the canonical `x-oss-*` headers,
 *   and `/bucket/key` with the signed sub-resources.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IrModel } from '../ir/types.js';

/** One query parameter, decoded; `value` undefined (or empty) for a flag such as `append`. */
export interface QueryParam {
  name: string;
  value?: string;
}

/** What signing needs to know about a request. Header names must be lower case. */
export interface SignableRequest {
  method: string;
  /** Bucket name, when the request addresses a bucket. */
  bucket?: string;
  /** Decoded object key (UTF-8 text), when the request addresses an object. */
  key?: string;
  query: QueryParam[];
  headers: Record<string, string>;
}

export interface SigningCredentials {
  accessKeyId: string;
  accessKeySecret: string;
}

export interface V4Scope {
  /** The request time as the string to sign carries it: `yyyymmddTHHMMSSZ` (the V4 date header), or a `Date` header's text verbatim. */
  datetime: string;
  /** The scope's day, `yyyymmdd`; when absent, the first 8 characters of `datetime`. */
  day?: string;
  region: string;
  /** `oss` (or `oss-cloudbox`). */
  product: string;
}

/**
 * The strings each scheme signs with, from the model (`ir.auth.schemes`, `ir.protocol.signing`), so
 * no scheme literal lives here: the algorithm names, V4's secret prefix and scope terminator, the
 * date and payload-hash headers, and the headers signed by default (a prefix plus a list).
 */
export interface SigningStrings {
  v4: {
    algorithm: string;
    secretPrefix: string;
    terminator: string;
    product: string;
    dateHeader: string;
    payloadHashHeader: string;
    payloadHash: string;
  };
  v1: { algorithm: string; dateHeader: string };
  /**
   * The query-string forms (presigned URLs), by scheme, when the model has them: the parameter names
   * (as sent), and for V4 the payload hash of the canonical request.
   */
  presign?: { v1?: PresignParameters; v4?: PresignParameters & { payloadHash: string } };
  /** Lower case: the prefix of the headers both schemes sign (`x-oss-`), and V4's other default-signed headers. */
  signedHeaderPrefix: string;
  signedHeaders: string[];
}

/** A scheme's query parameters for a presigned URL (model `auth.schemes[].presign.parameters`). */
export interface PresignParameters {
  algorithm?: string;
  accessKeyId?: string;
  credential?: string;
  date?: string;
  expires: string;
  signature: string;
  additionalHeaders?: string;
  securityToken?: string;
}

/** The model's signing strings; the semantic checks (M030) made sure both schemes and V4's strings exist. */
export function signingStrings(ir: IrModel): SigningStrings {
  const scheme = (id: 'v4' | 'v1') => {
    const found = ir.auth.schemes.find((s) => s.id === id);
    if (!found) throw new Error(`signing: the model has no ${id} scheme (the semantic checks should have reported it)`);
    return found;
  };
  const v4 = scheme('v4');
  const v1 = scheme('v1');
  const need = (value: string | undefined, what: string) => {
    if (value === undefined) throw new Error(`signing: the v4 scheme has no ${what} (the semantic checks should have reported it)`);
    return value;
  };
  const presign: NonNullable<SigningStrings['presign']> = {};
  if (v1.presign) presign.v1 = { ...v1.presign.parameters };
  // The semantic checks (M030) made sure a V4 presigned form has its payload hash.
  if (v4.presign) presign.v4 = { ...v4.presign.parameters, payloadHash: need(v4.presign.payloadHash, 'presign.payloadHash') };
  return {
    ...(v1.presign || v4.presign ? { presign } : {}),
    v4: {
      algorithm: v4.algorithm,
      secretPrefix: need(v4.secretPrefix, 'secretPrefix'),
      terminator: need(v4.scopeTerminator, 'scopeTerminator'),
      product: need(v4.product, 'product'),
      dateHeader: v4.dateHeader.toLowerCase(),
      payloadHashHeader: need(v4.payloadHashHeader, 'payloadHashHeader').toLowerCase(),
      payloadHash: need(v4.payloadHash, 'payloadHash'),
    },
    v1: { algorithm: v1.algorithm, dateHeader: v1.dateHeader.toLowerCase() },
    signedHeaderPrefix: ir.protocol.signing.signedHeaderPrefix.toLowerCase(),
    signedHeaders: ir.protocol.signing.signedHeaders,
  };
}

const UNRESERVED = /[A-Za-z0-9\-_.~]/;

/**
 * Percent-encodes UTF-8 bytes, keeping only `A-Z a-z 0-9 - _ . ~` (and `/` when `keepSlash`);
 * hex digits are upper case. This is the encoding of both the URL path and the V4 canonical URI.
 */
export function uriEncode(text: string, keepSlash: boolean): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if ((byte < 0x80 && UNRESERVED.test(ch)) || (keepSlash && ch === '/')) out += ch;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The path a request puts on the wire for `/{bucket}/{key}` (path-style) or `/{key}` (virtual-hosted). */
export function encodePath(bucket: string | undefined, key: string | undefined): string {
  if (bucket === undefined) return `/${uriEncode(key ?? '', true)}`;
  return `/${bucket}/${uriEncode(key ?? '', true)}`;
}

/** V4 canonical URI: `/bucket/key` encoded (keeping `/`), `/bucket/` for a bucket, `/` for the service. */
export function v4CanonicalUri(bucket: string | undefined, key: string | undefined): string {
  if (bucket === undefined) return '/';
  return `/${bucket}/${key === undefined ? '' : uriEncode(key, true)}`;
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** V4 canonical query: every parameter, names and values encoded, sorted, `name` alone when empty. */
export function v4CanonicalQuery(query: QueryParam[]): string {
  return query
    .map((q) => ({ name: uriEncode(q.name, false), value: q.value ? uriEncode(q.value, false) : '' }))
    .sort((a, b) => byCodeUnits(a.name, b.name) || byCodeUnits(a.value, b.value))
    .map((q) => (q.value ? `${q.name}=${q.value}` : q.name))
    .join('&');
}

function isDefaultSignedV4(s: SigningStrings, name: string): boolean {
  return name.startsWith(s.signedHeaderPrefix) || s.signedHeaders.includes(name);
}

/**
 * The additional headers that actually take part in a V4 signature: lower-cased, present in the
 * request, not already signed by default, sorted and de-duplicated.
 */
export function v4AdditionalHeaders(s: SigningStrings, headers: Record<string, string>, additional: string[] = []): string[] {
  const names = new Set<string>();
  for (const raw of additional) {
    const name = raw.trim().toLowerCase();
    if (name && !isDefaultSignedV4(s, name) && headers[name] !== undefined) names.add(name);
  }
  return [...names].sort(byCodeUnits);
}

/**
 * V4 canonical request (see the file comment); `additional` is the AdditionalHeaders list, if any;
 * `payloadHash` the hash used when the request has no payload-hash header (a presigned URL's).
 */
export function v4CanonicalRequest(s: SigningStrings, req: SignableRequest, additional: string[] = [], payloadHash = s.v4.payloadHash): string {
  const extra = v4AdditionalHeaders(s, req.headers, additional);
  const signed = Object.keys(req.headers)
    .filter((name) => isDefaultSignedV4(s, name) || extra.includes(name))
    .sort(byCodeUnits);
  const canonicalHeaders = signed.map((name) => `${name}:${(req.headers[name] ?? '').trim()}\n`).join('');
  return [
    req.method.toUpperCase(),
    v4CanonicalUri(req.bucket, req.key),
    v4CanonicalQuery(req.query),
    canonicalHeaders,
    extra.join(';'),
    req.headers[s.v4.payloadHashHeader] ?? payloadHash,
  ].join('\n');
}

/** `yyyymmdd/region/product/<terminator>`. */
export function v4CredentialScope(s: SigningStrings, scope: V4Scope): string {
  return `${scopeDay(scope)}/${scope.region}/${scope.product}/${s.v4.terminator}`;
}

function scopeDay(scope: V4Scope): string {
  return scope.day ?? scope.datetime.slice(0, 8);
}

/** `yyyymmddTHHMMSSZ` → epoch ms (NaN when malformed). */
export function parseV4Date(text: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

/** A request's time for one scheme, and the text its string to sign carries. */
export interface RequestDate {
  /** The header the time was read from (lower case). */
  header: string;
  /** The header's value, verbatim. */
  text: string;
  /** Epoch milliseconds (NaN when the value cannot be read as a date). */
  epochMs: number;
}

/**
 * When a request was made, as the service reads it for a scheme. Each scheme has its own date
 * header (V4 `x-oss-date` in `yyyymmddTHHMMSSZ`, V1 `Date` in RFC 1123), and each falls back to the
 * other's when its own is absent: the official Go SDK signs V4 with only `Date` (its text verbatim in
 * the string to sign, the scope's day taken from it), and ali-oss signs V1 with only `x-oss-date`
 * (an RFC 1123 value on the Date line). Either format is read in either header.
 */
export function requestDate(s: SigningStrings, headers: Readonly<Record<string, string | undefined>>, scheme: 'v4' | 'v1'): RequestDate | undefined {
  const order = scheme === 'v4' ? [s.v4.dateHeader, s.v1.dateHeader] : [s.v1.dateHeader, s.v4.dateHeader];
  for (const header of order) {
    const text = headers[header];
    if (text === undefined) continue;
    const basic = parseV4Date(text);
    return { header, text, epochMs: Number.isNaN(basic) ? Date.parse(text) : basic };
  }
  return undefined;
}

/** `yyyymmdd` (UTC) of a time. */
function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10).replace(/-/g, '');
}

export function v4StringToSign(s: SigningStrings, canonicalRequest: string, scope: V4Scope): string {
  const hash = createHash('sha256').update(canonicalRequest, 'utf8').digest('hex');
  return `${s.v4.algorithm}\n${scope.datetime}\n${v4CredentialScope(s, scope)}\n${hash}`;
}

/** The derived signing key: HMAC chain keyed with the secret prefix + secret, over date, region, product and the terminator. */
export function v4SigningKey(s: SigningStrings, secret: string, date: string, region: string, product: string): Buffer {
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
  return hmac(hmac(hmac(hmac(`${s.v4.secretPrefix}${secret}`, date), region), product), s.v4.terminator);
}

export interface V4Signed {
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
  authorization: string;
}

/**
 * Signs a request with V4. The request's headers must already hold the date header (equal to
 * `scope.datetime`) and the payload hash header, as they will be sent.
 */
export function signV4(s: SigningStrings, req: SignableRequest, creds: SigningCredentials, scope: V4Scope, additional: string[] = []): V4Signed {
  const canonicalRequest = v4CanonicalRequest(s, req, additional);
  const stringToSign = v4StringToSign(s, canonicalRequest, scope);
  const key = v4SigningKey(s, creds.accessKeySecret, scopeDay(scope), scope.region, scope.product);
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  const extra = v4AdditionalHeaders(s, req.headers, additional);
  const authorization =
    `${s.v4.algorithm} Credential=${creds.accessKeyId}/${v4CredentialScope(s, scope)},` +
    (extra.length ? `AdditionalHeaders=${extra.join(';')},` : '') +
    `Signature=${signature}`;
  return { canonicalRequest, stringToSign, signature, authorization };
}

/** `yyyymmddTHHMMSSZ` for a time in milliseconds since the epoch. */
export function v4Datetime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** RFC 1123 date in GMT (`Wed, 28 Dec 2022 10:27:41 GMT`), the V1 `Date` header. */
export function httpDate(epochMs: number): string {
  return new Date(epochMs).toUTCString();
}

/** V1 canonicalized resource: `/bucket/key` (raw key) plus the signed sub-resources present, sorted. */
export function v1CanonicalResource(req: SignableRequest, signedSubresources: readonly string[]): string {
  let resource = req.bucket === undefined ? '/' : `/${req.bucket}/${req.key ?? ''}`;
  const subs = req.query
    .filter((q) => signedSubresources.includes(q.name))
    .sort((a, b) => byCodeUnits(a.name, b.name))
    .map((q) => (q.value ? `${q.name}=${q.value}` : q.name));
  if (subs.length) resource += `?${subs.join('&')}`;
  return resource;
}

/**
 * V1 string to sign. The Date line is V1's date header (or V4's when there is none), or `dateLine`
 * when given (a presigned URL's Expires).
 */
export function v1StringToSign(s: SigningStrings, req: SignableRequest, signedSubresources: readonly string[], dateLine?: string): string {
  const h = req.headers;
  const ossHeaders = Object.keys(h)
    .filter((name) => name.startsWith(s.signedHeaderPrefix))
    .sort(byCodeUnits)
    .map((name) => `${name}:${(h[name] ?? '').trim()}\n`)
    .join('');
  const date = dateLine ?? requestDate(s, h, 'v1')?.text ?? '';
  return `${req.method.toUpperCase()}\n${h['content-md5'] ?? ''}\n${h['content-type'] ?? ''}\n${date}\n${ossHeaders}${v1CanonicalResource(req, signedSubresources)}`;
}

export interface V1Signed {
  stringToSign: string;
  signature: string;
  authorization: string;
}

export function signV1(s: SigningStrings, req: SignableRequest, creds: SigningCredentials, signedSubresources: readonly string[]): V1Signed {
  const stringToSign = v1StringToSign(s, req, signedSubresources);
  const signature = createHmac('sha1', creds.accessKeySecret).update(stringToSign, 'utf8').digest('base64');
  return { stringToSign, signature, authorization: `${s.v1.algorithm} ${creds.accessKeyId}:${signature}` };
}

export type ParsedAuthorization =
  | { scheme: 'v4'; accessKeyId: string; date: string; region: string; product: string; terminator: string; additionalHeaders: string[]; signature: string }
  | { scheme: 'v1'; accessKeyId: string; signature: string }
  | { scheme: 'invalid'; reason: string };

/** Parses an Authorization header of either scheme; never throws. */
export function parseAuthorization(s: SigningStrings, header: string): ParsedAuthorization {
  const value = header.trim();
  if (value.startsWith(`${s.v4.algorithm} `)) {
    const fields = new Map<string, string>();
    for (const part of value.slice(s.v4.algorithm.length + 1).split(',')) {
      const eq = part.indexOf('=');
      if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
    const credential = fields.get('Credential');
    const signature = fields.get('Signature');
    if (!credential || !signature) return { scheme: 'invalid', reason: 'the V4 Authorization header needs Credential and Signature' };
    const parts = credential.split('/');
    if (parts.length !== 5) return { scheme: 'invalid', reason: `the V4 Credential "${credential}" is not AK/date/region/product/${s.v4.terminator}` };
    const [accessKeyId, date, region, product, terminator] = parts as [string, string, string, string, string];
    const additional = fields.get('AdditionalHeaders');
    return { scheme: 'v4', accessKeyId, date, region, product, terminator, additionalHeaders: additional ? additional.split(';') : [], signature };
  }
  const v1Prefix = `${s.v1.algorithm} `;
  const v1 = value.startsWith(v1Prefix) ? /^([^:\s]+):(\S+)$/.exec(value.slice(v1Prefix.length)) : null;
  if (v1) return { scheme: 'v1', accessKeyId: v1[1]!, signature: v1[2]! };
  return { scheme: 'invalid', reason: `the Authorization header is neither "${s.v4.algorithm} …" nor "${s.v1.algorithm} AK:SIGNATURE"` };
}

export interface VerifyOptions {
  strings: SigningStrings;
  credentials: SigningCredentials;
  /** The region a V4 scope must name. */
  region: string;
  product: string;
  signedSubresources: readonly string[];
}

/** What a presigned request (authorization in the query) says about its validity. */
export interface PresignedInfo {
  scheme: 'v4' | 'v1';
  /** When the URL stops working, epoch ms (NaN when its expiry cannot be read). */
  expiresAtMs: number;
  /** V4: the validity the URL asks for, in seconds (NaN when not a decimal number). */
  expiresSeconds?: number;
  /** The security token the query carries, if any. */
  securityToken?: string;
}

export type VerifyResult =
  | { ok: true; scheme: 'v4' | 'v1'; stringToSign: string; canonicalRequest?: string; presigned?: PresignedInfo }
  | {
      ok: false;
      scheme: 'v4' | 'v1' | 'none' | 'invalid';
      /** Set when the request is presigned (its expiry is checked before its signature). */
      presigned?: PresignedInfo;
      /**
       * What failed: `denied` (unsigned or malformed: the service answers AccessDenied),
       * `unknown-key` (InvalidAccessKeyId), `mismatch` (SignatureDoesNotMatch).
       */
      failure: 'denied' | 'unknown-key' | 'mismatch';
      reason: string;
      stringToSign?: string;
      canonicalRequest?: string;
      signatureProvided?: string;
      accessKeyId?: string;
    };

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Verifies a request's Authorization header by recomputing the signature the way the service
 * does. Clock skew is not checked here (it needs the clock); see the simulator.
 */
export function verifySignature(req: SignableRequest, options: VerifyOptions): VerifyResult {
  const header = req.headers['authorization'];
  if (header === undefined || header.trim() === '') {
    const presigned = presignedScheme(options.strings, req.query);
    if (presigned) return verifyPresigned(req, options, presigned);
    return { ok: false, scheme: 'none', failure: 'denied', reason: 'the request is not signed (no Authorization header)' };
  }
  const s = options.strings;
  const auth = parseAuthorization(s, header);
  if (auth.scheme === 'invalid') return { ok: false, scheme: 'invalid', failure: 'denied', reason: auth.reason };
  if (auth.accessKeyId !== options.credentials.accessKeyId) {
    return { ok: false, scheme: auth.scheme, failure: 'unknown-key', reason: `unknown access key id "${auth.accessKeyId}"`, accessKeyId: auth.accessKeyId };
  }
  if (auth.scheme === 'v1') {
    const signed = signV1(s, req, options.credentials, options.signedSubresources);
    if (sameText(signed.signature, auth.signature)) return { ok: true, scheme: 'v1', stringToSign: signed.stringToSign };
    return {
      ok: false,
      scheme: 'v1',
      failure: 'mismatch',
      reason: 'the V1 signature does not match',
      stringToSign: signed.stringToSign,
      signatureProvided: auth.signature,
      accessKeyId: auth.accessKeyId,
    };
  }
  // The string to sign carries the date header's text verbatim; the scope's day is that time's UTC day.
  const sent = requestDate(s, req.headers, 'v4');
  const datetime = sent?.text ?? '';
  const day = sent && !Number.isNaN(sent.epochMs) ? utcDay(sent.epochMs) : datetime.slice(0, 8);
  // The scope the client claims is the one signed; a wrong region or date then fails like a wrong key.
  const scope: V4Scope = { datetime, day, region: options.region, product: options.product };
  const signed = signV4(s, req, options.credentials, scope, auth.additionalHeaders);
  const scopeOk = auth.date === day && auth.region === options.region && auth.product === options.product && auth.terminator === s.v4.terminator;
  if (scopeOk && sameText(signed.signature, auth.signature)) {
    return { ok: true, scheme: 'v4', stringToSign: signed.stringToSign, canonicalRequest: signed.canonicalRequest };
  }
  return {
    ok: false,
    scheme: 'v4',
    failure: 'mismatch',
    reason: scopeOk
      ? 'the V4 signature does not match'
      : `the V4 credential scope ${auth.date}/${auth.region}/${auth.product}/${auth.terminator} does not match ${day}/${options.region}/${options.product}/${s.v4.terminator}`,
    stringToSign: signed.stringToSign,
    canonicalRequest: signed.canonicalRequest,
    signatureProvided: auth.signature,
    accessKeyId: auth.accessKeyId,
  };
}

// ---------------------------------------------------------------------------------------------
// Presigned URLs: the authorization in the query string (model `auth.schemes[].presign`).

const queryValue = (query: QueryParam[], name: string | undefined) => (name === undefined ? undefined : query.find((q) => q.name === name)?.value ?? (query.some((q) => q.name === name) ? '' : undefined));

/** The scheme whose signature parameter the query carries (V4 first), if any. */
export function presignedScheme(s: SigningStrings, query: QueryParam[]): 'v4' | 'v1' | undefined {
  if (s.presign?.v4 && queryValue(query, s.presign.v4.signature) !== undefined) return 'v4';
  if (s.presign?.v1 && queryValue(query, s.presign.v1.signature) !== undefined) return 'v1';
  return undefined;
}

export interface PresignRequestOptions {
  scheme: 'v4' | 'v1';
  credentials: SigningCredentials & { securityToken?: string };
  /** V4 scope region. */
  region: string;
  /** Signing time, epoch ms. */
  timeMs: number;
  expiresSeconds: number;
  /** V1: the model's signed sub-resources (the security token's parameter is added). */
  signedSubresources: readonly string[];
  /** V4: additional headers to sign (they must then be sent). */
  additionalHeaders?: string[];
}

/**
 * The query parameters that presign a request (to append to its own query): V1 key id, Expires
 * (signing time + validity, Unix seconds), token and Signature; V4 algorithm, credential, date,
 * expires, additional headers, token and signature. The request's headers are the ones that will be
 * sent (the default-signed among them are signed).
 */
export function presignQuery(s: SigningStrings, req: SignableRequest, o: PresignRequestOptions): QueryParam[] {
  if (o.scheme === 'v1') {
    const p = s.presign?.v1;
    if (!p?.accessKeyId) throw new Error('signing: the model has no V1 presigned form');
    const expires = String(Math.floor(o.timeMs / 1000) + o.expiresSeconds);
    const token = o.credentials.securityToken && p.securityToken ? [{ name: p.securityToken, value: o.credentials.securityToken }] : [];
    const subresources = p.securityToken ? [...o.signedSubresources, p.securityToken] : o.signedSubresources;
    const stringToSign = v1StringToSign(s, { ...req, query: [...req.query, ...token] }, subresources, expires);
    const signature = createHmac('sha1', o.credentials.accessKeySecret).update(stringToSign, 'utf8').digest('base64');
    return [{ name: p.accessKeyId, value: o.credentials.accessKeyId }, { name: p.expires, value: expires }, ...token, { name: p.signature, value: signature }];
  }
  const p = s.presign?.v4;
  if (!p?.algorithm || !p.credential || !p.date) throw new Error('signing: the model has no V4 presigned form');
  const datetime = v4Datetime(o.timeMs);
  const scope: V4Scope = { datetime, region: o.region, product: s.v4.product };
  const extra = v4AdditionalHeaders(s, req.headers, o.additionalHeaders ?? []);
  const added: QueryParam[] = [
    { name: p.algorithm, value: s.v4.algorithm },
    { name: p.credential, value: `${o.credentials.accessKeyId}/${v4CredentialScope(s, scope)}` },
    { name: p.date, value: datetime },
    { name: p.expires, value: String(o.expiresSeconds) },
  ];
  if (extra.length && p.additionalHeaders) added.push({ name: p.additionalHeaders, value: extra.join(';') });
  if (o.credentials.securityToken && p.securityToken) added.push({ name: p.securityToken, value: o.credentials.securityToken });
  const canonical = v4CanonicalRequest(s, { ...req, query: [...req.query, ...added] }, extra, p.payloadHash);
  const stringToSign = v4StringToSign(s, canonical, scope);
  const key = v4SigningKey(s, o.credentials.accessKeySecret, scopeDay(scope), o.region, s.v4.product);
  added.push({ name: p.signature, value: createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex') });
  return added;
}

/** Verifies a presigned request by recomputation; the caller checks its expiry (it needs the clock). */
function verifyPresigned(req: SignableRequest, options: VerifyOptions, scheme: 'v4' | 'v1'): VerifyResult {
  const s = options.strings;
  const q = req.query;
  if (scheme === 'v1') {
    const p = s.presign!.v1!;
    const accessKeyId = queryValue(q, p.accessKeyId) ?? '';
    const expiresText = queryValue(q, p.expires) ?? '';
    const signatureProvided = queryValue(q, p.signature) ?? '';
    const securityToken = queryValue(q, p.securityToken);
    const presigned: PresignedInfo = { scheme, expiresAtMs: /^\d+$/.test(expiresText) ? Number(expiresText) * 1000 : NaN, ...(securityToken !== undefined ? { securityToken } : {}) };
    if (!accessKeyId) return { ok: false, scheme, presigned, failure: 'denied', reason: `the presigned URL has no ${p.accessKeyId ?? 'access key id'}` };
    if (accessKeyId !== options.credentials.accessKeyId) return { ok: false, scheme, presigned, failure: 'unknown-key', reason: `unknown access key id "${accessKeyId}"`, accessKeyId };
    const subresources = p.securityToken ? [...options.signedSubresources, p.securityToken] : options.signedSubresources;
    const stringToSign = v1StringToSign(s, req, subresources, expiresText);
    const signature = createHmac('sha1', options.credentials.accessKeySecret).update(stringToSign, 'utf8').digest('base64');
    if (sameText(signature, signatureProvided)) return { ok: true, scheme, stringToSign, presigned };
    return { ok: false, scheme, presigned, failure: 'mismatch', reason: 'the V1 presigned signature does not match', stringToSign, signatureProvided, accessKeyId };
  }
  const p = s.presign!.v4!;
  const datetime = queryValue(q, p.date) ?? '';
  const expiresText = queryValue(q, p.expires) ?? '';
  const expiresSeconds = /^\d+$/.test(expiresText) ? Number(expiresText) : NaN;
  const securityToken = queryValue(q, p.securityToken);
  const presigned: PresignedInfo = { scheme, expiresAtMs: parseV4Date(datetime) + expiresSeconds * 1000, expiresSeconds, ...(securityToken !== undefined ? { securityToken } : {}) };
  const algorithm = queryValue(q, p.algorithm);
  if (algorithm !== s.v4.algorithm) return { ok: false, scheme, presigned, failure: 'denied', reason: `the presigned URL's ${p.algorithm} must be ${s.v4.algorithm}` };
  const credential = (queryValue(q, p.credential) ?? '').split('/');
  if (credential.length !== 5) return { ok: false, scheme, presigned, failure: 'denied', reason: `the presigned URL's ${p.credential} is not AK/date/region/product/${s.v4.terminator}` };
  const [accessKeyId, day, region, product, terminator] = credential as [string, string, string, string, string];
  if (accessKeyId !== options.credentials.accessKeyId) return { ok: false, scheme, presigned, failure: 'unknown-key', reason: `unknown access key id "${accessKeyId}"`, accessKeyId };
  const additional = (queryValue(q, p.additionalHeaders) ?? '').split(';').filter(Boolean);
  // Every query parameter but the signature is signed.
  const signedQuery = q.filter((param) => param.name !== p.signature);
  const canonicalRequest = v4CanonicalRequest(s, { ...req, query: signedQuery }, additional, p.payloadHash);
  const scope: V4Scope = { datetime, day, region: options.region, product: options.product };
  const stringToSign = v4StringToSign(s, canonicalRequest, scope);
  const key = v4SigningKey(s, options.credentials.accessKeySecret, day, options.region, options.product);
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  const signatureProvided = queryValue(q, p.signature) ?? '';
  const scopeOk = day === datetime.slice(0, 8) && region === options.region && product === options.product && terminator === s.v4.terminator;
  if (scopeOk && sameText(signature, signatureProvided)) return { ok: true, scheme, stringToSign, canonicalRequest, presigned };
  return {
    ok: false,
    scheme,
    presigned,
    failure: 'mismatch',
    reason: scopeOk ? 'the V4 presigned signature does not match' : `the presigned credential scope ${day}/${region}/${product}/${terminator} does not match ${datetime.slice(0, 8)}/${options.region}/${options.product}/${s.v4.terminator}`,
    stringToSign,
    canonicalRequest,
    signatureProvided,
    accessKeyId,
  };
}
