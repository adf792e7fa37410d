/*
 * Where an append's chunk is when its outcome was lost (see rt.h): decided from the object's length and CRC-64,
 * else from the bytes read back at the chunk's range. Appends are atomic, so a length alone can rule a chunk out.
 */
#include "rt.h"

int rt_chunk_where(const rt_chunk_t *chunk, int64_t length, uint64_t crc, int crc_known) {
  if (length == chunk->position) return RT_CHUNK_ABSENT_AT_END;
  if (chunk->size == 0 || length < chunk->position + chunk->size) return RT_CHUNK_ABSENT;
  if (length == chunk->position + chunk->size && crc_known && chunk->expected_known && crc == chunk->expected) {
    return RT_CHUNK_LANDED;
  }
  return RT_CHUNK_READ_BACK;
}

int rt_chunk_matches(const rt_chunk_t *chunk, const unsigned char *body, size_t size) {
  const unsigned char *bytes = NULL;
  if ((int64_t)size == chunk->size) {
    bytes = body;
  } else if ((int64_t)size >= chunk->position + chunk->size) {
    /* The range was ignored and the whole object came back. */
    bytes = body + chunk->position;
  }
  if (bytes == NULL) return -1;
  return rt_crc64(0, bytes, (size_t)chunk->size) == chunk->crc;
}
