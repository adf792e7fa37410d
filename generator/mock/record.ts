/**
 * The recording proxy (`gen mock --record FILE --upstream URL`): every request is forwarded to the
 * upstream (the simulator, or a real OSS endpoint) and the exchange is appended to the cassette,
 * which is rewritten after each interaction so it is complete whenever the proxy stops.
 *
 * Path-style requests are turned into virtual-hosted ones when the upstream is a named host (OSS
 * no longer serves path-style for new buckets); both signatures name `/bucket/key` whatever the
 * addressing, so the client's signature stays valid.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import { Transform } from 'node:stream';
import type { IrModel } from '../ir/types.js';
import { CASSETTE_FORMAT, scrubSigningEcho, stableJson, type Cassette, type Interaction, type Provenance, type RecordedResponse } from './cassette.js';
import { describeRequest } from './replay.js';
import { mockProtocol } from './protocol.js';
import { uriEncode, verifySignature } from './signing.js';
import { isPathStyleHost, respond, type WireRequest } from './wire.js';

export interface RecordOptions {
  ir: IrModel;
  file: string;
  upstream: string;
  scenario: string;
  region: string;
  accessKeyId: string;
  accessKeySecret: string;
  provenance: Provenance;
}

/** Response headers that describe the connection, not the answer. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade']);

export class Recorder {
  private readonly interactions: Interaction[] = [];
  private readonly upstream: URL;

  constructor(private readonly o: RecordOptions) {
    this.upstream = new URL(o.upstream);
    this.flush();
  }

  cassette(): Cassette {
    return { format: CASSETTE_FORMAT, scenario: this.o.scenario, provenance: this.o.provenance, interactions: this.interactions };
  }

  private flush(): void {
    mkdirSync(dirname(this.o.file), { recursive: true });
    const tmp = `${this.o.file}.tmp`;
    writeFileSync(tmp, stableJson(this.cassette()));
    renameSync(tmp, this.o.file);
  }

  async handle(req: IncomingMessage, res: ServerResponse, wire: WireRequest): Promise<void> {
    const p = mockProtocol(this.o.ir);
    const verified = verifySignature(wire, {
      strings: p.signing,
      credentials: { accessKeyId: this.o.accessKeyId, accessKeySecret: this.o.accessKeySecret },
      region: this.o.region,
      product: p.signing.v4.product,
      signedSubresources: this.o.ir.auth.signedSubresources,
    });
    const named = !isPathStyleHost(this.upstream.hostname);
    const toVirtualHost = named && wire.addressing === 'path' && wire.bucket !== undefined;
    const path = toVirtualHost ? `/${uriEncode(wire.key ?? '', true)}` : wire.rawPath;
    const host = toVirtualHost ? `${wire.bucket}.${this.upstream.host}` : wire.addressing === 'virtual-hosted' && named ? wire.host : this.upstream.host;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(wire.headers)) if (!HOP_BY_HOP.has(name) && name !== 'host') headers[name] = value;
    headers['host'] = host;
    const hash = createHash('sha256');
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    const client = this.upstream.protocol === 'https:' ? https : http;
    const upstreamRes = await new Promise<IncomingMessage>((resolve, reject) => {
      const forward = client.request(
        {
          protocol: this.upstream.protocol,
          hostname: this.upstream.hostname,
          port: this.upstream.port || undefined,
          method: wire.method,
          path: `${path}${wire.rawQuery ? `?${wire.rawQuery}` : ''}`,
          headers,
          ...(toVirtualHost || (wire.addressing === 'virtual-hosted' && named) ? { servername: host.replace(/:\d+$/, '') } : {}),
        },
        resolve,
      );
      forward.on('error', reject);
      req.on('error', (err) => forward.destroy(err));
      req.pipe(tap).pipe(forward);
    });
    const chunks: Buffer[] = [];
    for await (const chunk of upstreamRes as AsyncIterable<Buffer>) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    const responseHeaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(upstreamRes.headers)) {
      if (value === undefined || HOP_BY_HOP.has(name)) continue;
      responseHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    // The cassette is on disk before the client sees the answer.
    this.interactions.push({
      request: describeRequest(wire, { sha256: hash.digest('hex'), size }, verified, p.significant),
      response: recordResponse(upstreamRes.statusCode ?? 502, responseHeaders, body, p.headers.bodyless),
    });
    this.flush();
    respond(res, upstreamRes.statusCode ?? 502, responseHeaders);
    res.end(body);
  }
}

/**
 * The recorded form of a response: headers sorted, the server's signing echo templated (in the
 * body, and in the error document a body-less answer carries in the header `bodyless`).
 */
function recordResponse(status: number, headers: Record<string, string>, body: Buffer, bodyless: string | undefined): RecordedResponse {
  const recorded: Record<string, string> = {};
  for (const name of Object.keys(headers).sort()) recorded[name] = headers[name]!;
  if (bodyless && recorded[bodyless]) {
    const xml = Buffer.from(recorded[bodyless], 'base64').toString('utf8');
    recorded[bodyless] = Buffer.from(scrubSigningEcho(xml), 'utf8').toString('base64');
  }
  let text: string | undefined;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    text = undefined;
  }
  if (text === undefined) return { status, headers: recorded, bodyBase64: body.toString('base64') };
  return { status, headers: recorded, body: (headers['content-type'] ?? '').includes('xml') ? scrubSigningEcho(text) : text };
}
