package ossgen.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A body in memory handed to the JDK as views of the caller's array: every byte once, in order, counted and in the CRC. */
class MeteredBodyTest {
  static final Crc64 CRC = new Crc64(0xC96C5795D7870F42L);

  /** Requests one piece at a time (from within onNext, as the JDK may) and keeps what it gets. */
  static class Collector implements Flow.Subscriber<ByteBuffer> {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final List<Integer> pieces = new ArrayList<>();
    Flow.Subscription subscription;
    int completions;
    Throwable error;
    int stopAfter = Integer.MAX_VALUE;

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(1);
    }

    @Override
    public void onNext(ByteBuffer item) {
      assertTrue(item.isReadOnly(), "the caller's array is never writable through a piece");
      pieces.add(item.remaining());
      byte[] copy = new byte[item.remaining()];
      item.get(copy);
      bytes.writeBytes(copy);
      if (pieces.size() >= stopAfter) subscription.cancel();
      else subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
      error = t;
    }

    @Override
    public void onComplete() {
      completions++;
    }
  }

  @Test
  void aSliceOfAnArrayIsPublishedWholeInPiecesWithItsCrcAndCount() {
    byte[] data = new byte[300_007];
    new Random(3).nextBytes(data);
    List<long[]> progress = new ArrayList<>();
    MeteredBody body = new MeteredBody(RequestBody.of(data, 5, 200_001), CRC, 12345L, (sent, total) -> progress.add(new long[] {sent, total}));
    Collector first = new Collector();
    body.publisherOrNull(65536).subscribe(first);
    byte[] expected = Arrays.copyOfRange(data, 5, 200_006);
    assertArrayEquals(expected, first.bytes.toByteArray());
    assertEquals(List.of(65536, 65536, 65536, 3393), first.pieces);
    assertEquals(1, first.completions);
    assertNull(first.error);
    assertEquals(CRC.update(12345L, expected, 0, expected.length), body.crc());
    assertEquals(expected.length, body.sent());
    assertEquals(200_001L, progress.get(progress.size() - 1)[0]);
    // A new subscription is a new attempt: from byte 0, the count and the CRC started again.
    Collector second = new Collector();
    second.stopAfter = 1;
    body.publisherOrNull(65536).subscribe(second);
    assertEquals(List.of(65536), second.pieces);
    assertEquals(65536, body.sent());
    assertEquals(CRC.update(12345L, expected, 0, 65536), body.crc());
    assertEquals(0, second.completions);
  }

  @Test
  void aNonPositiveRequestIsAnErrorAndABodyNotInMemoryHasNoPublisher(@TempDir Path dir) throws Exception {
    MeteredBody body = new MeteredBody(RequestBody.of(new byte[10]), CRC, 0L, null);
    Collector bad = new Collector() {
      @Override
      public void onSubscribe(Flow.Subscription s) {
        s.request(0);
      }
    };
    body.publisherOrNull(4).subscribe(bad);
    assertInstanceOf(IllegalArgumentException.class, bad.error);
    assertEquals(0, body.sent());
    Path file = dir.resolve("f");
    Files.write(file, new byte[10]);
    assertNull(new MeteredBody(RequestBody.of(file), CRC, 0L, null).publisherOrNull(4));
  }
}
