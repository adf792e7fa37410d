/**
 * npm: stage out/ts, build it with this project's TypeScript (the package's own prepack would
 * need its dev dependencies installed), then `npm publish` to the registry. Auth comes from the
 * environment or .npmrc as npm reads it; ossgen never prints it.
 */
import { symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, runOk } from '../exec.js';
import { stagePackage } from './stage.js';
import type { Artifact, PublishContext, Target } from './types.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

export function npmTarget(registry: string, packageName: string): Target {
  const stageDir = (ctx: PublishContext) => join(ctx.workDir, 'package');
  const npm = (args: string[], cwd?: string) => run('npm', [...args, '--registry', registry], { cwd, env: { ...process.env, npm_config_update_notifier: 'false' } });
  return {
    describe: () => `npm registry ${registry}`,
    async exists(ctx) {
      const r = await npm(['view', `${packageName}@${ctx.version}`, 'version', '--json']);
      if (r.code === 0) return r.stdout.trim().length > 0;
      if (/E404|404 Not Found|is not in this registry/.test(r.stderr)) return false;
      throw new Error(`cannot ask ${registry} about ${packageName}: ${r.stderr.trim().split('\n').slice(-3).join(' ')}`);
    },
    async prepare(ctx) {
      const dir = stageDir(ctx);
      await stagePackage(ctx.sourceDir, dir, ctx.buildArtifacts);
      // The build needs @types/node and friends: borrow this project's node_modules.
      await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
      await runOk(process.execPath, [TSC, '-p', 'tsconfig.build.json'], { cwd: dir });
      const packed = await runOk('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir });
      const info = JSON.parse(packed.stdout) as { filename: string; size: number; files: { path: string; size: number }[] }[];
      const tarball = info[0]!;
      const files: Artifact[] = tarball.files.map((f) => ({ name: f.path, bytes: f.size })).sort((a, b) => (a.name < b.name ? -1 : 1));
      return { artifacts: [{ name: tarball.filename, bytes: tarball.size }], files };
    },
    async publish(ctx) {
      const args = ['publish', '--ignore-scripts', '--access', 'public'];
      // NPM_TOKEN, when set, authenticates to this registry through a throwaway userconfig;
      // otherwise npm uses the user's own .npmrc / npm_config_* environment as usual.
      if (process.env.NPM_TOKEN) {
        const userconfig = join(ctx.workDir, '.npmrc');
        const host = registry.replace(/^https?:/, '').replace(/\/?$/, '/');
        await writeFile(userconfig, `${host}:_authToken=\${NPM_TOKEN}\n`, { mode: 0o600 });
        args.push('--userconfig', userconfig);
      }
      const r = await npm(args, stageDir(ctx));
      if (r.code !== 0) {
        throw new Error(`npm publish failed: ${r.stderr.trim().split('\n').filter((l) => !/authToken|_auth/i.test(l)).slice(-5).join('\n')}`);
      }
    },
  };
}
