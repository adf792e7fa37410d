/**
 * The Java static runtime (runtime/java/): ordinary Java 17 source with its own JUnit 5 tests, built
 * with Maven offline where it lives (in a temp copy, so no target/ is left in the project). Every
 * test method passes, none is skipped, and the tests catch a signing or CRC-64 primitive broken on
 * purpose.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../generator/run.js';
import { explain } from '../support/subprocess.js';
import { mvn, passedTests } from './maven.js';

const RUNTIME = join(PROJECT_ROOT, 'runtime/java');
const TESTS = join(RUNTIME, 'src/test/java/ossgen/runtime');
const MAIN = 'src/main/java/ossgen/runtime';

/** `Class.method` of every @Test in the runtime's test sources. */
function declaredTests(): string[] {
  return readdirSync(TESTS)
    .filter((f) => f.endsWith('Test.java'))
    .flatMap((f) => [...readFileSync(join(TESTS, f), 'utf8').matchAll(/@Test\s+void (\w+)\(/g)].map((m) => `${f.replace(/\.java$/, '')}.${m[1]!}`))
    .sort();
}

function reports(dir: string): string[] {
  const reportsDir = join(dir, 'target/surefire-reports');
  return readdirSync(reportsDir)
    .filter((f) => f.endsWith('.xml'))
    .map((f) => readFileSync(join(reportsDir, f), 'utf8'));
}

describe('java: static runtime (runtime/java)', () => {
  let work: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'ossgen-java-runtime-'));
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('compiles with -Xlint:all -Werror and passes every one of its unit tests, offline', async () => {
    const dir = join(work, 'here');
    cpSync(RUNTIME, dir, { recursive: true, filter: (src) => !src.includes('/target') });
    const built = await mvn(['verify'], dir);
    expect(built.status, explain(built)).toBe(0);
    const declared = declaredTests();
    expect(declared.length).toBeGreaterThanOrEqual(20);
    expect(passedTests(reports(dir))).toEqual(declared);
  }, 300_000);

  it.each([
    ['the V4 signing-key chain without its region step', 'Signer.java', 'key = hmacSha256(key, region);', '', 'SignerTest'],
    ['a CRC-64 that forgets its final inversion', 'Crc64.java', 'return ~c;', 'return c;', 'Crc64Test'],
  ])('fails when %s (broken on purpose)', async (_what, file, from, to, failing) => {
    const dir = join(work, `broken-${file}`);
    cpSync(RUNTIME, dir, { recursive: true, filter: (src) => !src.includes('/target') });
    const path = join(dir, MAIN, file);
    const source = readFileSync(path, 'utf8');
    expect(source).toContain(from);
    writeFileSync(path, source.replace(from, to));
    const built = await mvn(['verify'], dir);
    expect(built.status).not.toBe(0);
    expect(built.stdout).toMatch(new RegExp(`${failing}.*(FAILURE|Failures: [1-9])`));
  }, 300_000);
});
