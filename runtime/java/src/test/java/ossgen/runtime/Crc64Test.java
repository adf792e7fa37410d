package ossgen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** CRC-64/XZ vectors of the reference (section 4, "Test vectors"), continuation across appends, and combine. */
class Crc64Test {
  static final Crc64 XZ = new Crc64(0xC96C5795D7870F42L);

  static long crc(String s) {
    return XZ.checksum(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void referenceVectors() {
    assertEquals("11051210869376104954", Long.toUnsignedString(crc("123456789")));
    assertEquals(0x995DC9BBDF1939FAL, crc("123456789"));
    assertEquals(0x27DB187FC15BBC72L, crc("This is a test of the emergency broadcast system."));
    assertEquals(0L, crc(""));
    assertEquals("18020588380933092773", Crc64.toUnsignedString(crc("test")));
  }

  @Test
  void continuesAcrossAppendsFromTheLastCrc() {
    byte[] whole = new byte[100_003];
    new Random(7).nextBytes(whole);
    long expected = XZ.checksum(whole);
    // Split at every kind of boundary: below, at and across the 8-byte stride.
    for (int cut : new int[] {0, 1, 7, 8, 9, 4096, 99_999, whole.length}) {
      long first = XZ.update(0, whole, 0, cut);
      assertEquals(expected, XZ.update(first, whole, cut, whole.length - cut), "cut at " + cut);
    }
  }

  @Test
  void combineEqualsTheCrcOfTheConcatenation() {
    byte[] a = "The quick brown fox ".getBytes(StandardCharsets.UTF_8);
    byte[] b = "jumps over the lazy dog, 12345678 times.".getBytes(StandardCharsets.UTF_8);
    byte[] ab = new byte[a.length + b.length];
    System.arraycopy(a, 0, ab, 0, a.length);
    System.arraycopy(b, 0, ab, a.length, b.length);
    assertEquals(XZ.checksum(ab), XZ.combine(XZ.checksum(a), XZ.checksum(b), b.length));
    assertEquals(XZ.checksum(a), XZ.combine(XZ.checksum(a), 0, 0));
  }

  /** Bit-at-a-time CRC-64/XZ straight from its definition, the reference for the sliced loop. */
  static long bitwise(long crc, byte[] data, int offset, int length) {
    long c = ~crc;
    for (int i = offset; i < offset + length; i++) {
      c ^= data[i] & 0xffL;
      for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? (c >>> 1) ^ 0xC96C5795D7870F42L : c >>> 1;
    }
    return ~c;
  }

  @Test
  void agreesWithTheBitwiseDefinitionAtEveryOffsetAndAroundTheSixteenByteStride() {
    byte[] data = new byte[300];
    new Random(11).nextBytes(data);
    for (int offset = 0; offset < 16; offset++) {
      for (int length : new int[] {0, 1, 7, 8, 15, 16, 17, 31, 32, 33, 47, 48, 49, 255, 284}) {
        assertEquals(bitwise(0, data, offset, length), XZ.update(0, data, offset, length), "offset " + offset + " length " + length);
        assertEquals(bitwise(0x123456789ABCDEFL, data, offset, length), XZ.update(0x123456789ABCDEFL, data, offset, length));
      }
    }
  }

  @Test
  void refusesARangeOutsideTheArray() {
    assertThrows(IndexOutOfBoundsException.class, () -> XZ.update(0, new byte[4], 2, 3));
  }
}
