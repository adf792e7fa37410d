/**
 * C: a reproducible source tarball (`<name>-<version>.tar.gz`, sorted entries, fixed owner and
 * time, gzip without a timestamp) with its SHA-256 beside it, into a dist directory.
 */
import { createHash } from 'node:crypto';
import { access, copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runOk } from '../exec.js';
import { listFiles, stagePackage } from './stage.js';
import type { PublishContext, Target } from './types.js';

export function tarballTarget(dist: string, name: string): Target {
  const base = (ctx: PublishContext) => `${name}-${ctx.version}`;
  const built = (ctx: PublishContext) => join(ctx.workDir, `${base(ctx)}.tar.gz`);
  return {
    describe: () => `source tarball in ${dist}`,
    async exists(ctx) {
      return access(join(dist, `${base(ctx)}.tar.gz`)).then(
        () => true,
        () => false,
      );
    },
    async prepare(ctx) {
      const root = join(ctx.workDir, 'tree');
      await stagePackage(ctx.sourceDir, join(root, base(ctx)), ctx.buildArtifacts);
      const files = await listFiles(join(root, base(ctx)));
      const sums = files.map((f) => f.name);
      const lines = [];
      for (const f of sums) lines.push(`${createHash('sha256').update(await readFile(join(root, base(ctx), f))).digest('hex')}  ${f}`);
      await writeFile(join(root, base(ctx), 'SHA256SUMS'), `${lines.join('\n')}\n`);
      const tar = join(ctx.workDir, `${base(ctx)}.tar`);
      await runOk('tar', ['--sort=name', '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner', '--format=gnu', '-cf', tar, '-C', root, base(ctx)]);
      await runOk('gzip', ['-n', '-9', tar]);
      return {
        artifacts: [
          { name: `${base(ctx)}.tar.gz`, bytes: (await stat(built(ctx))).size },
          { name: `${base(ctx)}.tar.gz.sha256`, bytes: 64 + 2 + `${base(ctx)}.tar.gz`.length + 1 },
        ],
        files: [...files, { name: 'SHA256SUMS', bytes: (await stat(join(root, base(ctx), 'SHA256SUMS'))).size }].map((f) => ({ ...f, name: `${base(ctx)}/${f.name}` })),
      };
    },
    async publish(ctx) {
      await mkdir(dist, { recursive: true });
      const target = join(dist, `${base(ctx)}.tar.gz`);
      await copyFile(built(ctx), target);
      const digest = createHash('sha256').update(await readFile(target)).digest('hex');
      await writeFile(`${target}.sha256`, `${digest}  ${base(ctx)}.tar.gz\n`);
    },
  };
}
