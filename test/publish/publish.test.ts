// gen publish end to end, against real registry software on loopback: verdaccio (npm), pypiserver
// (PyPI), a GOPROXY directory read by the go command, and a C tarball built with its Makefile. Each
// published package is installed the way a user would and runs its sample against the simulator.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type MockServer } from '../../generator/mock/index.js';
import { buildModel } from '../../generator/run.js';
import { OssClient } from '../../out/ts/src/index.js';
import { run, startBackground, type Background } from '../support/subprocess.js';

const root = join(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'ossgen-publish-e2e-'));
const releases = join(work, 'releases');
const { ir } = await buildModel();
const version = ir!.service.version;
const creds = ir!.tests.credentials;
const userEnv = { OSS_ACCESS_KEY_ID: creds.accessKeyId, OSS_ACCESS_KEY_SECRET: creds.accessKeySecret };

/** Runs a command without blocking the event loop: the simulator answering the samples lives in this process. */
async function sh(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number | null; out: string }> {
  const r = await run(command, args, { cwd: options.cwd ?? root, env: options.env });
  return r.error ? { code: -1, out: String(r.error) } : { code: r.status, out: r.output };
}
const gen = (args: string[], env: NodeJS.ProcessEnv = {}) => sh(process.execPath, [join(root, 'bin/gen.js'), 'publish', '--releases', releases, ...args], { env });

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}

let sim: MockServer;
const servers: Background[] = [];
let npmRegistry = '';
let npmToken = '';
let pypiUrl = '';
const goproxy = join(work, 'goproxy');
const dist = join(work, 'dist');

beforeAll(async () => {
  sim = await startMock({ mode: 'sim' });
  // verdaccio with a user, no uplinks (nothing leaves the machine).
  const vport = await freePort();
  const vdir = join(work, 'verdaccio');
  mkdirSync(vdir);
  writeFileSync(
    join(vdir, 'config.yaml'),
    `storage: ${vdir}/storage\nauth:\n  htpasswd:\n    file: ${vdir}/htpasswd\nuplinks: {}\npackages:\n  '**':\n    access: $all\n    publish: $authenticated\nlog: { type: stdout, format: pretty, level: error }\n`,
  );
  servers.push(startBackground(join(root, 'node_modules/.bin/verdaccio'), ['--config', join(vdir, 'config.yaml'), '--listen', `127.0.0.1:${vport}`]));
  npmRegistry = `http://127.0.0.1:${vport}/`;
  // pypiserver accepting uploads without authentication (-a . -P .), on loopback only.
  const pport = await freePort();
  mkdirSync(join(work, 'pypi'));
  servers.push(startBackground('pypi-server', ['run', '-i', '127.0.0.1', '-p', String(pport), '-a', '.', '-P', '.', join(work, 'pypi')]));
  pypiUrl = `http://127.0.0.1:${pport}/`;
  await Promise.all([waitFor(`${npmRegistry}-/ping`), waitFor(pypiUrl)]);
  const user = await fetch(`${npmRegistry}-/user/org.couchdb.user:ossgen`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'ossgen', password: 'ossgen-publish-test' }),
  });
  npmToken = ((await user.json()) as { token: string }).token;
}, 120_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await sim?.close();
  rmSync(work, { recursive: true, force: true });
});

async function readBack(key: string): Promise<string> {
  const client = new OssClient({ endpoint: sim.url, bucket: 'examplebucket', credentials: { accessKeyId: creds.accessKeyId, accessKeySecret: creds.accessKeySecret } });
  try {
    const out = await client.getObject({ key });
    const chunks: Buffer[] = [];
    for await (const chunk of out.body) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    client.close();
  }
}
const example = ir!.examples[0]!.input.find((v) => v.member.id === 'body')!.value as string;

describe('gen publish', () => {
  it('--dry-run lists what would be published and publishes nothing', async () => {
    const r = await gen(['--lang', 'all', '--dry-run', '--registry', npmRegistry, '--repository-url', pypiUrl, '--goproxy-dir', goproxy, '--dist', dist, '--maven-repo', join(work, 'maven-repo'), '--gem-source', join(work, 'gem-source'), '--composer-repo', join(work, 'composer-repo'), '--package-dir', join(work, 'csharp-packages')]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`would publish ts ${version} to npm registry ${npmRegistry}`);
    expect(r.out).toContain(`would publish python ${version}`);
    expect(r.out).toMatch(new RegExp(`ossc-${version}\\.tar\\.gz {2}\\d+ bytes`));
    expect(r.out).toMatch(new RegExp(`${ir!.service.packages.cpp}-${version}\\.tar\\.gz {2}\\d+ bytes`));
    expect(r.out).toMatch(/dist\/index\.js {2}\d+/);
    expect(r.out).toContain(`would publish java ${version} to Maven repository`);
    expect(existsSync(join(work, 'maven-repo'))).toBe(false);
    expect(r.out).toContain(`would publish php ${version} to Composer repository`);
    expect(existsSync(join(work, 'composer-repo'))).toBe(false);
    expect(r.out).toContain(`would publish ruby ${version} to gem source`);
    expect(r.out).toMatch(new RegExp(`gems/${ir!.service.packages.ruby}-${version}\\.gem {2}\\d+ bytes`));
    expect(existsSync(join(work, 'gem-source'))).toBe(false);
    expect(r.out).toContain(`would publish csharp ${version} to package folder`);
    expect(r.out).toMatch(new RegExp(`${ir!.service.packages.csharp}/${version.replace(/\./g, '\\.')}/lib/netstandard2\\.0/${ir!.service.packages.csharp}\\.dll {2}\\d+ bytes`));
    expect(existsSync(join(work, 'csharp-packages'))).toBe(false);
    expect(r.out).toContain('First release.');
    expect(existsSync(goproxy)).toBe(false);
    expect(existsSync(dist)).toBe(false);
    expect(existsSync(releases)).toBe(false);
    expect(readdirSync(join(work, 'pypi'))).toEqual([]);
    expect((await fetch(`${npmRegistry}${ir!.service.packages.npm}`)).status).toBe(404);
  }, 300_000);

  it('refuses when the generated tests fail, publishing nothing', async () => {
    const r = await gen(['--lang', 'c', '--dist', dist, '--test-command', 'exit 3']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('refused: c: the generated tests failed (exit 3); nothing was published.');
    expect(existsSync(dist)).toBe(false);
  });

  // The generated tests of each language run in this same suite (test/<lang>); here they are not run twice.
  const ran = ['--test-command', 'true'];

  it('publishes the npm package to verdaccio; a fresh project installs it and runs a sample', async () => {
    const r = await gen(['--lang', 'ts', '--registry', npmRegistry, ...ran], { NPM_TOKEN: npmToken });
    expect(r.code, r.out).toBe(0);
    expect(r.out).not.toContain(npmToken);
    const app = join(work, 'npm-app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), '{ "name": "app", "private": true, "type": "module" }\n');
    const installed = await sh('npm', ['install', '--no-audit', '--no-fund', '--registry', npmRegistry, `${ir!.service.packages.npm}@${version}`], { cwd: app });
    expect(installed.code, installed.out).toBe(0);
    // Plain JavaScript use of the installed package.
    writeFileSync(join(app, 'check.mjs'), `import { OssClient } from '${ir!.service.packages.npm}';\nconsole.log(typeof OssClient);\n`);
    expect((await sh(process.execPath, ['check.mjs'], { cwd: app })).out).toContain('function');
    cpSync(join(root, 'out/ts/examples/append-from-memory.ts'), join(app, 'sample.ts'));
    const key = 'published/npm.log';
    const ranSample = await sh(process.execPath, ['--import', join(root, 'node_modules/tsx/dist/esm/index.mjs'), 'sample.ts'], { cwd: app, env: { ...userEnv, OSS_ENDPOINT: sim.url, OSS_KEY: key } });
    expect(ranSample.code, ranSample.out).toBe(0);
    expect(await readBack(key)).toMatch(new RegExp(`^${example.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    // The same version again is refused.
    const again = await gen(['--lang', 'ts', '--registry', npmRegistry, ...ran], { NPM_TOKEN: npmToken });
    expect(again.code).toBe(1);
    expect(again.out).toContain(`version ${version} is already published`);
  }, 300_000);

  it('publishes wheel and sdist to pypiserver; a fresh venv installs it and runs a sample', async () => {
    const r = await gen(['--lang', 'python', '--repository-url', pypiUrl, ...ran]);
    expect(r.code, r.out).toBe(0);
    expect(readdirSync(join(work, 'pypi')).sort()).toEqual([`${ir!.service.packages.python}-${version}-py3-none-any.whl`, `${ir!.service.packages.python}-${version}.tar.gz`]);
    const venv = join(work, 'venv');
    expect((await sh('python3', ['-m', 'venv', venv])).code).toBe(0);
    const pip = await sh(join(venv, 'bin/pip'), ['install', '--index-url', `${pypiUrl}simple/`, `${ir!.service.packages.python}==${version}`]);
    expect(pip.code, pip.out).toBe(0);
    const key = 'published/pypi.log';
    const ranSample = await sh(join(venv, 'bin/python'), [join(root, 'out/python/examples/append_from_memory.py'), '--key', key], { cwd: work, env: { ...userEnv, OSS_ENDPOINT: sim.url } });
    expect(ranSample.code, ranSample.out).toBe(0);
    expect(await readBack(key)).toContain(example);
    expect((await gen(['--lang', 'python', '--repository-url', pypiUrl, ...ran])).code).toBe(1);
  }, 300_000);

  it('writes the Go module into a GOPROXY directory; a fresh module fetches it with GOPROXY=file:// and runs a sample', async () => {
    const r = await gen(['--lang', 'go', '--goproxy-dir', goproxy, ...ran]);
    expect(r.code, r.out).toBe(0);
    const mod = ir!.service.packages.go;
    expect(readFileSync(join(goproxy, mod, '@v/list'), 'utf8')).toBe(`v${version}\n`);
    const app = join(work, 'go-app');
    mkdirSync(app);
    writeFileSync(join(app, 'go.mod'), `module example.com/app\n\ngo 1.21\n\nrequire ${mod} v${version}\n`);
    cpSync(join(root, 'out/go/examples/append-from-memory/main.go'), join(app, 'main.go'));
    const env = { GOPROXY: `file://${goproxy}`, GOFLAGS: '-mod=mod', GONOSUMDB: mod, GONOSUMCHECK: '1', GOSUMDB: 'off', GOPATH: join(work, 'gopath'), GOMODCACHE: join(work, 'gopath/pkg/mod') };
    const built = await sh('go', ['build', '-o', 'sample', '.'], { cwd: app, env });
    expect(built.code, built.out).toBe(0);
    const key = 'published/go.log';
    const ranSample = await sh(join(app, 'sample'), ['--endpoint', sim.url, '--key', key], { cwd: app, env: userEnv });
    expect(ranSample.code, ranSample.out).toBe(0);
    expect(await readBack(key)).toContain(example);
    expect((await gen(['--lang', 'go', '--goproxy-dir', goproxy, ...ran])).code).toBe(1);
  }, 300_000);

  it('writes the C source tarball with its checksum; it unpacks, builds with its Makefile and its sample runs', async () => {
    const r = await gen(['--lang', 'c', '--dist', dist, ...ran]);
    expect(r.code, r.out).toBe(0);
    const name = `${ir!.service.packages.c}-${version}`;
    const sum = readFileSync(join(dist, `${name}.tar.gz.sha256`), 'utf8');
    expect((await sh('sha256sum', ['-c', `${name}.tar.gz.sha256`], { cwd: dist })).code).toBe(0);
    expect(sum).toMatch(new RegExp(`^[0-9a-f]{64}  ${name}\\.tar\\.gz\\n$`));
    const unpack = join(work, 'c-src');
    mkdirSync(unpack);
    expect((await sh('tar', ['-xzf', join(dist, `${name}.tar.gz`), '-C', unpack])).code).toBe(0);
    const src = join(unpack, name);
    expect((await sh('sha256sum', ['-c', 'SHA256SUMS', '--quiet'], { cwd: src })).code).toBe(0);
    expect(existsSync(join(src, `${ir!.service.packages.c}.pc`))).toBe(true);
    const made = await sh('make', ['examples'], { cwd: src });
    expect(made.code, made.out).toBe(0);
    const samples = readdirSync(join(src, 'build'), { recursive: true }).map(String).filter((f) => f.endsWith('append_from_memory'));
    expect(samples.length, `built: ${readdirSync(join(src, 'build'), { recursive: true }).join(' ')}`).toBe(1);
    const key = 'published/c.log';
    const ranSample = await sh(join(src, 'build', samples[0]!), ['--endpoint', sim.url, '--bucket', 'examplebucket', '--key', key], { cwd: src, env: userEnv });
    expect(ranSample.code, ranSample.out).toBe(0);
    expect(await readBack(key)).toContain(example);
    expect((await gen(['--lang', 'c', '--dist', dist, ...ran])).code).toBe(1);
  }, 300_000);

  it('writes the C++ source tarball with its checksum; it unpacks, builds with CMake (its C core inside) and its sample runs', async () => {
    const r = await gen(['--lang', 'cpp', '--dist', dist, ...ran]);
    expect(r.code, r.out).toBe(0);
    const name = `${ir!.service.packages.cpp}-${version}`;
    const sum = readFileSync(join(dist, `${name}.tar.gz.sha256`), 'utf8');
    expect(sum).toMatch(new RegExp(`^[0-9a-f]{64}  ${name}\\.tar\\.gz\\n$`));
    expect((await sh('sha256sum', ['-c', `${name}.tar.gz.sha256`], { cwd: dist })).code).toBe(0);
    const unpack = join(work, 'cpp-src');
    mkdirSync(unpack);
    expect((await sh('tar', ['-xzf', join(dist, `${name}.tar.gz`), '-C', unpack])).code).toBe(0);
    const src = join(unpack, name);
    expect((await sh('sha256sum', ['-c', 'SHA256SUMS', '--quiet'], { cwd: src })).code).toBe(0);
    const configured = await sh('cmake', ['-S', src, '-B', join(src, 'build'), `-D${ir!.service.packages.cpp}_BUILD_TESTS=OFF`]);
    expect(configured.code, configured.out).toBe(0);
    const built = await sh('cmake', ['--build', join(src, 'build'), '-j', '2', '--target', 'append_from_memory']);
    expect(built.code, built.out).toBe(0);
    const key = 'published/cpp.log';
    const ranSample = await sh(join(src, 'build/append_from_memory'), ['--endpoint', sim.url, '--bucket', 'examplebucket', '--key', key], { cwd: src, env: userEnv });
    expect(ranSample.code, ranSample.out).toBe(0);
    expect(await readBack(key)).toContain(example);
    expect((await gen(['--lang', 'cpp', '--dist', dist, ...ran])).code).toBe(1);
  }, 300_000);

  it('records the release; a model that removes an operation under a minor bump is refused', async () => {
    expect(readdirSync(releases).sort()).toEqual([`${version}.surface.json`, 'CHANGELOG.md']);
    const changed = join(work, 'model-next.yaml');
    const text = readFileSync(join(root, 'model/oss.yaml'), 'utf8');
    const [major, minor] = version.split('.').map(Number);
    // Drop DeleteObject (and the scenario step that calls it) and bump the minor version.
    const next = text
      .replace(/\n {2}- name: DeleteObject\n[\s\S]*?(?=\nerrors:)/, '\n')
      .replace(/\n {8}- call: DeleteObject\n {10}input: \{\}\n {10}expect: \{ output: \{\} \}/, '')
      .replace(`version: ${version}`, `version: ${major}.${minor! + 1}.0`);
    writeFileSync(changed, next);
    expect((await sh(process.execPath, [join(root, 'bin/gen.js'), 'validate', '--model', changed])).code).toBe(0);
    const r = await gen(['--lang', 'c', '--model', changed, '--dist', dist, ...ran]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/refused: SemVer: .* is a minor bump, but the changes need a major bump; breaking: removed operation DeleteObject/);
  });
});
