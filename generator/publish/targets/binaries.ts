/**
 * CLI: release archives of the command-line tool, one per platform, cross-compiled by Go
 * (CGO_ENABLED=0: static, no C toolchain) from out/cli and the Go client beside it (out/go, which
 * go.mod's `replace` points at): `<name>-<version>-<os>-<arch>.tar.gz` (`.zip` for Windows), each
 * holding `<name>-<version>-<os>-<arch>/` with the binary and the README, and `SHA256SUMS` listing
 * every archive. Reproducible: -trimpath, -buildvcs=false and an empty build id in the binaries;
 * sorted entries, a fixed owner and time (1980-01-01, the earliest a zip can say) and gzip without
 * a name or time in the archives; the same sources give the same bytes.
 */
import { createHash } from 'node:crypto';
import { access, chmod, copyFile, mkdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { runOk } from '../exec.js';
import { stagePackage } from './stage.js';
import type { Artifact, PublishContext, Target } from './types.js';

/** Every platform a release ships for. */
export const RELEASE_PLATFORMS: readonly { os: string; arch: string }[] = ['linux', 'darwin', 'windows'].flatMap((os) => ['amd64', 'arm64'].map((arch) => ({ os, arch })));

/**
 * The platforms of this run: all of them, or those OSSGEN_RELEASE_PLATFORMS lists (`linux/amd64,windows/arm64`),
 * so a test can check both archive kinds without cross-compiling six times.
 */
export function releasePlatforms(env: NodeJS.ProcessEnv = process.env): { os: string; arch: string }[] {
  const wanted = env['OSSGEN_RELEASE_PLATFORMS']?.split(',').map((p) => p.trim()).filter(Boolean);
  if (!wanted || wanted.length === 0) return [...RELEASE_PLATFORMS];
  const chosen = RELEASE_PLATFORMS.filter((p) => wanted.includes(`${p.os}/${p.arch}`));
  if (chosen.length !== wanted.length) throw new Error(`OSSGEN_RELEASE_PLATFORMS: choose among ${RELEASE_PLATFORMS.map((p) => `${p.os}/${p.arch}`).join(', ')}`);
  return chosen;
}

/** 1980-01-01T00:00:00Z: the zip format's first representable time, used for every entry of every archive. */
const FIXED_TIME = new Date(Date.UTC(1980, 0, 1));

/** A Go environment that builds offline with the local toolchain only. */
function goBuildEnv(os: string, arch: string): NodeJS.ProcessEnv {
  return { ...process.env, GOOS: os, GOARCH: arch, CGO_ENABLED: '0', GOFLAGS: '', GOPROXY: 'off', GOTOOLCHAIN: 'local', GOTELEMETRY: 'off' };
}

/** A zip archive of `files` (paths in the archive, in the given order), deflated, every time fixed. */
export function deterministicZip(files: { name: string; data: Buffer; mode: number }[]): Buffer {
  const dosTime = 0; // 00:00:00
  const dosDate = ((FIXED_TIME.getUTCFullYear() - 1980) << 9) | ((FIXED_TIME.getUTCMonth() + 1) << 5) | FIXED_TIME.getUTCDate();
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name, 'utf8');
    const packed = deflateRawSync(f.data, { level: 9 });
    const crc = crc32(f.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(f.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, packed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the mode below is read
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(dosTime, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(f.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30);
    central.writeUInt16LE(0, 32);
    central.writeUInt16LE(0, 34);
    central.writeUInt16LE(0, 36);
    central.writeUInt32LE(((0o100000 | f.mode) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

export function binariesTarget(dist: string, programName: string): Target {
  const archiveName = (ctx: PublishContext, os: string, arch: string) => `${programName}-${ctx.version}-${os}-${arch}${os === 'windows' ? '.zip' : '.tar.gz'}`;
  const built = (ctx: PublishContext) => join(ctx.workDir, 'release');
  return {
    describe: () => `release archives in ${dist}`,
    async exists(ctx) {
      const first = releasePlatforms()[0]!;
      return access(join(dist, archiveName(ctx, first.os, first.arch))).then(
        () => true,
        () => false,
      );
    },
    async prepare(ctx) {
      // The tool and the client it is built on, side by side as in out/.
      const src = join(ctx.workDir, 'src');
      await stagePackage(ctx.sourceDir, join(src, basename(ctx.sourceDir)), ctx.buildArtifacts);
      await stagePackage(join(dirname(ctx.sourceDir), 'go'), join(src, 'go'), ['vendor/', '*.test', 'examples/']);
      const module = join(src, basename(ctx.sourceDir));
      const release = built(ctx);
      await mkdir(release, { recursive: true });
      const readme = await readFile(join(ctx.sourceDir, 'README.md'));
      const artifacts: Artifact[] = [];
      const files: Artifact[] = [];
      const sums: string[] = [];
      const platforms = releasePlatforms();
      for (const { os, arch } of platforms) {
        const base = `${programName}-${ctx.version}-${os}-${arch}`;
        const exe = `${programName}${os === 'windows' ? '.exe' : ''}`;
        const stageDir = join(ctx.workDir, 'stage', base);
        await mkdir(stageDir, { recursive: true });
        await chmod(stageDir, 0o755); // not the umask's
        await runOk('go', ['build', '-trimpath', '-buildvcs=false', '-ldflags=-s -w -buildid=', '-o', join(stageDir, exe), '.'], { cwd: module, env: goBuildEnv(os, arch) });
        await chmod(join(stageDir, exe), 0o755);
        await writeFile(join(stageDir, 'README.md'), readme);
        await chmod(join(stageDir, 'README.md'), 0o644);
        const archive = join(release, archiveName(ctx, os, arch));
        if (os === 'windows') {
          const entries = [exe, 'README.md'].sort();
          const zip = deterministicZip(await Promise.all(entries.map(async (name) => ({ name: `${base}/${name}`, data: await readFile(join(stageDir, name)), mode: name === exe ? 0o755 : 0o644 }))));
          await writeFile(archive, zip);
        } else {
          for (const name of [exe, 'README.md', '.']) await utimes(join(stageDir, name), FIXED_TIME, FIXED_TIME);
          const tar = archive.replace(/\.gz$/, '');
          await runOk('tar', ['--sort=name', `--mtime=@${FIXED_TIME.getTime() / 1000}`, '--owner=0', '--group=0', '--numeric-owner', '--format=gnu', '-cf', tar, '-C', join(ctx.workDir, 'stage'), base]);
          await runOk('gzip', ['-n', '-9', tar]);
        }
        const data = await readFile(archive);
        sums.push(`${sha256(data)}  ${basename(archive)}`);
        artifacts.push({ name: basename(archive), bytes: data.length });
        files.push({ name: `${base}/${exe}`, bytes: (await stat(join(stageDir, exe))).size }, { name: `${base}/README.md`, bytes: readme.length });
      }
      const sumsText = `${sums.join('\n')}\n`;
      await writeFile(join(release, 'SHA256SUMS'), sumsText);
      artifacts.push({ name: 'SHA256SUMS', bytes: Buffer.byteLength(sumsText) });
      return { artifacts, files };
    },
    async publish(ctx) {
      await mkdir(dist, { recursive: true });
      const release = built(ctx);
      const sums = await readFile(join(release, 'SHA256SUMS'), 'utf8');
      for (const line of sums.trim().split('\n')) {
        const name = line.slice(line.indexOf('  ') + 2);
        await copyFile(join(release, name), join(dist, name));
      }
      await copyFile(join(release, 'SHA256SUMS'), join(dist, `${programName}-${ctx.version}-SHA256SUMS`));
    },
  };
}
