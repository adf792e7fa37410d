package ossgen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WireAndValidationTest {
  static WireResponse answer(Map<String, String> headers) {
    Map<String, List<String>> h = new TreeMap<>();
    headers.forEach((k, v) -> h.put(k, List.of(v)));
    return new WireResponse(200, h, InputStream.nullInputStream());
  }

  @Test
  void readsTypedHeadersAndRefusesGarbage() {
    WireResponse r = answer(Map.of("x-len", "17", "x-crc", "18020588380933092773", "x-meta-a", "b", "x-bad", "12a"));
    assertEquals(17L, Wire.requiredLong(r, "x-len", "Op"));
    assertEquals("18020588380933092773", Long.toUnsignedString(Wire.unsignedOrNull(r, "x-crc", "Op")));
    assertNull(Wire.longOrNull(r, "x-none", "Op"));
    assertEquals(Map.of("a", "b"), Wire.prefixed(r, "x-meta-"));
    assertThrows(ProtocolException.class, () -> Wire.longOrNull(r, "x-bad", "Op"));
    assertThrows(ProtocolException.class, () -> Wire.requiredLong(r, "x-none", "Op"));
  }

  @Test
  void writesOnlySetMembers() {
    Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    Wire.setString(h, "A", null);
    Wire.setUnsigned(h, "C", -1L);
    Wire.setMap(h, "x-meta-", Map.of("k", "v"));
    assertEquals(Map.of("C", "18446744073709551615", "x-meta-k", "v"), new TreeMap<>(h));
  }

  @Test
  void validatesKeysMetadataAndTagging() {
    Validation.objectKey("key", "logs/app.log", 1, 1023, List.of("/", "\\"));
    assertThrows(ValidationException.class, () -> Validation.objectKey("key", "", 1, 1023, List.of()));
    assertThrows(ValidationException.class, () -> Validation.objectKey("key", "/abs", 1, 1023, List.of("/")));
    assertThrows(ValidationException.class, () -> Validation.objectKey("key", "x".repeat(1024), 1, 1023, List.of()));
    Validation.metadata("metadata", Map.of("source", "sensor-7"), "^[a-z0-9-]+$", 8192);
    assertThrows(ValidationException.class, () -> Validation.metadata("metadata", Map.of("Upper", "x"), "^[a-z0-9-]+$", 8192));
    assertThrows(ValidationException.class, () -> Validation.metadata("metadata", Map.of("a", "x".repeat(9000)), "^[a-z0-9-]+$", 8192));
    Validation.tagging("tagging", "team=logs&env=prod", 10, 128, 256, "^[A-Za-z0-9 +\\-=._:/]*$");
    assertThrows(ValidationException.class, () -> Validation.tagging("tagging", "a=1&b=2&c=3", 2, 128, 256, ".*"));
    assertThrows(ValidationException.class, () -> Validation.tagging("tagging", "a=%3C", 10, 128, 256, "^[A-Za-z0-9]*$"));
    assertThrows(ValidationException.class, () -> Validation.minimum("position", -1, 0));
  }

  @Test
  void aDownloadIsCheckedAtItsEnd() throws Exception {
    Crc64 crc = new Crc64(0xC96C5795D7870F42L);
    byte[] data = "test".getBytes(StandardCharsets.UTF_8);
    try (InputStream ok = new CrcCheckingInputStream(new ByteArrayInputStream(data), crc, Long.parseUnsignedLong("18020588380933092773"), "Get", "r")) {
      assertEquals(4, ok.readAllBytes().length);
    }
    InputStream bad = new CrcCheckingInputStream(new ByteArrayInputStream(data), crc, 1L, "Get", "r");
    assertThrows(Crc64MismatchException.class, bad::readAllBytes);
  }
}
