/**
 * The generated TypeScript package (out/ts), end to end: deterministic and up to date, compiles
 * under its own strict tsconfig, its generated wire suites pass against the replaying mock and
 * the simulator (none skipped), its samples run against the simulator with the content read back,
 * and `npm pack` installs into an empty project that uses it from plain JavaScript and TypeScript.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain, run as runProgram, type RunOptions, type RunResult } from '../support/subprocess.js';
import { typescriptEmitter } from '../../generator/emitters/typescript/emitter.js';
import type { IrModel } from '../../generator/ir/types.js';
import { startMock, type MockServer } from '../../generator/mock/index.js';
import { buildModel, collectSamples, emitFiles, generate, PROJECT_ROOT } from '../../generator/run.js';
import { crc64, OssClient } from '../../out/ts/src/index.js';

const OUT = join(PROJECT_ROOT, 'out/ts');
const BIN = {
  tsc: join(PROJECT_ROOT, 'node_modules/typescript/bin/tsc'),
  tsx: join(PROJECT_ROOT, 'node_modules/tsx/dist/cli.mjs'),
  vitest: join(PROJECT_ROOT, 'node_modules/vitest/vitest.mjs'),
};
const CREDENTIALS = { OSS_ACCESS_KEY_ID: 'ak', OSS_ACCESS_KEY_SECRET: 'sk' };

/** Runs a command without blocking this process's event loop (the mock servers live here). */
const run = (command: string, args: string[], options: RunOptions & { cwd: string }): Promise<RunResult> => runProgram(command, args, options);

describe('typescript: generated package out/ts', () => {
  let ir: IrModel;
  let replay: MockServer;
  let sim: MockServer;
  let scratch: string;

  beforeAll(async () => {
    ir = (await buildModel()).ir!;
    replay = await startMock({ mode: 'fixtures', ir, controlEndpoints: true });
    sim = await startMock({ mode: 'sim', ir, controlEndpoints: true });
    scratch = mkdtempSync(join(tmpdir(), 'ossgen-ts-project-'));
  }, 120_000);

  afterAll(async () => {
    await replay?.close();
    await sim?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('is deterministic and out/ts is up to date', async () => {
    const first = await emitFiles(typescriptEmitter, ir);
    const second = await emitFiles(typescriptEmitter, ir);
    expect(second).toEqual(first);
    const check = await generate({ languages: ['ts'], check: true });
    const drift = check.results[0]!.drift;
    expect(drift, JSON.stringify(drift)).toMatchObject({ changed: [], added: [], removed: [] });
  });

  it('README: no HTML escapes inside code spans; package.json names its repository', () => {
    const readme = readFileSync(join(OUT, 'README.md'), 'utf8');
    const spans = readme.match(/`[^`\n]+`/g) ?? [];
    expect(spans.length).toBeGreaterThan(50);
    expect(spans.filter((s) => /&(lt|gt|amp);/.test(s))).toEqual([]);
    expect(readme).toContain('`Record<string, string>`');
    const pkg = JSON.parse(readFileSync(join(OUT, 'package.json'), 'utf8')) as { repository?: { type: string; url: string; directory: string } };
    expect(pkg.repository).toEqual({ type: 'git', url: `git+${ir.service.repository}`, directory: 'out/ts' });
  });

  it('compiles under its own strict tsconfig (src, tests and examples) with zero errors', async () => {
    const result = await run(process.execPath, [BIN.tsc, '-p', OUT, '--noEmit'], { cwd: PROJECT_ROOT });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('its generated wire suites pass against the replaying mock and the simulator, none skipped', async () => {
    const report = join(scratch, 'wire.json');
    const result = await run(
      process.execPath,
      [BIN.vitest, 'run', 'out/ts/test/scenarios.test.ts', 'out/ts/test/simulator.test.ts', 'out/ts/test/presign.test.ts', 'out/ts/test/features.test.ts', '--reporter=json', `--outputFile=${report}`],
      { cwd: PROJECT_ROOT, env: { OSSGEN_MOCK_URL: replay.url, OSSGEN_SIM_URL: sim.url, NODE_OPTIONS: '--expose-gc' } },
    );
    expect(result.status, explain(result)).toBe(0);
    const summary = JSON.parse(readFileSync(report, 'utf8')) as { numTotalTests: number; numPassedTests: number; numPendingTests: number; numFailedTests: number };
    expect(summary.numFailedTests).toBe(0);
    expect(summary.numPendingTests).toBe(0);
    // Every scenario of the model plus the simulator suite ran.
    expect(summary.numPassedTests).toBe(summary.numTotalTests);
    expect(summary.numPassedTests).toBeGreaterThanOrEqual(ir.tests.scenarios.length + 5);
  });

  it('its generated tests fail when the signing code or a recorded response is broken on purpose', async () => {
    // One byte of the generated V4 signer changed, in a temp copy: the request vectors must catch it.
    const copy = join(scratch, 'broken-signer');
    cpSync(OUT, copy, { recursive: true });
    symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
    const signer = join(copy, 'src/signer.ts');
    const original = readFileSync(signer, 'utf8');
    const broken = original.replace('hmac256(key, V4_SCOPE_TERMINATOR)', "hmac256(key, V4_SCOPE_TERMINATOR + 'T')");
    expect(broken).not.toBe(original);
    writeFileSync(signer, broken);
    const vectors = await run(process.execPath, [BIN.vitest, 'run', '--root', copy, 'test/request-vectors.test.ts'], { cwd: copy });
    expect(vectors.status, explain(vectors)).not.toBe(0);
    expect(vectors.stdout + vectors.stderr).toMatch(/append-first-v4/);

    // One byte of one recorded response changed: the replayed scenario must fail, and only it.
    const fixtures = join(scratch, 'recordings');
    cpSync(join(PROJECT_ROOT, 'test/fixtures/recordings'), fixtures, { recursive: true });
    const cassette = join(fixtures, 'append-three-times.json');
    const text = readFileSync(cassette, 'utf8');
    const altered = text.replace('"x-oss-next-append-position": "11"', '"x-oss-next-append-position": "12"');
    expect(altered).not.toBe(text);
    writeFileSync(cassette, altered);
    const alteredReplay = await startMock({ mode: 'fixtures', fixturesDir: fixtures, ir, controlEndpoints: true });
    try {
      const report = join(scratch, 'altered.json');
      const result = await run(process.execPath, [BIN.vitest, 'run', 'out/ts/test/scenarios.test.ts', '--reporter=json', `--outputFile=${report}`], {
        cwd: PROJECT_ROOT,
        env: { OSSGEN_MOCK_URL: alteredReplay.url },
      });
      expect(result.status).not.toBe(0);
      const summary = JSON.parse(readFileSync(report, 'utf8')) as { testResults: { assertionResults: { title: string; status: string }[] }[] };
      const failed = summary.testResults.flatMap((f) => f.assertionResults).filter((a) => a.status === 'failed').map((a) => a.title);
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatch(/^append-three-times/);
    } finally {
      await alteredReplay.close();
    }
  });

  it('model strings cannot break out of comments or string literals (hostile docs, messages and values)', async () => {
    const hostile = 'evil */ "quote\' `tick` ${x} \\ {{x}}\n@param line\u2028end';
    const mutated = structuredClone(ir);
    for (const op of mutated.operations) {
      op.doc.en = hostile;
      op.summary.en = hostile;
      for (const m of [...op.input, ...op.output]) m.doc.en = hostile;
    }
    for (const e of mutated.errors) {
      e.doc.en = hostile;
      e.remedy.en = hostile;
      e.message = hostile;
      for (const f of e.fields) f.doc.en = hostile;
    }
    mutated.service.title.en = hostile;
    mutated.service.summary.en = hostile;
    for (const v of mutated.tests.requests) v.doc.en = hostile;
    for (const sc of mutated.tests.scenarios) sc.doc.en = hostile;
    const files = await emitFiles(typescriptEmitter, mutated);
    const dir = join(scratch, 'hostile');
    for (const f of files) {
      mkdirSync(join(dir, f.path, '..'), { recursive: true });
      writeFileSync(join(dir, f.path), f.content);
    }
    symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    expect(files.find((f) => f.path === 'src/models.ts')!.content).toContain('evil *\\/');
    const result = await run(process.execPath, [BIN.tsc, '-p', dir, '--noEmit'], { cwd: dir });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('hands the docs its three samples, and each runs against the simulator with the content read back', async () => {
    const list = (await collectSamples(ir, new Map())).find((l) => l.language.id === 'ts')!.samples;
    expect(list.map((s) => s.id)).toEqual(['append-from-memory', 'append-from-file', 'resume']);
    for (const s of list) expect(readFileSync(join(OUT, s.path), 'utf8')).toBe(s.content);
    const key = `samples/${process.pid}.log`;
    const file = join(scratch, 'sample-upload.txt');
    writeFileSync(file, 'from a file\n');
    const env = { ...CREDENTIALS, OSS_ENDPOINT: sim.url, OSS_BUCKET: 'examplebucket', OSS_KEY: key };
    const memory = await run(process.execPath, [BIN.tsx, 'examples/append-from-memory.ts'], { cwd: OUT, env });
    expect(memory.status, explain(memory)).toBe(0);
    const fromFile = await run(process.execPath, [BIN.tsx, 'examples/append-from-file.ts', '--endpoint', sim.url, '--key', key, '--file', file, '--chunk-size', '5'], { cwd: OUT, env: CREDENTIALS });
    expect(fromFile.status, explain(fromFile)).toBe(0);
    // --chunk-size 5 sent the 12-byte file as three appends (5 + 5 + 2): three progress lines.
    expect(fromFile.stdout.match(/^chunk \d+:/gm)).toHaveLength(3);
    const resume = await run(process.execPath, [BIN.tsx, 'examples/resume.ts', '--signature', 'v1', '--text', 'resumed\n'], { cwd: OUT, env });
    expect(resume.status, explain(resume)).toBe(0);

    const client = new OssClient({ endpoint: sim.url, bucket: 'examplebucket', credentials: { accessKeyId: 'ak', accessKeySecret: 'sk' } });
    try {
      const example = ir.examples.find((e) => e.operation === 'AppendObject')!;
      const firstBody = example.input.find((v) => v.member.location === 'body')!.value as string;
      const lengthBeforeResume = Buffer.byteLength(firstBody + 'second line\n' + 'from a file\n');
      const expected = `${firstBody}second line\nfrom a file\nresumed\n`;
      const got = await client.getObject({ key });
      const chunks: Buffer[] = [];
      for await (const chunk of got.body) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).toString('utf8')).toBe(expected);
      expect(got.hashCrc64ecma).toBe(crc64(expected));
      expect(resume.stdout).toContain(`at ${lengthBeforeResume}: length ${Buffer.byteLength(expected)}`);
    } finally {
      client.close();
    }
  });

  it('npm pack installs into an empty project and works from plain JavaScript and from TypeScript, ./fetch included', async () => {
    const pkgDir = join(scratch, 'pkg');
    cpSync(OUT, pkgDir, { recursive: true });
    // prepack builds dist/ with the project's TypeScript.
    symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(pkgDir, 'node_modules'), 'dir');
    const pack = await run('npm', ['pack', '--silent', '--pack-destination', scratch], { cwd: pkgDir });
    expect(pack.status, explain(pack)).toBe(0);
    const tarball = readdirSync(scratch).find((f) => f.endsWith('.tgz'))!;
    expect(tarball).toBe(`${ir.service.packages.npm}-${ir.service.version}.tgz`);
    // Every relative link of the README resolves to a file in the tarball (npm shows the README on its page).
    const listing = await run('tar', ['tzf', join(scratch, tarball)], { cwd: scratch });
    const packed = new Set(listing.stdout.split('\n').map((f) => f.replace(/^package\//, '')));
    const links = [...readFileSync(join(OUT, 'README.md'), 'utf8').matchAll(/\]\(([^)#\s]+)\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/.test(l));
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((l) => !packed.has(l))).toEqual([]);

    const app = join(scratch, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }));
    const install = await run('npm', ['install', '--no-audit', '--no-fund', '--offline', join(scratch, tarball)], { cwd: app });
    expect(install.status, explain(install)).toBe(0);
    const installed = readdirSync(join(app, 'node_modules')).filter((name) => !name.startsWith('.'));
    expect(installed).toEqual([ir.service.packages.npm]); // zero runtime dependencies

    const pkg = ir.service.packages.npm;
    const script = (key: string) => `
      const client = new OssClient({ endpoint: process.env.OSS_ENDPOINT, bucket: 'examplebucket' });
      const out = await client.appendObject({ key: '${key}', position: 0, body: 'from a consumer' });
      const head = await client.headObject({ key: '${key}' });
      client.close();
      if (out.nextAppendPosition !== 15 || head.hashCrc64ecma !== crc64('from a consumer')) throw new Error('unexpected result');
      console.log('ok ' + out.nextAppendPosition);
    `;
    writeFileSync(join(app, 'plain.mjs'), `import { OssClient, crc64 } from '${pkg}';\n${script(`consumer/${process.pid}-js.txt`)}`);
    const env = { ...CREDENTIALS, OSS_ENDPOINT: sim.url };
    const js = await run(process.execPath, ['plain.mjs'], { cwd: app, env });
    expect(js.status, explain(js)).toBe(0);
    expect(js.stdout).toContain('ok 15');

    writeFileSync(
      join(app, 'typed.ts'),
      `import { OssClient, crc64, type AppendObjectOutput } from '${pkg}';\n${script(`consumer/${process.pid}-ts.txt`).replace('const out =', 'const out: AppendObjectOutput =')}`,
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        // The strictest optional/indexed reading a consumer may use: `endpoint: process.env.OSS_ENDPOINT` (string | undefined) must still type-check.
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, outDir: 'build', typeRoots: [join(PROJECT_ROOT, 'node_modules/@types')], types: ['node'] },
        include: ['typed.ts', 'typed-fetch.ts'],
      }),
    );
    // The ./fetch entry (browsers, Deno, Bun): resolves through package.json exports, runs on Node's fetch, type-checks, and
    // nothing its compiled module graph imports is a node: module.
    const fetchScript = (key: string) => `
      const client = new FetchOssClient({ endpoint: process.env.OSS_ENDPOINT, bucket: 'examplebucket', credentials: { accessKeyId: process.env.OSS_ACCESS_KEY_ID ?? '', accessKeySecret: process.env.OSS_ACCESS_KEY_SECRET ?? '' } });
      const out = await client.appendObject({ key: '${key}', position: 0, body: new Blob(['from a ', 'fetch consumer']) });
      const text = await (await client.getObject({ key: '${key}' })).text();
      if (out.nextAppendPosition !== 21 || out.hashCrc64ecma !== crc64('from a fetch consumer') || text !== 'from a fetch consumer') throw new Error('unexpected result');
      console.log('fetch ok ' + out.nextAppendPosition);
    `;
    writeFileSync(join(app, 'fetch.mjs'), `import { FetchOssClient, crc64 } from '${pkg}/fetch';\n${fetchScript(`consumer/${process.pid}-fetch.txt`)}`);
    const viaFetch = await run(process.execPath, ['fetch.mjs'], { cwd: app, env });
    expect(viaFetch.status, explain(viaFetch)).toBe(0);
    expect(viaFetch.stdout).toContain('fetch ok 21');
    const dist = join(app, 'node_modules', pkg, 'dist');
    const graph = new Set<string>();
    const visit = (file: string) => {
      if (graph.has(file)) return;
      graph.add(file);
      for (const [, spec] of readFileSync(join(dist, file), 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
        expect(spec, `${file} imports ${spec}`).toMatch(/^\.\//);
        visit(spec!.slice(2));
      }
    };
    visit('fetch.js');
    expect(graph.has('client.js') || graph.has('transport.js') || graph.has('body.js')).toBe(false);
    expect(graph.size).toBeGreaterThan(5);
    writeFileSync(join(app, 'typed-fetch.ts'), `import { FetchOssClient, crc64, type FetchAppendObjectInput } from '${pkg}/fetch';\nconst input: FetchAppendObjectInput = { key: 'k', position: 0, body: new Blob([]) };\nvoid input;\n${fetchScript(`consumer/${process.pid}-fetch-ts.txt`)}`);
    const tsc = await run(process.execPath, [BIN.tsc, '-p', app], { cwd: app });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
    const ts = await run(process.execPath, ['build/typed.js'], { cwd: app, env });
    expect(ts.status, explain(ts)).toBe(0);
    expect(ts.stdout).toContain('ok 15');
    const tsFetch = await run(process.execPath, ['build/typed-fetch.js'], { cwd: app, env });
    expect(tsFetch.status, explain(tsFetch)).toBe(0);
    expect(tsFetch.stdout).toContain('fetch ok 21');
  });
});
