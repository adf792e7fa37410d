/**
 * Item 1 of issue 15 for Python: the client takes every protocol fact from the model. A copy of
 * model/oss.yaml with the error codes, the protocol's header names, the object-type value and the
 * error document's element names renamed generates a package that still type-checks, whose own tests
 * pass (the wire tests need the mock and skip here), and that names none of the old spellings.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pythonEmitter } from '../../generator/emitters/python/emitter.js';
import { startMock, type MockServer } from '../../generator/mock/index.js';
import type { OutputFile } from '../../generator/emitters/types.js';
import { buildModelFromText, emitFiles, PROJECT_ROOT } from '../../generator/run.js';
import { explain, runSync, type RunResult } from '../support/subprocess.js';

const PYTHON = process.env.PYTHON ?? 'python3';

/** Old spelling -> new spelling; headers case-insensitively, names as whole words. */
const RENAMES: [RegExp, string][] = [
  [/\bObjectNotAppendable\b/g, 'ObjectNotGrowable'],
  [/\bPositionNotEqualToLength\b/g, 'PositionMismatch'],
  [/\bNoSuchKey\b/g, 'NoSuchThing'],
  [/\bAccessDenied\b/g, 'NotAllowed'],
  [/\bInvalidBucketName\b/g, 'BadBucket'],
  [/\bAppendable\b/g, 'Growable'],
  [/x-oss-next-append-position/gi, 'x-oss-grow-at'],
  [/x-oss-hash-crc64ecma/gi, 'x-oss-checksum'],
  [/x-oss-object-type/gi, 'x-oss-kind'],
  [/x-oss-request-id/gi, 'x-oss-trace'],
  [/x-oss-ec\b/gi, 'x-oss-diag'],
  [/x-oss-err\b/gi, 'x-oss-fault'],
  [/<(\/?)Error>/g, '<$1Fault>'],
  [/<(\/?)Code>/g, '<$1Kind>'],
  [/<(\/?)Message>/g, '<$1Text>'],
  [/<(\/?)RequestId>/g, '<$1Trace>'],
  [/root: Error\b/g, 'root: Fault'],
  [/elements: \{ code: Code, message: Message, requestId: RequestId,/g, 'elements: { code: Kind, message: Text, requestId: Trace,'],
];
const OLD = ['ObjectNotAppendable', 'PositionNotEqualToLength', 'NoSuchKey', 'AccessDenied', 'InvalidBucketName', 'x-oss-next-append-position', 'x-oss-hash-crc64ecma', 'x-oss-object-type', 'x-oss-request-id', 'x-oss-err', '<Error>', '<Code>'];

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): RunResult {
  return runSync(command, args, { cwd, env: { PYTHONDONTWRITEBYTECODE: '1', ...env } });
}

describe('python: a model with the protocol renamed', () => {
  let work: string;
  let files: OutputFile[];
  let pkg: string;
  let sim: MockServer;
  let scenarios: number;

  beforeAll(async () => {
    let text = readFileSync(join(PROJECT_ROOT, 'model/oss.yaml'), 'utf8');
    for (const [from, to] of RENAMES) {
      expect(text, String(from)).toMatch(from);
      text = text.replace(from, to);
    }
    const built = await buildModelFromText(text, join(PROJECT_ROOT, 'model/renamed.yaml'));
    expect(built.diagnostics?.filter((d) => d.severity === 'error') ?? [], JSON.stringify(built.diagnostics)).toEqual([]);
    const ir = built.ir!;
    files = await emitFiles(pythonEmitter, ir);
    work = mkdtempSync(join(tmpdir(), 'ossgen-py-renamed-'));
    for (const f of files) {
      mkdirSync(dirname(join(work, f.path)), { recursive: true });
      writeFileSync(join(work, f.path), f.content);
    }
    pkg = ir.service.packages.python;
    scenarios = ir.tests.scenarios.length;
    sim = await startMock({ mode: 'sim', controlEndpoints: true, ir });
  }, 120_000);

  afterAll(async () => {
    await sim?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('names none of the old spellings in the package', () => {
    for (const f of files.filter((x) => x.path.startsWith(`src/${pkg}/`))) {
      for (const old of OLD) expect(f.content.includes(old), `${f.path} still says ${old}`).toBe(false);
    }
  });

  // The replaying mock's cassettes hold the real service's answers, so the scenarios skip here; the
  // simulator built from the renamed model answers the simulator tests.
  it('type-checks and passes its own tests against a simulator of the renamed model', () => {
    const mypy = run(PYTHON, ['-m', 'mypy', '--strict', '--cache-dir', join(work, '.mypy_cache'), 'src', 'tests'], work);
    expect(mypy.status, explain(mypy)).toBe(0);
    const pytest = run(PYTHON, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests'], work, {
      PYTHONPATH: join(work, 'src'),
      OSSGEN_MOCK_URL: '',
      OSSGEN_SIM_URL: sim.url,
    });
    expect(pytest.status, explain(pytest)).toBe(0);
    expect(pytest.stdout).toMatch(/\d+ passed/);
    // Only the scenarios (which need the replaying mock) may skip.
    const skipped = Number(/ passed, (\d+) skipped in /.exec(pytest.stdout)?.[1]);
    expect(skipped, pytest.stdout).toBe(scenarios);
  }, 240_000);
});
