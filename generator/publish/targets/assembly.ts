/**
 * C#: the library out/csharp built with Mono's mcs into a reproducible assembly (`-deterministic`), published
 * as a package folder: `<Id>/<version>/lib/netstandard2.0/<Id>.dll` beside the sources, README.md and the
 * SDK-style project. A consumer compiles against the DLL (`mcs -r:...`, or a HintPath reference).
 *
 * Not a .nupkg: NuGet (and the dotnet SDK that packs one) is not installable where this runs, so nothing here
 * claims NuGet compatibility; the folder follows the layout of an extracted package so `dotnet pack` of the
 * shipped .csproj would put the same DLL at the same path.
 */
import { access, cp, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runOk } from '../exec.js';
import { listFiles, stagePackage } from './stage.js';
import type { PublishContext, Target } from './types.js';

/** The flags the library is built with: C# 7, warnings as errors, the same bytes from the same sources. */
export const MCS_PUBLISH_FLAGS = ['-langversion:7', '-warnaserror+', '-nologo', '-optimize+', '-debug-', '-deterministic', '-target:library', '-r:System.Net.Http.dll'];

export function assemblyFolderTarget(location: string, assembly: string): Target {
  const dir = location.startsWith('file:') ? fileURLToPath(location) : location;
  const pkg = (ctx: PublishContext) => join(ctx.workDir, 'package');
  const versionDir = (ctx: PublishContext) => join(dir, assembly, ctx.version);
  return {
    describe: () => `package folder ${dir}`,
    async exists(ctx) {
      return access(versionDir(ctx)).then(
        () => true,
        () => false,
      );
    },
    async prepare(ctx) {
      const src = join(ctx.workDir, 'src');
      await stagePackage(ctx.sourceDir, src, ctx.buildArtifacts);
      const lib = join(pkg(ctx), 'lib', 'netstandard2.0');
      await mkdir(lib, { recursive: true });
      const sources = (await readdir(join(src, 'src'))).filter((f) => f.endsWith('.cs')).sort().map((f) => join('src', f));
      // The XML documentation goes beside the DLL, where IDEs look for it: one for every public member (CS1591), well-formed (CS1570).
      await runOk('mcs', [...MCS_PUBLISH_FLAGS, `-out:${join(lib, `${assembly}.dll`)}`, `-doc:${join(lib, `${assembly}.xml`)}`, ...sources], { cwd: src });
      // What a user reads and rebuilds from: the sources, the project file and the README (tests and samples stay in the repository).
      for (const name of ['src', 'README.md', `${assembly}.csproj`]) await cp(join(src, name), join(pkg(ctx), name), { recursive: true });
      const files = await listFiles(pkg(ctx));
      const dll = files.find((f) => f.name === `lib/netstandard2.0/${assembly}.dll`)!;
      return { artifacts: [{ name: `${assembly}/${ctx.version}/lib/netstandard2.0/${assembly}.dll`, bytes: dll.bytes }], files };
    },
    async publish(ctx) {
      await mkdir(join(dir, assembly), { recursive: true });
      await cp(pkg(ctx), versionDir(ctx), { recursive: true });
    },
  };
}
