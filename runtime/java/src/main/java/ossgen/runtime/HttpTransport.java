package ossgen.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The transport over the JDK's {@link HttpClient}: HTTP/1.1 (no upgrade attempt), redirects never
 * followed (a 3xx is returned as it is, so credentials go nowhere else), bodies streamed from the
 * request's {@link MeteredBody} with their exact Content-Length, answers streamed back.
 *
 * <p>The request's timeout is kept here, not given to the JDK ({@code HttpRequest.timeout}): the JDK's
 * timer is cancelled only once the answer's headers have been handed on, on another thread, so a timer
 * that runs out in that window (its headers just in, a loaded machine) closes the connection under an
 * answer already returned, and its body then fails with a bare "closed" that says nothing of time. Waiting
 * here instead, the answer is either handed over in time, and nothing of this request closes its body
 * afterwards, or it is not, and the request is aborted with an {@link HttpTimeoutException}.
 */
public final class HttpTransport implements Transport {
  /**
   * The size of the pieces a body in memory is handed to the JDK in (views of the caller's array, no copy). The
   * JDK copies a heap buffer whole into a direct one on each write attempt, so a piece much larger than the
   * socket takes at once would be copied again and again; 64 KiB pieces are a quarter of the JDK's own 16 KiB
   * pieces' count.
   */
  static final int PIECE = 64 * 1024;

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
    HttpRequest.Builder b = HttpRequest.newBuilder(r.uri()).version(HttpClient.Version.HTTP_1_1);
    for (Map.Entry<String, String> h : r.headers().entrySet()) b.header(h.getKey(), h.getValue());
    HttpRequest.BodyPublisher publisher;
    MeteredBody body = r.body();
    Flow.Publisher<ByteBuffer> inMemory = body == null ? null : body.publisherOrNull(PIECE);
    if (body == null) {
      publisher = HttpRequest.BodyPublishers.noBody();
    } else if (body.length() == 0) {
      // An empty body still says Content-Length: 0 (a POST or PUT without one is refused).
      publisher = HttpRequest.BodyPublishers.ofByteArray(new byte[0]);
    } else if (inMemory != null) {
      publisher = HttpRequest.BodyPublishers.fromPublisher(inMemory, body.length());
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
    HttpResponse<InputStream> response = await(client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofInputStream()), r.timeout());
    Map<String, List<String>> headers = new TreeMap<>();
    for (Map.Entry<String, List<String>> h : response.headers().map().entrySet()) headers.put(h.getKey().toLowerCase(Locale.ROOT), List.copyOf(h.getValue()));
    return new WireResponse(response.statusCode(), headers, response.body());
  }

  /**
   * The answer once its headers are in, within {@code timeout} of the request's start. When the time runs
   * out the request is aborted (cancelling the JDK's future closes its connection); an answer that came
   * just as it ran out (the future already done, so not cancelled) is returned as any other.
   */
  private static HttpResponse<InputStream> await(CompletableFuture<HttpResponse<InputStream>> pending, Duration timeout) throws IOException, InterruptedException {
    try {
      try {
        return pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        if (pending.cancel(true)) throw (IOException) new HttpTimeoutException("request timed out after " + timeout.toMillis() + " ms").initCause(e);
        return pending.get();
      } catch (InterruptedException e) {
        pending.cancel(true);
        throw e;
      }
    } catch (ExecutionException e) {
      throw failureOf(e.getCause());
    } catch (CancellationException e) {
      throw new IOException("request cancelled", e);
    }
  }

  /** The failure of a request as the blocking send would throw it: its IOException, unwrapped. */
  private static IOException failureOf(Throwable cause) {
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) cause = cause.getCause();
    // A body that could not be opened (RequestBody.open) fails inside the JDK's publisher.
    if (cause instanceof UncheckedIOException u) return u.getCause();
    if (cause instanceof IOException io) return io;
    if (cause instanceof RuntimeException re) throw re;
    if (cause instanceof Error err) throw err;
    return new IOException(cause);
  }
}
