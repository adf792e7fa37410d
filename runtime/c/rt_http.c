/*
 * One HTTP exchange through libcurl (see rt.h): the request's headers and streamed body, the response's
 * headers and bounded body, and the per-attempt time limits, checked as data moves.
 */
#include "rt.h"

#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

/* Which time limit ended a transfer. */
enum { LIMIT_NONE = 0, LIMIT_IDLE, LIMIT_RESPONSE };

/* One attempt's state, shared by libcurl's callbacks. */
typedef struct transfer {
  const rt_http_request_t *request;
  rt_response_t *response;
  /* GET: a 2xx body is what the caller asked for and streams in full, under the idle limit only. */
  int stream_success_body;
  int64_t last_activity;
  int64_t sent_at;
  curl_off_t last_down, last_up;
  size_t header_bytes;
  int headers_too_large;
  int limit;
} transfer_t;

static size_t read_body(char *out, size_t size, size_t count, void *context) {
  rt_upload_t *up = context;
  size_t got = rt_upload_read(up, out, size * count);
  return up->failed ? CURL_READFUNC_ABORT : got;
}

static int is_success(long status) { return status >= 200 && status <= 299; }

/* A body read in full with no limit but idleness: a GET's 2xx body, once its headers are in. */
static int streaming_success(const transfer_t *t) {
  return t->stream_success_body && t->response->headers_done && is_success(t->response->status);
}

static size_t write_body(char *data, size_t size, size_t count, void *context) {
  transfer_t *t = context;
  size_t n = size * count;
  /* An error body (or one no operation reads) is bounded: keep the start, stop reading, drop the connection. */
  if (!streaming_success(t)) return rt_response_body_append_max(t->response, data, n, t->request->error_body_max) == 0 ? n : 0;
  return rt_response_body_append(t->response, data, n) == 0 ? n : 0;
}

static size_t read_header(char *line, size_t size, size_t count, void *context) {
  transfer_t *t = context;
  size_t n = size * count;
  t->header_bytes += n;
  /* A header line is activity too (libcurl's progress counts body bytes only). */
  t->last_activity = rt_now_ms();
  if (t->header_bytes > t->request->headers_max) {
    t->headers_too_large = 1;
    return 0;
  }
  return rt_response_header_line(t->response, line, n) == 0 ? n : 0;
}

/*
 * The per-attempt limits, checked by libcurl's progress callback (called as data moves and at least once a
 * second): idle at most timeout_ms in any phase; and from the moment the request is sent, the headers and a
 * body that is not a streamed success body must be complete within timeout_ms.
 */
static int check_limits(void *context, curl_off_t down_total, curl_off_t down_now, curl_off_t up_total, curl_off_t up_now) {
  transfer_t *t = context;
  const rt_upload_t *up = t->request->upload;
  int64_t now = rt_now_ms();
  (void)down_total;
  (void)up_total;
  if (down_now != t->last_down || up_now != t->last_up) {
    t->last_down = down_now;
    t->last_up = up_now;
    t->last_activity = now;
  }
  if (t->sent_at == 0 && (up == NULL || up->eof || (t->request->body_size >= 0 && up_now >= t->request->body_size))) {
    t->sent_at = now;
  }
  if (now - t->last_activity > t->request->timeout_ms) {
    t->limit = LIMIT_IDLE;
    return 1;
  }
  if (t->sent_at != 0 && !streaming_success(t) && now - t->sent_at > t->request->timeout_ms) {
    t->limit = LIMIT_RESPONSE;
    return 1;
  }
  return 0;
}

/* The request's headers as libcurl takes them, and the ones it must not add itself; NULL when out of memory. */
static struct curl_slist *header_list(const rt_fields_t *headers) {
  struct curl_slist *list = NULL, *grown;
  size_t i;
  for (i = 0; i < headers->count; i++) {
    /* Each line is put together on the stack when it fits (curl_slist_append copies it anyway). */
    char small[256];
    const char *name = headers->items[i].name, *value = headers->items[i].value;
    size_t name_len = strlen(name), value_len = strlen(value);
    char *text = name_len + value_len + 3 <= sizeof(small) ? small : malloc(name_len + value_len + 3);
    grown = NULL;
    if (text != NULL) {
      memcpy(text, name, name_len);
      memcpy(text + name_len, ": ", 2);
      memcpy(text + name_len + 2, value, value_len + 1);
      grown = curl_slist_append(list, text);
      if (text != small) free(text);
    }
    if (grown == NULL) {
      curl_slist_free_all(list);
      return NULL;
    }
    list = grown;
  }
  /* libcurl would otherwise add headers the contract forbids (a default Content-Type) or that slow uploads. */
  grown = curl_slist_append(list, "Expect:");
  if (grown != NULL) list = grown;
  if (rt_fields_get(headers, "content-type") == NULL) {
    grown = curl_slist_append(list, "Content-Type:");
    if (grown != NULL) list = grown;
  }
  return list;
}

int rt_http_exchange(void *handle, const rt_http_request_t *request, rt_response_t *response, const char **detail) {
  CURL *curl = handle;
  struct curl_slist *list = header_list(request->headers);
  rt_upload_t *up = request->upload;
  CURLcode res;
  transfer_t t;
  *detail = NULL;
  if (list == NULL) return RT_HTTP_NO_MEMORY;
  curl_easy_reset(curl);
  memset(&t, 0, sizeof(t));
  t.request = request;
  t.response = response;
  t.stream_success_body = strcmp(request->method, "GET") == 0;
  t.last_activity = rt_now_ms();
  curl_easy_setopt(curl, CURLOPT_URL, request->url);
  /*
   * The path as signed: curl squashes /./ and /../ otherwise, and an object key may hold such segments
   * (logs/../app.log is a key of its own), which would then be sent as another key than the one signed.
   */
  curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  /* Redirects are never followed: a 3xx is an error answer, and no credential goes to another host. */
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 0L);
  /* Only the configured endpoint's own protocols: a hostile URL never reaches another scheme. */
#if LIBCURL_VERSION_NUM >= 0x075500
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
#else
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, request->timeout_ms);
  /* The overall limit cuts everything, a GET body included; timeout_ms is enforced by check_limits. */
  if (request->overall_left_ms > 0) curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, (long)request->overall_left_ms);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, check_limits);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &t);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, read_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &t);
  if (strcmp(request->method, "HEAD") == 0) {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (up != NULL) {
    /* Upload mode streams through read_body; the method word is then set explicitly (POST or PUT). */
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request->method);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_body);
    curl_easy_setopt(curl, CURLOPT_READDATA, up);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)request->body_size);
  } else if (strcmp(request->method, "GET") != 0) {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request->method);
  }
  res = curl_easy_perform(curl);
  if (res == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response->status);
  if (up != NULL) response->bytes_sent = up->sent;
  /* The handle keeps its connection cache but forgets this request's options (and its header list). */
  curl_easy_reset(curl);
  curl_slist_free_all(list);
  if (up != NULL && up->failed) return RT_HTTP_BODY_UNREADABLE;
  /* A capped error body ended the transfer on purpose: the answer is complete as far as it matters. */
  if (res == CURLE_WRITE_ERROR && response->body_capped && response->headers_done) return RT_HTTP_OK;
  if (res == CURLE_WRITE_ERROR && t.headers_too_large) return RT_HTTP_HEADERS_TOO_LARGE;
  if (res == CURLE_ABORTED_BY_CALLBACK && t.limit == LIMIT_IDLE) return RT_HTTP_IDLE;
  if (res == CURLE_ABORTED_BY_CALLBACK && t.limit == LIMIT_RESPONSE) return RT_HTTP_SLOW_ANSWER;
  if (res == CURLE_OPERATION_TIMEDOUT) return RT_HTTP_TIMED_OUT;
  *detail = curl_easy_strerror(res);
  /* An answer that is not HTTP as libcurl knows it (a negative Content-Length, a garbled status line). */
  if (res == CURLE_WEIRD_SERVER_REPLY) return RT_HTTP_NOT_HTTP;
  /* Anything else, a response cut short included (CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, bad chunks): network. */
  if (res != CURLE_OK) return RT_HTTP_NETWORK;
  *detail = NULL;
  /* libcurl accepts a connection closed in the middle of the headers: that answer is cut short too. */
  if (!response->headers_done) return RT_HTTP_HEADERS_CUT;
  return RT_HTTP_OK;
}
