package ai.molecule.host.engine;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter. The platform's {@code Retry-After} wins when it asks for longer:
 * retrying sooner than asked only earns another 429.
 */
final class Backoff {

  private final Duration base;
  private final Duration cap;

  Backoff(Duration base, Duration cap) {
    this.base = base;
    this.cap = cap;
  }

  /** The wait before retry number {@code attempt} (1 for the first retry). */
  Duration delay(int attempt, Optional<Duration> retryAfter) {
    long ceiling = base.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
    ceiling = Math.min(ceiling, cap.toMillis());
    // "Equal jitter": at least half the step, so retries spread out but never bunch up at zero.
    long half = ceiling / 2;
    long millis = half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
    Duration computed = Duration.ofMillis(millis);
    if (retryAfter.isPresent() && retryAfter.get().compareTo(computed) > 0) {
      return retryAfter.get();
    }
    return computed;
  }
}
