/*
 * The static part of the generated C library's runtime: the same code for every model, kept here as
 * ordinary C99 (compiled with -std=c99 -Wall -Wextra -Werror and unit-tested where it lives, see test/)
 * and copied verbatim into the generated library's src/. Nothing here knows the service: what depends
 * on the model comes from rt_config.h, which the generator writes for each library.
 *
 * Every external symbol is named through RT_NAME(name) (from rt_config.h), so two generated libraries
 * linked into one program never share a symbol: the code says rt_buf_append, the library exports
 * <prefix>buf_append.
 */
#ifndef OSSGEN_RT_H
#define OSSGEN_RT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rt_config.h"

#define rt_strdup RT_NAME(strdup)
#define rt_strndup RT_NAME(strndup)
#define rt_ieq RT_NAME(ieq)
#define rt_buf_append RT_NAME(buf_append)
#define rt_buf_puts RT_NAME(buf_puts)
#define rt_buf_free RT_NAME(buf_free)
#define rt_buf_take RT_NAME(buf_take)
#define rt_valid_utf8 RT_NAME(valid_utf8)
#define rt_hex_value RT_NAME(hex_value)
#define rt_hex_encode RT_NAME(hex_encode)
#define rt_uri_encode RT_NAME(uri_encode)
#define rt_parse_decimal RT_NAME(parse_decimal)
#define rt_iso_basic RT_NAME(iso_basic)
#define rt_rfc1123 RT_NAME(rfc1123)
#define rt_credential_ok RT_NAME(credential_ok)
#define rt_is_ip_host RT_NAME(is_ip_host)
#define rt_tag_part_ok RT_NAME(tag_part_ok)
#define rt_backoff_ms RT_NAME(backoff_ms)
#define rt_key_check RT_NAME(key_check)
#define rt_chars_ok RT_NAME(chars_ok)
#define rt_tagging_check RT_NAME(tagging_check)
#define rt_status_listed RT_NAME(status_listed)
#define rt_free_secret RT_NAME(free_secret)
#define rt_deadline_enter RT_NAME(deadline_enter)
#define rt_deadline_leave RT_NAME(deadline_leave)
#define rt_wait_within RT_NAME(wait_within)
#define rt_chunk_where RT_NAME(chunk_where)
#define rt_chunk_matches RT_NAME(chunk_matches)
#define rt_now_ms RT_NAME(now_ms)
#define rt_sleep_ms RT_NAME(sleep_ms)
#define rt_deadline_left RT_NAME(deadline_left)
#define rt_crc64 RT_NAME(crc64)
#define rt_sha256_ctx_new RT_NAME(sha256_ctx_new)
#define rt_sha256_ctx_hmac RT_NAME(sha256_ctx_hmac)
#define rt_sha256_ctx_digest RT_NAME(sha256_ctx_digest)
#define rt_sha256_ctx_free RT_NAME(sha256_ctx_free)
#define rt_v4_keys_clear RT_NAME(v4_keys_clear)
#define rt_hmac_sha1_base64 RT_NAME(hmac_sha1_base64)
#define rt_fields_add RT_NAME(fields_add)
#define rt_fields_free RT_NAME(fields_free)
#define rt_fields_get RT_NAME(fields_get)
#define rt_fields_sort RT_NAME(fields_sort)
#define rt_trimmed RT_NAME(trimmed)
#define rt_canonical_headers RT_NAME(canonical_headers)
#define rt_header_ok RT_NAME(header_ok)
#define rt_lower_joined RT_NAME(lower_joined)
#define rt_sorted_query RT_NAME(sorted_query)
#define rt_response_free RT_NAME(response_free)
#define rt_response_add_header RT_NAME(response_add_header)
#define rt_response_body_append RT_NAME(response_body_append)
#define rt_response_set_body RT_NAME(response_set_body)
#define rt_response_body_append_max RT_NAME(response_body_append_max)
#define rt_response_header RT_NAME(response_header)
#define rt_response_header_line RT_NAME(response_header_line)
#define rt_body_size RT_NAME(body_size)
#define rt_body_crc RT_NAME(body_crc)
#define rt_body_check RT_NAME(body_check)
#define rt_fits RT_NAME(fits)
#define rt_file_crcs RT_NAME(file_crcs)
#define rt_upload_open RT_NAME(upload_open)
#define rt_upload_read RT_NAME(upload_read)
#define rt_upload_rewind RT_NAME(upload_rewind)
#define rt_upload_close RT_NAME(upload_close)
#define rt_utf8_append RT_NAME(utf8_append)
#define rt_xml_decode RT_NAME(xml_decode)
#define rt_find_bytes RT_NAME(find_bytes)
#define rt_xml_text RT_NAME(xml_text)
#define rt_base64_decode RT_NAME(base64_decode)
#define rt_is_error_document RT_NAME(is_error_document)
#define rt_error_doc_find RT_NAME(error_doc_find)
#define rt_error_doc_free RT_NAME(error_doc_free)
#define rt_error_doc_texts RT_NAME(error_doc_texts)
#define rt_error_by_code RT_NAME(error_by_code)
#define rt_error_retryable RT_NAME(error_retryable)
#define rt_endpoint_parse RT_NAME(endpoint_parse)
#define rt_http_exchange RT_NAME(http_exchange)
#define rt_address RT_NAME(address)
#define rt_address_free RT_NAME(address_free)
#define rt_request_init RT_NAME(request_init)
#define rt_request_free RT_NAME(request_free)
#define rt_request_set_target RT_NAME(request_set_target)
#define rt_request_address RT_NAME(request_address)
#define rt_sign_v4 RT_NAME(sign_v4)
#define rt_sign_v1 RT_NAME(sign_v1)
#define rt_presign_v4 RT_NAME(presign_v4)
#define rt_presign_v1 RT_NAME(presign_v1)

/* ---- Strings and buffers (rt_buf.c) ---- */

/* A copy of s (NULL for NULL or when out of memory). */
char *rt_strdup(const char *s);
/* A NUL-terminated copy of the n bytes at s, or NULL when out of memory. */
char *rt_strndup(const char *s, size_t n);
/* ASCII case-insensitive equality. */
int rt_ieq(const char *a, const char *b);

/* A growable string; on allocation failure it remembers the failure and ignores further appends. */
typedef struct rt_buf {
  char *data;
  size_t len;
  size_t cap;
  int failed;
} rt_buf_t;

void rt_buf_append(rt_buf_t *b, const char *s, size_t n);
void rt_buf_puts(rt_buf_t *b, const char *s);
void rt_buf_free(rt_buf_t *b);
/* Takes the string out of b (never NULL unless allocation failed); b is left empty. */
char *rt_buf_take(rt_buf_t *b);

/* ---- Text (rt_text.c) ---- */

/* Is the NUL-terminated s well-formed UTF-8 (no surrogates, at most U+10FFFF)? */
int rt_valid_utf8(const unsigned char *s);
/* The value of one hex digit, or -1. */
int rt_hex_value(char c);
/* Lower-case hex of n bytes into out (2 * n + 1 bytes, NUL-terminated). */
void rt_hex_encode(const unsigned char *bytes, size_t n, char *out);
/* Percent-encodes every byte outside A-Z a-z 0-9 - _ . ~ (and '/' when keep_slash). */
void rt_uri_encode(rt_buf_t *b, const char *s, int keep_slash);
/* Plain decimal digits only (no sign, space or empty string), at most max; -1 otherwise. */
int rt_parse_decimal(const char *text, uint64_t max, uint64_t *value);
/* "20231216T162057Z" for seconds since 1970 (UTC, no locale or timezone involved). */
void rt_iso_basic(int64_t now, char out[32]);
/* "Wed, 28 Dec 2022 10:27:41 GMT" */
void rt_rfc1123(int64_t now, char out[40]);
/* A credential: non-empty, and every byte printable ASCII other than space (0x21-0x7E). */
int rt_credential_ok(const char *value);
/* Is the n-byte host an IP address (dotted digits, or a bracketed IPv6 literal)? */
int rt_is_ip_host(const char *host, size_t n);
/* Is one URL-encoded tag key or value of length n at most max bytes decoded, of characters in allowed only? */
int rt_tag_part_ok(const char *s, size_t n, size_t max, const char *allowed);
/*
 * The wait before retry number attempt + 1: base doubled per attempt so far, or retry_after (a Retry-After value
 * in seconds, NULL to ignore it) when it is a plain decimal; never more than max.
 */
long rt_backoff_ms(long base, int attempt, long max, const char *retry_after);

/* An object key against the model's limits: RT_KEY_OK, or the first rule it breaks. */
enum { RT_KEY_OK = 0, RT_KEY_LENGTH, RT_KEY_PREFIX, RT_KEY_UTF8 };
/* min to max bytes, none of the forbidden prefixes, valid UTF-8. */
int rt_key_check(const char *key, size_t min, size_t max, const char *const *forbidden_prefixes, size_t prefix_count);
/* Is every character of s in allowed (after lower-casing it when fold_case)? */
int rt_chars_ok(const char *s, const char *allowed, int fold_case);
/* A URL-encoded tag set ("k=v&k2=v2", NULL or "" for none): RT_TAGGING_OK, or the first rule it breaks. */
enum { RT_TAGGING_OK = 0, RT_TAGGING_TOO_MANY, RT_TAGGING_BAD_PART };
/* At most max_tags tags; each key and value within its length (decoded) and of characters in allowed. */
int rt_tagging_check(const char *tagging, size_t max_tags, size_t max_key, size_t max_value, const char *allowed);
/* Is status one of the count statuses? */
int rt_status_listed(long status, const long *statuses, size_t count);
/* Frees a secret after overwriting it, so it does not linger in freed memory (NULL: nothing). */
void rt_free_secret(char *secret);

/* ---- Time limits (rt_time.c) ---- */

/* Monotonic milliseconds, for time limits (never a signing clock). */
int64_t rt_now_ms(void);
/* Sleeps ms milliseconds (nothing for ms <= 0), resuming after signals. */
void rt_sleep_ms(long ms);
/* Milliseconds left until deadline_ms (rt_now_ms time): -1 when there is none (0), 0 when it has passed. */
int64_t rt_deadline_left(int64_t deadline_ms);

/*
 * A call's overall limit: the outermost enter starts it (timeout_ms <= 0: none, at_ms 0), nested calls share it,
 * the matching leave stops it. Zero-initialise.
 */
typedef struct rt_deadline {
  int64_t at_ms;
  int depth;
} rt_deadline_t;
void rt_deadline_enter(rt_deadline_t *d, long timeout_ms);
void rt_deadline_leave(rt_deadline_t *d);
/* Sleeps delay_ms before another attempt, unless left_ms (-1: no limit) runs out first: then sleeps that and returns -1. */
int rt_wait_within(long delay_ms, int64_t left_ms);

/* ---- CRC-64 and HMAC (rt_crypto.c; liblzma and libcrypto) ---- */

/* The CRC-64 of size bytes continued from crc (0 to start); needs RT_CRC64_CHECK from rt_config.h. */
uint64_t rt_crc64(uint64_t crc, const void *data, size_t size);
/*
 * Reusable SHA-256 and HMAC-SHA256 contexts (OpenSSL's EVP_MD_CTX and EVP_MAC_CTX): set up once, because OpenSSL 3
 * fetches the algorithm and builds a context on every one-shot SHA256() and HMAC(), which costs more than hashing a
 * short message.
 */
typedef struct rt_sha256_ctx rt_sha256_ctx_t;
/* NULL when out of memory. */
rt_sha256_ctx_t *rt_sha256_ctx_new(void);
/* HMAC-SHA256 of size bytes under key (the context re-keyed); -1 on failure. */
int rt_sha256_ctx_hmac(rt_sha256_ctx_t *ctx, const void *key, size_t key_len, const void *data, size_t size,
                       unsigned char out[32]);
/* SHA-256 of size bytes; -1 on failure. */
int rt_sha256_ctx_digest(rt_sha256_ctx_t *ctx, const void *data, size_t size, unsigned char out[32]);
/* Frees ctx (NULL is fine). */
void rt_sha256_ctx_free(rt_sha256_ctx_t *ctx);
/* Base64 of the HMAC-SHA1 of size bytes under the NUL-terminated key (28 characters and a NUL). */
void rt_hmac_sha1_base64(const char *key, const void *data, size_t size, char out[29]);

/* ---- XML text (rt_xml.c): the flat documents a service answers with, scanned linearly ---- */

/* Appends code point cp as UTF-8. */
void rt_utf8_append(rt_buf_t *out, unsigned long cp);
/*
 * Decodes the five named references and numeric ones that name a character (not NUL, not a surrogate, at most
 * U+10FFFF); anything else (&#x110000;, &#0;, &bogus;, a lone &) is kept literally. Linear in n.
 */
void rt_xml_decode(rt_buf_t *out, const char *s, size_t n);
/* First occurrence of needle (short) in the n bytes at hay, or NULL: O(n * strlen(needle)), so linear in the body. */
const char *rt_find_bytes(const char *hay, size_t n, const char *needle);
/* The decoded text of the first <tag>...</tag> in the size bytes at body, or NULL (absent, or out of memory). */
char *rt_xml_text(const unsigned char *body, size_t size, const char *tag);

/*
 * ---- The error document (rt_error.c) ----
 * rt_config.h names it: RT_ERROR_ROOT_TAG (its root's opening tag), RT_ERROR_CODE (the code element), and, for
 * the caller, RT_ERROR_MESSAGE, RT_ERROR_REQUEST_ID, RT_ERROR_HOST_ID, RT_ERROR_EC, RT_ERROR_BODYLESS_HEADER
 * (where a body-less answer carries the document, base64), RT_REQUEST_ID_HEADER and RT_ERROR_CODE_HEADER.
 */

/* The bytes base64 text decodes to (NUL-terminated; *size without the NUL), or NULL if invalid or out of memory. */
unsigned char *rt_base64_decode(const char *text, size_t *size);
/* Is the body an error document (the only kind whose code is believed)? */
int rt_is_error_document(const unsigned char *body, size_t size);

typedef struct rt_error_doc {
  /* The document found (NULL if none): the body, or decoded. */
  const unsigned char *xml;
  size_t xml_size;
  /* The code element's text (NULL if none); owned. */
  char *code;
  /* The body-less header's decoded bytes; owned. */
  unsigned char *decoded;
} rt_error_doc_t;

/*
 * Finds an answer's error document and its code: the body's, unless is_head or the body is not an error document;
 * else, when that gives no code, the one base64-encoded in bodyless (the RT_ERROR_BODYLESS_HEADER value, or NULL).
 * Free with rt_error_doc_free.
 */
void rt_error_doc_find(const unsigned char *body, size_t size, int is_head, const char *bodyless, rt_error_doc_t *doc);
void rt_error_doc_free(rt_error_doc_t *doc);

/* One modeled error, as the library's generated table lists them: its code, enum value, status, retryability. */
typedef struct rt_error_info {
  const char *code;
  int value;
  int status;
  int retryable;
} rt_error_info_t;

/* The table's entry for code, or NULL. */
const rt_error_info_t *rt_error_by_code(const rt_error_info_t *table, size_t count, const char *code);
/* Is the error with that enum value retryable (0 when the table does not list it)? */
int rt_error_retryable(const rt_error_info_t *table, size_t count, int value);

/* ---- Headers and query parameters (rt_fields.c) ---- */

/* A header or query parameter; for a query flag value is NULL. Both strings owned. */
typedef struct rt_field {
  char *name;
  char *value;
} rt_field_t;

typedef struct rt_fields {
  rt_field_t *items;
  size_t count;
  size_t cap;
} rt_fields_t;

/* Adds copies of name and value (value NULL for a flag); -1 when out of memory (f unchanged). */
int rt_fields_add(rt_fields_t *f, const char *name, size_t name_len, const char *value, size_t value_len);
void rt_fields_free(rt_fields_t *f);
/* The value of the first field named name (ASCII case-insensitive), or NULL. */
const char *rt_fields_get(const rt_fields_t *f, const char *name);
/* Sorts by name (bytewise). */
void rt_fields_sort(rt_fields_t *f);
/* A copy of s without leading and trailing spaces and tabs (NULL when out of memory). */
char *rt_trimmed(const char *s);
/*
 * Lower-cased, trimmed copies of the headers a signature covers, sorted by name: those starting with
 * RT_SIGNED_HEADER_PREFIX and, for V4 (v4 != 0), the ones RT_SIGNED_HEADERS lists (rt_config.h). -1 when out of memory.
 */
int rt_canonical_headers(const rt_fields_t *headers, int v4, rt_fields_t *out);
/* Copies of the query parameters, sorted by name. -1 when out of memory. */
int rt_sorted_query(const rt_fields_t *query, rt_fields_t *out);
/* Can name: value go on the wire as one header (no line break anywhere, no ':' or space in the name)? */
int rt_header_ok(const char *name, const char *value);
/* prefix then name, lower-cased (a metadata header's name); NULL when out of memory. */
char *rt_lower_joined(const char *prefix, const char *name);

/* ---- An append whose outcome was lost (rt_chunk.c) ---- */

/* A chunk sent by an append: where, how long, its own CRC-64 (from 0), and the object's CRC-64 once it is in. */
typedef struct rt_chunk {
  int64_t position;
  int64_t size;
  uint64_t crc;
  uint64_t expected;
  /* 0 when the object's CRC before the chunk is unknown: expected is then not compared. */
  int expected_known;
} rt_chunk_t;

/*
 * Where a chunk is, from the object's length and CRC-64 (crc_known 0: unknown). RT_CHUNK_ABSENT_AT_END: the object
 * ends at the chunk's position (nothing landed, a resend is safe). RT_CHUNK_LANDED: its bytes are there.
 * RT_CHUNK_ABSENT: other bytes are there, or the length rules the chunk out. RT_CHUNK_READ_BACK: only the bytes at
 * the chunk's range can tell (rt_chunk_matches). RT_CHUNK_UNKNOWN is the caller's, when it could not find out.
 */
enum { RT_CHUNK_ABSENT_AT_END, RT_CHUNK_LANDED, RT_CHUNK_ABSENT, RT_CHUNK_UNKNOWN, RT_CHUNK_READ_BACK };
int rt_chunk_where(const rt_chunk_t *chunk, int64_t length, uint64_t crc, int crc_known);
/*
 * Do the size bytes read back for the chunk's range (or the whole object, when the range was ignored) hold the
 * chunk (its CRC-64)? 1 or 0; -1 when the answer is neither.
 */
int rt_chunk_matches(const rt_chunk_t *chunk, const unsigned char *body, size_t size);

/* ---- Addressing (rt_url.c) ---- */

/*
 * Splits an endpoint URL ("scheme://host[:port][/...]") into *scheme and *host_port (owned); *path_style is 1 when
 * the host (port aside) is an IP address and path_style_for_ip, or localhost and path_style_for_localhost: the
 * bucket then goes in the path, else in the host. -1 (nothing allocated) when it is not such a URL or out of memory.
 */
int rt_endpoint_parse(const char *endpoint, int path_style_for_ip, int path_style_for_localhost, char **scheme,
                      char **host_port, int *path_style);

/* Where a request goes, all owned: the host it names, the path and query string as sent, and the whole URL. */
typedef struct rt_address {
  char *url;
  char *host;
  char *path;
  char *query_string;
} rt_address_t;

/*
 * The address of key in bucket at the endpoint (scheme, host_port, path_style from rt_endpoint_parse): the path
 * percent-encoded ('/' kept), the query sorted by name and encoded ("append&position=0": a flag has no '=').
 * -1 when out of memory (out left empty).
 */
int rt_address(const char *scheme, const char *host_port, int path_style, const char *bucket, const char *key,
               const rt_fields_t *query, rt_address_t *out);
void rt_address_free(rt_address_t *a);

/*
 * ---- Signatures (rt_sign.c) ----
 * rt_config.h names the schemes: RT_V4_ALGORITHM, RT_V4_PRODUCT, RT_V4_DATE_HEADER, RT_V4_PAYLOAD_HASH_HEADER and
 * RT_V4_PAYLOAD_HASH, RT_V4_SECRET_PREFIX (put before the secret to derive the first key) and RT_V4_SCOPE_TERMINATOR
 * (the scope's last part); RT_V1_ALGORITHM and RT_V1_DATE_HEADER.
 */

/* What a signature covers besides the headers: the method, the resource (never encoded here) and the query. */
typedef struct rt_sign_target {
  const char *method;
  const char *bucket;
  const char *key;
  const rt_fields_t *query;
} rt_sign_target_t;

/*
 * The V4 signing key of one day, region and secret, kept between requests because deriving it takes four HMACs.
 * Start it zeroed; its owner (a client, used by one thread at a time) wipes it with rt_v4_keys_clear. A signature
 * for another day, region or secret derives the key again in place.
 */
typedef struct rt_v4_keys {
  char date[9];                     /* yyyymmdd; empty while no key is held */
  char *region;                     /* the key's region */
  unsigned char secret_digest[32];  /* SHA-256 of the secret: which secret, without another copy of it */
  unsigned char key[32];            /* the derived signing key */
  rt_sha256_ctx_t *ctx;             /* reused for every hash and HMAC */
  unsigned long derivations;        /* how many keys were derived (lets the tests see the reuse) */
} rt_v4_keys_t;
/* Wipes the key and frees what keys holds; keys is then zeroed and usable again. */
void rt_v4_keys_clear(rt_v4_keys_t *keys);

/*
 * V4: adds the date (now, seconds since 1970) and payload-hash headers to headers, then the Authorization header
 * signed for region. -1 when out of memory (headers may then hold some of them).
 */
int rt_sign_v4(rt_fields_t *headers, const rt_sign_target_t *target, int64_t now, const char *region,
               const char *access_key_id, const char *access_key_secret, rt_v4_keys_t *keys);
/* V1: adds the date header, then the Authorization header; the query parameters signed are the subresources listed. */
int rt_sign_v1(rt_fields_t *headers, const rt_sign_target_t *target, int64_t now, const char *const *subresources,
               size_t subresource_count, const char *access_key_id, const char *access_key_secret);

/*
 * Presigned URLs (the query-string form; rt_config.h names the parameters RT_V4_PRESIGN_* and RT_V1_PRESIGN_*). Each
 * adds its parameters to query, which must be target->query: V4 the algorithm, credential, date, expires (seconds
 * after now), token (when not NULL or empty) and last the signature, over every query parameter then present, the
 * canonical headers among headers and RT_V4_PRESIGN_PAYLOAD_HASH; V1 the token, key id, Expires (now +
 * expires_seconds, on the Date line) and Signature, the token signed as a subresource. -1 when out of memory.
 * The V4 functions take the signing key from keys, deriving it there when it is not that day's, region's and
 * secret's; with keys NULL they derive it for this signature alone and wipe it.
 */
int rt_presign_v4(rt_fields_t *query, const rt_fields_t *headers, const rt_sign_target_t *target, int64_t now,
                  int64_t expires_seconds, const char *region, const char *access_key_id,
                  const char *access_key_secret, const char *token, rt_v4_keys_t *keys);
int rt_presign_v1(rt_fields_t *query, const rt_fields_t *headers, const rt_sign_target_t *target, int64_t now,
                  int64_t expires_seconds, const char *const *subresources, size_t subresource_count,
                  const char *access_key_id, const char *access_key_secret, const char *token);

/* ---- Responses (rt_response.c) ---- */

/* A response: header names lower-cased; body owned. */
typedef struct rt_response {
  long status;
  rt_fields_t headers;
  unsigned char *body;
  size_t body_size;
  size_t body_cap;
  /* 1 once the final header block (status 200 or more) has ended. */
  int headers_done;
  /* 1 when an error body (or a body no operation reads) reached the library's limit: the rest was not read. */
  int body_capped;
  /* Bytes of the request body that were sent (an append's next position must be position + this). */
  int64_t bytes_sent;
} rt_response_t;

void rt_response_free(rt_response_t *response);
/* Adds a header, its name lower-cased; -1 when out of memory. */
int rt_response_add_header(rt_response_t *response, const char *name, const char *value);
/* Appends to the body, which stays NUL-terminated (for the XML reader); -1 when out of memory. */
int rt_response_body_append(rt_response_t *response, const void *data, size_t size);
/*
 * Appends while the body stays within max bytes: 0 when all of data fit; 1 when it did not (what fits is kept and
 * body_capped set: the rest is never read); -1 when out of memory.
 */
int rt_response_body_append_max(rt_response_t *response, const void *data, size_t size, size_t max);
/* Replaces the body with a copy of size bytes; -1 when out of memory. */
int rt_response_set_body(rt_response_t *response, const void *body, size_t size);
/* A header's value by lower-case name, or NULL. */
const char *rt_response_header(const rt_response_t *response, const char *lower_name);
/*
 * Takes one header line of the n bytes at line (as libcurl hands it over, CRLF included): a status line starts a
 * new block (after 100 Continue); an empty line ends one (headers_done once the status is 200 or more); a
 * "name: value" line adds a header (value trimmed); anything else is ignored. -1 when out of memory.
 */
int rt_response_header_line(rt_response_t *response, const char *line, size_t n);

/* An error answer's texts (rt_error.c), each owned and NULL when absent. */
typedef struct rt_error_texts {
  char *message;
  char *request_id;
  char *host_id;
  char *ec;
} rt_error_texts_t;

/*
 * The texts of the error document found (RT_ERROR_MESSAGE, RT_ERROR_REQUEST_ID, RT_ERROR_HOST_ID, RT_ERROR_EC): the
 * request id and EC fall back to their headers (RT_REQUEST_ID_HEADER, RT_ERROR_CODE_HEADER), and a 3xx without a
 * message gets one saying redirects are never followed.
 */
void rt_error_doc_texts(const rt_error_doc_t *doc, const rt_response_t *response, rt_error_texts_t *out);

/* ---- Request bodies (rt_body.c) ---- */

/* Where a request body comes from: the library's public body type, field by field (the kinds have the same values). */
enum { RT_BODY_MEMORY = 0, RT_BODY_FILE, RT_BODY_PATH };
typedef struct rt_body {
  int kind;
  const void *data;
  size_t size;
  /* Streamed from its current offset to EOF; not closed. */
  FILE *file;
  /* Opened, streamed and closed. */
  const char *path;
  /* Called (when set) after each read of the upload with the bytes handed out so far; a resend starts again at 0. */
  void (*progress)(void *context, int64_t sent);
  void *progress_context;
} rt_body_t;

/* Size of the bytes a body will send, or -1 when it cannot be known before streaming. */
int64_t rt_body_size(const rt_body_t *body);
/*
 * Reads a body again (a FILE from start, and back there after): *size, its CRC-64 *crc, and *expected, the CRC
 * continued from init. 0, or -1 when it cannot be read again (a pipe, a path that went away, a read error).
 */
int rt_body_crc(const rt_body_t *body, int64_t start, uint64_t init, int64_t *size, uint64_t *crc, uint64_t *expected);

/* Is the body usable: RT_BODY_OK, or what it lacks (data for a non-empty memory body, its FILE, its path)? */
enum { RT_BODY_OK = 0, RT_BODY_NO_DATA, RT_BODY_NO_FILE, RT_BODY_NO_PATH };
int rt_body_check(const rt_body_t *body);
/* Do size bytes (-1: unknown, which fits) written at position stay within max bytes, without overflow? */
int rt_fits(int64_t position, int64_t size, int64_t max);
/*
 * Continues each of the n CRC-64s in crcs over the file's bytes from its current offset to its end, sets *size to
 * their count, and puts the offset back: 0, RT_FILE_NOT_SEEKABLE (nothing read), or RT_FILE_UNREADABLE.
 */
enum { RT_FILE_NOT_SEEKABLE = -1, RT_FILE_UNREADABLE = -2 };
int rt_file_crcs(FILE *file, uint64_t *crcs, size_t n, int64_t *size);

/* A body being sent: where it is read from, what was sent, and the CRC-64 of it when track_crc. */
typedef struct rt_upload {
  rt_body_t body;
  FILE *file;
  int own_file;
  size_t offset;
  /* Where a FILE body started (ftello; -1 for a pipe, which cannot be sent again). */
  int64_t start;
  uint64_t crc;
  int track_crc;
  int failed;
  /* Bytes handed out, and 1 once the body reached its end. */
  int64_t sent;
  int eof;
} rt_upload_t;

/* 0, or -1 (errno set) when a path body cannot be opened. */
int rt_upload_open(rt_upload_t *up, const rt_body_t *body);
/* Up to want bytes into out: how many (0 at the end). A read error sets failed and returns 0. */
size_t rt_upload_read(rt_upload_t *up, char *out, size_t want);
/* Back to the start for another attempt; -1 when the body cannot be read again (a pipe). */
int rt_upload_rewind(rt_upload_t *up);
/* Closes a path body's file. */
void rt_upload_close(rt_upload_t *up);

/* ---- A request (rt_request.c): built from a request struct, then addressed and signed ---- */

typedef struct rt_request {
  const char *method;
  char *bucket;
  char *key;
  /* Headers from the request struct, before signing. */
  rt_fields_t headers;
  rt_fields_t query;
  int has_body;
  rt_body_t body;
  /* Set by rt_request_address: */
  char *url;
  char *host;
  /* Path as sent (percent-encoded) and the query string as sent ("append&position=0"). */
  char *path;
  char *query_string;
  /* Every header that goes on the wire, including the signature's. */
  rt_fields_t signed_headers;
} rt_request_t;

void rt_request_init(rt_request_t *request, const char *method);
void rt_request_free(rt_request_t *request);
/* Copies bucket and key into the request; -1 when out of memory. */
int rt_request_set_target(rt_request_t *request, const char *bucket, const char *key);
/*
 * Addresses the request at the endpoint (rt_address; what an earlier call set is replaced) and starts its wire
 * headers: its own, then token under token_header when token is not NULL. -1 when out of memory.
 */
int rt_request_address(rt_request_t *request, const char *scheme, const char *host_port, int path_style,
                       const char *token_header, const char *token);

/* ---- One HTTP exchange (rt_http.c; libcurl) ---- */

typedef struct rt_http_request {
  const char *method;
  const char *url;
  /* Every header that goes on the wire. */
  const rt_fields_t *headers;
  /* The body being sent (NULL: none) and its size (-1: unknown, sent chunked). */
  rt_upload_t *upload;
  int64_t body_size;
  /* Connecting, idleness, and the answer once the request is sent (a GET's 2xx body aside) each within this. */
  long timeout_ms;
  /* What is left of the call's overall limit: everything, a GET body included, ends then (0: no limit). */
  int64_t overall_left_ms;
  /* At most this much of a body that is not a GET's 2xx body is read (the rest is not: body_capped). */
  size_t error_body_max;
  /* The answer's header lines may not exceed this in total. */
  size_t headers_max;
} rt_http_request_t;

/* How an exchange ended; the caller names each as its own error. */
enum {
  /* An answer (any status; a capped body included): response->status is set. */
  RT_HTTP_OK = 0,
  RT_HTTP_NO_MEMORY,
  /* The request body could not be read. */
  RT_HTTP_BODY_UNREADABLE,
  RT_HTTP_HEADERS_TOO_LARGE,
  /* Idle for longer than timeout_ms; or the answer not in full within timeout_ms of the request being sent. */
  RT_HTTP_IDLE,
  RT_HTTP_SLOW_ANSWER,
  /* No connection within timeout_ms, or the overall limit passed (the caller tells them apart by its deadline). */
  RT_HTTP_TIMED_OUT,
  /* An answer that is not HTTP as libcurl knows it (*detail says how). */
  RT_HTTP_NOT_HTTP,
  /* Any other network failure, an answer cut short included (*detail says how). */
  RT_HTTP_NETWORK,
  /* The connection closed in the middle of the answer's headers. */
  RT_HTTP_HEADERS_CUT
};

/*
 * Sends request on the libcurl easy handle (a CURL *, reset before and after; it keeps its connections) and reads
 * the answer into response (empty). Redirects are never followed; only http and https are spoken. Returns an RT_HTTP_
 * outcome; *detail is libcurl's text for RT_HTTP_NOT_HTTP and RT_HTTP_NETWORK, else NULL.
 */
int rt_http_exchange(void *curl, const rt_http_request_t *request, rt_response_t *response, const char **detail);

#endif
