// gen publish --lang php end to end: the package goes into a Composer repository directory, unpacked
// (for a "path" repository) and as a reproducible zip (for an "artifact" repository, or by hand). A fresh
// project made here requires the package with Packagist turned off and Composer's network disabled,
// installs it with Debian's composer from the path repository, and runs a sample through
// vendor/autoload.php against the simulator; the zip, unpacked without Composer, works through its own
// autoload.php. (Composer reads an artifact repository only with PHP's zip extension, which the client
// does not need and this machine does not install: that route is the zip's, tested without Composer.)
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPhpViewModel } from '../../generator/emitters/php/view-model/index.js';
import { startMock, type MockServer } from '../../generator/mock/index.js';
import { composerCoordinates } from '../../generator/publish/targets/composer.js';
import { buildModel } from '../../generator/run.js';
import { explain, run } from '../support/subprocess.js';

const root = join(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'ossgen-publish-php-'));
const releases = join(work, 'releases');
const repo = join(work, 'composer-repo');
const { ir } = await buildModel();
const view = buildPhpViewModel(ir!);
const version = ir!.service.version;
const creds = ir!.tests.credentials;
const coords = await composerCoordinates(join(root, 'out/php'));
const zipName = `${coords.name.replace('/', '-')}-${version}.zip`;

const gen = (args: string[]) => run(process.execPath, [join(root, 'bin/gen.js'), 'publish', '--releases', releases, ...args], { cwd: root, timeoutMs: 300_000 });
// The generated tests run in test/php; the publish gate's own refusal on failing tests is covered in publish.test.ts.
const ran = ['--test-command', 'true'];
const sampleEnv = { OSS_ACCESS_KEY_ID: creds.accessKeyId, OSS_ACCESS_KEY_SECRET: creds.accessKeySecret, OSS_SESSION_TOKEN: undefined, OSS_ENDPOINT: undefined, OSS_BUCKET: undefined, OSS_KEY: undefined, OSS_REGION: undefined };

/** A script that appends with the published client, loaded by `$loader`, and prints the object back. */
function appScript(loader: string): string {
  const a = view.appender;
  const r = view.reader;
  return `<?php
declare(strict_types=1);
require ${loader};
use ${view.namespace}\\${view.clientClass};
$c = new ${view.clientClass}(endpoint: $argv[1]);
$c->${a.appendMethod}(new \\${view.namespace}\\${a.appendRequest}(${a.bucketField}: 'examplebucket', ${a.keyField}: $argv[2], ${a.positionField}: 0, ${a.bodyField}: "published\\n"));
echo $c->${r.method}(new \\${view.namespace}\\${r.request}(${r.bucketField}: 'examplebucket', ${r.keyField}: $argv[2]))->${r.bodyField};
`;
}

let sim: MockServer;
beforeAll(async () => {
  sim = await startMock({ mode: 'sim' });
});
afterAll(async () => {
  await sim?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('gen publish --lang php', () => {
  it('refuses without a repository, and --dry-run lists the zip and the package files, publishing nothing', async () => {
    const missing = await gen(['--lang', 'php', '--dry-run']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('--composer-repo DIR is required');
    const r = await gen(['--lang', 'php', '--dry-run', '--composer-repo', repo]);
    expect(r.status, explain(r)).toBe(0);
    expect(r.stdout).toContain(`would publish php ${version} to Composer repository ${repo}`);
    expect(r.stdout).toMatch(new RegExp(`${zipName.replace(/\./g, '\\.')} {2}\\d+ bytes`));
    expect(r.stdout).toMatch(new RegExp(`src/${view.clientClass}\\.php {2}\\d+`));
    expect(existsSync(repo)).toBe(false);
    expect(existsSync(releases)).toBe(false);
  }, 300_000);

  it('writes the path and artifact forms; a fresh project installs offline with Composer (Packagist off) and runs against the simulator', async () => {
    const r = await gen(['--lang', 'php', '--composer-repo', repo, ...ran]);
    expect(r.status, explain(r)).toBe(0);
    expect(readdirSync(repo).sort()).toEqual([zipName, `${zipName}.sha256`, 'packages']);
    const zip = readFileSync(join(repo, zipName));
    expect(readFileSync(join(repo, `${zipName}.sha256`), 'utf8')).toBe(`${createHash('sha256').update(zip).digest('hex')}  ${zipName}\n`);
    const unpacked = join(repo, 'packages', coords.name, version);
    expect(readFileSync(join(unpacked, 'composer.json'), 'utf8')).toBe(readFileSync(join(root, 'out/php/composer.json'), 'utf8'));

    const app = join(work, 'app');
    const home = join(work, 'composer-home');
    mkdirSync(app, { recursive: true });
    writeFileSync(
      join(app, 'composer.json'),
      JSON.stringify({ name: 'example/app', require: { [coords.name]: version }, repositories: [{ type: 'path', url: join(repo, 'packages', coords.name, '*'), options: { symlink: false } }, { 'packagist.org': false }] }, null, 2),
    );
    const install = await run('composer', ['install', '--no-interaction', '--no-progress', '--no-dev'], { cwd: app, env: { HOME: home, COMPOSER_HOME: home, COMPOSER_DISABLE_NETWORK: '1' }, timeoutMs: 300_000 });
    expect(install.status, explain(install)).toBe(0);
    expect(install.output).toContain(`Installing ${coords.name} (${version})`);
    writeFileSync(join(app, 'app.php'), appScript(`__DIR__ . '/vendor/autoload.php'`));
    const ranApp = await run('php', ['-d', 'error_reporting=-1', join(app, 'app.php'), sim.url, 'published/composer.log'], { cwd: app, env: sampleEnv });
    expect(ranApp.status, explain(ranApp)).toBe(0);
    expect(ranApp.stdout).toBe('published\n');

    // The zip without Composer: unpacked by hand, loaded through its autoload.php.
    const byHand = join(work, 'by-hand');
    const unzip = await run('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', join(repo, zipName), byHand]);
    expect(unzip.status, explain(unzip)).toBe(0);
    writeFileSync(join(work, 'by-hand.php'), appScript(`__DIR__ . '/by-hand/autoload.php'`));
    const ranZip = await run('php', ['-d', 'error_reporting=-1', join(work, 'by-hand.php'), sim.url, 'published/zip.log'], { cwd: work, env: sampleEnv });
    expect(ranZip.status, explain(ranZip)).toBe(0);
    expect(ranZip.stdout).toBe('published\n');

    const again = await gen(['--lang', 'php', '--composer-repo', repo, ...ran]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`version ${version} is already published`);
  }, 400_000);

  it('the zip is reproducible: a second publish elsewhere writes the same bytes', async () => {
    const other = join(work, 'composer-repo-2');
    const r = await gen(['--lang', 'php', '--composer-repo', other, '--releases', join(work, 'releases-2'), ...ran]);
    expect(r.status, explain(r)).toBe(0);
    expect(readFileSync(join(other, zipName)).equals(readFileSync(join(repo, zipName)))).toBe(true);
  }, 300_000);
});
