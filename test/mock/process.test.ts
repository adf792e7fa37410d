/** The mock in a child process answers while the test's own event loop is blocked (spawnSync). */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { startMock, startMockProcess } from '../../generator/mock/index.js';

const fetchStatus = (url: string) =>
  spawnSync(process.execPath, ['-e', `fetch(${JSON.stringify(url)}).then((r) => console.log(r.status))`], { encoding: 'utf8', timeout: 20_000 });

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
      const r = spawnSync(process.execPath, ['-e', `fetch(${JSON.stringify(`${mock.url}/__mock/report`)}).then((r) => r.json()).then((j) => console.log(j.unused.length))`], { encoding: 'utf8' });
      expect(Number(r.stdout.trim())).toBeGreaterThan(0);
    } finally {
      await mock.close();
    }
  });
});
