/** Replay of the recorded cassettes, the mismatch report, and the recorder's output. */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FIXTURES_DIR, startMock, type MockServer } from '../../generator/mock/index.js';
import { send, xmlField } from '../../generator/mock/raw-client.js';
import { playScenario, recordScenarios, stepRequest } from '../../generator/mock/scenario-runner.js';
import { controlRequest, ir } from './helpers.js';

interface Report {
  unmatched: { scenario: string | null; interaction: number | null; differences: { field: string; expected: string; got: string }[]; message: string }[];
  unused: { scenario: string; interaction: number }[];
}

const report = async (url: string, scenario?: string) => (await controlRequest(url, 'GET', `/__mock/report${scenario ? `?scenario=${scenario}` : ''}`)).json as Report;

describe('replay of every recorded cassette', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMock({ mode: 'fixtures', ir, controlEndpoints: true });
  });
  afterAll(() => mock.close());

  it('has one cassette per scenario of the model', () => {
    const files = readdirSync(DEFAULT_FIXTURES_DIR).filter((f) => f.endsWith('.json')).sort();
    expect(files).toEqual(ir.tests.scenarios.map((s) => `${s.id}.json`).sort());
  });

  for (const scenario of ir.tests.scenarios) {
    it(`${scenario.id}: a scripted client signed now passes every step, and the whole cassette is played`, async () => {
      await playScenario(mock.url, ir, scenario);
      expect(await report(mock.url, scenario.id)).toEqual({ unmatched: [], unused: [] });
      // Played to the end, the scenario starts over when its first request comes again.
      await playScenario(mock.url, ir, scenario);
      expect(await report(mock.url, scenario.id)).toEqual({ unmatched: [], unused: [] });
    });
  }

  it('the report over all scenarios is clean, and reset rewinds', async () => {
    expect(await report(mock.url)).toEqual({ unmatched: [], unused: [] });
    expect((await controlRequest(mock.url, 'POST', '/__mock/reset?scenario=wrong-position')).status).toBe(200);
    const r = await report(mock.url);
    expect(r.unused.map((u) => u.scenario)).toEqual(['wrong-position', 'wrong-position']);
    await playScenario(mock.url, ir, ir.tests.scenarios.find((s) => s.id === 'wrong-position')!);
    expect((await controlRequest(mock.url, 'POST', '/__mock/reset?scenario=nope')).status).toBe(404);
  });

  it('wrong-signature: the live request must be badly signed too, and the StringToSign is the live one', async () => {
    const scenario = ir.tests.scenarios.find((s) => s.id === 'wrong-signature')!;
    expect(scenario.badCredentials).toBe(true);
    await controlRequest(mock.url, 'POST', '/__mock/reset');
    const req = stepRequest(ir, scenario, scenario.steps[0]!);
    const time = Date.now();
    const res = await send(mock.url, { ...req, time });
    expect(res.status).toBe(403);
    const sts = xmlField(res, 'StringToSign');
    expect(sts).toMatch(/^OSS4-HMAC-SHA256\n\d{8}T\d{6}Z\n/);
    expect(sts).toContain(new Date(time).toISOString().slice(0, 10).replace(/-/g, ''));
    // Signed correctly, the same request no longer matches the recording.
    await controlRequest(mock.url, 'POST', '/__mock/reset');
    const good = await send(mock.url, { ...req, credentials: ir.tests.credentials });
    expect(good.status).toBe(400);
    expect(xmlField(good, 'Code')).toBe('MockMismatch');
    expect(xmlField(good, 'Message')).toContain('auth.signature: expected "invalid", got "valid"');
    await controlRequest(mock.url, 'POST', '/__mock/reset');
  });

  it('a request for a key no cassette uses is refused with a clear message', async () => {
    const res = await send(mock.url, { method: 'HEAD', bucket: 'examplebucket', key: 'nowhere' });
    expect(res.status).toBe(400);
    expect(xmlField(res, 'Message')).toContain('No cassette records bucket "examplebucket" and key "nowhere"');
    const r = await report(mock.url);
    expect(r.unmatched.at(-1)?.scenario).toBeNull();
    await controlRequest(mock.url, 'POST', '/__mock/reset');
  });
});

describe('a cassette altered by one byte names the field that differs', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ossgen-cassettes-'));
    cpSync(DEFAULT_FIXTURES_DIR, dir, { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cases: { name: string; alter: (text: string) => string; field: string; interaction: number }[] = [
    { name: 'query value', alter: (t) => t.replace('"position": "11"', '"position": "12"'), field: 'query.position', interaction: 1 },
    { name: 'header value', alter: (t) => t.replace('"content-type": "text/plain"', '"content-type": "text/plaim"'), field: 'header.content-type', interaction: 0 },
    { name: 'body digest', alter: (t) => t.replace(/("sha256": ")([0-9a-f])/, (_, a: string, c: string) => `${a}${c === '0' ? '1' : '0'}`), field: 'body.sha256', interaction: 0 },
    { name: 'method', alter: (t) => t.replace('"method": "GET"', '"method": "PUT"'), field: 'method', interaction: 3 },
  ];

  for (const c of cases) {
    it(`${c.name} → ${c.field}`, async () => {
      const file = join(dir, 'append-three-times.json');
      const original = readFileSync(join(DEFAULT_FIXTURES_DIR, 'append-three-times.json'), 'utf8');
      const altered = c.alter(original);
      expect(altered).not.toBe(original);
      writeFileSync(file, altered);
      const mock = await startMock({ mode: 'fixtures', fixturesDir: dir, ir, controlEndpoints: true });
      try {
        const scenario = ir.tests.scenarios.find((s) => s.id === 'append-three-times')!;
        const error = await playScenario(mock.url, ir, scenario).then(
          () => undefined,
          (e: Error) => e,
        );
        expect(error?.message).toContain(`step ${c.interaction + 1}`);
        expect(error?.message).toContain('MockMismatch');
        const r = await report(mock.url, 'append-three-times');
        expect(r.unmatched).toHaveLength(1);
        const entry = r.unmatched[0]!;
        expect(entry.interaction).toBe(c.interaction);
        expect(entry.differences.map((d) => d.field)).toEqual([c.field]);
        expect(entry.message).toContain('Scenario "append-three-times"');
        expect(entry.message).toContain(`interaction ${c.interaction + 1} of 4`);
        expect(entry.message).toContain(`${c.field}: expected`);
        expect(r.unused.map((u) => u.interaction)).toEqual([0, 1, 2, 3].slice(c.interaction));
      } finally {
        await mock.close();
        writeFileSync(file, original);
      }
    });
  }
});

describe('recording', () => {
  it('re-recording every scenario against the simulator gives byte-identical files, with no secret in them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ossgen-record-'));
    try {
      const files = await recordScenarios(dir, undefined, ir);
      expect(files).toHaveLength(ir.tests.scenarios.length);
      for (const file of files) {
        const name = file.replace(/^.*[\\/]/, '');
        const text = readFileSync(file, 'utf8');
        expect(text, name).toBe(readFileSync(join(DEFAULT_FIXTURES_DIR, name), 'utf8'));
        expect(text).not.toMatch(/authorization|OSS4-HMAC-SHA256 Credential|Signature=|x-oss-date|x-oss-security-token|wrong-secret/i);
        const cassette = JSON.parse(text) as { interactions: { request: { headers: Record<string, string> } }[] };
        for (const i of cassette.interactions) expect(Object.keys(i.request.headers).filter((h) => h === 'date' || h.startsWith('x-oss-date'))).toEqual([]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the recorder forwards to its upstream, scrubs security tokens and writes the cassette after each interaction', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ossgen-rec-'));
    const sim = await startMock({ mode: 'sim', ir, securityToken: 'TOKEN-SECRET' });
    const file = join(dir, 'custom.json');
    const rec = await startMock({ mode: 'record', ir, recordFile: file, upstream: sim.url });
    try {
      const creds = { accessKeyId: 'ak', accessKeySecret: 'sk', securityToken: 'TOKEN-SECRET' };
      const r = await send(rec.url, { method: 'POST', bucket: 'examplebucket', key: 'rec/a.log', query: [{ name: 'append' }, { name: 'position', value: '0' }], body: 'abc', credentials: creds });
      expect(r.status).toBe(200);
      expect(r.headers['x-oss-next-append-position']).toBe('3');
      const cassette = JSON.parse(readFileSync(file, 'utf8')) as { scenario: string; provenance: { upstream: string }; interactions: unknown[] };
      expect(cassette.scenario).toBe('custom');
      expect(cassette.provenance.upstream).toBe('local server on loopback');
      expect(cassette.interactions).toHaveLength(1);
      expect(readFileSync(file, 'utf8')).not.toContain('TOKEN-SECRET');
      // The cassette replays.
      await rec.close();
      const replay = await startMock({ mode: 'fixtures', fixturesDir: dir, ir });
      try {
        const again = await send(replay.url, { method: 'POST', bucket: 'examplebucket', key: 'rec/a.log', query: [{ name: 'append' }, { name: 'position', value: '0' }], body: 'abc', credentials: creds });
        expect(again.status).toBe(200);
        expect(again.headers['x-oss-next-append-position']).toBe('3');
      } finally {
        await replay.close();
      }
    } finally {
      await rec.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
