package ossgen.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The transport over the JDK's {@link HttpClient}: HTTP/1.1 (no upgrade attempt), redirects never
 * followed (a 3xx is returned as it is, so credentials go nowhere else), bodies streamed from the
 * request's {@link MeteredBody} with their exact Content-Length, answers streamed back.
 */
public final class HttpTransport implements Transport {
  private final HttpClient client;

  /** A client of its own that connects within {@code connectTimeout}. */
  public HttpTransport(Duration connectTimeout) {
    this(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).connectTimeout(connectTimeout).build());
  }

  /** The given client (its redirect policy is the caller's: keep it NEVER). */
  public HttpTransport(HttpClient client) {
    this.client = client;
  }

  @Override
  public WireResponse send(WireRequest r) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(r.uri()).timeout(r.timeout()).version(HttpClient.Version.HTTP_1_1);
    for (Map.Entry<String, String> h : r.headers().entrySet()) b.header(h.getKey(), h.getValue());
    HttpRequest.BodyPublisher publisher;
    MeteredBody body = r.body();
    if (body == null) {
      publisher = HttpRequest.BodyPublishers.noBody();
    } else if (body.length() == 0) {
      // An empty body still says Content-Length: 0 (a POST or PUT without one is refused).
      publisher = HttpRequest.BodyPublishers.ofByteArray(new byte[0]);
    } else {
      publisher = HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
        try {
          return body.open();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }), body.length());
    }
    b.method(r.method(), publisher);
    HttpResponse<InputStream> response;
    try {
      response = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    Map<String, List<String>> headers = new TreeMap<>();
    for (Map.Entry<String, List<String>> h : response.headers().map().entrySet()) headers.put(h.getKey().toLowerCase(Locale.ROOT), List.copyOf(h.getValue()));
    return new WireResponse(response.statusCode(), headers, response.body());
  }
}
