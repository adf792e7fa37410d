package ossgen.runtime;

/**
 * The exchange failed before a complete answer arrived: the connection was refused or reset, the
 * answer was cut short, or a time limit ran out ({@link #timedOut()}). For a write the outcome is
 * unknown: the bytes may or may not have landed.
 */
public class NetworkException extends ClientException {
  private static final long serialVersionUID = 1L;
  private final String operation;
  private final boolean timedOut;

  public NetworkException(String operation, String message, boolean timedOut, Throwable cause) {
    super(operation + ": " + message, cause);
    this.operation = operation;
    this.timedOut = timedOut;
  }

  public String operation() {
    return operation;
  }

  /** True when a time limit ran out rather than the connection failing. */
  public boolean timedOut() {
    return timedOut;
  }
}
