package ossgen.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An answer: status, headers by lower-case name, and the body as a stream the caller reads and closes. */
public record WireResponse(int status, Map<String, List<String>> headers, InputStream body) implements AutoCloseable {
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

  @Override
  public void close() throws IOException {
    if (body != null) body.close();
  }
}
