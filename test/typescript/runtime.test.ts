/**
 * runtime/ts: the model-independent TypeScript modules of the client (and the simulator's CRC),
 * checked where they live: strict tsc under their own tsconfig, prettier-clean (so the copy in
 * out/ts/src is byte-stable), copied verbatim by the emitter, and unit-tested here directly.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import * as prettier from 'prettier';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runSync } from '../support/subprocess.js';
import { checkCrc64, RUNTIME_MODULES, runtimeSource, typescriptEmitter } from '../../generator/emitters/typescript/emitter.js';
import { buildModel, PROJECT_ROOT } from '../../generator/run.js';
import { PRETTIER_OPTIONS } from '../../generator/write/format.js';
import { addBodyReaders, crcOfBody, crcWorkerRunning, fromFile, isBodySource, isFileBody, isReplayable, knownLength, prepareBody, useCrcWorker, verifyingBody } from '../../runtime/ts/body.js';
import { AppendStream } from '../../runtime/ts/append-stream.js';
import { observedTransport, redactHeaders, type Transport } from '../../runtime/ts/transport.js';
import { Crc64, CRC64_IMPLEMENTATION, crc64 } from '../../runtime/ts/crc64.js';
import { AbortError, IntegrityError, NetworkError, ProtocolError, ServiceError, TimeoutError, ValidationError } from '../../runtime/ts/sdk-errors.js';
import { bodyMember, bucketMember, checkAppendAnswer, checkCredential, isUnknownOutcome, keyMember, parseOutput } from '../../runtime/ts/answers.js';
import type { OperationSpec } from '../../runtime/ts/spec.js';

const RUNTIME = join(PROJECT_ROOT, 'runtime/ts');
const tmp = mkdtempSync(join(tmpdir(), 'ossgen-runtime-ts-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Bit-at-a-time CRC-64/XZ straight from its definition, the reference for the table-driven one. */
function reference(data: Uint8Array, previous = 0n): bigint {
  const poly = 0xc96c5795d7870f42n;
  const mask = (1n << 64n) - 1n;
  let crc = previous ^ mask;
  for (const byte of data) {
    crc ^= BigInt(byte);
    for (let bit = 0; bit < 8; bit++) crc = crc & 1n ? (crc >> 1n) ^ poly : crc >> 1n;
  }
  return crc ^ mask;
}

const text = (s: string) => Buffer.from(s, 'utf8');

async function drain(data: Uint8Array | Readable | undefined): Promise<Buffer> {
  if (data === undefined) return Buffer.alloc(0);
  if (data instanceof Uint8Array) return Buffer.from(data);
  const chunks: Buffer[] = [];
  for await (const chunk of data) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

describe('runtime/ts: static sources', () => {
  it('type-check under their own strict tsconfig with zero errors', () => {
    const result = runSync(process.execPath, [join(PROJECT_ROOT, 'node_modules/typescript/bin/tsc'), '-p', RUNTIME, '--noEmit']);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('are prettier-clean with the pipeline options, so the copy in out/ts is stable', async () => {
    const files = readdirSync(RUNTIME).filter((f) => f.endsWith('.ts'));
    expect(files.sort()).toEqual(RUNTIME_MODULES.map((m) => `${m}.ts`).sort());
    for (const f of files) {
      const source = readFileSync(join(RUNTIME, f), 'utf8');
      expect(await prettier.format(source, { ...PRETTIER_OPTIONS, parser: 'typescript' }), f).toBe(source);
    }
  });

  it('are copied into out/ts/src verbatim (header added) by the emitter and the committed output', async () => {
    const ir = (await buildModel()).ir!;
    const files = await typescriptEmitter.emit(ir, { modelSource: 'model/oss.yaml', templatesDir: join(PROJECT_ROOT, 'templates'), samples: [] });
    for (const name of RUNTIME_MODULES) {
      const source = runtimeSource(name);
      expect(files.find((f) => f.path === `src/${name}.ts`)?.content, name).toBe(source);
      const committed = readFileSync(join(PROJECT_ROOT, 'out/ts/src', `${name}.ts`), 'utf8');
      expect(committed.slice(committed.indexOf('\n') + 1), name).toBe(source);
    }
  });

  it('the emitter refuses a model whose CRC-64 is not the one the runtime computes', async () => {
    const ir = (await buildModel()).ir!;
    expect(() => checkCrc64(ir)).not.toThrow();
    expect(() => checkCrc64({ ...ir, protocol: { ...ir.protocol, crc64: { ...ir.protocol.crc64, check: '1' } } })).toThrow(/protocol\.crc64/);
    expect(() => checkCrc64({ ...ir, protocol: { ...ir.protocol, crc64: { ...ir.protocol.crc64, reflected: false } } })).toThrow(/protocol\.crc64/);
    expect(() => checkCrc64({ ...ir, protocol: { ...ir.protocol, crc64: { ...ir.protocol.crc64, init: '0' } } })).toThrow(/protocol\.crc64/);
  });
});

describe('runtime/ts/crc64.ts', () => {
  it('matches the CRC-64/XZ check vectors', () => {
    expect(crc64('123456789')).toBe(11051210869376104954n);
    expect(crc64(text('123456789'))).toBe(11051210869376104954n);
    expect(crc64('test')).toBe(18020588380933092773n);
    expect(crc64('')).toBe(0n);
    expect(crc64(text('This is a test of the emergency broadcast system.'))).toBe(0x27db187fc15bbc72n);
  });

  it('continues from a previous CRC at every split point, and incrementally', () => {
    const data = text('123456789');
    for (let split = 0; split <= data.length; split++) {
      expect(crc64(data.subarray(split), crc64(data.subarray(0, split)))).toBe(11051210869376104954n);
      const inc = new Crc64().update(data.subarray(0, split)).update(data.subarray(split));
      expect(inc.digest()).toBe(11051210869376104954n);
      expect(inc.length).toBe(data.length);
    }
    expect(new Crc64(crc64('12345')).update(text('6789')).digest()).toBe(11051210869376104954n);
  });

  it('agrees with the bit-at-a-time definition at every alignment and length around the 16-byte bulk loop', () => {
    const base = Buffer.alloc(300);
    for (let i = 0; i < base.length; i++) base[i] = (i * 131 + 7) & 0xff;
    for (let offset = 0; offset < 8; offset++) {
      for (const length of [0, 1, 3, 4, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 255, 291]) {
        const slice = base.subarray(offset, offset + length);
        expect(crc64(slice), `offset ${offset} length ${length}`).toBe(reference(slice));
        expect(crc64(slice, 12345678901234567890n)).toBe(reference(slice, 12345678901234567890n));
      }
    }
  });

  it('takes a previous CRC outside 64 bits modulo 2^64', () => {
    expect(crc64('6789', crc64('12345') + (1n << 64n))).toBe(11051210869376104954n);
  });

  it('hashes large inputs with the WebAssembly kernel, equal to the TypeScript loop at every alignment, length and window edge', () => {
    // Node has WebAssembly: the kernel must load (a kernel that fails its check value falls back silently).
    expect(CRC64_IMPLEMENTATION).toBe('wasm');
    const base = Buffer.alloc(200_000);
    for (let i = 0; i < base.length; i++) base[i] = (i * 2654435761) >>> 24;
    for (const offset of [0, 1, 3, 7]) {
      for (const length of [511, 512, 513, 527, 4096, 65535, 65536, 65537, 131072 + 17, 199_990]) {
        const slice = base.subarray(offset, offset + length);
        const portable = new Crc64(987654321n).updatePortable(slice).digest();
        expect(crc64(slice, 987654321n), `offset ${offset} length ${length}`).toBe(portable);
      }
    }
    expect(crc64(base.subarray(0, 600))).toBe(reference(base.subarray(0, 600)));
  });

  it('gives the TypeScript loop\'s CRC at every length 0..4096 and every alignment 0..7', () => {
    const base = Buffer.alloc(4096 + 8);
    for (let i = 0; i < base.length; i++) base[i] = (i * 2654435761 + 12345) >>> 24;
    for (let offset = 0; offset < 8; offset++) {
      for (let length = 0; length <= 4096; length++) {
        const slice = base.subarray(offset, offset + length);
        const portable = new Crc64(555n).updatePortable(slice).digest();
        if (crc64(slice, 555n) !== portable) expect(crc64(slice, 555n), `offset ${offset} length ${length}`).toBe(portable);
      }
    }
    // The TypeScript loop itself against the definition, on the lengths either side of its word loop.
    for (let length = 0; length <= 70; length++) {
      const slice = base.subarray(3, 3 + length);
      expect(new Crc64(555n).updatePortable(slice).digest(), `length ${length}`).toBe(reference(slice, 555n));
    }
  });

  it('hashes runs of two 8 KiB lanes (joined by the zero-bytes operator) as one lane would, at their edges', () => {
    const base = Buffer.alloc(4 * 16384 + 64);
    for (let i = 0; i < base.length; i++) base[i] = (i * 2246822519 + 7) >>> 24;
    for (const offset of [0, 5]) {
      for (const runs of [1, 2, 3]) {
        for (const extra of [-17, -16, -1, 0, 1, 15, 16, 17, 8192, 8193]) {
          const slice = base.subarray(offset, offset + runs * 16384 + extra);
          const portable = new Crc64(31337n).updatePortable(slice).digest();
          expect(crc64(slice, 31337n), `offset ${offset} length ${slice.length}`).toBe(portable);
        }
      }
    }
    expect(crc64(base.subarray(0, 16384))).toBe(reference(base.subarray(0, 16384)));
  });

  it('continues across chains of updates of every size class (bytes, words, blocks, lane runs, windows)', () => {
    const data = Buffer.alloc(400_000);
    for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761 + 99) >>> 24;
    const whole = new Crc64(7n).updatePortable(data).digest();
    let seed = 12345;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const sizes = [0, 1, 7, 15, 16, 17, 511, 512, 513, 4095, 16383, 16384, 16385, 40000, 65536, 65537, 70001];
    for (let chain = 0; chain < 6; chain++) {
      const crc = new Crc64(7n);
      for (let at = 0; at < data.length; ) {
        const size = Math.min(sizes[next() % sizes.length]!, data.length - at);
        crc.update(data.subarray(at, at + size));
        at += size;
      }
      expect(crc.digest(), `chain ${chain}`).toBe(whole);
      expect(crc.length).toBe(data.length);
    }
  });
});

describe('runtime/ts/body.ts', () => {
  it('hashes large bodies on the worker thread when asked, to the main thread\'s CRC, and finishes a pending one on the main thread when the worker ends', async () => {
    const data = Buffer.alloc(24 * 1024 * 1024 + 5);
    for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
    const expected = new Crc64(42n).updatePortable(data.subarray(0, 3 << 20)).digest();
    const whole = new Crc64(42n).update(data).digest();
    const small = data.subarray(0, 3 << 20);
    expect(crcWorkerRunning()).toBe(false); // off by default
    await useCrcWorker(true);
    try {
      // The first body starts the worker and is hashed between turns meanwhile.
      expect(await crcOfBody(small, 42n)).toBe(expected);
      await vi.waitFor(() => expect(crcWorkerRunning()).toBe(true), { timeout: 10_000 });
      for (let round = 0; round < 3; round++) {
        const crc = new Crc64(42n);
        const onMain = vi.spyOn(crc, 'update');
        const prepared = await prepareBody(small, crc);
        expect(prepared.data).toBe(small); // still sent whole
        await prepared.hashed;
        expect(onMain).not.toHaveBeenCalled(); // the worker hashed it
        expect(crc.digest()).toBe(expected);
        expect(crc.length).toBe(small.length);
      }
      // An append aborted mid-body leaves its hash running unawaited; the next body meanwhile is
      // hashed between turns (the worker takes one at a time), and the worker serves the one after.
      const abandoned = await prepareBody(small, new Crc64(42n));
      const meanwhile = new Crc64(42n);
      await (await prepareBody(small, meanwhile)).hashed;
      expect(meanwhile.digest()).toBe(expected);
      await abandoned.hashed;
      const after = new Crc64(42n);
      const afterOnMain = vi.spyOn(after, 'update');
      await (await prepareBody(small, after)).hashed;
      expect(afterOnMain).not.toHaveBeenCalled();
      expect(after.digest()).toBe(expected);
      // Ended while hashing a body: that body's CRC is still complete and right.
      const crc = new Crc64(42n);
      const prepared = await prepareBody(data, crc);
      await Promise.all([useCrcWorker(false), prepared.hashed]);
      expect(crc.digest()).toBe(whole);
      expect(crcWorkerRunning()).toBe(false);
      expect(await crcOfBody(data, 42n)).toBe(whole);
    } finally {
      await useCrcWorker(false);
    }
  }, 60_000);

  it('tells body kinds apart', () => {
    const file = fromFile('/x');
    expect(file).toEqual({ path: '/x' });
    expect(isFileBody(file)).toBe(true);
    expect(isFileBody(Readable.from([]))).toBe(false);
    expect(isFileBody(new Uint8Array(1))).toBe(false);
    expect(isFileBody({ path: 1 })).toBe(false);
    expect(isFileBody(null)).toBe(false);
    for (const body of ['s', new Uint8Array(0), Readable.from([]), file]) expect(isBodySource(body)).toBe(true);
    for (const body of [1, null, undefined, {}, [1]]) expect(isBodySource(body)).toBe(false);
    expect(isReplayable('s')).toBe(true);
    expect(isReplayable(file)).toBe(true);
    expect(isReplayable(undefined)).toBe(true);
    expect(isReplayable(Readable.from([]))).toBe(false);
  });

  it('knows the length of strings (UTF-8 bytes), bytes and files, not of streams', async () => {
    const path = join(tmp, 'five');
    writeFileSync(path, 'hello');
    expect(await knownLength(undefined)).toBe(0);
    expect(await knownLength('é')).toBe(2);
    expect(await knownLength(new Uint8Array(7))).toBe(7);
    expect(await knownLength(fromFile(path))).toBe(5);
    expect(await knownLength(Readable.from([text('x')]))).toBeUndefined();
    const missing = await knownLength(fromFile(join(tmp, 'missing'))).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ValidationError);
    expect((missing as ValidationError).field).toBe('body');
  });

  it('feeds every byte sent to the CRC and the counter, for each kind of body', async () => {
    const big = Buffer.alloc(2 * 1024 * 1024 + 5, 0x61);
    const path = join(tmp, 'file');
    writeFileSync(path, 'file bytes');
    const cases: [string, () => Parameters<typeof prepareBody>[0], Buffer, number | undefined][] = [
      ['string', () => 'héllo', text('héllo'), 6],
      ['bytes', () => new Uint8Array([1, 2, 3]), Buffer.from([1, 2, 3]), 3],
      ['large bytes (hashed while sent)', () => big, big, big.length],
      ['stream', () => Readable.from([text('ab'), text('cd')]), text('abcd'), undefined],
      ['file', () => fromFile(path), text('file bytes'), 10],
    ];
    for (const [label, body, bytes, length] of cases) {
      const crc = new Crc64(crc64('before'));
      const counter = { bytes: 0 };
      const prepared = await prepareBody(body(), crc, counter);
      expect(prepared.length, label).toBe(length);
      expect((await drain(prepared.data)).equals(bytes), label).toBe(true);
      // A large buffer goes out whole (as a raw request sends it) and is hashed between the event
      // loop's turns: the CRC is complete only once `hashed` resolves, which the client awaits.
      if (label.startsWith('large')) expect(prepared.data).toBe(big);
      await prepared.hashed;
      expect(crc.digest(), label).toBe(crc64(bytes, crc64('before')));
      expect(counter.bytes, label).toBe(bytes.length);
      if (label !== 'stream') expect(await crcOfBody(body(), 0n), label).toBe(crc64(bytes));
    }
    expect(await prepareBody(undefined, undefined)).toEqual({ data: undefined, length: 0 });
  });
});

describe('runtime/ts/body.ts: progress and readers', () => {
  it('reports progress slice by slice for bytes, files and streams, the CRC unchanged; nothing without a listener', async () => {
    const data = new Uint8Array(300 * 1024).map((_, i) => i % 251);
    const path = join(tmp, 'progress.bin');
    writeFileSync(path, data);
    for (const source of [data, fromFile(path), Readable.from([data.subarray(0, 100_000), data.subarray(100_000)])]) {
      const events: { loaded: number; total: number | undefined }[] = [];
      const crc = new Crc64();
      const prepared = await prepareBody(source, crc, undefined, (p) => events.push(p));
      expect(await drain(prepared.data)).toEqual(Buffer.from(data));
      expect(crc.digest()).toBe(crc64(data));
      expect(events.length).toBeGreaterThan(1);
      expect(events.at(-1)!.loaded).toBe(data.length);
      expect(events[0]!.total).toBe(source instanceof Readable ? undefined : data.length);
    }
    // Without a listener a small in-memory body is still sent as one buffer (no cost when unused).
    expect((await prepareBody(data.subarray(0, 10), undefined)).data).toBeInstanceOf(Uint8Array);
  });

  it('reads a body whole once (text, bytes, toFile), as non-enumerable methods; toFile removes a failed file', async () => {
    const make = (body: Readable) => addBodyReaders({ body }, 'body');
    expect(await make(Readable.from([text('ab'), text('c')])).text()).toBe('abc');
    const once = make(Readable.from([text('xyz')]));
    expect(Buffer.from(await once.bytes()).toString()).toBe('xyz');
    await expect(once.text()).rejects.toBeInstanceOf(ValidationError);
    expect(Object.keys(once)).toEqual(['body']);
    const path = join(tmp, 'reader.txt');
    expect(await make(Readable.from([text('file')])).toFile(path)).toBe(4);
    expect(readFileSync(path, 'utf8')).toBe('file');
    const failing = new Readable({ read() {} });
    failing.push(text('part'));
    setTimeout(() => failing.destroy(new NetworkError('cut')), 10);
    await expect(make(failing).toFile(path)).rejects.toBeInstanceOf(NetworkError);
    expect(readdirSync(tmp)).not.toContain('reader.txt');
  });
});

describe('runtime/ts/transport.ts: hooks', () => {
  it('redacts Authorization (keeping its scheme) and the listed headers; hooks see every attempt and cannot break it', async () => {
    expect(redactHeaders({ authorization: 'OSS4-HMAC-SHA256 Credential=ak/x,Signature=abc', 'x-token': 't', host: 'h' }, ['x-token'])).toEqual({ authorization: 'OSS4-HMAC-SHA256 [redacted]', 'x-token': '[redacted]', host: 'h' });
    expect(redactHeaders({ Authorization: 'nospace' }, [])).toEqual({ Authorization: '[redacted]' });
    const events: string[] = [];
    const base: Transport = async () => ({ status: 204, headers: { 'x-token': 'back' }, body: Readable.from([]) });
    const observed = observedTransport(base, { onRequest: (r) => { events.push(`request ${r.method} ${r.url} ${r.headers['authorization']}`); throw new Error('a broken logger'); }, onResponse: (r) => events.push(`response ${r.status} ${r.headers['x-token']}`) }, ['x-token']);
    const request = { method: 'GET', protocol: 'http:' as const, host: 'h:1', path: '/k?a=1', headers: { authorization: 'OSS ak:sig' }, body: undefined, timeoutMs: 1000 };
    expect((await observed(request)).status).toBe(204);
    expect(events).toEqual(['request GET http://h:1/k?a=1 OSS [redacted]', 'response 204 [redacted]']);
    expect(request.headers.authorization).toBe('OSS ak:sig');
    const failed: unknown[] = [];
    const broken = observedTransport(async () => { throw new NetworkError('down'); }, { onError: (f) => failed.push(f.error) }, []);
    await expect(broken(request)).rejects.toBeInstanceOf(NetworkError);
    expect(failed).toHaveLength(1);
  });
});

describe('runtime/ts/append-stream.ts', () => {
  it('sends batches in order, splitting a large write into maxBytes pieces, and fails for good after a failed batch', async () => {
    const batches: string[] = [];
    const stream = new AppendStream(async (bytes) => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      batches.push(Buffer.from(bytes).toString());
    }, { maxBytes: 4, maxDelayMs: 10_000 });
    stream.write('ab');
    stream.write('cdefghij');
    stream.end('k');
    await new Promise((resolve) => stream.once('finish', resolve));
    expect(batches).toEqual(['abcd', 'efgh', 'ij', 'k']);

    let calls = 0;
    const failing = new AppendStream(async () => {
      calls++;
      throw new NetworkError('down');
    }, { maxBytes: 2 });
    const failed = new Promise((resolve) => failing.once('error', resolve));
    failing.write('xy');
    expect(await failed).toBeInstanceOf(NetworkError);
    expect(calls).toBe(1);
    expect(() => new AppendStream(async () => undefined, { maxBytes: 0 })).toThrow(ValidationError);
  });
});

describe('runtime/ts/sdk-errors.ts', () => {
  it('keeps what an error answer carried', () => {
    const error = new ServiceError({ code: 'Code', status: 409, message: '', requestId: 'r', headers: { a: 'b' }, fields: {} });
    expect(error.message).toBe('Code');
    expect(error.requestId).toBe('r');
    expect(error.hostId).toBeUndefined();
    expect(error.retryable).toBe(false);
    expect(error.name).toBe('ServiceError');
  });
});

describe('runtime/ts/answers.ts', () => {
  /** An append operation's spec with names no service uses. */
  const spec: OperationSpec = {
    name: 'Grow',
    method: 'POST',
    flags: ['grow'],
    idempotent: false,
    input: [
      { name: 'pool', location: 'host', type: 'string', required: true },
      { name: 'item', location: 'path', type: 'string', required: true },
      { name: 'at', location: 'query', wire: 'at', type: 'int64', required: true },
      { name: 'data', location: 'body', type: 'blob', required: true },
    ],
    output: [
      { name: 'nextAt', location: 'header', wire: 'x-next', type: 'int64', required: false },
      { name: 'sum', location: 'header', wire: 'x-sum', type: 'uint64', required: false },
      { name: 'sealed', location: 'header', wire: 'x-sealed', type: 'boolean', required: false },
      { name: 'tag', location: 'header', wire: 'etag', type: 'string', required: true },
      { name: 'meta', location: 'header-map', wire: 'x-meta-', type: 'map', required: false },
    ],
    append: { position: 'at', nextPosition: 'nextAt', crc: 'sum' },
  };

  it('tells which failures leave the outcome unknown', () => {
    for (const err of [new NetworkError('n'), new TimeoutError('t', 1), new AbortError('a'), new ServiceError({ code: 'X', status: 503, message: '', headers: {}, fields: {} })]) expect(isUnknownOutcome(err)).toBe(true);
    for (const err of [new ServiceError({ code: 'X', status: 409, message: '', headers: {}, fields: {} }), new ProtocolError('p'), new Error('e'), undefined]) expect(isUnknownOutcome(err)).toBe(false);
  });

  it('refuses credentials that are not printable ASCII, without showing them', () => {
    expect(() => checkCredential('accessKeySecret', 'ok-Secret_1')).not.toThrow();
    for (const bad of ['', 'has space', 'line\n', 'nul\0', 'é', undefined, 5]) {
      const error = (() => {
        try {
          checkCredential('accessKeySecret', bad);
        } catch (err) {
          return err;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(ValidationError);
      if (typeof bad === 'string' && bad.length > 1) expect((error as Error).message).not.toContain(bad);
    }
  });

  it('finds the members by location', () => {
    expect([bucketMember(spec), keyMember(spec), bodyMember(spec)]).toEqual(['pool', 'item', 'data']);
    expect(() => bucketMember({ ...spec, input: [] })).toThrow(/no host member/);
  });

  it('parses outputs by type, and refuses a missing required or malformed header', () => {
    const body = Readable.from([]);
    expect(parseOutput(spec, { 'x-next': '12', 'x-sum': '18446744073709551615', 'x-sealed': 'TRUE', etag: '"e"', 'x-meta-a': '1', 'x-meta-b': '2' }, body)).toEqual({
      nextAt: 12,
      sum: 18446744073709551615n,
      sealed: true,
      tag: '"e"',
      meta: { a: '1', b: '2' },
    });
    expect(() => parseOutput(spec, {}, body)).toThrow(ProtocolError);
    for (const [header, value] of [['x-next', '-1'], ['x-next', '1e3'], ['x-next', '9007199254740993'], ['x-sum', '18446744073709551616'], ['x-sum', 'abc']]) {
      expect(() => parseOutput(spec, { etag: 'e', [header!]: value! }, body), `${header}: ${value}`).toThrow(ProtocolError);
    }
  });

  it('believes an append answer only when it is consistent', () => {
    const crc = new Crc64().update(text('abc'));
    expect(checkAppendAnswer(spec, { nextAt: 3, sum: crc64('abc') }, 0, 3, crc)).toEqual({ nextAt: 3, sum: crc64('abc') });
    expect(() => checkAppendAnswer(spec, { nextAt: 4, sum: crc64('abc') }, 0, 3, crc)).toThrow(/x-next is 4, not 3/);
    expect(() => checkAppendAnswer(spec, { sum: crc64('abc') }, 0, 3, crc)).toThrow(/x-next is missing/);
    expect(() => checkAppendAnswer(spec, { nextAt: 3 }, 0, 3, crc)).toThrow(/lacks x-sum/);
    expect(() => checkAppendAnswer(spec, { nextAt: 3, sum: 1n }, 0, 3, crc)).toThrow(IntegrityError);
    expect(checkAppendAnswer(spec, { nextAt: 3, sum: 1n }, 0, 3, undefined)).toEqual({ nextAt: 3, sum: 1n });
  });

  it('checks a downloaded body against the whole-object CRC at its end', async () => {
    expect((await drain(verifyingBody(Readable.from([text('ab'), text('c')]), crc64('abc')))).toString()).toBe('abc');
    await expect(drain(verifyingBody(Readable.from([text('abd')]), crc64('abc')))).rejects.toBeInstanceOf(IntegrityError);
    const cut = new Readable({ read() {} });
    const checked = verifyingBody(cut, crc64('abc'));
    cut.push(text('a'));
    setImmediate(() => cut.destroy(new Error('socket hang up')));
    await expect(drain(checked)).rejects.toBeInstanceOf(NetworkError);
  });
});
