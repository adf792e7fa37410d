/**
 * `gen publish`: ship the generated packages at the model's version, only when it is safe to.
 * Gates, in order, each refusing with a clear reason and nothing published:
 *   1. out/<lang> is in step with the model (the same check as `gen --check`);
 *   2. this version is not already in the target;
 *   3. the version bump is big enough for the model's changes since the last release (SemVer);
 *   4. the language's generated tests pass (skipped by --dry-run, which publishes nothing anyway).
 * Then it builds in a scratch directory, publishes, and records the release and its changelog.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { emitterFor } from '../emitters/index.js';
import { buildModel, generate, PROJECT_ROOT } from '../run.js';
import { run } from './exec.js';
import { planRelease, recordRelease } from './releases.js';
import { checkSemver, surfaceOf } from './surface.js';
import { binariesTarget } from './targets/binaries.js';
import { goproxyTarget } from './targets/goproxy.js';
import { composerTarget } from './targets/composer.js';
import { mavenTarget } from './targets/maven.js';
import { npmTarget } from './targets/npm.js';
import { pypiTarget } from './targets/pypi.js';
import { gemSourceTarget } from './targets/gems.js';
import { assemblyFolderTarget } from './targets/assembly.js';
import { tarballTarget } from './targets/tarball.js';
import type { Artifact, Target } from './targets/types.js';

export type PublishLanguage = 'ts' | 'python' | 'go' | 'c' | 'cpp' | 'java' | 'php' | 'ruby' | 'csharp' | 'cli';
/** What `--lang all` publishes: the packages. The CLI's release binaries (six cross-compiled targets) are asked for by name. */
export const PUBLISH_LANGUAGES: readonly PublishLanguage[] = ['ts', 'python', 'go', 'c', 'cpp', 'java', 'php', 'ruby', 'csharp'];
/** Every language `--lang` accepts. */
export const PUBLISHABLE: readonly PublishLanguage[] = [...PUBLISH_LANGUAGES, 'cli'];

/** The project test files that run each language's generated tests. */
export const DEFAULT_TEST_COMMANDS: Record<PublishLanguage, string[]> = {
  ts: [process.execPath, join(PROJECT_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', 'test/typescript'],
  python: [process.execPath, join(PROJECT_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', 'test/python'],
  go: [process.execPath, join(PROJECT_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', 'test/go'],
  c: [process.execPath, join(PROJECT_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', 'test/c'],
  cpp: [process.execPath, join(PROJECT_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', 'test/cpp'],
  java: [process.execPath, join(PROJECT_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', 'test/java'],
  php: [process.execPath, join(PROJECT_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', 'test/php'],
  cli: [process.execPath, join(PROJECT_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', 'test/cli'],
  ruby: [process.execPath, join(PROJECT_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', 'test/ruby'],
  csharp: [process.execPath, join(PROJECT_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', 'test/csharp'],
};

export interface PublishOptions {
  languages: PublishLanguage[];
  dryRun: boolean;
  modelPath?: string;
  outDir?: string;
  releasesDir?: string;
  registry?: string;
  repositoryUrl?: string;
  goproxyDir?: string;
  dist?: string;
  /** java: a Maven repository directory (or its file:// URL). */
  mavenRepo?: string;
  /** php: a Composer repository directory (path and artifact forms). */
  composerRepo?: string;
  /** ruby: a local gem source directory (or its file:// URL). */
  gemSource?: string;
  /** csharp: a package folder (<Id>/<version>/lib/netstandard2.0/<Id>.dll); NuGet is not used. */
  packageDir?: string;
  /** Replaces the default test command (a shell command line run in the project root). */
  testCommand?: string;
  log: (line: string) => void;
}

export class PublishRefused extends Error {}

export interface PublishReport {
  language: PublishLanguage;
  version: string;
  target: string;
  artifacts: Artifact[];
  files: Artifact[];
  published: boolean;
}

export async function publish(options: PublishOptions): Promise<{ reports: PublishReport[]; changelog: string }> {
  const model = await buildModel(options.modelPath ? resolve(options.modelPath) : undefined);
  if (!model.ir) throw new PublishRefused('the model has errors; run "gen validate" to see them');
  const ir = model.ir;
  const surface = surfaceOf(ir);
  const releasesDir = resolve(options.releasesDir ?? join(resolve(options.modelPath ?? join(PROJECT_ROOT, 'model/oss.yaml')), '../releases'));
  const plan = await planRelease(releasesDir, surface);

  // Gate 3 first for all languages: it does not depend on the target.
  if (plan.previous) {
    const problem = checkSemver(plan.previous.version, plan.version, plan.changes);
    if (problem && plan.previous.version !== plan.version) throw new PublishRefused(`SemVer: ${problem}`);
  }

  const reports: PublishReport[] = [];
  for (const language of options.languages) {
    const emitter = emitterFor(language)!;
    const target = targetFor(language, options, ir.service.packages);
    const sourceDir = resolve(options.outDir ?? join(PROJECT_ROOT, 'out'), emitter.language.outDir);

    options.log(`publish ${language}: checking out/${emitter.language.outDir} is up to date`);
    const check = await generate({ modelPath: options.modelPath, outDir: options.outDir, languages: [language], check: true });
    const drift = check.results[0]?.drift;
    if (!drift || drift.changed.length + drift.added.length + drift.removed.length > 0) {
      throw new PublishRefused(`${language}: ${sourceDir} is stale (run "gen --lang ${language}" and commit it)`);
    }

    const workDir = await mkdtemp(join(tmpdir(), `ossgen-publish-${language}-`));
    const ctx = { sourceDir, version: ir.service.version, workDir, buildArtifacts: emitter.language.buildArtifacts };
    try {
      options.log(`publish ${language}: is ${ir.service.version} already in ${target.describe()}?`);
      if (await target.exists(ctx)) throw new PublishRefused(`${language}: version ${ir.service.version} is already published to ${target.describe()}`);

      if (!options.dryRun) {
        options.log(`publish ${language}: running the generated tests`);
        await runTests(language, options.testCommand);
      }
      options.log(`publish ${language}: building`);
      const { artifacts, files } = await target.prepare(ctx);
      if (!options.dryRun) {
        options.log(`publish ${language}: publishing to ${target.describe()}`);
        await target.publish(ctx);
      }
      reports.push({ language, version: ir.service.version, target: target.describe(), artifacts, files, published: !options.dryRun });
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }
  if (!options.dryRun && reports.length > 0) await recordRelease(releasesDir, plan, surface);
  return { reports, changelog: plan.changelog };
}

async function runTests(language: PublishLanguage, override: string | undefined): Promise<void> {
  const [command, ...args] = override ? ['sh', '-c', override] : DEFAULT_TEST_COMMANDS[language];
  const result = await run(command!, args, { cwd: PROJECT_ROOT });
  if (result.code !== 0) {
    const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-12).join('\n');
    throw new PublishRefused(`${language}: the generated tests failed (exit ${result.code}); nothing was published.\n${tail}`);
  }
}

function targetFor(language: PublishLanguage, o: PublishOptions, packages: { npm: string; go: string; python: string; c: string; cpp: string; java: string; php: string; ruby: string; csharp: string }): Target {
  const need = (value: string | undefined, flag: string) => {
    if (!value) throw new PublishRefused(`${language}: ${flag} is required to publish ${language}`);
    return value;
  };
  switch (language) {
    case 'ts':
      return npmTarget(need(o.registry, '--registry URL'), packages.npm);
    case 'python':
      return pypiTarget(need(o.repositoryUrl, '--repository-url URL'), packages.python);
    case 'go':
      return goproxyTarget(resolve(need(o.goproxyDir, '--goproxy-dir DIR')), packages.go);
    case 'c':
      return tarballTarget(resolve(need(o.dist, '--dist DIR')), packages.c);
    case 'cpp':
      // The same reproducible source tarball as C's (CMake builds it; the C core is inside).
      return tarballTarget(resolve(need(o.dist, '--dist DIR')), packages.cpp);
    case 'php': {
      const repo = need(o.composerRepo, '--composer-repo DIR');
      return composerTarget(repo.startsWith('file:') ? repo : resolve(repo));
    }
    case 'java': {
      const repo = need(o.mavenRepo, '--maven-repo DIR');
      return mavenTarget(repo.startsWith('file:') ? repo : resolve(repo));
    }
    case 'cli':
      // The program is named after the Go package it is built on (`ossappend`), as in out/cli.
      return binariesTarget(resolve(need(o.dist, '--dist DIR')), packages.go.slice(packages.go.lastIndexOf('/') + 1));
    case 'ruby': {
      const source = need(o.gemSource, '--gem-source DIR');
      return gemSourceTarget(source.startsWith('file:') ? source : resolve(source), packages.ruby);
    }
    case 'csharp': {
      const folder = need(o.packageDir, '--package-dir DIR');
      return assemblyFolderTarget(folder.startsWith('file:') ? folder : resolve(folder), packages.csharp);
    }
  }
}

export function formatReport(reports: PublishReport[], dryRun: boolean, changelog: string): string {
  const lines: string[] = [];
  for (const r of reports) {
    lines.push(`${dryRun ? 'would publish' : 'published'} ${r.language} ${r.version} to ${r.target}`);
    for (const a of r.artifacts) lines.push(`  ${a.name}  ${a.bytes} bytes`);
    lines.push(`  ${r.files.length} files:`);
    for (const f of r.files) lines.push(`    ${f.name}  ${f.bytes}`);
  }
  if (reports.length) lines.push('', 'changelog entry:', changelog.trimEnd());
  return `${lines.join('\n')}\n`;
}
