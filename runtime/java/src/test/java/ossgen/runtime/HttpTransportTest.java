package ossgen.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JDK transport against the JDK's own HTTP server on loopback: streamed bodies, their length and CRC, progress, answers. */
class HttpTransportTest {
  HttpServer server;
  final List<byte[]> received = new CopyOnWriteArrayList<>();
  final List<String> lengths = new CopyOnWriteArrayList<>();
  final List<String> methods = new CopyOnWriteArrayList<>();
  final HttpTransport transport = new HttpTransport(Duration.ofSeconds(5));
  /** Set by /late once its headers are sent; counted down when the client hangs up on its body. */
  final AtomicBoolean answered = new AtomicBoolean();
  final CountDownLatch hungUp = new CountDownLatch(1);

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      methods.add(exchange.getRequestMethod());
      lengths.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Length")));
      received.add(exchange.getRequestBody().readAllBytes());
      if (exchange.getRequestURI().getPath().equals("/stall")) {
        // One byte, then nothing for longer than any idle time under test.
        exchange.sendResponseHeaders(200, 0);
        try {
          exchange.getResponseBody().write('<');
          exchange.getResponseBody().flush();
          Thread.sleep(3000);
        } catch (IOException | InterruptedException e) {
          // The client hung up, as it should.
        }
        exchange.close();
        return;
      }
      if (exchange.getRequestURI().getPath().equals("/late")) {
        // The headers at once, then a short body dripped over a second.
        exchange.sendResponseHeaders(409, 20);
        answered.set(true);
        try {
          for (int i = 0; i < 20; i++) {
            exchange.getResponseBody().write('<');
            exchange.getResponseBody().flush();
            Thread.sleep(50);
          }
        } catch (IOException | InterruptedException e) {
          hungUp.countDown();
        }
        exchange.close();
        return;
      }
      if (exchange.getRequestURI().getPath().equals("/drip")) {
        // Headers at once, then a body that never ends.
        exchange.sendResponseHeaders(409, 0);
        try {
          for (int i = 0; i < 100; i++) {
            exchange.getResponseBody().write('<');
            exchange.getResponseBody().flush();
            Thread.sleep(100);
          }
        } catch (IOException | InterruptedException e) {
          // The client hung up, as it should.
        }
        exchange.close();
        return;
      }
      if (exchange.getRequestURI().getPath().equals("/empty")) {
        // An answer without a body: Content-Length: 0, as an append's.
        exchange.getResponseHeaders().add("X-Oss-Request-Id", "rid");
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
        return;
      }
      if (exchange.getRequestURI().getPath().equals("/slow")) {
        try {
          Thread.sleep(1500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      byte[] answer = "<Error><Code>X</Code></Error>".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("X-Oss-Request-Id", "rid");
      exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/missing") ? 404 : 200, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  WireResponse send(String method, String path, MeteredBody body) throws Exception {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.put("Date", "Wed, 28 Dec 2022 10:27:41 GMT");
    return transport.send(new WireRequest(method, uri(path), headers, body, Duration.ofSeconds(5)));
  }

  @Test
  void streamsBytesFilesAndStreamsWithTheirLengthCrcAndProgress(@TempDir Path dir) throws Exception {
    byte[] data = new byte[300_001];
    new Random(1).nextBytes(data);
    Path file = dir.resolve("data.bin");
    Files.write(file, data);
    Crc64 crc = new Crc64(0xC96C5795D7870F42L);
    for (RequestBody body : new RequestBody[] {RequestBody.of(data), RequestBody.of(file), RequestBody.of(new ByteArrayInputStream(data), data.length)}) {
      received.clear();
      List<Long> progress = new ArrayList<>();
      MeteredBody metered = new MeteredBody(body, crc, 0, (sent, total) -> {
        assertEquals(data.length, total);
        progress.add(sent);
      });
      try (WireResponse r = send("POST", "/o", metered)) {
        assertEquals(200, r.status());
        assertEquals("rid", r.header("x-oss-request-id"));
      }
      assertArrayEquals(data, received.get(0));
      assertEquals(String.valueOf(data.length), lengths.get(lengths.size() - 1));
      assertEquals(data.length, metered.sent());
      assertEquals(crc.checksum(data), metered.crc());
      assertEquals((long) data.length, progress.get(progress.size() - 1));
      for (int i = 1; i < progress.size(); i++) assertTrue(progress.get(i) > progress.get(i - 1));
    }
  }

  @Test
  void anEmptyBodySaysContentLengthZero() throws Exception {
    try (WireResponse r = send("POST", "/o", new MeteredBody(RequestBody.empty(), null, 0, null))) {
      assertEquals(200, r.status());
    }
    assertEquals("0", lengths.get(0));
    assertEquals("POST", methods.get(0));
  }

  @Test
  void anErrorAnswerIsReturnedWithItsBody() throws Exception {
    try (WireResponse r = send("GET", "/missing", null)) {
      assertEquals(404, r.status());
      assertEquals("<Error><Code>X</Code></Error>", new String(r.readBody(1 << 20), StandardCharsets.UTF_8));
    }
  }

  @Test
  void aStreamThatEndsShortFailsTheRequest() {
    InputStream shortStream = new ByteArrayInputStream(new byte[10]);
    assertThrows(IOException.class, () -> send("POST", "/o", new MeteredBody(RequestBody.of(shortStream, 20), null, 0, null)));
  }

  @Test
  void aStreamIsSentOnce() throws Exception {
    RequestBody once = RequestBody.of(new ByteArrayInputStream(new byte[3]), 3);
    send("POST", "/o", new MeteredBody(once, null, 0, null)).close();
    assertThrows(IOException.class, once::open);
  }

  @Test
  void aDrippedBodyIsCutOffAtItsDeadline() throws Exception {
    long start = System.nanoTime();
    try (WireResponse r = send("GET", "/drip", null)) {
      assertEquals(409, r.status());
      assertThrows(IOException.class, () -> r.readBody(1 << 20, Duration.ofMillis(400)));
    }
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 5000, "the read was not cut off");
  }

  @Test
  void aDownloadThatStopsFailsAfterItsIdleTime() throws Exception {
    try (WireResponse r = send("GET", "/drip", null)) {
      InputStream body = new IdleTimeoutInputStream(r.body(), Duration.ofMillis(300));
      // Bytes keep coming every 100 ms, so an idle time of 300 ms never runs out while they do.
      assertEquals('<', body.read());
      assertEquals('<', body.read());
    }
    try (WireResponse r = send("GET", "/stall", null)) {
      InputStream stalled = new IdleTimeoutInputStream(r.body(), Duration.ofMillis(300));
      assertEquals('<', stalled.read());
      IOException e = assertThrows(IOException.class, () -> stalled.read());
      assertInstanceOf(HttpTimeoutException.class, e, "an idle time that ran out is a timeout: " + e);
      assertTrue(e.getMessage().contains("no byte of the body arrived"), e.getMessage());
    }
  }

  /**
   * The JDK client's own work slowed down once the server has answered (as on a loaded machine, where its
   * threads run late): the headers are in, but the client hands the answer over after the request's time.
   * That is a timeout, from the send or from reading the body, and never a body closed under its reader
   * for no stated reason. (With the timeout given to the JDK as HttpRequest.timeout, its timer ran out
   * before it was cancelled, closed the connection under the answer returned, and the body read failed
   * with "IOException: closed": the flaky aDrippedErrorBodyEndsTheCallAtTheTimeout.)
   */
  @Test
  void anAnswerHandedOverAfterTheTimeoutIsATimeoutNotAClosedBody() throws Exception {
    ExecutorService threads = Executors.newCachedThreadPool();
    // Every task of the client that starts after the server has answered waits longer than the timeout.
    Executor lateAfterTheAnswer = task -> threads.execute(() -> {
      if (answered.get()) {
        try {
          Thread.sleep(600);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      task.run();
    });
    try {
      HttpTransport slow = new HttpTransport(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).executor(lateAfterTheAnswer).build());
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      IOException e = assertThrows(IOException.class, () -> {
        try (WireResponse r = slow.send(new WireRequest("GET", uri("/late"), headers, null, Duration.ofMillis(300)))) {
          r.readBody(1 << 20, Duration.ofMillis(300));
        }
      });
      assertInstanceOf(HttpTimeoutException.class, e, "a request out of time must say so: " + e);
      // The request out of time was aborted: its connection closed, the server's writes failed.
      assertTrue(hungUp.await(10, TimeUnit.SECONDS), "the request out of time kept its connection");
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aSlowAnswerTimesOut() throws Exception {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    assertThrows(HttpTimeoutException.class, () -> transport.send(new WireRequest("GET", uri("/slow"), headers, null, Duration.ofMillis(300))));
    // The deadline interrupted this thread to end the wait; nothing of it is left for the caller's next blocking call.
    assertFalse(Thread.currentThread().isInterrupted(), "the timed-out request left its thread interrupted");
    try (WireResponse r = send("GET", "/o", null)) {
      assertEquals(200, r.status());
    }
  }

  /** An interrupt that is not the request's deadline reaches the caller as one (and aborts the request). */
  @Test
  void anInterruptFromElsewhereIsAnInterruptNotATimeout() throws Exception {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    Thread caller = Thread.currentThread();
    ScheduledExecutorService other = Executors.newSingleThreadScheduledExecutor();
    try {
      other.schedule(caller::interrupt, 300, TimeUnit.MILLISECONDS);
      assertThrows(InterruptedException.class, () -> transport.send(new WireRequest("GET", uri("/slow"), headers, null, Duration.ofSeconds(5))));
    } finally {
      other.shutdownNow();
      Thread.interrupted();
    }
  }

  /** A deadline that runs out just after the answer came (before the request is marked over) takes its interrupt back. */
  @Test
  void aDeadlineThatRunsOutAfterTheAnswerLeavesNoInterrupt() {
    HttpTransport.Deadline late = new HttpTransport.Deadline(Thread.currentThread());
    late.expire();
    assertTrue(Thread.currentThread().isInterrupted());
    assertTrue(late.finish(), "the deadline ran out");
    assertFalse(Thread.currentThread().isInterrupted(), "the deadline's interrupt was left behind");
    HttpTransport.Deadline met = new HttpTransport.Deadline(Thread.currentThread());
    assertFalse(met.finish());
    met.expire();
    assertFalse(Thread.currentThread().isInterrupted(), "a deadline interrupted a request already over");
  }

  /** An answer that says Content-Length: 0 has the shared empty body, read without a watchdog, any number of times. */
  @Test
  void anAnswerWithoutABodyHasTheEmptyBody() throws Exception {
    for (int i = 0; i < 2; i++) {
      try (WireResponse r = send("POST", "/empty", new MeteredBody(RequestBody.of(new byte[3]), null, 0, null))) {
        assertEquals(200, r.status());
        assertEquals("rid", r.header("x-oss-request-id"));
        assertSame(WireResponse.EMPTY_BODY, r.body(), "an empty answer's body");
        assertEquals(0, r.readBody(1 << 20, Duration.ofMillis(300)).length);
        assertEquals(-1, r.body().read(new byte[4], 0, 4));
      }
    }
    try (WireResponse r = send("GET", "/o", null)) {
      assertNotSame(WireResponse.EMPTY_BODY, r.body(), "an answer with a body");
      assertEquals("<Error><Code>X</Code></Error>", new String(r.readBody(1 << 20, Duration.ofSeconds(5)), StandardCharsets.UTF_8));
    }
  }

  /** Back-to-back requests on one thread share one pending timer task: none is scheduled per request. */
  @Test
  void backToBackRequestsScheduleNoTimerEach() {
    HttpTransport.Deadline deadline = new HttpTransport.Deadline(Thread.currentThread());
    int before = HttpTransport.pendingTimers();
    for (int i = 0; i < 50; i++) {
      deadline.start(TimeUnit.MINUTES.toNanos(1));
      assertFalse(deadline.finish());
    }
    assertTrue(HttpTransport.pendingTimers() - before <= 1, "timer tasks scheduled for 50 requests: " + (HttpTransport.pendingTimers() - before));
  }

  /** A reused deadline runs out at the time of the request under way: not earlier (a check left by an earlier, shorter request), not later (a check left by a longer one). */
  @Test
  void aReusedDeadlineRunsOutAtItsOwnRequestsTime() {
    HttpTransport.Deadline deadline = new HttpTransport.Deadline(Thread.currentThread());
    deadline.start(TimeUnit.MILLISECONDS.toNanos(50));
    assertFalse(deadline.finish());
    long start = System.nanoTime();
    deadline.start(TimeUnit.MILLISECONDS.toNanos(400));
    assertThrows(InterruptedException.class, () -> Thread.sleep(5000), "the deadline never ran out");
    long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(deadline.finish());
    assertTrue(elapsed >= 350, "ran out after " + elapsed + " ms, before the request's 400 ms: the earlier request's check expired it");

    deadline.start(TimeUnit.MINUTES.toNanos(1));
    assertFalse(deadline.finish());
    deadline.start(TimeUnit.MILLISECONDS.toNanos(100));
    assertThrows(InterruptedException.class, () -> Thread.sleep(5000), "a shorter request after a longer one never ran out");
    assertTrue(deadline.finish());
    assertFalse(Thread.currentThread().isInterrupted());
  }
}
