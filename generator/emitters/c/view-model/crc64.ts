/** An independent CRC-64 the generated tests compare the C library against. */
import type { IrProtocol } from '../../../ir/types.js';

const MASK64 = (1n << 64n) - 1n;

function reverse64(value: bigint): bigint {
  let out = 0n;
  for (let i = 0n; i < 64n; i++) if ((value >> i) & 1n) out |= 1n << (63n - i);
  return out;
}

/**
 * The model's CRC-64 (ir.protocol.crc64), bit by bit: slow and obviously right, to check the C library
 * against. The returned function continues from a previous CRC like the service does (0 starts afresh).
 */
export function crc64For(params: IrProtocol['crc64']): (data: Uint8Array, crc?: bigint) => bigint {
  const poly = BigInt(params.polynomial);
  const init = BigInt(params.init);
  const xorOut = BigInt(params.xorOut);
  const reflectedPoly = reverse64(poly);
  return (data, crc) => {
    let c = crc === undefined ? init : (crc ^ xorOut) & MASK64;
    for (const byte of data) {
      if (params.reflected) {
        c ^= BigInt(byte);
        for (let i = 0; i < 8; i++) c = c & 1n ? (c >> 1n) ^ reflectedPoly : c >> 1n;
      } else {
        c ^= BigInt(byte) << 56n;
        for (let i = 0; i < 8; i++) c = c & (1n << 63n) ? ((c << 1n) ^ poly) & MASK64 : (c << 1n) & MASK64;
      }
    }
    return (c ^ xorOut) & MASK64;
  };
}
