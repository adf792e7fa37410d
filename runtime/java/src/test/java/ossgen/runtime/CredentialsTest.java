package ossgen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CredentialsTest {
  @Test
  void toStringNeverShowsTheSecretOrTheToken() {
    String shown = new Credentials("LTAIkeyid", "s3cr3t-value", "t0ken-value").toString();
    assertTrue(shown.contains("LTAIkeyid"));
    assertFalse(shown.contains("s3cr3t"));
    assertFalse(shown.contains("t0ken"));
  }

  @Test
  void aCredentialThatIsNotHeaderMaterialIsRefusedWithoutShowingIt() {
    ValidationException e = assertThrows(ValidationException.class, () -> Credentials.check("accessKeySecret", "secret-with-newline\n"));
    assertEquals("accessKeySecret", e.field());
    assertFalse(e.getMessage().contains("secret-with-newline"));
    Credentials.check("accessKeyId", "ok~!");
  }
}
