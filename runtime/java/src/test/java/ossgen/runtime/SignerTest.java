package ossgen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The signing primitives against the request vectors of model/oss.yaml (tests.requests: append-first-v4,
 * cross-checked against ali-oss, and append-first-v1), with the model's scheme parameters.
 */
class SignerTest {
  static final Signer.V4 SIGNER_V4 = new Signer.V4("OSS4-HMAC-SHA256", "oss", "aliyun_v4", "aliyun_v4_request", "x-oss-date", "x-oss-content-sha256", "UNSIGNED-PAYLOAD");
  static final Signer SIGNER = new Signer(
      SIGNER_V4,
      new Signer.V1("OSS", "Date"),
      "x-oss-",
      Set.of("content-md5", "content-type"),
      Set.of("acl", "append", "position", "tagging", "versionId"),
      "x-oss-security-token");
  static final Credentials CREDENTIALS = new Credentials("ak", "sk", null);
  static final List<QueryParam> APPEND_AT_0 = List.of(QueryParam.flag("append"), new QueryParam("position", "0"));

  static Map<String, String> headers() {
    Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.put("Content-Type", "text/plain");
    return h;
  }

  @Test
  void v4MatchesTheModelsVector() {
    Map<String, String> h = headers();
    SIGNER.signV4(h, CREDENTIALS, "cn-hangzhou", Instant.parse("2023-12-16T16:20:57Z"), "POST", "examplebucket", "log.txt", APPEND_AT_0);
    assertEquals("OSS4-HMAC-SHA256 Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request,Signature=02341375f8b11c03cbed0dcb7a6d21ed2983c311519d0c242176ef2b9261ed41", h.get("authorization"));
    assertEquals("20231216T162057Z", h.get("x-oss-date"));
    assertEquals("UNSIGNED-PAYLOAD", h.get("x-oss-content-sha256"));
    assertFalse(h.containsKey("x-oss-security-token"));
  }

  /** The signing key is kept between requests: a request of another day, region or secret must not sign with it. */
  @Test
  void v4SignsWithTheKeyOfEachRequestsDayRegionAndSecret() {
    Signer signer = new Signer(SIGNER_V4, new Signer.V1("OSS", "Date"), "x-oss-", Set.of("content-md5", "content-type"), Set.of("append", "position"), "x-oss-security-token");
    Instant vectorTime = Instant.parse("2023-12-16T16:20:57Z");
    String vector = "OSS4-HMAC-SHA256 Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request,Signature=02341375f8b11c03cbed0dcb7a6d21ed2983c311519d0c242176ef2b9261ed41";
    Object[][] others = {
      {CREDENTIALS, "cn-hangzhou", vectorTime.plusSeconds(86_400)},
      {CREDENTIALS, "cn-beijing", vectorTime},
      {new Credentials("ak", "other-secret", null), "cn-hangzhou", vectorTime},
    };
    for (Object[] other : others) {
      Map<String, String> h = headers();
      signer.signV4(h, (Credentials) other[0], (String) other[1], (Instant) other[2], "POST", "examplebucket", "log.txt", APPEND_AT_0);
      // The same request signed by a signer that never signed anything else.
      Map<String, String> fresh = headers();
      new Signer(SIGNER_V4, new Signer.V1("OSS", "Date"), "x-oss-", Set.of("content-md5", "content-type"), Set.of("append", "position"), "x-oss-security-token")
          .signV4(fresh, (Credentials) other[0], (String) other[1], (Instant) other[2], "POST", "examplebucket", "log.txt", APPEND_AT_0);
      assertEquals(fresh.get("authorization"), h.get("authorization"));
      Map<String, String> again = headers();
      signer.signV4(again, CREDENTIALS, "cn-hangzhou", vectorTime, "POST", "examplebucket", "log.txt", APPEND_AT_0);
      assertEquals(vector, again.get("authorization"));
    }
  }

  @Test
  void v4CanonicalRequestHasTheSignedHeadersAnEmptyLineAndThePayloadHash() {
    Map<String, String> h = headers();
    h.put("x-oss-date", "20231216T162057Z");
    h.put("X-Oss-Meta-A", "  b ");
    h.put("Cache-Control", "no-cache");
    assertEquals("POST\n/examplebucket/log.txt\nappend&position=0\ncontent-type:text/plain\nx-oss-date:20231216T162057Z\nx-oss-meta-a:b\n\n\nUNSIGNED-PAYLOAD",
        SIGNER.v4CanonicalRequest("POST", "/examplebucket/log.txt", "append&position=0", h));
  }

  @Test
  void v1MatchesTheModelsVector() {
    Map<String, String> h = headers();
    SIGNER.signV1(h, CREDENTIALS, Instant.parse("2022-12-28T10:27:41Z"), "POST", "examplebucket", "log.txt", APPEND_AT_0);
    assertEquals("OSS ak:f3st39NafMvMyEMjLiZuX3Ll/8w=", h.get("Authorization"));
    assertEquals("Wed, 28 Dec 2022 10:27:41 GMT", h.get("date"));
  }

  @Test
  void v1SignsSortedSubresourcesOnly() {
    Map<String, String> h = headers();
    h.put("Date", "Wed, 28 Dec 2022 10:27:41 GMT");
    assertEquals("POST\n\ntext/plain\nWed, 28 Dec 2022 10:27:41 GMT\n/b/k?append&position=4",
        SIGNER.v1StringToSign("POST", h, "b", "k", List.of(new QueryParam("position", "4"), new QueryParam("other", "x"), QueryParam.flag("append"))));
  }

  @Test
  void aSessionTokenIsSentAndSigned() {
    Map<String, String> h = headers();
    SIGNER.signV4(h, new Credentials("ak", "sk", "token"), "cn-hangzhou", Instant.parse("2023-12-16T16:20:57Z"), "POST", "examplebucket", "log.txt", APPEND_AT_0);
    assertEquals("token", h.get("x-oss-security-token"));
    // The token is an x-oss- header, so it changes the signature.
    assertFalse(h.get("Authorization").endsWith("02341375f8b11c03cbed0dcb7a6d21ed2983c311519d0c242176ef2b9261ed41"));
  }

  @Test
  void escapesUtf8AndKeepsSlashesInPaths() {
    assertEquals("a/b%20c/%E6%97%A5%E5%BF%97~._-", Signer.escape("a/b c/日志~._-", true));
    assertEquals("a%2Fb", Signer.escape("a/b", false));
    assertEquals("append&position=0&z=%26", Signer.canonicalQuery(List.of(new QueryParam("z", "&"), new QueryParam("position", "0"), QueryParam.flag("append"))));
  }

  /** What needs no encoding is returned as it is (no copy per request); out-of-order parameters are sorted stably. */
  @Test
  void escapeKeepsPlainTextAndTheQueryIsSortedStably() {
    String plain = "examplebucket/logs/app-1.log";
    assertSame(plain, Signer.escape(plain, true));
    assertEquals("examplebucket%2Flogs", Signer.escape("examplebucket/logs", false));
    assertEquals("%C3%A9", Signer.escape("é", true));
    assertEquals("append&position=5", Signer.canonicalQuery(List.of(QueryParam.flag("append"), new QueryParam("position", "5"))));
    assertEquals("a=2&a=1&b=0", Signer.canonicalQuery(List.of(new QueryParam("b", "0"), new QueryParam("a", "2"), new QueryParam("a", "1"))));
    assertEquals("", Signer.canonicalQuery(List.of()));
  }

  @Test
  void hmacAndHashPrimitives() {
    // RFC 4231 test case 2.
    assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", Signer.hex(Signer.hmacSha256("Jefe".getBytes(), "what do ya want for nothing?")));
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Signer.hex(Signer.sha256(new byte[0])));
  }
}
