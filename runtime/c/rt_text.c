/*
 * Text the runtime checks and writes: UTF-8, hex, percent-encoding, decimals and dates; the argument checks
 * (key, tagging, allowed characters) with the model's limits passed in (see rt.h).
 */
#include "rt.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rt_valid_utf8(const unsigned char *s) {
  while (*s != 0) {
    size_t extra;
    unsigned long cp;
    if (*s < 0x80) {
      s++;
      continue;
    }
    if ((*s & 0xE0) == 0xC0) {
      extra = 1;
      cp = *s & 0x1F;
    } else if ((*s & 0xF0) == 0xE0) {
      extra = 2;
      cp = *s & 0x0F;
    } else if ((*s & 0xF8) == 0xF0) {
      extra = 3;
      cp = *s & 0x07;
    } else {
      return 0;
    }
    s++;
    for (; extra > 0; extra--, s++) {
      if ((*s & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (*s & 0x3F);
    }
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  }
  return 1;
}

int rt_hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void rt_hex_encode(const unsigned char *bytes, size_t n, char *out) {
  static const char HEX[] = "0123456789abcdef";
  size_t i;
  for (i = 0; i < n; i++) {
    out[2 * i] = HEX[bytes[i] >> 4];
    out[2 * i + 1] = HEX[bytes[i] & 15];
  }
  out[2 * n] = '\0';
}

void rt_uri_encode(rt_buf_t *b, const char *s, int keep_slash) {
  static const char HEX[] = "0123456789ABCDEF";
  for (; *s != '\0'; s++) {
    unsigned char c = (unsigned char)*s;
    if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || (keep_slash && c == '/')) {
      rt_buf_append(b, (const char *)&c, 1);
    } else {
      char escaped[3];
      escaped[0] = '%';
      escaped[1] = HEX[c >> 4];
      escaped[2] = HEX[c & 15];
      rt_buf_append(b, escaped, 3);
    }
  }
}

int rt_parse_decimal(const char *text, uint64_t max, uint64_t *value) {
  uint64_t n = 0;
  if (*text == '\0') return -1;
  for (; *text != '\0'; text++) {
    unsigned digit;
    if (*text < '0' || *text > '9') return -1;
    digit = (unsigned)(*text - '0');
    if (n > (max - digit) / 10) return -1;
    n = n * 10 + digit;
  }
  *value = n;
  return 0;
}

/* Civil date from days since 1970-01-01 (H. Hinnant's algorithm), so no locale or timezone is involved. */
static void civil_from_days(int64_t days, int64_t *year, int *month, int *day) {
  int64_t era, yoe, doy, mp, doe;
  days += 719468;
  era = (days >= 0 ? days : days - 146096) / 146097;
  doe = days - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *day = (int)(doy - (153 * mp + 2) / 5 + 1);
  *month = (int)(mp < 10 ? mp + 3 : mp - 9);
  *year = yoe + era * 400 + (*month <= 2 ? 1 : 0);
}

static void split_time(int64_t now, int64_t *days, int64_t *secs) {
  *days = now >= 0 ? now / 86400 : -((-now + 86399) / 86400);
  *secs = now - *days * 86400;
}

void rt_iso_basic(int64_t now, char out[32]) {
  int64_t days, secs, year;
  int month, day;
  split_time(now, &days, &secs);
  civil_from_days(days, &year, &month, &day);
  snprintf(out, 32, "%04" PRId64 "%02d%02dT%02d%02d%02dZ", year, month, day, (int)(secs / 3600),
           (int)(secs / 60 % 60), (int)(secs % 60));
}

void rt_rfc1123(int64_t now, char out[40]) {
  static const char *const WEEKDAYS[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
  static const char *const MONTHS[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int64_t days, secs, year;
  int month, day;
  split_time(now, &days, &secs);
  civil_from_days(days, &year, &month, &day);
  snprintf(out, 40, "%s, %02d %s %04" PRId64 " %02d:%02d:%02d GMT", WEEKDAYS[((days % 7) + 7) % 7], day,
           MONTHS[month - 1], year, (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
}

int rt_credential_ok(const char *value) {
  const unsigned char *c = (const unsigned char *)value;
  if (*c == 0) return 0;
  for (; *c != 0; c++) {
    if (*c < 0x21 || *c > 0x7E) return 0;
  }
  return 1;
}

int rt_is_ip_host(const char *host, size_t n) {
  size_t i;
  if (n > 0 && host[0] == '[') return 1; /* IPv6 literal */
  for (i = 0; i < n; i++) {
    if (!isdigit((unsigned char)host[i]) && host[i] != '.') return 0;
  }
  return n > 0;
}

int rt_tag_part_ok(const char *s, size_t n, size_t max, const char *allowed) {
  size_t i, decoded = 0;
  for (i = 0; i < n; i++) {
    char c = s[i];
    if (c == '%') {
      int hi, lo;
      if (i + 2 >= n) return 0;
      hi = rt_hex_value(s[i + 1]);
      lo = rt_hex_value(s[i + 2]);
      if (hi < 0 || lo < 0) return 0;
      c = (char)(hi * 16 + lo);
      i += 2;
    } else if (c == '+') {
      c = ' ';
    }
    if (c == '\0' || strchr(allowed, c) == NULL) return 0;
    decoded++;
  }
  return decoded <= max;
}

long rt_backoff_ms(long base, int attempt, long max, const char *retry_after) {
  long delay = base;
  int i;
  uint64_t seconds;
  if (retry_after != NULL && rt_parse_decimal(retry_after, (uint64_t)max, &seconds) == 0) {
    delay = (long)seconds * 1000;
  } else {
    for (i = 1; i < attempt && delay < max; i++) delay *= 2;
  }
  return delay > max ? max : delay;
}

int rt_key_check(const char *key, size_t min, size_t max, const char *const *forbidden_prefixes, size_t prefix_count) {
  size_t n = strlen(key), i;
  if (n < min || n > max) return RT_KEY_LENGTH;
  for (i = 0; i < prefix_count; i++) {
    if (strncmp(key, forbidden_prefixes[i], strlen(forbidden_prefixes[i])) == 0) return RT_KEY_PREFIX;
  }
  return rt_valid_utf8((const unsigned char *)key) ? RT_KEY_OK : RT_KEY_UTF8;
}

int rt_chars_ok(const char *s, const char *allowed, int fold_case) {
  for (; *s != '\0'; s++) {
    char c = fold_case ? (char)tolower((unsigned char)*s) : *s;
    if (strchr(allowed, c) == NULL) return 0;
  }
  return 1;
}

int rt_tagging_check(const char *tagging, size_t max_tags, size_t max_key, size_t max_value, const char *allowed) {
  const char *p = tagging;
  size_t tags = 0;
  if (tagging == NULL) return RT_TAGGING_OK;
  while (*p != '\0') {
    const char *end = strchr(p, '&');
    const char *eq;
    size_t n = end == NULL ? strlen(p) : (size_t)(end - p);
    eq = memchr(p, '=', n);
    tags++;
    if (tags > max_tags) return RT_TAGGING_TOO_MANY;
    if (n == 0 || !rt_tag_part_ok(p, eq == NULL ? n : (size_t)(eq - p), max_key, allowed) ||
        (eq != NULL && !rt_tag_part_ok(eq + 1, n - (size_t)(eq - p) - 1, max_value, allowed))) {
      return RT_TAGGING_BAD_PART;
    }
    if (end == NULL) break;
    p = end + 1;
  }
  return RT_TAGGING_OK;
}

int rt_status_listed(long status, const long *statuses, size_t count) {
  size_t i;
  for (i = 0; i < count; i++) {
    if (statuses[i] == status) return 1;
  }
  return 0;
}

void rt_free_secret(char *secret) {
  if (secret == NULL) return;
  memset(secret, 0, strlen(secret));
  free(secret);
}
