/**
 * The PHP static runtime (runtime/php/): ordinary PHP 8.1 source with its own PHPUnit tests, run where
 * it lives (in a temp copy, so PHPUnit's cache file is never left in the project). Every test passes,
 * none is skipped, PHPUnit is strict (warnings, notices, deprecations fail), and the tests catch a
 * signing or CRC-64 primitive broken on purpose.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNTIME_NAMESPACE } from '../../generator/emitters/php/emitter.js';
import { PROJECT_ROOT } from '../../generator/run.js';
import { explain, run } from '../support/subprocess.js';
import { readJunit } from './junit.js';

const RUNTIME = join(PROJECT_ROOT, 'runtime/php');

describe('php: static runtime (runtime/php)', () => {
  let work: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'ossgen-php-runtime-'));
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('every source file declares exactly the runtime namespace once (the emitter rewrites that line) and passes php -l', async () => {
    for (const name of readdirSync(join(RUNTIME, 'src'))) {
      const source = readFileSync(join(RUNTIME, 'src', name), 'utf8');
      expect(source.split(`\nnamespace ${RUNTIME_NAMESPACE};\n`).length, name).toBe(2);
      expect(source.startsWith('<?php\n\ndeclare(strict_types=1);\n'), name).toBe(true);
      const lint = await run('php', ['-d', 'error_reporting=-1', '-l', join(RUNTIME, 'src', name)]);
      expect(lint.status, explain(lint)).toBe(0);
    }
  }, 120_000);

  it('is PSR-12 (PHP_CodeSniffer, errors)', async () => {
    const cs = await run('phpcs', ['--standard=PSR12', '--warning-severity=0', '--report=summary', 'src', 'tests'], { cwd: RUNTIME, timeoutMs: 120_000 });
    expect(cs.status, explain(cs)).toBe(0);
  }, 120_000);

  it('passes its own PHPUnit tests, none skipped', async () => {
    const dir = join(work, 'ok');
    cpSync(RUNTIME, dir, { recursive: true });
    const result = await run('phpunit', ['--log-junit', join(dir, 'junit.xml')], { cwd: dir });
    expect(result.status, explain(result)).toBe(0);
    const summary = readJunit(readFileSync(join(dir, 'junit.xml'), 'utf8'));
    expect(summary).toMatchObject({ failures: 0, errors: 0, skipped: 0 });
    expect(summary.passed.length).toBe(summary.tests);
    expect(summary.tests).toBeGreaterThanOrEqual(8);
  }, 120_000);

  it.each([
    ['a CRC-64 that forgets its final inversion', 'Crc64.php', '        return ~$c;', '        return $c;', /testCrc64PublishedVectors/],
    ['a CRC-64 whose right shift keeps the sign', 'Crc64.php', '(($c >> 8) & 0x00FFFFFFFFFFFFFF)', '($c >> 8)', /testCrc64PublishedVectors/],
    ['a CRC-64 combine that forgets the polynomial', 'Crc64.php', '(($b >> 1) & PHP_INT_MAX) ^ $this->reflected', '(($b >> 1) & PHP_INT_MAX) ^ 0', /testCrc64Combine/],
    ['the liblzma path fed one byte short (its self-check then falls back to the table)', 'Crc64.php', 'strlen($data), $crc);', 'strlen($data) - 1, $crc);', /testCrc64NativePath/],
    ['the V4 key chain without its region step', 'Signer.php', "foreach ([$region, $v4['product'], $v4['scopeTerminator']] as $part) {", "foreach ([$v4['product'], $v4['scopeTerminator']] as $part) {", /testV4SignatureOfAHandBuiltCanonicalRequest/],
  ])('its tests fail with %s (broken on purpose)', async (_what, file, from, to, failing) => {
    const dir = join(work, `broken-${file}-${from.length}`);
    cpSync(RUNTIME, dir, { recursive: true });
    const path = join(dir, 'src', file);
    const source = readFileSync(path, 'utf8');
    expect(source).toContain(from);
    writeFileSync(path, source.replace(from, to));
    const result = await run('phpunit', [], { cwd: dir });
    expect(result.status).not.toBe(0);
    expect(result.stdout).toMatch(failing);
  }, 120_000);
});
