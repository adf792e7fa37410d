/*
 * Benchmark driver: the generated C client (libossc) vs a raw libcurl request, and CRC-64 with
 * liblzma's lzma_crc64 and the client's ossc_crc64. One measurement per process; prints one JSON line.
 * Built by bench/run.ts in a temporary directory against a libossc.a built there too.
 *
 *   crc   lzma|ossc FILE REPEATS             CRC-64 of the file's bytes (read into memory first)
 *   big   client|raw URL KEY TOTAL CHUNK     TOTAL bytes appended in CHUNK-byte appends
 *   small client|raw URL KEY COUNT SIZE      COUNT sequential appends of SIZE bytes
 *   file  client|raw URL KEY PATH            the whole file appended (client: ossc_appender_append_file)
 */
#define _POSIX_C_SOURCE 200809L
#include <curl/curl.h>
#include <inttypes.h>
#include <lzma.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "ossc.h"

#define BUCKET "examplebucket"

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* A deterministic pseudo-random chunk (xorshift32 from seed 1, as the Node and Go drivers). */
static unsigned char *pattern(size_t size) {
  unsigned char *buf = malloc(size ? size : 1);
  uint32_t x = 1;
  size_t i;
  if (buf == NULL) exit(1);
  for (i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    buf[i] = (unsigned char)x;
  }
  return buf;
}

static void fail(const char *what, const ossc_error_t *error) {
  fprintf(stderr, "c driver: %s: %s (%s)\n", what, error && error->code_string ? error->code_string : "error",
          error && error->message ? error->message : "");
  exit(1);
}

/* ---- raw: V1-signed appends through one reused curl handle (keep-alive), the floor of any C client ---- */

typedef struct {
  CURL *curl;
  const char *url;
  const char *key;
} raw_t;

typedef struct {
  const unsigned char *data;
  size_t size;
  size_t at;
  FILE *file;
} source_t;

static size_t read_source(char *out, size_t size, size_t n, void *context) {
  source_t *src = context;
  size_t want = size * n;
  if (src->file != NULL) return fread(out, 1, want, src->file);
  if (want > src->size - src->at) want = src->size - src->at;
  memcpy(out, src->data + src->at, want);
  src->at += want;
  return want;
}

static size_t discard(char *data, size_t size, size_t n, void *context) {
  (void)data;
  (void)context;
  return size * n;
}

static void raw_append(raw_t *raw, int64_t position, source_t *src, int64_t length) {
  char date[64], resource[512], url[1024], to_sign[1024], header_date[128], header_auth[256];
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  unsigned char signature[64];
  struct curl_slist *headers = NULL;
  time_t t = time(NULL);
  struct tm tm;
  long status = 0;
  CURLcode rc;

  gmtime_r(&t, &tm);
  strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  snprintf(resource, sizeof resource, "/%s/%s?append&position=%" PRId64, BUCKET, raw->key, position);
  snprintf(url, sizeof url, "%s%s", raw->url, resource);
  snprintf(to_sign, sizeof to_sign, "POST\n\napplication/octet-stream\n%s\n%s", date, resource);
  HMAC(EVP_sha1(), "sk", 2, (const unsigned char *)to_sign, strlen(to_sign), mac, &mac_len);
  EVP_EncodeBlock(signature, mac, (int)mac_len);
  snprintf(header_date, sizeof header_date, "Date: %s", date);
  snprintf(header_auth, sizeof header_auth, "Authorization: OSS ak:%s", signature);
  headers = curl_slist_append(headers, header_date);
  headers = curl_slist_append(headers, header_auth);
  headers = curl_slist_append(headers, "Content-Type: application/octet-stream");
  headers = curl_slist_append(headers, "Expect:");

  curl_easy_setopt(raw->curl, CURLOPT_URL, url);
  curl_easy_setopt(raw->curl, CURLOPT_POST, 1L);
  curl_easy_setopt(raw->curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(raw->curl, CURLOPT_READFUNCTION, read_source);
  curl_easy_setopt(raw->curl, CURLOPT_READDATA, src);
  curl_easy_setopt(raw->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)length);
  curl_easy_setopt(raw->curl, CURLOPT_WRITEFUNCTION, discard);
  rc = curl_easy_perform(raw->curl);
  curl_slist_free_all(headers);
  curl_easy_getinfo(raw->curl, CURLINFO_RESPONSE_CODE, &status);
  if (rc != CURLE_OK || status != 200) {
    fprintf(stderr, "c driver: raw append: %s, status %ld\n", curl_easy_strerror(rc), status);
    exit(1);
  }
}

static ossc_appender_t *open_appender(const char *url, const char *key, ossc_client_t **client) {
  ossc_config_t config;
  ossc_error_t error;
  ossc_appender_t *appender = NULL;
  memset(&error, 0, sizeof error);
  ossc_config_init(&config);
  config.endpoint = url;
  config.access_key_id = "ak";
  config.access_key_secret = "sk";
  config.timeout_ms = 600000;
  if (ossc_client_new(&config, client, &error) != OSSC_OK) fail("client", &error);
  if (ossc_appender_open(*client, BUCKET, key, NULL, &appender, &error) != OSSC_OK) fail("open", &error);
  return appender;
}

static double append_many(const char *variant, const char *url, const char *key, long count, size_t size) {
  unsigned char *chunk = pattern(size);
  double start, elapsed;
  long i;
  if (strcmp(variant, "client") == 0) {
    ossc_client_t *client = NULL;
    ossc_appender_t *appender = open_appender(url, key, &client);
    ossc_error_t error;
    memset(&error, 0, sizeof error);
    start = now_ms();
    for (i = 0; i < count; i++)
      if (ossc_appender_append(appender, chunk, size, &error) != OSSC_OK) fail("append", &error);
    elapsed = now_ms() - start;
    ossc_appender_free(appender);
    ossc_client_free(client);
  } else {
    raw_t raw = {curl_easy_init(), url, key};
    start = now_ms();
    for (i = 0; i < count; i++) {
      source_t src = {chunk, size, 0, NULL};
      raw_append(&raw, (int64_t)i * (int64_t)size, &src, (int64_t)size);
    }
    elapsed = now_ms() - start;
    curl_easy_cleanup(raw.curl);
  }
  free(chunk);
  return elapsed;
}

static double append_file(const char *variant, const char *url, const char *key, const char *path, int64_t *size) {
  FILE *file = fopen(path, "rb");
  struct stat st;
  double start, elapsed;
  if (file == NULL || stat(path, &st) != 0) {
    perror(path);
    exit(1);
  }
  *size = (int64_t)st.st_size;
  if (strcmp(variant, "client") == 0) {
    ossc_client_t *client = NULL;
    ossc_appender_t *appender = open_appender(url, key, &client);
    ossc_error_t error;
    memset(&error, 0, sizeof error);
    start = now_ms();
    if (ossc_appender_append_file(appender, file, &error) != OSSC_OK) fail("append file", &error);
    elapsed = now_ms() - start;
    ossc_appender_free(appender);
    ossc_client_free(client);
  } else {
    raw_t raw = {curl_easy_init(), url, key};
    source_t src = {NULL, 0, 0, file};
    start = now_ms();
    raw_append(&raw, 0, &src, *size);
    elapsed = now_ms() - start;
    curl_easy_cleanup(raw.curl);
  }
  fclose(file);
  return elapsed;
}

static void crc(const char *which, const char *path, int repeats) {
  FILE *file = fopen(path, "rb");
  struct stat st;
  unsigned char *data;
  uint64_t value = 0;
  int i;
  if (file == NULL || stat(path, &st) != 0) {
    perror(path);
    exit(1);
  }
  data = malloc((size_t)st.st_size + 1);
  if (data == NULL || fread(data, 1, (size_t)st.st_size, file) != (size_t)st.st_size) exit(1);
  fclose(file);
  printf("{\"ms\":[");
  for (i = 0; i < repeats; i++) {
    double start = now_ms();
    value = strcmp(which, "lzma") == 0 ? lzma_crc64(data, (size_t)st.st_size, 0) : ossc_crc64(0, data, (size_t)st.st_size);
    printf("%s%.3f", i ? "," : "", now_ms() - start);
  }
  printf("],\"bytes\":%lld,\"crc\":\"%" PRIu64 "\"}\n", (long long)st.st_size, value);
  free(data);
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  if (ossc_global_init() != 0) return 1;
  if (strcmp(mode, "crc") == 0 && argc == 5) {
    crc(argv[2], argv[3], atoi(argv[4]));
  } else if (strcmp(mode, "big") == 0 && argc == 7) {
    long long total = atoll(argv[5]), chunk = atoll(argv[6]);
    long count = (long)((total + chunk - 1) / chunk);
    double ms = append_many(argv[2], argv[3], argv[4], count, (size_t)chunk);
    printf("{\"ms\":%.3f,\"bytes\":%lld}\n", ms, (long long)count * chunk);
  } else if (strcmp(mode, "small") == 0 && argc == 7) {
    long count = atol(argv[5]);
    double ms = append_many(argv[2], argv[3], argv[4], count, (size_t)atol(argv[6]));
    printf("{\"ms\":%.3f,\"ops\":%ld}\n", ms, count);
  } else if (strcmp(mode, "file") == 0 && argc == 6) {
    int64_t size = 0;
    double ms = append_file(argv[2], argv[3], argv[4], argv[5], &size);
    printf("{\"ms\":%.3f,\"bytes\":%" PRId64 "}\n", ms, size);
  } else {
    fprintf(stderr, "usage: driver crc|big|small|file ...\n");
    ossc_global_cleanup();
    return 2;
  }
  ossc_global_cleanup();
  return 0;
}
