/**
 * The cassette format (one scenario per JSON file under test/fixtures/recordings/) and the one
 * comparison the replayer makes between a recorded request and a live one.
 *
 * ```json
 * {
 *   "format": "ossgen-cassette/1",
 *   "scenario": "wrong-position",
 *   "provenance": { "tool": "ossgen 0.1.0 gen mock --record", "upstream": "ossgen simulator", ... },
 *   "interactions": [
 *     { "request": { "method": "POST", "bucket": "examplebucket", "key": "scenarios/wrong-position.log",
 *                    "path": "/examplebucket/scenarios/wrong-position.log",
 *                    "query": { "append": null, "position": "0" },
 *                    "headers": {}, "auth": { "scheme": "v4", "signature": "valid" },
 *                    "body": { "sha256": "…", "size": 5 } },
 *       "response": { "status": 200, "headers": { "x-oss-next-append-position": "5", … }, "body": "" } }
 *   ]
 * }
 * ```
 *
 * Secrets never appear: Authorization, security tokens and the dates that only feed the
 * signature are not recorded; the server's echo of what it signed (StringToSign,
 * CanonicalRequest, SignatureProvided) is replaced by `{{stringToSign}}`-style placeholders
 * that the replayer fills from the live request. Keys are written in sorted order, so a file
 * is byte-stable for the same traffic.
 */
import { createHash } from 'node:crypto';

export const CASSETTE_FORMAT = 'ossgen-cassette/1';

export interface RecordedRequest {
  method: string;
  bucket?: string;
  key?: string;
  /** `/{bucket}/{key}`, percent-encoded as clients send it (for reading; matching uses bucket and key). */
  path: string;
  /** Query parameters by name; `null` for a flag (`append`). */
  query: Record<string, string | null>;
  /** The significant headers (see `isSignificantHeader`), lower-cased. */
  headers: Record<string, string>;
  auth: { scheme: 'v4' | 'v1' | 'none' | 'invalid'; signature: 'valid' | 'invalid' | 'absent' };
  body: { sha256: string; size: number };
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  /** UTF-8 body; binary bodies use `bodyBase64` instead. */
  body?: string;
  bodyBase64?: string;
}

export interface Interaction {
  request: RecordedRequest;
  response: RecordedResponse;
}

export interface Provenance {
  tool: string;
  upstream: string;
  model?: string;
  modelVersion?: string;
  /** For simulator recordings: the simulator's fixed clock (so the file never changes between runs). */
  clock?: string;
  /** For recordings against a real endpoint: the day it was made. */
  recordedOn?: string;
}

export interface Cassette {
  format: typeof CASSETTE_FORMAT;
  scenario: string;
  provenance: Provenance;
  interactions: Interaction[];
}

/**
 * The headers compared on replay (docs/wire-contract.md), the ones that change what the service
 * does: `significant` is the model's test (`MockProtocol.significant`, from `protocol.signing` and
 * the operations' header members).
 */
export function significantHeaders(headers: Record<string, string>, significant: (name: string) => boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers).sort()) if (significant(name)) out[name] = headers[name]!.trim();
  return out;
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** JSON with object keys sorted at every level and a final newline: the byte-stable form of a cassette. */
export function stableJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) {
        const item = (v as Record<string, unknown>)[k];
        if (item !== undefined) out[k] = sort(item);
      }
      return out;
    }
    return v;
  };
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}

export interface Difference {
  field: string;
  expected: string;
  got: string;
}

const show = (v: string | null | undefined) => (v === undefined ? '(absent)' : v === null ? '(flag)' : JSON.stringify(v));

/** Every field in which a live request differs from the recorded one. */
export function compareRequests(expected: RecordedRequest, got: RecordedRequest): Difference[] {
  const diffs: Difference[] = [];
  const check = (field: string, e: string | null | undefined, g: string | null | undefined) => {
    if (e !== g) diffs.push({ field, expected: show(e), got: show(g) });
  };
  check('method', expected.method, got.method);
  check('bucket', expected.bucket, got.bucket);
  check('key', expected.key, got.key);
  for (const name of [...new Set([...Object.keys(expected.query), ...Object.keys(got.query)])].sort()) {
    check(`query.${name}`, expected.query[name], got.query[name]);
  }
  for (const name of [...new Set([...Object.keys(expected.headers), ...Object.keys(got.headers)])].sort()) {
    check(`header.${name}`, expected.headers[name], got.headers[name]);
  }
  check('body.size', String(expected.body.size), String(got.body.size));
  check('body.sha256', expected.body.sha256, got.body.sha256);
  check('auth.scheme', expected.auth.scheme, got.auth.scheme);
  check('auth.signature', expected.auth.signature, got.auth.signature);
  return diffs;
}

/** Elements in which the service echoes what it signed; they hold request dates, so they are templated. */
export const SIGNING_ECHO = ['StringToSign', 'CanonicalRequest', 'SignatureProvided'] as const;

const placeholder = (name: string) => `{{${name[0]!.toLowerCase()}${name.slice(1)}}}`;

export function scrubSigningEcho(xml: string): string {
  let out = xml;
  for (const name of SIGNING_ECHO) out = out.replace(new RegExp(`<${name}>[\\s\\S]*?</${name}>`, 'g'), `<${name}>${placeholder(name)}</${name}>`);
  return out;
}

export function fillSigningEcho(xml: string, values: Partial<Record<(typeof SIGNING_ECHO)[number], string>>, escape: (s: string) => string): string {
  let out = xml;
  for (const name of SIGNING_ECHO) out = out.split(placeholder(name)).join(escape(values[name] ?? ''));
  return out;
}
