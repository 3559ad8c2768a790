package ai.molecule.host.engine;

import ai.molecule.host.platform.PlatformClient;
import ai.molecule.host.platform.PlatformException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * The engine's one retry policy, used by registration, the poll loop, backend attempts and reply
 * delivery: how many tries, how long to wait between them ({@link Backoff}: exponential, with
 * jitter, or longer when the platform's {@code Retry-After} asks, up to {@link
 * PlatformClient#RETRY_AFTER_CAP}), when to give up (a deadline from the start, or the last
 * success), and how to wait (a {@link Sleeper}, so a stop ends the wait). Each caller keeps only
 * its own decision of what is worth retrying; for a reply that is {@link #certainlyNotReceived}.
 * Immutable; {@link #begin()} starts one operation's count.
 */
final class RetryPolicy {

  private final Backoff backoff;
  private final Clock clock;
  private final Sleeper sleeper;
  private final int attempts;
  private final Duration giveUpAfter;

  private RetryPolicy(Backoff backoff, Clock clock, Sleeper sleeper, int attempts, Duration giveUpAfter) {
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.attempts = attempts;
    this.giveUpAfter = giveUpAfter;
  }

  /** Retries without end, waiting as {@code backoff} says on {@code clock}, through {@code sleeper}. */
  static RetryPolicy of(Backoff backoff, Clock clock, Sleeper sleeper) {
    return new RetryPolicy(backoff, clock, sleeper, 0, null);
  }

  /** This policy, giving up after {@code most} tries in all. */
  RetryPolicy attempts(int most) {
    return new RetryPolicy(backoff, clock, sleeper, most, giveUpAfter);
  }

  /**
   * This policy, giving up when the next try would come more than {@code limit} after the
   * operation began or last succeeded ({@code null}: never).
   */
  RetryPolicy giveUpAfter(Duration limit) {
    return new RetryPolicy(backoff, clock, sleeper, attempts, limit);
  }

  /** This policy, waiting through {@code other}. */
  RetryPolicy sleepingWith(Sleeper other) {
    return new RetryPolicy(backoff, clock, other, attempts, giveUpAfter);
  }

  /** Starts counting one operation's tries. */
  Retries begin() {
    return new Retries();
  }

  /**
   * Whether a failed reply may be sent again: only when the platform certainly did not get it (no
   * connection, or 429/502/503). After a timeout or a dropped connection it may have arrived, the
   * platform then delivers it itself, and a resend would make the peer run its turn again.
   */
  static boolean certainlyNotReceived(PlatformException e) {
    return e.safeToResend();
  }

  /** A {@code Retry-After} as obeyed: at most {@link PlatformClient#RETRY_AFTER_CAP}, and said when it is cut. */
  static Optional<Duration> capped(Optional<Duration> asked) {
    if (asked.isPresent() && asked.get().compareTo(PlatformClient.RETRY_AFTER_CAP) > 0) {
      Logger.warn("the platform asks to wait {} s; waiting {} s, the most molecule waits", asked.get().toSeconds(),
          PlatformClient.RETRY_AFTER_CAP.toSeconds());
      return Optional.of(PlatformClient.RETRY_AFTER_CAP);
    }
    return asked;
  }

  /** One operation's tries: not thread-safe, used by the loop that makes them. */
  final class Retries {
    private int failures;
    private Instant since = clock.instant();

    private Retries() {}

    /** Failures since the last success. */
    int failures() {
      return failures;
    }

    /** Since the operation began, or last succeeded. */
    Duration failingFor() {
      return Duration.between(since, clock.instant());
    }

    /** A try succeeded: the count and the give-up time start again. */
    void succeeded() {
      failures = 0;
      since = clock.instant();
    }

    /**
     * A try failed: the wait before the next one, or empty when the policy gives up (its tries
     * are used up, or the next try would come past the give-up time).
     *
     * @param retryAfter how long the platform asked to wait, if it did (capped here)
     */
    Optional<Duration> failed(Optional<Duration> retryAfter) {
      failures++;
      Instant now = clock.instant();
      if (attempts > 0 && failures >= attempts) {
        return Optional.empty();
      }
      Duration wait = backoff.delay(failures, capped(retryAfter));
      if (giveUpAfter != null && Duration.between(since, now.plus(wait)).compareTo(giveUpAfter) > 0) {
        return Optional.empty();
      }
      return Optional.of(wait);
    }

    /** Waits before the next try; {@code false} when the wait was cut short (the engine stops). */
    boolean pause(Duration wait) {
      return sleeper.sleep(wait);
    }
  }
}
