/* Request bodies: their size, and the upload that streams one (and again, for a retry) (see rt.h). */
/* POSIX for fileno/fstat/fseeko/ftello; 64-bit offsets so 5 GiB files work on 32-bit hosts too. */
#define _POSIX_C_SOURCE 200809L
#define _FILE_OFFSET_BITS 64

#include "rt.h"

#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

int64_t rt_body_size(const rt_body_t *body) {
  struct stat st;
  if (body->kind == RT_BODY_MEMORY) return (int64_t)body->size;
  if (body->kind == RT_BODY_PATH) {
    if (body->path == NULL || stat(body->path, &st) != 0 || !S_ISREG(st.st_mode)) return -1;
    return (int64_t)st.st_size;
  }
  if (body->file != NULL && fstat(fileno(body->file), &st) == 0 && S_ISREG(st.st_mode)) {
    off_t offset = ftello(body->file);
    if (offset >= 0 && offset <= st.st_size) return (int64_t)(st.st_size - offset);
  }
  return -1;
}

int rt_body_crc(const rt_body_t *body, int64_t start, uint64_t init, int64_t *size, uint64_t *crc, uint64_t *expected) {
  unsigned char buffer[65536];
  FILE *file;
  size_t got;
  int ok;
  *size = 0;
  *crc = 0;
  *expected = init;
  if (body->kind == RT_BODY_MEMORY) {
    *size = (int64_t)body->size;
    *crc = rt_crc64(0, body->data, body->size);
    *expected = rt_crc64(init, body->data, body->size);
    return 0;
  }
  if (body->kind == RT_BODY_PATH) {
    file = fopen(body->path, "rb");
    if (file == NULL) return -1;
  } else {
    file = body->file;
    if (start < 0 || fseeko(file, (off_t)start, SEEK_SET) != 0) return -1;
  }
  while ((got = fread(buffer, 1, sizeof(buffer), file)) > 0) {
    *crc = rt_crc64(*crc, buffer, got);
    *expected = rt_crc64(*expected, buffer, got);
    *size += (int64_t)got;
  }
  ok = !ferror(file);
  if (body->kind == RT_BODY_PATH) {
    fclose(file);
  } else if (fseeko(file, (off_t)start, SEEK_SET) != 0) {
    ok = 0;
  }
  return ok ? 0 : -1;
}

int rt_upload_open(rt_upload_t *up, const rt_body_t *body) {
  memset(up, 0, sizeof(*up));
  up->body = *body;
  if (body->kind == RT_BODY_PATH) {
    up->file = fopen(body->path, "rb");
    if (up->file == NULL) return -1;
    up->own_file = 1;
  } else if (body->kind == RT_BODY_FILE) {
    up->file = body->file;
    up->start = (int64_t)ftello(up->file);
  }
  return 0;
}

size_t rt_upload_read(rt_upload_t *up, char *out, size_t want) {
  size_t got;
  if (up->body.kind == RT_BODY_MEMORY) {
    got = up->body.size - up->offset;
    if (got > want) got = want;
    if (got > 0) memcpy(out, (const char *)up->body.data + up->offset, got);
    up->offset += got;
  } else {
    got = fread(out, 1, want, up->file);
    if (got < want && ferror(up->file)) {
      up->failed = 1;
      return 0;
    }
  }
  if (got == 0) up->eof = 1;
  up->sent += (int64_t)got;
  if (up->track_crc) up->crc = rt_crc64(up->crc, out, got);
  if (got > 0 && up->body.progress != NULL) up->body.progress(up->body.progress_context, up->sent);
  return got;
}

int rt_upload_rewind(rt_upload_t *up) {
  up->offset = 0;
  up->failed = 0;
  up->sent = 0;
  up->eof = 0;
  if (up->file == NULL) return 0;
  if (up->start < 0) return -1;
  return fseeko(up->file, (off_t)up->start, SEEK_SET);
}

void rt_upload_close(rt_upload_t *up) {
  if (up->own_file) fclose(up->file);
  up->file = NULL;
  up->own_file = 0;
}

int rt_body_check(const rt_body_t *body) {
  if (body->kind == RT_BODY_MEMORY && body->data == NULL && body->size > 0) return RT_BODY_NO_DATA;
  if (body->kind == RT_BODY_FILE && body->file == NULL) return RT_BODY_NO_FILE;
  if (body->kind == RT_BODY_PATH && body->path == NULL) return RT_BODY_NO_PATH;
  return RT_BODY_OK;
}

int rt_fits(int64_t position, int64_t size, int64_t max) { return size < 0 || (size <= max && position <= max - size); }

int rt_file_crcs(FILE *file, uint64_t *crcs, size_t n, int64_t *size) {
  unsigned char buffer[65536];
  off_t start = ftello(file);
  size_t got, i;
  *size = 0;
  if (start < 0) return RT_FILE_NOT_SEEKABLE;
  while ((got = fread(buffer, 1, sizeof(buffer), file)) > 0) {
    for (i = 0; i < n; i++) crcs[i] = rt_crc64(crcs[i], buffer, got);
    *size += (int64_t)got;
  }
  if (ferror(file) || fseeko(file, start, SEEK_SET) != 0) return RT_FILE_UNREADABLE;
  return 0;
}
