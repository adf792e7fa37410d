package ossgen.runtime;

import java.util.List;
import java.util.Map;

/**
 * An error answer of the service: its HTTP status, the code and message of its error document,
 * and the ids to quote to support. Every modeled error code has a subclass.
 */
public class ServiceException extends ClientException {
  private static final long serialVersionUID = 1L;
  private final int statusCode;
  private final String code;
  private final String errorMessage;
  private final String requestId;
  private final String hostId;
  private final String ec;
  private final transient Map<String, List<String>> headers;

  public ServiceException(ErrorDetails details) {
    super(details.describe());
    this.statusCode = details.statusCode();
    this.code = details.code();
    this.errorMessage = details.message();
    this.requestId = details.requestId();
    this.hostId = details.hostId();
    this.ec = details.ec();
    this.headers = details.headers();
  }

  public int statusCode() {
    return statusCode;
  }

  public String code() {
    return code;
  }

  /** The message of the error document (getMessage() describes the whole error). */
  public String errorMessage() {
    return errorMessage;
  }

  public String requestId() {
    return requestId;
  }

  public String hostId() {
    return hostId;
  }

  public String ec() {
    return ec;
  }

  /** The answer's headers, names in lower case. */
  public Map<String, List<String>> headers() {
    return headers == null ? Map.of() : headers;
  }

  /** The first value of a header of the answer, or "" when absent. */
  public String header(String name) {
    List<String> values = headers().get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? "" : values.get(0);
  }
}
