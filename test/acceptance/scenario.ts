/**
 * The acceptance scenario every official SDK runs against the simulator (issue 17), and what OSS answers
 * to it (/work/shared/reference/oss-append-object.md). Each SDK's driver performs the same steps through
 * the SDK's own API, as its users would, and reports one observation per step; `expectLikeOss` holds every
 * driver's report to the same answers, so a simulator that differs from OSS fails for every SDK that sees it.
 *
 * Steps (object keys are under a prefix per SDK and variant, so variants never see each other's objects):
 *   put            PutObject `<p>/put` "put body"
 *   append0        AppendObject `<p>/log` at 0 "abc"            -> next position 3
 *   append3        AppendObject at 3 "defg"                      -> next position 7
 *   appendWrong    AppendObject at 3 again                       -> 409 PositionNotEqualToLength, next 7
 *   head           HeadObject `<p>/log`                         -> length 7, Appendable, next 7
 *   meta           GetObjectMeta (HEAD ?objectMeta)              -> length 7, the ETag
 *   range          GetObject Range bytes=1-3                    -> 206 "bcd"
 *   badRange       GetObject Range bytes=100-200                -> 200, the whole object (no range behavior)
 *   override       GetObject response-content-type              -> that Content-Type
 *   notModified    GetObject If-None-Match: <the ETag>           -> 304
 *   preconditionFailed  GetObject If-Match: another ETag      -> 412 PreconditionFailed
 *   exists         the SDK's object-exists check on `<p>/log`     -> true (SDKs without one: no step)
 *   delete         DeleteObject `<p>/put`                       -> 204
 *   missing        the object-exists check on `<p>/put`          -> false (404 NoSuchKey on HEAD ?objectMeta)
 *   gone           HeadObject `<p>/put`                         -> 404
 *   stsPut / stsGet  PutObject + GetObject `<p>/sts` with the STS token -> 200, "sts body"
 *   stsWrong       GetObject with another token                  -> 403 InvalidSecurityToken
 *   appendFile     the SDK's append-only file (SDKs that have one): open `<p>/file`, write "abc", "defg",
 *                  close; open again (it reads the length back), write "hij", close; HeadObject -> 10 bytes
 *   oddPut / oddGet  PutObject + GetObject `<p>/` + ODD_NAME (space, + ~ = & % ! * ' ( ) ; , and non-ASCII:
 *                  each SDK's own key encoding, signed both ways)  -> 200, "odd body"
 * Presigned URLs (`presign` in the report: GET `<p>/log`, V1 and/or V4, with and without the token) are
 * fetched by the test itself with plain HTTP, after the driver is done.
 */
import { request as httpRequest } from 'node:http';
import { expect } from 'vitest';
import { send } from '../../generator/mock/raw-client.js';

export const BUCKET = 'examplebucket';
export const AK = 'ak';
export const SK = 'sk';
/** The region as the SDKs name it (`oss-` + the service's region id) and the simulator's own region. */
export const REGION = 'cn-hangzhou';
/** The token the simulator accepts in x-oss-security-token (a fixture, not a credential). */
export const STS_TOKEN = 'acceptance-sts-token';
export const WRONG_STS_TOKEN = 'another-sts-token';

export const PUT_BODY = 'put body';
export const STS_BODY = 'sts body';
export const FIRST = 'abc';
export const SECOND = 'defg';
export const WHOLE = FIRST + SECOND;
export const RANGE = 'bytes=1-3';
export const BAD_RANGE = 'bytes=100-200';
export const OVERRIDE_TYPE = 'text/x-acceptance';
/** An object name with the characters SDKs encode differently (each driver has the same literal). */
export const ODD_NAME = "odd key +~=&%!*'();,ü中.txt";
export const ODD_BODY = 'odd body';

/** One step's outcome as the SDK shows it; fields the SDK does not expose are left out. */
export interface Observation {
  status?: number;
  code?: string;
  nextPosition?: number;
  contentLength?: number;
  objectType?: string;
  etag?: string;
  contentType?: string;
  body?: string;
  /** An SDK's object-exists check's answer (those that have one ask GetObjectMeta). */
  exists?: boolean;
  /** Anything the driver wants to say (an SDK exception's text when a step failed unexpectedly). */
  error?: string;
}

export interface PresignedUrl {
  /** v1 or v4 */
  scheme: string;
  sts: boolean;
  url: string;
  /** GET (default): fetched, the whole appended object expected. PUT: PRESIGNED_PUT_BODY uploaded to `key`, then read back. */
  method?: 'GET' | 'PUT';
  key?: string;
}

export const PRESIGNED_PUT_BODY = 'presigned put body';

export interface Report {
  sdk: string;
  variant: string;
  steps: Record<string, Observation>;
  presign: PresignedUrl[];
  /** How many calls the driver made through the SDK (recorded in the test's output). */
  calls: number;
}

export type Addressing = 'path' | 'virtual-hosted';
export type Scheme = 'v1' | 'v4';

export interface Variant {
  addressing: Addressing;
  scheme: Scheme;
}

export const VARIANTS: Variant[] = [
  { addressing: 'path', scheme: 'v1' },
  { addressing: 'path', scheme: 'v4' },
  { addressing: 'virtual-hosted', scheme: 'v1' },
  { addressing: 'virtual-hosted', scheme: 'v4' },
];

export const variantName = (v: Variant) => `${v.addressing} ${v.scheme}`;
export const prefixOf = (sdk: string, v: Variant) => `acceptance/${sdk}/${v.addressing}-${v.scheme}`;

/** Every required step, with what OSS answers. `optional` fields are checked only when the SDK exposes them. */
export function expectLikeOss(
  report: Report,
  sdkShows: { errorHeaders: boolean; tokenNotSentAsOssReadsIt?: string; existsCheck?: boolean; appendFile?: boolean },
): void {
  const s = report.steps;
  const step = (name: string): Observation => {
    const o = s[name];
    expect(o, `${report.sdk} ${report.variant}: step ${name} missing from the report`).toBeDefined();
    return o!;
  };
  const context = (name: string) => `${report.sdk} ${report.variant} ${name}: ${JSON.stringify(s[name])}`;

  expect(step('put').status, context('put')).toBe(200);

  expect(step('append0').status, context('append0')).toBe(200);
  expect(step('append0').nextPosition, context('append0')).toBe(FIRST.length);
  expect(step('append3').status, context('append3')).toBe(200);
  expect(step('append3').nextPosition, context('append3')).toBe(WHOLE.length);

  const wrong = step('appendWrong');
  expect(wrong.status, context('appendWrong')).toBe(409);
  expect(wrong.code, context('appendWrong')).toBe('PositionNotEqualToLength');
  // OSS sends the next position with the 409; an SDK whose errors keep the response headers shows it.
  if (sdkShows.errorHeaders) expect(wrong.nextPosition, context('appendWrong')).toBe(WHOLE.length);
  else expect(wrong.nextPosition, context('appendWrong')).toBeUndefined();

  const head = step('head');
  expect(head.status, context('head')).toBe(200);
  expect(head.contentLength, context('head')).toBe(WHOLE.length);
  expect(head.objectType, context('head')).toBe('Appendable');
  expect(head.nextPosition, context('head')).toBe(WHOLE.length);

  const meta = step('meta');
  expect(meta.status, context('meta')).toBe(200);
  expect(meta.contentLength, context('meta')).toBe(WHOLE.length);
  expect(meta.etag, context('meta')).toMatch(/^"?[0-9A-F-]+"?$/i);
  if (meta.nextPosition !== undefined) expect(meta.nextPosition, context('meta')).toBe(WHOLE.length);

  expect(step('range').status, context('range')).toBe(206);
  expect(step('range').body, context('range')).toBe('bcd');
  expect(step('badRange').status, context('badRange')).toBe(200);
  expect(step('badRange').body, context('badRange')).toBe(WHOLE);

  expect(step('override').status, context('override')).toBe(200);
  expect(step('override').contentType, context('override')).toBe(OVERRIDE_TYPE);
  expect(step('override').body, context('override')).toBe(WHOLE);

  expect(step('notModified').status, context('notModified')).toBe(304);
  expect(step('preconditionFailed').status, context('preconditionFailed')).toBe(412);
  expect(step('preconditionFailed').code, context('preconditionFailed')).toBe('PreconditionFailed');

  if (sdkShows.existsCheck !== false) {
    expect(step('exists').exists, context('exists')).toBe(true);
    expect(step('missing').exists, context('missing')).toBe(false);
  }
  expect(step('delete').status, context('delete')).toBe(204);
  expect(step('gone').status, context('gone')).toBe(404);

  expect(step('stsPut').status, context('stsPut')).toBe(200);
  expect(step('stsGet').status, context('stsGet')).toBe(200);
  expect(step('stsGet').body, context('stsGet')).toBe(STS_BODY);
  if (sdkShows.appendFile) {
    expect(step('appendFile').error, context('appendFile')).toBeUndefined();
    expect(step('appendFile').contentLength, context('appendFile')).toBe(10);
  }
  expect(step('oddPut').status, context('oddPut')).toBe(200);
  expect(step('oddGet').status, context('oddGet')).toBe(200);
  expect(step('oddGet').body, context('oddGet')).toBe(ODD_BODY);

  if (sdkShows.tokenNotSentAsOssReadsIt === undefined) {
    expect(step('stsWrong').status, context('stsWrong')).toBe(403);
    expect(step('stsWrong').code, context('stsWrong')).toBe('InvalidSecurityToken');
  } else {
    // The SDK puts the token where OSS does not look for it (the reason says where): OSS, like the
    // simulator, then never sees a token, and the wrong one goes unnoticed with a long-term key.
    expect(step('stsWrong').status, `${context('stsWrong')} (${sdkShows.tokenNotSentAsOssReadsIt})`).toBe(200);
  }
}

/**
 * Fetches a presigned URL with plain HTTP (no SDK, no Authorization): the URL's path and query as they are,
 * its Host as it is, the connection always to the simulator's loopback port (`bucket.localhost` resolves
 * nowhere, which is why virtual-hosted URLs need this).
 */
export function fetchUrl(url: string, mockUrl: string, method: 'GET' | 'PUT' = 'GET', body?: string): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  const mock = new URL(mockUrl);
  // A PUT carries its length and no Content-Type (what the SDKs signed: an empty type on V1's second line).
  const headers = { host: u.host, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) };
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname: mock.hostname, port: mock.port, method, path: `${u.pathname}${u.search}`, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The presigned URLs of a report, each fetched: 200 and the whole appended object. */
export async function expectPresignedWork(
  report: Report,
  mockUrl: string,
  expected: Array<{ scheme: Scheme; sts: boolean; method?: 'GET' | 'PUT' }>,
): Promise<void> {
  for (const want of expected) {
    const found = report.presign.find((p) => p.scheme === want.scheme && p.sts === want.sts && (p.method ?? 'GET') === (want.method ?? 'GET'));
    expect(found, `${report.sdk} ${report.variant}: no presigned ${want.method ?? 'GET'} ${want.scheme}${want.sts ? ' with STS' : ''} URL`).toBeDefined();
  }
  for (const p of report.presign) {
    const what = `${report.sdk} ${report.variant} presigned ${p.method ?? 'GET'} ${p.scheme}${p.sts ? ' + STS' : ''} ${redactUrl(p.url)}`;
    if (p.method === 'PUT') {
      const res = await fetchUrl(p.url, mockUrl, 'PUT', PRESIGNED_PUT_BODY);
      expect(res.status, `${what}: ${res.body}`).toBe(200);
      // Read back with a header-signed request of the mock's own raw client.
      const back = await send(mockUrl, { method: 'GET', bucket: BUCKET, key: p.key! });
      expect(back.status, `${what}: reading ${p.key} back`).toBe(200);
      expect(back.body.toString('utf8'), `${what}: reading ${p.key} back`).toBe(PRESIGNED_PUT_BODY);
      continue;
    }
    const res = await fetchUrl(p.url, mockUrl);
    expect(res.status, `${what}: ${res.body}`).toBe(200);
    expect(res.body, what).toBe(WHOLE);
  }
}

/** A URL with its signature and credential-bearing parameters blanked, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/((?:Signature|x-oss-signature|security-token|x-oss-security-token|x-oss-credential|OSSAccessKeyId)=)[^&]*/gi, '$1…');
}
