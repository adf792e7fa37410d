package ossgen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  final RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(2000), Set.of(500, 503), true);

  @Test
  void onlyTheListedStatusesAreRetried() {
    assertTrue(policy.retryableStatus(503));
    assertFalse(policy.retryableStatus(409));
    assertFalse(policy.retryableStatus(404));
  }

  @Test
  void backoffIsFullJitterUnderAnExponentialCap() {
    for (int i = 0; i < 200; i++) {
      assertTrue(policy.backoff(1, Duration.ZERO).toMillis() <= 100);
      assertTrue(policy.backoff(3, Duration.ZERO).toMillis() <= 400);
      assertTrue(policy.backoff(40, Duration.ZERO).toMillis() <= 2000);
    }
    assertTrue(policy.backoff(1, Duration.ofSeconds(1)).toMillis() >= 1000);
  }

  @Test
  void retryAfterInSeconds() {
    assertEquals(Duration.ofSeconds(1), policy.retryAfter("1"));
    assertEquals(Duration.ZERO, policy.retryAfter("Wed, 21 Oct 2026 07:28:00 GMT"));
    assertEquals(Duration.ZERO, policy.retryAfter(null));
    assertEquals(Duration.ZERO, new RetryPolicy(3, Duration.ZERO, Duration.ZERO, Set.of(), false).retryAfter("5"));
  }
}
