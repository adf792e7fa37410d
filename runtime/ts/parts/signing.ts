/**
 * Model-independent parts of the generated src/signing.ts (generator/emitters/typescript/view-model/signer.ts
 * splices each region into it as it is). The declarations above the regions stand for what the generated file
 * defines from the model.
 */
export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string | undefined;
}
export interface SignableRequest {
  method: string;
  bucket: string;
  key: string;
  query: Array<[string, string | undefined]>;
  headers: Record<string, string>;
}
declare const V4_ALGORITHM: string;
declare const V4_PRODUCT: string;
declare const V4_SECRET_PREFIX: string;
declare const V4_SCOPE_TERMINATOR: string;
declare const V1_ALGORITHM: string;
declare const UNRESERVED: RegExp;
declare const UNRESERVED_PATH: RegExp;
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

// #region encoding
/** Percent-encodes an object key byte by byte (UTF-8), keeping only A-Z a-z 0-9 - _ . ~ and /. */
export function encodeKey(key: string): string {
  // Plain keys (and bucket names) need no encoding: checked first, since each request encodes both twice.
  if (UNRESERVED_PATH.test(key)) return key;
  return encodeStrict(key).replace(/%2F/g, '/');
}

/** RFC 3986 encoding: everything but unreserved characters. */
export function encodeStrict(value: string): string {
  // Most names and values (flags, positions, plain keys) need no encoding: checked first, since this runs several times per request.
  if (UNRESERVED.test(value)) return value;
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase(),
  );
}

/** The query as sent and as V4 signs it: encoded, sorted by name, flags without `=`. */
export function canonicalQuery(query: Array<[string, string | undefined]>): string {
  // Sorted by encoded name (stable: equal names keep their order), then each written `name` or `name=value`.
  const encoded: Array<[string, string]> = [];
  for (const [name, value] of query) {
    const key = encodeStrict(name);
    const part = value === undefined || value === '' ? key : `${key}=${encodeStrict(value)}`;
    encoded.push([key, part]);
  }

  if (encoded.length > 1) encoded.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let out = encoded[0]?.[1] ?? '';
  for (let i = 1; i < encoded.length; i++) out += `&${encoded[i]![1]}`;
  return out;
}
// #endregion

// #region timestamp
/** The second (Unix seconds) `lastStamp` was written for, and that timestamp. */
let lastStampSecond = NaN;
let lastStamp = '';

/** `yyyymmddTHHMMSSZ`. */
export function iso8601Basic(date: Date): string {
  // Sliced out of the ISO string (no regular expressions: it runs on every request); a year outside 0000-9999 makes a longer string, which keeps the general form.
  const ms = date.getTime();
  // One string per second: requests in the same second share it (a Date without a time still throws below).
  if (ms >= lastStampSecond * 1000 && ms < (lastStampSecond + 1) * 1000) return lastStamp;
  const iso = date.toISOString();
  if (iso.length !== 24) return iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  lastStamp =
    iso.slice(0, 4) +
    iso.slice(5, 7) +
    iso.slice(8, 13) +
    iso.slice(14, 16) +
    iso.slice(17, 19) +
    'Z';
  lastStampSecond = Math.floor(ms / 1000);
  return lastStamp;
}
// #endregion

// #region web-signers
/** HMAC of `text` under `key` with WebCrypto (browsers, Deno, Bun, Node 20+). */
async function hmacWeb(
  hash: 'SHA-256' | 'SHA-1',
  key: string | Uint8Array,
  text: string,
): Promise<Uint8Array> {
  const utf8 = new TextEncoder();
  const raw = typeof key === 'string' ? utf8.encode(key) : key;
  const cryptoKey = await globalThis.crypto.subtle.importKey(
    'raw',
    raw as Uint8Array<ArrayBuffer>,
    { name: 'HMAC', hash },
    false,
    ['sign'],
  );
  return new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', cryptoKey, utf8.encode(text)));
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The same as `signV4` (same headers, same signature), with WebCrypto: for platforms without node:crypto. */
export async function signV4Web(
  request: SignableRequest,
  credentials: Credentials,
  region: string,
  now: Date,
): Promise<void> {
  const { canonicalRequest, timestamp, day, scope } = v4CanonicalRequest(
    request,
    credentials,
    region,
    now,
  );
  const digest = new Uint8Array(
    await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonicalRequest)),
  );
  const stringToSign = [V4_ALGORITHM, timestamp, scope, hex(digest)].join('\n');
  let key = await hmacWeb('SHA-256', V4_SECRET_PREFIX + credentials.accessKeySecret, day);
  key = await hmacWeb('SHA-256', key, region);
  key = await hmacWeb('SHA-256', key, V4_PRODUCT);
  key = await hmacWeb('SHA-256', key, V4_SCOPE_TERMINATOR);
  const signature = hex(await hmacWeb('SHA-256', key, stringToSign));
  request.headers.authorization = `${V4_ALGORITHM} Credential=${credentials.accessKeyId}/${scope},Signature=${signature}`;
}

/** The same as `signV1`, with WebCrypto. */
export async function signV1Web(
  request: SignableRequest,
  credentials: Credentials,
  now: Date,
): Promise<void> {
  const stringToSign = v1StringToSign(request, credentials, now);
  const mac = await hmacWeb('SHA-1', credentials.accessKeySecret, stringToSign);
  request.headers.authorization = `${V1_ALGORITHM} ${credentials.accessKeyId}:${btoa(String.fromCharCode(...mac))}`;
}
// #endregion
