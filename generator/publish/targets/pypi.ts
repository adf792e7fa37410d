/**
 * Python: build a wheel and an sdist of out/python with `python -m build`, then upload both with
 * twine to the index. Credentials come from TWINE_USERNAME / TWINE_PASSWORD (or .pypirc).
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { runOk, run } from '../exec.js';
import { stagePackage } from './stage.js';
import type { PublishContext, Target } from './types.js';

const WHEEL_LISTING = 'import json, sys, zipfile; print(json.dumps(sorted((i.filename, i.file_size) for i in zipfile.ZipFile(sys.argv[1]).infolist())))';

/** PEP 503 normalized project name. */
export const normalizeName = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-');

export function pypiTarget(repositoryUrl: string, projectName: string, python = process.env.PYTHON ?? 'python3'): Target {
  const distDir = (ctx: PublishContext) => join(ctx.workDir, 'dist');
  const indexUrl = repositoryUrl.replace(/\/+$/, '');
  return {
    describe: () => `Python package index ${repositoryUrl}`,
    async exists(ctx) {
      let response: Response;
      try {
        response = await fetch(`${indexUrl}/simple/${normalizeName(projectName)}/`);
      } catch (err) {
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        throw new Error(`cannot reach the package index ${repositoryUrl}: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
      }
      if (response.status === 404) return false;
      if (!response.ok) throw new Error(`cannot ask ${repositoryUrl} about ${projectName}: HTTP ${response.status}`);
      const page = await response.text();
      const fileStem = `${projectName.replace(/-/g, '_')}-${ctx.version}`;
      return page.includes(`${fileStem}.tar.gz`) || page.includes(`${fileStem}-`);
    },
    async prepare(ctx) {
      const src = join(ctx.workDir, 'src');
      await stagePackage(ctx.sourceDir, src, ctx.buildArtifacts);
      // --no-isolation: build with the installed setuptools and wheel, so building needs no network.
      await runOk(python, ['-m', 'build', '--no-isolation', '--sdist', '--wheel', '--outdir', distDir(ctx), src]);
      const artifacts = [];
      for (const name of (await readdir(distDir(ctx))).sort()) artifacts.push({ name, bytes: (await stat(join(distDir(ctx), name))).size });
      // What users install: the wheel's contents.
      const wheel = artifacts.find((a) => a.name.endsWith('.whl'))!;
      const listing = await runOk(python, ['-c', WHEEL_LISTING, join(distDir(ctx), wheel.name)]);
      const files = (JSON.parse(listing.stdout) as [string, number][]).map(([name, bytes]) => ({ name, bytes }));
      return { artifacts, files };
    },
    async publish(ctx) {
      const files = (await readdir(distDir(ctx))).sort().map((f) => join(distDir(ctx), f));
      const env = { ...process.env, TWINE_USERNAME: process.env.TWINE_USERNAME ?? '__token__', TWINE_PASSWORD: process.env.TWINE_PASSWORD ?? 'unused' };
      const r = await run(python, ['-m', 'twine', 'upload', '--non-interactive', '--disable-progress-bar', '--repository-url', repositoryUrl, ...files], { env });
      if (r.code !== 0) throw new Error(`twine upload failed: ${r.stdout.trim().split('\n').slice(-5).join('\n')}`);
    },
  };
}
