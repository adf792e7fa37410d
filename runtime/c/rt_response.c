/* A response as the transfer fills it: status, lower-cased headers, a growable body (see rt.h). */
#include "rt.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void rt_response_free(rt_response_t *response) {
  rt_fields_free(&response->headers);
  free(response->body);
  memset(response, 0, sizeof(*response));
}

int rt_response_add_header(rt_response_t *response, const char *name, const char *value) {
  size_t i, n = strlen(name);
  if (rt_fields_add(&response->headers, name, n, value, strlen(value)) != 0) return -1;
  for (i = 0; i < n; i++) {
    char *c = &response->headers.items[response->headers.count - 1].name[i];
    *c = (char)tolower((unsigned char)*c);
  }
  return 0;
}

int rt_response_body_append(rt_response_t *response, const void *data, size_t size) {
  if (response->body_size + size + 1 > response->body_cap) {
    size_t cap = response->body_cap == 0 ? 1024 : response->body_cap;
    unsigned char *grown;
    while (response->body_size + size + 1 > cap) cap *= 2;
    grown = realloc(response->body, cap);
    if (grown == NULL) return -1;
    response->body = grown;
    response->body_cap = cap;
  }
  if (size > 0) memcpy(response->body + response->body_size, data, size);
  response->body_size += size;
  response->body[response->body_size] = 0; /* always NUL-terminated, for the XML reader */
  return 0;
}

int rt_response_body_append_max(rt_response_t *response, const void *data, size_t size, size_t max) {
  if (response->body_size + size > max) {
    /* Keep the start, and say the rest was not read. */
    size_t room = max > response->body_size ? max - response->body_size : 0;
    if (rt_response_body_append(response, data, room) != 0) return -1;
    response->body_capped = 1;
    return 1;
  }
  return rt_response_body_append(response, data, size) == 0 ? 0 : -1;
}

int rt_response_set_body(rt_response_t *response, const void *body, size_t size) {
  response->body_size = 0;
  return rt_response_body_append(response, body, size);
}

const char *rt_response_header(const rt_response_t *response, const char *lower_name) {
  return rt_fields_get(&response->headers, lower_name);
}

int rt_response_header_line(rt_response_t *response, const char *line, size_t n) {
  size_t name_len;
  const char *colon, *value;
  size_t value_len;
  char *lower;
  if (n >= 5 && strncmp(line, "HTTP/", 5) == 0) {
    /* A new status line (after 100 Continue): forget the previous block. */
    const char *space = memchr(line, ' ', n);
    rt_fields_free(&response->headers);
    response->headers_done = 0;
    response->status = 0;
    if (space != NULL && (size_t)(space - line) + 4 <= n && isdigit((unsigned char)space[1]) &&
        isdigit((unsigned char)space[2]) && isdigit((unsigned char)space[3])) {
      response->status = (space[1] - '0') * 100 + (space[2] - '0') * 10 + (space[3] - '0');
    }
    return 0;
  }
  if (n <= 2 && (line[0] == '\r' || line[0] == '\n')) {
    /* The end of a header block; a 1xx block is followed by another. */
    if (response->status >= 200) response->headers_done = 1;
    return 0;
  }
  colon = memchr(line, ':', n);
  if (colon == NULL) return 0;
  name_len = (size_t)(colon - line);
  value = colon + 1;
  value_len = n - name_len - 1;
  while (value_len > 0 && (*value == ' ' || *value == '\t')) {
    value++;
    value_len--;
  }
  while (value_len > 0 && (value[value_len - 1] == '\r' || value[value_len - 1] == '\n' || value[value_len - 1] == ' ')) {
    value_len--;
  }
  /* The list copies name and value; the name is lower-cased in its copy. */
  if (rt_fields_add(&response->headers, line, name_len, value, value_len) != 0) return -1;
  for (lower = response->headers.items[response->headers.count - 1].name; *lower != '\0'; lower++) {
    *lower = (char)tolower((unsigned char)*lower);
  }
  return 0;
}
