/** `gen mock` as a process: the ready line, access log, clean stop on signals, usage errors. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { send } from '../../generator/mock/raw-client.js';
import { runSync, startBackground, type Background } from '../support/subprocess.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const GEN = join(ROOT, 'bin/gen.js');

interface Running {
  child: Background['child'];
  url: string;
  /** The complete lines printed so far. */
  stdout: () => string[];
  stderr: () => string;
  exit: Promise<number | null>;
}

async function start(args: string[]): Promise<Running> {
  const server = startBackground(process.execPath, [GEN, 'mock', ...args], { cwd: ROOT, env: { OSS_ACCESS_KEY_ID: '', OSS_ACCESS_KEY_SECRET: '' } });
  const [, firstLine] = await server.waitFor(/^(.*)\n/);
  const stdout = () => server.stdout().split('\n').slice(0, -1);
  return { child: server.child, url: firstLine!.replace(/^listening on /, ''), stdout, stderr: server.stderr, exit: server.exited };
}

describe('gen mock', () => {
  it('--sim prints exactly "listening on http://HOST:PORT", logs with --verbose without secrets, stops on SIGTERM', async () => {
    const m = await start(['--sim', '--verbose', '--port', '0']);
    expect(m.stdout()[0]).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
    const r = await send(m.url, { method: 'POST', bucket: 'examplebucket', key: 'cli/a.log', query: [{ name: 'append' }, { name: 'position', value: '0' }], body: 'abc', credentials: { accessKeyId: 'ak', accessKeySecret: 'sk', securityToken: 'SECRET-TOKEN' } });
    expect(r.status).toBe(403); // no token configured: refused, and still never logged
    const ok = await send(m.url, { method: 'POST', bucket: 'examplebucket', key: 'cli/a.log', query: [{ name: 'append' }, { name: 'position', value: '0' }], body: 'abc' });
    expect(ok.status).toBe(200);
    await new Promise((res) => setTimeout(res, 100));
    m.child.kill('SIGTERM');
    expect(await m.exit).toBe(0);
    const log = m.stderr();
    expect(log.trim().split('\n')).toHaveLength(2);
    expect(log).toMatch(/POST \/examplebucket\/cli\/a\.log\?append&position=0 200 0 \d+ms [0-9A-F]{24}/);
    expect(log).not.toMatch(/SECRET-TOKEN|Signature|OSS4-HMAC|sk\b/);
    expect(m.stdout()).toHaveLength(1);
  });

  it('--fixtures replays and stops on SIGINT; options are honoured', async () => {
    const m = await start(['--fixtures', 'test/fixtures/recordings', '--host', '127.0.0.1', '--bucket', 'examplebucket', '--region', 'cn-hangzhou']);
    const r = await send(m.url, { method: 'POST', bucket: 'examplebucket', key: 'scenarios/wrong-position.log', query: [{ name: 'append' }, { name: 'position', value: '0' }], body: '12345' });
    expect(r.status).toBe(200);
    expect(r.headers['x-oss-next-append-position']).toBe('5');
    m.child.kill('SIGINT');
    expect(await m.exit).toBe(0);
  });

  it('--record FILE --upstream URL writes a cassette', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ossgen-cli-rec-'));
    const sim = await start(['--sim']);
    const rec = await start(['--record', join(dir, 'one.json'), '--upstream', sim.url]);
    try {
      const r = await send(rec.url, { method: 'HEAD', bucket: 'examplebucket', key: 'missing' });
      expect(r.status).toBe(404);
      const cassette = JSON.parse(readFileSync(join(dir, 'one.json'), 'utf8')) as { scenario: string; interactions: { response: { status: number } }[] };
      expect(cassette.scenario).toBe('one');
      expect(cassette.interactions[0]!.response.status).toBe(404);
    } finally {
      rec.child.kill('SIGTERM');
      sim.child.kill('SIGTERM');
      await Promise.all([rec.exit, sim.exit]);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('bad usage exits 2 with a message; --help exits 0', async () => {
    const { mockCommand } = await import('../../generator/mock/cli.js');
    const run = async (...args: string[]) => {
      let out = '';
      let err = '';
      const code = await mockCommand(args, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
      return { code, out, err };
    };
    for (const args of [[], ['--sim', '--fixtures', 'x'], ['--record', 'f.json'], ['--sim', '--port', 'abc'], ['--sim', '--nope'], ['--fixtures', 'd', '--data-dir', 'x'], ['--record', 'f', '--upstream', 'ftp://x'], ['--sim', 'extra'], ['--sim', '--body-timeout-ms', '0'], ['--sim', '--body-timeout-ms', 'soon'], ['--fixtures', 'd', '--body-timeout-ms', '100']]) {
      const r = await run(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(/^gen mock: /);
    }
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('--data-dir DIR');
    expect(help.out).toContain('--control-endpoints');
    expect(help.out).toContain('--body-timeout-ms MS');
    // Through the real command: the exit status reaches the shell.
    const proc = runSync(process.execPath, [GEN, 'mock', '--bogus'], { cwd: ROOT });
    expect(proc.status).toBe(2);
  });
});
