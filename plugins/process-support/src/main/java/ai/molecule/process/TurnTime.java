package ai.molecule.process;

import ai.molecule.spi.Turn;
import java.time.Duration;

/** How long one run may take: the operator's {@code timeout}, cut to what is left of the turn. */
public final class TurnTime {

  /** A run always gets this much, so an expired turn still ends in a clear timeout rather than a refusal. */
  private static final Duration LEAST = Duration.ofMillis(1);

  private TurnTime() {}

  /** The shorter of {@code timeout} and the turn's {@link Turn#remaining()}, at least 1 ms. */
  public static Duration budget(Duration timeout, Turn turn) {
    Duration remaining = turn.remaining();
    Duration budget = remaining.compareTo(timeout) < 0 ? remaining : timeout;
    return budget.compareTo(LEAST) < 0 ? LEAST : budget;
  }
}
