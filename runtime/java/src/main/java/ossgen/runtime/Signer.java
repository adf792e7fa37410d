package ossgen.runtime;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two signature schemes, with every service-specific text (algorithm names, header names, the
 * signing-key chain's prefix and terminator, the signed headers and sub-resources) given by the
 * generated client from the model. Headers are a case-insensitive map, name to value.
 */
public final class Signer {
  /** V4: an HMAC-SHA256 signing-key chain over date, region and product, and a canonical request. */
  public record V4(String algorithm, String product, String secretPrefix, String scopeTerminator, String dateHeader, String payloadHashHeader, String payloadHash) {}

  /** V1: an HMAC-SHA1 over the method, content headers, date, signed headers and resource. */
  public record V1(String algorithm, String dateHeader) {}

  private static final DateTimeFormatter V4_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter V1_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  private final V4 v4;
  private final V1 v1;
  private final String signedHeaderPrefix;
  private final Set<String> signedHeaders;
  private final Set<String> signedSubresources;
  private final String securityTokenHeader;

  /**
   * @param signedHeaderPrefix V4 and V1 sign every header with this (lower-case) prefix
   * @param signedHeaders the other (lower-case) headers V4 signs when present
   * @param signedSubresources the query parameters V1 signs
   */
  public Signer(V4 v4, V1 v1, String signedHeaderPrefix, Set<String> signedHeaders, Set<String> signedSubresources, String securityTokenHeader) {
    this.v4 = v4;
    this.v1 = v1;
    this.signedHeaderPrefix = signedHeaderPrefix;
    this.signedHeaders = Set.copyOf(signedHeaders);
    this.signedSubresources = Set.copyOf(signedSubresources);
    this.securityTokenHeader = securityTokenHeader;
  }

  /** Adds the V4 date, payload-hash, token and Authorization headers. */
  public void signV4(Map<String, String> headers, Credentials credentials, String region, Instant now, String method, String bucket, String key, List<QueryParam> query) {
    String stamp = V4_DATE.format(now);
    if (!credentials.securityToken().isEmpty()) headers.put(securityTokenHeader, credentials.securityToken());
    headers.put(v4.dateHeader(), stamp);
    headers.put(v4.payloadHashHeader(), v4.payloadHash());
    String signature = v4Signature(credentials.accessKeySecret(), region, stamp, method, "/" + escape(bucket, true) + "/" + escape(key, true), canonicalQuery(query), headers);
    headers.put("Authorization", v4.algorithm() + " Credential=" + credentials.accessKeyId() + "/" + scope(stamp, region) + ",Signature=" + signature);
  }

  /** The V4 credential scope of a signing time and region: date/region/product/terminator. */
  public String scope(String stamp, String region) {
    return stamp.substring(0, 8) + "/" + region + "/" + v4.product() + "/" + v4.scopeTerminator();
  }

  /** The canonical request V4 signs: method, URI, query, signed headers, an empty line and the payload hash. */
  public String v4CanonicalRequest(String method, String canonicalUri, String canonicalQuery, Map<String, String> headers) {
    return v4CanonicalRequest(method, canonicalUri, canonicalQuery, headers, v4.payloadHash());
  }

  /** The canonical request with the payload hash given (a presigned URL's differs from a header-signed request's). */
  public String v4CanonicalRequest(String method, String canonicalUri, String canonicalQuery, Map<String, String> headers, String payloadHash) {
    StringBuilder lines = new StringBuilder();
    for (String line : canonicalHeaders(headers, true)) lines.append(line).append('\n');
    return String.join("\n", method, canonicalUri, canonicalQuery, lines.toString(), "", payloadHash);
  }

  /** The hex V4 signature of a request whose date header is {@code stamp}. */
  public String v4Signature(String secret, String region, String stamp, String method, String canonicalUri, String canonicalQuery, Map<String, String> headers) {
    return v4Signature(secret, region, stamp, method, canonicalUri, canonicalQuery, headers, v4.payloadHash());
  }

  /** {@link #v4Signature(String, String, String, String, String, String, Map)} with the payload hash given. */
  public String v4Signature(String secret, String region, String stamp, String method, String canonicalUri, String canonicalQuery, Map<String, String> headers, String payloadHash) {
    String canonical = v4CanonicalRequest(method, canonicalUri, canonicalQuery, headers, payloadHash);
    String stringToSign = v4.algorithm() + "\n" + stamp + "\n" + scope(stamp, region) + "\n" + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
    return hex(signingMac(secret, stamp.substring(0, 8), region).doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
  }

  /** The V4 signing key of a secret, day (yyyyMMdd) and region: the HMAC-SHA256 chain over day, region, product and terminator. */
  byte[] v4SigningKey(String secret, String day, String region) {
    byte[] key = hmacSha256((v4.secretPrefix() + secret).getBytes(StandardCharsets.UTF_8), day);
    key = hmacSha256(key, region);
    key = hmacSha256(key, v4.product());
    key = hmacSha256(key, v4.scopeTerminator());
    return key;
  }

  /** The last V4 signing key derived, as an HMAC keyed with it (never used itself: each signature uses a copy). */
  private record SigningKey(String secret, String day, String region, Mac mac) {}

  private volatile SigningKey signingKey;

  /**
   * A fresh HMAC-SHA256 keyed with the V4 signing key of secret, day and region. The key depends on nothing else,
   * so it is derived (four HMACs) when one of them changes, not once a request; a copy of the keyed HMAC costs
   * less than keying a new one (issue #21).
   */
  private Mac signingMac(String secret, String day, String region) {
    SigningKey k = signingKey;
    if (k == null || !k.day().equals(day) || !k.region().equals(region) || !k.secret().equals(secret)) {
      k = new SigningKey(secret, day, region, keyedMac("HmacSHA256", v4SigningKey(secret, day, region)));
      signingKey = k;
    }
    return copy(k.mac());
  }

  /** Adds the V1 date, token and Authorization headers. */
  public void signV1(Map<String, String> headers, Credentials credentials, Instant now, String method, String bucket, String key, List<QueryParam> query) {
    if (!credentials.securityToken().isEmpty()) headers.put(securityTokenHeader, credentials.securityToken());
    headers.put(v1.dateHeader(), V1_DATE.format(now));
    headers.put("Authorization", v1.algorithm() + " " + credentials.accessKeyId() + ":" + v1Signature(credentials.accessKeySecret(), method, headers, bucket, key, query));
  }

  /** The V1 string to sign. */
  public String v1StringToSign(String method, Map<String, String> headers, String bucket, String key, List<QueryParam> query) {
    return v1StringToSign(method, headers, bucket, key, query, Set.of());
  }

  /** The V1 string to sign, with {@code extraSigned} query parameters signed besides the sub-resources (a presigned URL's token). */
  public String v1StringToSign(String method, Map<String, String> headers, String bucket, String key, List<QueryParam> query, Set<String> extraSigned) {
    StringBuilder b = new StringBuilder();
    b.append(method).append('\n');
    b.append(get(headers, "Content-MD5")).append('\n');
    b.append(get(headers, "Content-Type")).append('\n');
    b.append(get(headers, v1.dateHeader())).append('\n');
    for (String line : canonicalHeaders(headers, false)) b.append(line).append('\n');
    b.append('/').append(bucket).append('/').append(key);
    List<String> sub = new ArrayList<>();
    for (QueryParam p : query) {
      if (!signedSubresources.contains(p.name()) && !extraSigned.contains(p.name())) continue;
      sub.add(p.isFlag() ? p.name() : p.name() + "=" + p.value());
    }
    if (!sub.isEmpty()) {
      sub.sort(Comparator.naturalOrder());
      b.append('?').append(String.join("&", sub));
    }
    return b.toString();
  }

  /** The base64 V1 signature. */
  public String v1Signature(String secret, String method, Map<String, String> headers, String bucket, String key, List<QueryParam> query) {
    return v1Signature(secret, method, headers, bucket, key, query, Set.of());
  }

  /** The base64 V1 signature with {@code extraSigned} query parameters signed besides the sub-resources. */
  public String v1Signature(String secret, String method, Map<String, String> headers, String bucket, String key, List<QueryParam> query, Set<String> extraSigned) {
    return Base64.getEncoder().encodeToString(hmac("HmacSHA1", secret.getBytes(StandardCharsets.UTF_8), v1StringToSign(method, headers, bucket, key, query, extraSigned)));
  }

  /** The V4 signing time of an instant, {@code yyyyMMdd'T'HHmmss'Z'}. */
  public static String v4Stamp(Instant now) {
    return V4_DATE.format(now);
  }

  /** The V4 algorithm name (a presigned V4 URL names it in its query). */
  public String v4Algorithm() {
    return v4.algorithm();
  }

  /** V1's date header: a presigned V1 URL signs its expiry in that line. */
  public String v1DateHeader() {
    return v1.dateHeader();
  }

  /** Signed headers as {@code name:value} lines (lower-case names, trimmed values), sorted. */
  List<String> canonicalHeaders(Map<String, String> headers, boolean withContent) {
    TreeSet<String> lines = new TreeSet<>();
    for (Map.Entry<String, String> h : headers.entrySet()) {
      String lower = h.getKey().toLowerCase(Locale.ROOT);
      if (lower.startsWith(signedHeaderPrefix) || (withContent && signedHeaders.contains(lower))) lines.add(lower + ":" + h.getValue().trim());
    }
    return new ArrayList<>(lines);
  }

  private static String get(Map<String, String> headers, String name) {
    for (Map.Entry<String, String> h : headers.entrySet()) if (h.getKey().equalsIgnoreCase(name)) return h.getValue();
    return "";
  }

  /** Percent-encodes every byte of the UTF-8 text but the unreserved ones (and '/' when kept), with upper-case hex. */
  public static String escape(String s, boolean keepSlash) {
    int plain = 0;
    while (plain < s.length() && unreserved(s.charAt(plain), keepSlash)) plain++;
    if (plain == s.length()) return s; // nothing to encode (the usual bucket, key and parameter): no copy
    StringBuilder b = new StringBuilder();
    for (byte raw : s.getBytes(StandardCharsets.UTF_8)) {
      int c = raw & 0xff;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~' || (keepSlash && c == '/')) {
        b.append((char) c);
      } else {
        b.append('%').append(HEX_UPPER[c >> 4]).append(HEX_UPPER[c & 15]);
      }
    }
    return b.toString();
  }

  /** Whether {@link #escape} keeps the character as it is (ASCII only: any other is encoded from its UTF-8 bytes). */
  private static boolean unreserved(char c, boolean keepSlash) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~' || (keepSlash && c == '/');
  }

  private static final Comparator<QueryParam> BY_NAME = Comparator.comparing(QueryParam::name);

  /** The query on the wire and in V4 canonical requests: sorted by name (stable), escaped, flags without '='. */
  public static String canonicalQuery(List<QueryParam> query) {
    // Copied to be sorted only when out of order: a stable sort leaves parameters in order as they are (an append's).
    List<QueryParam> sorted = query;
    for (int i = 1; i < query.size(); i++) {
      if (BY_NAME.compare(query.get(i - 1), query.get(i)) > 0) {
        sorted = new ArrayList<>(query);
        sorted.sort(BY_NAME);
        break;
      }
    }
    StringBuilder b = new StringBuilder();
    for (QueryParam p : sorted) {
      if (b.length() > 0) b.append('&');
      b.append(escape(p.name(), false));
      if (!p.isFlag()) b.append('=').append(escape(p.value(), false));
    }
    return b.toString();
  }

  private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();
  private static final char[] HEX_LOWER = "0123456789abcdef".toCharArray();

  public static String hex(byte[] data) {
    char[] out = new char[data.length * 2];
    for (int i = 0; i < data.length; i++) {
      out[2 * i] = HEX_LOWER[(data[i] >> 4) & 15];
      out[2 * i + 1] = HEX_LOWER[data[i] & 15];
    }
    return new String(out);
  }

  // Prototypes copied for each use: looking an algorithm up in the JDK's providers costs more than the hash of a request.
  private static final MessageDigest SHA256 = prototype(() -> MessageDigest.getInstance("SHA-256"));
  private static final Mac HMAC_SHA256 = prototype(() -> Mac.getInstance("HmacSHA256"));
  private static final Mac HMAC_SHA1 = prototype(() -> Mac.getInstance("HmacSHA1"));

  private interface Lookup<T> {
    T get() throws GeneralSecurityException;
  }

  private static <T> T prototype(Lookup<T> lookup) {
    try {
      T prototype = lookup.get();
      // The first copy picks the provider, changing the prototype: done here, once, before any thread shares it.
      copy(prototype);
      return prototype;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks an algorithm the signatures need", e);
    }
  }

  private static <T> T copy(T prototype) {
    try {
      @SuppressWarnings("unchecked")
      T copy = (T) (prototype instanceof Mac m ? m.clone() : ((MessageDigest) prototype).clone());
      return copy;
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the JDK's " + prototype + " cannot be copied", e);
    }
  }

  public static byte[] sha256(byte[] data) {
    return copy(SHA256).digest(data);
  }

  public static byte[] hmacSha256(byte[] key, String data) {
    return hmac("HmacSHA256", key, data);
  }

  private static Mac keyedMac(String algorithm, byte[] key) {
    Mac mac = copy(algorithm.equals("HmacSHA256") ? HMAC_SHA256 : HMAC_SHA1);
    try {
      mac.init(new SecretKeySpec(key, algorithm));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK refused a " + algorithm + " key", e);
    }
    return mac;
  }

  private static byte[] hmac(String algorithm, byte[] key, String data) {
    return keyedMac(algorithm, key).doFinal(data.getBytes(StandardCharsets.UTF_8));
  }
}
