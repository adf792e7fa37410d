/**
 * The generated PHP package (out/php), end to end: every file passes `php -l`; every generated PHPUnit
 * test passes (PHPUnit strict: warnings, notices and deprecations fail; error_reporting E_ALL) with the
 * replaying mock and the simulator running, none skipped: each request, response and presign vector,
 * each recorded scenario (the mock played every cassette exactly), the simulator tests; the tests fail
 * when signing or the CRC-64 is broken on purpose; the samples run against the simulator and leave the
 * expected bytes (read back through the generated client); no credential is printed. Everything runs
 * in temp copies, so out/php is never written to.
 */
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phpEmitter } from '../../generator/emitters/php/emitter.js';
import { SAMPLE_FILES } from '../../generator/emitters/php/samples.js';
import { buildPhpViewModel, type PhpViewModel } from '../../generator/emitters/php/view-model/index.js';
import type { IrModel } from '../../generator/ir/types.js';
import { startMock, type MockServer } from '../../generator/mock/index.js';
import { buildModel, PROJECT_ROOT, TEMPLATES_DIR } from '../../generator/run.js';
import { startClosingProxy } from '../support/closing-proxy.js';
import { explain, run, type RunResult } from '../support/subprocess.js';
import { snapshot } from '../support/tree-snapshot.js';
import { readJunit } from './junit.js';

const OUT = join(PROJECT_ROOT, 'out/php');

function phpFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'vendor' ? [] : phpFiles(path);
    return name.endsWith('.php') ? [path] : [];
  });
}

/** `Class::method` of every test method in the generated tests. */
function declaredTests(project: string): string[] {
  const dir = join(project, 'tests');
  return readdirSync(dir)
    .filter((f) => f.endsWith('Test.php'))
    .flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/public function (test\w+)\(\): void/g)].map((m) => `${f.replace(/\.php$/, '')}::${m[1]!}`))
    .sort();
}

/** A program, written in the temp copy only, that prints an object's bytes through the generated client. */
function readbackProgram(view: PhpViewModel): string {
  const r = view.reader;
  return `<?php
declare(strict_types=1);
require __DIR__ . '/autoload.php';
$c = new \\${view.namespace}\\${view.clientClass}(endpoint: $argv[1]);
fwrite(STDOUT, (string) $c->${r.method}(new \\${view.namespace}\\${r.request}(${r.bucketField}: $argv[2], ${r.keyField}: $argv[3]))->${r.bodyField});
`;
}

describe('php: generated Composer package', () => {
  let ir: IrModel;
  let view: PhpViewModel;
  let work: string;
  let project: string;
  let replay: MockServer;
  let sim: MockServer;
  let before: string[];
  const phpunit = (dir: string, report: string) =>
    run('phpunit', ['--log-junit', report], { cwd: dir, env: { OSSGEN_MOCK_URL: replay.url, OSSGEN_SIM_URL: sim.url, OSS_ACCESS_KEY_ID: undefined, OSS_ACCESS_KEY_SECRET: undefined, OSS_SESSION_TOKEN: undefined }, timeoutMs: 300_000 });

  beforeAll(async () => {
    ir = (await buildModel()).ir!;
    view = buildPhpViewModel(ir);
    before = snapshot(OUT);
    work = mkdtempSync(join(tmpdir(), 'ossgen-php-'));
    project = join(work, 'project');
    cpSync(OUT, project, { recursive: true });
    replay = await startMock({ mode: 'fixtures', controlEndpoints: true });
    sim = await startMock({ mode: 'sim', controlEndpoints: true });
  }, 300_000);

  afterAll(async () => {
    await replay?.close();
    await sim?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('prints no unfilled view-model field and hands the docs the three samples', async () => {
    const raw = await phpEmitter.emit(ir, { modelSource: ir.source, templatesDir: TEMPLATES_DIR, samples: [] });
    for (const file of raw) expect(file.content, file.path).not.toMatch(/undefined|\[object Object\]/);
    expect(raw.filter((f) => f.sample).map((f) => f.sample)).toEqual(['append-from-memory', 'append-from-file', 'resume']);
    const composer = JSON.parse(readFileSync(join(OUT, 'composer.json'), 'utf8')) as { require: Record<string, string> };
    // Runtime needs: PHP 8.1 and the curl extension (hash is always compiled in; error documents are read by hand); nothing from Packagist.
    expect(Object.keys(composer.require).sort()).toEqual(['ext-curl', 'ext-hash', 'php']);
  });

  it('every PHP file passes php -l with E_ALL', async () => {
    const files = phpFiles(project);
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const lint = await run('php', ['-d', 'error_reporting=-1', '-l', file], { timeoutMs: 60_000 });
      expect(lint.status, `${relative(project, file)}\n${explain(lint)}`).toBe(0);
    }
  }, 300_000);

  it('is PSR-12 (PHP_CodeSniffer, errors; the 120-column soft limit and the samples\' script side effects are warnings)', async () => {
    const cs = await run('phpcs', ['--standard=PSR12', '--warning-severity=0', '--report=summary', 'src', 'tests', 'examples', 'autoload.php'], { cwd: project, timeoutMs: 120_000 });
    expect(cs.status, explain(cs)).toBe(0);
  }, 120_000);

  it('passes every generated test with the mock and the simulator, none skipped, PHPUnit strict', async () => {
    const report = join(work, 'junit.xml');
    const result = await phpunit(project, report);
    expect(result.status, explain(result)).toBe(0);
    const summary = readJunit(readFileSync(report, 'utf8'));
    const declared = declaredTests(project);
    expect({ failures: summary.failures, errors: summary.errors, skipped: summary.skipped, tests: summary.tests }).toEqual({ failures: 0, errors: 0, skipped: 0, tests: declared.length });
    expect(summary.passed).toEqual(declared);
    for (const v of view.tests.requests) expect(declared).toContain(`RequestVectorsTest::${v.testName}`);
    for (const v of view.tests.responses) expect(declared).toContain(`ResponseVectorsTest::${v.testName}`);
    for (const s of view.tests.scenarios) expect(declared).toContain(`ScenariosTest::${s.testName}`);
    for (const v of view.tests.presigned) expect(declared).toContain(`PresignTest::${v.testName}`);
    expect(view.tests.presigned.length).toBe(ir.tests.presigned.length);
    expect(view.tests.scenarios.length).toBeGreaterThanOrEqual(readdirSync(join(PROJECT_ROOT, 'test/fixtures/recordings')).filter((f) => f.endsWith('.json')).length);
    expect(declared).toEqual(expect.arrayContaining(['SimulatorTest::testAppenderRecoversUnknownOutcomes', 'SimulatorTest::testConcurrentWriterIsRefused', 'SimulatorTest::testFilesAreStreamed', 'SimulatorTest::testAWrongCrcIsCaught', 'Crc64Test::testCheckValueOf123456789']));
    // Every cassette was played through: the replay mock saw no unmatched request overall.
    const played = (await (await fetch(`${replay.url}/__mock/report`)).json()) as { unmatched: unknown[] };
    expect(played.unmatched).toEqual([]);
  }, 400_000);

  it.each([
    ['the V4 signing-key chain without its region step', 'Signer.php', 'foreach ([$region, $v4[\'product\'], $v4[\'scopeTerminator\']] as $part) {', "foreach ([$v4['product'], $v4['scopeTerminator']] as $part) {", /RequestVectorsTest|ScenariosTest/],
    ['a CRC-64 that forgets its final inversion', 'Crc64.php', '        return ~$c;', '        return $c;', /Crc64Test|SimulatorTest|IntegrityException/],
  ])('its tests fail with %s (broken on purpose)', async (_what, file, from, to, failing) => {
    const dir = join(work, `broken-${file}`);
    cpSync(OUT, dir, { recursive: true });
    const path = join(dir, 'src/Runtime', file);
    const source = readFileSync(path, 'utf8');
    expect(source).toContain(from);
    writeFileSync(path, source.replace(from, to));
    const result = await phpunit(dir, join(dir, 'junit.xml'));
    expect(result.status).not.toBe(0);
    const summary = readJunit(readFileSync(join(dir, 'junit.xml'), 'utf8'));
    expect(summary.failures + summary.errors).toBeGreaterThan(0);
    expect(result.stdout).toMatch(failing);
  }, 400_000);

  it('keeps its connection alive between requests and survives the server closing it', async () => {
    // Every third answer on a connection is followed by the proxy closing it without warning.
    const proxy = await startClosingProxy(sim.url, 3);
    try {
      const program = join(project, 'keepalive.php');
      writeFileSync(
        program,
        `<?php
declare(strict_types=1);
require __DIR__ . '/autoload.php';
$c = new \\${view.namespace}\\${view.clientClass}(endpoint: $argv[1], accessKeyId: 'ak', accessKeySecret: 'sk');
$a = $c->newAppender($argv[2], 'php-keepalive/object.log');
for ($i = 0; $i < 12; $i++) {
    $a->append("line $i\\n");
}
// Reads and appends taking turns on the kept-alive handle: each must go out as its own kind of request.
$read = fn () => $c->${view.reader.method}(new \\${view.namespace}\\${view.reader.request}(${view.reader.bucketField}: $argv[2], ${view.reader.keyField}: 'php-keepalive/object.log'))->${view.reader.bodyField};
$first = $read();
$a->append("tail\\n");
$second = $read();
echo $a->position(), "\\n", strlen($first), "\\n", base64_encode($second), "\\n";
`,
      );
      const r = await run('php', ['-d', 'error_reporting=-1', program, proxy.url, view.example.bucket], { cwd: work, env: { OSS_ACCESS_KEY_ID: undefined, OSS_ACCESS_KEY_SECRET: undefined, OSS_SESSION_TOKEN: undefined }, timeoutMs: 60_000 });
      expect(r.status, explain(r)).toBe(0);
      const want = Array.from({ length: 12 }, (_, i) => `line ${i}\n`).join('');
      const [position, firstLength, second] = r.stdout.trim().split('\n');
      expect(position).toBe(String(Buffer.byteLength(`${want}tail\n`)));
      expect(firstLength).toBe(String(Buffer.byteLength(want)));
      expect(Buffer.from(second!, 'base64').toString()).toBe(`${want}tail\n`);
      // A probe and twelve appends: a new connection only after each close, never one per request (a close that
      // races a request costs a connection and a read-back or two: well under one connection per request).
      expect(proxy.requests()).toBeGreaterThanOrEqual(16);
      expect(proxy.connections()).toBeGreaterThan(1);
      // (A close can race the next request on that connection: that append then fails on the wire and is settled
      // by reading the object back, one or two requests more.)
      expect(proxy.connections(), `${proxy.connections()} connections for ${proxy.requests()} requests`).toBeLessThan(proxy.requests() * 0.75);
    } finally {
      await proxy.close();
    }
  }, 120_000);

  describe('samples against the simulator', () => {
    const credentials = () => ({ OSS_ACCESS_KEY_ID: ir.tests.credentials.accessKeyId, OSS_ACCESS_KEY_SECRET: ir.tests.credentials.accessKeySecret, OSS_SESSION_TOKEN: undefined, OSS_FILE: undefined, OSS_ENDPOINT: undefined, OSS_REGION: undefined, OSS_BUCKET: undefined, OSS_KEY: undefined });
    const sample = (id: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> =>
      run('php', ['-d', 'error_reporting=-1', '-d', 'display_errors=stderr', join(project, 'examples', id, SAMPLE_FILES[id]!), '--endpoint', sim.url, '--bucket', view.example.bucket, ...args], { cwd: work, env: { ...credentials(), ...env }, timeoutMs: 120_000 });
    const readBack = async (key: string) => {
      const r = await run('php', [join(project, 'readback.php'), sim.url, view.example.bucket, key], { cwd: work, env: credentials() });
      expect(r.status, explain(r)).toBe(0);
      return r.stdoutBytes;
    };

    beforeAll(() => {
      writeFileSync(join(project, 'readback.php'), readbackProgram(view));
    });

    it('append-from-memory creates the object and resume continues it', async () => {
      const key = 'php-samples/memory.log';
      const created = await sample('append-from-memory', ['--key', key]);
      expect(created.status, explain(created)).toBe(0);
      expect(created.stderr).toBe('');
      expect((await readBack(key)).toString()).toBe(`${view.example.body}second line\n`);
      const resumed = await sample('resume', ['--key', key, '--text', 'resumed line\n']);
      expect(resumed.status, explain(resumed)).toBe(0);
      expect(resumed.stdout).toContain(`has ${Buffer.byteLength(`${view.example.body}second line\n`)} bytes`);
      expect((await readBack(key)).toString()).toBe(`${view.example.body}second line\nresumed line\n`);
      const again = await sample('append-from-memory', ['--key', key]);
      expect(again.status).toBe(1);
      expect(again.stderr).toMatch(/already has \d+ bytes; append to it with the resume sample/);
    }, 120_000);

    it('append-from-file streams a file in chunks and the object equals the file', async () => {
      const key = 'php-samples/file.bin';
      const file = join(work, 'upload.bin');
      const data = randomBytes(2_500_000);
      writeFileSync(file, data);
      const appended = await sample('append-from-file', ['--key', key, '--file', file, '--chunk-size', String(1 << 20)]);
      expect(appended.status, explain(appended)).toBe(0);
      expect(appended.stdout).toContain(`(${data.length} bytes)`);
      const back = await readBack(key);
      expect(createHash('sha256').update(back).digest('hex')).toBe(createHash('sha256').update(data).digest('hex'));
    }, 120_000);

    it('signs with V1 too (an odd key included), and a wrong secret fails clearly without printing it', async () => {
      const key = "php-samples/v1 日志+odd!*'().log";
      const v1 = await sample('resume', ['--key', key, '--signature', 'v1', '--text', 'signed with v1\n']);
      expect(v1.status, explain(v1)).toBe(0);
      expect((await readBack(key)).toString()).toBe('signed with v1\n');
      // Dot segments are part of the key (libcurl would squash them unless told not to): sent and signed as given.
      const dots = 'php-samples/dots/../v1/./x.log';
      const dotted = await sample('resume', ['--key', dots, '--text', 'dots kept\n']);
      expect(dotted.status, explain(dotted)).toBe(0);
      expect((await readBack(dots)).toString()).toBe('dots kept\n');
      const wrong = await sample('resume', ['--key', 'php-samples/denied.log'], { OSS_ACCESS_KEY_SECRET: 'not-the-secret' });
      expect(wrong.status).not.toBe(0);
      expect(wrong.stderr).toMatch(/^resume: .*SignatureDoesNotMatch/m);
      expect(wrong.output).not.toContain('not-the-secret');
      const missing = await sample('append-from-file', ['--key', 'php-samples/none.log']);
      expect(missing.status).toBe(2);
    }, 120_000);

    it('never shows the secret or the token: var_dump, print_r, var_export, array casts, string conversion, exception traces', async () => {
      const program = join(project, 'secrets.php');
      writeFileSync(
        program,
        `<?php
declare(strict_types=1);
require __DIR__ . '/autoload.php';
$c = new \\${view.namespace}\\${view.clientClass}(endpoint: 'http://127.0.0.1:1', accessKeyId: 'AKID-visible', accessKeySecret: 'SECRET-hidden', securityToken: 'TOKEN-hidden', maxAttempts: 1, timeout: 2.0);
var_dump($c);
print_r($c);
echo $c, PHP_EOL;
var_export($c);
var_export((array) $c);
echo json_encode((array) $c), serialize(array_map('strval', array_filter((array) $c, 'is_string'))), PHP_EOL;
try {
    $c->${view.reader.method}(new \\${view.namespace}\\${view.reader.request}(${view.reader.bucketField}: 'b-1', ${view.reader.keyField}: 'k'));
} catch (\\Throwable $e) {
    echo get_class($e), ': ', $e->getMessage(), PHP_EOL, $e->getTraceAsString(), PHP_EOL;
}
new \\${view.namespace}\\${view.clientClass}(endpoint: 'http://127.0.0.1:1', accessKeyId: 'AKID-visible', accessKeySecret: "SECRET-hidden\\n");
`,
      );
      const r = await run('php', ['-d', 'zend.exception_ignore_args=0', program], { cwd: work, env: credentials() });
      expect(r.output).toContain('AKID-visible');
      expect(r.output).toContain('NetworkException');
      expect(r.output).toMatch(/ValidationException.*accessKeySecret/);
      expect(r.output).not.toMatch(/SECRET-hidden|TOKEN-hidden/);
    }, 60_000);
  });

  it('left out/php untouched', () => {
    expect(snapshot(OUT)).toEqual(before);
  });
});
