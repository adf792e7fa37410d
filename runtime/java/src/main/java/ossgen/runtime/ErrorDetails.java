package ossgen.runtime;

import java.util.List;
import java.util.Map;

/** What an error answer said: its status, the error document's elements, and its headers (lower-case names). */
public record ErrorDetails(String operation, int statusCode, String code, String message, String requestId, String hostId, String ec, Map<String, List<String>> headers) {
  public ErrorDetails {
    code = code == null ? "" : code;
    message = message == null ? "" : message;
    requestId = requestId == null ? "" : requestId;
    hostId = hostId == null ? "" : hostId;
    ec = ec == null ? "" : ec;
    headers = headers == null ? Map.of() : headers;
  }

  /** The first value of an answer header, or "" when absent. */
  public String header(String lowerCaseName) {
    List<String> values = headers.get(lowerCaseName);
    return values == null || values.isEmpty() ? "" : values.get(0);
  }

  /** One line for the exception message: operation, code, status, message and request id. */
  public String describe() {
    StringBuilder b = new StringBuilder();
    b.append(operation).append(": ").append(code.isEmpty() ? "error" : code).append(" (HTTP ").append(statusCode).append(')');
    if (!message.isEmpty()) b.append(": ").append(message);
    if (!requestId.isEmpty()) b.append(" (request id ").append(requestId).append(')');
    return b.toString();
  }
}
