/*
 * Exercises the generated C client paths the samples do not: V1 signing against the simulator (which verifies
 * it), a session token, a body streamed from a pipe (size unknown, so chunked), a body read from a path, and a
 * direct AppendObject with CRC checking. Prints the object read back.
 *
 * Usage: wire_smoke ENDPOINT v1|v4 TOKEN|- KEY PATH   (the pipe body comes from stdin)
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ossc.h"

static int report(const char *what, int rc, const ossc_error_t *error) {
  if (rc != OSSC_OK) {
    fprintf(stderr, "%s: %s (HTTP %d): %s\n", what, error->code_string, error->status,
            error->message != NULL ? error->message : "");
  }
  return rc;
}

int main(int argc, char **argv) {
  ossc_config_t config;
  ossc_client_t *client = NULL;
  ossc_appender_t *appender = NULL;
  ossc_error_t error;
  ossc_append_object_request_t append;
  ossc_append_object_result_t appended;
  ossc_get_object_request_t get;
  ossc_get_object_result_t object;
  int rc;
  if (argc != 6) return 2;
  memset(&error, 0, sizeof(error));
  memset(&append, 0, sizeof(append));
  memset(&appended, 0, sizeof(appended));
  memset(&get, 0, sizeof(get));
  memset(&object, 0, sizeof(object));
  if (ossc_global_init() != 0) return 1;
  ossc_config_init(&config);
  config.endpoint = argv[1];
  config.auth = strcmp(argv[2], "v1") == 0 ? OSSC_AUTH_V1 : OSSC_AUTH_V4;
  config.access_key_id = "ak";
  config.access_key_secret = "sk";
  config.security_token = strcmp(argv[3], "-") == 0 ? NULL : argv[3];
  rc = report("client", ossc_client_new(&config, &client, &error), &error);
  if (rc == OSSC_OK) rc = report("open", ossc_appender_open(client, "examplebucket", argv[4], NULL, &appender, &error), &error);
  if (rc == OSSC_OK) rc = report("memory", ossc_appender_append(appender, "memory\n", 7, &error), &error);
  if (rc == OSSC_OK) {
    append.bucket = "examplebucket";
    append.key = argv[4];
    append.position = ossc_appender_position(appender);
    append.body = ossc_body_from_file(stdin);
    append.has_init_crc = 1;
    append.init_crc = ossc_appender_crc(appender);
    rc = report("pipe", ossc_append_object(client, &append, &appended, &error), &error);
  }
  if (rc == OSSC_OK) {
    append.position = appended.next_append_position;
    append.init_crc = appended.hash_crc64ecma;
    append.body = ossc_body_from_path(argv[5]);
    ossc_append_object_result_free(&appended);
    rc = report("path", ossc_append_object(client, &append, &appended, &error), &error);
  }
  if (rc == OSSC_OK) {
    get.bucket = "examplebucket";
    get.key = argv[4];
    rc = report("get", ossc_get_object(client, &get, &object, &error), &error);
  }
  if (rc == OSSC_OK) {
    printf("crc %" PRIu64 "\n", appended.hash_crc64ecma);
    fwrite(object.body, 1, object.body_size, stdout);
  }
  ossc_get_object_result_free(&object);
  ossc_append_object_result_free(&appended);
  ossc_appender_free(appender);
  ossc_client_free(client);
  ossc_error_reset(&error);
  ossc_global_cleanup();
  return rc == OSSC_OK ? 0 : 1;
}
