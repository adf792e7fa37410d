/**
 * The generated Go module, end to end: out/go is gofmt-clean and `go vet` clean; `go test ./...`
 * passes with the replaying mock and the simulator running, and runs every recorded scenario
 * (none skipped); each sample runs against the simulator, exits 0 and leaves the expected bytes in
 * the object (read back through the generated client); a sample's failure is a clear message and a
 * non-zero exit; hostile model strings stay inert. Everything builds in a temp copy, with Go's
 * caches outside the project and no network, so out/go is never written to.
 */
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain, run as runProgram, type RunResult } from '../support/subprocess.js';
import { snapshot } from '../support/tree-snapshot.js';
import { goEmitter } from '../../generator/emitters/go/emitter.js';
import { goCommentLines, goString } from '../../generator/render/go-literals.js';
import { buildGoViewModel } from '../../generator/emitters/go/view-model/index.js';
import type { IrModel } from '../../generator/ir/types.js';
import { startMock, type MockServer } from '../../generator/mock/index.js';
import { buildModel, collectSamples, emitFiles, PROJECT_ROOT, TEMPLATES_DIR } from '../../generator/run.js';

const OUT = join(PROJECT_ROOT, 'out/go');

/**
 * Go's environment for a fresh machine without network: caches in the temp dir unless the caller
 * set them, no module proxy (the module uses the standard library only), no toolchain download.
 */
function goEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const base = join(tmpdir(), 'ossgen-go');
  return {
    ...process.env,
    GOCACHE: process.env.GOCACHE || join(base, 'cache'),
    GOPATH: process.env.GOPATH || join(base, 'path'),
    GOMODCACHE: process.env.GOMODCACHE || join(base, 'path', 'pkg', 'mod'),
    GOPROXY: 'off',
    GOTOOLCHAIN: 'local',
    GOTELEMETRY: 'off',
    GOFLAGS: '',
    CGO_ENABLED: '0',
    ...extra,
  };
}

/** Runs a command without blocking the event loop (the mock servers live in this process). */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = goEnv()): Promise<RunResult> {
  return runProgram(command, args, { cwd, env });
}


/** A helper program, added to the temp copy only, that prints an object's bytes through the generated client. */
function readbackProgram(ir: IrModel): string {
  const view = buildGoViewModel(ir);
  const get = ir.operations.find((o) => o.http.method === 'GET')!;
  const field = (location: string) => get.input.find((m) => m.location === location)!.names.go;
  const body = get.output.find((m) => m.location === 'body')!.names.go;
  return `package main

import (
	"context"
	"io"
	"os"

	${goString(view.modulePath)}
)

func main() {
	c, err := ${view.packageName}.New(${view.packageName}.Options{Endpoint: os.Args[1]})
	if err != nil {
		panic(err)
	}
	out, err := c.${get.names.go}(context.Background(), &${view.packageName}.${get.names.input.go}{${field('host')}: os.Args[2], ${field('path')}: os.Args[3]})
	if err != nil {
		panic(err)
	}
	defer out.${body}.Close()
	if _, err := io.Copy(os.Stdout, out.${body}); err != nil {
		panic(err)
	}
}
`;
}

describe('go: generated module', () => {
  let ir: IrModel;
  let work: string;
  let module: string;
  let bin: string;
  let replay: MockServer;
  let sim: MockServer;
  let before: string[];

  beforeAll(async () => {
    ir = (await buildModel()).ir!;
    before = snapshot(OUT);
    work = mkdtempSync(join(tmpdir(), 'ossgen-go-'));
    module = join(work, 'module');
    bin = join(work, 'bin');
    cpSync(OUT, module, { recursive: true });
    mkdirSync(join(module, 'internal', 'readback'), { recursive: true });
    writeFileSync(join(module, 'internal', 'readback', 'main.go'), readbackProgram(ir));
    const built = await run('go', ['build', '-o', bin + '/', './examples/...', './internal/readback'], module);
    expect(built.status, explain(built)).toBe(0);
    replay = await startMock({ mode: 'fixtures', controlEndpoints: true });
    sim = await startMock({ mode: 'sim', controlEndpoints: true });
  }, 300_000);

  afterAll(async () => {
    await replay?.close();
    await sim?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('is gofmt-clean as committed, and the templates already print gofmt-clean Go', async () => {
    const listed = await run('gofmt', ['-l', '.'], OUT);
    expect(listed.status, explain(listed)).toBe(0);
    expect(listed.stdout).toBe('');
    // The raw template output, before the pipeline's format stage (doc comments in gofmt's style, no gofmt), needs no change either.
    const raw = await goEmitter.emit(ir, { modelSource: ir.source, templatesDir: TEMPLATES_DIR, samples: [] });
    const rawDir = join(work, 'raw');
    for (const file of raw.filter((f) => f.path.endsWith('.go'))) {
      mkdirSync(join(rawDir, file.path, '..'), { recursive: true });
      writeFileSync(join(rawDir, file.path), file.content);
    }
    const rawListed = await run('gofmt', ['-l', '.'], rawDir);
    expect(rawListed.stdout, explain(rawListed)).toBe('');
    // A view-model field a template names but the view lacks prints as "undefined" through a helper.
    for (const file of raw) expect(file.content, file.path).not.toMatch(/undefined|\[object Object\]/);
  });

  it('is go vet clean', async () => {
    const vet = await run('go', ['vet', './...'], module);
    expect(vet.status, explain(vet)).toBe(0);
  }, 300_000);

  it('passes go test ./... with every vector, every recorded scenario replayed and the simulator tests (none skipped)', async () => {
    const env = goEnv({ OSSGEN_MOCK_URL: replay.url, OSSGEN_SIM_URL: sim.url });
    const tested = await run('go', ['test', '-count=1', '-v', './...'], module, env);
    expect(tested.status, explain(tested)).toBe(0);
    expect(tested.stdout).not.toMatch(/--- SKIP/);
    for (const v of ir.tests.requests) expect(tested.stdout).toContain(`--- PASS: TestRequestVectors/${v.id} `);
    for (const v of ir.tests.responses) expect(tested.stdout).toContain(`--- PASS: TestResponseVectors/${v.id} `);
    for (const s of ir.tests.scenarios) expect(tested.stdout).toContain(`--- PASS: TestScenarios/${s.id} `);
    // The simulator tests ran too: fault injection (lost answers, dropped requests, 5xx) never duplicates or loses bytes.
    expect(tested.stdout).toContain('--- PASS: TestSimulatorAppenderRecoversUnknownOutcomes ');
    expect(tested.stdout).toContain('--- PASS: TestSimulatorConcurrentWriterIsRefused ');
    // And the hostile-server tests (issue 14): redirects, drips, floods, cut-short and lying answers, credentials.
    for (const name of ['TestRedirectsAreNeverFollowed', 'TestDrippedHeadersTimeOut', 'TestDrippedErrorBodyTimesOut', 'TestEndlessErrorBodyIsCapped', 'TestInconsistentAppendAnswersAreProtocolErrors', 'TestCredentialsAreValidatedWithoutShowingThem', 'TestAppenderLandedChunkFoundAfterAnotherWriter', 'TestAppenderRemembersAnUnresolvedChunk', 'TestAppenderRetryAfterUnknownOutcomeWritesTheChunkOnce', 'TestRetryDelaysFollowTheOptions']) {
      expect(tested.stdout).toContain(`--- PASS: ${name} `);
    }
    // Every cassette was played through: the replay mock saw no unmatched request overall.
    const report = (await (await fetch(`${replay.url}/__mock/report`)).json()) as { unmatched: unknown[] };
    expect(report.unmatched).toEqual([]);
  }, 300_000);

  describe('samples against the simulator', () => {
    const credentials = () =>
      goEnv({ OSS_ACCESS_KEY_ID: ir.tests.credentials.accessKeyId, OSS_ACCESS_KEY_SECRET: ir.tests.credentials.accessKeySecret, OSS_SESSION_TOKEN: '', OSS_FILE: '' });
    const readBack = async (key: string) => {
      const r = await run(join(bin, 'readback'), [sim.url, 'examplebucket', key], work, credentials());
      expect(r.status, explain(r)).toBe(0);
      return r.stdout;
    };
    const sample = (name: string, args: string[]) =>
      run(join(bin, name), ['-endpoint', sim.url, '-bucket', 'examplebucket', ...args], work, credentials());

    it('append-from-memory creates the object, and resume continues it', async () => {
      const example = buildGoViewModel(ir).example;
      const key = 'go-samples/memory.log';
      const created = await sample('append-from-memory', ['--key', key]);
      expect(created.status, explain(created)).toBe(0);
      expect(await readBack(key)).toBe(`${example.body}second line\n`);

      // Double-dash flags, as in every language's samples (Go's flag package takes both forms).
      const resumed = await sample('resume', ['--key', key, '--text', 'resumed line\n']);
      expect(resumed.status, explain(resumed)).toBe(0);
      expect(resumed.stdout).toContain(`has ${Buffer.byteLength(`${example.body}second line\n`)} bytes`);
      expect(await readBack(key)).toBe(`${example.body}second line\nresumed line\n`);

      // Running the create sample again is refused with a clear message and a non-zero exit.
      const again = await sample('append-from-memory', ['--key', key]);
      expect(again.status).not.toBe(0);
      expect(again.stderr).toMatch(/already has \d+ bytes; append to it with the resume sample/);
    }, 120_000);

    it('append-from-file streams a file in chunks and the object equals the file', async () => {
      const key = 'go-samples/file.bin';
      const file = join(work, 'upload.bin');
      const data = randomBytes(2_500_000);
      writeFileSync(file, data);
      const appended = await sample('append-from-file', ['--key', key, '--file', file, '--chunk-size', String(1 << 20)]);
      expect(appended.status, explain(appended)).toBe(0);
      expect(appended.stdout).toContain(`appended ${data.length} bytes`);
      // Binary content: read the helper's stdout as bytes (asynchronously: the simulator runs in this process).
      const readback = await run(join(bin, 'readback'), [sim.url, 'examplebucket', key], work, credentials());
      expect(readback.status, explain(readback)).toBe(0);
      const back = readback.stdoutBytes;
      expect(createHash('sha256').update(back).digest('hex')).toBe(createHash('sha256').update(data).digest('hex'));
    }, 120_000);

    it('signs with V1 too, and sends and signs an STS token', async () => {
      const key = "go-samples/v1 日志+odd!*'().log";
      const v1 = await sample('resume', ['--key', key, '--signature', 'v1', '--text', 'signed with v1\n']);
      expect(v1.status, explain(v1)).toBe(0);
      expect(await readBack(key)).toBe('signed with v1\n');
      const tokenSim = await startMock({ mode: 'sim', securityToken: 'session-token' });
      try {
        const withToken = (token: string) =>
          run(join(bin, 'resume'), ['-endpoint', tokenSim.url, '-key', 'token.log'], work, { ...credentials(), OSS_SESSION_TOKEN: token });
        const good = await withToken('session-token');
        expect(good.status, explain(good)).toBe(0);
        const bad = await withToken('another-token');
        expect(bad.status).not.toBe(0);
        expect(bad.stderr).toContain('InvalidSecurityToken');
      } finally {
        await tokenSim.close();
      }
    }, 120_000);

    it('fails clearly without credentials or with a missing file', async () => {
      const noCreds = await run(join(bin, 'resume'), ['-endpoint', sim.url, '-key', 'x.log'], work, goEnv({ OSS_ACCESS_KEY_ID: '', OSS_ACCESS_KEY_SECRET: '' }));
      expect(noCreds.status).not.toBe(0);
      expect(noCreds.stderr).toMatch(/no credentials: set Options.AccessKeyID .* OSS_ACCESS_KEY_ID/);
      const noFile = await sample('append-from-file', ['--key', 'x.log']);
      expect(noFile.status).not.toBe(0);
      expect(noFile.stderr).toContain('-file is required');
    }, 60_000);
  });

  it('fails its generated tests when the Go signing or CRC-64 code is broken on purpose', async () => {
    const env = goEnv({ OSSGEN_MOCK_URL: replay.url });
    const breakages: { name: string; file: string; from: string; to: string; failing: RegExp }[] = [
      { name: 'V4 signing key without the region', file: 'signer.go', from: 'key = hmacSHA256(key, region)', to: 'key = hmacSHA256(key, "")', failing: /--- FAIL: TestRequestVectors\/append-first-v4/ },
      { name: 'V1 without sub-resources', file: 'signer.go', from: 'b.WriteString("?" + strings.Join(sub, "&"))', to: '_ = sub', failing: /--- FAIL: TestRequestVectors\/append-first-v1/ },
      { name: 'CRC-64 with the ISO table', file: 'crc64.go', from: 'crc64.MakeTable(crcPolynomial)', to: 'crc64.MakeTable(crc64.ISO)', failing: /--- FAIL: TestCRC64Vectors/ },
      { name: 'CRC-64 not continued', file: 'crc64.go', from: 'return crc64.Update(crc, crcTable, p)', to: 'return crc64.Update(0, crcTable, p)', failing: /--- FAIL: TestAppender/ },
      // Issue 14: each protection of the client is caught by a generated test when undone.
      { name: 'redirects followed', file: 'client.go', from: 'hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }', to: '_ = http.ErrUseLastResponse', failing: /--- FAIL: TestRedirectsAreNeverFollowed/ },
      { name: 'append answer believed unchecked', file: 'operations.go', from: 'if err := checkAppendAnswer(', to: 'if err := (func(...any) error { return nil })(', failing: /--- FAIL: TestInconsistentAppendAnswersAreProtocolErrors/ },
      { name: 'no ranged read-back of a chunk', file: 'appender.go', from: 'case length >= end:', to: 'case length >= end && false:', failing: /--- FAIL: TestAppenderLandedChunkFoundAfterAnotherWriter/ },
      { name: 'a retried chunk that landed is sent again', file: 'appender.go', from: 'if retry && landed != nil {', to: 'if retry && landed != nil && false {', failing: /--- FAIL: TestAppenderRetryAfterUnknownOutcomeWritesTheChunkOnce/ },
      { name: 'retry delays ignore the options', file: 'client.go', from: 'limit := c.maxDelay', to: 'limit := c.maxDelay * 1000', failing: /--- FAIL: TestRetryDelaysFollowTheOptions/ },
      { name: 'credentials not checked', file: 'client.go', from: 'if err := checkCredential(settings[i], value); err != nil {', to: 'if err := checkCredential(settings[i], value); err != nil && false {', failing: /--- FAIL: TestCredentialsAreValidatedWithoutShowingThem/ },
    ];
    for (const b of breakages) {
      const dir = join(work, 'broken');
      rmSync(dir, { recursive: true, force: true });
      cpSync(OUT, dir, { recursive: true });
      const source = readFileSync(join(dir, b.file), 'utf8');
      expect(source, b.name).toContain(b.from);
      writeFileSync(join(dir, b.file), source.replace(b.from, b.to));
      const tested = await run('go', ['test', '-count=1', '-v', '.'], dir, env);
      expect(tested.status, `${b.name}: ${explain(tested)}`).not.toBe(0);
      expect(tested.stdout, b.name).toMatch(b.failing);
    }
  }, 300_000);

  it('is deterministic, and out/go is what the emitter produces now', async () => {
    const [a, b] = [await emitFiles(goEmitter, ir), await emitFiles(goEmitter, ir)];
    expect(b).toEqual(a);
    for (const file of a) expect(readFileSync(join(OUT, file.path), 'utf8'), `out/go/${file.path} is stale: run gen --lang go`).toBe(file.content);
  });

  it('hands the docs its samples, identical to out/go', async () => {
    const samples = (await collectSamples(ir, new Map())).find((l) => l.language.id === 'go')!.samples;
    expect(samples.map((s) => s.id)).toEqual(['append-from-memory', 'append-from-file', 'resume']);
    const emitted = await emitFiles(goEmitter, ir);
    for (const s of samples) {
      const file = emitted.find((f) => f.path === s.path);
      expect(file, s.path).toBeDefined();
      expect(file!.content).toBe(s.content);
      expect(s.content).toMatch(/^\/\/ Code generated .*\n\n\/\/ Command /);
    }
  });

  it('keeps hostile model strings inert in Go literals and comments', async () => {
    const evil = 'quote " backslash \\ newline\n*/ /* {{x}} `tick` \u2028 tab\t end';
    const hostile = structuredClone(ir);
    hostile.service.title.en = evil;
    hostile.service.summary.en = evil;
    hostile.errors[0]!.doc.en = evil;
    hostile.errors[0]!.message = evil;
    hostile.operations[0]!.input[0]!.doc.en = evil;
    hostile.operations[0]!.summary.en = evil;
    hostile.tests.scenarios[0]!.doc.en = evil;
    hostile.tests.scenarios[0]!.steps[0]!.input.find((v) => v.member.location === 'body')!.value = evil;
    const files = await emitFiles(goEmitter, hostile);
    const dir = join(work, 'hostile');
    for (const f of files) {
      mkdirSync(join(dir, f.path, '..'), { recursive: true });
      writeFileSync(join(dir, f.path), f.content);
    }
    const vet = await run('go', ['vet', './...'], dir);
    expect(vet.status, explain(vet)).toBe(0);
    const errorsGo = files.find((f) => f.path === 'errors.go')!.content;
    expect(errorsGo).toContain(goString(evil));
  }, 300_000);

  it('escapes Go strings and comments', () => {
    expect(goString('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
    expect(goString('\u0001\ud800')).toBe('"\\x01\\uFFFD"');
    expect(goCommentLines('one\n\ntwo */ {{x}}')).toEqual(['// one', '//', '// two */ {{x}}']);
  });

  it('wrote nothing inside out/go', () => {
    expect(snapshot(OUT)).toEqual(before);
  });
});
