package ossgen.runtime;

/**
 * A reflected CRC-64 with all-ones init and xor-out (CRC-64/XZ for the ECMA-182 polynomial), computed
 * eight bytes at a time. Because init and xor-out are both all ones, a finished CRC fed back into
 * {@link #update} continues the stream: {@code update(crc(A), B) == crc(A + B)}. That is how a CRC is
 * continued across appends, each seeded with the whole object's CRC the service returned last.
 */
public final class Crc64 {
  private final long polynomial;
  private final long[][] tables = new long[8][256];

  /** @param reflectedPolynomial the polynomial bit-reversed (CRC-64/XZ: {@code 0xC96C5795D7870F42L}) */
  public Crc64(long reflectedPolynomial) {
    this.polynomial = reflectedPolynomial;
    for (int n = 0; n < 256; n++) {
      long crc = n;
      for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >>> 1) ^ reflectedPolynomial : crc >>> 1;
      tables[0][n] = crc;
    }
    for (int n = 0; n < 256; n++) {
      long crc = tables[0][n];
      for (int t = 1; t < 8; t++) {
        crc = tables[0][(int) (crc & 0xff)] ^ (crc >>> 8);
        tables[t][n] = crc;
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
    long[] t0 = tables[0], t1 = tables[1], t2 = tables[2], t3 = tables[3], t4 = tables[4], t5 = tables[5], t6 = tables[6], t7 = tables[7];
    while (end - i >= 8) {
      c ^= (data[i] & 0xffL) | (data[i + 1] & 0xffL) << 8 | (data[i + 2] & 0xffL) << 16 | (data[i + 3] & 0xffL) << 24
          | (data[i + 4] & 0xffL) << 32 | (data[i + 5] & 0xffL) << 40 | (data[i + 6] & 0xffL) << 48 | (data[i + 7] & 0xffL) << 56;
      c = t7[(int) (c & 0xff)] ^ t6[(int) ((c >>> 8) & 0xff)] ^ t5[(int) ((c >>> 16) & 0xff)] ^ t4[(int) ((c >>> 24) & 0xff)]
          ^ t3[(int) ((c >>> 32) & 0xff)] ^ t2[(int) ((c >>> 40) & 0xff)] ^ t1[(int) ((c >>> 48) & 0xff)] ^ t0[(int) (c >>> 56)];
      i += 8;
    }
    while (i < end) c = t0[(int) ((c ^ data[i++]) & 0xff)] ^ (c >>> 8);
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
