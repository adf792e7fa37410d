package ossgen.runtime;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When and how long to wait before a request is sent again: only for the statuses the model lists
 * (and failures of the network), at most {@code maxAttempts} sends, with exponential back-off and
 * full jitter, and at least the server's Retry-After when the model honours it.
 */
public final class RetryPolicy {
  private final int maxAttempts;
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final Set<Integer> statuses;
  private final boolean honorRetryAfter;

  public RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Set<Integer> statuses, boolean honorRetryAfter) {
    if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
    if (baseDelay.isNegative() || maxDelay.isNegative()) throw new IllegalArgumentException("retry delays must not be negative");
    this.maxAttempts = maxAttempts;
    this.baseDelay = baseDelay;
    this.maxDelay = maxDelay;
    this.statuses = Set.copyOf(statuses);
    this.honorRetryAfter = honorRetryAfter;
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public boolean retryableStatus(int status) {
    return statuses.contains(status);
  }

  /** The wait before send number {@code attempt + 1}: random in [0, min(max, base × 2^(attempt-1))], at least {@code atLeast}. */
  public Duration backoff(int attempt, Duration atLeast) {
    long limit = maxDelay.toNanos();
    int shift = Math.max(0, attempt - 1);
    long base = baseDelay.toNanos();
    if (shift < 62 && base > 0 && base <= (Long.MAX_VALUE >> shift) && (base << shift) < limit) limit = base << shift;
    long wait = ThreadLocalRandom.current().nextLong(limit + 1);
    long floor = atLeast == null ? 0 : atLeast.toNanos();
    return Duration.ofNanos(Math.max(wait, floor));
  }

  /** The server's Retry-After in seconds (a delta; an HTTP date is ignored), or zero. */
  public Duration retryAfter(String header) {
    if (!honorRetryAfter || header == null) return Duration.ZERO;
    try {
      long seconds = Long.parseLong(header.trim());
      return seconds > 0 ? Duration.ofSeconds(Math.min(seconds, maxDelay.toSeconds() + 1)) : Duration.ZERO;
    } catch (NumberFormatException e) {
      return Duration.ZERO;
    }
  }
}
