/**
 * The mock in a child process, with the same `{ url, close() }` as `startMock`. Use it when the
 * test blocks its own event loop while a client runs (`spawnSync`, `execFileSync`): an in-process
 * server cannot answer then, and the client waits forever.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { MockOptions, MockServer } from './options.js';
import { MOCK_PROJECT_ROOT } from './model.js';

export type ProcessMockOptions = Omit<MockOptions, 'ir' | 'clock' | 'log' | 'provenance'> & {
  /** Pass the access log through to this process's stderr. */
  verbose?: boolean;
  /** Extra environment for the child (the crash tests set OSSGEN_SIM_CRASH_AT, see store.ts). */
  env?: Record<string, string>;
};

/** How long close() waits for the child after SIGTERM before it sends SIGKILL. */
const KILL_AFTER_MS = 5_000;

/** The `gen mock` arguments for these options. */
export function mockArgs(options: ProcessMockOptions): string[] {
  const args: string[] = [];
  if (options.mode === 'sim') args.push('--sim');
  if (options.mode === 'fixtures') args.push('--fixtures', options.fixturesDir ?? join(MOCK_PROJECT_ROOT, 'test/fixtures/recordings'));
  if (options.mode === 'record') args.push('--record', options.recordFile ?? '', '--upstream', options.upstream ?? '');
  if (options.scenario !== undefined) args.push('--scenario', options.scenario);
  if (options.dataDir !== undefined) args.push('--data-dir', options.dataDir);
  if (options.faults !== undefined) args.push('--faults', options.faults);
  if (options.host !== undefined) args.push('--host', options.host);
  args.push('--port', String(options.port ?? 0));
  for (const bucket of options.buckets ?? []) args.push('--bucket', bucket);
  if (options.region !== undefined) args.push('--region', options.region);
  if (options.accessKeyId !== undefined) args.push('--access-key-id', options.accessKeyId);
  if (options.accessKeySecret !== undefined) args.push('--access-key-secret', options.accessKeySecret);
  if (options.securityToken !== undefined) args.push('--security-token', options.securityToken);
  if (options.bodyTimeoutMs !== undefined) args.push('--body-timeout-ms', String(options.bodyTimeoutMs));
  if (options.controlEndpoints) args.push('--control-endpoints');
  if (options.verbose) args.push('--verbose');
  return args;
}

export interface MockProcess extends MockServer {
  pid: number;
  /** Resolves when the child has exited, with its exit code or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function startMockProcess(options: ProcessMockOptions): Promise<MockProcess> {
  // Credentials come from the options or the model's defaults, never from this process's environment.
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.OSS_ACCESS_KEY_ID;
  delete env.OSS_ACCESS_KEY_SECRET;
  delete env.OSS_SESSION_TOKEN;
  delete env.OSSGEN_SIM_CRASH_AT; // the crash hook only when a test asks for it through `env`
  Object.assign(env, options.env);
  const child = spawn(process.execPath, ['--import', 'tsx', join(MOCK_PROJECT_ROOT, 'generator/mock/main.ts'), ...mockArgs(options)], {
    cwd: MOCK_PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', options.verbose ? 'inherit' : 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      process.off('exit', killOnExit);
      resolve({ code, signal });
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve(line.replace(/^listening on /, '').trim()));
    void exited.then(() => reject(new Error(`the mock process exited before it was ready: ${stderr.trim()}`)));
  });
  return {
    url,
    pid: child.pid!,
    exited,
    // Always waits for the child to be gone: SIGTERM (it exits within its own bound), SIGKILL after KILL_AFTER_MS.
    close: async () => {
      process.off('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
      await exited;
      clearTimeout(killer);
    },
  };
}
