/* Strings and growable buffers for the generated C library's runtime (see rt.h). */
#include "rt.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

char *rt_strdup(const char *s) {
  size_t n;
  char *copy;
  if (s == NULL) return NULL;
  n = strlen(s);
  copy = malloc(n + 1);
  if (copy != NULL) memcpy(copy, s, n + 1);
  return copy;
}

char *rt_strndup(const char *s, size_t n) {
  char *copy = malloc(n + 1);
  if (copy == NULL) return NULL;
  memcpy(copy, s, n);
  copy[n] = '\0';
  return copy;
}

int rt_ieq(const char *a, const char *b) {
  for (; *a != '\0' && *b != '\0'; a++, b++) {
    if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return 0;
  }
  return *a == *b;
}

void rt_buf_append(rt_buf_t *b, const char *s, size_t n) {
  if (b->failed) return;
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap == 0 ? 128 : b->cap;
    char *grown;
    while (b->len + n + 1 > cap) cap *= 2;
    grown = realloc(b->data, cap);
    if (grown == NULL) {
      b->failed = 1;
      return;
    }
    b->data = grown;
    b->cap = cap;
  }
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void rt_buf_puts(rt_buf_t *b, const char *s) { rt_buf_append(b, s, strlen(s)); }

void rt_buf_free(rt_buf_t *b) {
  free(b->data);
  memset(b, 0, sizeof(*b));
}

char *rt_buf_take(rt_buf_t *b) {
  char *s;
  if (b->failed) {
    rt_buf_free(b);
    return NULL;
  }
  if (b->data == NULL) rt_buf_append(b, "", 0);
  s = b->data;
  memset(b, 0, sizeof(*b));
  return s;
}
