package ossgen.runtime;

import java.net.URI;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request anyone can send until {@link #expiration()}: {@link #method()} to {@link #url()} with
 * {@link #headers()} and no Authorization, the authorization being in the URL's query. The signed
 * headers among {@link #headers()} must be sent with exactly these values; the body is not part of
 * the URL. {@link #toString()} leaves out the query, where the signature and any token travel.
 */
public record PresignedRequest(String method, URI url, Instant expiration, Map<String, String> headers) {
  public PresignedRequest {
    Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(headers);
    headers = Collections.unmodifiableMap(copy);
  }

  @Override
  public String toString() {
    return "PresignedRequest{method=" + method + ", url=" + url.getScheme() + "://" + url.getRawAuthority() + url.getRawPath() + "?<signed>, expiration=" + expiration + ", headers=" + headers.keySet() + "}";
  }
}
