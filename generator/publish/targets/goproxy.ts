/**
 * Go: write the module at vX.Y.Z into a GOPROXY directory (`<module>/@v/list`, `.info`, `.mod`,
 * `.zip`), the layout `GOPROXY=file://DIR` serves. The zip is made by golang.org/x/mod/zip (the
 * Go team's implementation of the module zip rules) through the small program in ../gozip.
 */
import { access, appendFile, copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runOk } from '../exec.js';
import { listFiles, stagePackage } from './stage.js';
import type { PublishContext, Target } from './types.js';

const GOZIP_DIR = fileURLToPath(new URL('../gozip/', import.meta.url));

/** Module path escaping of the GOPROXY protocol: upper-case letters become `!` + lower-case. */
export const escapeModulePath = (path: string) => path.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);

export function goproxyTarget(dir: string, modulePath: string): Target {
  const vdir = join(dir, escapeModulePath(modulePath), '@v');
  const zipPath = (ctx: PublishContext) => join(ctx.workDir, 'module.zip');
  const v = (ctx: PublishContext) => `v${ctx.version}`;
  return {
    describe: () => `GOPROXY directory ${dir} (module ${modulePath})`,
    async exists(ctx) {
      return access(join(vdir, `${v(ctx)}.info`)).then(
        () => true,
        () => false,
      );
    },
    async prepare(ctx) {
      const src = join(ctx.workDir, 'src');
      await stagePackage(ctx.sourceDir, src, ctx.buildArtifacts);
      await runOk('go', ['run', '.', modulePath, v(ctx), src, zipPath(ctx)], { cwd: GOZIP_DIR, env: { ...process.env, GOFLAGS: '-mod=mod' } });
      const files = (await listFiles(src)).map((f) => ({ ...f, name: `${modulePath}@${v(ctx)}/${f.name}` }));
      return { artifacts: [{ name: `${v(ctx)}.zip`, bytes: (await stat(zipPath(ctx))).size }], files };
    },
    async publish(ctx) {
      await mkdir(vdir, { recursive: true });
      await copyFile(zipPath(ctx), join(vdir, `${v(ctx)}.zip`));
      await copyFile(join(ctx.workDir, 'src', 'go.mod'), join(vdir, `${v(ctx)}.mod`));
      await writeFile(join(vdir, `${v(ctx)}.info`), `${JSON.stringify({ Version: v(ctx) })}\n`);
      const list = await readFile(join(vdir, 'list'), 'utf8').catch(() => '');
      if (!list.split('\n').includes(v(ctx))) await appendFile(join(vdir, 'list'), `${v(ctx)}\n`);
    },
  };
}
