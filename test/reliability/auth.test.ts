/**
 * Authentication cannot be bypassed, for signature V4 and V1: unsigned, wrong-secret, unknown-key,
 * replayed-after-skew (the identical bytes sent again 16 minutes later), signed-in-the-past,
 * tampered-query, tampered-header and tampered-path requests are refused with the service's codes,
 * and none of them changes the bucket. A control request signed correctly succeeds each time. The
 * last test removes the simulator's signature check on purpose and shows the suite notices.
 */
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { startMock } from '../../generator/mock/index.js';
import { buildSigned, send, xmlField, type RawRequest, type RawResponse } from '../../generator/mock/raw-client.js';
import { Simulator } from '../../generator/mock/sim.js';
import { ACCESS_KEY_ID, SECRET } from './lib.js';

const credentials = { accessKeyId: ACCESS_KEY_ID, accessKeySecret: SECRET };
const START = Date.UTC(2026, 10, 22, 8, 0, 0);
const SKEW_MS = 16 * 60 * 1000; // past the service's 15 minutes

/** Sends exactly these bytes (path and headers as given), for replays and tampering after signing. */
function sendRaw(url: string, method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<RawResponse> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const r = http.request({ hostname: u.hostname, port: u.port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks) });
      });
    });
    r.on('error', reject);
    r.end(body);
  });
}

interface Case {
  name: string;
  expected: string;
  send: (url: string, scheme: 'v4' | 'v1', key: string, clock: { now: number }) => Promise<RawResponse>;
}

const body = Buffer.from('payload');
const put = (scheme: 'v4' | 'v1', key: string, extra: Partial<RawRequest> = {}): RawRequest => ({
  method: 'PUT',
  bucket: 'examplebucket',
  key,
  body,
  auth: scheme,
  credentials,
  time: START,
  headers: { 'content-type': 'text/plain', 'x-oss-meta-owner': 'alice', 'x-oss-object-acl': 'private' },
  ...extra,
});
const withLength = (headers: Record<string, string>) => ({ ...headers, 'content-length': String(body.length) });

const CASES: Case[] = [
  { name: 'unsigned', expected: 'AccessDenied', send: (url, s, key) => send(url, put(s, key, { auth: 'none' })) },
  { name: 'wrong-secret', expected: 'SignatureDoesNotMatch', send: (url, s, key) => send(url, put(s, key, { credentials: { accessKeyId: ACCESS_KEY_ID, accessKeySecret: `${SECRET}x` } })) },
  { name: 'unknown-key', expected: 'InvalidAccessKeyId', send: (url, s, key) => send(url, put(s, key, { credentials: { accessKeyId: 'LTAIsomeoneElse', accessKeySecret: SECRET } })) },
  {
    name: 'replayed-after-skew',
    expected: 'RequestTimeTooSkewed',
    send: async (url, s, key, clock) => {
      // The same signed bytes: accepted when fresh (a different key, so the refusal below is not a conflict), refused 16 minutes later.
      const first = buildSigned(put(s, `${key}-original`));
      const fresh = await sendRaw(url, 'PUT', first.path, withLength(first.headers), body);
      if (fresh.status !== 200) throw new Error(`the fresh request was refused: ${fresh.status}`);
      clock.now = START + SKEW_MS;
      try {
        return await sendRaw(url, 'PUT', first.path, withLength(first.headers), body);
      } finally {
        clock.now = START;
      }
    },
  },
  { name: 'signed-in-the-past', expected: 'RequestTimeTooSkewed', send: (url, s, key) => send(url, put(s, key, { time: START - SKEW_MS })) },
  {
    name: 'tampered-query',
    expected: 'SignatureDoesNotMatch',
    send: (url, s, key) => {
      const signed = buildSigned({ ...put(s, key), method: 'POST', query: [{ name: 'append' }, { name: 'position', value: '0' }] });
      return sendRaw(url, 'POST', signed.path.replace('position=0', 'position=00'), withLength(signed.headers), body);
    },
  },
  { name: 'tampered-header', expected: 'SignatureDoesNotMatch', send: (url, s, key) => send(url, put(s, key, { tamper: (h) => (h['x-oss-meta-owner'] = 'mallory') })) },
  { name: 'tampered-acl-header', expected: 'SignatureDoesNotMatch', send: (url, s, key) => send(url, put(s, key, { tamper: (h) => (h['x-oss-object-acl'] = 'public-read-write') })) },
  {
    name: 'tampered-path',
    expected: 'SignatureDoesNotMatch',
    send: (url, s, key) => {
      const signed = buildSigned(put(s, key));
      return sendRaw(url, 'PUT', signed.path.replace(encodeURIComponent(key.split('/').pop()!), 'other'), withLength(signed.headers), body);
    },
  },
];

/** Runs every case for both schemes; returns the problems found and one line of figures. */
async function attack(): Promise<{ problems: string[]; line: string }> {
  const clock = { now: START };
  const sim = await startMock({ mode: 'sim', ...credentials, clock: () => clock.now });
  const problems: string[] = [];
  let refused = 0;
  let attempts = 0;
  try {
    for (const scheme of ['v4', 'v1'] as const) {
      for (const c of CASES) {
        const key = `auth/${scheme}/${c.name}`;
        attempts++;
        const res = await c.send(sim.url, scheme, key, clock);
        const code = xmlField(res, 'Code');
        if (res.status === 403 && code === c.expected) refused++;
        else problems.push(`${scheme} ${c.name}: expected 403 ${c.expected}, got ${res.status} ${code ?? ''}`);
        if (res.body.toString('utf8').includes(SECRET)) problems.push(`${scheme} ${c.name}: the error body carries the secret`);
        // Nothing was written under any name the attack could have reached.
        for (const k of [key, key.replace(/[^/]+$/, 'other')]) {
          const head = await send(sim.url, { method: 'HEAD', bucket: 'examplebucket', key: k, credentials, time: START });
          if (head.status !== 404) problems.push(`${scheme} ${c.name}: ${k} exists after a refused request (${head.status})`);
        }
      }
      const control = await send(sim.url, put(scheme, `auth/${scheme}/control`));
      if (control.status !== 200) problems.push(`${scheme}: a correctly signed request was refused (${control.status})`);
    }
  } finally {
    await sim.close();
  }
  return { problems, line: `attacks=${attempts} refused-with-the-service-code=${refused} bypassed=${attempts - refused} (V4 and V1 x ${CASES.map((c) => c.name).join(', ')})` };
}

describe('authentication cannot be bypassed', () => {
  it('refuses every forged, stale or tampered request with the service code, for V4 and V1', async () => {
    const { problems, line } = await attack();
    console.log(`[reliability/auth] ${line}`);
    expect(problems).toEqual([]);
  });

  it('notices when the signature check is removed on purpose', async () => {
    const proto = Simulator.prototype as unknown as { authenticate: (...args: unknown[]) => void };
    const original = proto.authenticate;
    proto.authenticate = () => undefined;
    try {
      const { problems, line } = await attack();
      console.log(`[reliability/auth] mutation (no signature check): ${line}; ${problems.length} problem(s) detected`);
      expect(problems.length).toBeGreaterThan(10);
    } finally {
      proto.authenticate = original;
    }
  });
});
