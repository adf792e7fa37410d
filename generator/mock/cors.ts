/**
 * CORS for browser clients (`gen mock --cors ORIGIN|*`, MockOptions.cors). The service answers CORS
 * from the bucket's rules (PutBucketCors); the mock has one rule for every bucket: the listed
 * origins (or `*`, any origin), every method the model's operations use, any request header, and
 * every header of the answer exposed to the page. Without it a page could not read the headers the
 * append protocol lives on (x-oss-next-append-position, x-oss-hash-crc64ecma, ETag): in a browser
 * those are visible only when the rule exposes them (docs: ali-oss README, PR ali-sdk/ali-oss#1218).
 *
 * - Preflight (OPTIONS with Origin and Access-Control-Request-Method): an allowed origin and method
 *   get 200 with Access-Control-Allow-Origin (the origin, echoed), -Allow-Methods, -Allow-Headers
 *   (the requested ones), -Expose-Headers and -Max-Age, no body; anything else gets 403 (the
 *   service's AccessForbidden), also without the Allow headers, so the browser blocks the request.
 * - Any other request with an allowed Origin: its answer (success or error) carries
 *   Access-Control-Allow-Origin, Vary: Origin, and Access-Control-Expose-Headers listing every
 *   header the answer has (user metadata x-oss-meta-* included).
 * Requests without an Origin, and every request when CORS is off, are answered exactly as before.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IrModel } from '../ir/types.js';

/** Headers a page reads without being told (the CORS-safelisted response headers). */
const SAFELISTED = new Set(['cache-control', 'content-language', 'content-length', 'content-type', 'expires', 'last-modified', 'pragma']);

/** The code the service answers a preflight its CORS rules do not allow with (not an operation's error, so not in the model). */
const CORS_FORBIDDEN = 'AccessForbidden';

/** How long a browser may cache a preflight answer, in seconds. */
export const CORS_MAX_AGE_SECONDS = 600;

export interface CorsPolicy {
  /** Answers a preflight and returns true; false for any other request. */
  preflight(req: IncomingMessage, res: ServerResponse): boolean;
  /** Adds the CORS headers to the answer of an allowed origin's request, whenever it is written. */
  decorate(req: IncomingMessage, res: ServerResponse): void;
}

/** Checks `--cors` values: `*`, or origins `scheme://host[:port]` without a path. */
export function parseCorsOrigins(values: string[]): string[] {
  const origins = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  for (const origin of origins) {
    if (origin === '*') continue;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new Error(`--cors: "${origin}" is not an origin (scheme://host[:port]) or *`);
    }
    if (url.origin !== origin) throw new Error(`--cors: "${origin}" is not an origin; did you mean "${url.origin}"?`);
  }
  if (origins.length === 0) throw new Error('--cors needs an origin or *');
  return origins;
}

export function corsPolicy(ir: IrModel, origins: readonly string[]): CorsPolicy {
  const methods: string[] = [...new Set(ir.operations.map((op) => op.http.method))].sort();
  const allowed = (origin: string | undefined): origin is string => origin !== undefined && (origins.includes('*') || origins.includes(origin));
  return {
    preflight(req, res) {
      const origin = req.headers.origin;
      const method = req.headers['access-control-request-method'];
      if (req.method !== 'OPTIONS' || origin === undefined || method === undefined) return false;
      if (!allowed(origin) || !methods.includes(method.toUpperCase())) {
        const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Code>${CORS_FORBIDDEN}</Code>\n  <Message>CORSResponse: this CORS request is not allowed (origin ${origin.replace(/[<>&]/g, '')}, method ${method.replace(/[<>&]/g, '')}).</Message>\n</Error>\n`;
        res.writeHead(403, { 'content-type': 'application/xml', 'content-length': String(Buffer.byteLength(body)) });
        res.end(body);
        return true;
      }
      const headers: Record<string, string> = {
        'access-control-allow-origin': origin,
        'access-control-allow-methods': methods.join(', '),
        'access-control-max-age': String(CORS_MAX_AGE_SECONDS),
        vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
        'content-length': '0',
      };
      const requested = req.headers['access-control-request-headers'];
      if (requested) headers['access-control-allow-headers'] = requested;
      res.writeHead(200, headers);
      res.end();
      return true;
    },
    decorate(req, res) {
      const origin = req.headers.origin;
      if (!allowed(origin)) return;
      // At writeHead every header of the answer is known: expose exactly those (setHeader'd or passed in).
      const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
      (res as { writeHead: (...args: unknown[]) => ServerResponse }).writeHead = (...args: unknown[]) => {
        const given = args.find((a): a is Record<string, unknown> => typeof a === 'object' && a !== null && !Array.isArray(a));
        const names = new Set([...res.getHeaderNames(), ...Object.keys(given ?? {}).map((n) => n.toLowerCase())]);
        const exposed = [...names].filter((n) => !SAFELISTED.has(n)).sort();
        res.setHeader('access-control-allow-origin', origin);
        res.setHeader('vary', 'Origin');
        if (exposed.length > 0) res.setHeader('access-control-expose-headers', exposed.join(', '));
        return writeHead(...args);
      };
    },
  };
}
