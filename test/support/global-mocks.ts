/**
 * Vitest global setup: one replay mock and one simulator for the whole run, so the generated
 * TypeScript suites under out/ts/test run their wire tests here instead of skipping them. Test
 * files that need a server of their own (other languages, fault injection) still start one.
 */
import { startMock, type MockServer } from '../../generator/mock/index.js';

let servers: MockServer[] = [];

export async function setup(): Promise<void> {
  if (process.env.OSSGEN_MOCK_URL && process.env.OSSGEN_SIM_URL) return;
  const [replay, sim] = await Promise.all([startMock({ mode: 'fixtures', controlEndpoints: true }), startMock({ mode: 'sim', controlEndpoints: true })]);
  servers = [replay, sim];
  process.env.OSSGEN_MOCK_URL ??= replay.url;
  process.env.OSSGEN_SIM_URL ??= sim.url;
}

export async function teardown(): Promise<void> {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
}
