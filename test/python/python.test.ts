/**
 * The generated Python package, end to end: it installs into a fresh virtual environment, imports
 * silently with warnings as errors, passes mypy --strict and ruff, its generated pytest suite
 * passes against the replaying mock (no wire test skipped), and each sample runs against the
 * simulator with the expected content read back. Everything runs in a temp copy of out/python.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from '../support/tree-snapshot.js';
import { startMock, type MockServer } from '../../generator/mock/index.js';
import type { IrModel } from '../../generator/ir/types.js';
import { buildModel, collectSamples, generate, PROJECT_ROOT } from '../../generator/run.js';
import { explain, runSync, type RunResult } from '../support/subprocess.js';

const OUT = join(PROJECT_ROOT, 'out/python');
const PYTHON = process.env.PYTHON ?? 'python3';

function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): RunResult {
  return runSync(command, args, { cwd: options.cwd, env: { PYTHONDONTWRITEBYTECODE: '1', ...options.env }, input: options.input });
}

describe('python: generated package', () => {
  let ir: IrModel;
  let work: string;
  let pkg: string;
  let venvPython: string;
  let replay: MockServer;
  let sim: MockServer;
  let before: string[];
  /** Sample id → path inside the package, as the emitter names it (no path is spelled here). */
  let samplePaths: Map<string, string>;

  beforeAll(async () => {
    const built = await buildModel();
    ir = built.ir!;
    const samples = (await collectSamples(ir, new Map())).find((l) => l.language.id === 'python')!.samples;
    samplePaths = new Map(samples.map((s) => [s.id, s.path]));
    before = snapshot(OUT);
    work = mkdtempSync(join(tmpdir(), 'ossgen-python-'));
    pkg = join(work, 'python');
    cpSync(OUT, pkg, { recursive: true });
    // --system-site-packages: pytest comes from the machine (offline); the package itself is
    // installed into the fresh venv, without dependencies (it has none) or build isolation.
    const venv = run(PYTHON, ['-m', 'venv', '--system-site-packages', join(work, 'venv')], { cwd: work });
    expect(venv.status, explain(venv)).toBe(0);
    venvPython = join(work, 'venv/bin/python');
    const install = run(venvPython, ['-m', 'pip', 'install', '--quiet', '--no-deps', '--no-build-isolation', '--disable-pip-version-check', pkg], {
      cwd: work,
    });
    expect(install.status, explain(install)).toBe(0);
    replay = await startMock({ mode: 'fixtures', controlEndpoints: true });
    sim = await startMock({ mode: 'sim', controlEndpoints: true });
  }, 300_000);

  afterAll(async () => {
    await replay?.close();
    await sim?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('is up to date with the model (gen --lang python --check)', async () => {
    const result = await generate({ languages: ['python'], check: true });
    expect(result.results[0]!.drift).toEqual({ changed: [], added: [], removed: [] });
  });

  it('imports silently with warnings as errors, from the installed copy', () => {
    const pkgName = ir.service.packages.python;
    const result = run(venvPython, ['-W', 'error', '-c', `import ${pkgName}; print(${pkgName}.__file__)`], { cwd: work });
    expect(result.status, explain(result)).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(join('venv', 'lib'));
    // The installed package is typed (PEP 561).
    expect(statSync(join(dirname(result.stdout.trim()), 'py.typed')).isFile()).toBe(true);
  });

  it('passes mypy --strict and ruff', () => {
    const mypy = run(PYTHON, ['-m', 'mypy', '--strict', '--cache-dir', join(work, 'mypy-cache'), 'src', 'tests', 'examples'], { cwd: pkg });
    expect(mypy.status, explain(mypy)).toBe(0);
    const ruff = run('ruff', ['check', '--no-cache', '.'], { cwd: pkg });
    expect(ruff.status, explain(ruff)).toBe(0);
  }, 240_000);

  it('passes its generated pytest suite, including every recorded scenario against the replaying mock', () => {
    const result = run(venvPython, ['-m', 'pytest', '-q', '-rs', '-p', 'no:cacheprovider', 'tests'], {
      cwd: pkg,
      env: { OSSGEN_MOCK_URL: replay.url, OSSGEN_SIM_URL: sim.url },
    });
    expect(result.status, explain(result)).toBe(0);
    const summary = result.stdout.trim().split('\n').pop() ?? '';
    expect(summary, result.stdout).toMatch(/^\d+ passed in /);
    expect(result.stdout).not.toMatch(/skipped/);
    const expected = ir.tests.requests.length + ir.tests.responses.length + ir.tests.scenarios.length;
    expect(Number(/^(\d+) passed/.exec(summary)![1])).toBeGreaterThanOrEqual(expected);
  }, 240_000);

  it('fails its generated tests when an issue-14 protection is undone on purpose', () => {
    // Each protection of the client is caught by a named generated test when it is undone.
    const breakages: { name: string; file: string; from: string; to: string; test: string }[] = [
      { name: 'a 3xx taken as an answer', file: 'client.py', from: 'response.status >= 300', to: 'response.status >= 400', test: 'test_redirects_are_service_errors_and_never_followed' },
      { name: 'error bodies read whole', file: '_transport.py', from: 'MAX_ERROR_BODY_BYTES = 64 * 1024', to: 'MAX_ERROR_BODY_BYTES = 1 << 40', test: 'test_an_endless_error_body_is_not_read_past_64_kib' },
      { name: 'no deadline for the answer', file: '_transport.py', from: 'limits.answer_deadline = time.monotonic() + timeout', to: 'limits.answer_deadline = None', test: 'test_dripped_headers_end_at_the_timeout' },
      { name: 'append answer believed unchecked', file: 'client.py', from: '_check_append_answer(spec, result,', to: '(lambda *_: None)(spec, result,', test: 'test_an_inconsistent_append_answer_is_a_protocol_error' },
      { name: 'no ranged read-back of a chunk', file: 'client.py', from: 'landed = self._range_crc(bucket, key, position, size, call) == chunk_crc', to: 'landed = False', test: 'test_appender_lost_answer_then_another_writer_is_not_a_lost_race' },
      { name: 'a retried chunk that landed is sent again', file: 'appender.py', from: 'if landed and self._is_retry_of(body, unresolved):', to: 'if False:', test: 'test_appender_retry_after_unknown_outcome_writes_the_chunk_once' },
      { name: 'credentials not checked', file: 'client.py', from: 'if not value or not all("!" <= ch <= "~" for ch in value):', to: 'if not value:', test: 'test_bad_credentials_are_refused_without_showing_them' },
      { name: 'a code guessed from the status of an answer with a body', file: 'client.py', from: 'CODE_BY_STATUS.get(response.status, "") if bodyless else ""', to: 'CODE_BY_STATUS.get(response.status, "")', test: 'test_answers_that_name_no_code_are_the_base_service_error' },
    ];
    const source = join(pkg, 'src', ir.service.packages.python);
    for (const b of breakages) {
      const dir = join(work, 'broken');
      rmSync(dir, { recursive: true, force: true });
      cpSync(pkg, dir, { recursive: true });
      const file = join(dir, relative(pkg, source), b.file);
      const text = readFileSync(file, 'utf8');
      expect(text, `${b.name}: the code to undo is not in ${b.file}`).toContain(b.from);
      writeFileSync(file, text.split(b.from).join(b.to));
      const result = run(PYTHON, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests', '-k', b.test], { cwd: dir, env: { PYTHONPATH: join(dir, 'src') } });
      expect(result.status, `${b.name}: ${explain(result)}`).toBe(1);
      expect(result.stdout, b.name).toMatch(new RegExp(`^FAILED tests/\\w+\\.py::${b.test}\\b`, 'm'));
    }
  }, 240_000);

  it('runs each sample against the simulator and the content reads back', () => {
    const getOp = ir.operations.find((o) => o.http.method === 'GET')!;
    const readBack = join(work, 'read_back.py');
    writeFileSync(
      readBack,
      [
        'import os, sys',
        `from ${ir.service.packages.python} import ${ir.service.clientNames.py}, ${getOp.names.input.py}`,
        `client = ${ir.service.clientNames.py}(endpoint=os.environ["OSS_ENDPOINT"])`,
        `result = client.${getOp.names.py}(${getOp.names.input.py}(bucket="examplebucket", key=sys.argv[1]))`,
        `sys.stdout.buffer.write(result.${getOp.outputBody!.names.py})`,
        '',
      ].join('\n'),
    );
    const env = {
      OSS_ENDPOINT: sim.url,
      [ir.service.credentials.accessKeyIdEnv]: ir.tests.credentials.accessKeyId,
      [ir.service.credentials.accessKeySecretEnv]: ir.tests.credentials.accessKeySecret,
      [ir.service.credentials.securityTokenEnv]: '',
    };
    const sample = (id: string, args: string[]) => {
      const path = samplePaths.get(id);
      expect(path, `no python sample ${id}`).toBeDefined();
      const result = run(venvPython, [join(pkg, path!), ...args], { cwd: work, env });
      expect(result.status, `${id}: ${explain(result)}`).toBe(0);
      expect(result.stderr, id).toBe('');
      return result.stdout;
    };
    const read = (key: string) => {
      const result = runSync(venvPython, [readBack, key], { cwd: work, env });
      expect(result.status, explain(result)).toBe(0);
      return result.stdoutBytes;
    };

    // The memory sample writes the model's example body, then a second line (no payload flags, as in every language).
    const exampleBody = String(ir.examples.find((e) => e.operation === ir.protocol.append!.operation.name)!.input.find((v) => v.member.location === 'body')!.value);
    sample('append-from-memory', ['--key', 'samples/memory.log']);
    expect(read('samples/memory.log').toString()).toBe(`${exampleBody}second line\n`);
    sample('resume', ['--key', 'samples/memory.log', '--text', 'three\n']);
    expect(read('samples/memory.log').toString()).toBe(`${exampleBody}second line\nthree\n`);

    // Bigger than one 64 KiB block, and appended twice: the second run resumes at the length.
    const data = Buffer.alloc(200_000);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7919) & 0xff;
    const file = join(work, 'data.bin');
    writeFileSync(file, data);
    sample('append-from-file', ['--key', 'samples/file.bin', '--file', file]);
    sample('append-from-file', ['--key', 'samples/file.bin', '--file', file]);
    expect(read('samples/file.bin').equals(Buffer.concat([data, data]))).toBe(true);
    // --chunk-size: the same file in appends of at most 65,536 bytes (4 of them), resumed after the two above.
    const chunked = sample('append-from-file', ['--key', 'samples/file.bin', '--file', file, '--chunk-size', '65536']);
    expect(chunked).toContain(`at position ${2 * data.length}`);
    expect(read('samples/file.bin').equals(Buffer.concat([data, data, data]))).toBe(true);

    // Default settings: the model's example input (bucket, key, first chunk, creation headers), signed with V1.
    const out = sample('append-from-memory', ['--signature', 'v1']);
    expect(out).toContain('next position');
  }, 240_000);

  it('reports errors cleanly with exit codes', () => {
    const path = join(pkg, samplePaths.get('append-from-memory')!);
    const noCreds = run(venvPython, [path], {
      cwd: work,
      env: { OSS_ENDPOINT: sim.url, [ir.service.credentials.accessKeyIdEnv]: '', [ir.service.credentials.accessKeySecretEnv]: '' },
    });
    expect(noCreds.status).toBe(2);
    expect(noCreds.stderr).toMatch(/^error: no credentials/);
    expect(noCreds.stderr).not.toMatch(/Traceback/);
    const wrongSecret = run(venvPython, [path, '--key', 'samples/denied.log'], {
      cwd: work,
      env: { OSS_ENDPOINT: sim.url, [ir.service.credentials.accessKeyIdEnv]: 'ak', [ir.service.credentials.accessKeySecretEnv]: 'not-the-secret' },
    });
    expect(wrongSecret.status).toBe(1);
    expect(wrongSecret.stderr).toMatch(/^error: SignatureDoesNotMatch/);
    expect(wrongSecret.stderr).not.toContain('not-the-secret');
  });

  it('wrote nothing inside out/python', () => {
    expect(snapshot(OUT)).toEqual(before);
    expect(readFileSync(join(OUT, 'pyproject.toml'), 'utf8')).toContain(`name = "${ir.service.packages.python}"`);
  });
});
