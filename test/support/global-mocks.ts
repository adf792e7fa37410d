/**
 * Vitest global setup: one replay mock and one simulator for the whole run, so the generated
 * TypeScript suites under out/ts/test run their wire tests here instead of skipping them. Test
 * files that need a server of their own (other languages, fault injection) still start one.
 * Both have the control endpoints on: the generated tests call /__mock/reset and /__mock/faults.
 *
 * Teardown also checks that the run leaves no mock process behind (one once ran for an hour after
 * `npm test`): every process spawned during the run inherits OSSGEN_TEST_RUN, and any `gen mock` or
 * generator/mock/main.ts process still carrying it a few seconds after the last test is killed and
 * fails the run, named.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { startMock, type MockServer } from '../../generator/mock/index.js';

let servers: MockServer[] = [];
let marker: string | undefined;

/** How long a mock stopped at the very end of the run may take to exit (its own bound is 1.5 s). */
const EXIT_GRACE_MS = 4_000;

export async function setup(): Promise<void> {
  if (!process.env.OSSGEN_TEST_RUN) {
    marker = randomUUID();
    process.env.OSSGEN_TEST_RUN = marker;
  }
  if (process.env.OSSGEN_MOCK_URL && process.env.OSSGEN_SIM_URL) return;
  const [replay, sim] = await Promise.all([startMock({ mode: 'fixtures', controlEndpoints: true }), startMock({ mode: 'sim', controlEndpoints: true })]);
  servers = [replay, sim];
  process.env.OSSGEN_MOCK_URL ??= replay.url;
  process.env.OSSGEN_SIM_URL ??= sim.url;
}

/** Mock server processes started during this run that are still alive: pid and command line. */
export function leftoverMocks(runMarker: string): { pid: number; command: string }[] {
  if (!existsSync('/proc')) return [];
  const found: { pid: number; command: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const command = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim();
      if (!/generator\/mock\/main\.ts|bin\/gen\.js mock/.test(command)) continue;
      if (!readFileSync(`/proc/${name}/environ`, 'utf8').split('\0').includes(`OSSGEN_TEST_RUN=${runMarker}`)) continue;
      if (/^State:\s+Z/m.test(readFileSync(`/proc/${name}/status`, 'utf8'))) continue; // exited, not yet reaped
      found.push({ pid: Number(name), command });
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

export async function teardown(): Promise<void> {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  if (!marker) return;
  const deadline = Date.now() + EXIT_GRACE_MS;
  let left = leftoverMocks(marker);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    left = leftoverMocks(marker);
  }
  if (left.length === 0) return;
  for (const { pid } of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  // Only the program and its mode: the command line of a test simulator carries its credentials.
  const what = (command: string) => command.split(' ').filter((a) => /mock\/main\.ts$|gen\.js$|^mock$|^--(sim|fixtures|record)$/.test(a)).join(' ');
  throw new Error(`the test run left ${left.length} mock process(es) running (killed now):\n${left.map((p) => `  pid ${p.pid}: ${what(p.command)}`).join('\n')}`);
}
