/**
 * The TypeScript emitter reads the protocol from the IR (issue 15): a copy of model/oss.yaml with
 * the error codes, the protocol header names, the `Appendable` value, the error document's element
 * names and the signed-header prefix renamed generates a package that holds none of the old names,
 * compiles under its strict tsconfig, and passes its own offline suites (the hostile-server suite
 * and the client tests speak the renamed protocol through in-memory and loopback servers). A
 * literal left in the emitter shows up as an old name in the output or as a failing generated test.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { typescriptEmitter } from '../../generator/emitters/typescript/emitter.js';
import type { OutputFile } from '../../generator/emitters/types.js';
import type { IrModel } from '../../generator/ir/types.js';
import { buildModel, emitFiles, PROJECT_ROOT } from '../../generator/run.js';
import { renamedModel } from '../support/renamed-model.js';
import { explain, run as runProgram, type RunResult } from '../support/subprocess.js';

/** What must not appear anywhere in the generated package (comments included). */
const OLD_NAMES = [
  'PositionNotEqualToLength',
  'ObjectNotAppendable',
  'NoSuchKey',
  'InvalidBucketName',
  'AccessDenied',
  'x-oss-next-append-position',
  'x-oss-hash-crc64ecma',
  'x-oss-object-type',
  'x-oss-request-id',
  'x-oss-err',
  "'Appendable'",
  '"Appendable"',
  '<Error>',
  '<Code>',
  'RequestId',
  'HostId',
];

const BIN = {
  tsc: join(PROJECT_ROOT, 'node_modules/typescript/bin/tsc'),
  vitest: join(PROJECT_ROOT, 'node_modules/vitest/vitest.mjs'),
};

/** Without the run's shared mock URLs: the renamed package's tests start their own servers. */
function run(command: string, args: string[], cwd: string): Promise<RunResult> {
  return runProgram(command, args, { cwd, env: { OSSGEN_MOCK_URL: '', OSSGEN_SIM_URL: '' } });
}

describe('typescript: a model with every protocol name renamed', () => {
  let work: string;
  let ir: IrModel;
  let files: OutputFile[];
  const dir = () => join(work, 'ts');

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'ossgen-ts-renamed-'));
    const model = join(work, 'renamed.yaml');
    writeFileSync(model, renamedModel(readFileSync(join(PROJECT_ROOT, 'model/oss.yaml'), 'utf8')));
    const built = await buildModel(model);
    if (!built.ir) throw new Error(`the renamed model does not validate: ${JSON.stringify(built.diagnostics).slice(0, 2000)}`);
    ir = built.ir;
    files = await emitFiles(typescriptEmitter, ir);
    for (const f of files) {
      mkdirSync(join(dir(), f.path, '..'), { recursive: true });
      writeFileSync(join(dir(), f.path), f.content);
    }
    symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(dir(), 'node_modules'), 'dir');
  }, 120_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('resolves the renamed protocol', () => {
    const a = ir.protocol.append!;
    expect([a.positionError.error.code, a.nextPosition.headerLower, a.crc.headerLower, a.objectType?.appendable, ir.protocol.errorBody.root, ir.protocol.errorBody.elements.code]).toEqual([
      'PositionMismatch',
      'x-acme-next-position',
      'x-acme-crc64',
      'Growable',
      'Fault',
      'FaultCode',
    ]);
  });

  it('the generated package holds none of the old names', () => {
    const leftovers = files.flatMap((f) => OLD_NAMES.filter((name) => f.content.includes(name)).map((name) => `${f.path}: ${name}`));
    expect(leftovers).toEqual([]);
    const errors = files.find((f) => f.path === 'src/errors.ts')!.content;
    expect(errors).toContain("'x-acme-err'");
    expect(errors).toContain('fields.FaultCode');
    expect(errors).toContain("!== 'Fault'");
  });

  it('compiles under its strict tsconfig, and its offline suites (client, hostile servers, response vectors) pass', async () => {
    const tsc = await run(process.execPath, [BIN.tsc, '-p', dir(), '--noEmit'], dir());
    expect(tsc.output).toBe('');
    expect(tsc.status).toBe(0);
    const tests = await run(process.execPath, [BIN.vitest, 'run', '--root', dir(), 'test/client.test.ts', 'test/hostile.test.ts', 'test/response-vectors.test.ts'], dir());
    expect(tests.status, explain(tests)).toBe(0);
    expect(tests.output).not.toMatch(/skipped/);
  }, 300_000);
});
