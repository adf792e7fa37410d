/**
 * CRC-64/XZ (the whole-object checksum the service reports), slicing-by-16: ECMA-182 polynomial,
 * reflected, init and xorout all ones, so feeding a previous CRC back in continues the stream. Pure
 * TypeScript over two 32-bit halves (BigInt per byte is two orders of magnitude slower), reading
 * aligned 32-bit words on little-endian machines and single bytes for the unaligned head and the
 * tail. The client and the simulator (generator/mock) share this file.
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
