package ossgen.runtime;

/** The CRC-64 the service reported is not the one computed over the bytes sent (or read): the data was corrupted in transit. */
public class Crc64MismatchException extends ClientException {
  private static final long serialVersionUID = 1L;
  private final String operation;
  private final long expected;
  private final long actual;
  private final String requestId;

  public Crc64MismatchException(String operation, long expected, long actual, String requestId) {
    super(operation + ": CRC-64 mismatch: computed " + Long.toUnsignedString(expected) + ", the service reported " + Long.toUnsignedString(actual) + (requestId == null || requestId.isEmpty() ? "" : " (request id " + requestId + ")"));
    this.operation = operation;
    this.expected = expected;
    this.actual = actual;
    this.requestId = requestId == null ? "" : requestId;
  }

  public String operation() {
    return operation;
  }

  /** The CRC computed on this side (an unsigned 64-bit value in a long). */
  public long expected() {
    return expected;
  }

  /** The CRC the service reported. */
  public long actual() {
    return actual;
  }

  public String requestId() {
    return requestId;
  }
}
