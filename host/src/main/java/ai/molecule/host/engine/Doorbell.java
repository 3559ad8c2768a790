package ai.molecule.host.engine;

import java.time.Duration;

/**
 * Wakes the poll loop before its wait is over: an event announced a new row, or the engine is
 * stopping. A ring while nobody waits is kept, so a row announced during a poll is read by the very
 * next one; rings in between coalesce into one.
 */
final class Doorbell {

  private boolean rung;

  synchronized void ring() {
    rung = true;
    notifyAll();
  }

  /** Waits up to {@code timeout}, or until rung; returns whether it was rung. */
  synchronized boolean await(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    while (!rung) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    rung = false;
    return true;
  }
}
