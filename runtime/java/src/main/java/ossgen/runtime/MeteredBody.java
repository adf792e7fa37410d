package ossgen.runtime;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/**
 * A request body as one attempt sends it: counts the bytes the transport reads, tells the progress
 * listener, and continues a CRC-64 over them, so the CRC compared with the service's is the CRC of
 * exactly the bytes that went out. Each {@link #open()} starts a new attempt from byte 0.
 */
public final class MeteredBody {
  private final RequestBody body;
  private final Crc64 crc64;
  private final long initialCrc;
  private final ProgressListener listener;
  private volatile long sent;
  private volatile long crc;

  /**
   * @param crc64 null when no CRC is wanted
   * @param initialCrc the CRC the bytes continue (the object's CRC before an append; 0 for a new object)
   * @param listener null for none
   */
  public MeteredBody(RequestBody body, Crc64 crc64, long initialCrc, ProgressListener listener) {
    this.body = body;
    this.crc64 = crc64;
    this.initialCrc = initialCrc;
    this.listener = listener;
    this.crc = initialCrc;
  }

  public long length() {
    return body.length();
  }

  public boolean replayable() {
    return body.replayable();
  }

  /** Bytes read by the transport in the current attempt. */
  public long sent() {
    return sent;
  }

  /** The CRC continued over the bytes read in the current attempt. */
  public long crc() {
    return crc;
  }

  /**
   * For a body in memory: its bytes for the JDK's HttpClient as read-only views of the caller's array, at most
   * {@code piece} bytes each, never copied (the stream of {@link #open()} is read into a new array per 16 KiB, a
   * gigabyte of garbage per gigabyte sent). Each piece is counted, told to the listener and fed to the CRC as it is
   * handed over, on the thread that asks for it, so the CRC is still that of exactly the bytes that went out. Each
   * subscription starts a new attempt from byte 0. Null for a body that is not in memory.
   */
  public Flow.Publisher<ByteBuffer> publisherOrNull(int piece) {
    byte[] array = body.array();
    if (array == null) return null;
    if (piece < 1) throw new IllegalArgumentException("piece must be at least 1");
    int start = body.arrayOffset();
    int length = (int) body.length();
    return subscriber -> {
      sent = 0;
      crc = initialCrc;
      subscriber.onSubscribe(new Flow.Subscription() {
        private long demand;
        private boolean emitting;
        private boolean done;
        private int at;

        @Override
        public void request(long n) {
          synchronized (this) {
            if (done) return;
            if (n <= 0) {
              done = true;
            } else {
              demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
              // A request made from within onNext only adds demand: the loop below serves it (no recursion).
              if (emitting) return;
              emitting = true;
            }
          }
          if (n <= 0) {
            subscriber.onError(new IllegalArgumentException("non-positive request: " + n));
            return;
          }
          while (true) {
            int from;
            int size;
            synchronized (this) {
              if (done || demand == 0) {
                emitting = false;
                return;
              }
              if (at >= length) {
                done = true;
                emitting = false;
                from = -1;
                size = 0;
              } else {
                demand--;
                from = at;
                size = Math.min(piece, length - at);
                at += size;
              }
            }
            if (from < 0) {
              subscriber.onComplete();
              return;
            }
            if (crc64 != null) crc = crc64.update(crc, array, start + from, size);
            sent += size;
            if (listener != null) listener.onProgress(sent, length);
            subscriber.onNext(ByteBuffer.wrap(array, start + from, size).slice().asReadOnlyBuffer());
          }
        }

        @Override
        public synchronized void cancel() {
          done = true;
        }
      });
    };
  }

  /** A stream of exactly {@link #length()} bytes; one that ends sooner fails the read. */
  public InputStream open() throws IOException {
    sent = 0;
    crc = initialCrc;
    InputStream in = body.open();
    boolean owned = body.replayable();
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        long left = body.length() - sent;
        if (left <= 0) return -1;
        int n = super.read(b, off, (int) Math.min(len, left));
        if (n < 0) throw new IOException("the body ended after " + sent + " of its " + body.length() + " bytes");
        if (n > 0) {
          if (crc64 != null) crc = crc64.update(crc, b, off, n);
          sent += n;
          if (listener != null) listener.onProgress(sent, body.length());
        }
        return n;
      }

      @Override
      public long skip(long n) {
        return 0;
      }

      @Override
      public int available() throws IOException {
        return (int) Math.min(super.available(), body.length() - sent);
      }

      @Override
      public boolean markSupported() {
        return false;
      }

      @Override
      public void close() throws IOException {
        // A caller's stream is the caller's to close; files and arrays opened here are ours.
        if (owned) super.close();
      }
    };
  }
}
