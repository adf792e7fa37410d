// gen publish --lang java end to end: the jar, its sources jar and POM go into a Maven repository
// directory; a fresh Maven project (made here, in a temp dir) declares that directory as a file://
// repository and the published artifact as its only dependency, resolves it offline into an empty
// local repository of its own, compiles a sample against it and runs it against the simulator. The
// SemVer gate refuses a breaking model change under a minor bump, leaving the repository as it was.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_CLASSES } from '../../generator/emitters/java/samples.js';
import { startMock, type MockServer } from '../../generator/mock/index.js';
import { pomCoordinates } from '../../generator/publish/targets/maven.js';
import { buildModel } from '../../generator/run.js';
import { OssClient } from '../../out/ts/src/index.js';
import { explain, run } from '../support/subprocess.js';

const root = join(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'ossgen-publish-java-'));
const releases = join(work, 'releases');
const repo = join(work, 'maven-repo');
const { ir } = await buildModel();
const version = ir!.service.version;
const creds = ir!.tests.credentials;
const coords = pomCoordinates(readFileSync(join(root, 'out/java/pom.xml'), 'utf8'));
const versionDir = join(repo, ...coords.groupId.split('.'), coords.artifactId, version);
const example = ir!.examples[0]!.input.find((v) => v.member.id === 'body')!.value as string;

const gen = (args: string[]) => run(process.execPath, [join(root, 'bin/gen.js'), 'publish', '--releases', releases, ...args], { cwd: root, timeoutMs: 300_000 });
// The generated tests run in test/java; the publish gate's own refusal on failing tests is covered in publish.test.ts.
const ran = ['--test-command', 'true'];

/**
 * A local repository for the fresh project that holds the build plugins (linked from ~/.m2, where
 * scripts/setup.sh resolved them) but nothing of the published group, so the artifact can only come
 * from the file:// repository.
 */
function localRepositoryWithoutGroup(target: string, groupId: string): void {
  const base = join(homedir(), '.m2/repository');
  const overlay = (from: string, to: string, path: string[]) => {
    mkdirSync(to, { recursive: true });
    if (!existsSync(from)) return;
    for (const entry of readdirSync(from)) {
      if (entry === path[0]) {
        if (path.length > 1) overlay(join(from, entry), join(to, entry), path.slice(1));
      } else symlinkSync(join(from, entry), join(to, entry));
    }
  };
  overlay(base, target, groupId.split('.'));
}

function appPom(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example.app</groupId>
  <artifactId>app</artifactId>
  <version>1.0.0</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <repositories>
    <repository>
      <id>published</id>
      <url>${pathToFileURL(repo).href}</url>
    </repository>
  </repositories>
  <dependencies>
    <dependency>
      <groupId>${coords.groupId}</groupId>
      <artifactId>${coords.artifactId}</artifactId>
      <version>${version}</version>
    </dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
    </plugins>
  </build>
</project>
`;
}

let sim: MockServer;
beforeAll(async () => {
  sim = await startMock({ mode: 'sim' });
});
afterAll(async () => {
  await sim?.close();
  rmSync(work, { recursive: true, force: true });
});

async function readBack(key: string): Promise<string> {
  const client = new OssClient({ endpoint: sim.url, bucket: 'examplebucket', credentials: { accessKeyId: creds.accessKeyId, accessKeySecret: creds.accessKeySecret } });
  try {
    const out = await client.getObject({ key });
    const chunks: Buffer[] = [];
    for await (const chunk of out.body) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    client.close();
  }
}

describe('gen publish --lang java', () => {
  it('refuses without a repository, and --dry-run lists the jar and its classes, publishing nothing', async () => {
    const missing = await gen(['--lang', 'java', '--dry-run']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('--maven-repo DIR is required');
    const r = await gen(['--lang', 'java', '--dry-run', '--maven-repo', repo]);
    expect(r.status, explain(r)).toBe(0);
    expect(r.stdout).toContain(`would publish java ${version} to Maven repository file://${repo}`);
    const path = `${coords.groupId.split('.').join('/')}/${coords.artifactId}/${version}`;
    expect(r.stdout).toMatch(new RegExp(`${path}/${coords.artifactId}-${version}\\.jar {2}\\d+ bytes`));
    expect(r.stdout).toMatch(new RegExp(`${path}/${coords.artifactId}-${version}-sources\\.jar {2}\\d+ bytes`));
    expect(r.stdout).toMatch(new RegExp(`${ir!.service.packages.java.split('.').join('/')}/\\w+Client\\.class {2}\\d+`));
    expect(existsSync(repo)).toBe(false);
    expect(existsSync(releases)).toBe(false);
  }, 300_000);

  it('writes the Maven layout with checksums; a fresh project resolves it offline from file:// and runs a sample', async () => {
    const r = await gen(['--lang', 'java', '--maven-repo', repo, ...ran]);
    expect(r.status, explain(r)).toBe(0);
    const base = `${coords.artifactId}-${version}`;
    expect(readdirSync(versionDir).sort()).toEqual(
      [`${base}-sources.jar`, `${base}.jar`, `${base}.pom`].flatMap((f) => [f, `${f}.md5`, `${f}.sha1`]).sort(),
    );
    for (const f of [`${base}.jar`, `${base}.pom`, `${base}-sources.jar`]) {
      const data = readFileSync(join(versionDir, f));
      expect(readFileSync(join(versionDir, `${f}.sha1`), 'utf8')).toBe(createHash('sha1').update(data).digest('hex'));
      expect(readFileSync(join(versionDir, `${f}.md5`), 'utf8')).toBe(createHash('md5').update(data).digest('hex'));
    }
    expect(readFileSync(join(versionDir, `${base}.pom`), 'utf8')).toBe(readFileSync(join(root, 'out/java/pom.xml'), 'utf8'));
    const metadata = readFileSync(join(versionDir, '../maven-metadata.xml'), 'utf8');
    expect(metadata).toContain(`<release>${version}</release>`);
    expect(metadata).toContain(`<versions>\n      <version>${version}</version>\n    </versions>`);

    // The fresh project: its own local repository, without the published group in it.
    const app = join(work, 'app');
    const local = join(work, 'app-local-repo');
    localRepositoryWithoutGroup(local, coords.groupId);
    mkdirSync(join(app, 'src/main/java'), { recursive: true });
    writeFileSync(join(app, 'pom.xml'), appPom());
    const sampleClass = SAMPLE_CLASSES['append-from-memory']!;
    cpSync(join(root, 'out/java/examples/append-from-memory', `${sampleClass}.java`), join(app, 'src/main/java', `${sampleClass}.java`));
    // Offline: Maven reaches no network; file:// is the one protocol it may still read.
    const mvn = (extra: string[]) => run('mvn', ['-B', '-o', `-Dmaven.repo.local=${local}`, ...extra, 'compile'], { cwd: app, timeoutMs: 300_000 });
    const blocked = await mvn([]);
    expect(blocked.status, 'offline Maven refuses every remote repository unless told file:// is local').not.toBe(0);
    const compiled = await mvn(['-Daether.offline.protocols=file']);
    expect(compiled.status, explain(compiled)).toBe(0);
    const resolvedJar = join(local, ...coords.groupId.split('.'), coords.artifactId, version, `${base}.jar`);
    expect(readFileSync(resolvedJar).equals(readFileSync(join(versionDir, `${base}.jar`)))).toBe(true);

    const key = 'published/maven.log';
    const sample = await run('java', ['-cp', `${join(app, 'target/classes')}:${resolvedJar}`, sampleClass, '--endpoint', sim.url, '--bucket', 'examplebucket', '--key', key], {
      cwd: app,
      env: { OSS_ACCESS_KEY_ID: creds.accessKeyId, OSS_ACCESS_KEY_SECRET: creds.accessKeySecret, OSS_SESSION_TOKEN: undefined, OSS_ENDPOINT: undefined, OSS_BUCKET: undefined, OSS_KEY: undefined, OSS_REGION: undefined },
      timeoutMs: 120_000,
    });
    expect(sample.status, explain(sample)).toBe(0);
    expect(await readBack(key)).toMatch(new RegExp(`^${example.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

    const again = await gen(['--lang', 'java', '--maven-repo', repo, ...ran]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`version ${version} is already published`);
  }, 400_000);

  it('records the release; a breaking model change under a minor bump is refused and nothing is written', async () => {
    expect(readdirSync(releases).sort()).toEqual([`${version}.surface.json`, 'CHANGELOG.md']);
    const text = readFileSync(join(root, 'model/oss.yaml'), 'utf8');
    const [major, minor] = version.split('.').map(Number);
    const next = `${major}.${minor! + 1}.0`;
    // Drop DeleteObject (and the scenario step that calls it) and bump the minor version only.
    const changed = join(work, 'model-next.yaml');
    const model = text
      .replace(/\n {2}- name: DeleteObject\n[\s\S]*?(?=\nerrors:)/, '\n')
      .replace(/\n {8}- call: DeleteObject\n {10}input: \{\}\n {10}expect: \{ output: \{\} \}/, '')
      .replace(`version: ${version}`, `version: ${next}`);
    expect(model).not.toContain('- name: DeleteObject');
    writeFileSync(changed, model);
    const before = readdirSync(join(versionDir, '..')).sort();
    const r = await gen(['--lang', 'java', '--model', changed, '--maven-repo', repo, ...ran]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/refused: SemVer: .* is a minor bump, but the changes need a major bump; breaking: removed operation DeleteObject/);
    expect(readdirSync(join(versionDir, '..')).sort()).toEqual(before);
  }, 120_000);
});
