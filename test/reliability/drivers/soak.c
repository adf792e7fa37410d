/*
 * Reliability driver for the generated C client (compiled with out/c/src by
 * test/reliability/faults.test.ts, the hostile-server suite and test/c). Usage:
 *   soak soak URL KEY DATA SIZES          append DATA cut at SIZES through an appender
 *   soak integrity URL KEY                one append whose answer carries a wrong CRC header
 *   soak append-once URL KEY FILE         one append call (not the appender) at position 0, previous CRC 0
 *   soak append-once-pipe URL KEY FILE    the same, the body streamed from a pipe (cannot be read again)
 *   soak appender URL KEY FILE [FILE...]  appender open, then each FILE's bytes in order
 *   soak appender-each URL KEY FILE...    the same, one JSON line per append, going on after a failure
 *   soak head URL KEY                     one HEAD
 *   soak get URL KEY                      one GET: next is the body's size, crc its CRC-64
 * Credentials come from OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET / OSS_SESSION_TOKEN (the client's own loading).
 * The hostile-suite commands read OSSGEN_TIMEOUT_MS (default 1000), OSSGEN_MAX_ATTEMPTS (default 3) and
 * OSSGEN_OPERATION_TIMEOUT_MS (default none), print one JSON line (ok, or kind/class/code/status/message) and
 * exit 0 even when the call failed. Nothing printed ever contains a credential: the client's messages never do.
 */
#define _POSIX_C_SOURCE 200809L

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ossc.h"

static const char *const BUCKET = "examplebucket";

static long env_long(const char *name, long fallback) {
  const char *text = getenv(name);
  return text != NULL && text[0] != '\0' ? strtol(text, NULL, 10) : fallback;
}

static void json_string(const char *s) {
  putchar('"');
  for (; s != NULL && *s != '\0'; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') printf("\\%c", c);
    else if (c < 0x20 || c == 0x7f) printf("\\u%04x", c);
    else putchar(c);
  }
  putchar('"');
}

/* The suite's error kinds. Every code of the client is typed; only I/O and memory are "untyped" here. */
static const char *kind_of(ossc_error_code_t code) {
  switch (code) {
    case OSSC_CLIENT_INVALID_INPUT:
      return "validation";
    case OSSC_CLIENT_TRANSPORT:
      return "network";
    case OSSC_CLIENT_TIMEOUT:
      return "timeout";
    case OSSC_CLIENT_PROTOCOL:
      return "protocol";
    case OSSC_CLIENT_INTEGRITY:
      return "integrity";
    case OSSC_CLIENT_IO:
    case OSSC_CLIENT_NO_MEMORY:
      return "untyped";
    default:
      return "service";
  }
}

static void print_failure(const ossc_error_t *error) {
  printf("{\"ok\":false,\"kind\":\"%s\",\"class\":", kind_of(error->code));
  json_string(ossc_error_code_string(error->code));
  printf(",\"code\":");
  json_string(error->code_string);
  printf(",\"status\":%d,\"message\":", error->status);
  json_string(error->message);
  if (error->code == OSSC_ERR_POSITION_NOT_EQUAL_TO_LENGTH && error->has_next_append_position) {
    printf(",\"nextAppendPosition\":%" PRId64, error->next_append_position);
  }
  printf("}\n");
}

static void print_success(int64_t next, int has_crc, uint64_t crc) {
  printf("{\"ok\":true,\"next\":%" PRId64 ",\"crc\":", next);
  if (has_crc) printf("\"%" PRIu64 "\"}\n", crc);
  else printf("null}\n");
}

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

/* append-once, appender, appender-each, head: the hostile-server suite's commands. */
static int hostile_command(const char *mode, const char *url, const char *key, int nfiles, char **files) {
  ossc_config_t config;
  ossc_client_t *client = NULL;
  ossc_error_t error = {0};
  ossc_config_init(&config);
  config.endpoint = url;
  config.timeout_ms = env_long("OSSGEN_TIMEOUT_MS", 1000);
  config.max_attempts = (int)env_long("OSSGEN_MAX_ATTEMPTS", 3);
  config.operation_timeout_ms = env_long("OSSGEN_OPERATION_TIMEOUT_MS", 0);
  config.retry_base_delay_ms = 10;
  if (ossc_client_new(&config, &client, &error) != 0) {
    print_failure(&error);
    ossc_error_reset(&error);
    return 0;
  }
  if (strcmp(mode, "head") == 0) {
    ossc_head_object_request_t request = {0};
    ossc_head_object_result_t result = {0};
    request.bucket = BUCKET;
    request.key = key;
    if (ossc_head_object(client, &request, &result, &error) == 0) {
      print_success(result.has_next_append_position ? result.next_append_position : result.content_length,
                    result.has_hash_crc64ecma, result.hash_crc64ecma);
    } else {
      print_failure(&error);
    }
    ossc_head_object_result_free(&result);
  } else if (strcmp(mode, "get") == 0) {
    ossc_get_object_request_t request = {0};
    ossc_get_object_result_t result = {0};
    request.bucket = BUCKET;
    request.key = key;
    if (ossc_get_object(client, &request, &result, &error) == 0) {
      print_success((int64_t)result.body_size, 1, ossc_crc64(0, result.body, result.body_size));
    } else {
      print_failure(&error);
    }
    ossc_get_object_result_free(&result);
  } else if (strcmp(mode, "append-once") == 0 || strcmp(mode, "append-once-pipe") == 0) {
    size_t size = 0;
    unsigned char *data = read_file(files[0], &size);
    ossc_append_object_request_t request = {0};
    ossc_append_object_result_t result = {0};
    FILE *pipe_end = NULL;
    request.bucket = BUCKET;
    request.key = key;
    request.position = 0;
    if (strcmp(mode, "append-once-pipe") == 0) {
      /* A body of unknown length that cannot be read again (small enough to sit in the pipe's buffer). */
      int fds[2];
      if (size > 4096 || pipe(fds) != 0 || write(fds[1], data, size) != (ssize_t)size || close(fds[1]) != 0) die("pipe", NULL);
      pipe_end = fdopen(fds[0], "rb");
      if (pipe_end == NULL) die("pipe", NULL);
      request.body = ossc_body_from_file(pipe_end);
    } else {
      request.body = ossc_body_from_memory(data, size);
    }
    request.has_init_crc = 1;
    request.init_crc = 0;
    if (ossc_append_object(client, &request, &result, &error) == 0) {
      print_success(result.next_append_position, result.has_hash_crc64ecma, result.hash_crc64ecma);
    } else {
      print_failure(&error);
    }
    ossc_append_object_result_free(&result);
    if (pipe_end != NULL) fclose(pipe_end);
    free(data);
  } else {
    int each = strcmp(mode, "appender-each") == 0;
    ossc_appender_t *appender = NULL;
    if (ossc_appender_open(client, BUCKET, key, NULL, &appender, &error) != 0) {
      print_failure(&error);
    } else {
      int failed = 0;
      for (int i = 0; i < nfiles && (each || !failed); i++) {
        size_t size = 0;
        unsigned char *data = read_file(files[i], &size);
        if (ossc_appender_append(appender, data, size, &error) != 0) {
          failed = 1;
          print_failure(&error);
        } else if (each) {
          print_success(ossc_appender_position(appender), 1, ossc_appender_crc(appender));
        }
        ossc_error_reset(&error);
        free(data);
      }
      if (!each && !failed) print_success(ossc_appender_position(appender), 1, ossc_appender_crc(appender));
      ossc_appender_free(appender);
    }
  }
  ossc_error_reset(&error);
  ossc_client_free(client);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: soak|integrity|append-once|append-once-pipe|appender|appender-each|head|get URL KEY [FILES...]\n");
    return 2;
  }
  const char *mode = argv[1], *url = argv[2], *key = argv[3];
  if (ossc_global_init() != 0) die("init", NULL);
  if (strcmp(mode, "append-once") == 0 || strcmp(mode, "append-once-pipe") == 0 || strcmp(mode, "appender") == 0 || strcmp(mode, "appender-each") == 0 ||
      strcmp(mode, "head") == 0 || strcmp(mode, "get") == 0) {
    if (strcmp(mode, "head") != 0 && strcmp(mode, "get") != 0 && argc < 5) {
      fprintf(stderr, "usage: %s URL KEY FILE...\n", mode);
      return 2;
    }
    int rc = hostile_command(mode, url, key, argc - 4, argv + 4);
    ossc_global_cleanup();
    return rc;
  }
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
