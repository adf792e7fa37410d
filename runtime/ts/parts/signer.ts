/**
 * Model-independent parts of the generated src/signer.ts (generator/emitters/typescript/view-model/signer.ts
 * splices each region into it as it is). The declarations above the regions stand for what the generated file
 * imports or defines from the model.
 */
import { createHash, createHmac } from 'node:crypto';
import type { Credentials, SignableRequest } from './signing.js';

declare const V1_ALGORITHM: string;
declare const V4_ALGORITHM: string;
declare const V4_PRODUCT: string;
declare const V4_SCOPE_TERMINATOR: string;
declare const V4_SECRET_PREFIX: string;
declare const V4_PRESIGN: Record<
  | 'algorithm'
  | 'credential'
  | 'date'
  | 'expires'
  | 'signature'
  | 'securityToken'
  | 'additionalHeaders'
  | 'payloadHash',
  string
>;
declare function canonicalQuery(query: Array<[string, string | undefined]>): string;
declare function encodeKey(key: string): string;
declare function isCanonicalHeader(name: string): boolean;
declare function iso8601Basic(date: Date): string;
declare function v4CanonicalRequest(
  request: SignableRequest,
  credentials: Credentials,
  region: string,
  now: Date,
): { canonicalRequest: string; timestamp: string; day: string; scope: string };
declare function v1StringToSign(
  request: SignableRequest,
  credentials: Credentials,
  now: Date,
): string;

// #region signers
function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function hmac256(key: string | Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text, 'utf8').digest();
}

/** The V4 signing key last derived for each credentials object (its secret, day and region with it): it changes once a day, so deriving it (four HMACs) for every request is waste. Keyed by the object, so nothing outlives the credentials; a changed secret, day or region derives it again. */
const signingKeys = new WeakMap<
  Credentials,
  { secret: string; day: string; region: string; key: Buffer }
>();

/** The V4 signing key of `credentials` for `day` (yyyymmdd) and `region`: HMAC chain from the secret over the day, region, product and terminator. */
function signingKey(credentials: Credentials, day: string, region: string): Buffer {
  const secret = credentials.accessKeySecret;
  const cached = signingKeys.get(credentials);
  if (cached && cached.secret === secret && cached.day === day && cached.region === region)
    return cached.key;
  let key = hmac256(V4_SECRET_PREFIX + secret, day);
  key = hmac256(key, region);
  key = hmac256(key, V4_PRODUCT);
  key = hmac256(key, V4_SCOPE_TERMINATOR);
  signingKeys.set(credentials, { secret, day, region, key });
  return key;
}

/** Adds the V4 date, payload-hash, security-token and Authorization headers. The canonical URI always names the bucket. */
export function signV4(
  request: SignableRequest,
  credentials: Credentials,
  region: string,
  now: Date,
): void {
  const { canonicalRequest, timestamp, day, scope } = v4CanonicalRequest(
    request,
    credentials,
    region,
    now,
  );
  const stringToSign = [V4_ALGORITHM, timestamp, scope, sha256Hex(canonicalRequest)].join('\n');
  const signature = createHmac('sha256', signingKey(credentials, day, region))
    .update(stringToSign, 'utf8')
    .digest('hex');
  request.headers.authorization = `${V4_ALGORITHM} Credential=${credentials.accessKeyId}/${scope},Signature=${signature}`;
}

/** Adds the Date, security-token and V1 Authorization headers (HMAC-SHA1 over the V1 string to sign). */
export function signV1(request: SignableRequest, credentials: Credentials, now: Date): void {
  const stringToSign = v1StringToSign(request, credentials, now);
  const signature = createHmac('sha1', credentials.accessKeySecret)
    .update(stringToSign, 'utf8')
    .digest('base64');
  request.headers.authorization = `${V1_ALGORITHM} ${credentials.accessKeyId}:${signature}`;
}
// #endregion

// #region presign-v4
/** Presigns with V4: appends the algorithm, credential, date, expires, additional headers, token and signature parameters to `request.query`. The canonical request signs every query parameter but the signature, the default-signed headers the request will send, the `additionalHeaders` among its other headers (lower-cased, sorted; names it does not send are left out), and the presigned payload hash. */
export function presignV4(
  request: SignableRequest,
  credentials: Credentials,
  region: string,
  now: Date,
  expiresSeconds: number,
  additionalHeaders: readonly string[] = [],
): void {
  const timestamp = iso8601Basic(now);
  const day = timestamp.slice(0, 8);
  const scope = `${day}/${region}/${V4_PRODUCT}/${V4_SCOPE_TERMINATOR}`;
  request.query.push(
    [V4_PRESIGN.algorithm, V4_ALGORITHM],
    [V4_PRESIGN.credential, `${credentials.accessKeyId}/${scope}`],
    [V4_PRESIGN.date, timestamp],
    [V4_PRESIGN.expires, String(expiresSeconds)],
  );
  // Additional headers: ones the request sends that are not signed by default (a model without the parameter signs none).
  const extra = V4_PRESIGN.additionalHeaders
    ? [...new Set(additionalHeaders.map((name) => name.trim().toLowerCase()))]
        .filter((name) => name && !isCanonicalHeader(name) && request.headers[name] !== undefined)
        .sort()
    : [];
  if (extra.length > 0) request.query.push([V4_PRESIGN.additionalHeaders, extra.join(';')]);
  if (credentials.securityToken && V4_PRESIGN.securityToken)
    request.query.push([V4_PRESIGN.securityToken, credentials.securityToken]);
  const names = Object.keys(request.headers)
    .filter((name) => isCanonicalHeader(name) || extra.includes(name))
    .sort();
  const canonicalHeaders = names
    .map((name) => `${name}:${(request.headers[name] ?? '').trim()}\n`)
    .join('');
  const canonicalRequest = [
    request.method,
    `/${encodeKey(request.bucket)}/${encodeKey(request.key)}`,
    canonicalQuery(request.query),
    canonicalHeaders,
    extra.join(';'),
    V4_PRESIGN.payloadHash,
  ].join('\n');
  const stringToSign = [V4_ALGORITHM, timestamp, scope, sha256Hex(canonicalRequest)].join('\n');
  request.query.push([
    V4_PRESIGN.signature,
    createHmac('sha256', signingKey(credentials, day, region))
      .update(stringToSign, 'utf8')
      .digest('hex'),
  ]);
}
// #endregion
