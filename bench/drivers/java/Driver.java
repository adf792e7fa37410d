// Benchmark driver: the generated Java client (out/java) vs a raw java.net.http.HttpClient request.
// One measurement per process; prints one JSON line. Compiled by bench/run.ts (javac, cached like the
// Go and C drivers) together with out/java's main sources.
//
//   big   client|raw URL KEY TOTAL CHUNK     TOTAL bytes appended in CHUNK-byte appends
//   small client|raw URL KEY COUNT SIZE      COUNT sequential appends of SIZE bytes
//   file  client|raw URL KEY PATH            the whole file appended (client: Appender.appendFrom(Path))
//
// The time covers the appends only, after the client (or HttpClient) is built and the object probed:
// both variants pay the JVM's warm-up inside the loop alike.
import com.example.ossgen.ossappend.*;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public final class Driver {
  static final String BUCKET = "examplebucket";

  /** A deterministic pseudo-random chunk (xorshift32 from seed 1, as the other drivers). */
  static byte[] pattern(int size) {
    byte[] buf = new byte[size];
    int x = 1;
    for (int i = 0; i < size; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      buf[i] = (byte) x;
    }
    return buf;
  }

  /** V1-signed appends over one keep-alive HTTP/1.1 connection: the floor any Java client pays. */
  static final class Raw {
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final String url;
    final String key;

    Raw(String url, String key) {
      this.url = url;
      this.key = key;
    }

    void append(long position, HttpRequest.BodyPublisher body) throws Exception {
      String date = DATE.format(ZonedDateTime.now(ZoneOffset.UTC));
      String resource = "/" + BUCKET + "/" + key + "?append&position=" + position;
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec("sk".getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      String signature = Base64.getEncoder().encodeToString(mac.doFinal(("POST\n\napplication/octet-stream\n" + date + "\n" + resource).getBytes(StandardCharsets.UTF_8)));
      HttpRequest request = HttpRequest.newBuilder(URI.create(url + resource))
          .POST(body)
          .header("Date", date)
          .header("Content-Type", "application/octet-stream")
          .header("Authorization", "OSS ak:" + signature)
          .build();
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() != 200) throw new IllegalStateException("raw append: status " + response.statusCode());
    }
  }

  static Appender appender(String url, String key, int chunk) {
    OssClient client = OssClient.builder().endpoint(url).credentials("ak", "sk").build();
    return client.newAppender(BUCKET, key, new Appender.Options().chunkSize(chunk));
  }

  static double appendMany(String variant, String url, String key, int count, int size) throws Exception {
    byte[] chunk = pattern(size);
    if (variant.equals("client")) {
      Appender a = appender(url, key, size);
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) a.append(chunk);
      return (System.nanoTime() - start) / 1e6;
    }
    Raw raw = new Raw(url, key);
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) raw.append((long) i * size, HttpRequest.BodyPublishers.ofByteArray(chunk));
    return (System.nanoTime() - start) / 1e6;
  }

  /** CRC-64 of the file's bytes with the client's Crc64 (the same class and polynomial its requests use), REPEATS times. */
  static void crc(Path path, int repeats) throws Exception {
    byte[] data = Files.readAllBytes(path);
    Crc64 crc64 = new Crc64(0xC96C5795D7870F42L);
    StringBuilder ms = new StringBuilder();
    long value = 0;
    for (int r = 0; r < repeats; r++) {
      long start = System.nanoTime();
      value = crc64.checksum(data);
      ms.append(r == 0 ? "" : ",").append((System.nanoTime() - start) / 1e6);
    }
    System.out.println("{\"ms\":[" + ms + "],\"bytes\":" + data.length + ",\"crc\":\"" + Long.toUnsignedString(value) + "\"}");
  }

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "";
    if (mode.equals("crc") && args.length == 3) {
      crc(Path.of(args[1]), Integer.parseInt(args[2]));
      return;
    }
    if ((mode.equals("big") || mode.equals("small")) && args.length == 6) {
      String variant = args[1], url = args[2], key = args[3];
      if (mode.equals("big")) {
        int chunk = Integer.parseInt(args[5]);
        int count = (int) ((Long.parseLong(args[4]) + chunk - 1) / chunk);
        double ms = appendMany(variant, url, key, count, chunk);
        System.out.println("{\"ms\":" + ms + ",\"bytes\":" + (long) count * chunk + "}");
      } else {
        int count = Integer.parseInt(args[4]);
        double ms = appendMany(variant, url, key, count, Integer.parseInt(args[5]));
        System.out.println("{\"ms\":" + ms + ",\"ops\":" + count + "}");
      }
      return;
    }
    if (mode.equals("file") && args.length >= 5) {
      String variant = args[1], url = args[2], key = args[3];
      Path path = Path.of(args[4]);
      long size = Files.size(path);
      long start;
      long sent;
      if (variant.equals("client")) {
        Appender a = appender(url, key, args.length > 5 ? Integer.parseInt(args[5]) : 8 << 20);
        start = System.nanoTime();
        sent = a.appendFrom(path);
      } else {
        start = System.nanoTime();
        new Raw(url, key).append(0, HttpRequest.BodyPublishers.ofFile(path));
        sent = size;
      }
      System.out.println("{\"ms\":" + (System.nanoTime() - start) / 1e6 + ",\"bytes\":" + sent + "}");
      return;
    }
    System.err.println("usage: Driver crc FILE REPEATS | big|small|file client|raw URL KEY ...");
    System.exit(2);
  }
}
