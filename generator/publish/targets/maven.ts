/**
 * Java: the Maven project out/java built into a jar (offline, with the plugins scripts/setup.sh
 * resolved), a sources jar beside it, and both with the POM written into a Maven repository
 * directory in the standard layout (`<group path>/<artifactId>/<version>/…` with `.sha1`/`.md5`
 * checksums, and `maven-metadata.xml` listing the versions). A project reaches it as a `file://`
 * repository. The layout is written here rather than by maven-deploy-plugin so publishing needs no
 * plugin beyond the ones the build already uses.
 */
import { createHash } from 'node:crypto';
import { access, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runOk } from '../exec.js';
import { stagePackage } from './stage.js';
import type { PublishContext, Target } from './types.js';

const JAR_LISTING = 'import json, sys, zipfile; print(json.dumps(sorted((i.filename, i.file_size) for i in zipfile.ZipFile(sys.argv[1]).infolist() if not i.is_dir())))';

/** The coordinates of a POM: its own groupId, artifactId and version (those before any dependency). */
export function pomCoordinates(pom: string): { groupId: string; artifactId: string; version: string } {
  // The project's own elements come before <properties>/<dependencies>/<build>, where nested ones live.
  const head = pom.split(/<(?:parent|properties|dependencies|build)>/)[0]!;
  const read = (tag: string) => {
    const m = new RegExp(`<${tag}>([^<]+)</${tag}>`).exec(head);
    if (!m) throw new Error(`the POM has no <${tag}>`);
    return m[1]!.trim();
  };
  return { groupId: read('groupId'), artifactId: read('artifactId'), version: read('version') };
}

/** A repository directory from `DIR` or `file://DIR`. */
export const repositoryDir = (location: string) => (location.startsWith('file:') ? fileURLToPath(location) : location);

const digest = (algorithm: 'sha1' | 'md5', data: Buffer) => createHash(algorithm).update(data).digest('hex');

async function writeWithChecksums(path: string, data: Buffer): Promise<void> {
  await writeFile(path, data);
  await writeFile(`${path}.sha1`, digest('sha1', data));
  await writeFile(`${path}.md5`, digest('md5', data));
}

/** maven-metadata.xml for an artifact with these versions (oldest first); the last is the latest release. */
export function artifactMetadata(groupId: string, artifactId: string, versions: readonly string[], updated: Date): string {
  const latest = versions[versions.length - 1]!;
  const stamp = updated.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<metadata>',
    `  <groupId>${groupId}</groupId>`,
    `  <artifactId>${artifactId}</artifactId>`,
    '  <versioning>',
    `    <latest>${latest}</latest>`,
    `    <release>${latest}</release>`,
    '    <versions>',
    ...versions.map((v) => `      <version>${v}</version>`),
    '    </versions>',
    `    <lastUpdated>${stamp}</lastUpdated>`,
    '  </versioning>',
    '</metadata>',
    '',
  ].join('\n');
}

export function mavenTarget(location: string, python = process.env.PYTHON ?? 'python3'): Target {
  const repo = repositoryDir(location);
  const src = (ctx: PublishContext) => join(ctx.workDir, 'src');
  const coordinates = async (ctx: PublishContext) => pomCoordinates(await readFile(join(ctx.sourceDir, 'pom.xml'), 'utf8'));
  const artifactDir = (c: { groupId: string; artifactId: string }) => join(repo, ...c.groupId.split('.'), c.artifactId);
  const names = (c: { artifactId: string; version: string }) => ({
    jar: `${c.artifactId}-${c.version}.jar`,
    sources: `${c.artifactId}-${c.version}-sources.jar`,
    pom: `${c.artifactId}-${c.version}.pom`,
  });
  const built = (ctx: PublishContext, c: { artifactId: string; version: string }) => ({
    jar: join(src(ctx), 'target', names(c).jar),
    sources: join(ctx.workDir, names(c).sources),
    pom: join(src(ctx), 'pom.xml'),
  });
  const checkVersion = (ctx: PublishContext, c: { version: string }) => {
    if (c.version !== ctx.version) throw new Error(`out/java/pom.xml has version ${c.version}, the model ${ctx.version}`);
  };
  return {
    describe: () => `Maven repository file://${repo}`,
    async exists(ctx) {
      const c = await coordinates(ctx);
      return access(join(artifactDir(c), c.version, names(c).pom)).then(
        () => true,
        () => false,
      );
    },
    async prepare(ctx) {
      const c = await coordinates(ctx);
      checkVersion(ctx, c);
      await stagePackage(ctx.sourceDir, src(ctx), ctx.buildArtifacts);
      // The generated tests ran in the publish gate; here only the library is compiled and packaged.
      await runOk('mvn', ['-B', '-q', '-o', 'package', '-Dmaven.test.skip=true'], { cwd: src(ctx) });
      const out = built(ctx, c);
      // A fixed date keeps the sources jar the same from one publish to the next.
      await runOk('jar', ['--create', '--date=2000-01-01T00:00:00Z', '--file', out.sources, '-C', join(src(ctx), 'src/main/java'), '.']);
      const artifacts = [];
      for (const [name, path] of [
        [names(c).jar, out.jar],
        [names(c).pom, out.pom],
        [names(c).sources, out.sources],
      ] as const) {
        artifacts.push({ name: `${c.groupId.split('.').join('/')}/${c.artifactId}/${c.version}/${name}`, bytes: (await stat(path)).size });
      }
      // What users get on their classpath: the jar's entries.
      const listing = await runOk(python, ['-c', JAR_LISTING, out.jar]);
      const files = (JSON.parse(listing.stdout) as [string, number][]).map(([name, bytes]) => ({ name, bytes }));
      return { artifacts, files };
    },
    async publish(ctx) {
      const c = await coordinates(ctx);
      const dir = artifactDir(c);
      const versionDir = join(dir, c.version);
      await mkdir(versionDir, { recursive: true });
      const out = built(ctx, c);
      // The POM last: exists() looks for it, so a publish cut short is not taken for a finished one.
      await writeWithChecksums(join(versionDir, names(c).jar), await readFile(out.jar));
      await writeWithChecksums(join(versionDir, names(c).sources), await readFile(out.sources));
      await writeWithChecksums(join(versionDir, names(c).pom), await readFile(out.pom));
      const metadataPath = join(dir, 'maven-metadata.xml');
      const previous = await readFile(metadataPath, 'utf8').catch(() => '');
      const versions = [...previous.matchAll(/<version>([^<]+)<\/version>/g)].map((m) => m[1]!).filter((v) => v !== c.version);
      await writeWithChecksums(metadataPath, Buffer.from(artifactMetadata(c.groupId, c.artifactId, [...versions, c.version], new Date())));
    },
  };
}
