/**
 * out/ts/src/crc64.ts: CRC-64/XZ (ECMA-182 polynomial, reflected, init and xorout all ones), the
 * checksum OSS returns in x-oss-hash-crc64ecma. Pure TypeScript, slicing-by-8 over two 32-bit
 * halves, because BigInt arithmetic per byte would be two orders of magnitude slower.
 */
import { cls, constant, fn, Scope, type Statement } from '../vocabulary.js';

export function crc64Module(): Statement[] {
  return [
    constant('POLY_LO', '0xd7870f42', { exported: false, doc: 'Low and high halves of the reflected polynomial 0xC96C5795D7870F42.' }),
    constant('POLY_HI', '0xc96c5795', { exported: false }),
    constant('ALL_ONES', '0xffffffffffffffffn', { exported: false }),
    fn({
      name: 'makeTables',
      exported: false,
      doc: 'Eight 256-entry tables (low and high halves): table k advances a byte k positions further.',
      returns: '[Uint32Array, Uint32Array]',
      body: [
        'const lo = new Uint32Array(8 * 256);',
        'const hi = new Uint32Array(8 * 256);',
        `for (let n = 0; n < 256; n++) {
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
        }`,
        `for (let k = 1; k < 8; k++) {
          for (let n = 0; n < 256; n++) {
            const pl = lo[(k - 1) * 256 + n]!;
            const ph = hi[(k - 1) * 256 + n]!;
            const idx = pl & 0xff;
            lo[k * 256 + n] = (((pl >>> 8) | (ph << 24)) ^ lo[idx]!) >>> 0;
            hi[k * 256 + n] = ((ph >>> 8) ^ hi[idx]!) >>> 0;
          }
        }`,
        'return [lo, hi];',
      ],
    }),
    constant('[TL, TH]', 'makeTables()', { exported: false }),
    cls({
      name: 'Crc64',
      doc: 'A running CRC-64/XZ. Start it from a previous whole-object CRC to continue across appends: crc(A+B) = new Crc64(crc(A)).update(B).digest().',
      fields: [
        { name: 'lo', type: 'number', scope: Scope.Private },
        { name: 'hi', type: 'number', scope: Scope.Private },
        { name: 'length', type: 'number', initializer: '0', doc: 'Bytes fed so far.' },
      ],
      ctor: {
        params: [{ name: 'previous', type: 'bigint', initializer: '0n' }],
        body: ['const state = BigInt.asUintN(64, previous) ^ ALL_ONES;', 'this.lo = Number(state & 0xffffffffn) >>> 0;', 'this.hi = Number(state >> 32n) >>> 0;'],
      },
      methods: [
        {
          name: 'update',
          doc: 'Feeds bytes; returns this for chaining.',
          params: [{ name: 'data', type: 'Uint8Array' }],
          returns: 'this',
          body: [
            'let lo = this.lo;',
            'let hi = this.hi;',
            'let i = 0;',
            'const n = data.length;',
            'const end8 = n - (n % 8);',
            `while (i < end8) {
              const a = lo ^ (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24));
              const b = hi ^ (data[i + 4]! | (data[i + 5]! << 8) | (data[i + 6]! << 16) | (data[i + 7]! << 24));
              const i7 = 1792 + (a & 0xff);
              const i6 = 1536 + ((a >>> 8) & 0xff);
              const i5 = 1280 + ((a >>> 16) & 0xff);
              const i4 = 1024 + (a >>> 24);
              const i3 = 768 + (b & 0xff);
              const i2 = 512 + ((b >>> 8) & 0xff);
              const i1 = 256 + ((b >>> 16) & 0xff);
              const i0 = b >>> 24;
              lo = TL[i7]! ^ TL[i6]! ^ TL[i5]! ^ TL[i4]! ^ TL[i3]! ^ TL[i2]! ^ TL[i1]! ^ TL[i0]!;
              hi = TH[i7]! ^ TH[i6]! ^ TH[i5]! ^ TH[i4]! ^ TH[i3]! ^ TH[i2]! ^ TH[i1]! ^ TH[i0]!;
              i += 8;
            }`,
            `while (i < n) {
              const idx = (lo ^ data[i]!) & 0xff;
              lo = ((lo >>> 8) | (hi << 24)) ^ TL[idx]!;
              hi = (hi >>> 8) ^ TH[idx]!;
              i++;
            }`,
            'this.lo = lo >>> 0;',
            'this.hi = hi >>> 0;',
            'this.length += n;',
            'return this;',
          ],
        },
        {
          name: 'digest',
          doc: 'The CRC of everything fed so far, as an unsigned 64-bit integer.',
          returns: 'bigint',
          body: ['return ((BigInt(this.hi >>> 0) << 32n) | BigInt(this.lo >>> 0)) ^ ALL_ONES;'],
        },
      ],
    }),
    fn({
      name: 'crc64',
      doc: 'CRC-64/XZ of `data` (UTF-8 for strings), continued from `previous` (the CRC of the bytes before it).',
      params: [
        { name: 'data', type: 'Uint8Array | string' },
        { name: 'previous', type: 'bigint', initializer: '0n' },
      ],
      returns: 'bigint',
      body: ["return new Crc64(previous).update(typeof data === 'string' ? Buffer.from(data, 'utf8') : data).digest();"],
    }),
  ];
}
