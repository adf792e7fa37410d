/* The text of flat XML documents (error answers), found and decoded in linear time (see rt.h). */
#include "rt.h"

#include <string.h>

void rt_utf8_append(rt_buf_t *out, unsigned long cp) {
  char bytes[4];
  size_t n;
  if (cp < 0x80) {
    bytes[0] = (char)cp;
    n = 1;
  } else if (cp < 0x800) {
    bytes[0] = (char)(0xC0 | (cp >> 6));
    bytes[1] = (char)(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    bytes[0] = (char)(0xE0 | (cp >> 12));
    bytes[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    bytes[2] = (char)(0x80 | (cp & 0x3F));
    n = 3;
  } else {
    bytes[0] = (char)(0xF0 | (cp >> 18));
    bytes[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    bytes[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    bytes[3] = (char)(0x80 | (cp & 0x3F));
    n = 4;
  }
  rt_buf_append(out, bytes, n);
}

/* The longest reference decoded ("&#x10FFFF;" and "&#1114111;" are 10 bytes): the search for ';' stops there. */
#define XML_REF_MAX 12

void rt_xml_decode(rt_buf_t *out, const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    if (s[i] == '&') {
      size_t window = n - i < XML_REF_MAX ? n - i : XML_REF_MAX;
      const char *semi = memchr(s + i, ';', window);
      if (semi != NULL) {
        size_t len = (size_t)(semi - (s + i)) + 1;
        char c = 0;
        unsigned long cp = 0;
        int numeric = 0;
        if (len == 5 && strncmp(s + i, "&amp;", 5) == 0) c = '&';
        else if (len == 4 && strncmp(s + i, "&lt;", 4) == 0) c = '<';
        else if (len == 4 && strncmp(s + i, "&gt;", 4) == 0) c = '>';
        else if (len == 6 && strncmp(s + i, "&quot;", 6) == 0) c = '"';
        else if (len == 6 && strncmp(s + i, "&apos;", 6) == 0) c = '\'';
        else if (len > 3 && s[i + 1] == '#') {
          int hex = s[i + 2] == 'x' || s[i + 2] == 'X';
          size_t j = i + (hex ? 3 : 2);
          numeric = j < i + len - 1;
          for (; numeric && j < i + len - 1; j++) {
            int digit = hex ? rt_hex_value(s[j]) : (s[j] >= '0' && s[j] <= '9' ? s[j] - '0' : -1);
            if (digit < 0) numeric = 0;
            else cp = cp * (hex ? 16 : 10) + (unsigned long)digit;
            if (cp > 0x10FFFF) numeric = 0;
          }
          if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) numeric = 0;
        }
        if (c != 0 || numeric) {
          if (c != 0) rt_buf_append(out, &c, 1);
          else rt_utf8_append(out, cp);
          i += len;
          continue;
        }
      }
    }
    rt_buf_append(out, s + i, 1);
    i++;
  }
}

const char *rt_find_bytes(const char *hay, size_t n, const char *needle) {
  size_t m = strlen(needle), i;
  if (m == 0 || n < m) return NULL;
  for (i = 0; i + m <= n; i++) {
    if (hay[i] == needle[0] && memcmp(hay + i, needle, m) == 0) return hay + i;
  }
  return NULL;
}

char *rt_xml_text(const unsigned char *body, size_t size, const char *tag) {
  rt_buf_t open = {0}, close = {0}, text = {0};
  const char *start, *end, *doc = (const char *)body;
  char *result = NULL;
  if (body == NULL || size == 0) return NULL;
  rt_buf_puts(&open, "<");
  rt_buf_puts(&open, tag);
  rt_buf_puts(&open, ">");
  rt_buf_puts(&close, "</");
  rt_buf_puts(&close, tag);
  rt_buf_puts(&close, ">");
  if (!open.failed && !close.failed) {
    start = rt_find_bytes(doc, size, open.data);
    if (start != NULL) {
      start += open.len;
      end = rt_find_bytes(start, size - (size_t)(start - doc), close.data);
      if (end != NULL) {
        rt_xml_decode(&text, start, (size_t)(end - start));
        result = rt_buf_take(&text);
      }
    }
  }
  rt_buf_free(&open);
  rt_buf_free(&close);
  rt_buf_free(&text);
  return result;
}
