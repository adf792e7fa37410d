/**
 * CRC-64/XZ (the whole-object checksum the service reports), slicing-by-16: ECMA-182 polynomial,
 * reflected, init and xorout all ones, so feeding a previous CRC back in continues the stream.
 * Large inputs go through a small WebAssembly kernel assembled below (64-bit table entries, about
 * twice the speed of JavaScript's two 32-bit halves); small ones, and engines without WebAssembly,
 * through the TypeScript loop over two 32-bit halves (BigInt per byte is two orders of magnitude
 * slower), reading aligned 32-bit words on little-endian machines and single bytes for the
 * unaligned head and the tail. The client and the simulator (generator/mock) share this file.
 */
/** Low and high halves of the reflected polynomial 0xC96C5795D7870F42. */
const POLY_LO = 0xd7870f42;
const POLY_HI = 0xc96c5795;
const ALL_ONES = 0xffffffffffffffffn;

/** Sixteen 256-entry tables (low and high halves): table k advances a byte k positions further. */
function makeTables(): [Uint32Array, Uint32Array] {
  const lo = new Uint32Array(16 * 256);
  const hi = new Uint32Array(16 * 256);
  for (let n = 0; n < 256; n++) {
    let l = n;
    let h = 0;
    for (let bit = 0; bit < 8; bit++) {
      const carry = l & 1;
      l = (l >>> 1) | ((h & 1) << 31);
      h = h >>> 1;
      if (carry) {
        l ^= POLY_LO;
        h ^= POLY_HI;
      }
    }
    lo[n] = l >>> 0;
    hi[n] = h >>> 0;
  }

  for (let k = 1; k < 16; k++) {
    for (let n = 0; n < 256; n++) {
      const pl = lo[(k - 1) * 256 + n]!;
      const ph = hi[(k - 1) * 256 + n]!;
      const idx = pl & 0xff;
      lo[k * 256 + n] = (((pl >>> 8) | (ph << 24)) ^ lo[idx]!) >>> 0;
      hi[k * 256 + n] = ((ph >>> 8) ^ hi[idx]!) >>> 0;
    }
  }

  return [lo, hi];
}

const [TL, TH] = makeTables();
/** Word reads assume little-endian byte order; elsewhere every byte goes through the byte loop. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Inputs from this size go through the WebAssembly kernel (below it, the call and copy cost more). */
const WASM_MIN_BYTES = 512;
/**
 * The kernel hashes runs of 2 * LANE_BYTES as two lanes of LANE_BYTES side by side (two independent
 * dependency chains, which the CPU overlaps: about a tenth faster than one), then joins them: the
 * first lane's state advanced over LANE_BYTES zero bytes (SHIFT tables), XORed with the second's.
 */
const LANE_BITS = 13;
const LANE_BYTES = 1 << LANE_BITS;
/**
 * The kernel's memory: the sixteen tables (32 KiB of 64-bit entries), the eight SHIFT tables
 * (16 KiB), 16 bytes of scratch per lane, then a window the input is copied into.
 */
const SHIFT_OFFSET = 32768;
const SCRATCH_OFFSET = 49152;
const WINDOW_OFFSET = 49216;
const WINDOW_BYTES = 65536;

/** Unsigned and signed LEB128, as WebAssembly encodes integers. */
function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return out;
}

function sleb(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && !(byte & 0x40)) || (value === -1 && byte & 0x40)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

/**
 * The kernel, as WebAssembly bytes: `update(state: i64, ptr: i32, len: i32) -> i64`. Runs of
 * 2 * LANE_BYTES go through two lanes at once (above), what is left through one lane of 16-byte
 * blocks, then the tail a byte at a time. A 16-byte block: bytes 0-7 XORed with the lane's state
 * and stored to the lane's scratch, then each of the 16 bytes loaded alone (bytes 8-15 from the
 * input, 0-7 from the scratch) and its table entry XORed into the block's sum, bytes 8-15 first
 * (they do not wait for the state). Assembled here rather than shipped as an opaque blob; it
 * exports its memory, which holds the tables at 0 and the input window at WINDOW_OFFSET.
 *
 * The shape is V8's: its optimizing tier keeps memory loads in program order and puts the XORs
 * after all of them, so 32 table entries in flight (two lanes) spilled to the stack, about a third
 * of the loop's instructions. A store of the running sum after every fourth entry (to the lane's
 * scratch, never read) makes each XOR happen before the next loads: no spills, 74 instructions per
 * block instead of 95 (byte loads, which the CPU has ports to spare for, instead of shifts and masks).
 */
function kernelBytes(sharedMaxPages?: number): Uint8Array {
  const [LOCAL_STATE, LOCAL_PTR, LOCAL_LEN, LOCAL_END, LOCAL_LANE_END] = [0, 1, 2, 3, 4];
  /** The state split into 32-bit words (joining two lanes), the block sum per lane, the second lane's state. */
  const [LOCAL_W0, LOCAL_W1, LOCAL_A, LOCAL_B, LOCAL_STATE_B] = [5, 6, 7, 8, 9];
  const [GET, SET, TEE, I64_LOAD, I64_LOAD8_U, I32_LOAD8_U, I64_STORE] = [
    0x20, 0x21, 0x22, 0x29, 0x31, 0x2d, 0x37,
  ];
  // prettier-ignore
  const [I32_CONST, I64_CONST, I32_AND, I32_SHL, I32_SHR_U, I32_ADD, I32_GE_U, I32_LT_U, I64_XOR, I64_SHR_U, I32_WRAP] = [
    0x41, 0x42, 0x71, 0x74, 0x76, 0x6a, 0x4f, 0x49, 0x85, 0x88, 0xa7,
  ];
  const [BLOCK, LOOP, BR, BR_IF, END, VOID] = [0x02, 0x03, 0x0c, 0x0d, 0x0b, 0x40];
  const table = (k: number) => uleb(k * 2048);
  const shiftTable = (k: number) => uleb(SHIFT_OFFSET + k * 2048);
  /**
   * SHIFT table j's entry for byte j of the state (held as two 32-bit words): the byte already
   * scaled to an 8-byte entry's offset by shifting 3 bits less and masking 0x7f8.
   */
  // prettier-ignore
  const fromWord = (j: number) => [
    GET, j < 4 ? LOCAL_W0 : LOCAL_W1, I32_CONST, ...sleb(j % 4 === 0 ? 3 : 8 * (j % 4) - 3), j % 4 === 0 ? I32_SHL : I32_SHR_U,
    I32_CONST, ...sleb(0x7f8), I32_AND, I64_LOAD, 3, ...shiftTable(j),
  ];
  const xorTree = (leaves: number[][]): number[] =>
    leaves.length === 1
      ? leaves[0]!
      : [
          ...xorTree(leaves.slice(0, leaves.length / 2)),
          ...xorTree(leaves.slice(leaves.length / 2)),
          I64_XOR,
        ];
  /** One 16-byte block at ptr + offset into `state`, with the lane's block sum `sum` and scratch. */
  const block = (state: number, sum: number, lane: number, offset: number) => {
    const scratch = SCRATCH_OFFSET + 16 * lane;
    // Table 15 - b's entry for byte b, read from the input (b >= 8) or the scratch (b < 8).
    // prettier-ignore
    const entry = (b: number) => [
      ...(b < 8 ? [I32_CONST, 0, I32_LOAD8_U, 0, ...uleb(scratch + b)] : [GET, LOCAL_PTR, I32_LOAD8_U, 0, ...uleb(offset + b)]),
      I32_CONST, 3, I32_SHL, I64_LOAD, 3, ...table(15 - b),
    ];
    // prettier-ignore
    const code = [
      I32_CONST, 0, GET, LOCAL_PTR, I64_LOAD, 3, ...uleb(offset), GET, state, I64_XOR, I64_STORE, 3, ...uleb(scratch),
      ...entry(8),
    ];
    const order = [9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7];
    order.forEach((b, i) => {
      code.push(...entry(b), I64_XOR);
      // The running sum stored after every fourth entry: see above.
      // prettier-ignore
      if (i % 4 === 2 && i < order.length - 1) code.push(SET, sum, I32_CONST, 0, GET, sum, I64_STORE, 3, ...uleb(scratch + 8), GET, sum);
    });
    code.push(SET, state);
    return code;
  };
  const shiftLeaves: number[][] = [];
  for (let j = 0; j < 8; j++) shiftLeaves.push(fromWord(j));
  // prettier-ignore
  const code = [
    // end = ptr + (len & -2 LANE); while (ptr < end) { two lanes of LANE bytes; state = shift(state) ^ stateB; ptr += LANE }
    GET, LOCAL_PTR, GET, LOCAL_LEN, I32_CONST, ...sleb(-2 * LANE_BYTES), I32_AND, I32_ADD, SET, LOCAL_END,
    BLOCK, VOID, LOOP, VOID,
    GET, LOCAL_PTR, GET, LOCAL_END, I32_GE_U, BR_IF, 1,
    I64_CONST, 0, SET, LOCAL_STATE_B,
    GET, LOCAL_PTR, I32_CONST, ...sleb(LANE_BYTES), I32_ADD, SET, LOCAL_LANE_END,
    LOOP, VOID,
    ...block(LOCAL_STATE, LOCAL_A, 0, 0),
    ...block(LOCAL_STATE_B, LOCAL_B, 1, LANE_BYTES),
    GET, LOCAL_PTR, I32_CONST, 16, I32_ADD, TEE, LOCAL_PTR, GET, LOCAL_LANE_END, I32_LT_U, BR_IF, 0, END,
    GET, LOCAL_STATE, I32_WRAP, SET, LOCAL_W0,
    GET, LOCAL_STATE, I64_CONST, 32, I64_SHR_U, I32_WRAP, SET, LOCAL_W1,
    ...xorTree(shiftLeaves), GET, LOCAL_STATE_B, I64_XOR, SET, LOCAL_STATE,
    GET, LOCAL_PTR, I32_CONST, ...sleb(LANE_BYTES), I32_ADD, SET, LOCAL_PTR, BR, 0, END, END,
    GET, LOCAL_LEN, I32_CONST, ...sleb(2 * LANE_BYTES - 1), I32_AND, SET, LOCAL_LEN,
    // end = ptr + (len & ~15); while (ptr < end) { one block; ptr += 16 }
    GET, LOCAL_PTR, GET, LOCAL_LEN, I32_CONST, ...sleb(-16), I32_AND, I32_ADD, SET, LOCAL_END,
    BLOCK, VOID, LOOP, VOID,
    GET, LOCAL_PTR, GET, LOCAL_END, I32_GE_U, BR_IF, 1,
    ...block(LOCAL_STATE, LOCAL_A, 0, 0),
    GET, LOCAL_PTR, I32_CONST, 16, I32_ADD, SET, LOCAL_PTR, BR, 0, END, END,
    // end = ptr + (len & 15); while (ptr < end) { state = T0[(state ^ byte) & 255] ^ (state >> 8); ptr++ }
    GET, LOCAL_PTR, GET, LOCAL_LEN, I32_CONST, 15, I32_AND, I32_ADD, SET, LOCAL_END,
    BLOCK, VOID, LOOP, VOID,
    GET, LOCAL_PTR, GET, LOCAL_END, I32_GE_U, BR_IF, 1,
    GET, LOCAL_STATE, GET, LOCAL_PTR, I64_LOAD8_U, 0, 0, I64_XOR, I32_WRAP,
    I32_CONST, ...sleb(255), I32_AND, I32_CONST, 3, I32_SHL, I64_LOAD, 3, ...table(0),
    GET, LOCAL_STATE, I64_CONST, 8, I64_SHR_U, I64_XOR, SET, LOCAL_STATE,
    GET, LOCAL_PTR, I32_CONST, 1, I32_ADD, SET, LOCAL_PTR, BR, 0, END, END,
    GET, LOCAL_STATE, END,
  ];
  // Locals beyond the parameters: four i32 (end, lane end, the state's two words), three i64 (two sums, state b).
  const body = [2, 4, 0x7f, 3, 0x7e, ...code];
  const section = (id: number, bytes: number[]) => [id, ...uleb(bytes.length), ...bytes];
  const name = (text: string) => [
    ...uleb(text.length),
    ...Array.from(text, (c) => c.charCodeAt(0)),
  ];
  // Its own memory of 2 pages (128 KiB, exported), or for another thread a shared memory it imports
  // as env.memory (flags 3: shared, with a maximum), which the caller fills with tables and input.
  // prettier-ignore
  const memory = sharedMaxPages === undefined
    ? { imports: [], own: section(5, [1, 0, 2]), exports: [2, ...name('update'), 0, 0, ...name('memory'), 2, 0] }
    : { imports: section(2, [1, ...name('env'), ...name('memory'), 2, 3, 2, ...uleb(sharedMaxPages)]), own: [], exports: [1, ...name('update'), 0, 0] };
  // prettier-ignore
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 3, 0x7e, 0x7f, 0x7f, 1, 0x7e]), // type: (i64, i32, i32) -> i64
    ...memory.imports,
    ...section(3, [1, 0]), // one function of that type
    ...memory.own,
    ...section(7, memory.exports),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);
}

/** A WebAssembly memory (shared when made with `shared: true`; its buffer is then a SharedArrayBuffer). */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}

/** The part of the WebAssembly API used here (the TypeScript libs in use do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
}

/**
 * The kernel is trusted once it gives the check value of CRC-64/XZ over a probe with a head, a
 * 16-byte block and a tail, and once its two-lane path (a run of 2 * LANE_BYTES) agrees with its
 * one-lane path over the same bytes (hashed in two calls each shorter than such a run).
 */
function passesProbe(update: Kernel['update'], window: Uint8Array, offset: number): boolean {
  const probe = new TextEncoder().encode('123456789123456789123456789');
  window.set(probe);
  const state = BigInt.asUintN(64, update(ALL_ONES, offset, probe.length)) ^ ALL_ONES;
  if (state !== 0x555d7a962b526af0n) return false;
  const length = 2 * LANE_BYTES + probe.length;
  for (let i = 0; i < length; i++) window[i] = (i * 2654435761) >>> 24;
  const split = 2 * LANE_BYTES - 16;
  const oneLane = update(update(ALL_ONES, offset, split), offset + split, length - split);
  return BigInt.asUintN(64, update(ALL_ONES, offset, length)) === BigInt.asUintN(64, oneLane);
}

/** state * x mod P, in the reflected order (bit 63 is x^0): one zero bit fed to the register. */
function timesX(lo: number, hi: number): [number, number] {
  const carry = lo & 1;
  lo = (lo >>> 1) | ((hi & 1) << 31);
  hi >>>= 1;
  return carry ? [(lo ^ POLY_LO) >>> 0, (hi ^ POLY_HI) >>> 0] : [lo >>> 0, hi];
}

/** a * b mod P, in the reflected order (zlib's multmodp, on 64 bits). */
function timesModP(a: [number, number], b: [number, number]): [number, number] {
  let product: [number, number] = [0, 0];
  for (let bit = 63; bit >= 0; bit--) {
    if ((bit < 32 ? a[0] >>> bit : a[1] >>> (bit - 32)) & 1) {
      product = [(product[0] ^ b[0]) >>> 0, (product[1] ^ b[1]) >>> 0];
    }
    b = timesX(b[0], b[1]);
  }
  return product;
}

/**
 * The operator that advances a state over 2^log2Bytes zero bytes, as the 64 states the single bits
 * become (lo and hi halves interleaved): feeding n zero bytes multiplies the state by x^(8n) mod P,
 * so bit k (x^(63 - k)) becomes x^(63 - k) * x^(8n) mod P. A thousand steps, not 8n.
 */
function zeroBytesOperator(log2Bytes: number): Uint32Array {
  let power: [number, number] = [0, 1 << 30]; // x^1
  for (let i = 0; i < log2Bytes + 3; i++) power = timesModP(power, power);
  const columns = new Uint32Array(128);
  for (let bit = 63; bit >= 0; bit--) {
    columns[2 * bit] = power[0];
    columns[2 * bit + 1] = power[1];
    power = timesX(power[0], power[1]);
  }
  return columns;
}

/** The tables as the kernel reads them (64-bit entries, lo half first): the sixteen at 0, table k at k * 2048; the SHIFT tables at SHIFT_OFFSET. */
function writeTables(buffer: ArrayBufferLike): void {
  const tables = new Uint32Array(buffer, 0, 2 * 16 * 256);
  for (let i = 0; i < 16 * 256; i++) {
    tables[2 * i] = TL[i]!;
    tables[2 * i + 1] = TH[i]!;
  }
  // SHIFT table j, entry b: the state byte j = b becomes after LANE_BYTES zero bytes.
  const operator = zeroBytesOperator(LANE_BITS);
  const shift = new Uint32Array(buffer, SHIFT_OFFSET, 2 * 8 * 256);
  for (let j = 0; j < 8; j++) {
    shift[2 * j * 256] = 0;
    shift[2 * j * 256 + 1] = 0;
    for (let b = 1; b < 256; b++) {
      const low = 31 - Math.clz32(b & -b);
      const rest = 2 * (j * 256 + (b & (b - 1)));
      shift[2 * (j * 256 + b)] = shift[rest]! ^ operator[2 * (8 * j + low)]!;
      shift[2 * (j * 256 + b) + 1] = shift[rest + 1]! ^ operator[2 * (8 * j + low) + 1]!;
    }
  }
}

interface Kernel {
  update(state: bigint, ptr: number, len: number): bigint;
  window: Uint8Array;
}

/** The WebAssembly kernel with its tables loaded, or undefined where WebAssembly is unavailable. */
function loadKernel(): Kernel | undefined {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (!LITTLE_ENDIAN || !wasm) return undefined;
  try {
    const instance = new wasm.Instance(new wasm.Module(kernelBytes()), {});
    const memory = instance.exports.memory as { buffer: ArrayBuffer };
    writeTables(memory.buffer);
    const kernel: Kernel = {
      update: instance.exports.update as Kernel['update'],
      window: new Uint8Array(memory.buffer, WINDOW_OFFSET, WINDOW_BYTES),
    };
    return passesProbe(kernel.update, kernel.window, WINDOW_OFFSET) ? kernel : undefined;
  } catch {
    return undefined;
  }
}

const KERNEL = loadKernel();

/** Which implementation hashes large inputs: 'wasm' or 'js'. */
export const CRC64_IMPLEMENTATION: 'wasm' | 'js' = KERNEL ? 'wasm' : 'js';

/**
 * The kernel over a shared memory, for hashing on another thread (the Node client hashes large
 * bodies on a worker thread while the main thread sends them): the caller copies its input to
 * `dataOffset` in `memory` (growing it first, up to `maxBytes` of input) and the other thread runs
 * `update(state, dataOffset, length)` there, on an instance of `module` made with
 * `{ env: { memory } }` (a compiled module and a shared memory can both be posted to a worker).
 * The state is the inverted CRC: digest XOR all ones. Undefined where the engine has no shared
 * WebAssembly memory or the kernel fails its check value.
 */
export interface SharedCrc64Kernel {
  module: object;
  memory: WasmMemory;
  dataOffset: number;
  maxBytes: number;
}

export function sharedCrc64Kernel(maxBytes: number): SharedCrc64Kernel | undefined {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (!KERNEL || !wasm) return undefined;
  try {
    const dataOffset = WINDOW_OFFSET;
    const maximum = Math.ceil((dataOffset + maxBytes) / 65536);
    const module = new wasm.Module(kernelBytes(maximum));
    const memory = new wasm.Memory({ initial: 2, maximum, shared: true });
    writeTables(memory.buffer);
    const { update } = new wasm.Instance(module, { env: { memory } }).exports;
    const window = new Uint8Array(memory.buffer, dataOffset, WINDOW_BYTES);
    if (!passesProbe(update as Kernel['update'], window, dataOffset)) return undefined;
    return { module, memory, dataOffset, maxBytes };
  } catch {
    return undefined;
  }
}

/** A running CRC-64/XZ. Start it from a previous whole-object CRC to continue across appends: crc(A+B) = new Crc64(crc(A)).update(B).digest(). */
export class Crc64 {
  private lo: number;
  private hi: number;
  /** Bytes fed so far. */
  length: number = 0;

  constructor(previous: bigint = 0n) {
    const state = BigInt.asUintN(64, previous) ^ ALL_ONES;
    this.lo = Number(state & 0xffffffffn) >>> 0;
    this.hi = Number(state >> 32n) >>> 0;
  }

  /** Feeds bytes; returns this for chaining. */
  update(data: Uint8Array): this {
    if (KERNEL && data.length >= WASM_MIN_BYTES) return this.updateWasm(KERNEL, data);
    return this.updatePortable(data);
  }

  /** Feeds bytes through the TypeScript loop whatever their size (what engines without WebAssembly run). */
  updatePortable(data: Uint8Array): this {
    let lo = this.lo;
    let hi = this.hi;
    const n = data.length;
    let i = 0;
    // Bytes up to the first 4-byte boundary, so the bulk can be read as 32-bit words.
    const head = LITTLE_ENDIAN ? Math.min(n, (4 - (data.byteOffset & 3)) & 3) : n;
    for (; i < head; i++) {
      const idx = (lo ^ data[i]!) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ TL[idx]!;
      hi = (hi >>> 8) ^ TH[idx]!;
    }

    if (i < n) {
      const words = new Int32Array(data.buffer, data.byteOffset + i, (n - i) >>> 2);
      const bulk = words.length & ~3;
      for (let w = 0; w < bulk; w += 4) {
        const a = lo ^ words[w]!;
        const b = hi ^ words[w + 1]!;
        const c = words[w + 2]!;
        const d = words[w + 3]!;
        const x0 = 3840 + (a & 0xff);
        const x1 = 3584 + ((a >>> 8) & 0xff);
        const x2 = 3328 + ((a >>> 16) & 0xff);
        const x3 = 3072 + (a >>> 24);
        const x4 = 2816 + (b & 0xff);
        const x5 = 2560 + ((b >>> 8) & 0xff);
        const x6 = 2304 + ((b >>> 16) & 0xff);
        const x7 = 2048 + (b >>> 24);
        const x8 = 1792 + (c & 0xff);
        const x9 = 1536 + ((c >>> 8) & 0xff);
        const x10 = 1280 + ((c >>> 16) & 0xff);
        const x11 = 1024 + (c >>> 24);
        const x12 = 768 + (d & 0xff);
        const x13 = 512 + ((d >>> 8) & 0xff);
        const x14 = 256 + ((d >>> 16) & 0xff);
        const x15 = d >>> 24;
        lo =
          TL[x0]! ^
          TL[x1]! ^
          TL[x2]! ^
          TL[x3]! ^
          TL[x4]! ^
          TL[x5]! ^
          TL[x6]! ^
          TL[x7]! ^
          TL[x8]! ^
          TL[x9]! ^
          TL[x10]! ^
          TL[x11]! ^
          TL[x12]! ^
          TL[x13]! ^
          TL[x14]! ^
          TL[x15]!;
        hi =
          TH[x0]! ^
          TH[x1]! ^
          TH[x2]! ^
          TH[x3]! ^
          TH[x4]! ^
          TH[x5]! ^
          TH[x6]! ^
          TH[x7]! ^
          TH[x8]! ^
          TH[x9]! ^
          TH[x10]! ^
          TH[x11]! ^
          TH[x12]! ^
          TH[x13]! ^
          TH[x14]! ^
          TH[x15]!;
      }
      i += bulk * 4;
    }

    for (; i < n; i++) {
      const idx = (lo ^ data[i]!) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ TL[idx]!;
      hi = (hi >>> 8) ^ TH[idx]!;
    }

    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
    this.length += n;
    return this;
  }

  /** Large inputs: copied into the kernel's window 64 KiB at a time (it cannot read JavaScript memory). */
  private updateWasm(kernel: Kernel, data: Uint8Array): this {
    let state = (BigInt(this.hi) << 32n) | BigInt(this.lo);
    for (let offset = 0; offset < data.length; offset += WINDOW_BYTES) {
      const piece = data.subarray(offset, offset + WINDOW_BYTES);
      kernel.window.set(piece);
      state = kernel.update(state, WINDOW_OFFSET, piece.length);
    }
    state = BigInt.asUintN(64, state);
    this.lo = Number(state & 0xffffffffn) >>> 0;
    this.hi = Number(state >> 32n) >>> 0;
    this.length += data.length;
    return this;
  }

  /**
   * Takes over a CRC computed elsewhere (on a worker thread): `digest` is the CRC of everything fed
   * so far followed by `length` more bytes, continued from this.digest(). Returns this.
   */
  absorb(digest: bigint, length: number): this {
    const state = BigInt.asUintN(64, digest) ^ ALL_ONES;
    this.lo = Number(state & 0xffffffffn) >>> 0;
    this.hi = Number(state >> 32n) >>> 0;
    this.length += length;
    return this;
  }

  /** The CRC of everything fed so far, as an unsigned 64-bit integer. */
  digest(): bigint {
    return ((BigInt(this.hi >>> 0) << 32n) | BigInt(this.lo >>> 0)) ^ ALL_ONES;
  }
}

/** CRC-64/XZ of `data` (UTF-8 for strings), continued from `previous` (the CRC of the bytes before it). */
export function crc64(data: Uint8Array | string, previous: bigint = 0n): bigint {
  return new Crc64(previous)
    .update(typeof data === 'string' ? new TextEncoder().encode(data) : data)
    .digest();
}
