package ossgen.runtime;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A streamed download with no overall limit, but where each read must get a byte within {@code idle}: a
 * server that stops sending does not hang the reader. When a read runs out of time the stream is closed
 * under it and the read fails with an {@link HttpTimeoutException} (an IOException), so that a time limit
 * that ran out reads as one, as it does for the transport and {@link WireResponse#readBody(int, Duration)}.
 */
public final class IdleTimeoutInputStream extends FilterInputStream {
  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "idle-timeout-watchdog");
    t.setDaemon(true);
    return t;
  });

  private final long idleMillis;
  private volatile boolean timedOut;

  public IdleTimeoutInputStream(InputStream in, Duration idle) {
    super(in);
    this.idleMillis = Math.max(1, idle.toMillis());
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    ScheduledFuture<?> guard = WATCHDOG.schedule(this::expire, idleMillis, TimeUnit.MILLISECONDS);
    try {
      return super.read(b, off, len);
    } catch (IOException e) {
      if (timedOut) throw (IOException) new HttpTimeoutException("no byte of the body arrived for " + idleMillis + " ms").initCause(e);
      throw e;
    } finally {
      guard.cancel(false);
    }
  }

  private void expire() {
    timedOut = true;
    try {
      in.close();
    } catch (IOException e) {
      // The blocked read reports the time-out.
    }
  }
}
