/**
 * PHP: a Composer repository directory, usable offline with Packagist turned off. It holds each
 * version twice:
 * - `packages/<vendor>/<name>/<version>/`: the package unpacked, for a Composer `path` repository
 *   (`{"type": "path", "url": "<repo>/packages/<vendor>/<name>/*", "options": {"symlink": false}}`),
 *   which needs nothing beyond Composer itself;
 * - `<vendor>-<name>-<version>.zip` (+ `.sha256`): a reproducible archive (sorted entries, fixed time),
 *   for a Composer `artifact` repository (Composer needs PHP's zip extension for that) or unpacked by
 *   hand and loaded with its `autoload.php`, without Composer.
 * The zip is written by Python's zipfile, so publishing needs no zip tool and no PHP extension.
 */
import { createHash } from 'node:crypto';
import { access, copyFile, cp, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runOk } from '../exec.js';
import { listFiles, stagePackage } from './stage.js';
import type { PublishContext, Target } from './types.js';

const ZIP = [
  'import os, sys, zipfile',
  'root, out = sys.argv[1], sys.argv[2]',
  'names = sorted(os.path.relpath(os.path.join(d, f), root).replace(os.sep, "/") for d, _, fs in os.walk(root) for f in fs)',
  'with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:',
  '    for n in names:',
  '        info = zipfile.ZipInfo(n, (1980, 1, 1, 0, 0, 0))',
  '        info.external_attr = 0o644 << 16',
  '        info.compress_type = zipfile.ZIP_DEFLATED',
  '        z.writestr(info, open(os.path.join(root, n), "rb").read())',
].join('\n');

/** The Composer name (`vendor/name`) and version of a package's composer.json. */
export async function composerCoordinates(dir: string): Promise<{ name: string; version: string }> {
  const json = JSON.parse(await readFile(join(dir, 'composer.json'), 'utf8')) as { name?: unknown; version?: unknown };
  if (typeof json.name !== 'string' || !/^[a-z0-9-]+\/[a-z0-9-]+$/.test(json.name)) throw new Error('composer.json has no vendor/name');
  if (typeof json.version !== 'string') throw new Error('composer.json has no version');
  return { name: json.name, version: json.version };
}

export function composerTarget(location: string, python = process.env.PYTHON ?? 'python3'): Target {
  const repo = location.startsWith('file:') ? fileURLToPath(location) : location;
  const zipName = (c: { name: string; version: string }) => `${c.name.replace('/', '-')}-${c.version}.zip`;
  const staged = (ctx: PublishContext) => join(ctx.workDir, 'package');
  const checkVersion = async (ctx: PublishContext) => {
    const c = await composerCoordinates(ctx.sourceDir);
    if (c.version !== ctx.version) throw new Error(`out/php/composer.json has version ${c.version}, the model ${ctx.version}`);
    return c;
  };
  return {
    describe: () => `Composer repository ${repo}`,
    async exists(ctx) {
      const c = await composerCoordinates(ctx.sourceDir);
      return access(join(repo, zipName(c))).then(
        () => true,
        () => false,
      );
    },
    async prepare(ctx) {
      const c = await checkVersion(ctx);
      await stagePackage(ctx.sourceDir, staged(ctx), ctx.buildArtifacts);
      const zip = join(ctx.workDir, zipName(c));
      await runOk(python, ['-c', ZIP, staged(ctx), zip]);
      return {
        artifacts: [
          { name: zipName(c), bytes: (await stat(zip)).size },
          { name: `${zipName(c)}.sha256`, bytes: 64 + 2 + zipName(c).length + 1 },
          { name: `packages/${c.name}/${c.version}/`, bytes: 0 },
        ],
        files: await listFiles(staged(ctx)),
      };
    },
    async publish(ctx) {
      const c = await checkVersion(ctx);
      await mkdir(repo, { recursive: true });
      // The unpacked copy first, then the zip: exists() looks for the zip, so a publish cut short is not taken for a finished one.
      const dir = join(repo, 'packages', c.name, c.version);
      const partial = `${dir}.partial`;
      await rm(partial, { recursive: true, force: true });
      await cp(staged(ctx), partial, { recursive: true });
      await rm(dir, { recursive: true, force: true });
      await rename(partial, dir);
      const target = join(repo, zipName(c));
      await copyFile(join(ctx.workDir, zipName(c)), target);
      const digest = createHash('sha256').update(await readFile(target)).digest('hex');
      await writeFile(`${target}.sha256`, `${digest}  ${zipName(c)}\n`);
    },
  };
}
