/**
 * gen publish --lang cli: release archives of the command-line tool, cross-compiled by Go with
 * CGO_ENABLED=0. Run here for two platforms (OSSGEN_RELEASE_PLATFORMS: a tar.gz and a zip; all six
 * are the default), twice: the archives and SHA256SUMS must be byte-identical (-trimpath,
 * -buildvcs=false, no build id, fixed times and owners), the checksums must verify, the archives
 * must hold the binary and README under one folder with fixed times, and the Linux binary must
 * run and append to the simulator. The deterministic zip writer is checked on its own too.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type MockServer } from '../../generator/mock/index.js';
import { deterministicZip, releasePlatforms, RELEASE_PLATFORMS } from '../../generator/publish/targets/binaries.js';
import { buildModel, PROJECT_ROOT } from '../../generator/run.js';
import { goEnv } from '../reliability/lib.js';
import { explain, run } from '../support/subprocess.js';

const PLATFORMS = 'linux/amd64,windows/arm64';
let work: string;
let sim: MockServer;

const publishTo = (name: string) =>
  run(process.execPath, [join(PROJECT_ROOT, 'bin/gen.js'), 'publish', '--lang', 'cli', '--dist', join(work, name), '--releases', join(work, `releases-${name}`), '--test-command', 'true'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...goEnv(), OSSGEN_RELEASE_PLATFORMS: PLATFORMS },
    timeoutMs: 1_200_000,
  });

describe('publish: cli release archives', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'ossgen-publish-cli-'));
    sim = await startMock({ mode: 'sim' });
  });
  afterAll(async () => {
    await sim?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('ships linux/darwin/windows × amd64/arm64 by default; the environment narrows it', () => {
    expect(RELEASE_PLATFORMS.map((p) => `${p.os}/${p.arch}`)).toEqual(['linux/amd64', 'linux/arm64', 'darwin/amd64', 'darwin/arm64', 'windows/amd64', 'windows/arm64']);
    expect(releasePlatforms({})).toHaveLength(6);
    expect(releasePlatforms({ OSSGEN_RELEASE_PLATFORMS: PLATFORMS })).toHaveLength(2);
    expect(() => releasePlatforms({ OSSGEN_RELEASE_PLATFORMS: 'plan9/386' })).toThrow(/choose among/);
  });

  it('writes a zip that unzip reads, with fixed times and Unix modes, the same bytes every time', async () => {
    const files = [
      { name: 'a/README.md', data: Buffer.from('readme\n'), mode: 0o644 },
      { name: 'a/tool.exe', data: Buffer.alloc(5000, 7), mode: 0o755 },
    ];
    const zip = deterministicZip(files);
    expect(deterministicZip(files).equals(zip)).toBe(true);
    const path = join(work, 'check.zip');
    writeFileSync(path, zip);
    const listed = await run('python3', ['-c', 'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print("\\n".join(f"{i.filename} {i.date_time} {oct(i.external_attr>>16)} {len(z.read(i))}" for i in z.infolist()))', path]);
    expect(listed.status, explain(listed)).toBe(0);
    expect(listed.stdout).toBe('a/README.md (1980, 1, 1, 0, 0, 0) 0o100644 7\na/tool.exe (1980, 1, 1, 0, 0, 0) 0o100755 5000\n');
  });

  it('cross-compiles reproducible archives with checksums, and the Linux binary runs against the simulator', async () => {
    const { ir } = await buildModel();
    const version = ir!.service.version;
    const program = ir!.service.packages.go.slice(ir!.service.packages.go.lastIndexOf('/') + 1);
    const first = await publishTo('dist1');
    expect(first.status, explain(first)).toBe(0);
    const second = await publishTo('dist2');
    expect(second.status, explain(second)).toBe(0);
    const sums = readFileSync(join(work, 'dist1', `${program}-${version}-SHA256SUMS`), 'utf8');
    expect(readFileSync(join(work, 'dist2', `${program}-${version}-SHA256SUMS`), 'utf8')).toBe(sums);
    const names = sums.trim().split('\n').map((l) => l.slice(66));
    expect(names).toEqual([`${program}-${version}-linux-amd64.tar.gz`, `${program}-${version}-windows-arm64.zip`]);
    for (const line of sums.trim().split('\n')) {
      const [digest, name] = [line.slice(0, 64), line.slice(66)];
      expect(createHash('sha256').update(readFileSync(join(work, 'dist1', name))).digest('hex'), name).toBe(digest);
      expect(readFileSync(join(work, 'dist2', name)).equals(readFileSync(join(work, 'dist1', name))), name).toBe(true);
    }

    const linux = `${program}-${version}-linux-amd64`;
    const listing = await run('tar', ['-tvzf', join(work, 'dist1', `${linux}.tar.gz`)]);
    expect(listing.status, explain(listing)).toBe(0);
    const lines = listing.stdout.trim().split('\n');
    expect(lines.map((l) => l.split(/\s+/).at(-1))).toEqual([`${linux}/`, `${linux}/README.md`, `${linux}/${program}`]);
    for (const l of lines) expect(l).toMatch(/ 0\/0 .* 1980-01-01 00:00 /);
    const windows = `${program}-${version}-windows-arm64`;
    const zipped = await run('python3', ['-c', 'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print("\\n".join(i.filename for i in z.infolist()))', join(work, 'dist1', `${windows}.zip`)]);
    expect(zipped.stdout).toBe(`${windows}/README.md\n${windows}/${program}.exe\n`);

    const unpacked = join(work, 'unpacked');
    mkdirSync(unpacked);
    expect((await run('tar', ['-xzf', join(work, 'dist1', `${linux}.tar.gz`), '-C', unpacked])).status).toBe(0);
    const binary = join(unpacked, linux, program);
    expect(existsSync(binary)).toBe(true);
    const file = join(work, 'released.log');
    writeFileSync(file, 'from the release binary\n');
    const env = { HOME: work, PATH: process.env.PATH ?? '', OSS_ENDPOINT: sim.url, [ir!.service.credentials.accessKeyIdEnv]: ir!.tests.credentials.accessKeyId, [ir!.service.credentials.accessKeySecretEnv]: ir!.tests.credentials.accessKeySecret };
    const url = `${ir!.service.id}://examplebucket/cli-release/${Date.now()}.log`;
    const appended = await run(binary, ['append', '--json', file, url], { env });
    expect(appended.status, explain(appended)).toBe(0);
    const cat = await run(binary, ['cat', url], { env });
    expect(cat.stdout).toBe('from the release binary\n');
  }, 1_300_000);
});
