package ossgen.runtime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A request body of known length, streamed: from memory, from a file (read as it is sent, never
 * loaded whole), or from a stream. Bytes and files can be sent again (a retry opens them anew); a
 * stream is sent at most once.
 */
public abstract class RequestBody {
  private final long length;

  private RequestBody(long length) {
    if (length < 0) throw new IllegalArgumentException("a body length cannot be negative: " + length);
    this.length = length;
  }

  /** The body's length in bytes (its Content-Length). */
  public final long length() {
    return length;
  }

  /** A new stream of the body from its first byte. For a one-shot stream the second call fails. */
  public abstract InputStream open() throws IOException;

  /** True when {@link #open()} can be called again (bytes, files). */
  public abstract boolean replayable();

  /** No bytes. */
  public static RequestBody empty() {
    return of(new byte[0]);
  }

  /** The bytes of {@code data} (not copied: do not change them while the request runs). */
  public static RequestBody of(byte[] data) {
    return of(data, 0, data.length);
  }

  /** The bytes {@code data[offset, offset+length)} (not copied). */
  public static RequestBody of(byte[] data, int offset, int length) {
    Objects.requireNonNull(data, "data");
    Objects.checkFromIndexSize(offset, length, data.length);
    return new RequestBody(length) {
      @Override
      public InputStream open() {
        return new ByteArrayInputStream(data, offset, length);
      }

      @Override
      public boolean replayable() {
        return true;
      }

      /** The bytes themselves, so a CRC or a read-back needs no copy. */
      @Override
      byte[] bytesOrNull() {
        return offset == 0 && length == data.length ? data : null;
      }

      @Override
      byte[] array() {
        return data;
      }

      @Override
      int arrayOffset() {
        return offset;
      }
    };
  }

  /** A file, read as it is sent; its size is taken now. */
  public static RequestBody of(Path file) {
    Objects.requireNonNull(file, "file");
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the size of " + file, e);
    }
    return new RequestBody(size) {
      @Override
      public InputStream open() throws IOException {
        return Files.newInputStream(file);
      }

      @Override
      public boolean replayable() {
        return true;
      }
    };
  }

  /**
   * The next {@code length} bytes of {@code stream}, sent once: a request with such a body is never
   * resent, and a stream that ends sooner fails the request. The stream is not closed.
   */
  public static RequestBody of(InputStream stream, long length) {
    Objects.requireNonNull(stream, "stream");
    return new RequestBody(length) {
      private boolean opened;

      @Override
      public synchronized InputStream open() throws IOException {
        if (opened) throw new IOException("this body is a stream and was already sent once; it cannot be sent again");
        opened = true;
        return stream;
      }

      @Override
      public boolean replayable() {
        return false;
      }
    };
  }

  /** The backing array when the body is a whole array, else null. */
  byte[] bytesOrNull() {
    return null;
  }

  /** The array the body's bytes are in (from {@link #arrayOffset()}, {@link #length()} of them), or null when not in memory. */
  byte[] array() {
    return null;
  }

  /** Where the body starts in {@link #array()}. */
  int arrayOffset() {
    return 0;
  }

  /** The body's bytes read whole (for a chunk of known small size). */
  public byte[] readAll() throws IOException {
    byte[] whole = bytesOrNull();
    if (whole != null) return whole;
    if (length > Integer.MAX_VALUE - 8) throw new IOException("body too large to hold in memory: " + length);
    try (InputStream in = open()) {
      byte[] data = in.readNBytes((int) length);
      if (data.length != length) throw new IOException("the body ended after " + data.length + " of " + length + " bytes");
      return data;
    }
  }
}
