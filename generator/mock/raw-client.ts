/**
 * A minimal hand-built OSS request sender, following docs/wire-contract.md byte for byte: the
 * scenario runner records cassettes with it and the mock's tests drive the server with it. It is
 * deliberately not a client library: no retries, no defaults beyond the contract's.
 */
import http from 'node:http';
import type { QueryParam, SigningCredentials, SigningStrings } from './signing.js';
import { encodePath, httpDate, presignQuery, signV1, signV4, uriEncode, v4Datetime } from './signing.js';

/**
 * The signing strings of docs/wire-contract.md (the project model's, as `signingStrings(ir)` gives
 * them), for tests that send contract requests without an IR at hand; the scenario runner passes
 * its model's own.
 */
export const CONTRACT_SIGNING: SigningStrings = {
  v4: {
    algorithm: 'OSS4-HMAC-SHA256',
    secretPrefix: 'aliyun_v4',
    terminator: 'aliyun_v4_request',
    product: 'oss',
    dateHeader: 'x-oss-date',
    payloadHashHeader: 'x-oss-content-sha256',
    payloadHash: 'UNSIGNED-PAYLOAD',
  },
  v1: { algorithm: 'OSS', dateHeader: 'date' },
  presign: {
    v1: { accessKeyId: 'OSSAccessKeyId', expires: 'Expires', signature: 'Signature', securityToken: 'security-token' },
    v4: {
      algorithm: 'x-oss-signature-version',
      credential: 'x-oss-credential',
      date: 'x-oss-date',
      expires: 'x-oss-expires',
      signature: 'x-oss-signature',
      additionalHeaders: 'x-oss-additional-headers',
      securityToken: 'x-oss-security-token',
      payloadHash: 'UNSIGNED-PAYLOAD',
    },
  },
  signedHeaderPrefix: 'x-oss-',
  signedHeaders: ['content-md5', 'content-type'],
};

/** The query parameters V1 signs in the contract (the project model's `auth.signedSubresources`, sorted). */
export const CONTRACT_SIGNED_SUBRESOURCES: readonly string[] = [
  'acl',
  'append',
  'delete',
  'objectMeta',
  'position',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
  'response-content-language',
  'response-content-type',
  'response-expires',
  'tagging',
  'versionId',
];

export interface RawRequest {
  method: string;
  bucket: string;
  key?: string;
  query?: QueryParam[];
  /** Lower-case header names; Content-Length is added from the body unless `chunked`. */
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** `v4` (default), `v1`, or `none` for an unsigned request. */
  auth?: 'v4' | 'v1' | 'none';
  credentials?: SigningCredentials & { securityToken?: string };
  region?: string;
  /** Signing time, epoch ms (default now). */
  time?: number;
  /** Send `Host: bucket.<vhostBase>` and path `/key` instead of path-style. */
  virtualHost?: string;
  /** Send the body with chunked transfer encoding instead of Content-Length. */
  chunked?: boolean;
  /** The query parameters V1 signs (default CONTRACT_SIGNED_SUBRESOURCES). */
  signedSubresources?: readonly string[];
  /** The signing strings (default CONTRACT_SIGNING). */
  signing?: SigningStrings;
  /** Changes the headers after signing (to test tampering). */
  tamper?: (headers: Record<string, string>) => void;
  /**
   * Presigns instead of signing: the authorization of `auth` (v4 or v1) goes in the query, valid for
   * `expiresSeconds` from `time`, and no Authorization or date header is sent.
   */
  presign?: { expiresSeconds: number; additionalHeaders?: string[] };
  /** Changes the query after signing (to test tampering). */
  tamperQuery?: (query: QueryParam[]) => QueryParam[];
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** The query string as the contract writes it: sorted by name, flags without `=`. */
export function encodeQuery(query: QueryParam[]): string {
  return [...query]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((q) => (q.value === undefined ? uriEncode(q.name, false) : `${uriEncode(q.name, false)}=${uriEncode(q.value, false)}`))
    .join('&');
}

/** Builds the signed headers and target of a request without sending it. */
export function buildSigned(req: RawRequest): { path: string; headers: Record<string, string> } {
  let query = req.query ?? [];
  const headers: Record<string, string> = { ...(req.headers ?? {}) };
  const time = req.time ?? Date.now();
  const creds = req.credentials ?? { accessKeyId: 'ak', accessKeySecret: 'sk' };
  if (creds.securityToken && !req.presign) headers['x-oss-security-token'] = creds.securityToken;
  const signable = { method: req.method, bucket: req.bucket, ...(req.key !== undefined ? { key: req.key } : {}), query, headers };
  const auth = req.auth ?? 'v4';
  const s = req.signing ?? CONTRACT_SIGNING;
  const subresources = req.signedSubresources ?? CONTRACT_SIGNED_SUBRESOURCES;
  if (req.presign && auth !== 'none') {
    const added = presignQuery(s, signable, {
      scheme: auth,
      credentials: creds,
      region: req.region ?? 'cn-hangzhou',
      timeMs: time,
      expiresSeconds: req.presign.expiresSeconds,
      signedSubresources: subresources,
      ...(req.presign.additionalHeaders ? { additionalHeaders: req.presign.additionalHeaders } : {}),
    });
    query = [...query, ...added];
  } else if (auth === 'v4') {
    const datetime = v4Datetime(time);
    headers[s.v4.dateHeader] = datetime;
    headers[s.v4.payloadHashHeader] = s.v4.payloadHash;
    headers['authorization'] = signV4(s, signable, creds, { datetime, region: req.region ?? 'cn-hangzhou', product: s.v4.product }).authorization;
  } else if (auth === 'v1') {
    headers[s.v1.dateHeader] = httpDate(time);
    headers['authorization'] = signV1(s, signable, creds, subresources).authorization;
  }
  if (req.tamperQuery) query = req.tamperQuery(query);
  const qs = encodeQuery(query);
  const path = req.virtualHost ? `/${uriEncode(req.key ?? '', true)}` : encodePath(req.bucket, req.key);
  return { path: `${path}${qs ? `?${qs}` : ''}`, headers };
}

/** Sends a request to `baseUrl` (http://host:port) and reads the whole answer. */
export function send(baseUrl: string, req: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const { path, headers } = buildSigned(req);
  const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
  if (req.virtualHost) headers['host'] = `${req.bucket}.${req.virtualHost}`;
  if (body !== undefined && !req.chunked) headers['content-length'] = String(body.length);
  if (req.chunked) headers['transfer-encoding'] = 'chunked';
  req.tamper?.(headers);
  return new Promise((resolve, reject) => {
    const r = http.request({ hostname: url.hostname, port: url.port, method: req.method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end(body);
  });
}

/**
 * The error document of an answer: its body, or for a body-less answer (HEAD) the base64 document
 * in the header `bodylessHeader` (the model's `protocol.errorBody.bodylessHeader`, `x-oss-err`);
 * without one, the first header whose value is a base64-encoded XML document.
 */
export function errorDocument(res: RawResponse, bodylessHeader?: string): string {
  if (res.body.length > 0) return res.body.toString('utf8');
  const decoded = (value: string | undefined) => (value ? Buffer.from(value, 'base64').toString('utf8') : '');
  if (bodylessHeader !== undefined) return decoded(res.headers[bodylessHeader.toLowerCase()]);
  for (const value of Object.values(res.headers)) {
    if (/^[A-Za-z0-9+/]+={0,2}$/.test(value) && decoded(value).startsWith('<?xml')) return decoded(value);
  }
  return '';
}

/** The `<Name>` element of an answer's error document (see errorDocument). */
export function xmlField(res: RawResponse, name: string, bodylessHeader?: string): string | undefined {
  const xml = errorDocument(res, bodylessHeader);
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  if (!m) return undefined;
  return m[1]!.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);
}
