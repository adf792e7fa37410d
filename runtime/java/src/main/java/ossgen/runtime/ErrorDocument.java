package ossgen.runtime;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads an error document (a root element whose child elements carry the code, the message and the ids) with the JDK's XML parser, with
 * DTDs and external entities refused (an answer is untrusted input). A document the parser rejects
 * (a bad character reference, an unknown entity) is read element by element, tolerantly, so a
 * slightly broken answer still yields its code.
 */
public final class ErrorDocument {
  private ErrorDocument() {}

  /** The text of each child element of {@code root}, by element name; empty when the body is not such a document. */
  public static Map<String, String> parse(byte[] body, String root) {
    if (body == null || body.length == 0) return Map.of();
    try {
      return strict(body, root);
    } catch (Exception e) {
      return tolerant(new String(body, StandardCharsets.UTF_8), root);
    }
  }

  private static Map<String, String> strict(byte[] body, String root) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setFeature("http://xml.org/sax/features/external-general-entities", false);
    f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setXIncludeAware(false);
    f.setExpandEntityReferences(false);
    f.setNamespaceAware(false);
    DocumentBuilder builder = f.newDocumentBuilder();
    builder.setErrorHandler(null);
    Element top = builder.parse(new ByteArrayInputStream(body)).getDocumentElement();
    Map<String, String> out = new LinkedHashMap<>();
    if (!root.equals(top.getTagName())) return out;
    for (Node n = top.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && !out.containsKey(e.getTagName())) out.put(e.getTagName(), e.getTextContent());
    }
    return out;
  }

  private static final Pattern ELEMENT = Pattern.compile("<([A-Za-z][A-Za-z0-9_.-]*)>([^<]*)</\\1>");
  private static final Pattern REFERENCE = Pattern.compile("&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z]+);");

  private static Map<String, String> tolerant(String text, String root) {
    Map<String, String> out = new LinkedHashMap<>();
    int start = text.indexOf("<" + root + ">");
    if (start < 0) return out;
    Matcher m = ELEMENT.matcher(text);
    m.region(start + root.length() + 2, text.length());
    while (m.find()) {
      if (!out.containsKey(m.group(1))) out.put(m.group(1), unescape(m.group(2)));
    }
    return out;
  }

  /** Decodes character and the five predefined entity references; an invalid one becomes U+FFFD, an unknown one stays as it is. */
  static String unescape(String s) {
    Matcher m = REFERENCE.matcher(s);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String ref = m.group(1);
      String replacement;
      if (ref.startsWith("#")) {
        int cp;
        try {
          long v = ref.startsWith("#x") ? Long.parseLong(ref.substring(2), 16) : Long.parseLong(ref.substring(1));
          cp = v > Character.MAX_CODE_POINT || v == 0 || (v >= 0xD800 && v <= 0xDFFF) ? 0xFFFD : (int) v;
        } catch (NumberFormatException e) {
          cp = 0xFFFD;
        }
        replacement = new String(Character.toChars(cp));
      } else {
        replacement = switch (ref) {
          case "amp" -> "&";
          case "lt" -> "<";
          case "gt" -> ">";
          case "quot" -> "\"";
          case "apos" -> "'";
          default -> m.group();
        };
      }
      m.appendReplacement(b, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(b);
    return b.toString();
  }
}
