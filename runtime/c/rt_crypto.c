/* The CRC-64 (liblzma) and HMAC-SHA256 (libcrypto) the runtime uses (see rt.h). */
#include "rt.h"

#include <stdlib.h>
#include <string.h>

#include <lzma.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>

/*
 * liblzma computes CRC-64/XZ only; the model's CRC (rt_config.h: RT_CRC64_CHECK, the CRC of "123456789") must
 * be that one, or the library would check every append against the wrong value.
 */
#if RT_CRC64_CHECK != 11051210869376104954u
#error "the model's protocol.crc64 is not CRC-64/XZ, the CRC liblzma computes"
#endif

uint64_t rt_crc64(uint64_t crc, const void *data, size_t size) {
  /* lzma_crc64 continues from a previous CRC, which is how appends chain (crc(A+B) = crc64(crc(A), B)). */
  return size == 0 ? crc : lzma_crc64((const uint8_t *)data, size, crc);
}

struct rt_sha256_ctx {
  EVP_MAC_CTX *mac;
  EVP_MD_CTX *md;
  EVP_MD *sha256;
  /*
   * The key mac holds (keyed_len > 0): the same key again re-initializes from the padded states HMAC kept instead of
   * keying anew (two SHA-256 blocks and the key's set-up on every V4 signature, whose key changes once a day).
   */
  unsigned char keyed[64];
  size_t keyed_len;
};

rt_sha256_ctx_t *rt_sha256_ctx_new(void) {
  rt_sha256_ctx_t *ctx = calloc(1, sizeof(*ctx));
  EVP_MAC *hmac;
  OSSL_PARAM params[2];
  char digest[] = "SHA256";
  if (ctx == NULL) return NULL;
  hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
  ctx->mac = hmac == NULL ? NULL : EVP_MAC_CTX_new(hmac);
  EVP_MAC_free(hmac); /* the context holds its own reference */
  ctx->md = EVP_MD_CTX_new();
  ctx->sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
  params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0);
  params[1] = OSSL_PARAM_construct_end();
  if (ctx->mac == NULL || ctx->md == NULL || ctx->sha256 == NULL || EVP_MAC_CTX_set_params(ctx->mac, params) != 1) {
    rt_sha256_ctx_free(ctx);
    return NULL;
  }
  return ctx;
}

int rt_sha256_ctx_hmac(rt_sha256_ctx_t *ctx, const void *key, size_t key_len, const void *data, size_t size,
                       unsigned char out[32]) {
  size_t len = 0;
  int same = ctx->keyed_len > 0 && key_len == ctx->keyed_len && memcmp(key, ctx->keyed, key_len) == 0;
  /* A NULL key re-initializes with the key already set (OpenSSL 3's HMAC: HMAC_Init_ex from the saved pads). */
  int ok = EVP_MAC_init(ctx->mac, same ? NULL : (const unsigned char *)key, same ? 0 : key_len, NULL) == 1;
  if (!same) {
    ctx->keyed_len = 0;
    if (ok && key_len > 0 && key_len <= sizeof(ctx->keyed)) {
      memcpy(ctx->keyed, key, key_len);
      ctx->keyed_len = key_len;
    }
  }
  ok = ok && EVP_MAC_update(ctx->mac, (const unsigned char *)data, size) == 1 && EVP_MAC_final(ctx->mac, out, &len, 32) == 1 && len == 32;
  if (!ok) ctx->keyed_len = 0;
  return ok ? 0 : -1;
}

int rt_sha256_ctx_digest(rt_sha256_ctx_t *ctx, const void *data, size_t size, unsigned char out[32]) {
  unsigned int len = 0;
  return EVP_DigestInit_ex(ctx->md, ctx->sha256, NULL) == 1 && EVP_DigestUpdate(ctx->md, data, size) == 1 &&
                 EVP_DigestFinal_ex(ctx->md, out, &len) == 1 && len == 32
             ? 0
             : -1;
}

void rt_sha256_ctx_free(rt_sha256_ctx_t *ctx) {
  if (ctx == NULL) return;
  EVP_MAC_CTX_free(ctx->mac); /* OpenSSL wipes the keyed state it frees */
  EVP_MD_CTX_free(ctx->md);
  EVP_MD_free(ctx->sha256);
  OPENSSL_cleanse(ctx, sizeof(*ctx)); /* the copy of the key */
  free(ctx);
}

void rt_v4_keys_clear(rt_v4_keys_t *keys) {
  rt_sha256_ctx_free(keys->ctx);
  free(keys->region);
  OPENSSL_cleanse(keys, sizeof(*keys));
}

void rt_hmac_sha1_base64(const char *key, const void *data, size_t size, char out[29]) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha1(), key, (int)strlen(key), (const unsigned char *)data, size, mac, &mac_len);
  EVP_EncodeBlock((unsigned char *)out, mac, (int)mac_len);
}
