package ossgen.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Locale;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** An answer: status, headers by lower-case name, and the body as a stream the caller reads and closes. */
public record WireResponse(int status, Map<String, List<String>> headers, InputStream body) implements AutoCloseable {
  /**
   * The body of an answer that says Content-Length: 0: it ends at once, for every reader, closed or not (one
   * instance for all such answers), and reading it needs no watchdog.
   */
  public static final InputStream EMPTY_BODY = new InputStream() {
    @Override
    public int read() {
      return -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      Objects.checkFromIndexSize(off, len, b.length);
      return len == 0 ? 0 : -1;
    }
  };

  /** The first value of a header, or null when absent. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** Reads at most {@code limit} bytes of the body and closes it. */
  public byte[] readBody(int limit) throws IOException {
    try (InputStream in = body) {
      return in == null ? new byte[0] : in.readNBytes(limit);
    }
  }

  /**
   * Reads at most {@code limit} bytes of the body within {@code within}, and closes it. A server that drips
   * the body (or never ends it) does not keep the call alive: when the time runs out the body is closed
   * under the reader, whose read then fails with an {@link HttpTimeoutException}.
   */
  public byte[] readBody(int limit, Duration within) throws IOException {
    if (body == EMPTY_BODY) return new byte[0];
    AtomicBoolean expired = new AtomicBoolean();
    ScheduledFuture<?> guard = WATCHDOG.schedule(() -> {
      expired.set(true);
      closeQuietly();
    }, Math.max(1, within.toMillis()), TimeUnit.MILLISECONDS);
    try {
      return readBody(limit);
    } catch (IOException e) {
      // The body closed by the watchdog: the time ran out (a dripped body), which the caller reports as a timeout.
      if (expired.get()) throw (IOException) new HttpTimeoutException("the body did not arrive within " + within.toMillis() + " ms").initCause(e);
      throw e;
    } finally {
      guard.cancel(false);
    }
  }

  /** Closes the body from the watchdog's thread when a read runs out of time. */
  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "wire-response-watchdog");
    t.setDaemon(true);
    return t;
  });

  private void closeQuietly() {
    try {
      close();
    } catch (IOException e) {
      // The reader sees the failure; nothing else to do here.
    }
  }

  @Override
  public void close() throws IOException {
    if (body != null) body.close();
  }
}
