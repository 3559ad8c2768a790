package ai.molecule.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A token bucket per client address, as the platform limits each client: up to {@code perMinute}
 * requests at once, refilled evenly over a minute. Thread-safe.
 */
final class RateLimiter {

  /** Past this many clients, buckets that are full again are forgotten: they carry no state. */
  private static final int MAX_TRACKED = 1024;

  private static final class Bucket {
    double tokens;
    Instant refilledAt;

    Bucket(double tokens, Instant refilledAt) {
      this.tokens = tokens;
      this.refilledAt = refilledAt;
    }
  }

  private final int perMinute;
  private final Clock clock;
  private final Map<String, Bucket> buckets = new HashMap<>();

  /** @param perMinute requests per minute per client; 0 for no limit */
  RateLimiter(int perMinute, Clock clock) {
    this.perMinute = perMinute;
    this.clock = clock;
  }

  /** 0 when the request may go ahead, else the whole seconds to wait before the next one may. */
  synchronized long acquire(String client) {
    if (perMinute == 0) {
      return 0;
    }
    Instant now = clock.instant();
    Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(perMinute, now));
    refill(bucket, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      if (buckets.size() > MAX_TRACKED) {
        forgetFull(now);
      }
      return 0;
    }
    double perSecond = perMinute / 60.0;
    return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / perSecond));
  }

  private void refill(Bucket bucket, Instant now) {
    if (now.isAfter(bucket.refilledAt)) {
      double seconds = Duration.between(bucket.refilledAt, now).toNanos() / 1e9;
      bucket.tokens = Math.min(perMinute, bucket.tokens + seconds * perMinute / 60.0);
      bucket.refilledAt = now;
    }
  }

  private void forgetFull(Instant now) {
    buckets.values().removeIf(bucket -> {
      refill(bucket, now);
      return bucket.tokens >= perMinute;
    });
  }
}
