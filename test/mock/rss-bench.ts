/**
 * Peak memory of the simulator with --data-dir while one object grows to 1 GiB in 8 MiB appends.
 * Not a timed test: run it by hand (`npx tsx test/mock/rss-bench.ts [totalMiB] [lean|gen]`). It
 * starts the simulator with `--sim --data-dir TMP` as a child process (generator/mock/main.ts, or
 * `gen mock` with `gen`), appends, checks the final length and CRC,
 * and prints the child's peak RSS (VmHWM from /proc) and the throughput.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc64 } from '../../runtime/ts/crc64.js';
import { send } from '../../generator/mock/raw-client.js';
import { startBackground } from '../support/subprocess.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const totalMiB = Number(process.argv[2] ?? 1024);
const chunkMiB = 8;
const dataDir = mkdtempSync(join(tmpdir(), 'ossgen-rss-'));
// `lean` (default) runs generator/mock/main.ts; `gen` runs `gen mock` (which also loads every emitter).
const entry = process.argv[3] ?? 'lean';
const argv = entry === 'gen' ? [join(ROOT, 'bin/gen.js'), 'mock'] : ['--import', 'tsx', join(ROOT, 'generator/mock/main.ts')];
const sim = startBackground(process.execPath, [...argv, '--sim', '--data-dir', dataDir], { cwd: ROOT, stderr: 'inherit' });
const url = (await sim.waitFor(/listening on (\S+)/))[1]!;
const peakKb = (field: 'VmHWM' | 'VmRSS') => Number(/(\d+) kB/.exec(readFileSync(`/proc/${sim.pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(field)) ?? '')?.[1] ?? NaN);

const chunk = Buffer.alloc(chunkMiB * 1024 * 1024);
for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 31 + 7) & 0xff;
const startRss = peakKb('VmRSS');
const started = performance.now();
let position = 0;
let crc = 0n;
for (let i = 0; i < totalMiB / chunkMiB; i++) {
  const res = await send(url, { method: 'POST', bucket: 'examplebucket', key: 'bench/big.bin', query: [{ name: 'append' }, { name: 'position', value: String(position) }], body: chunk });
  if (res.status !== 200) throw new Error(`append ${i} failed: ${res.status} ${res.body.toString()}`);
  position += chunk.length;
  crc = crc64(chunk, crc);
  if (res.headers['x-oss-next-append-position'] !== String(position)) throw new Error('wrong next position');
  if (res.headers['x-oss-hash-crc64ecma'] !== crc.toString()) throw new Error('wrong CRC');
}
const seconds = (performance.now() - started) / 1000;
const head = await send(url, { method: 'HEAD', bucket: 'examplebucket', key: 'bench/big.bin' });
const peak = peakKb('VmHWM');
await sim.stop();
rmSync(dataDir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    entry,
    appendedMiB: totalMiB,
    chunkMiB,
    objectLength: head.headers['content-length'],
    crcChecked: true,
    rssAtStartMB: Math.round(startRss / 1024),
    peakRssMB: Math.round(peak / 1024),
    seconds: Math.round(seconds * 10) / 10,
    MiBPerSecond: Math.round(totalMiB / seconds),
  }),
);
