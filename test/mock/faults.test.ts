/** Fault injection in the simulator, for the clients' retry and recovery tests. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../../generator/mock/index.js';
import { xmlField } from '../../generator/mock/raw-client.js';
import { append, controlRequest, head, withMock } from './helpers.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await withMock();
});
afterAll(() => mock.close());

const fault = (query: string) => controlRequest(mock.url, 'POST', `/__mock/faults?${query}`);

describe('faults', () => {
  it('error: the IR error without doing the operation, with Retry-After when asked, for `count` requests', async () => {
    expect((await fault('type=error&operation=AppendObject&code=ServiceUnavailable&retryAfter=1&count=2')).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const r = await append(mock.url, 'f/error', 0, 'abc');
      expect([r.status, xmlField(r, 'Code'), r.headers['retry-after']]).toEqual([503, 'ServiceUnavailable', '1']);
    }
    expect((await head(mock.url, 'f/error')).status).toBe(404);
    expect((await append(mock.url, 'f/error', 0, 'abc')).status).toBe(200);
  });

  it('drop-response: the append lands but the client gets a closed connection; HEAD shows the new length', async () => {
    await append(mock.url, 'f/drop', 0, 'abc');
    await fault('type=drop-response&operation=AppendObject');
    const lost = await append(mock.url, 'f/drop', 3, 'def').then(
      () => 'answered',
      (e: NodeJS.ErrnoException) => e.code ?? e.message,
    );
    expect(lost).toMatch(/ECONNRESET|socket hang up/);
    const h = await head(mock.url, 'f/drop');
    expect(h.headers['content-length']).toBe('6');
    expect((await append(mock.url, 'f/drop', 3, 'def')).status).toBe(409);
  });

  it('drop-request: nothing happens, the connection closes; other operations are not affected', async () => {
    await fault('type=drop-request&operation=AppendObject');
    expect((await head(mock.url, 'f/none')).status).toBe(404);
    const lost = await append(mock.url, 'f/none', 0, 'x').then(
      () => 'answered',
      () => 'dropped',
    );
    expect(lost).toBe('dropped');
    expect((await head(mock.url, 'f/none')).status).toBe(404);
  });

  it('delay, listing and validation', async () => {
    await fault('type=delay&delayMs=300');
    const started = Date.now();
    expect((await head(mock.url, 'f/delay')).status).toBe(404);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect((await fault('type=nope')).status).toBe(400);
    expect((await fault('type=error&code=NotACode')).status).toBe(400);
    await fault('type=error&count=5');
    expect(((await controlRequest(mock.url, 'GET', '/__mock/faults')).json as { faults: unknown[] }).faults).toHaveLength(1);
    await controlRequest(mock.url, 'POST', '/__mock/reset');
    expect(((await controlRequest(mock.url, 'GET', '/__mock/faults')).json as { faults: unknown[] }).faults).toHaveLength(0);
  });
});
