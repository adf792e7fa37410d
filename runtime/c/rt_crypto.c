/* The CRC-64 (liblzma) and HMAC-SHA256 (libcrypto) the runtime uses (see rt.h). */
#include "rt.h"

#include <string.h>

#include <lzma.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

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

void rt_hmac_sha256(const void *key, size_t key_len, const char *data, unsigned char out[32]) {
  unsigned int len = 32;
  HMAC(EVP_sha256(), key, (int)key_len, (const unsigned char *)data, strlen(data), out, &len);
}

void rt_sha256(const void *data, size_t size, unsigned char out[32]) { SHA256((const unsigned char *)data, size, out); }

void rt_hmac_sha1_base64(const char *key, const void *data, size_t size, char out[29]) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha1(), key, (int)strlen(key), (const unsigned char *)data, size, mac, &mac_len);
  EVP_EncodeBlock((unsigned char *)out, mac, (int)mac_len);
}
