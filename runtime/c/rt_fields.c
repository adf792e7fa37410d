/* Header and query-parameter lists, and the canonical forms signatures are computed over (see rt.h). */
#include "rt.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

int rt_fields_add(rt_fields_t *f, const char *name, size_t name_len, const char *value, size_t value_len) {
  rt_field_t *item;
  if (f->count == f->cap) {
    size_t cap = f->cap == 0 ? 16 : f->cap * 2;
    rt_field_t *grown = realloc(f->items, cap * sizeof(*grown));
    if (grown == NULL) return -1;
    f->items = grown;
    f->cap = cap;
  }
  item = &f->items[f->count];
  item->name = rt_strndup(name, name_len);
  item->value = value == NULL ? NULL : rt_strndup(value, value_len);
  if (item->name == NULL || (value != NULL && item->value == NULL)) {
    free(item->name);
    free(item->value);
    return -1;
  }
  f->count++;
  return 0;
}

void rt_fields_free(rt_fields_t *f) {
  size_t i;
  for (i = 0; i < f->count; i++) {
    free(f->items[i].name);
    free(f->items[i].value);
  }
  free(f->items);
  memset(f, 0, sizeof(*f));
}

const char *rt_fields_get(const rt_fields_t *f, const char *name) {
  size_t i;
  for (i = 0; i < f->count; i++) {
    if (rt_ieq(f->items[i].name, name)) return f->items[i].value;
  }
  return NULL;
}

static int field_cmp(const void *a, const void *b) {
  return strcmp(((rt_field_t const *)a)->name, ((rt_field_t const *)b)->name);
}

void rt_fields_sort(rt_fields_t *f) {
  if (f->count > 1) qsort(f->items, f->count, sizeof(f->items[0]), field_cmp);
}

char *rt_trimmed(const char *s) {
  size_t n;
  while (*s == ' ' || *s == '\t') s++;
  n = strlen(s);
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
  return rt_strndup(s, n);
}

/* The headers V4 signs besides those with the prefix (rt_config.h), lower case. */
static const char *const V4_SIGNED_HEADERS[] = {RT_SIGNED_HEADERS NULL};

/* Whether name starts with the lower-case prefix, ignoring the case of name. */
static int starts_lower(const char *name, const char *prefix) {
  for (; *prefix != '\0'; name++, prefix++) {
    if (tolower((unsigned char)*name) != *prefix) return 0;
  }
  return 1;
}

int rt_canonical_headers(const rt_fields_t *headers, int v4, rt_fields_t *out) {
  size_t i, j;
  for (i = 0; i < headers->count; i++) {
    const char *name = headers->items[i].name, *value = headers->items[i].value;
    size_t name_len = strlen(name), value_len;
    char *lower;
    int wanted = starts_lower(name, RT_SIGNED_HEADER_PREFIX);
    for (j = 0; !wanted && v4 && V4_SIGNED_HEADERS[j] != NULL; j++) wanted = rt_ieq(name, V4_SIGNED_HEADERS[j]);
    if (!wanted) continue;
    /* The value trimmed in place and the name lower-cased in the copy the list makes: no copy of our own. */
    while (*value == ' ' || *value == '\t') value++;
    value_len = strlen(value);
    while (value_len > 0 && (value[value_len - 1] == ' ' || value[value_len - 1] == '\t')) value_len--;
    if (rt_fields_add(out, name, name_len, value, value_len) != 0) return -1;
    for (lower = out->items[out->count - 1].name; *lower != '\0'; lower++) *lower = (char)tolower((unsigned char)*lower);
  }
  rt_fields_sort(out);
  return 0;
}

int rt_sorted_query(const rt_fields_t *query, rt_fields_t *out) {
  size_t i;
  for (i = 0; i < query->count; i++) {
    const char *value = query->items[i].value;
    if (rt_fields_add(out, query->items[i].name, strlen(query->items[i].name), value, value == NULL ? 0 : strlen(value)) != 0) {
      return -1;
    }
  }
  rt_fields_sort(out);
  return 0;
}

int rt_header_ok(const char *name, const char *value) {
  /* A line break in a value would let a caller's string add headers of its own (header injection). */
  return strpbrk(value, "\r\n") == NULL && strpbrk(name, "\r\n: ") == NULL;
}

char *rt_lower_joined(const char *prefix, const char *name) {
  rt_buf_t b = {0};
  char *text;
  size_t i;
  rt_buf_puts(&b, prefix);
  rt_buf_puts(&b, name);
  text = rt_buf_take(&b);
  if (text != NULL) {
    for (i = 0; text[i] != '\0'; i++) text[i] = (char)tolower((unsigned char)text[i]);
  }
  return text;
}
