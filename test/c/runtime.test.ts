/**
 * The static C runtime (runtime/c): compiled where it lives with -std=c99 -Wall -Wextra -Werror, its unit
 * tests (runtime/c/test/rt_test.c) run plain, under valgrind and under ASan/UBSan; every symbol it exports
 * takes the configured prefix; and the emitter copies it into out/c/src verbatim beside a generated
 * rt_config.h.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cEmitter, runtimeFiles } from '../../generator/emitters/c/emitter.js';
import { buildModel, PROJECT_ROOT, TEMPLATES_DIR } from '../../generator/run.js';
import { explain, runSync } from '../support/subprocess.js';

const RUNTIME = join(PROJECT_ROOT, 'runtime/c');
const FLAGS = ['-std=c99', '-Wall', '-Wextra', '-Werror', '-g', '-O1', `-I${join(RUNTIME, 'test')}`, `-I${RUNTIME}`];
const SANITIZE = ['-fsanitize=address,undefined', '-fno-sanitize-recover=all', '-fno-omit-frame-pointer'];
const VALGRIND = ['--leak-check=full', '--errors-for-leak-kinds=definite,indirect,possible', '--error-exitcode=99', '-q'];

const run = (command: string, args: string[]) => runSync(command, args, { cwd: PROJECT_ROOT });

const sources = () => readdirSync(RUNTIME).filter((n) => n.endsWith('.c')).sort().map((n) => join(RUNTIME, n));

describe('c: the static runtime (runtime/c)', () => {
  let work: string;
  let plain: string;
  let sanitized: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'ossgen-c-runtime-'));
    plain = join(work, 'rt_test');
    sanitized = join(work, 'rt_test_asan');
    const test = join(RUNTIME, 'test/rt_test.c');
    // The HTTP tests serve their answers from a thread on a loopback port.
    const libs = [...run('pkg-config', ['--libs', 'libcrypto', 'liblzma', 'libcurl']).stdout.trim().split(/\s+/).filter(Boolean), '-pthread'];
    const a = run('gcc', [...FLAGS, ...sources(), test, '-o', plain, ...libs]);
    expect(a.status, explain(a)).toBe(0);
    const b = run('gcc', [...FLAGS, ...SANITIZE, ...sources(), test, '-o', sanitized, ...libs]);
    expect(b.status, explain(b)).toBe(0);
  }, 300_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('passes its unit tests', () => {
    const r = run(plain, []);
    expect(r.status, explain(r)).toBe(0);
    expect(r.stdout.trim()).toBe('ok');
  });

  it('passes them under valgrind', () => {
    const r = run('valgrind', [...VALGRIND, plain]);
    expect(r.status, explain(r)).toBe(0);
  }, 120_000);

  it('passes them under ASan and UBSan', () => {
    const r = run(sanitized, []);
    expect(r.status, explain(r)).toBe(0);
    expect(r.stderr).not.toMatch(/runtime error|AddressSanitizer/);
  });

  it('exports every symbol under the configured prefix only', () => {
    for (const source of sources()) {
      const object = join(work, `${source.split('/').pop()}.o`);
      const c = run('gcc', [...FLAGS, '-c', source, '-o', object]);
      expect(c.status, explain(c)).toBe(0);
      const nm = run('nm', ['-g', '--defined-only', object]);
      expect(nm.status, explain(nm)).toBe(0);
      const symbols = nm.stdout.split('\n').filter(Boolean).map((line) => line.split(' ').pop()!);
      expect(symbols.length, source).toBeGreaterThan(0);
      expect(symbols.filter((s) => !s.startsWith('rt_test__')), source).toEqual([]);
    }
  });

  it("refuses to build for a model whose CRC-64 is not liblzma's CRC-64/XZ", () => {
    const dir = join(work, 'other-crc');
    mkdirSync(dir, { recursive: true });
    const config = readFileSync(join(RUNTIME, 'test/rt_config.h'), 'utf8');
    // CRC-64/WE's check value: the same polynomial, unreflected.
    writeFileSync(join(dir, 'rt_config.h'), config.replace(/#define RT_CRC64_CHECK \S+/, '#define RT_CRC64_CHECK 7128171145767219210u'));
    const bad = run('gcc', ['-std=c99', '-Wall', '-Wextra', '-Werror', `-I${dir}`, `-I${RUNTIME}`, '-c', join(RUNTIME, 'rt_crypto.c'), '-o', join(dir, 'rt_crypto.o')]);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('is not CRC-64/XZ');
  });

  it('is copied into out/c/src verbatim, with a generated rt_config.h', async () => {
    const ir = (await buildModel()).ir!;
    const files = await cEmitter.emit(ir, { modelSource: ir.source, templatesDir: TEMPLATES_DIR, samples: [] });
    const byPath = new Map(files.map((f) => [f.path, f.content]));
    const runtime = runtimeFiles();
    expect(runtime.map((f) => f.name)).toEqual(readdirSync(RUNTIME).filter((n) => /\.[ch]$/.test(n)).sort());
    for (const f of runtime) {
      expect(byPath.get(`src/${f.name}`), f.name).toBe(readFileSync(join(RUNTIME, f.name), 'utf8'));
      // And out/c holds that copy (after the generated-file header line).
      const written = readFileSync(join(PROJECT_ROOT, 'out/c/src', f.name), 'utf8');
      expect(written.slice(written.indexOf('\n') + 1), f.name).toBe(f.content);
    }
    const config = byPath.get('src/rt_config.h')!;
    expect(config).toContain(`#define RT_NAME(name) ${ir.service.packages.c}__##name`);
    // The protocol's names come from ir.protocol; the test config (runtime/c/test/rt_config.h) defines the same macros.
    const body = ir.protocol.errorBody;
    expect(config).toContain(`#define RT_ERROR_ROOT_TAG "<${body.root}>"`);
    expect(config).toContain(`#define RT_ERROR_CODE "${body.elements.code}"`);
    expect(config).toContain(`#define RT_ERROR_BODYLESS_HEADER "${body.bodylessHeaderLower}"`);
    expect(config).toContain(`#define RT_REQUEST_ID_HEADER "${ir.protocol.headers.requestId}"`);
    expect(config).toContain(`#define RT_CRC64_CHECK ${ir.protocol.crc64.check}u`);
    const macros = (text: string) => [...text.matchAll(/^#define (RT_\w+)/gm)].map((m) => m[1]).sort();
    expect(macros(config)).toEqual(macros(readFileSync(join(RUNTIME, 'test/rt_config.h'), 'utf8')));
    // The build files list the copies.
    for (const f of runtime.filter((x) => x.name.endsWith('.c'))) {
      expect(byPath.get('Makefile')).toContain(`$(BUILD)/${f.name.slice(0, -2)}.o`);
      expect(byPath.get('CMakeLists.txt')).toContain(`src/${f.name}`);
    }
  });
});
