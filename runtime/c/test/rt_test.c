/*
 * Unit tests of the static C runtime (runtime/c), built with -std=c99 -Wall -Wextra -Werror and run plain,
 * under valgrind and under ASan/UBSan by test/c/runtime.test.ts. Prints one line per failure; exit 1 if any.
 */
/* POSIX for mkstemp, popen and fileno in the body tests. */
#define _POSIX_C_SOURCE 200809L

#include "rt.h"

#include <errno.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>

#include <curl/curl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

#define CHECK(cond)                                                      \
  do {                                                                   \
    if (!(cond)) {                                                       \
      printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);             \
      failures++;                                                        \
    }                                                                    \
  } while (0)

static void check_str(const char *what, const char *got, const char *want) {
  if (got == NULL || strcmp(got, want) != 0) {
    printf("FAIL %s: got \"%s\", want \"%s\"\n", what, got == NULL ? "(null)" : got, want);
    failures++;
  }
}

/* xml_decode of a NUL-terminated input, compared with want. */
static void check_decode(const char *in, const char *want) {
  rt_buf_t out = {0};
  char *text;
  rt_xml_decode(&out, in, strlen(in));
  text = rt_buf_take(&out);
  check_str(in, text, want);
  free(text);
}

static void strings(void) {
  char *copy = rt_strdup("abc");
  check_str("strdup", copy, "abc");
  free(copy);
  CHECK(rt_strdup(NULL) == NULL);
  copy = rt_strndup("abcdef", 3);
  check_str("strndup", copy, "abc");
  free(copy);
  CHECK(rt_ieq("Content-Length", "content-length"));
  CHECK(!rt_ieq("content-length", "content-lengt"));
  CHECK(!rt_ieq("a", "b"));
  CHECK(rt_ieq("", ""));
}

static void buffers(void) {
  rt_buf_t b = {0};
  char *s;
  size_t i;
  s = rt_buf_take(&b);
  check_str("take of an empty buffer", s, "");
  free(s);
  CHECK(b.data == NULL && b.len == 0);
  for (i = 0; i < 1000; i++) rt_buf_puts(&b, "0123456789");
  CHECK(b.len == 10000 && !b.failed && b.cap >= 10001 && b.data[b.len] == '\0');
  CHECK(memcmp(b.data + 9990, "0123456789", 10) == 0);
  rt_buf_append(&b, "x\0y", 3);
  CHECK(b.len == 10003 && b.data[10001] == '\0' && b.data[10002] == 'y');
  rt_buf_free(&b);
  CHECK(b.data == NULL && b.cap == 0);
  /* A failed buffer ignores appends and takes as NULL. */
  b.failed = 1;
  rt_buf_puts(&b, "ignored");
  CHECK(b.data == NULL);
  CHECK(rt_buf_take(&b) == NULL);
  CHECK(b.failed == 0);
}

static void text(void) {
  char hex[9];
  uint64_t value = 7;
  rt_buf_t b = {0};
  char date[40];
  static const unsigned char bytes[] = {0x00, 0x7f, 0xab, 0xff};

  CHECK(rt_valid_utf8((const unsigned char *)"plain ascii"));
  CHECK(rt_valid_utf8((const unsigned char *)"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"));
  CHECK(!rt_valid_utf8((const unsigned char *)"\xc3"));
  CHECK(!rt_valid_utf8((const unsigned char *)"\xed\xa0\x80"));     /* a surrogate */
  CHECK(!rt_valid_utf8((const unsigned char *)"\xf4\x90\x80\x80")); /* above U+10FFFF */
  CHECK(!rt_valid_utf8((const unsigned char *)"\xff"));
  CHECK(!rt_valid_utf8((const unsigned char *)"\x80"));

  CHECK(rt_hex_value('0') == 0 && rt_hex_value('9') == 9 && rt_hex_value('a') == 10 && rt_hex_value('F') == 15);
  CHECK(rt_hex_value('g') == -1 && rt_hex_value('\0') == -1);
  rt_hex_encode(bytes, sizeof(bytes), hex);
  check_str("hex_encode", hex, "007fabff");

  rt_uri_encode(&b, "a b/c~d_e.f-g+h%\xc3\xa9", 1);
  check_str("uri_encode keeping /", b.data, "a%20b/c~d_e.f-g%2Bh%25%C3%A9");
  rt_buf_free(&b);
  rt_uri_encode(&b, "x/y", 0);
  check_str("uri_encode encoding /", b.data, "x%2Fy");
  rt_buf_free(&b);

  CHECK(rt_parse_decimal("0", UINT64_MAX, &value) == 0 && value == 0);
  CHECK(rt_parse_decimal("18446744073709551615", UINT64_MAX, &value) == 0 && value == UINT64_MAX);
  CHECK(rt_parse_decimal("18446744073709551616", UINT64_MAX, &value) == -1);
  CHECK(rt_parse_decimal("9223372036854775807", INT64_MAX, &value) == 0 && value == (uint64_t)INT64_MAX);
  CHECK(rt_parse_decimal("9223372036854775808", INT64_MAX, &value) == -1);
  value = 7;
  CHECK(rt_parse_decimal("", UINT64_MAX, &value) == -1 && value == 7);
  CHECK(rt_parse_decimal("-1", UINT64_MAX, &value) == -1);
  CHECK(rt_parse_decimal(" 1", UINT64_MAX, &value) == -1);
  CHECK(rt_parse_decimal("1 ", UINT64_MAX, &value) == -1);
  CHECK(rt_parse_decimal("+1", UINT64_MAX, &value) == -1);

  rt_iso_basic(1702743657, date);
  check_str("iso_basic", date, "20231216T162057Z");
  rt_iso_basic(-1, date);
  check_str("iso_basic before 1970", date, "19691231T235959Z");
  rt_iso_basic(951782400, date);
  check_str("iso_basic leap day", date, "20000229T000000Z");
  rt_rfc1123(1672223261, date);
  check_str("rfc1123", date, "Wed, 28 Dec 2022 10:27:41 GMT");
  rt_rfc1123(0, date);
  check_str("rfc1123 epoch", date, "Thu, 01 Jan 1970 00:00:00 GMT");
  rt_rfc1123(-86400, date);
  check_str("rfc1123 before 1970", date, "Wed, 31 Dec 1969 00:00:00 GMT");
}

static void xml(void) {
  static const char hay[] = "abcabc";
  static const char doc[] = "<Doc><Code>A&amp;B</Code><Message>m &lt;1&gt;</Message><Empty></Empty><Open>x</Doc>";
  char *s;
  const size_t size = sizeof(doc) - 1;
  const unsigned char *body = (const unsigned char *)doc;

  check_decode("&amp;&lt;&gt;&quot;&apos;", "&<>\"'");
  check_decode("&#x41;&#65;&#X42;", "AAB");
  check_decode("&#233;&#x20AC;&#128512;", "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
  /* References that name no character are kept literally. */
  check_decode("&#x110000;&#0;&#xD800;&bogus;&#;&#x;&#12a;", "&#x110000;&#0;&#xD800;&bogus;&#;&#x;&#12a;");
  check_decode("a & b &amp c &", "a & b &amp c &");
  /* The search for ';' stops after a few bytes, so a long run of '&' stays linear. */
  check_decode("&#0000000000065;", "&#0000000000065;");

  s = rt_xml_text(body, size, "Code");
  check_str("xml_text Code", s, "A&B");
  free(s);
  s = rt_xml_text(body, size, "Message");
  check_str("xml_text Message", s, "m <1>");
  free(s);
  s = rt_xml_text(body, size, "Empty");
  check_str("xml_text of an empty element", s, "");
  free(s);
  CHECK(rt_xml_text(body, size, "Open") == NULL);
  CHECK(rt_xml_text(body, size, "Missing") == NULL);
  CHECK(rt_xml_text(NULL, 0, "Code") == NULL);
  /* Only the first size bytes count: a tag cut off by the size is not found. */
  CHECK(rt_xml_text(body, 15, "Code") == NULL);

  CHECK(rt_find_bytes(hay, 6, "ca") == hay + 2);
  CHECK(rt_find_bytes(hay, 5, "bc") == hay + 1);
  CHECK(rt_find_bytes("abc", 3, "") == NULL);
  CHECK(rt_find_bytes("ab", 2, "abc") == NULL);
  CHECK(rt_find_bytes("a\0bc", 4, "bc") != NULL);
}

/* A large body of unterminated references and unclosed tags: every byte is looked at a bounded number of times. */
static void large(void) {
  size_t size = 4 * 1024 * 1024, i;
  unsigned char *body = malloc(size);
  char *s;
  if (body == NULL) {
    CHECK(body != NULL);
    return;
  }
  memcpy(body, "<Message>", 9);
  for (i = 9; i < size - 10; i++) body[i] = '&';
  memcpy(body + size - 10, "</Message>", 10);
  s = rt_xml_text(body, size, "Message");
  CHECK(s != NULL && strlen(s) == size - 19);
  free(s);
  for (i = 0; i < size; i++) body[i] = "<Code<Code>"[i % 11];
  CHECK(rt_xml_text(body, size, "Code") == NULL);
  free(body);
}

static void error_documents(void) {
  static const char body[] = "<Fault><Kind>Busy</Kind><Text>try later</Text></Fault>";
  static const char empty_code[] = "<Fault><Kind></Kind></Fault>";
  static const char other_root[] = "<Other><Kind>Busy</Kind></Other>";
  static const char header[] = "PEZhdWx0PjxLaW5kPkdvbmU8L0tpbmQ+PFRpY2tldD50LTE8L1RpY2tldD48L0ZhdWx0Pg==";
  static const char not_a_doc[] = "anVzdCB0ZXh0";
  const unsigned char *b = (const unsigned char *)body;
  rt_error_doc_t doc;
  unsigned char *bytes;
  size_t size = 99;

  bytes = rt_base64_decode("QQ==", &size);
  CHECK(bytes != NULL && size == 1 && bytes[0] == 'A' && bytes[1] == 0);
  free(bytes);
  bytes = rt_base64_decode("QUI=", &size);
  CHECK(bytes != NULL && size == 2 && memcmp(bytes, "AB", 3) == 0);
  free(bytes);
  bytes = rt_base64_decode("", &size);
  CHECK(bytes != NULL && size == 0);
  free(bytes);
  CHECK(rt_base64_decode("!!!!", &size) == NULL);

  CHECK(rt_is_error_document(b, sizeof(body) - 1));
  CHECK(!rt_is_error_document((const unsigned char *)other_root, sizeof(other_root) - 1));
  CHECK(!rt_is_error_document(NULL, 0));
  /* The root must lie within size. */
  CHECK(!rt_is_error_document(b, 5));

  /* The body's document and code. */
  rt_error_doc_find(b, sizeof(body) - 1, 0, header, &doc);
  CHECK(doc.xml == b && doc.xml_size == sizeof(body) - 1);
  check_str("code from the body", doc.code, "Busy");
  rt_error_doc_free(&doc);
  CHECK(doc.code == NULL && doc.decoded == NULL && doc.xml == NULL);

  /* A HEAD's body is never read: the body-less header's document is. */
  rt_error_doc_find(b, sizeof(body) - 1, 1, header, &doc);
  CHECK(doc.decoded != NULL && doc.xml == doc.decoded);
  check_str("code from the header", doc.code, "Gone");
  {
    char *ticket = rt_xml_text(doc.xml, doc.xml_size, RT_ERROR_REQUEST_ID);
    check_str("request id from the header's document", ticket, "t-1");
    free(ticket);
  }
  rt_error_doc_free(&doc);

  /* An empty code in the body: the header's code wins. */
  rt_error_doc_find((const unsigned char *)empty_code, sizeof(empty_code) - 1, 0, header, &doc);
  check_str("empty body code replaced", doc.code, "Gone");
  CHECK(doc.xml == doc.decoded);
  rt_error_doc_free(&doc);

  /* A body whose root is another one is no document: no code, nothing found. */
  rt_error_doc_find((const unsigned char *)other_root, sizeof(other_root) - 1, 0, NULL, &doc);
  CHECK(doc.xml == NULL && doc.code == NULL);
  rt_error_doc_free(&doc);

  /* A header that is not base64, or that decodes to no document, leaves the body's (empty) code. */
  rt_error_doc_find((const unsigned char *)empty_code, sizeof(empty_code) - 1, 0, "!!!!", &doc);
  check_str("invalid header ignored", doc.code, "");
  CHECK(doc.xml == (const unsigned char *)empty_code && doc.decoded == NULL);
  rt_error_doc_free(&doc);
  rt_error_doc_find((const unsigned char *)empty_code, sizeof(empty_code) - 1, 0, not_a_doc, &doc);
  check_str("header without a document ignored", doc.code, "");
  CHECK(doc.xml == (const unsigned char *)empty_code);
  rt_error_doc_free(&doc);

  /* No body, no header. */
  rt_error_doc_find(NULL, 0, 0, NULL, &doc);
  CHECK(doc.xml == NULL && doc.code == NULL && doc.decoded == NULL);
  rt_error_doc_free(&doc);
}

static void limits_and_hosts(void) {
  int64_t start, later;
  unsigned char mac[32];
  char hex[65];
  static const char data[] = "123456789";

  CHECK(rt_credential_ok("AKID-example_1"));
  CHECK(!rt_credential_ok(""));
  CHECK(!rt_credential_ok("has space"));
  CHECK(!rt_credential_ok("line\r\n"));
  CHECK(!rt_credential_ok("tab\t"));
  CHECK(!rt_credential_ok("\xc3\xa9"));
  CHECK(rt_is_ip_host("127.0.0.1", 9));
  CHECK(rt_is_ip_host("[::1]", 5));
  CHECK(!rt_is_ip_host("localhost", 9));
  CHECK(!rt_is_ip_host("", 0));
  /* Only the first n bytes count. */
  CHECK(rt_is_ip_host("10.0.0.1.example.com", 8));

  /* Tag parts: decoded length and characters. */
  CHECK(rt_tag_part_ok("ab", 2, 2, "ab"));
  CHECK(!rt_tag_part_ok("abc", 3, 2, "abc"));
  CHECK(rt_tag_part_ok("%61+b", 5, 3, "ab "));
  CHECK(!rt_tag_part_ok("a+b", 3, 3, "ab"));
  CHECK(!rt_tag_part_ok("%6", 2, 3, "ab"));
  CHECK(!rt_tag_part_ok("%zz", 3, 3, "ab"));
  CHECK(!rt_tag_part_ok("%00", 3, 3, "ab"));
  CHECK(!rt_tag_part_ok("c", 1, 3, "ab"));
  CHECK(rt_tag_part_ok("", 0, 0, "ab"));

  /* Backoff: doubling from the base up to the cap; a plain Retry-After in seconds wins, capped too. */
  CHECK(rt_backoff_ms(100, 1, 20000, NULL) == 100);
  CHECK(rt_backoff_ms(100, 3, 20000, NULL) == 400);
  CHECK(rt_backoff_ms(100, 30, 20000, NULL) == 20000);
  CHECK(rt_backoff_ms(100, 1, 20000, "2") == 2000);
  CHECK(rt_backoff_ms(100, 1, 20000, "60") == 20000);
  CHECK(rt_backoff_ms(100, 2, 20000, "soon") == 200);
  CHECK(rt_backoff_ms(100, 2, 20000, "-1") == 200);

  start = rt_now_ms();
  rt_sleep_ms(0);
  rt_sleep_ms(-5);
  rt_sleep_ms(30);
  later = rt_now_ms();
  CHECK(later - start >= 30);
  CHECK(rt_deadline_left(0) == -1);
  CHECK(rt_deadline_left(later - 1) == 0);
  CHECK(rt_deadline_left(later + 60000) > 50000 && rt_deadline_left(later + 60000) <= 60000);

  /* CRC-64/XZ: the check value, continuation across pieces, and an empty piece that changes nothing. */
  CHECK(rt_crc64(0, data, 9) == UINT64_C(11051210869376104954));
  CHECK(rt_crc64(0, data, 9) == (uint64_t)RT_CRC64_CHECK);
  CHECK(rt_crc64(rt_crc64(0, data, 4), data + 4, 5) == UINT64_C(11051210869376104954));
  CHECK(rt_crc64(12345, data, 0) == 12345);
  CHECK(rt_crc64(0, "", 0) == 0);

  {
    /*
     * The signer's reused context, re-keyed and re-initialised between uses as the signer does: HMAC-SHA256 of
     * RFC 4231 test cases 2 and 6 (a key longer than the block, hashed first), then case 2 again after the long
     * key, and SHA-256 of "abc" and of nothing between them.
     */
    unsigned char long_key[131];
    const char *long_data = "Test Using Larger Than Block-Size Key - Hash Key First";
    rt_sha256_ctx_t *ctx = rt_sha256_ctx_new();
    memset(long_key, 0xaa, sizeof(long_key));
    CHECK(ctx != NULL);
    CHECK(rt_sha256_ctx_hmac(ctx, "Jefe", 4, "what do ya want for nothing?", 28, mac) == 0);
    rt_hex_encode(mac, 32, hex);
    check_str("hmac_sha256 case 2", hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    CHECK(rt_sha256_ctx_digest(ctx, "abc", 3, mac) == 0);
    rt_hex_encode(mac, 32, hex);
    check_str("sha256 abc", hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(rt_sha256_ctx_hmac(ctx, long_key, sizeof(long_key), long_data, strlen(long_data), mac) == 0);
    rt_hex_encode(mac, 32, hex);
    check_str("hmac_sha256 case 6", hex, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    CHECK(rt_sha256_ctx_digest(ctx, "", 0, mac) == 0);
    rt_hex_encode(mac, 32, hex);
    check_str("sha256 empty", hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(rt_sha256_ctx_hmac(ctx, "Jefe", 4, "what do ya want for nothing?", 28, mac) == 0);
    rt_hex_encode(mac, 32, hex);
    check_str("hmac_sha256 case 2 again", hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    /*
     * The same key again re-initialises from the kept pads (the signer's daily key, once per request): other data,
     * then a key of the same length that differs in its last byte must key anew, then the long key twice.
     */
    CHECK(rt_sha256_ctx_hmac(ctx, "Jefe", 4, "what do ya want for nothing?x", 29, mac) == 0);
    rt_hex_encode(mac, 32, hex);
    check_str("hmac_sha256 same key, other data", hex, "cbf86134f6ebd02c788c6edf3a94ec670d335654c58df6633c4c0aafa338340a");
    CHECK(rt_sha256_ctx_hmac(ctx, "Jeff", 4, "what do ya want for nothing?", 28, mac) == 0);
    rt_hex_encode(mac, 32, hex);
    check_str("hmac_sha256 key of the same length", hex, "b756ec8c1f600eb277ee3f04163f581bd1c7e361f34a0727ad79c844ffc4bb83");
    CHECK(rt_sha256_ctx_hmac(ctx, long_key, sizeof(long_key), long_data, strlen(long_data), mac) == 0);
    CHECK(rt_sha256_ctx_hmac(ctx, long_key, sizeof(long_key), long_data, strlen(long_data), mac) == 0);
    rt_hex_encode(mac, 32, hex);
    check_str("hmac_sha256 case 6 twice", hex, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    rt_sha256_ctx_free(ctx);
    rt_sha256_ctx_free(NULL);
  }
  {
    /* RFC 2202 test case 2, base64 of effcdf6ae5eb2fa2d27416d5f184df9c259a7c79. */
    char b64[29];
    rt_hmac_sha1_base64("Jefe", "what do ya want for nothing?", 28, b64);
    check_str("hmac_sha1_base64", b64, "7/zfauXrL6LSdBbV8YTfnCWafHk=");
  }
}

static void fields(void) {
  rt_fields_t f = {0}, canon = {0}, query = {0};
  char *t;

  CHECK(rt_fields_add(&f, "X-Test-B", 8, "  two\t", 6) == 0);
  CHECK(rt_fields_add(&f, "Content-Type", 12, "text/plain", 10) == 0);
  CHECK(rt_fields_add(&f, "x-test-a", 8, "one", 3) == 0);
  CHECK(rt_fields_add(&f, "X-Extra", 7, " e ", 3) == 0);
  CHECK(rt_fields_add(&f, "Content-MD5", 11, "md5", 3) == 0);
  CHECK(rt_fields_add(&f, "Host", 4, "h", 1) == 0);
  CHECK(f.count == 6);
  check_str("fields_get is case-insensitive", rt_fields_get(&f, "content-type"), "text/plain");
  CHECK(rt_fields_get(&f, "missing") == NULL);

  /* V4: the prefix's headers and the listed ones, lower-cased, trimmed, sorted; Content-Type is not listed here. */
  CHECK(rt_canonical_headers(&f, 1, &canon) == 0);
  CHECK(canon.count == 4);
  if (canon.count == 4) {
    check_str("v4 canonical 0", canon.items[0].name, "content-md5");
    check_str("v4 canonical 1", canon.items[1].name, "x-extra");
    check_str("v4 canonical 1 value", canon.items[1].value, "e");
    check_str("v4 canonical 2", canon.items[2].name, "x-test-a");
    check_str("v4 canonical 3", canon.items[3].name, "x-test-b");
    check_str("v4 canonical 3 value", canon.items[3].value, "two");
  }
  rt_fields_free(&canon);
  /* V1: the prefix's headers only. */
  CHECK(rt_canonical_headers(&f, 0, &canon) == 0);
  CHECK(canon.count == 2);
  if (canon.count == 2) check_str("v1 canonical 0", canon.items[0].name, "x-test-a");
  rt_fields_free(&canon);
  rt_fields_free(&f);
  CHECK(f.items == NULL && f.count == 0);

  CHECK(rt_fields_add(&f, "position", 8, "0", 1) == 0);
  CHECK(rt_fields_add(&f, "append", 6, NULL, 0) == 0);
  CHECK(rt_sorted_query(&f, &query) == 0);
  CHECK(query.count == 2);
  if (query.count == 2) {
    check_str("sorted query 0", query.items[0].name, "append");
    CHECK(query.items[0].value == NULL);
    check_str("sorted query 1 value", query.items[1].value, "0");
  }
  rt_fields_free(&query);
  rt_fields_free(&f);

  t = rt_trimmed(" \t a b \t ");
  check_str("trimmed", t, "a b");
  free(t);
  t = rt_trimmed("   ");
  check_str("trimmed to nothing", t, "");
  free(t);
}

static void responses(void) {
  rt_response_t r;
  size_t i;
  memset(&r, 0, sizeof(r));
  CHECK(rt_response_add_header(&r, "X-Test-Ticket", "t-1") == 0);
  CHECK(rt_response_add_header(&r, "Content-Length", "5") == 0);
  check_str("header names are lower-cased", r.headers.items[0].name, "x-test-ticket");
  check_str("response_header", rt_response_header(&r, "content-length"), "5");
  CHECK(rt_response_header(&r, "missing") == NULL);
  CHECK(rt_response_set_body(&r, "", 0) == 0);
  CHECK(r.body != NULL && r.body_size == 0 && r.body[0] == 0);
  for (i = 0; i < 3000; i++) CHECK(rt_response_body_append(&r, "abc", 3) == 0);
  CHECK(r.body_size == 9000 && r.body[9000] == 0 && r.body_cap > 9000 && memcmp(r.body + 8997, "abc", 3) == 0);
  CHECK(rt_response_set_body(&r, "xyz", 2) == 0);
  CHECK(r.body_size == 2 && memcmp(r.body, "xy", 3) == 0);
  rt_response_free(&r);
  CHECK(r.body == NULL && r.headers.count == 0 && r.body_cap == 0);

  /* A bounded body keeps what fits and says the rest was cut. */
  CHECK(rt_response_body_append_max(&r, "abcd", 4, 6) == 0);
  CHECK(!r.body_capped && r.body_size == 4);
  CHECK(rt_response_body_append_max(&r, "efgh", 4, 6) == 1);
  CHECK(r.body_capped && r.body_size == 6 && memcmp(r.body, "abcdef", 7) == 0);
  CHECK(rt_response_body_append_max(&r, "ij", 2, 6) == 1);
  CHECK(r.body_size == 6);
  rt_response_free(&r);

  /* Header lines as libcurl hands them over: 100 Continue, then the final block. */
  CHECK(rt_response_header_line(&r, "HTTP/1.1 100 Continue\r\n", 23) == 0);
  CHECK(r.status == 100);
  CHECK(rt_response_header_line(&r, "\r\n", 2) == 0);
  CHECK(!r.headers_done);
  CHECK(rt_response_header_line(&r, "HTTP/1.1 409 Conflict\r\n", 23) == 0);
  CHECK(r.status == 409 && r.headers.count == 0);
  CHECK(rt_response_header_line(&r, "X-Test-Next:  \t 42 \r\n", 21) == 0);
  CHECK(rt_response_header_line(&r, "Empty:\r\n", 8) == 0);
  CHECK(rt_response_header_line(&r, "no colon here\r\n", 15) == 0);
  CHECK(r.headers.count == 2);
  if (r.headers.count == 2) check_str("header name lower-cased", r.headers.items[0].name, "x-test-next");
  check_str("header value trimmed", rt_response_header(&r, "x-test-next"), "42");
  check_str("empty header value", rt_response_header(&r, "empty"), "");
  CHECK(rt_response_header_line(&r, "\r\n", 2) == 0);
  CHECK(r.headers_done);
  /* A new status line forgets the previous block; a malformed status is 0. */
  CHECK(rt_response_header_line(&r, "HTTP/2 20x\r\n", 12) == 0);
  CHECK(r.status == 0 && r.headers.count == 0 && !r.headers_done);
  CHECK(rt_response_header_line(&r, "HTTP/2 204\r\n", 12) == 0);
  CHECK(r.status == 204);
  rt_response_free(&r);
}

/* Records what an upload's progress callback was told: the calls and the last count. */
static int progress_calls;
static int64_t progress_sent;
static void record_progress(void *context, int64_t sent) {
  (void)context;
  progress_calls++;
  progress_sent = sent;
}

static void bodies(void) {
  static const char text[] = "0123456789";
  char path[] = "/tmp/rt_test_XXXXXX";
  char out[64];
  rt_body_t body;
  rt_upload_t up;
  FILE *file, *pipe;
  int fd;
  size_t got;

  memset(&body, 0, sizeof(body));
  body.kind = RT_BODY_MEMORY;
  body.data = text;
  body.size = 10;
  CHECK(rt_body_size(&body) == 10);
  CHECK(rt_upload_open(&up, &body) == 0);
  up.track_crc = 1;
  CHECK(rt_upload_read(&up, out, 4) == 4 && memcmp(out, "0123", 4) == 0);
  CHECK(rt_upload_read(&up, out, sizeof(out)) == 6 && memcmp(out, "456789", 6) == 0);
  CHECK(!up.eof);
  CHECK(rt_upload_read(&up, out, sizeof(out)) == 0 && up.eof && up.sent == 10);
  CHECK(up.crc == rt_crc64(0, text, 10));
  {
    int64_t size = 0;
    uint64_t crc = 0, expected = 0;
    CHECK(rt_body_crc(&body, 0, 7, &size, &crc, &expected) == 0 && size == 10 && crc == up.crc && expected == rt_crc64(7, text, 10));
  }
  CHECK(rt_upload_rewind(&up) == 0 && up.sent == 0 && !up.eof);
  CHECK(rt_upload_read(&up, out, sizeof(out)) == 10);
  rt_upload_close(&up);

  /* The progress callback hears the running count after each read (not at the end), and 0 again after a rewind. */
  body.progress = record_progress;
  CHECK(rt_upload_open(&up, &body) == 0);
  CHECK(rt_upload_read(&up, out, 4) == 4 && progress_calls == 1 && progress_sent == 4);
  CHECK(rt_upload_read(&up, out, sizeof(out)) == 6 && progress_calls == 2 && progress_sent == 10);
  CHECK(rt_upload_read(&up, out, sizeof(out)) == 0 && progress_calls == 2);
  CHECK(rt_upload_rewind(&up) == 0);
  CHECK(rt_upload_read(&up, out, 3) == 3 && progress_calls == 3 && progress_sent == 3);
  rt_upload_close(&up);
  body.progress = NULL;

  /* A FILE is read from its current offset, and rewound there. */
  fd = mkstemp(path);
  CHECK(fd >= 0);
  if (fd < 0) return;
  file = fdopen(fd, "w+b");
  CHECK(file != NULL);
  if (file == NULL) return;
  fputs(text, file);
  fflush(file);
  fseek(file, 3, SEEK_SET);
  body.kind = RT_BODY_FILE;
  body.file = file;
  CHECK(rt_body_size(&body) == 7);
  CHECK(rt_upload_open(&up, &body) == 0 && up.start == 3 && !up.own_file);
  got = rt_upload_read(&up, out, sizeof(out));
  CHECK(got == 7 && memcmp(out, "3456789", 7) == 0);
  {
    /* Read again for its CRC, from where it started, and put back there. */
    int64_t size = 0;
    uint64_t crc = 0, expected = 0, init = rt_crc64(0, text, 3);
    CHECK(rt_body_crc(&body, 3, init, &size, &crc, &expected) == 0);
    CHECK(size == 7 && crc == rt_crc64(0, text + 3, 7) && expected == rt_crc64(0, text, 10));
    CHECK(ftell(file) == 3);
    CHECK(rt_body_crc(&body, -1, init, &size, &crc, &expected) == -1);
    fseek(file, 3, SEEK_SET);
  }
  CHECK(rt_upload_rewind(&up) == 0);
  CHECK(rt_upload_read(&up, out, 2) == 2 && memcmp(out, "34", 2) == 0);
  rt_upload_close(&up);
  CHECK(fclose(file) == 0);

  /* A path is opened and closed by the upload. */
  body.kind = RT_BODY_PATH;
  body.file = NULL;
  body.path = path;
  CHECK(rt_body_size(&body) == 10);
  CHECK(rt_upload_open(&up, &body) == 0 && up.own_file);
  CHECK(rt_upload_read(&up, out, sizeof(out)) == 10);
  rt_upload_close(&up);
  CHECK(up.file == NULL);
  {
    int64_t size = 0;
    uint64_t crc = 0, expected = 0;
    CHECK(rt_body_crc(&body, 0, 0, &size, &crc, &expected) == 0 && size == 10 && crc == expected);
  }
  unlink(path);
  CHECK(rt_body_size(&body) == -1);
  errno = 0;
  CHECK(rt_upload_open(&up, &body) == -1 && errno == ENOENT);

  /* A pipe: no size, and it cannot be read again. */
  pipe = popen("printf abc", "r");
  CHECK(pipe != NULL);
  if (pipe == NULL) return;
  body.kind = RT_BODY_FILE;
  body.file = pipe;
  body.path = NULL;
  CHECK(rt_body_size(&body) == -1);
  CHECK(rt_upload_open(&up, &body) == 0 && up.start < 0);
  CHECK(rt_upload_read(&up, out, sizeof(out)) == 3 && memcmp(out, "abc", 3) == 0);
  CHECK(rt_upload_rewind(&up) == -1);
  {
    int64_t size = 0;
    uint64_t crc = 0, expected = 0;
    CHECK(rt_body_crc(&body, up.start, 5, &size, &crc, &expected) == -1 && size == 0 && expected == 5);
  }
  rt_upload_close(&up);
  pclose(pipe);
}

/* Adds each name/value pair of a NULL-terminated list (a NULL value: a query flag). */
static void add_all(rt_fields_t *f, const char *const *pairs) {
  for (; pairs[0] != NULL; pairs += 2) {
    CHECK(rt_fields_add(f, pairs[0], strlen(pairs[0]), pairs[1], pairs[1] == NULL ? 0 : strlen(pairs[1])) == 0);
  }
}

/*
 * The expected values were computed independently with Node's crypto from the schemes' definitions and this
 * config's names (runtime/c/test/rt_config.h): V4 signs the x-test- headers and the listed ones, trimmed and
 * sorted, the encoded resource and the whole query; V1 the listed subresources only, unencoded.
 */
static void signatures(void) {
  static const char *const HEADERS[] = {"Content-Type", "text/plain", "X-Test-Meta-A", " v ", "x-extra", "e",
                                        "Other", "o", "Content-MD5", "bWQ1", NULL};
  static const char *const QUERY[] = {"position", "0", "append", NULL, "z y", "a/b", NULL};
  static const char *const SUBRESOURCES[] = {"append", "position"};
  rt_fields_t query = {0}, v4 = {0}, v1 = {0};
  rt_sign_target_t target;
  add_all(&query, QUERY);
  add_all(&v4, HEADERS);
  add_all(&v1, HEADERS);
  target.method = "POST";
  target.bucket = "b";
  target.key = "dir/a b+.txt";
  target.query = &query;
  CHECK(rt_sign_v4(&v4, &target, 1702743657, "r1", "ak", "sk", NULL) == 0);
  check_str("v4 date", rt_fields_get(&v4, "x-test-date"), "20231216T162057Z");
  check_str("v4 payload hash", rt_fields_get(&v4, "x-test-content-sha256"), "UNSIGNED-PAYLOAD");
  check_str("v4 authorization", rt_fields_get(&v4, "authorization"),
            "TEST4-HMAC-SHA256 Credential=ak/20231216/r1/svc/test_v4_request,"
            "Signature=6749ec7aa03d7f3eeab666a612d98b674b6078bfc7617ea2446f5acc6849bdea");
  CHECK(rt_sign_v1(&v1, &target, 1702743657, SUBRESOURCES, 2, "ak", "sk") == 0);
  check_str("v1 date", rt_fields_get(&v1, "date"), "Sat, 16 Dec 2023 16:20:57 GMT");
  check_str("v1 authorization", rt_fields_get(&v1, "authorization"), "TEST ak:Qae5Ba4wt4eLtyd+TmdkTFyv1AI=");
  /* The query the caller passed is left as it was (the signature sorts a copy). */
  check_str("query order", query.items[0].name, "position");
  rt_fields_free(&query);
  rt_fields_free(&v4);
  rt_fields_free(&v1);
}

/* Signs the signatures() request at now for region and secret with keys; checks the Authorization's signature. */
static void check_v4_signature(const char *what, int64_t now, const char *region, const char *secret,
                               rt_v4_keys_t *keys, const char *want) {
  static const char *const HEADERS[] = {"Content-Type", "text/plain", "X-Test-Meta-A", " v ", "x-extra", "e",
                                        "Other", "o", "Content-MD5", "bWQ1", NULL};
  static const char *const QUERY[] = {"position", "0", "append", NULL, "z y", "a/b", NULL};
  rt_fields_t query = {0}, headers = {0};
  rt_sign_target_t target;
  const char *auth, *signature;
  add_all(&query, QUERY);
  add_all(&headers, HEADERS);
  target.method = "POST";
  target.bucket = "b";
  target.key = "dir/a b+.txt";
  target.query = &query;
  CHECK(rt_sign_v4(&headers, &target, now, region, "ak", secret, keys) == 0);
  auth = rt_fields_get(&headers, "authorization");
  signature = auth == NULL ? NULL : strstr(auth, "Signature=");
  check_str(what, signature == NULL ? NULL : signature + strlen("Signature="), want);
  rt_fields_free(&query);
  rt_fields_free(&headers);
}

/*
 * The client's kept V4 key: a second signature on the same day, region and secret reuses it; another day, region
 * or secret derives a new one, and every signature still matches the one computed independently in Node (see
 * signatures()) for its day, region and secret.
 */
static void v4_key_reuse(void) {
  rt_v4_keys_t keys;
  memset(&keys, 0, sizeof(keys));
  check_v4_signature("kept key, first", 1702743657, "r1", "sk", &keys,
                     "6749ec7aa03d7f3eeab666a612d98b674b6078bfc7617ea2446f5acc6849bdea");
  CHECK(keys.derivations == 1);
  check_v4_signature("kept key, same day", 1702743657, "r1", "sk", &keys,
                     "6749ec7aa03d7f3eeab666a612d98b674b6078bfc7617ea2446f5acc6849bdea");
  CHECK(keys.derivations == 1);
  check_v4_signature("kept key, next day", 1702743657 + 86400, "r1", "sk", &keys,
                     "713fb0b80d5a06e42bab150378c55f7fe9214efb1659a1f66f409cb13e94d635");
  CHECK(keys.derivations == 2);
  check_v4_signature("kept key, other region", 1702743657 + 86400, "r2", "sk", &keys,
                     "3f97f46670431b8ef5625ffa45c65e80590314bee893d43bebedfaad535d0234");
  CHECK(keys.derivations == 3);
  check_v4_signature("kept key, other secret", 1702743657 + 86400, "r2", "sk2", &keys,
                     "e2947a46c61ec2b241b6a4b328965a3adece8d210088be8c22cf889c17e8a2ef");
  CHECK(keys.derivations == 4);
  /* Cleared, nothing is left of the key, and the keys derive afresh. */
  rt_v4_keys_clear(&keys);
  CHECK(keys.date[0] == '\0' && keys.region == NULL && keys.ctx == NULL && keys.derivations == 0);
  CHECK(keys.key[0] == 0 && memcmp(keys.key, keys.key + 1, sizeof(keys.key) - 1) == 0);
  check_v4_signature("kept key, after clear", 1702743657 + 86400, "r1", "sk", &keys,
                     "713fb0b80d5a06e42bab150378c55f7fe9214efb1659a1f66f409cb13e94d635");
  CHECK(keys.derivations == 1);
  rt_v4_keys_clear(&keys);
}

/*
 * Presigned query parameters. The expected signatures were computed independently in Node (the mock's
 * presignQuery, itself checked against ali-oss's signatureUrl/signatureUrlV4) with this config's names.
 */
static void presigned(void) {
  static const char *const QUERY[] = {"position", "0", "append", NULL, NULL};
  static const char *const SUBRESOURCES[] = {"append", "position"};
  rt_fields_t q4 = {0}, q1 = {0}, none = {0};
  rt_sign_target_t t4, t1;
  add_all(&q4, QUERY);
  add_all(&q1, QUERY);
  t4.method = t1.method = "POST";
  t4.bucket = t1.bucket = "b";
  t4.key = t1.key = "dir/a b+.txt";
  t4.query = &q4;
  t1.query = &q1;
  CHECK(rt_presign_v4(&q4, &none, &t4, 1702743657, 3600, "r1", "ak", "sk", "tok", NULL) == 0);
  check_str("presign v4 credential", rt_fields_get(&q4, "x-test-credential"), "ak/20231216/r1/svc/test_v4_request");
  check_str("presign v4 expires", rt_fields_get(&q4, "x-test-expires"), "3600");
  check_str("presign v4 token", rt_fields_get(&q4, "x-test-security-token"), "tok");
  check_str("presign v4 signature", rt_fields_get(&q4, "x-test-signature"),
            "a36f9b508e10fc062003a3b2ea282ecebba8a74e39b7cda56cfb376bc857d3aa");
  CHECK(rt_presign_v1(&q1, &none, &t1, 1702743657, 3600, SUBRESOURCES, 2, "ak", "sk", "tok") == 0);
  check_str("presign v1 expires", rt_fields_get(&q1, "expires"), "1702747257");
  check_str("presign v1 signature", rt_fields_get(&q1, "signature"), "tkSyWmntMugE+r+ccuZ1QUGyRVM=");
  rt_fields_free(&q4);
  rt_fields_free(&q1);
}

/* The endpoint's parts and the addressing style it implies. */
static void check_endpoint(const char *endpoint, int ip, int localhost, int ok, const char *host, int path_style) {
  char *scheme = NULL, *host_port = NULL;
  int style = -1;
  int rc = rt_endpoint_parse(endpoint, ip, localhost, &scheme, &host_port, &style);
  if (rc != (ok ? 0 : -1)) {
    printf("FAIL endpoint %s: rc %d\n", endpoint, rc);
    failures++;
  }
  if (ok) {
    check_str(endpoint, host_port, host);
    CHECK(style == path_style);
  } else {
    CHECK(scheme == NULL && host_port == NULL);
  }
  free(scheme);
  free(host_port);
}

static void addressing(void) {
  static const char *const QUERY[] = {"position", "0", "append", NULL, "z y", "a/b", NULL};
  rt_fields_t query = {0};
  rt_address_t a;
  char *scheme = NULL, *host_port = NULL;
  int style = 0;
  CHECK(rt_endpoint_parse("https://svc.example.com/ignored?x#y", 1, 1, &scheme, &host_port, &style) == 0);
  check_str("scheme", scheme, "https");
  check_str("host", host_port, "svc.example.com");
  CHECK(style == 0);
  free(scheme);
  free(host_port);
  check_endpoint("http://127.0.0.1:9000", 1, 1, 1, "127.0.0.1:9000", 1);
  check_endpoint("http://127.0.0.1:9000", 0, 1, 1, "127.0.0.1:9000", 0);
  check_endpoint("http://[::1]:9000/", 1, 0, 1, "[::1]:9000", 1);
  check_endpoint("http://localhost:8080", 0, 1, 1, "localhost:8080", 1);
  check_endpoint("http://localhost:8080", 1, 0, 1, "localhost:8080", 0);
  check_endpoint("http://localhostx", 1, 1, 1, "localhostx", 0);
  check_endpoint("svc.example.com", 1, 1, 0, "", 0);
  check_endpoint("https:///path", 1, 1, 0, "", 0);

  add_all(&query, QUERY);
  CHECK(rt_address("https", "svc.example.com", 0, "b", "dir/a b+.txt", &query, &a) == 0);
  check_str("virtual host", a.host, "b.svc.example.com");
  check_str("path", a.path, "/dir/a%20b%2B.txt");
  check_str("query string", a.query_string, "append&position=0&z%20y=a%2Fb");
  check_str("url", a.url, "https://b.svc.example.com/dir/a%20b%2B.txt?append&position=0&z%20y=a%2Fb");
  rt_address_free(&a);
  CHECK(a.url == NULL && a.host == NULL);
  rt_fields_free(&query);
  CHECK(rt_address("http", "127.0.0.1:9000", 1, "b", "k", &query, &a) == 0);
  check_str("path style host", a.host, "127.0.0.1:9000");
  check_str("path style path", a.path, "/b/k");
  check_str("no query", a.query_string, "");
  check_str("url without query", a.url, "http://127.0.0.1:9000/b/k");
  rt_address_free(&a);
}

/* A one-connection HTTP server on a loopback port, in a thread: it reads the request, waits, answers, closes. */
typedef struct server {
  int fd;
  int port;
  pthread_t thread;
  const char *answer;
  long delay_ms;
  char request[8192];
} server_t;

static void *serve(void *context) {
  server_t *s = context;
  size_t n = 0;
  long want = -1;
  int c = accept(s->fd, NULL, NULL);
  if (c < 0) return NULL;
  /* The headers, then as many body bytes as Content-Length says. */
  while (n < sizeof(s->request) - 1) {
    const char *end;
    ssize_t got;
    s->request[n] = '\0';
    end = strstr(s->request, "\r\n\r\n");
    if (end != NULL) {
      const char *length = strstr(s->request, "Content-Length: ");
      if (want < 0) want = (long)(end + 4 - s->request) + (length != NULL && length < end ? atol(length + 16) : 0);
      if ((long)n >= want) break;
    }
    got = recv(c, s->request + n, sizeof(s->request) - 1 - n, 0);
    if (got <= 0) break;
    n += (size_t)got;
  }
  s->request[n] = '\0';
  rt_sleep_ms(s->delay_ms);
  /* The client may have given up already: no SIGPIPE then. */
  if (send(c, s->answer, strlen(s->answer), MSG_NOSIGNAL) < 0) s->request[0] = '\0';
  close(c);
  return NULL;
}

static void server_start(server_t *s, const char *answer, long delay_ms) {
  struct sockaddr_in addr;
  socklen_t len = sizeof(addr);
  memset(s, 0, sizeof(*s));
  memset(&addr, 0, sizeof(addr));
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  s->answer = answer;
  s->delay_ms = delay_ms;
  s->fd = socket(AF_INET, SOCK_STREAM, 0);
  CHECK(s->fd >= 0);
  CHECK(bind(s->fd, (struct sockaddr *)&addr, sizeof(addr)) == 0);
  CHECK(listen(s->fd, 1) == 0);
  CHECK(getsockname(s->fd, (struct sockaddr *)&addr, &len) == 0);
  s->port = ntohs(addr.sin_port);
  CHECK(pthread_create(&s->thread, NULL, serve, s) == 0);
}

static void server_stop(server_t *s) {
  pthread_join(s->thread, NULL);
  close(s->fd);
}

/* One exchange with a server that answers answer: the outcome; response filled. */
static int exchange(CURL *curl, const char *answer, long delay_ms, rt_http_request_t *request, rt_response_t *response,
                    server_t *server) {
  char url[64];
  const char *detail = NULL;
  int outcome;
  server_start(server, answer, delay_ms);
  snprintf(url, sizeof(url), "http://127.0.0.1:%d/b/k?append", server->port);
  request->url = url;
  memset(response, 0, sizeof(*response));
  outcome = rt_http_exchange(curl, request, response, &detail);
  /* libcurl's text comes exactly with the outcomes that name no cause themselves. */
  CHECK((detail != NULL) == (outcome == RT_HTTP_NOT_HTTP || outcome == RT_HTTP_NETWORK));
  server_stop(server);
  return outcome;
}

static rt_http_request_t http_request(const char *method, const rt_fields_t *headers) {
  rt_http_request_t r;
  memset(&r, 0, sizeof(r));
  r.method = method;
  r.headers = headers;
  r.timeout_ms = 5000;
  r.error_body_max = 64;
  r.headers_max = 4096;
  return r;
}

static void http(void) {
  static const char *const HEADERS[] = {"x-test-a", "1", NULL};
  CURL *curl = curl_easy_init();
  rt_fields_t headers = {0};
  rt_response_t response;
  rt_http_request_t request;
  server_t server;
  rt_upload_t up;
  rt_body_t body;
  char url[64];
  const char *detail = NULL;
  char long_value[301], long_line[320];
  CHECK(curl != NULL);
  add_all(&headers, HEADERS);
  /* A header line longer than the stack buffer header_list puts short lines together in. */
  memset(long_value, 'v', sizeof(long_value) - 1);
  long_value[sizeof(long_value) - 1] = '\0';
  CHECK(rt_fields_add(&headers, "x-test-long", 11, long_value, sizeof(long_value) - 1) == 0);
  snprintf(long_line, sizeof(long_line), "\r\nx-test-long: %s\r\n", long_value);

  /* An upload: the body streams, the headers are the caller's (no Expect, no default Content-Type). */
  memset(&body, 0, sizeof(body));
  body.kind = RT_BODY_MEMORY;
  body.data = "hello";
  body.size = 5;
  CHECK(rt_upload_open(&up, &body) == 0);
  request = http_request("POST", &headers);
  request.upload = &up;
  request.body_size = 5;
  CHECK(exchange(curl, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Test-Id: 7\r\n\r\nok", 0, &request, &response, &server) == RT_HTTP_OK);
  CHECK(response.status == 200);
  check_str("answer header", rt_response_header(&response, "x-test-id"), "7");
  check_str("answer body", (const char *)response.body, "ok");
  CHECK(response.bytes_sent == 5);
  CHECK(strncmp(server.request, "POST /b/k?append HTTP/1.1\r\n", 27) == 0);
  CHECK(strstr(server.request, "\r\nx-test-a: 1\r\n") != NULL);
  CHECK(strstr(server.request, long_line) != NULL);
  CHECK(strstr(server.request, "\r\n\r\nhello") != NULL);
  CHECK(strstr(server.request, "Expect:") == NULL && strstr(server.request, "Content-Type:") == NULL);
  rt_response_free(&response);
  rt_upload_close(&up);

  /* An error body is read up to error_body_max only; a GET's 2xx body in full. */
  request = http_request("GET", &headers);
  request.error_body_max = 10;
  CHECK(exchange(curl, "HTTP/1.1 409 Conflict\r\nContent-Length: 40\r\n\r\n0123456789012345678901234567890123456789", 0,
                 &request, &response, &server) == RT_HTTP_OK);
  CHECK(response.status == 409 && response.body_capped && response.body_size == 10);
  rt_response_free(&response);
  CHECK(exchange(curl, "HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n0123456789012345678901234567890123456789", 0,
                 &request, &response, &server) == RT_HTTP_OK);
  CHECK(response.status == 200 && !response.body_capped && response.body_size == 40);
  CHECK(strncmp(server.request, "GET /b/k?append HTTP/1.1\r\n", 26) == 0);
  rt_response_free(&response);

  /* HEAD reads no body; headers beyond headers_max end the exchange. */
  request = http_request("HEAD", &headers);
  CHECK(exchange(curl, "HTTP/1.1 404 Not Found\r\nContent-Length: 40\r\n\r\n", 0, &request, &response, &server) == RT_HTTP_OK);
  CHECK(response.status == 404 && response.body_size == 0);
  rt_response_free(&response);
  request.headers_max = 30;
  CHECK(exchange(curl, "HTTP/1.1 200 OK\r\nX-Test-Long: 0123456789012345678901234567890123456789\r\n\r\n", 0, &request,
                 &response, &server) == RT_HTTP_HEADERS_TOO_LARGE);
  rt_response_free(&response);
  /* No option of an exchange carries over to the next (HEAD's no-body here): each one starts from a reset handle. */
  request = http_request("GET", &headers);
  CHECK(exchange(curl, "HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n0123456789012345678901234567890123456789", 0,
                 &request, &response, &server) == RT_HTTP_OK);
  CHECK(response.status == 200 && response.body_size == 40);
  CHECK(strncmp(server.request, "GET /b/k?append HTTP/1.1\r\n", 26) == 0);
  rt_response_free(&response);

  /* Not HTTP (a negative Content-Length); headers cut short; an answer slower than timeout_ms (the connection idle all the while). */
  request = http_request("GET", &headers);
  CHECK(exchange(curl, "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", 0, &request, &response, &server) == RT_HTTP_NOT_HTTP);
  rt_response_free(&response);
  CHECK(exchange(curl, "HTTP/1.1 200 OK\r\nX-Test-A: 1\r\n", 0, &request, &response, &server) == RT_HTTP_HEADERS_CUT);
  rt_response_free(&response);
  request.timeout_ms = 200;
  CHECK(exchange(curl, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 1500, &request, &response, &server) == RT_HTTP_IDLE);
  rt_response_free(&response);

  /* Nobody listening (a port that was free a moment ago): a network failure, libcurl's text attached. */
  {
    struct sockaddr_in addr;
    socklen_t len = sizeof(addr);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CHECK(fd >= 0 && bind(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0);
    CHECK(getsockname(fd, (struct sockaddr *)&addr, &len) == 0);
    close(fd);
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/b/k", ntohs(addr.sin_port));
  }
  request = http_request("GET", &headers);
  request.url = url;
  memset(&response, 0, sizeof(response));
  CHECK(rt_http_exchange(curl, &request, &response, &detail) == RT_HTTP_NETWORK && detail != NULL);
  rt_response_free(&response);

  rt_fields_free(&headers);
  curl_easy_cleanup(curl);
}

static void checks_and_limits(void) {
  static const char *const PREFIXES[] = {"bad/", "x"};
  static const long STATUSES[] = {500, 503};
  rt_deadline_t d = {0, 0};
  rt_chunk_t chunk;
  char *secret;
  int64_t before;
  CHECK(rt_key_check("logs/a", 1, 10, PREFIXES, 2) == RT_KEY_OK);
  CHECK(rt_key_check("", 1, 10, PREFIXES, 2) == RT_KEY_LENGTH);
  CHECK(rt_key_check("12345678901", 1, 10, PREFIXES, 2) == RT_KEY_LENGTH);
  CHECK(rt_key_check("1234567890", 1, 10, PREFIXES, 2) == RT_KEY_OK);
  CHECK(rt_key_check("bad/a", 1, 10, PREFIXES, 2) == RT_KEY_PREFIX);
  CHECK(rt_key_check("xa", 1, 10, PREFIXES, 2) == RT_KEY_PREFIX);
  CHECK(rt_key_check("ba\xff", 1, 10, PREFIXES, 2) == RT_KEY_UTF8);
  CHECK(rt_chars_ok("Ab-1", "ab1-", 1));
  CHECK(!rt_chars_ok("Ab-1", "ab1-", 0));
  CHECK(!rt_chars_ok("a_b", "ab", 1));
  CHECK(rt_chars_ok("", "ab", 0));
  CHECK(rt_tagging_check(NULL, 2, 3, 3, "abc") == RT_TAGGING_OK);
  CHECK(rt_tagging_check("", 2, 3, 3, "abc") == RT_TAGGING_OK);
  CHECK(rt_tagging_check("a=b&abc=%61", 2, 3, 3, "abc") == RT_TAGGING_OK);
  CHECK(rt_tagging_check("a=b&b=c&c=a", 2, 3, 3, "abc") == RT_TAGGING_TOO_MANY);
  CHECK(rt_tagging_check("abca=b", 2, 3, 3, "abc") == RT_TAGGING_BAD_PART);
  CHECK(rt_tagging_check("a=bbbb", 2, 3, 3, "abc") == RT_TAGGING_BAD_PART);
  CHECK(rt_tagging_check("a=d", 2, 3, 3, "abc") == RT_TAGGING_BAD_PART);
  CHECK(rt_tagging_check("a&&b", 5, 3, 3, "abc") == RT_TAGGING_BAD_PART);
  CHECK(rt_status_listed(503, STATUSES, 2) && !rt_status_listed(502, STATUSES, 2) && !rt_status_listed(500, STATUSES, 0));
  secret = rt_strdup("sk");
  rt_free_secret(secret);
  rt_free_secret(NULL);

  /* Nested calls share the outermost limit; no limit when timeout_ms is 0. */
  rt_deadline_enter(&d, 0);
  CHECK(d.at_ms == 0 && rt_deadline_left(d.at_ms) == -1);
  rt_deadline_leave(&d);
  before = rt_now_ms();
  rt_deadline_enter(&d, 60000);
  rt_deadline_enter(&d, 1);
  CHECK(d.at_ms >= before + 60000 && rt_deadline_left(d.at_ms) > 1000);
  rt_deadline_leave(&d);
  CHECK(d.at_ms != 0);
  rt_deadline_leave(&d);
  CHECK(d.at_ms == 0 && d.depth == 0);
  rt_deadline_leave(&d);
  CHECK(d.depth == 0);
  CHECK(rt_wait_within(1, -1) == 0);
  CHECK(rt_wait_within(50, 10) == -1);
  CHECK(rt_wait_within(1, 50) == 0);

  /* A 5-byte chunk "hello" sent at 3 onto "abc". */
  chunk.position = 3;
  chunk.size = 5;
  chunk.crc = rt_crc64(0, "hello", 5);
  chunk.expected = rt_crc64(rt_crc64(0, "abc", 3), "hello", 5);
  chunk.expected_known = 1;
  CHECK(rt_chunk_where(&chunk, 3, 0, 1) == RT_CHUNK_ABSENT_AT_END);
  CHECK(rt_chunk_where(&chunk, 7, 0, 1) == RT_CHUNK_ABSENT);
  CHECK(rt_chunk_where(&chunk, 8, chunk.expected, 1) == RT_CHUNK_LANDED);
  CHECK(rt_chunk_where(&chunk, 8, chunk.expected, 0) == RT_CHUNK_READ_BACK);
  CHECK(rt_chunk_where(&chunk, 8, chunk.expected + 1, 1) == RT_CHUNK_READ_BACK);
  CHECK(rt_chunk_where(&chunk, 12, 0, 1) == RT_CHUNK_READ_BACK);
  chunk.expected_known = 0;
  CHECK(rt_chunk_where(&chunk, 8, chunk.expected, 1) == RT_CHUNK_READ_BACK);
  CHECK(rt_chunk_matches(&chunk, (const unsigned char *)"hello", 5) == 1);
  CHECK(rt_chunk_matches(&chunk, (const unsigned char *)"hellO", 5) == 0);
  CHECK(rt_chunk_matches(&chunk, (const unsigned char *)"abchellozz", 10) == 1);
  CHECK(rt_chunk_matches(&chunk, (const unsigned char *)"abXhelloz", 9) == 1);
  CHECK(rt_chunk_matches(&chunk, (const unsigned char *)"abc", 3) == -1);
  chunk.size = 0;
  CHECK(rt_chunk_where(&chunk, 9, 0, 1) == RT_CHUNK_ABSENT);
}

static void request_parts(void) {
  rt_body_t body;
  FILE *file = tmpfile();
  uint64_t crcs[2];
  int64_t size = -1;
  char *name;
  CHECK(rt_header_ok("x-test-a", "v 1"));
  CHECK(!rt_header_ok("x-test-a", "v\r\nx-injected: 1"));
  CHECK(!rt_header_ok("x-test-a", "v\n"));
  CHECK(!rt_header_ok("x-test a", "v"));
  CHECK(!rt_header_ok("x-test:a", "v"));
  name = rt_lower_joined("X-Test-Meta-", "Source");
  check_str("lower joined", name, "x-test-meta-source");
  free(name);

  memset(&body, 0, sizeof(body));
  body.kind = RT_BODY_MEMORY;
  CHECK(rt_body_check(&body) == RT_BODY_OK);
  body.size = 3;
  CHECK(rt_body_check(&body) == RT_BODY_NO_DATA);
  body.kind = RT_BODY_FILE;
  CHECK(rt_body_check(&body) == RT_BODY_NO_FILE);
  body.kind = RT_BODY_PATH;
  CHECK(rt_body_check(&body) == RT_BODY_NO_PATH);
  CHECK(rt_fits(0, 10, 10) && rt_fits(5, 5, 10) && !rt_fits(6, 5, 10) && !rt_fits(0, 11, 10));
  CHECK(rt_fits(INT64_MAX, -1, 10));
  CHECK(!rt_fits(INT64_MAX, 2, INT64_MAX));

  /* From the current offset to the end, then back there. */
  CHECK(file != NULL);
  if (file == NULL) return;
  CHECK(fwrite("abchello", 1, 8, file) == 8);
  CHECK(fseek(file, 3, SEEK_SET) == 0);
  crcs[0] = 0;
  crcs[1] = rt_crc64(0, "abc", 3);
  CHECK(rt_file_crcs(file, crcs, 2, &size) == 0);
  CHECK(size == 5);
  CHECK(crcs[0] == rt_crc64(0, "hello", 5));
  CHECK(crcs[1] == rt_crc64(0, "abchello", 8));
  CHECK(ftell(file) == 3);
  fclose(file);
  /* A pipe cannot be put back: nothing is read. */
  file = popen("printf x", "r");
  CHECK(file != NULL);
  if (file == NULL) return;
  CHECK(rt_file_crcs(file, crcs, 2, &size) == RT_FILE_NOT_SEEKABLE && size == 0);
  pclose(file);
}

static void free_texts(rt_error_texts_t *t) {
  free(t->message);
  free(t->request_id);
  free(t->host_id);
  free(t->ec);
}

/* The error document's texts, and the headers and the redirect message when it has none. */
static void error_texts(void) {
  static const char body[] = "<Fault><Kind>Busy</Kind><Text>try &amp; later</Text><Ticket>t-9</Ticket><Node>n-1</Node>"
                             "<Diag>0001</Diag></Fault>";
  rt_response_t response;
  rt_error_doc_t doc;
  rt_error_texts_t t;
  memset(&response, 0, sizeof(response));
  response.status = 503;
  CHECK(rt_response_add_header(&response, "X-Test-Ticket", "h-ticket") == 0);
  CHECK(rt_response_add_header(&response, "X-Test-Diag", "h-diag") == 0);
  rt_error_doc_find((const unsigned char *)body, sizeof(body) - 1, 0, NULL, &doc);
  rt_error_doc_texts(&doc, &response, &t);
  check_str("message", t.message, "try & later");
  check_str("request id", t.request_id, "t-9");
  check_str("host id", t.host_id, "n-1");
  check_str("ec", t.ec, "0001");
  free_texts(&t);
  rt_error_doc_free(&doc);
  /* No document: the headers' request id and EC; a 3xx says why there is no answer. */
  response.status = 302;
  rt_error_doc_find(NULL, 0, 0, NULL, &doc);
  rt_error_doc_texts(&doc, &response, &t);
  check_str("redirect message", t.message, "the service answered with a redirect; redirects are never followed");
  check_str("request id header", t.request_id, "h-ticket");
  check_str("ec header", t.ec, "h-diag");
  CHECK(t.host_id == NULL);
  free_texts(&t);
  rt_response_free(&response);
  response.status = 500;
  rt_error_doc_texts(&doc, &response, &t);
  CHECK(t.message == NULL && t.request_id == NULL && t.ec == NULL);
  free_texts(&t);
  rt_error_doc_free(&doc);
}

static void error_table(void) {
  static const rt_error_info_t TABLE[] = {{"Busy", 7, 503, 1}, {"Gone", 9, 404, 0}};
  const rt_error_info_t *info = rt_error_by_code(TABLE, 2, "Gone");
  CHECK(info == &TABLE[1]);
  CHECK(rt_error_by_code(TABLE, 2, "gone") == NULL && rt_error_by_code(TABLE, 0, "Busy") == NULL);
  CHECK(rt_error_retryable(TABLE, 2, 7) && !rt_error_retryable(TABLE, 2, 9) && !rt_error_retryable(TABLE, 2, 8));
}

static void requests(void) {
  rt_request_t r;
  rt_request_init(&r, "PUT");
  CHECK(strcmp(r.method, "PUT") == 0 && r.url == NULL && r.headers.count == 0);
  CHECK(rt_request_set_target(&r, "b", "dir/k 1") == 0);
  CHECK(rt_fields_add(&r.headers, "x-test-a", 8, "1", 1) == 0);
  CHECK(rt_fields_add(&r.query, "append", 6, NULL, 0) == 0);
  CHECK(rt_request_address(&r, "https", "svc.example.com", 0, "x-test-token", NULL) == 0);
  check_str("request url", r.url, "https://b.svc.example.com/dir/k%201?append");
  check_str("request host", r.host, "b.svc.example.com");
  check_str("request path", r.path, "/dir/k%201");
  check_str("request query", r.query_string, "append");
  CHECK(r.signed_headers.count == 1 && rt_fields_get(&r.signed_headers, "x-test-token") == NULL);
  /* Addressed again (a retry): replaced, not added to; the token joins the wire headers. */
  CHECK(rt_fields_add(&r.signed_headers, "authorization", 13, "old", 3) == 0);
  CHECK(rt_request_address(&r, "http", "127.0.0.1:9000", 1, "x-test-token", "tok") == 0);
  check_str("readdressed url", r.url, "http://127.0.0.1:9000/b/dir/k%201?append");
  CHECK(r.signed_headers.count == 2);
  check_str("token header", rt_fields_get(&r.signed_headers, "x-test-token"), "tok");
  CHECK(rt_fields_get(&r.signed_headers, "authorization") == NULL);
  rt_request_free(&r);
  CHECK(r.bucket == NULL && r.url == NULL && r.headers.items == NULL);
}

int main(void) {
  strings();
  buffers();
  text();
  xml();
  large();
  error_documents();
  limits_and_hosts();
  fields();
  responses();
  bodies();
  signatures();
  v4_key_reuse();
  presigned();
  addressing();
  checks_and_limits();
  request_parts();
  error_texts();
  error_table();
  requests();
  CHECK(curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK);
  http();
  curl_global_cleanup();
  if (failures > 0) {
    printf("%d failure(s)\n", failures);
    return 1;
  }
  printf("ok\n");
  return 0;
}
