package ossgen.runtime;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writing request members to headers and the query, and reading answer headers back as typed
 * values. Unset members (null, an empty map) write nothing; a header that is present but not a
 * number where one is expected is a {@link ProtocolException}, never a silent 0.
 */
public final class Wire {
  private Wire() {}

  public static void setString(Map<String, String> headers, String name, String value) {
    if (value != null) headers.put(name, value);
  }

  public static void setLong(Map<String, String> headers, String name, Long value) {
    if (value != null) headers.put(name, Long.toString(value));
  }

  /** An unsigned 64-bit value held in a long. */
  public static void setUnsigned(Map<String, String> headers, String name, Long value) {
    if (value != null) headers.put(name, Long.toUnsignedString(value));
  }

  public static void setBoolean(Map<String, String> headers, String name, Boolean value) {
    if (value != null) headers.put(name, Boolean.toString(value));
  }

  /** Each entry as a header named prefix + name. */
  public static void setMap(Map<String, String> headers, String prefix, Map<String, String> values) {
    if (values == null) return;
    for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) headers.put(prefix + e.getKey(), e.getValue());
  }

  public static void queryString(List<QueryParam> query, String name, String value) {
    if (value != null) query.add(new QueryParam(name, value));
  }

  public static void queryLong(List<QueryParam> query, String name, Long value) {
    if (value != null) query.add(new QueryParam(name, Long.toString(value)));
  }

  public static void queryBoolean(List<QueryParam> query, String name, Boolean value) {
    if (value != null) query.add(new QueryParam(name, Boolean.toString(value)));
  }

  /** A header's text, or null when absent. */
  public static String text(WireResponse r, String name) {
    return r.header(name);
  }

  public static Long longOrNull(WireResponse r, String name, String operation) {
    String v = r.header(name);
    if (v == null) return null;
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new ProtocolException(operation, "the answer's " + name + " is not an integer: " + quote(v), r.header(REQUEST_ID));
    }
  }

  /** A header the operation always answers with; its absence is a protocol error. */
  public static long requiredLong(WireResponse r, String name, String operation) {
    Long v = longOrNull(r, name, operation);
    if (v == null) throw new ProtocolException(operation, "the answer has no " + name, r.header(REQUEST_ID));
    return v;
  }

  /** An unsigned 64-bit decimal (a CRC-64 may exceed 2^63), held in a long. */
  public static Long unsignedOrNull(WireResponse r, String name, String operation) {
    String v = r.header(name);
    if (v == null) return null;
    try {
      return Long.parseUnsignedLong(v.trim());
    } catch (NumberFormatException e) {
      throw new ProtocolException(operation, "the answer's " + name + " is not an unsigned 64-bit integer: " + quote(v), r.header(REQUEST_ID));
    }
  }

  /** A header the operation always answers with, an unsigned 64-bit decimal. */
  public static long requiredUnsigned(WireResponse r, String name, String operation) {
    Long v = unsignedOrNull(r, name, operation);
    if (v == null) throw new ProtocolException(operation, "the answer has no " + name, r.header(REQUEST_ID));
    return v;
  }

  /** A field of an error answer: null when absent or not a number (an error is reported whatever its extras say). */
  public static Long parseLong(String text) {
    if (text == null) return null;
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** As {@link #parseLong}, for an unsigned 64-bit decimal. */
  public static Long parseUnsigned(String text) {
    if (text == null) return null;
    try {
      return Long.parseUnsignedLong(text.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** As {@link #parseLong}, for "true" or "false". */
  public static Boolean parseBoolean(String text) {
    if (text == null) return null;
    String t = text.trim();
    return t.equalsIgnoreCase("true") ? Boolean.TRUE : t.equalsIgnoreCase("false") ? Boolean.FALSE : null;
  }

  public static Boolean booleanOrNull(WireResponse r, String name, String operation) {
    String v = r.header(name);
    if (v == null) return null;
    if (v.trim().equalsIgnoreCase("true")) return Boolean.TRUE;
    if (v.trim().equalsIgnoreCase("false")) return Boolean.FALSE;
    throw new ProtocolException(operation, "the answer's " + name + " is not a boolean: " + quote(v), r.header(REQUEST_ID));
  }

  /** Every header starting with {@code prefix} (lower case), by the rest of its name. */
  public static Map<String, String> prefixed(WireResponse r, String prefix) {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, List<String>> h : r.headers().entrySet()) {
      if (h.getKey().startsWith(prefix) && h.getKey().length() > prefix.length() && !h.getValue().isEmpty()) out.put(h.getKey().substring(prefix.length()), h.getValue().get(0));
    }
    return out;
  }

  /** The request id header every answer carries; set by the generated client from the model. */
  static volatile String REQUEST_ID = "x-request-id";

  /** Sets the name of the request-id header (lower case), once, from the model. */
  public static void requestIdHeader(String lowerCaseName) {
    REQUEST_ID = lowerCaseName;
  }

  private static String quote(String v) {
    String shown = v.length() > 64 ? v.substring(0, 64) + "…" : v;
    return '"' + shown + '"';
  }
}
