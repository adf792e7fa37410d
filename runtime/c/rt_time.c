/* Time limits: a monotonic clock, sleeping, and what is left of a deadline (see rt.h). */
/* POSIX for clock_gettime and nanosleep. */
#define _POSIX_C_SOURCE 200809L

#include "rt.h"

#include <errno.h>
#include <time.h>

int64_t rt_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void rt_sleep_ms(long ms) {
  struct timespec ts;
  if (ms <= 0) return;
  ts.tv_sec = ms / 1000;
  ts.tv_nsec = (ms % 1000) * 1000000L;
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

int64_t rt_deadline_left(int64_t deadline_ms) {
  int64_t left;
  if (deadline_ms == 0) return -1;
  left = deadline_ms - rt_now_ms();
  return left > 0 ? left : 0;
}

void rt_deadline_enter(rt_deadline_t *d, long timeout_ms) {
  if (d->depth++ == 0) d->at_ms = timeout_ms > 0 ? rt_now_ms() + timeout_ms : 0;
}

void rt_deadline_leave(rt_deadline_t *d) {
  if (d->depth > 0 && --d->depth == 0) d->at_ms = 0;
}

int rt_wait_within(long delay_ms, int64_t left_ms) {
  if (left_ms >= 0 && left_ms <= delay_ms) {
    rt_sleep_ms((long)left_ms);
    return -1;
  }
  rt_sleep_ms(delay_ms);
  return 0;
}
