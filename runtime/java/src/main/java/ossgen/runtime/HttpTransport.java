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
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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
 *
 * <p>The request goes out with the blocking {@code send} and its deadline interrupts the waiting thread (the JDK
 * then aborts the exchange), rather than {@code sendAsync} and a timed wait: the JDK hands every answer of
 * {@code sendAsync} on through the common ForkJoinPool, one more thread hop per request, which cost about half a
 * millisecond of CPU per 1 KiB append here (issue #21).
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
    HttpResponse<InputStream> response = sendWithin(b.build(), r.timeout());
    Map<String, List<String>> headers = new TreeMap<>();
    for (Map.Entry<String, List<String>> h : response.headers().map().entrySet()) headers.put(h.getKey().toLowerCase(Locale.ROOT), List.copyOf(h.getValue()));
    return new WireResponse(response.statusCode(), headers, response.body());
  }

  /**
   * An answer's body as a stream; one that says Content-Length: 0 (an append's) is {@link WireResponse#EMPTY_BODY},
   * which the JDK hands over without the stream subscriber's queue, and whose reading needs no watchdog.
   */
  static final HttpResponse.BodyHandler<InputStream> BODY = info -> info.headers().firstValueAsLong("content-length").orElse(-1) == 0
      ? HttpResponse.BodySubscribers.replacing(WireResponse.EMPTY_BODY)
      : HttpResponse.BodySubscribers.ofInputStream();

  /** Interrupts the threads whose requests ran out of time (one daemon thread for every transport). */
  private static final ScheduledThreadPoolExecutor DEADLINES = deadlineTimer();

  private static ScheduledThreadPoolExecutor deadlineTimer() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
      Thread t = new Thread(task, "http-transport-deadline");
      t.setDaemon(true);
      return t;
    });
    return timer;
  }

  /** The timer tasks pending, for tests. */
  static int pendingTimers() {
    return DEADLINES.getQueue().size();
  }

  /** The deadline of the requests sent from each thread (one at a time: {@code send} blocks), reused request after request. */
  private static final ThreadLocal<Deadline> DEADLINE = ThreadLocal.withInitial(() -> new Deadline(Thread.currentThread()));

  /**
   * The answer once its headers are in, within {@code timeout} of the request's start. When the time runs out
   * the waiting thread is interrupted, which makes the JDK abort the exchange (closing its connection), and the
   * request fails with an {@link HttpTimeoutException}; an answer that came just as it ran out is returned as any
   * other, and the thread is left uninterrupted. An interrupt from elsewhere stays an InterruptedException.
   */
  private HttpResponse<InputStream> sendWithin(HttpRequest request, Duration timeout) throws IOException, InterruptedException {
    Deadline deadline = DEADLINE.get();
    deadline.start(timeout.toNanos());
    try {
      return client.send(request, BODY);
    } catch (UncheckedIOException e) {
      // A body that could not be opened (RequestBody.open) fails inside the JDK's publisher.
      throw e.getCause();
    } catch (InterruptedException e) {
      if (deadline.finish()) throw (IOException) new HttpTimeoutException("request timed out after " + timeout.toMillis() + " ms").initCause(e);
      throw e;
    } finally {
      deadline.finish();
    }
  }

  /**
   * The deadline of the request under way on one thread: interrupts the thread when it runs out, unless the request
   * is already over. Its timer task is not scheduled and cancelled per request (each schedule at the head of the
   * timer's queue wakes the timer's thread, one more thread hop per request): a task already pending that runs no
   * later than the new request's deadline is kept, and when it runs it looks at the request then under way,
   * interrupting it if its time is up and otherwise waiting again until it is. With back-to-back requests under one
   * timeout the timer's thread wakes about once per timeout, not twice per request.
   */
  static final class Deadline {
    private final Thread thread;
    private boolean over;
    private boolean expired;
    /** When the request under way runs out, in {@link System#nanoTime()}. */
    private long due;
    /** Whether a check is pending, and when it runs (the latest one scheduled; earlier-scheduled ones do nothing). */
    private boolean checkPending;
    private long checkAt;

    /** A deadline whose request is under way with no timer (started by {@link #start}). */
    Deadline(Thread thread) {
      this.thread = thread;
    }

    /** The next request on this thread starts: it runs out {@code timeoutNanos} from now. */
    synchronized void start(long timeoutNanos) {
      over = false;
      expired = false;
      due = System.nanoTime() + timeoutNanos;
      if (!checkPending || checkAt - due > 0) scheduleCheck(due, timeoutNanos);
    }

    private void scheduleCheck(long at, long delayNanos) {
      checkPending = true;
      checkAt = at;
      DEADLINES.schedule(() -> check(at), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }

    /** The timer's task: the request under way is out of time, or gets a check at its own deadline. */
    synchronized void check(long at) {
      if (!checkPending || at != checkAt) return; // a later-scheduled check replaced this one
      checkPending = false;
      if (over) return;
      long left = due - System.nanoTime();
      if (left <= 0) {
        expire();
      } else {
        scheduleCheck(due, left);
      }
    }

    /** The time ran out: interrupts the thread if its request is still under way. */
    synchronized void expire() {
      if (over) return;
      expired = true;
      thread.interrupt();
    }

    /**
     * On the request's own thread, once it is over: whether the time ran out. An interrupt made here is taken back
     * (the flag cleared), so a deadline that ran out just after the answer leaves nothing behind.
     */
    synchronized boolean finish() {
      if (!over) {
        over = true;
        if (expired) Thread.interrupted();
      }
      return expired;
    }
  }
}
