/**
 * Replay of recorded cassettes (`gen mock --fixtures DIR`). Each scenario is a cursor over its
 * interactions; a request goes to the scenario whose cassette uses its bucket and key, must match
 * the interaction under the cursor (method, bucket, key, query, significant headers, body digest
 * and size, and the signature's validity, recomputed with the test credentials), and gets the
 * recorded response. A mismatch answers 400 `MockMismatch` naming the scenario, the interaction
 * and every differing field, and is kept for `/__mock/report`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type { IrModel } from '../ir/types.js';
import {
  CASSETTE_FORMAT,
  compareRequests,
  fillSigningEcho,
  significantHeaders,
  type Cassette,
  type Difference,
  type RecordedRequest,
} from './cassette.js';
import { mockProtocol } from './protocol.js';
import { encodePath, verifySignature, type VerifyResult } from './signing.js';
import { hostIdFor, respond, sendError, xmlEscape, type ResponseContext, type WireRequest } from './wire.js';

export function loadCassettes(dir: string): Cassette[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  return files.map((file) => {
    const cassette = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Cassette;
    if (cassette.format !== CASSETTE_FORMAT || !Array.isArray(cassette.interactions)) {
      throw new Error(`${join(dir, file)} is not an ${CASSETTE_FORMAT} cassette`);
    }
    return cassette;
  });
}

export function authOf(result: VerifyResult): RecordedRequest['auth'] {
  if (result.ok) return { scheme: result.scheme, signature: 'valid' };
  if (result.scheme === 'none') return { scheme: 'none', signature: 'absent' };
  return { scheme: result.scheme, signature: 'invalid' };
}

/** The recorded form of a live request (`significant`: the headers replay compares, MockProtocol.significant). */
export function describeRequest(wire: WireRequest, body: { sha256: string; size: number }, verified: VerifyResult, significant: (name: string) => boolean): RecordedRequest {
  const query: Record<string, string | null> = {};
  for (const q of [...wire.query].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) query[q.name] = q.value ?? null;
  return {
    method: wire.method,
    ...(wire.bucket !== undefined ? { bucket: wire.bucket } : {}),
    ...(wire.key !== undefined ? { key: wire.key } : {}),
    path: encodePath(wire.bucket, wire.key),
    query,
    headers: significantHeaders(wire.headers, significant),
    auth: authOf(verified),
    body,
  };
}

/** Reads and hashes a request body without keeping it. */
export async function digestBody(req: IncomingMessage): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}

export interface UnmatchedRequest {
  scenario: string | null;
  /** Index of the interaction it was compared with (0-based), or null. */
  interaction: number | null;
  request: { method: string; bucket?: string; key?: string; query: Record<string, string | null> };
  differences: Difference[];
  message: string;
}

export interface UnusedInteraction {
  scenario: string;
  interaction: number;
  method: string;
  bucket?: string;
  key?: string;
  query: Record<string, string | null>;
}

export interface MockReport {
  unmatched: UnmatchedRequest[];
  unused: UnusedInteraction[];
}

export interface ReplayOptions {
  ir: IrModel;
  cassettes: Cassette[];
  region: string;
  accessKeyId: string;
  accessKeySecret: string;
  clock: () => number;
  nextRequestId: () => string;
}

const describeCall = (r: { method: string; bucket?: string; key?: string; query: Record<string, string | null> }) => {
  const q = Object.entries(r.query)
    .map(([k, v]) => (v === null ? k : `${k}=${v}`))
    .join('&');
  return `${r.method} /${r.bucket ?? ''}/${r.key ?? ''}${q ? `?${q}` : ''}`;
};

export class Replayer {
  private readonly cursors = new Map<string, number>();
  private unmatched: UnmatchedRequest[] = [];

  constructor(private readonly o: ReplayOptions) {
    for (const c of o.cassettes) this.cursors.set(c.scenario, 0);
  }

  /** The scenario whose cassette uses this bucket and key. */
  private scenarioFor(bucket: string | undefined, key: string | undefined): Cassette | undefined {
    return this.o.cassettes.find((c) => c.interactions.some((i) => i.request.bucket === bucket && i.request.key === key));
  }

  async handle(req: IncomingMessage, res: ServerResponse, wire: WireRequest): Promise<void> {
    const body = await digestBody(req);
    const p = mockProtocol(this.o.ir);
    const ctx: ResponseContext = { protocol: p.protocol, requestId: this.o.nextRequestId(), hostId: hostIdFor(this.o.ir.endpoint.template, wire.bucket, this.o.region), method: wire.method, now: this.o.clock() };
    const verified = verifySignature(wire, {
      strings: p.signing,
      credentials: { accessKeyId: this.o.accessKeyId, accessKeySecret: this.o.accessKeySecret },
      region: this.o.region,
      product: p.signing.v4.product,
      signedSubresources: this.o.ir.auth.signedSubresources,
    });
    const live = describeRequest(wire, body, verified, p.significant);
    const cassette = this.scenarioFor(wire.bucket, wire.key);
    if (!cassette) {
      const message = `No cassette records bucket "${wire.bucket ?? ''}" and key "${wire.key ?? ''}" (request ${describeCall(live)}).`;
      return this.mismatch(res, ctx, { scenario: null, interaction: null, request: live, differences: [], message });
    }
    const total = cassette.interactions.length;
    let cursor = this.cursors.get(cassette.scenario) ?? 0;
    // A scenario played to the end starts over when its first request comes again (a test run twice).
    if (cursor >= total && compareRequests(cassette.interactions[0]!.request, live).length === 0) cursor = 0;
    if (cursor >= total) {
      const message = `Scenario "${cassette.scenario}": all ${total} interactions were already played; unexpected ${describeCall(live)}.`;
      return this.mismatch(res, ctx, { scenario: cassette.scenario, interaction: null, request: live, differences: [], message });
    }
    const interaction = cassette.interactions[cursor]!;
    const differences = compareRequests(interaction.request, live);
    if (differences.length > 0) {
      const fields = differences.map((d) => `${d.field}: expected ${d.expected}, got ${d.got}`).join('; ');
      const message = `Scenario "${cassette.scenario}", interaction ${cursor + 1} of ${total} (${describeCall(interaction.request)}) does not match ${describeCall(live)}: ${fields}.`;
      return this.mismatch(res, ctx, { scenario: cassette.scenario, interaction: cursor, request: live, differences, message });
    }
    this.cursors.set(cassette.scenario, cursor + 1);
    const recorded = interaction.response;
    const echo = verified.ok
      ? {}
      : {
          StringToSign: verified.stringToSign ?? '',
          CanonicalRequest: verified.canonicalRequest ?? '',
          SignatureProvided: verified.signatureProvided ?? '',
        };
    const headers: Record<string, string> = { ...recorded.headers };
    const bodyless = p.headers.bodyless;
    if (bodyless && headers[bodyless]) {
      const xml = Buffer.from(headers[bodyless], 'base64').toString('utf8');
      headers[bodyless] = Buffer.from(fillSigningEcho(xml, echo, xmlEscape), 'utf8').toString('base64');
    }
    let payload = recorded.bodyBase64 !== undefined ? Buffer.from(recorded.bodyBase64, 'base64') : Buffer.from(recorded.body ?? '', 'utf8');
    if (recorded.body !== undefined && recorded.body.includes('{{')) payload = Buffer.from(fillSigningEcho(recorded.body, echo, xmlEscape), 'utf8');
    if (wire.method !== 'HEAD' && headers['content-length'] !== undefined) headers['content-length'] = String(payload.length);
    respond(res, recorded.status, headers);
    res.end(wire.method === 'HEAD' ? undefined : payload);
  }

  private mismatch(res: ServerResponse, ctx: ResponseContext, entry: UnmatchedRequest): void {
    this.unmatched.push({ ...entry, request: { method: entry.request.method, bucket: entry.request.bucket, key: entry.request.key, query: entry.request.query } });
    res.setHeader('x-ossgen-mismatch', 'true');
    sendError(res, { code: 'MockMismatch', status: 400, message: entry.message, headers: {}, xml: [] }, ctx);
  }

  report(scenario?: string): MockReport {
    const unmatched = this.unmatched.filter((u) => scenario === undefined || u.scenario === scenario);
    const unused: UnusedInteraction[] = [];
    for (const c of this.o.cassettes) {
      if (scenario !== undefined && c.scenario !== scenario) continue;
      const cursor = this.cursors.get(c.scenario) ?? 0;
      c.interactions.forEach((i, index) => {
        if (index >= cursor) unused.push({ scenario: c.scenario, interaction: index, method: i.request.method, bucket: i.request.bucket, key: i.request.key, query: i.request.query });
      });
    }
    return { unmatched, unused };
  }

  reset(scenario?: string): void {
    for (const c of this.o.cassettes) if (scenario === undefined || c.scenario === scenario) this.cursors.set(c.scenario, 0);
    this.unmatched = this.unmatched.filter((u) => scenario !== undefined && u.scenario !== scenario);
  }

  hasScenario(id: string): boolean {
    return this.cursors.has(id);
  }
}
