/*
 * Reliability driver for the generated C client (compiled with out/c/src by
 * test/reliability/faults.test.ts). Usage:
 *   soak soak URL KEY DATA SIZES   append DATA cut at SIZES through an appender
 *   soak integrity URL KEY         one append whose answer carries a wrong CRC header
 * Credentials come from OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET. Prints one JSON line.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ossc.h"

static const char *const BUCKET = "examplebucket";

static void die(const char *what, const ossc_error_t *error) {
  fprintf(stderr, "driver: %s: %s\n", what, error && error->message ? error->message : "failed");
  exit(1);
}

/* Under faults even the probe can fail after its own retries: try a few times. */
static ossc_appender_t *open_appender(ossc_client_t *client, const char *key) {
  ossc_error_t error = {0};
  for (int i = 0; i < 10; i++) {
    ossc_appender_t *appender = NULL;
    ossc_error_reset(&error);
    if (ossc_appender_open(client, BUCKET, key, NULL, &appender, &error) == 0) return appender;
  }
  die("open", &error);
  return NULL;
}

static unsigned char *read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f) die(path, NULL);
  fseek(f, 0, SEEK_END);
  long length = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *data = malloc((size_t)length + 1);
  if (!data || fread(data, 1, (size_t)length, f) != (size_t)length) die(path, NULL);
  fclose(f);
  data[length] = 0;
  *size = (size_t)length;
  return data;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: soak|integrity URL KEY [DATA SIZES]\n");
    return 2;
  }
  const char *mode = argv[1], *url = argv[2], *key = argv[3];
  if (ossc_global_init() != 0) die("init", NULL);
  ossc_config_t config;
  ossc_config_init(&config);
  config.endpoint = url;
  config.timeout_ms = 800;
  config.max_attempts = 6;
  ossc_client_t *client = NULL;
  ossc_error_t error = {0};
  if (ossc_client_new(&config, &client, &error) != 0) die("client", &error);
  if (strcmp(mode, "integrity") == 0) {
    ossc_appender_t *appender = open_appender(client, key);
    int rc = ossc_appender_append(appender, "integrity check", 15, &error);
    printf("{\"lang\":\"c\",\"integrityError\":%s,\"error\":\"%s\"}\n",
           rc != 0 && error.code == OSSC_CLIENT_INTEGRITY ? "true" : "false",
           rc == 0 ? "accepted" : ossc_error_code_string(error.code));
    ossc_error_reset(&error);
    ossc_appender_free(appender);
  } else {
    size_t data_size = 0, sizes_size = 0;
    unsigned char *data = read_file(argv[4], &data_size);
    char *sizes = (char *)read_file(argv[5], &sizes_size);
    ossc_appender_t *appender = open_appender(client, key);
    int opens = 1, errors = 0, integrity = 0, landed_after_error = 0, chunks = 0;
    int64_t offset = 0;
    for (char *line = strtok(sizes, "\n"); line; line = strtok(NULL, "\n")) {
      int64_t size = strtoll(line, NULL, 10);
      if (offset + size > (int64_t)data_size) die("sizes exceed the data", NULL);
      for (;;) {
        int64_t before = ossc_appender_position(appender);
        if (ossc_appender_append(appender, data + offset, (size_t)size, &error) == 0) break;
        errors++;
        if (error.code == OSSC_CLIENT_INTEGRITY) integrity++;
        ossc_error_reset(&error);
        /* The outcome is settled by reading the object back, never by guessing. */
        ossc_appender_free(appender);
        appender = open_appender(client, key);
        opens++;
        int64_t now = ossc_appender_position(appender);
        if (now == before + size) {
          landed_after_error++;
          break;
        }
        if (now != before) {
          fprintf(stderr, "driver: object is %" PRId64 " bytes, neither %" PRId64 " nor %" PRId64 "\n", now, before, before + size);
          return 1;
        }
      }
      offset += size;
      chunks++;
    }
    printf("{\"lang\":\"c\",\"chunks\":%d,\"bytes\":%" PRId64 ",\"position\":%" PRId64 ",\"crc\":\"%" PRIu64
           "\",\"errors\":%d,\"integrityErrors\":%d,\"landedAfterError\":%d,\"opens\":%d}\n",
           chunks, offset, ossc_appender_position(appender), ossc_appender_crc(appender), errors, integrity,
           landed_after_error, opens);
    ossc_appender_free(appender);
    free(data);
    free(sizes);
  }
  ossc_client_free(client);
  ossc_global_cleanup();
  return 0;
}
