package ossgen.runtime;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A downloaded body that checks its CRC-64 against the service's when it has been read to its end. */
public final class CrcCheckingInputStream extends FilterInputStream {
  private final Crc64 crc64;
  private final long expected;
  private final String operation;
  private final String requestId;
  private long crc;
  private boolean checked;

  public CrcCheckingInputStream(InputStream in, Crc64 crc64, long expected, String operation, String requestId) {
    super(in);
    this.crc64 = crc64;
    this.expected = expected;
    this.operation = operation;
    this.requestId = requestId;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) crc = crc64.update(crc, b, off, n);
    if (n < 0 && !checked) {
      checked = true;
      if (crc != expected) throw new Crc64MismatchException(operation, crc, expected, requestId);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes must still be counted in the CRC.
    byte[] buffer = new byte[(int) Math.min(8192, Math.max(n, 0))];
    long done = 0;
    while (done < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - done));
      if (r < 0) break;
      done += r;
    }
    return done;
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
