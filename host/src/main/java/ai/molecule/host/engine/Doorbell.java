package ai.molecule.host.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * Wakes the poll loop before its wait is over: an event announced a new row, or the engine is
 * stopping. A ring while nobody waits is kept, so a row announced during a poll is read by the very
 * next one; rings in between coalesce into one.
 */
final class Doorbell {

  private final Timing timing;
  private boolean rung;

  Doorbell(Timing timing) {
    this.timing = timing;
  }

  synchronized void ring() {
    rung = true;
    notifyAll();
  }

  /** Waits up to {@code timeout}, or until rung; returns whether it was rung. */
  synchronized boolean await(Duration timeout) throws InterruptedException {
    Instant deadline = timing.clock().instant().plus(timeout.isNegative() ? Duration.ZERO : timeout);
    while (!rung) {
      if (!timing.clock().instant().isBefore(deadline)) {
        return false;
      }
      timing.waitOn(this, deadline);
    }
    rung = false;
    return true;
  }
}
