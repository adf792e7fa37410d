/**
 * The Go static runtime (runtime/go/): an ordinary Go package that is gofmt-clean, `go vet`
 * clean and passes its own unit tests where it lives (with standin.go for the generated names);
 * the same unit tests pass inside the generated module, with the model's generated values; the
 * emitter copies each runtime file into out/go verbatim, only the package clause set; and the
 * unit tests catch a runtime helper broken on purpose. Everything runs offline in temp copies.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GO_RUNTIME_ASSEMBLY, GO_RUNTIME_FILES, goRuntimeDir, runtimeSource } from '../../generator/emitters/go/emitter.js';
import { buildGoViewModel } from '../../generator/emitters/go/view-model/index.js';
import { reflectedPolynomial } from '../../generator/emitters/go/view-model/protocol.js';
import type { IrModel } from '../../generator/ir/types.js';
import { buildModel, PROJECT_ROOT, TEMPLATES_DIR } from '../../generator/run.js';
import { goEnv, run, type RunResult } from '../reliability/lib.js';

const RUNTIME = join(PROJECT_ROOT, 'runtime/go');
const OUT = join(PROJECT_ROOT, 'out/go');
const show = (r: RunResult) => `exit ${r.status}\n${r.stdout}\n${r.stderr}`;
const go = (args: string[], cwd: string) => run('go', args, { cwd, env: goEnv(), timeoutMs: 240_000 });

/**
 * Whether this machine's CPU has what the CRC-64 folding kernel needs (read from /proc/cpuinfo, not
 * from the runtime's own CPUID): there the tests must run the kernel, not the table.
 */
const cpuHasClmul = () => {
  if (process.arch !== 'x64' || !existsSync('/proc/cpuinfo')) return false;
  const flags = new Set(/^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim().split(/\s+/));
  return flags.has('pclmulqdq') && flags.has('sse4_1');
};

const testFiles = () => readdirSync(RUNTIME).filter((f) => f.endsWith('_test.go')).sort();
/** The runtime's test names, read from its _test.go files. */
const testNames = () => testFiles().flatMap((f) => [...readFileSync(join(RUNTIME, f), 'utf8').matchAll(/^func (Test\w+)\(t \*testing\.T\)/gm)].map((m) => m[1]!));

describe('go: static runtime (runtime/go)', () => {
  let ir: IrModel;
  let work: string;

  beforeAll(async () => {
    ir = (await buildModel()).ir!;
    work = mkdtempSync(join(tmpdir(), 'ossgen-go-runtime-'));
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('is gofmt-clean, go vet clean, and passes its own unit tests where it lives', async () => {
    const listed = await run('gofmt', ['-l', '.'], { cwd: RUNTIME });
    expect(listed.status, show(listed)).toBe(0);
    expect(listed.stdout).toBe('');
    const dir = join(work, 'here');
    cpSync(RUNTIME, dir, { recursive: true });
    const vet = await go(['vet', './...'], dir);
    expect(vet.status, show(vet)).toBe(0);
    const tested = await go(['test', '-count=1', '-v', './...'], dir);
    expect(tested.status, show(tested)).toBe(0);
    expect(testNames().length).toBeGreaterThanOrEqual(15);
    for (const name of testNames()) expect(tested.stdout).toContain(`--- PASS: ${name} `);
    // The CRC-64 tests ran the kernel this CPU can run, compared with hash/crc64.
    expect(tested.stdout).toContain(`kernel ${cpuHasClmul() ? 'clmul' : 'table'}`);
  }, 300_000);

  it('builds, vets and passes its tests with the table alone: under the purego tag and on other architectures', async () => {
    const dir = join(work, 'purego');
    cpSync(RUNTIME, dir, { recursive: true });
    const vet = await go(['vet', '-tags', 'purego', '.'], dir);
    expect(vet.status, show(vet)).toBe(0);
    const tested = await go(['test', '-count=1', '-v', '-tags', 'purego', '-run', 'CRC64', '.'], dir);
    expect(tested.status, show(tested)).toBe(0);
    expect(tested.stdout).toContain('kernel table');
    expect(tested.stdout).toContain('--- PASS: TestRuntimeCRC64AgreesWithHashCRC64AtEveryLengthAndAlignment ');
    for (const goarch of ['arm64', '386']) {
      const cross = await run('go', ['vet', '.'], { cwd: dir, env: { ...goEnv(), GOARCH: goarch }, timeoutMs: 240_000 });
      expect(cross.status, `GOARCH=${goarch}: ${show(cross)}`).toBe(0);
    }
  }, 300_000);

  it('passes the same unit tests inside the generated module, with the model values of protocol.go', async () => {
    const dir = join(work, 'module');
    cpSync(OUT, dir, { recursive: true });
    const { packageName } = buildGoViewModel(ir);
    for (const f of testFiles()) writeFileSync(join(dir, `runtime_${f}`), runtimeSource(readFileSync(join(RUNTIME, f), 'utf8'), packageName));
    const vet = await go(['vet', '.'], dir);
    expect(vet.status, show(vet)).toBe(0);
    const tested = await go(['test', '-count=1', '-v', '-run', 'TestRuntime', '.'], dir);
    expect(tested.status, show(tested)).toBe(0);
    for (const name of testNames()) expect(tested.stdout).toContain(`--- PASS: ${name} `);
  }, 300_000);

  it('is copied into out/go verbatim (package clause set), and the stand-in is not', () => {
    expect(goRuntimeDir(TEMPLATES_DIR)).toBe(RUNTIME);
    const { packageName } = buildGoViewModel(ir);
    for (const name of GO_RUNTIME_FILES) {
      const source = readFileSync(join(RUNTIME, name), 'utf8');
      expect(source, name).toMatch(/^package ossruntime$/m);
      const out = readFileSync(join(OUT, name), 'utf8');
      expect(out.endsWith(source.replace('package ossruntime', `package ${packageName}`)), `out/go/${name} is runtime/go/${name}`).toBe(true);
    }
    for (const name of GO_RUNTIME_ASSEMBLY) {
      const out = readFileSync(join(OUT, name), 'utf8');
      expect(out.endsWith(readFileSync(join(RUNTIME, name), 'utf8')), `out/go/${name} is runtime/go/${name}`).toBe(true);
    }
    expect(readdirSync(RUNTIME).filter((f) => f.endsWith('.s'))).toEqual([...GO_RUNTIME_ASSEMBLY]);
    expect(readdirSync(OUT)).not.toContain('standin.go');
    // Every static .go file of runtime/go is either copied or the stand-in (nothing left behind by mistake).
    const statics = readdirSync(RUNTIME).filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'));
    expect(statics.sort()).toEqual([...GO_RUNTIME_FILES, 'standin.go'].sort());
    // No template renders a file the runtime provides.
    for (const name of GO_RUNTIME_FILES) expect(readdirSync(join(TEMPLATES_DIR, 'go'))).not.toContain(`${name}.hbs`);
    expect(() => runtimeSource('// no clause\n', 'x')).toThrow(/package clause/);
  });

  it('reads the CRC-64 polynomial from the model: the stand-in and protocol.go agree with ir.protocol', () => {
    const poly = reflectedPolynomial(ir.protocol.crc64.polynomial);
    expect(poly).toBe('0xC96C5795D7870F42');
    expect(readFileSync(join(OUT, 'protocol.go'), 'utf8')).toContain(`const crcPolynomial = ${poly}`);
    expect(readFileSync(join(RUNTIME, 'standin.go'), 'utf8')).toContain(`const crcPolynomial = ${poly}`);
    expect(readFileSync(join(RUNTIME, 'crc64_test.go'), 'utf8')).toContain(`const rtCRCCheck = ${ir.protocol.crc64.check}`);
  });

  it('fails its unit tests when a runtime helper is broken on purpose', async () => {
    const breakages: { name: string; file: string; from: string; to: string; failing: RegExp }[] = [
      { name: 'a CRC-64 folding key one power of x off', file: 'crc64.go', from: 'xPowModP(poly, d+63)', to: 'xPowModP(poly, d+64)', failing: /--- FAIL: TestRuntimeCRC64FoldKeysAreXPowersModP/ },
      ...(cpuHasClmul()
        ? [
            { name: 'the kernel merges a lane with the wrong key', file: 'crc64_amd64.s', from: 'MOVOU 96(DX), X10', to: 'MOVOU 80(DX), X10', failing: /--- FAIL: TestRuntimeCRC64AgreesWithHashCRC64AtEveryLengthAndAlignment/ },
            { name: 'the kernel drops the last block left', file: 'crc64_amd64.s', from: 'CMPQ  CX, $16', to: 'CMPQ  CX, $32', failing: /--- FAIL: TestRuntimeCRC64AgreesWithHashCRC64AtEveryLengthAndAlignment/ },
          ]
        : []),
      { name: 'CRC-64 combine ignores the second part', file: 'crc64.go', from: 'return crcA ^ crcB', to: 'return crcA', failing: /--- FAIL: TestRuntimeCRC64CombineEqualsTheCRCOfTheWhole/ },
      { name: 'error body read without a bound', file: 'errortypes.go', from: 'io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))', to: 'io.ReadAll(io.LimitReader(resp.Body, 1<<40))', failing: /--- FAIL: TestRuntimeReadErrorIsBounded/ },
      { name: 'rewind keeps the CRC of the first try', file: 'body.go', from: 'b.crc = b.crcInit', to: '_ = b.crcInit', failing: /--- FAIL: TestRuntimeRequestBodySizesAndRewinds/ },
      { name: 'a limit that ran out is not reported', file: 'timelimit.go', from: 'w.expired = w.expired || fire', to: 'w.expired = false', failing: /--- FAIL: TestRuntimeWatchCancelsWhenTheLimitRunsOut/ },
      { name: 'a success body read under the overall limit', file: 'timelimit.go', from: 'n, err := b.body.Read(p)\n\tb.limit.stop()', to: 'n, err := b.body.Read(p)', failing: /--- FAIL: TestRuntimeResponseBodyIsUnderAnIdleLimit/ },
      { name: 'a late attempt clears the deadline of the connection\'s new owner', file: 'conn.go', from: 'if c.owner == l {', to: 'if true {', failing: /--- FAIL: TestRuntimeBodyConnDeadlineBelongsToItsOwner/ },
      { name: 'an empty answer is copied from to finish it', file: 'validate.go', from: 'ok && answer.body == http.NoBody {', to: 'ok && answer.body == nil {', failing: /--- FAIL: TestRuntimeFinishOfAnEmptyAnswerOnlyCloses/ },
      { name: 'Retry-After ignored', file: 'retry.go', from: 'return time.Duration(seconds) * time.Second', to: 'return 0', failing: /--- FAIL: TestRuntimeRetryAfterReadsSeconds/ },
      { name: 'progress does not restart the limit', file: 'timelimit.go', from: 'w.timer.Reset(w.limit)', to: 'w.timer.Reset(time.Hour)', failing: /--- FAIL: TestRuntimeWatchStoppedAndRestarted/ },
    ];
    for (const b of breakages) {
      const dir = join(work, 'broken');
      rmSync(dir, { recursive: true, force: true });
      cpSync(RUNTIME, dir, { recursive: true });
      const source = readFileSync(join(dir, b.file), 'utf8');
      expect(source, b.name).toContain(b.from);
      writeFileSync(join(dir, b.file), source.replace(b.from, b.to));
      const tested = await go(['test', '-count=1', '-v', '.'], dir);
      expect(tested.status, `${b.name}: ${show(tested)}`).not.toBe(0);
      expect(tested.stdout, b.name).toMatch(b.failing);
    }
    // Thirteen builds and test runs of the package: minutes on a loaded 2-core machine.
  }, 600_000);
});
