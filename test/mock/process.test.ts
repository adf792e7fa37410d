/** The mock in a child process answers while the test's own event loop is blocked (runSync, a spawnSync). */
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startMock, startMockProcess, type MockServer } from '../../generator/mock/index.js';
import { buildSigned } from '../../generator/mock/raw-client.js';
import { runSync } from '../support/subprocess.js';

const fetchStatus = (url: string) =>
  runSync(process.execPath, ['-e', `fetch(${JSON.stringify(url)}).then((r) => console.log(r.status))`], { timeoutMs: 20_000 });

describe('startMock (default: a worker thread)', () => {
  it('keeps answering while this thread is blocked in spawnSync', async () => {
    const lines: string[] = [];
    const mock = await startMock({ mode: 'sim', log: (line) => lines.push(line) });
    try {
      expect(fetchStatus(`${mock.url}/examplebucket/missing`).stdout.trim()).toBe('403');
      await new Promise((r) => setTimeout(r, 100));
      expect(lines.some((l) => l.includes('GET /examplebucket/missing 403'))).toBe(true);
    } finally {
      await mock.close();
    }
  });

  it('reports a bad option as an error, not a hang', async () => {
    await expect(startMock({ mode: 'fixtures', fixturesDir: '/nonexistent-ossgen-dir' })).rejects.toThrow(/ENOENT|no such file/);
  });
});

describe('startMockProcess', () => {
  it('a simulator in a child process serves a client run with spawnSync, and stops on close()', async () => {
    const mock = await startMockProcess({ mode: 'sim' });
    try {
      expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const r = fetchStatus(`${mock.url}/examplebucket/missing`);
      expect(r.stdout.trim()).toBe('403'); // unsigned: AccessDenied, answered while this loop was blocked
    } finally {
      await mock.close();
    }
    expect(() => process.kill(mock.pid, 0)).toThrow();
  });

  it('replays cassettes and exposes the report', async () => {
    const mock = await startMockProcess({ mode: 'fixtures', controlEndpoints: true });
    try {
      const r = runSync(process.execPath, ['-e', `fetch(${JSON.stringify(`${mock.url}/__mock/report`)}).then((r) => r.json()).then((j) => console.log(j.unused.length))`]);
      expect(Number(r.stdout.trim())).toBeGreaterThan(0);
    } finally {
      await mock.close();
    }
  });
});

/** Connections a graceful close would wait for forever: half-open and stalled mid-body appends, unfinished headers, an idle socket. */
function holdConnections(url: string): Socket[] {
  const u = new URL(url);
  const sockets: Socket[] = [];
  for (let i = 0; i < 4; i++) {
    const { path, headers } = buildSigned({ method: 'POST', bucket: 'examplebucket', key: `held/${i}`, query: [{ name: 'append' }, { name: 'position', value: '0' }] });
    const socket = connect(Number(u.port), u.hostname);
    socket.on('error', () => undefined);
    socket.write([`POST ${path} HTTP/1.1`, `Host: ${u.host}`, ...Object.entries(headers).map(([n, v]) => `${n}: ${v}`), 'Content-Length: 100000', '', 'partial body'].join('\r\n'));
    if (i % 2 === 0) socket.end(); // half-open
    sockets.push(socket);
  }
  const headersOnly = connect(Number(u.port), u.hostname);
  headersOnly.on('error', () => undefined);
  headersOnly.write(`GET /examplebucket/x HTTP/1.1\r\nHost: ${u.host}\r\n`);
  const idle = connect(Number(u.port), u.hostname);
  idle.on('error', () => undefined);
  return [...sockets, headersOnly, idle];
}

async function timedClose(mock: MockServer): Promise<number> {
  await new Promise((r) => setTimeout(r, 200));
  const t0 = performance.now();
  await mock.close();
  return performance.now() - t0;
}

describe('close() is bounded with half-open and stalled connections', () => {
  it('in a child process: close() waits for the exit, which comes within 2 s; no process is left', async () => {
    const mock = await startMockProcess({ mode: 'sim' });
    const held = holdConnections(mock.url);
    const ms = await timedClose(mock);
    held.forEach((s) => s.destroy());
    expect(ms).toBeLessThan(2_000);
    expect(() => process.kill(mock.pid, 0)).toThrow();
  });

  it('in a worker thread and in this process: close() resolves within 2 s', async () => {
    for (const inProcess of [false, true]) {
      const mock = await startMock({ mode: 'sim', inProcess });
      const held = holdConnections(mock.url);
      const ms = await timedClose(mock);
      held.forEach((s) => s.destroy());
      expect(ms, inProcess ? 'in process' : 'thread').toBeLessThan(2_000);
    }
  });
});
