/**
 * The `./fetch` entry of out/ts in Debian's Chromium: bundled for the browser by esbuild with no
 * node: polyfills (a node: import anywhere in its graph fails the build), loaded into a page served
 * from one origin, talking to the simulator on another origin with `cors` on. The page appends Blobs
 * (position rules, CRC-64), reads the object back, meets a typed exception, and cancels a call.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, loadDefaultIr, type MockServer } from '../../generator/mock/index.js';
import { crc64 } from '../../runtime/ts/crc64.js';
import { controlRequest } from '../mock/helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = join(import.meta.dirname, '..', '..');
const ir = await loadDefaultIr();
let bundle: string;
let page: Server;
let pageOrigin: string;
let sim: MockServer;
let context: BrowserContext;
let profile: string;

/** The generated client bundled as a browser ES module: esbuild resolves every import for the browser and fails on a node: one. */
async function bundleFetchEntry(): Promise<string> {
  const result = await build({
    entryPoints: [join(ROOT, 'out/ts/src/fetch.ts')],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

beforeAll(async () => {
  bundle = await bundleFetchEntry();
  page = createServer((req, res) => {
    if (req.url === '/client.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(bundle);
    } else {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>fetch client</title>');
    }
  });
  await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
  pageOrigin = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
  // The simulator is another origin (another port): every call is a CORS request.
  sim = await startMock({ mode: 'sim', ir, cors: [pageOrigin], controlEndpoints: true });
  profile = mkdtempSync(join(tmpdir(), 'ossgen-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 120_000);

afterAll(async () => {
  await context?.close();
  await sim?.close();
  await new Promise((resolve) => page?.close(resolve));
  if (profile) rmSync(profile, { recursive: true, force: true });
});

// The page's own script: runs in Chromium (no DOM lib here, so loosely typed), returns plain JSON.
const SCENARIO = `async ({ endpoint, bucket, credentials, key }) => {
  const m = await import('/client.js');
  const client = new m.FetchOssClient({ endpoint, bucket, credentials });
  const out = {};
  const first = await client.appendObject({ key, position: 0, body: new Blob(['hello ', 'browser\\n'], { type: 'text/plain' }) });
  out.first = { next: first.nextAppendPosition, crc: String(first.hashCrc64ecma), etag: first.etag ?? null };
  const second = await client.appendObject({ key, position: first.nextAppendPosition, body: new Blob([new Uint8Array([0, 1, 2, 255])]) });
  out.second = { next: second.nextAppendPosition, crc: String(second.hashCrc64ecma) };
  const got = await client.getObject({ key });
  out.read = Array.from(await got.bytes());
  out.readCrc = String(got.hashCrc64ecma);
  try {
    await client.appendObject({ key, position: 0, body: new Blob(['again']) });
    out.conflict = 'no error';
  } catch (e) {
    out.conflict = { typed: e instanceof m.PositionNotEqualToLengthError, service: e instanceof m.ServiceError, name: e.name, code: e.code, status: e.status, next: e.headers['x-oss-next-append-position'] };
  }
  try {
    await client.appendObject({ key, position: 1, body: new Blob(['again']) }, { onUploadProgress: () => {} });
    out.conflictXhr = 'no error';
  } catch (e) {
    out.conflictXhr = { typed: e instanceof m.PositionNotEqualToLengthError, status: e.status, next: e.headers['x-oss-next-append-position'] };
  }
  try {
    await client.headObject({ key: key + '.absent' });
    out.missing = 'no error';
  } catch (e) {
    out.missing = { typed: e instanceof m.NoSuchKeyError, status: e.status };
  }
  const early = new AbortController();
  early.abort();
  try {
    await client.appendObject({ key: key + '.early', position: 0, body: new Blob(['x']) }, { abortSignal: early.signal });
    out.early = 'no error';
  } catch (e) {
    out.early = { typed: e instanceof m.AbortError, name: e.name };
  }
  return out;
}`;

const ABORT_MIDWAY = `async ({ endpoint, bucket, credentials, key, progress }) => {
  const m = await import('/client.js');
  const client = new m.FetchOssClient({ endpoint, bucket, credentials });
  const controller = new AbortController();
  const started = performance.now();
  setTimeout(() => controller.abort(), 200);
  try {
    await client.appendObject({ key, position: 0, body: new Blob(['slow']) }, { signal: controller.signal, ...(progress ? { onUploadProgress: () => {} } : {}) });
    return { outcome: 'no error' };
  } catch (e) {
    return { typed: e instanceof m.AbortError, name: e.name, ms: performance.now() - started };
  }
}`;

// A large Blob with onUploadProgress: in a browser it goes through XMLHttpRequest, which reports bytes as they leave.
const PROGRESS = `async ({ endpoint, bucket, credentials, key, size }) => {
  const m = await import('/client.js');
  const client = new m.FetchOssClient({ endpoint, bucket, credentials });
  const seen = [];
  const out = await client.appendObject({ key, position: 0, body: new Blob([new Uint8Array(size).fill(97)]) }, { onUploadProgress: (p) => seen.push([p.loaded, p.total]) });
  return { next: out.nextAppendPosition, crc: String(out.hashCrc64ecma), seen };
}`;

describe('FetchOssClient (./fetch) in Chromium against the simulator with CORS', () => {
  it('bundles for the browser with no node: module', () => {
    expect(bundle.length).toBeGreaterThan(10_000);
    expect(bundle).not.toMatch(/from\s*["']node:|require\(["']node:|import\(["']node:/);
    expect(bundle).toContain('FetchOssClient');
  });

  it('appends Blobs, reads them back, maps errors to the typed exceptions and cancels', async () => {
    const tab = await context.newPage();
    const failures: string[] = [];
    tab.on('pageerror', (err) => failures.push(err.message));
    await tab.goto(`${pageOrigin}/`);
    const key = `browser/${Date.now()}.log`;
    const out = (await tab.evaluate(`(${SCENARIO})(${JSON.stringify({ endpoint: sim.url, bucket: 'examplebucket', credentials: ir.tests.credentials, key })})`)) as Record<string, unknown>;
    const text = Buffer.concat([Buffer.from('hello browser\n'), Buffer.from([0, 1, 2, 255])]);
    expect(out['first']).toEqual({ next: 14, crc: String(crc64('hello browser\n')), etag: expect.stringMatching(/^"[0-9A-F]+"$/) });
    expect(out['second']).toEqual({ next: 18, crc: String(crc64(text)) });
    expect(out['read']).toEqual([...text]);
    expect(out['readCrc']).toBe(String(crc64(text)));
    expect(out['conflict']).toEqual({ typed: true, service: true, name: 'PositionNotEqualToLengthError', code: 'PositionNotEqualToLength', status: 409, next: '18' });
    expect(out['conflictXhr']).toEqual({ typed: true, status: 409, next: '18' });
    expect(out['missing']).toEqual({ typed: true, status: 404 });
    expect(out['early']).toEqual({ typed: true, name: 'AbortError' });
    expect(failures).toEqual([]);
    await tab.close();
  }, 60_000);

  it('reports upload progress of a large Blob as it goes out (XMLHttpRequest), ending at its size', async () => {
    const size = 32 * 1024 * 1024;
    const tab = await context.newPage();
    await tab.goto(`${pageOrigin}/`);
    const out = (await tab.evaluate(`(${PROGRESS})(${JSON.stringify({ endpoint: sim.url, bucket: 'examplebucket', credentials: ir.tests.credentials, key: `browser/progress-${Date.now()}`, size })})`)) as { next: number; crc: string; seen: [number, number][] };
    expect(out.next).toBe(size);
    expect(out.crc).toBe(String(crc64(Buffer.alloc(size, 97))));
    const loaded = out.seen.map(([l]) => l);
    expect(out.seen.every(([, t]) => t === size)).toBe(true);
    expect(loaded[0]).toBe(0);
    expect(loaded.at(-1)).toBe(size);
    expect(loaded.every((l, i) => i === 0 || l >= loaded[i - 1]!)).toBe(true);
    // Progress in between: bytes reported while the body was still on its way.
    expect(loaded.filter((l) => l > 0 && l < size).length).toBeGreaterThan(0);
    await tab.close();
  }, 60_000);

  it('aborts an append whose answer is held back, within the abort rather than the delay (fetch, and XMLHttpRequest when progress is watched)', async () => {
    const tab = await context.newPage();
    await tab.goto(`${pageOrigin}/`);
    for (const progress of [false, true]) {
      // The simulator holds the next AppendObject answer for 3 s; the page aborts after 200 ms.
      const faults = await controlRequest(sim.url, 'POST', '/__mock/faults?type=delay&delayMs=3000&operation=AppendObject&count=1');
      expect(faults.status).toBe(200);
      const out = (await tab.evaluate(`(${ABORT_MIDWAY})(${JSON.stringify({ endpoint: sim.url, bucket: 'examplebucket', credentials: ir.tests.credentials, key: `browser/abort-${progress}-${Date.now()}`, progress })})`)) as Record<string, unknown>;
      expect(out, `progress ${progress}`).toMatchObject({ typed: true, name: 'AbortError' });
      expect(out['ms']).toBeLessThan(2_000);
    }
    await tab.close();
  }, 60_000);
});

