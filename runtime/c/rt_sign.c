/* The request signatures (see rt.h): V4 (HMAC-SHA256 over a canonical request) and V1 (HMAC-SHA1). */
#include "rt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Adds "name: value" to headers; -1 when out of memory. */
static int add(rt_fields_t *headers, const char *name, const char *value) {
  return rt_fields_add(headers, name, strlen(name), value, strlen(value));
}

/* Takes the Authorization value out of auth and adds it; -1 when out of memory. */
static int add_authorization(rt_fields_t *headers, rt_buf_t *auth) {
  char *text = rt_buf_take(auth);
  int rc = text == NULL ? -1 : add(headers, "Authorization", text);
  free(text);
  return rc;
}

/* "name:value\n" for each canonical header. */
static void put_canonical(rt_buf_t *out, const rt_fields_t *canon) {
  size_t i;
  for (i = 0; i < canon->count; i++) {
    rt_buf_puts(out, canon->items[i].name);
    rt_buf_puts(out, ":");
    rt_buf_puts(out, canon->items[i].value);
    rt_buf_puts(out, "\n");
  }
}

/*
 * Makes keys hold the signing key for date (yyyymmdd), region and the secret, deriving it when they hold another
 * day's, region's or secret's (or none). -1 when out of memory or OpenSSL fails; keys then hold no key.
 */
static int v4_key(rt_v4_keys_t *keys, const char *date, const char *region, const char *access_key_secret) {
  unsigned char secret_digest[32];
  rt_buf_t secret = {0};
  char *region_copy = NULL;
  int rc = -1;
  if ((keys->ctx == NULL && (keys->ctx = rt_sha256_ctx_new()) == NULL) ||
      rt_sha256_ctx_digest(keys->ctx, access_key_secret, strlen(access_key_secret), secret_digest) != 0) {
    return -1;
  }
  if (keys->date[0] != '\0' && strcmp(keys->date, date) == 0 && keys->region != NULL && strcmp(keys->region, region) == 0 &&
      memcmp(keys->secret_digest, secret_digest, 32) == 0) {
    return 0;
  }
  keys->date[0] = '\0'; /* no key is held until this one is whole */
  rt_buf_puts(&secret, RT_V4_SECRET_PREFIX);
  rt_buf_puts(&secret, access_key_secret);
  region_copy = secret.failed ? NULL : rt_strdup(region);
  if (region_copy != NULL &&
      rt_sha256_ctx_hmac(keys->ctx, secret.data, secret.len, date, strlen(date), keys->key) == 0 &&
      rt_sha256_ctx_hmac(keys->ctx, keys->key, 32, region, strlen(region), keys->key) == 0 &&
      rt_sha256_ctx_hmac(keys->ctx, keys->key, 32, RT_V4_PRODUCT, strlen(RT_V4_PRODUCT), keys->key) == 0 &&
      rt_sha256_ctx_hmac(keys->ctx, keys->key, 32, RT_V4_SCOPE_TERMINATOR, strlen(RT_V4_SCOPE_TERMINATOR), keys->key) == 0) {
    free(keys->region);
    keys->region = region_copy;
    region_copy = NULL;
    memcpy(keys->date, date, 9);
    memcpy(keys->secret_digest, secret_digest, 32);
    keys->derivations++;
    rc = 0;
  } else {
    memset(keys->key, 0, sizeof(keys->key));
  }
  free(region_copy);
  /* The prefixed secret does not linger in memory. */
  if (secret.data != NULL) memset(secret.data, 0, secret.len);
  rt_buf_free(&secret);
  return rc;
}

/*
 * The hex V4 signature of a request: the canonical request over target (its query sorted here), the canonical
 * headers among headers, and payload_hash, signed at stamp (yyyymmddTHHMMSSZ) for region with the key in keys
 * (see rt_sign_v4). -1 when out of memory.
 */
static int v4_signature(const rt_fields_t *headers, const rt_sign_target_t *target, const char *stamp,
                        const char *region, const char *access_key_secret, const char *payload_hash,
                        rt_v4_keys_t *keys, char signature[65]) {
  char date[9], digest_hex[65];
  unsigned char digest[32];
  rt_fields_t canon = {0}, query = {0};
  rt_buf_t creq = {0}, sts = {0}, scope = {0};
  rt_v4_keys_t once;
  size_t i;
  int rc = -1;
  memset(&once, 0, sizeof(once));
  if (keys == NULL) keys = &once;
  memcpy(date, stamp, 8);
  date[8] = '\0';
  if (rt_canonical_headers(headers, 1, &canon) != 0 || rt_sorted_query(target->query, &query) != 0) goto done;
  /* Canonical request: the URI always names the bucket, whatever the addressing style. */
  rt_buf_puts(&creq, target->method);
  rt_buf_puts(&creq, "\n/");
  rt_uri_encode(&creq, target->bucket, 1);
  rt_buf_puts(&creq, "/");
  rt_uri_encode(&creq, target->key, 1);
  rt_buf_puts(&creq, "\n");
  for (i = 0; i < query.count; i++) {
    if (i > 0) rt_buf_puts(&creq, "&");
    rt_uri_encode(&creq, query.items[i].name, 0);
    if (query.items[i].value != NULL && query.items[i].value[0] != '\0') {
      rt_buf_puts(&creq, "=");
      rt_uri_encode(&creq, query.items[i].value, 0);
    }
  }
  rt_buf_puts(&creq, "\n");
  put_canonical(&creq, &canon);
  rt_buf_puts(&creq, "\n\n"); /* no additional headers */
  rt_buf_puts(&creq, payload_hash);
  rt_buf_puts(&scope, date);
  rt_buf_puts(&scope, "/");
  rt_buf_puts(&scope, region);
  rt_buf_puts(&scope, "/" RT_V4_PRODUCT "/" RT_V4_SCOPE_TERMINATOR);
  /* The key comes first: its context also hashes the canonical request. */
  if (creq.failed || scope.failed || v4_key(keys, date, region, access_key_secret) != 0 ||
      rt_sha256_ctx_digest(keys->ctx, creq.data, creq.len, digest) != 0) {
    goto done;
  }
  rt_hex_encode(digest, 32, digest_hex);
  rt_buf_puts(&sts, RT_V4_ALGORITHM "\n");
  rt_buf_puts(&sts, stamp);
  rt_buf_puts(&sts, "\n");
  rt_buf_puts(&sts, scope.data);
  rt_buf_puts(&sts, "\n");
  rt_buf_puts(&sts, digest_hex);
  if (sts.failed || rt_sha256_ctx_hmac(keys->ctx, keys->key, 32, sts.data, sts.len, digest) != 0) {
    goto done;
  }
  rt_hex_encode(digest, 32, signature);
  rc = 0;
done:
  /* A key derived for this signature alone does not linger in memory. */
  rt_v4_keys_clear(&once);
  rt_fields_free(&canon);
  rt_fields_free(&query);
  rt_buf_free(&creq);
  rt_buf_free(&sts);
  rt_buf_free(&scope);
  return rc;
}

int rt_sign_v4(rt_fields_t *headers, const rt_sign_target_t *target, int64_t now, const char *region,
               const char *access_key_id, const char *access_key_secret, rt_v4_keys_t *keys) {
  char stamp[32], signature[65];
  rt_buf_t auth = {0};
  rt_iso_basic(now, stamp);
  if (add(headers, RT_V4_DATE_HEADER, stamp) != 0 || add(headers, RT_V4_PAYLOAD_HASH_HEADER, RT_V4_PAYLOAD_HASH) != 0 ||
      v4_signature(headers, target, stamp, region, access_key_secret, RT_V4_PAYLOAD_HASH, keys, signature) != 0) {
    return -1;
  }
  rt_buf_puts(&auth, RT_V4_ALGORITHM " Credential=");
  rt_buf_puts(&auth, access_key_id);
  rt_buf_puts(&auth, "/");
  rt_buf_append(&auth, stamp, 8); /* the scope's day: the stamp's first 8 characters */
  rt_buf_puts(&auth, "/");
  rt_buf_puts(&auth, region);
  rt_buf_puts(&auth, "/" RT_V4_PRODUCT "/" RT_V4_SCOPE_TERMINATOR ",Signature=");
  rt_buf_puts(&auth, signature);
  return add_authorization(headers, &auth);
}

/* Is name one of the n subresources V1 signs? */
static int is_listed(const char *name, const char *const *list, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    if (strcmp(list[i], name) == 0) return 1;
  }
  return 0;
}

/*
 * The base64 V1 signature: date_line on the Date line, the subresources listed (and extra_signed, when not NULL)
 * in the resource. -1 when out of memory.
 */
static int v1_signature(const rt_fields_t *headers, const rt_sign_target_t *target, const char *date_line,
                        const char *const *subresources, size_t subresource_count, const char *extra_signed,
                        const char *access_key_secret, char encoded[29]) {
  rt_fields_t canon = {0}, query = {0};
  rt_buf_t sts = {0};
  const char *md5, *type;
  size_t i, signed_count = 0;
  int rc = -1;
  if (rt_canonical_headers(headers, 0, &canon) != 0 || rt_sorted_query(target->query, &query) != 0) goto done;
  md5 = rt_fields_get(headers, "content-md5");
  type = rt_fields_get(headers, "content-type");
  rt_buf_puts(&sts, target->method);
  rt_buf_puts(&sts, "\n");
  rt_buf_puts(&sts, md5 != NULL ? md5 : "");
  rt_buf_puts(&sts, "\n");
  rt_buf_puts(&sts, type != NULL ? type : "");
  rt_buf_puts(&sts, "\n");
  rt_buf_puts(&sts, date_line);
  rt_buf_puts(&sts, "\n");
  put_canonical(&sts, &canon);
  /* V1 signs the resource unencoded. */
  rt_buf_puts(&sts, "/");
  rt_buf_puts(&sts, target->bucket);
  rt_buf_puts(&sts, "/");
  rt_buf_puts(&sts, target->key);
  for (i = 0; i < query.count; i++) {
    if (!is_listed(query.items[i].name, subresources, subresource_count) &&
        (extra_signed == NULL || strcmp(query.items[i].name, extra_signed) != 0)) {
      continue;
    }
    rt_buf_puts(&sts, signed_count++ == 0 ? "?" : "&");
    rt_buf_puts(&sts, query.items[i].name);
    if (query.items[i].value != NULL && query.items[i].value[0] != '\0') {
      rt_buf_puts(&sts, "=");
      rt_buf_puts(&sts, query.items[i].value);
    }
  }
  if (sts.failed) goto done;
  rt_hmac_sha1_base64(access_key_secret, sts.data, sts.len, encoded);
  rc = 0;
done:
  rt_fields_free(&canon);
  rt_fields_free(&query);
  rt_buf_free(&sts);
  return rc;
}

int rt_sign_v1(rt_fields_t *headers, const rt_sign_target_t *target, int64_t now, const char *const *subresources,
               size_t subresource_count, const char *access_key_id, const char *access_key_secret) {
  char date[40];
  char encoded[29];
  rt_buf_t auth = {0};
  rt_rfc1123(now, date);
  if (add(headers, RT_V1_DATE_HEADER, date) != 0 ||
      v1_signature(headers, target, date, subresources, subresource_count, NULL, access_key_secret, encoded) != 0) {
    return -1;
  }
  rt_buf_puts(&auth, RT_V1_ALGORITHM " ");
  rt_buf_puts(&auth, access_key_id);
  rt_buf_puts(&auth, ":");
  rt_buf_puts(&auth, encoded);
  return add_authorization(headers, &auth);
}

/* Adds "name=value" to a query; -1 when out of memory. */
static int add_param(rt_fields_t *query, const char *name, const char *value) {
  return rt_fields_add(query, name, strlen(name), value, strlen(value));
}

int rt_presign_v4(rt_fields_t *query, const rt_fields_t *headers, const rt_sign_target_t *target, int64_t now,
                  int64_t expires_seconds, const char *region, const char *access_key_id,
                  const char *access_key_secret, const char *token, rt_v4_keys_t *keys) {
  char stamp[32], expires[24], signature[65];
  rt_buf_t credential = {0};
  int rc;
  rt_iso_basic(now, stamp);
  snprintf(expires, sizeof(expires), "%lld", (long long)expires_seconds);
  rt_buf_puts(&credential, access_key_id);
  rt_buf_puts(&credential, "/");
  rt_buf_append(&credential, stamp, 8);
  rt_buf_puts(&credential, "/");
  rt_buf_puts(&credential, region);
  rt_buf_puts(&credential, "/" RT_V4_PRODUCT "/" RT_V4_SCOPE_TERMINATOR);
  rc = credential.failed || add_param(query, RT_V4_PRESIGN_ALGORITHM, RT_V4_ALGORITHM) != 0 ||
               add_param(query, RT_V4_PRESIGN_CREDENTIAL, credential.data) != 0 ||
               add_param(query, RT_V4_PRESIGN_DATE, stamp) != 0 || add_param(query, RT_V4_PRESIGN_EXPIRES, expires) != 0 ||
               (token != NULL && token[0] != '\0' && add_param(query, RT_V4_PRESIGN_TOKEN, token) != 0) ||
               v4_signature(headers, target, stamp, region, access_key_secret, RT_V4_PRESIGN_PAYLOAD_HASH, keys, signature) != 0 ||
               add_param(query, RT_V4_PRESIGN_SIGNATURE, signature) != 0
           ? -1
           : 0;
  rt_buf_free(&credential);
  return rc;
}

int rt_presign_v1(rt_fields_t *query, const rt_fields_t *headers, const rt_sign_target_t *target, int64_t now,
                  int64_t expires_seconds, const char *const *subresources, size_t subresource_count,
                  const char *access_key_id, const char *access_key_secret, const char *token) {
  char expires[24], encoded[29];
  snprintf(expires, sizeof(expires), "%lld", (long long)(now + expires_seconds));
  if (token != NULL && token[0] != '\0' && add_param(query, RT_V1_PRESIGN_TOKEN, token) != 0) return -1;
  if (v1_signature(headers, target, expires, subresources, subresource_count, RT_V1_PRESIGN_TOKEN, access_key_secret,
                   encoded) != 0) {
    return -1;
  }
  return add_param(query, RT_V1_PRESIGN_ACCESS_KEY_ID, access_key_id) != 0 || add_param(query, RT_V1_PRESIGN_EXPIRES, expires) != 0 ||
                 add_param(query, RT_V1_PRESIGN_SIGNATURE, encoded) != 0
             ? -1
             : 0;
}
