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

int rt_response_set_body(rt_response_t *response, const void *body, size_t size) {
  response->body_size = 0;
  return rt_response_body_append(response, body, size);
}

const char *rt_response_header(const rt_response_t *response, const char *lower_name) {
  return rt_fields_get(&response->headers, lower_name);
}
