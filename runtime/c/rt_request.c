/* A request on its way to the wire (see rt.h): built, then addressed, then signed. */
#include "rt.h"

#include <stdlib.h>
#include <string.h>

void rt_request_init(rt_request_t *request, const char *method) {
  memset(request, 0, sizeof(*request));
  request->method = method;
}

/* Forgets what rt_request_address and a signature added, so a request can be addressed again (a retry). */
static void forget_address(rt_request_t *request) {
  free(request->url);
  free(request->host);
  free(request->path);
  free(request->query_string);
  request->url = request->host = request->path = request->query_string = NULL;
  rt_fields_free(&request->signed_headers);
}

void rt_request_free(rt_request_t *request) {
  forget_address(request);
  free(request->bucket);
  free(request->key);
  rt_fields_free(&request->headers);
  rt_fields_free(&request->query);
  memset(request, 0, sizeof(*request));
}

int rt_request_set_target(rt_request_t *request, const char *bucket, const char *key) {
  request->bucket = rt_strdup(bucket);
  request->key = rt_strdup(key);
  return request->bucket == NULL || request->key == NULL ? -1 : 0;
}

int rt_request_address(rt_request_t *request, const char *scheme, const char *host_port, int path_style,
                       const char *token_header, const char *token) {
  rt_address_t address;
  size_t i;
  forget_address(request);
  if (rt_address(scheme, host_port, path_style, request->bucket, request->key, &request->query, &address) != 0) return -1;
  request->url = address.url;
  request->host = address.host;
  request->path = address.path;
  request->query_string = address.query_string;
  for (i = 0; i < request->headers.count; i++) {
    const rt_field_t *h = &request->headers.items[i];
    if (rt_fields_add(&request->signed_headers, h->name, strlen(h->name), h->value, strlen(h->value)) != 0) return -1;
  }
  if (token != NULL && rt_fields_add(&request->signed_headers, token_header, strlen(token_header), token, strlen(token)) != 0) {
    return -1;
  }
  return 0;
}
