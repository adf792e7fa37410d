// Reliability driver for the generated Java client (compiled with out/java's sources by
// test/reliability/lib.ts buildJavaDriver, cached like the Go and C drivers). Usage:
//
//   soak URL KEY DATA SIZES         append DATA cut at SIZES (one size a line) through an Appender
//   integrity URL KEY               one append whose answer carries a wrong CRC header
//   print-client URL KEY            print the client as a careless log line would
//   append-once URL KEY FILE        one appendObject at position 0 (previous CRC 0), no Appender
//   appender URL KEY FILE [FILE...] newAppender, then append each file's bytes in order
//   head URL KEY                    one headObject
//
// Credentials come from OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET (OSS_SESSION_TOKEN), read by the
// client itself. The last three use OSSGEN_TIMEOUT_MS (default 1000), OSSGEN_MAX_ATTEMPTS (default 3)
// and retry delays of 10 ms growing to at most 50 ms, print {"ok":true,...} or {"ok":false,"kind":...}
// and exit 0 even when the call failed. Prints one JSON line; never a credential.
import com.example.ossgen.ossappend.*;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class Soak {
  static final String BUCKET = "examplebucket";

  /**
   * Each hostile scenario runs in a fresh JVM, and the JDK loads java.net.http's classes on first use: on a
   * loaded machine that alone can take most of the scenarios' 1 s client timeout. One POST (answered 303, as
   * some scenarios do) to an in-process loopback server first loads them, so the timeout measures the hostile
   * server, not class loading. The hostile server never sees this request.
   */
  static void warmUpHttp() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().add("Location", "http://127.0.0.1:9/elsewhere");
      exchange.sendResponseHeaders(303, -1);
      exchange.close();
    });
    server.start();
    try {
      HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
      URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/warm-up");
      http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("warm-up")).build(), HttpResponse.BodyHandlers.discarding());
    } finally {
      server.stop(0);
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: soak|integrity|print-client|append-once|appender|head URL KEY [FILES]");
      System.exit(2);
    }
    String mode = args[0], url = args[1], key = args[2];
    if (mode.equals("append-once") || mode.equals("appender") || mode.equals("head")) {
      List<String> files = new ArrayList<>(List.of(args).subList(3, args.length));
      warmUpHttp();
      System.out.println(json(hostile(mode, url, key, files)));
      return;
    }
    OssClient c;
    try {
      c = OssClient.builder().endpoint(url).timeout(Duration.ofMillis(800)).maxAttempts(6).build();
    } catch (RuntimeException e) {
      System.err.println("driver: " + e.getMessage());
      System.exit(1);
      return;
    }
    if (mode.equals("print-client")) {
      // What a careless log line would show.
      System.out.println(c + "\n" + String.valueOf(c));
      return;
    }
    if (mode.equals("integrity")) {
      Appender a = open(c, key);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("lang", "java");
      try {
        a.append("integrity check".getBytes(StandardCharsets.UTF_8));
        out.put("integrityError", false);
        out.put("error", "accepted");
      } catch (Crc64MismatchException e) {
        out.put("integrityError", true);
        out.put("error", e.getMessage());
      } catch (RuntimeException e) {
        out.put("integrityError", false);
        out.put("error", e.toString());
      }
      System.out.println(json(out));
      return;
    }
    byte[] data = Files.readAllBytes(Path.of(args[3]));
    String[] sizes = Files.readString(Path.of(args[4])).trim().split("\\s+");
    Appender a = open(c, key);
    int opens = 1, errors = 0, integrity = 0, landedAfterError = 0;
    long offset = 0;
    for (String line : sizes) {
      int size = Integer.parseInt(line);
      while (true) {
        long before = a.position();
        try {
          a.append(data, (int) offset, size);
          break;
        } catch (RuntimeException e) {
          errors++;
          if (e instanceof Crc64MismatchException) integrity++;
        }
        // The outcome is settled by reading the object back, never by guessing.
        a = open(c, key);
        opens++;
        if (a.position() == before + size) {
          landedAfterError++;
          break;
        }
        if (a.position() != before) {
          System.err.println("driver: object is " + a.position() + " bytes, neither " + before + " nor " + (before + size));
          System.exit(1);
        }
      }
      offset += size;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("lang", "java");
    out.put("chunks", sizes.length);
    out.put("bytes", offset);
    out.put("position", a.position());
    out.put("crc", Long.toUnsignedString(a.crc64()));
    out.put("errors", errors);
    out.put("integrityErrors", integrity);
    out.put("landedAfterError", landedAfterError);
    out.put("opens", opens);
    System.out.println(json(out));
  }

  /** Under faults even the probe can fail after its own retries: try a few times. */
  static Appender open(OssClient c, String key) {
    RuntimeException last = null;
    for (int i = 0; i < 10; i++) {
      try {
        return c.newAppender(BUCKET, key, new Appender.Options().maxAttempts(6));
      } catch (RuntimeException e) {
        last = e;
      }
    }
    throw last;
  }

  static int envInt(String name, int fallback) {
    try {
      int v = Integer.parseInt(System.getenv().getOrDefault(name, ""));
      return v > 0 ? v : fallback;
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** append-once, appender or head: what the caller was told. */
  static Map<String, Object> hostile(String mode, String url, String key, List<String> files) throws Exception {
    try {
      OssClient c = OssClient.builder()
          .endpoint(url)
          .timeout(Duration.ofMillis(envInt("OSSGEN_TIMEOUT_MS", 1000)))
          .maxAttempts(envInt("OSSGEN_MAX_ATTEMPTS", 3))
          // Small retry delays keep the suite quick (the model's are 100 ms and up).
          .retryDelays(Duration.ofMillis(10), Duration.ofMillis(50))
          .build();
      List<byte[]> data = new ArrayList<>();
      for (String f : files) data.add(Files.readAllBytes(Path.of(f)));
      switch (mode) {
        case "append-once": {
          AppendObjectResult out = c.appendObject(new AppendObjectRequest().bucket(BUCKET).key(key).position(0L).body(data.get(0)).initialCrc64(0L));
          return ok(out.nextAppendPosition(), out.hashCrc64ecma());
        }
        case "appender": {
          Appender a = c.newAppender(BUCKET, key, new Appender.Options().maxAttempts(envInt("OSSGEN_MAX_ATTEMPTS", 3)));
          for (byte[] chunk : data) a.append(chunk);
          return ok(a.position(), a.crc64());
        }
        default: {
          HeadObjectResult out = c.headObject(new HeadObjectRequest().bucket(BUCKET).key(key));
          return ok(out.nextAppendPosition() != null ? out.nextAppendPosition() : out.contentLength(), out.hashCrc64ecma());
        }
      }
    } catch (RuntimeException e) {
      return report(e);
    }
  }

  static Map<String, Object> ok(long next, Long crc) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("lang", "java");
    v.put("ok", true);
    v.put("next", next);
    v.put("crc", crc == null ? null : Long.toUnsignedString(crc));
    return v;
  }

  /** A failure with its kind: the client's typed exceptions only, anything else is untyped. */
  static Map<String, Object> report(RuntimeException e) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("lang", "java");
    v.put("ok", false);
    v.put("class", e.getClass().getSimpleName());
    v.put("message", String.valueOf(e.getMessage()));
    if (e instanceof ValidationException) v.put("kind", "validation");
    else if (e instanceof NetworkException n) v.put("kind", n.timedOut() ? "timeout" : "network");
    else if (e instanceof ProtocolException) v.put("kind", "protocol");
    else if (e instanceof Crc64MismatchException) v.put("kind", "integrity");
    else if (e instanceof ServiceException s) {
      v.put("kind", "service");
      v.put("code", s.code());
      v.put("status", s.statusCode());
      if (e instanceof PositionNotEqualToLengthException p) v.put("nextAppendPosition", p.nextAppendPosition());
    } else v.put("kind", "untyped");
    return v;
  }

  static String json(Map<String, Object> m) {
    StringBuilder b = new StringBuilder("{");
    for (Map.Entry<String, Object> e : m.entrySet()) {
      if (b.length() > 1) b.append(',');
      b.append(quote(e.getKey())).append(':');
      Object v = e.getValue();
      if (v == null || v instanceof Number || v instanceof Boolean) b.append(v);
      else b.append(quote(v.toString()));
    }
    return b.append('}').toString();
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      if (ch == '"' || ch == '\\') b.append('\\').append(ch);
      else if (ch < 0x20) b.append(String.format("\\u%04x", (int) ch));
      else b.append(ch);
    }
    return b.append('"').toString();
  }
}
