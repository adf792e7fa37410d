package ossgen.runtime;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The service's limits, checked before anything is sent; every limit comes from the model through the generated client. */
public final class Validation {
  private Validation() {}

  public static void required(String field, Object value) {
    if (value == null || (value instanceof String s && s.isEmpty())) throw new ValidationException(field, "is required");
  }

  /** An object key: its UTF-8 length within [minBytes, maxBytes], no forbidden prefix, no NUL, CR or LF. */
  public static void objectKey(String field, String key, int minBytes, int maxBytes, List<String> forbiddenPrefixes) {
    if (key == null) throw new ValidationException(field, "is required");
    int bytes = key.getBytes(StandardCharsets.UTF_8).length;
    if (bytes < minBytes || bytes > maxBytes) throw new ValidationException(field, "must be " + minBytes + " to " + maxBytes + " bytes of UTF-8, not " + bytes);
    for (String prefix : forbiddenPrefixes) if (key.startsWith(prefix)) throw new ValidationException(field, "must not start with " + prefix);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == 0 || c == '\r' || c == '\n') throw new ValidationException(field, "must not contain NUL, CR or LF");
    }
  }

  public static void minimum(String field, long value, long minimum) {
    if (value < minimum) throw new ValidationException(field, "must be at least " + minimum + ", not " + value);
  }

  /** User metadata: names matching {@code namePattern}, values that are header material, names and values at most {@code maxTotalBytes} in all. */
  public static void metadata(String field, Map<String, String> metadata, String namePattern, int maxTotalBytes) {
    if (metadata == null) return;
    Pattern names = Pattern.compile(namePattern);
    long total = 0;
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (e.getKey() == null || !names.matcher(e.getKey()).matches()) throw new ValidationException(field, "has the name " + e.getKey() + ", which does not match " + namePattern);
      String v = e.getValue() == null ? "" : e.getValue();
      for (int i = 0; i < v.length(); i++) {
        char c = v.charAt(i);
        if (c < 0x20 && c != '\t' || c == 0x7f) throw new ValidationException(field, "has a value for " + e.getKey() + " with a control character");
      }
      total += e.getKey().getBytes(StandardCharsets.UTF_8).length + v.getBytes(StandardCharsets.UTF_8).length;
    }
    if (total > maxTotalBytes) throw new ValidationException(field, "is " + total + " bytes, more than " + maxTotalBytes);
  }

  /** Tags as URL-encoded key=value pairs joined with {@code &}: at most maxTags, each key and value within its length and characters. */
  public static void tagging(String field, String tagging, int maxTags, int maxKeyLength, int maxValueLength, String charPattern) {
    if (tagging == null || tagging.isEmpty()) return;
    Pattern chars = Pattern.compile(charPattern);
    String[] pairs = tagging.split("&", -1);
    if (pairs.length > maxTags) throw new ValidationException(field, "has " + pairs.length + " tags, more than " + maxTags);
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      String key;
      String value;
      try {
        key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new ValidationException(field, "is not URL-encoded key=value pairs");
      }
      if (key.isEmpty() || key.length() > maxKeyLength) throw new ValidationException(field, "has a tag key of " + key.length() + " characters; 1 to " + maxKeyLength + " are allowed");
      if (value.length() > maxValueLength) throw new ValidationException(field, "has a tag value of " + value.length() + " characters; at most " + maxValueLength + " are allowed");
      if (!chars.matcher(key).matches() || !chars.matcher(value).matches()) throw new ValidationException(field, "has a tag with characters outside " + charPattern);
    }
  }
}
