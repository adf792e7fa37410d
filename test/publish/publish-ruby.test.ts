// gen publish --lang ruby end to end: `gem build` makes the gem (SOURCE_DATE_EPOCH is
// fixed), it goes into a local gem source (gems/ + the index `gem generate_index` writes), and `gem install
// --clear-sources --source file://DIR` installs it into a fresh, empty GEM_HOME with no network; a program
// using the installed gem (not out/ruby) appends to the simulator and reads back. Publishing the same
// version again is refused, leaving the source as it was.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moduleName } from '../../generator/emitters/ruby/view-model/index.js';
import { startMock, type MockServer } from '../../generator/mock/index.js';
import { buildModel } from '../../generator/run.js';
import { explain, run } from '../support/subprocess.js';

const root = join(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'ossgen-publish-ruby-'));
const releases = join(work, 'releases');
const source = join(work, 'gem-source');
const { ir } = await buildModel();
const version = ir!.service.version;
const gemName = ir!.service.packages.ruby;
const creds = ir!.tests.credentials;
const gemFile = join(source, 'gems', `${gemName}-${version}.gem`);

const gen = (args: string[]) => run(process.execPath, [join(root, 'bin/gen.js'), 'publish', '--releases', releases, ...args], { cwd: root, timeoutMs: 300_000 });
// The generated tests run in test/ruby; the publish gate's own refusal on failing tests is covered in publish.test.ts.
const ran = ['--test-command', 'true'];
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

let sim: MockServer;
beforeAll(async () => {
  sim = await startMock({ mode: 'sim' });
});
afterAll(async () => {
  await sim?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('gen publish --lang ruby', () => {
  it('refuses without a gem source, and --dry-run builds the gem without publishing', async () => {
    const missing = await gen(['--lang', 'ruby', '--dry-run']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('--gem-source DIR is required');
    const r = await gen(['--lang', 'ruby', '--dry-run', '--gem-source', source]);
    expect(r.status, explain(r)).toBe(0);
    expect(r.stdout).toContain(`would publish ruby ${version} to gem source file://${source}`);
    expect(r.stdout).toMatch(new RegExp(`lib/${gemName}/client\\.rb {2}\\d+`));
    expect(existsSync(source)).toBe(false);
  }, 300_000);

  it('publishes a reproducible gem that installs offline into a fresh GEM_HOME from the file:// source and works', async () => {
    const r = await gen(['--lang', 'ruby', '--gem-source', source, ...ran]);
    expect(r.status, explain(r)).toBe(0);
    expect(readdirSync(source).sort()).toEqual(expect.arrayContaining(['gems', 'specs.4.8.gz', 'latest_specs.4.8.gz', 'quick']));
    const published = sha256(gemFile);

    const home = join(work, 'gem-home');
    const env = { GEM_HOME: home, GEM_PATH: home, HOME: work, http_proxy: 'http://127.0.0.1:9', https_proxy: 'http://127.0.0.1:9' };
    const install = await run('gem', ['install', '--clear-sources', '--source', pathToFileURL(source).href, '--no-document', gemName], { cwd: work, env, timeoutMs: 300_000 });
    expect(install.status, explain(install)).toBe(0);
    expect(install.stdout).toContain(`Successfully installed ${gemName}-${version}`);

    const mod = moduleName(gemName);
    const program = `require '${gemName}'
raise 'not the installed gem' unless $LOADED_FEATURES.any? { |f| f.start_with?(ENV.fetch('GEM_HOME')) && f.end_with?('/${gemName}.rb') }
client = ${mod}::${ir!.service.clientNames.rb}.new(endpoint: ARGV[0])
appender = ${mod}::Appender.new(client, 'examplebucket', 'ruby/published.log').open
appender.stream { |out| out << "from the installed gem\\n" }
print client.${ir!.protocol.append!.read!.names.rb}(bucket: 'examplebucket', key: 'ruby/published.log').${ir!.protocol.append!.readBody!.names.rb}`;
    const used = await run('ruby', ['-w', '-e', program, sim.url], {
      cwd: work,
      env: { ...env, OSS_ACCESS_KEY_ID: creds.accessKeyId, OSS_ACCESS_KEY_SECRET: creds.accessKeySecret },
    });
    expect(used.status, explain(used)).toBe(0);
    expect(used.stdout).toBe('from the installed gem\n');

    // Built again from the same sources: a gem of the same size (SOURCE_DATE_EPOCH fixes its timestamps).
    const again = await gen(['--lang', 'ruby', '--dry-run', '--gem-source', join(work, 'other-source')]);
    expect(again.status, explain(again)).toBe(0);
    const size = new RegExp(`gems/${gemName}-${version}\\.gem {2}(\\d+) bytes`).exec(again.stdout)?.[1];
    expect(Number(size)).toBe(readFileSync(gemFile).length);

    const twice = await gen(['--lang', 'ruby', '--gem-source', source, ...ran]);
    expect(twice.status).toBe(1);
    expect(twice.stderr).toContain(`version ${version} is already published`);
    expect(sha256(gemFile)).toBe(published);
  }, 600_000);
});
