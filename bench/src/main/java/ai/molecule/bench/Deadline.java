package ai.molecule.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;

/**
 * The moment a scenario must be done by. Every wait in the benchmark is bounded by one, so a
 * molecule that hangs costs a scenario, never the whole run.
 *
 * @param end when time is up
 * @param scenario the scenario it bounds, named in the timeout's message
 */
public record Deadline(Instant end, String scenario) {

  /** A deadline {@code budget} from now. */
  public static Deadline in(Duration budget, String scenario) {
    return new Deadline(Instant.now().plus(budget), scenario);
  }

  /** The time left, never negative. */
  public Duration remaining() {
    Duration left = Duration.between(Instant.now(), end);
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** @throws TimeoutException once the deadline has passed, saying what was awaited */
  public void check(String awaiting) throws TimeoutException {
    if (!Instant.now().isBefore(end)) {
      throw new TimeoutException(scenario + ": out of time while waiting for " + awaiting);
    }
  }

  /** Sleeps {@code pause}, or less when the deadline comes first. */
  public void sleep(Duration pause) throws InterruptedException {
    long millis = Math.min(pause.toMillis(), remaining().toMillis());
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }
}
