/*
 * The error document of an answer (see rt.h): the body when it is one, else the base64 document a body-less
 * answer carries in a header. Element and header names come from rt_config.h.
 */
#include "rt.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

unsigned char *rt_base64_decode(const char *text, size_t *size) {
  size_t n = strlen(text);
  unsigned char *decoded = malloc(n / 4 * 3 + 4);
  int len;
  if (decoded == NULL) return NULL;
  len = EVP_DecodeBlock(decoded, (const unsigned char *)text, (int)n);
  if (len < 0) {
    free(decoded);
    return NULL;
  }
  /* EVP_DecodeBlock counts the padding as zero bytes. */
  if (n > 0 && text[n - 1] == '=') len--;
  if (n > 1 && text[n - 2] == '=') len--;
  if (len < 0) len = 0;
  decoded[len] = 0;
  *size = (size_t)len;
  return decoded;
}

int rt_is_error_document(const unsigned char *body, size_t size) {
  return body != NULL && rt_find_bytes((const char *)body, size, RT_ERROR_ROOT_TAG) != NULL;
}

void rt_error_doc_find(const unsigned char *body, size_t size, int is_head, const char *bodyless, rt_error_doc_t *doc) {
  memset(doc, 0, sizeof(*doc));
  if (!is_head && rt_is_error_document(body, size)) {
    doc->xml = body;
    doc->xml_size = size;
    doc->code = rt_xml_text(body, size, RT_ERROR_CODE);
  }
  if ((doc->code == NULL || doc->code[0] == '\0') && bodyless != NULL) {
    size_t len = 0;
    doc->decoded = rt_base64_decode(bodyless, &len);
    if (doc->decoded != NULL && rt_is_error_document(doc->decoded, len)) {
      free(doc->code);
      doc->code = rt_xml_text(doc->decoded, len, RT_ERROR_CODE);
      doc->xml = doc->decoded;
      doc->xml_size = len;
    }
  }
}

void rt_error_doc_free(rt_error_doc_t *doc) {
  free(doc->decoded);
  free(doc->code);
  memset(doc, 0, sizeof(*doc));
}

void rt_error_doc_texts(const rt_error_doc_t *doc, const rt_response_t *response, rt_error_texts_t *out) {
  out->message = rt_xml_text(doc->xml, doc->xml_size, RT_ERROR_MESSAGE);
  /* 304 Not Modified answers a conditional read; it is no redirect. */
  if (out->message == NULL && response->status >= 300 && response->status <= 399 && response->status != 304) {
    out->message = rt_strdup("the service answered with a redirect; redirects are never followed");
  }
  out->request_id = rt_xml_text(doc->xml, doc->xml_size, RT_ERROR_REQUEST_ID);
  if (out->request_id == NULL) out->request_id = rt_strdup(rt_response_header(response, RT_REQUEST_ID_HEADER));
  out->host_id = rt_xml_text(doc->xml, doc->xml_size, RT_ERROR_HOST_ID);
  out->ec = rt_xml_text(doc->xml, doc->xml_size, RT_ERROR_EC);
  if (out->ec == NULL) out->ec = rt_strdup(rt_response_header(response, RT_ERROR_CODE_HEADER));
}

const rt_error_info_t *rt_error_by_code(const rt_error_info_t *table, size_t count, const char *code) {
  size_t i;
  for (i = 0; i < count; i++) {
    if (strcmp(table[i].code, code) == 0) return &table[i];
  }
  return NULL;
}

int rt_error_retryable(const rt_error_info_t *table, size_t count, int value) {
  size_t i;
  for (i = 0; i < count; i++) {
    if (table[i].value == value) return table[i].retryable;
  }
  return 0;
}
