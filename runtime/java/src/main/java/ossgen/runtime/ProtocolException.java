package ossgen.runtime;

/** An answer that does not keep the service's contract (a missing or inconsistent header). The request may have taken effect. */
public class ProtocolException extends ClientException {
  private static final long serialVersionUID = 1L;
  private final String operation;
  private final String requestId;

  public ProtocolException(String operation, String message, String requestId) {
    super(operation + ": " + message + (requestId == null || requestId.isEmpty() ? "" : " (request id " + requestId + ")"));
    this.operation = operation;
    this.requestId = requestId == null ? "" : requestId;
  }

  public String operation() {
    return operation;
  }

  public String requestId() {
    return requestId;
  }
}
