/* Addressing (see rt.h): the endpoint URL split once, and each request's host, path, query string and URL. */
#include "rt.h"

#include <stdlib.h>
#include <string.h>

int rt_endpoint_parse(const char *endpoint, int path_style_for_ip, int path_style_for_localhost, char **scheme,
                      char **host_port, int *path_style) {
  const char *rest = strstr(endpoint, "://");
  const char *host, *colon;
  size_t host_len, name_len;
  *scheme = *host_port = NULL;
  *path_style = 0;
  if (rest == NULL) return -1;
  host = rest + 3;
  host_len = strcspn(host, "/?#");
  if (host_len == 0) return -1;
  *scheme = rt_strndup(endpoint, (size_t)(rest - endpoint));
  *host_port = rt_strndup(host, host_len);
  if (*scheme == NULL || *host_port == NULL) {
    free(*scheme);
    free(*host_port);
    *scheme = *host_port = NULL;
    return -1;
  }
  /* The host without its port decides the addressing style. */
  colon = host[0] == '[' ? memchr(host, ']', host_len) : memchr(host, ':', host_len);
  name_len = colon == NULL ? host_len : (size_t)(colon - host) + (host[0] == '[' ? 1 : 0);
  *path_style = (path_style_for_ip && rt_is_ip_host(host, name_len)) ||
                (path_style_for_localhost && name_len == 9 && strncmp(host, "localhost", 9) == 0);
  return 0;
}

void rt_address_free(rt_address_t *a) {
  free(a->url);
  free(a->host);
  free(a->path);
  free(a->query_string);
  memset(a, 0, sizeof(*a));
}

int rt_address(const char *scheme, const char *host_port, int path_style, const char *bucket, const char *key,
               const rt_fields_t *query, rt_address_t *out) {
  rt_buf_t url = {0}, path = {0}, query_string = {0}, host = {0};
  rt_fields_t sorted = {0};
  size_t i;
  memset(out, 0, sizeof(*out));
  if (!path_style) {
    rt_buf_puts(&host, bucket);
    rt_buf_puts(&host, ".");
  }
  rt_buf_puts(&host, host_port);
  rt_buf_puts(&path, "/");
  if (path_style) {
    rt_uri_encode(&path, bucket, 1);
    rt_buf_puts(&path, "/");
  }
  rt_uri_encode(&path, key, 1);
  if (rt_sorted_query(query, &sorted) != 0) {
    rt_fields_free(&sorted);
    rt_buf_free(&host);
    rt_buf_free(&path);
    return -1;
  }
  for (i = 0; i < sorted.count; i++) {
    if (i > 0) rt_buf_puts(&query_string, "&");
    rt_uri_encode(&query_string, sorted.items[i].name, 0);
    if (sorted.items[i].value != NULL) {
      rt_buf_puts(&query_string, "=");
      rt_uri_encode(&query_string, sorted.items[i].value, 0);
    }
  }
  rt_fields_free(&sorted);
  out->host = rt_buf_take(&host);
  out->path = rt_buf_take(&path);
  out->query_string = rt_buf_take(&query_string);
  if (out->host == NULL || out->path == NULL || out->query_string == NULL) {
    rt_address_free(out);
    return -1;
  }
  rt_buf_puts(&url, scheme);
  rt_buf_puts(&url, "://");
  rt_buf_puts(&url, out->host);
  rt_buf_puts(&url, out->path);
  if (out->query_string[0] != '\0') {
    rt_buf_puts(&url, "?");
    rt_buf_puts(&url, out->query_string);
  }
  out->url = rt_buf_take(&url);
  if (out->url == NULL) {
    rt_address_free(out);
    return -1;
  }
  return 0;
}
