package ossgen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorDocumentTest {
  static Map<String, String> parse(String s) {
    return ErrorDocument.parse(s.getBytes(StandardCharsets.UTF_8), "Error");
  }

  @Test
  void readsTheChildElements() {
    Map<String, String> e = parse("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n  <Code>PositionNotEqualToLength</Code>\n  <Message>Position is not equal to file length</Message>\n  <RequestId>5C3D</RequestId>\n  <EC>0026-00000016</EC>\n</Error>\n");
    assertEquals("PositionNotEqualToLength", e.get("Code"));
    assertEquals("Position is not equal to file length", e.get("Message"));
    assertEquals("5C3D", e.get("RequestId"));
    assertEquals("0026-00000016", e.get("EC"));
  }

  @Test
  void anotherRootOrNotXmlGivesNothing() {
    assertTrue(parse("<html><Code>x</Code></html>").isEmpty());
    assertTrue(parse("not xml at all").isEmpty());
    assertTrue(ErrorDocument.parse(new byte[0], "Error").isEmpty());
  }

  @Test
  void refusesDoctypesAndExternalEntitiesButStillReadsTheCode() {
    Map<String, String> e = parse("<?xml version=\"1.0\"?><!DOCTYPE Error [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Error><Code>AccessDenied</Code><Message>&x;</Message></Error>");
    assertEquals("AccessDenied", e.get("Code"));
    assertEquals("&x;", e.get("Message"));
  }

  @Test
  void aBrokenDocumentIsReadTolerantly() {
    Map<String, String> e = parse("<?xml version=\"1.0\"?><Error><Code>InvalidArgument</Code><Message>bad &#x110000; &#0; &#xD800; &#99999999999; &bogus; &amp</Message><RequestId>r&#x1F600;&lt;</RequestId></Error>");
    assertEquals("InvalidArgument", e.get("Code"));
    assertEquals("bad \uFFFD \uFFFD \uFFFD \uFFFD &bogus; &amp", e.get("Message"));
    assertEquals("r\uD83D\uDE00<", e.get("RequestId"));
  }
}
