/**
 * Secrets never leak. A full run with a distinctive access key secret and session token: the
 * simulator process with --verbose (its access log), a recording proxy (its cassette), the six
 * clients' error messages when the service refuses them (TypeScript in process, Go, Python, C, C++ and Java
 * drivers), the clients as a careless log line prints them, presigned-URL-shaped queries, and the generator run with the secrets in its environment
 * (every generated file). Then every one of those outputs, plus the committed out/ and recordings,
 * is searched for both secrets. A planted copy proves the search itself finds a leak. The TS client's
 * hooks (request/response observers) are searched for both secrets and every signature it sent.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startMock } from '../../generator/mock/index.js';
import { send } from '../../generator/mock/raw-client.js';
import { NodeTransport, OssClient, type Transport } from '../../out/ts/src/index.js';
import { explain, startBackground, type Background } from '../support/subprocess.js';
import { ACCESS_KEY_ID, buildCDriver, buildCppDriver, buildGoDriver, buildJavaDriver, buildCsharpDriver, driverCommand, PROJECT_ROOT, run, SECRET } from './lib.js';

const TOKEN = 'ossgenRelToken-Hq4Rt8Yz1Bc6Nd0';
const SECRETS = [SECRET, TOKEN];

let work: string;
/** Every output of the run, by where it came from. */
const outputs = new Map<string, string>();

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.parentPath.includes('node_modules') && !e.parentPath.includes('/.git'))
    .map((e) => join(e.parentPath, e.name));
}

/** Where a secret occurs: `label` for every output that carries one of them. */
function leaks(sources: Map<string, string>): string[] {
  return [...sources].filter(([, text]) => SECRETS.some((s) => text.includes(s))).map(([label]) => label);
}

/** The simulator as its own process; log() is everything it printed (the ready line, then the access log). */
async function startSimProcess(args: string[]): Promise<{ url: string; server: Background; log: () => string }> {
  const server = startBackground(process.execPath, ['--import', pathToFileURL(join(PROJECT_ROOT, 'node_modules/tsx/dist/loader.mjs')).href, join(PROJECT_ROOT, 'generator/mock/main.ts'), ...args]);
  const [, url] = await server.waitFor(/listening on (http:\/\/\S+)/);
  return { url: url!, server, log: () => `${server.stdout()}${server.stderr()}` };
}

async function clientErrors(client: OssClient, key: string): Promise<string[]> {
  const texts: string[] = [];
  const calls = [
    () => client.appendObject({ key, position: 0, body: 'x' }),
    () => client.headObject({ key }),
    () => client.getObject({ key }),
    () => client.putObject({ key, body: 'y', metadata: { owner: 'me' } }),
  ];
  for (const call of calls) {
    try {
      await call();
    } catch (err) {
      texts.push(String(err), (err as Error).message, (err as Error).stack ?? '', JSON.stringify(err));
    }
  }
  return texts;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'ossgen-secrets-'));
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('secrets', () => {
  it('appear in no log, cassette, error message or generated file after a full run', async () => {
    const sim = await startSimProcess(['--sim', '--verbose', '--access-key-id', ACCESS_KEY_ID, '--access-key-secret', SECRET, '--security-token', TOKEN]);
    // A failing step must not leave the simulator process behind (the run's teardown would report it).
    onTestFinished(async () => {
      await sim.server.stop({ signal: 'SIGKILL' });
    });
    const recordFile = join(work, 'recorded.json');
    const recorder = await startMock({ mode: 'record', recordFile, upstream: sim.url, scenario: 'secrets', accessKeyId: ACCESS_KEY_ID, accessKeySecret: SECRET });
    try {
      const good = { accessKeyId: ACCESS_KEY_ID, accessKeySecret: SECRET, securityToken: TOKEN };
      for (const [label, url] of [['simulator', sim.url], ['recorder', recorder.url]] as const) {
        // Work that succeeds, with both signature versions.
        for (const signatureVersion of ['v4', 'v1'] as const) {
          const client = new OssClient({ endpoint: url, bucket: 'examplebucket', credentials: good, signatureVersion });
          const key = `secrets/${label}-${signatureVersion}.log`;
          await client.appendObject({ key, position: 0, body: 'one\n' });
          await client.appendObject({ key, position: 4, body: 'two\n' });
          await client.headObject({ key });
          await client.deleteObject({ key });
          outputs.set(`ts client (inspect) ${label} ${signatureVersion}`, inspect(client, { depth: 4 }));
          client.close();
        }
        // Refused work: wrong secret, wrong token, unknown key; every error text is kept.
        for (const [what, credentials] of [
          ['wrong secret', { ...good, accessKeySecret: `${SECRET}-wrong` }],
          ['wrong token', { ...good, securityToken: `${TOKEN}-wrong` }],
          ['unknown key', { ...good, accessKeyId: 'LTAIunknown' }],
        ] as const) {
          const client = new OssClient({ endpoint: url, bucket: 'examplebucket', credentials, retry: { maxAttempts: 1 } });
          outputs.set(`ts error messages ${label} ${what}`, (await clientErrors(client, `secrets/${label}-refused.log`)).join('\n'));
          client.close();
        }
      }
      // A presigned-URL-shaped query carries credentials in the URL: the access log must not repeat them.
      const presigned = await fetch(`${sim.url}/examplebucket/secrets/x?OSSAccessKeyId=${ACCESS_KEY_ID}&Expires=1&Signature=${SECRET}&security-token=${TOKEN}&x-oss-credential=${SECRET}`);
      expect(presigned.status).toBeGreaterThanOrEqual(400);
      outputs.set('presigned answer', await presigned.text());
      // (A SignatureDoesNotMatch body echoes the canonical request, session token included, to the
      // caller that sent it, as the service does; it is not an output, but the cassette must scrub it.)
      const raw = await send(recorder.url, { method: 'PUT', bucket: 'examplebucket', key: 'secrets/raw', body: 'z', credentials: { ...good, accessKeySecret: 'nope' } });
      expect(raw.status).toBe(403);
    } finally {
      await recorder.close();
    }

    // The other languages' error messages: their drivers sign with the secret and token, the service expects another secret.
    const other = await startMock({ mode: 'sim', accessKeyId: ACCESS_KEY_ID, accessKeySecret: 'a-different-secret', securityToken: TOKEN });
    try {
      const [go, c, cpp, java, csharp] = await Promise.all([buildGoDriver(work), buildCDriver(work), buildCppDriver(), buildJavaDriver(work), buildCsharpDriver(work)]);
      for (const lang of ['go', 'python', 'c', 'cpp', 'ts', 'java', 'php', 'ruby', 'csharp'] as const) {
        const cmd = driverCommand(lang, { go, c, cpp, java, csharp });
        const r = await run(cmd.command, [...cmd.args, 'integrity', other.url, 'secrets/driver.bin'], { env: { ...cmd.env, OSS_SESSION_TOKEN: TOKEN } });
        expect(r.status, `${lang} should fail to open: ${r.stdout}${r.stderr}`).not.toBe(0);
        expect(r.stdout + r.stderr).toMatch(/SignatureDoesNotMatch|signature/i);
        outputs.set(`${lang} driver error output`, r.stdout + r.stderr);
      }
      // A client printed by a careless log line (Go %v/%+v/%#v, Python repr/str, Java toString, PHP var_dump/print_r/var_export, Ruby inspect/to_s/pp, C# ToString/string.Format).
      for (const lang of ['go', 'python', 'java', 'php', 'ruby', 'csharp'] as const) {
        const cmd = driverCommand(lang, { go, c, java, csharp });
        const r = await run(cmd.command, [...cmd.args, 'print-client', other.url, 'x'], { env: { ...cmd.env, OSS_SESSION_TOKEN: TOKEN } });
        expect(r.status, explain(r)).toBe(0);
        expect(r.stdout).toContain('127.0.0.1');
        outputs.set(`${lang} client printed`, r.stdout + r.stderr);
      }
    } finally {
      await other.close();
    }
    await sim.server.stop();
    outputs.set('simulator access log (--verbose)', sim.log());
    outputs.set('recorded cassette', readFileSync(recordFile, 'utf8'));
    expect(sim.log().split('\n').length).toBeGreaterThan(40);

    // The generator with the secrets in its environment: nothing of them in any generated file.
    const generated = join(work, 'generated');
    const gen = await run(process.execPath, [join(PROJECT_ROOT, 'bin/gen.js'), '--lang', 'all', '--out', generated], { env: { OSS_ACCESS_KEY_ID: ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET: SECRET, OSS_SESSION_TOKEN: TOKEN } });
    expect(gen.status, gen.stderr).toBe(0);
    outputs.set('gen output', gen.stdout + gen.stderr);
    const generatedFiles = filesUnder(generated);
    for (const f of generatedFiles) outputs.set(`generated ${f.slice(generated.length + 1)}`, readFileSync(f, 'utf8'));
    // And the committed artifacts.
    const committed = [...filesUnder(join(PROJECT_ROOT, 'out')), ...filesUnder(join(PROJECT_ROOT, 'test/fixtures/recordings')), ...filesUnder(join(PROJECT_ROOT, 'docs'))].filter((f) => statSync(f).size < 8 * 1024 * 1024);
    for (const f of committed) outputs.set(`committed ${f.slice(PROJECT_ROOT.length + 1)}`, readFileSync(f, 'latin1'));

    // The search works: a planted copy is found.
    const planted = new Map([['planted', `log line with ${SECRET} in it`]]);
    expect(leaks(planted)).toEqual(['planted']);

    const found = leaks(outputs);
    const bytes = [...outputs.values()].reduce((a, t) => a + t.length, 0);
    console.log(
      `[reliability/secrets] outputs-searched=${outputs.size} (${(bytes / 1e6).toFixed(1)} MB: access log, cassette, TS/Go/Python/C/Java error messages, ` +
        `${generatedFiles.length} generated files, ${committed.length} committed files) secrets=2 (access key secret, session token) occurrences=${found.length}`,
    );
    expect(found).toEqual([]);
  }, 300_000);

  it('the TS client’s hooks never see the secret, the session token or a signature (both schemes, accepted and refused calls)', async () => {
    const sim = await startMock({ mode: 'sim', accessKeyId: ACCESS_KEY_ID, accessKeySecret: SECRET, securityToken: TOKEN });
    const node = new NodeTransport();
    try {
      // The real Authorization values, as the transport gets them: their signatures must not reach a hook.
      const authorizations: string[] = [];
      const transport: Transport = (request) => {
        authorizations.push(request.headers['authorization'] ?? '');
        return node.send(request);
      };
      const seen: unknown[] = [];
      const hooks = { onRequest: (r: unknown) => seen.push(r), onResponse: (r: unknown) => seen.push(r), onError: (f: unknown) => seen.push(f) };
      const good = { accessKeyId: ACCESS_KEY_ID, accessKeySecret: SECRET, securityToken: TOKEN };
      for (const signatureVersion of ['v4', 'v1'] as const) {
        const client = new OssClient({ endpoint: sim.url, bucket: 'examplebucket', credentials: good, signatureVersion, transport, hooks });
        const key = `secrets/hooks-${signatureVersion}.log`;
        await client.appendObject({ key, position: 0, body: 'one\n' });
        await (await client.getObject({ key })).text();
        await client.deleteObject({ key });
        const refused = new OssClient({ endpoint: sim.url, bucket: 'examplebucket', credentials: { ...good, accessKeySecret: `${SECRET}-wrong` }, signatureVersion, transport, hooks, retry: { maxAttempts: 1 } });
        await expect(refused.headObject({ key })).rejects.toThrow();
      }
      const text = JSON.stringify(seen) + seen.map((e) => inspect(e, { depth: 6 })).join('\n');
      expect(seen.length).toBe(16);
      expect(authorizations).toHaveLength(8);
      const signatures = authorizations.map((a) => /(?:Signature=|:)([^,:\s]+)$/.exec(a)![1]!);
      for (const signature of signatures) expect(signature.length).toBeGreaterThan(20);
      expect(leaks(new Map([['hooks', text]]))).toEqual([]);
      expect(signatures.filter((signature) => text.includes(signature))).toEqual([]);
      expect(text).toContain('[redacted]');
    } finally {
      node.close();
      await sim.close();
    }
  }, 60_000);
});
