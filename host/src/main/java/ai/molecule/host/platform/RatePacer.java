package ai.molecule.host.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Keeps this process within its share of the platform's rate budget. The platform counts requests
 * per bucket in a fixed window (600 a minute by default), and with the org header the bucket is the
 * whole organisation's: one bridge polling quickly would starve its neighbours. So every response's
 * {@code X-RateLimit-*} headers are read, and the poll loop asks {@link #pollSpacing(Duration)} how
 * long to wait between polls. Thread-safe; one
 * per process.
 */
public final class RatePacer {

  private static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
  private static final long DEFAULT_LIMIT = 600;

  private final Clock clock;
  private final double share;
  private long limit = DEFAULT_LIMIT;
  private long remaining = DEFAULT_LIMIT;
  private Instant windowEnds;
  /** Poll loops spending this bucket's share together (a serve process shares one pacer per bucket). */
  private int pollers = 1;

  /**
   * @param share the fraction of the budget this process may spend (0 &lt; share &le; 1)
   */
  public RatePacer(Clock clock, double share) {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException("the rate share must be above 0 and at most 1, not " + share);
    }
    this.clock = clock;
    this.share = share;
    this.windowEnds = clock.instant().plus(DEFAULT_WINDOW);
  }

  /** One more poll loop shares this pacer: each then polls as rarely as the share asks for all of them. */
  public synchronized RatePacer share() {
    pollers++;
    return this;
  }

  /** A poll loop that shared this pacer has stopped. */
  public synchronized void unshare() {
    pollers = Math.max(1, pollers - 1);
  }

  /** Reads a response's rate headers; absent ones change nothing. */
  synchronized void observe(Optional<String> limitHeader, Optional<String> remainingHeader, Optional<String> resetHeader) {
    roll();
    limitHeader.flatMap(RatePacer::number).filter(n -> n > 0).ifPresent(n -> limit = n);
    remainingHeader.flatMap(RatePacer::number).filter(n -> n >= 0).ifPresent(n -> remaining = n);
    resetHeader.flatMap(RatePacer::number).ifPresent(n -> {
      Instant now = clock.instant();
      // Seconds until the reset, or (large values) the reset as Unix seconds: accept both.
      Instant reset = n > 1_000_000_000L ? Instant.ofEpochSecond(n) : now.plusSeconds(n);
      if (reset.isAfter(now) && reset.isBefore(now.plus(Duration.ofHours(1)))) {
        windowEnds = reset;
      }
    });
  }

  /**
   * The wait between two polls: at least {@code wanted}, and never so short that polling alone
   * would spend more than our share of a window (polls spread evenly: 600 a minute at a share of
   * 0.2 is one every 500 ms at the quickest); when the bucket is all but empty (others spend it),
   * until the window resets.
   */
  public synchronized Duration pollSpacing(Duration wanted) {
    roll();
    Instant now = clock.instant();
    if (remaining <= Math.max(1, limit / 20)) {
      return max(wanted, Duration.between(now, windowEnds));
    }
    long allowed = Math.max(1, (long) Math.floor(limit * share));
    return max(wanted, DEFAULT_WINDOW.multipliedBy(pollers).dividedBy(allowed));
  }

  private void roll() {
    Instant now = clock.instant();
    if (!now.isBefore(windowEnds)) {
      remaining = limit;
      windowEnds = now.plus(DEFAULT_WINDOW);
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static Optional<Long> number(String text) {
    try {
      return Optional.of(Long.parseLong(text.trim()));
    } catch (NumberFormatException notANumber) {
      return Optional.empty();
    }
  }
}
