// gen publish --lang csharp end to end: Mono's mcs builds the assembly reproducibly (-deterministic) into a
// package folder (<Id>/<version>/lib/netstandard2.0/<Id>.dll, with the sources, README.md and the .csproj); a
// fresh consumer program compiled with mcs against that DLL (not out/csharp) appends to the simulator and reads
// back. Publishing the same version again is refused, leaving the folder as it was. Not covered because not
// possible here: a .nupkg, NuGet restore, the dotnet SDK (the README says so).
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type MockServer } from '../../generator/mock/index.js';
import { buildModel } from '../../generator/run.js';
import { explain, run } from '../support/subprocess.js';

const root = join(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'ossgen-publish-csharp-'));
const releases = join(work, 'releases');
const folder = join(work, 'packages');
const { ir } = await buildModel();
const version = ir!.service.version;
const id = ir!.service.packages.csharp;
const creds = ir!.tests.credentials;
const dll = join(folder, id, version, 'lib/netstandard2.0', `${id}.dll`);

const gen = (args: string[]) => run(process.execPath, [join(root, 'bin/gen.js'), 'publish', '--releases', releases, ...args], { cwd: root, timeoutMs: 300_000 });
// The generated tests run in test/csharp; the publish gate's own refusal on failing tests is covered in publish.test.ts.
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

describe('gen publish --lang csharp', () => {
  it('refuses without a package folder, and --dry-run builds the assembly without publishing', async () => {
    const missing = await gen(['--lang', 'csharp', '--dry-run']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('--package-dir DIR is required');
    const r = await gen(['--lang', 'csharp', '--dry-run', '--package-dir', folder]);
    expect(r.status, explain(r)).toBe(0);
    expect(r.stdout).toContain(`would publish csharp ${version} to package folder ${folder}`);
    expect(r.stdout).toMatch(new RegExp(`lib/netstandard2\\.0/${id}\\.dll {2}\\d+`));
    expect(r.stdout).toMatch(/src\/ClientCore\.cs {2}\d+/);
    expect(r.stdout).not.toMatch(/tests\/|examples\//);
    expect(existsSync(folder)).toBe(false);
  }, 300_000);

  it('publishes a reproducible assembly that a fresh consumer compiles against and uses', async () => {
    const r = await gen(['--lang', 'csharp', '--package-dir', folder, ...ran]);
    expect(r.status, explain(r)).toBe(0);
    expect(readdirSync(join(folder, id, version)).sort()).toEqual(['README.md', `${id}.csproj`, 'lib', 'src'].sort());
    const published = sha256(dll);

    // A consumer that knows only the published DLL: compiled with mcs against it, run with it beside the program.
    const app = join(work, 'consumer');
    mkdirSync(app);
    copyFileSync(dll, join(app, `${id}.dll`));
    const read = ir!.protocol.append!.read!;
    writeFileSync(
      join(app, 'Program.cs'),
      `using System;
using System.Text;
using ${id};

internal static class Program
{
    private static int Main(string[] args)
    {
        using (var client = new ${ir!.service.clientNames.cs}(new ClientOptions { Endpoint = args[0] }))
        {
            var appender = client.NewAppender("examplebucket", "csharp/published.log").OpenAsync().GetAwaiter().GetResult();
            appender.AppendAsync("from the published assembly\\n").GetAwaiter().GetResult();
            var result = client.${read.names.cs}Async(new ${read.names.input.cs} { ${ir!.protocol.append!.readBucket!.names.cs} = "examplebucket", ${ir!.protocol.append!.readKey!.names.cs} = "csharp/published.log" }).GetAwaiter().GetResult();
            Console.Write(Encoding.UTF8.GetString(result.${ir!.protocol.append!.readBody!.names.cs}));
        }
        return 0;
    }
}
`,
    );
    const compile = await run('mcs', ['-langversion:7', '-warnaserror+', '-nologo', `-r:${id}.dll`, '-r:System.Net.Http.dll', '-out:Program.exe', 'Program.cs'], { cwd: app });
    expect(compile.status, explain(compile)).toBe(0);
    const used = await run('mono', ['Program.exe', sim.url], { cwd: app, env: { OSS_ACCESS_KEY_ID: creds.accessKeyId, OSS_ACCESS_KEY_SECRET: creds.accessKeySecret } });
    expect(used.status, explain(used)).toBe(0);
    expect(used.stdout).toBe('from the published assembly\n');

    // Built again from the same sources into another folder: the same bytes (mcs -deterministic).
    const other = join(work, 'other-packages');
    const again = await gen(['--lang', 'csharp', '--package-dir', other, ...ran, '--releases', join(work, 'other-releases')]);
    expect(again.status, explain(again)).toBe(0);
    expect(sha256(join(other, id, version, 'lib/netstandard2.0', `${id}.dll`))).toBe(published);

    const twice = await gen(['--lang', 'csharp', '--package-dir', folder, ...ran]);
    expect(twice.status).toBe(1);
    expect(twice.stderr).toContain(`version ${version} is already published`);
    expect(sha256(dll)).toBe(published);
  }, 600_000);
});
