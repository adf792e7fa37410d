/**
 * The generated Java client (out/java), end to end: the Maven project builds offline with javac
 * -Xlint:all -Werror; every generated JUnit 5 test passes with the replaying mock and the simulator
 * running (none skipped): each request and response vector, each recorded scenario (the mock played
 * every cassette exactly), the simulator tests; the tests fail when signing or the CRC-64 is broken
 * on purpose; the samples compile with the plain JDK and run against the simulator, leaving the
 * expected bytes (read back through the generated client). Everything builds in temp copies, so
 * out/java is never written to.
 */
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { javaEmitter } from '../../generator/emitters/java/emitter.js';
import { SAMPLE_CLASSES } from '../../generator/emitters/java/samples.js';
import { buildJavaViewModel, type JavaViewModel } from '../../generator/emitters/java/view-model/index.js';
import type { IrModel } from '../../generator/ir/types.js';
import { startMock, type MockServer } from '../../generator/mock/index.js';
import { buildModel, PROJECT_ROOT, TEMPLATES_DIR } from '../../generator/run.js';
import { explain, run, type RunResult } from '../support/subprocess.js';
import { snapshot } from '../support/tree-snapshot.js';
import { mvn, passedTests } from './maven.js';

const OUT = join(PROJECT_ROOT, 'out/java');

function reports(dir: string): string[] {
  const reportsDir = join(dir, 'target/surefire-reports');
  return readdirSync(reportsDir)
    .filter((f) => f.endsWith('.xml'))
    .map((f) => readFileSync(join(reportsDir, f), 'utf8'));
}

/** `Class.method` of every @Test in the generated test sources. */
function declaredTests(project: string, view: JavaViewModel): string[] {
  const dir = join(project, 'src/test/java', view.packagePath);
  return readdirSync(dir)
    .filter((f) => f.endsWith('Test.java'))
    .flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/@Test\s+(?:@DisplayName\([^)]*\)\s+)?void (\w+)\(/g)].map((m) => `${f.replace(/\.java$/, '')}.${m[1]!}`))
    .sort();
}

/** A program, compiled in the temp copy only, that prints an object's bytes through the generated client. */
function readbackProgram(view: JavaViewModel): string {
  const r = view.reader;
  return `import ${view.packageName}.*;

public final class ReadBack {
  public static void main(String[] args) throws Exception {
    ${view.clientType} c = ${view.clientType}.builder().endpoint(args[0]).build();
    try (var out = c.${r.method}(new ${r.input}().${r.bucketField}(args[1]).${r.keyField}(args[2]))) {
      out.${r.bodyField}().transferTo(System.out);
    }
  }
}
`;
}

describe('java: generated Maven project', () => {
  let ir: IrModel;
  let view: JavaViewModel;
  let work: string;
  let project: string;
  let bin: string;
  let classpath: string;
  let replay: MockServer;
  let sim: MockServer;
  let before: string[];

  beforeAll(async () => {
    ir = (await buildModel()).ir!;
    view = buildJavaViewModel(ir);
    before = snapshot(OUT);
    work = mkdtempSync(join(tmpdir(), 'ossgen-java-'));
    project = join(work, 'project');
    bin = join(work, 'bin');
    cpSync(OUT, project, { recursive: true, filter: (src) => !src.includes('/target') });
    replay = await startMock({ mode: 'fixtures', controlEndpoints: true });
    sim = await startMock({ mode: 'sim', controlEndpoints: true });
  }, 300_000);

  afterAll(async () => {
    await replay?.close();
    await sim?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('prints no unfilled view-model field, and the templates escape what the model says', async () => {
    const raw = await javaEmitter.emit(ir, { modelSource: ir.source, templatesDir: TEMPLATES_DIR, samples: [] });
    for (const file of raw) expect(file.content, file.path).not.toMatch(/undefined|\[object Object\]/);
    expect(raw.filter((f) => f.sample).map((f) => f.sample)).toEqual(['append-from-memory', 'append-from-file', 'resume']);
  });

  it('has valid Javadoc (doclint: HTML, references and syntax) generated from the model\'s English text', async () => {
    const doc = await run('javadoc', ['-quiet', '-Xdoclint:all,-missing', '-d', join(work, 'javadoc'), '-sourcepath', join(project, 'src/main/java'), view.packageName], { cwd: work });
    expect(doc.status, explain(doc)).toBe(0);
    expect(doc.stderr).not.toMatch(/warning|error/);
    const client = readFileSync(join(project, 'src/main/java', view.packagePath, `${view.clientType}.java`), 'utf8');
    expect(client).toContain(ir.operations[0]!.summary.en.split(' ').slice(0, 3).join(' '));
  }, 120_000);

  it('builds offline and passes every generated test with the mock and the simulator, none skipped', async () => {
    const built = await mvn(['verify'], project, { OSSGEN_MOCK_URL: replay.url, OSSGEN_SIM_URL: sim.url });
    expect(built.status, explain(built)).toBe(0);
    const declared = declaredTests(project, view);
    expect(passedTests(reports(project))).toEqual(declared);
    for (const v of view.tests.requests) expect(declared).toContain(`RequestVectorsTest.${v.testName}`);
    for (const v of view.tests.responses) expect(declared).toContain(`ResponseVectorsTest.${v.testName}`);
    for (const s of view.tests.scenarios) expect(declared).toContain(`ScenariosTest.${s.testName}`);
    for (const v of view.presignVectors) expect(declared).toContain(`PresignTest.${v.testName}`);
    expect(view.presignVectors.length).toBe(ir.tests.presigned.length);
    expect(view.tests.scenarios.length).toBeGreaterThanOrEqual(readdirSync(join(PROJECT_ROOT, 'test/fixtures/recordings')).filter((f) => f.endsWith('.json')).length);
    expect(declared).toEqual(expect.arrayContaining(['PresignTest.simulatorAcceptsPresignedUrls', 'PresignTest.simulatorAcceptsPresignedUpload', 'PresignTest.simulatorRefusesAnExpiredUrl', 'SimulatorTest.appenderRecoversUnknownOutcomes', 'SimulatorTest.concurrentWriterIsRefused', 'ClientTest.anAppendIsNeverResentBlindly']));
    // Every cassette was played through: the replay mock saw no unmatched request overall.
    const report = (await (await fetch(`${replay.url}/__mock/report`)).json()) as { unmatched: unknown[] };
    expect(report.unmatched).toEqual([]);
    classpath = join(project, 'target/classes');
  }, 400_000);

  it.each([
    ['the V4 signing-key chain without its region step', 'Signer.java', 'key = hmacSha256(key, region);', '', /RequestVectorsTest|ScenariosTest/],
    ['a CRC-64 that forgets its final inversion', 'Crc64.java', 'return ~c;', 'return c;', /Crc64MismatchException|ScenariosTest|SimulatorTest/],
  ])('its tests fail with %s (broken on purpose)', async (_what, file, from, to, failing) => {
    const dir = join(work, `broken-${file}`);
    cpSync(OUT, dir, { recursive: true, filter: (src) => !src.includes('/target') });
    const path = join(dir, 'src/main/java', view.packagePath, file);
    const source = readFileSync(path, 'utf8');
    expect(source).toContain(from);
    writeFileSync(path, source.replace(from, to));
    const built = await mvn(['verify'], dir, { OSSGEN_MOCK_URL: replay.url, OSSGEN_SIM_URL: sim.url });
    expect(built.status).not.toBe(0);
    expect(built.stdout).toMatch(/Tests run: \d+, Failures: [1-9]|Errors: [1-9]/);
    expect(built.stdout).toMatch(failing);
  }, 400_000);

  describe('samples against the simulator', () => {
    // Read when a test runs (the IR is built in beforeAll); OSS_* variables of the caller are hidden.
    const credentials = () => ({ OSS_ACCESS_KEY_ID: ir.tests.credentials.accessKeyId, OSS_ACCESS_KEY_SECRET: ir.tests.credentials.accessKeySecret, OSS_SESSION_TOKEN: undefined, OSS_FILE: undefined, OSS_ENDPOINT: undefined, OSS_REGION: undefined, OSS_BUCKET: undefined, OSS_KEY: undefined });
    const java = (args: string[]): Promise<RunResult> => run('java', ['-cp', `${classpath}:${bin}`, ...args], { cwd: work, env: credentials(), timeoutMs: 120_000 });
    const sample = (id: string, args: string[]) => java([SAMPLE_CLASSES[id]!, '-endpoint', sim.url, '-bucket', view.example.bucket, ...args]);
    const readBack = async (key: string) => {
      const r = await java(['ReadBack', sim.url, view.example.bucket, key]);
      expect(r.status, explain(r)).toBe(0);
      return r.stdoutBytes;
    };

    beforeAll(async () => {
      expect(classpath, 'the Maven build ran first').toBeTruthy();
      mkdirSync(bin, { recursive: true });
      const sources = [...Object.keys(SAMPLE_CLASSES).map((id) => join(project, 'examples', id, `${SAMPLE_CLASSES[id]}.java`)), join(work, 'ReadBack.java')];
      writeFileSync(join(work, 'ReadBack.java'), readbackProgram(view));
      const compiled = await run('javac', ['-Xlint:all', '-Werror', '-d', bin, '-cp', classpath, ...sources], { cwd: work });
      expect(compiled.status, explain(compiled)).toBe(0);
    }, 120_000);

    it('append-from-memory creates the object, resume continues it, and a second create is refused clearly', async () => {
      const key = 'java-samples/memory.log';
      const created = await sample('append-from-memory', ['--key', key]);
      expect(created.status, explain(created)).toBe(0);
      expect((await readBack(key)).toString()).toBe(`${view.example.body}second line\n`);
      const resumed = await sample('resume', ['--key', key, '--text', 'resumed line\n']);
      expect(resumed.status, explain(resumed)).toBe(0);
      expect(resumed.stdout).toContain(`has ${Buffer.byteLength(`${view.example.body}second line\n`)} bytes`);
      expect((await readBack(key)).toString()).toBe(`${view.example.body}second line\nresumed line\n`);
      const again = await sample('append-from-memory', ['--key', key]);
      expect(again.status).not.toBe(0);
      expect(again.stderr).toMatch(/already has \d+ bytes; append to it with the resume sample/);
    }, 120_000);

    it('append-from-file streams a file in chunks and the object equals the file', async () => {
      const key = 'java-samples/file.bin';
      const file = join(work, 'upload.bin');
      const data = randomBytes(2_500_000);
      writeFileSync(file, data);
      const appended = await sample('append-from-file', ['--key', key, '--file', file, '--chunk-size', String(1 << 20)]);
      expect(appended.status, explain(appended)).toBe(0);
      expect(appended.stdout).toContain(`appended ${data.length} bytes`);
      const back = await readBack(key);
      expect(createHash('sha256').update(back).digest('hex')).toBe(createHash('sha256').update(data).digest('hex'));
    }, 120_000);

    it('the Android-style sample appends on a background executor, reports progress and succeeds on its main thread', async () => {
      const key = 'java-samples/android.bin';
      const file = join(work, 'photo.bin');
      const data = randomBytes(700_000);
      writeFileSync(file, data);
      const uploaded = await sample('android-style', ['--key', key, '--file', file]);
      expect(uploaded.status, explain(uploaded)).toBe(0);
      expect(uploaded.stdout).toContain(`progress 100% (${data.length}/${data.length} bytes)`);
      expect(uploaded.stdout).toContain(`is now ${data.length} bytes`);
      expect(Buffer.compare(await readBack(key), data)).toBe(0);
    }, 120_000);

    it('signs with V1 too (an odd key included), sends and signs an STS token, and a wrong secret fails clearly', async () => {
      const key = "java-samples/v1 日志+odd!*'().log";
      const v1 = await sample('resume', ['--key', key, '--signature', 'v1', '--text', 'signed with v1\n']);
      expect(v1.status, explain(v1)).toBe(0);
      expect((await readBack(key)).toString()).toBe('signed with v1\n');
      const tokenSim = await startMock({ mode: 'sim', securityToken: 'session-token' });
      try {
        const withToken = (token: string) =>
          run('java', ['-cp', `${classpath}:${bin}`, SAMPLE_CLASSES['resume']!, '-endpoint', tokenSim.url, '-bucket', view.example.bucket, '-key', 'token.log'], {
            cwd: work,
            env: { ...credentials(), OSS_SESSION_TOKEN: token },
            timeoutMs: 120_000,
          });
        const good = await withToken('session-token');
        expect(good.status, explain(good)).toBe(0);
        const bad = await withToken('another-token');
        expect(bad.status).not.toBe(0);
        expect(bad.stderr).toContain('InvalidSecurityToken');
      } finally {
        await tokenSim.close();
      }
      const wrong = await run('java', ['-cp', `${classpath}:${bin}`, SAMPLE_CLASSES['resume']!, '-endpoint', sim.url, '-bucket', view.example.bucket, '-key', 'java-samples/denied.log'], {
        cwd: work,
        env: { ...credentials(), OSS_ACCESS_KEY_SECRET: 'not-the-secret' },
        timeoutMs: 120_000,
      });
      expect(wrong.status).not.toBe(0);
      expect(wrong.stderr).toMatch(/^resume: /m);
      expect(wrong.stderr).not.toContain('not-the-secret');
    }, 120_000);
  });

  it('left out/java untouched', () => {
    expect(snapshot(OUT)).toEqual(before);
  });
});
