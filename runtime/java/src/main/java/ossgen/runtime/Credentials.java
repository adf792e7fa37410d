package ossgen.runtime;

import java.util.Objects;

/**
 * An access key pair and an optional security token. {@link #toString()} shows the key id only:
 * logging a client, its options or its credentials never prints the secret or the token.
 */
public final class Credentials {
  private final String accessKeyId;
  private final String accessKeySecret;
  private final String securityToken;

  public Credentials(String accessKeyId, String accessKeySecret, String securityToken) {
    this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
    this.accessKeySecret = Objects.requireNonNull(accessKeySecret, "accessKeySecret");
    this.securityToken = securityToken == null ? "" : securityToken;
  }

  public String accessKeyId() {
    return accessKeyId;
  }

  public String accessKeySecret() {
    return accessKeySecret;
  }

  /** The STS token, or "" for none. */
  public String securityToken() {
    return securityToken;
  }

  /**
   * Refuses a credential that is not header material (any byte outside printable ASCII 0x21-0x7E: a
   * space, a tab, CR, LF, NUL, non-ASCII). The message names the setting and never any part of the value.
   */
  public static void check(String setting, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new ValidationException(setting, "must be printable ASCII without spaces, tabs, CR, LF or NUL (a trailing newline read from a file is a common cause); its value is not shown");
      }
    }
  }

  @Override
  public String toString() {
    return "Credentials{accessKeyId=" + accessKeyId + ", accessKeySecret=<hidden>, securityToken=" + (securityToken.isEmpty() ? "<none>" : "<hidden>") + "}";
  }
}
