package ai.molecule.host.engine;

import java.time.Clock;
import java.time.Instant;

/**
 * The engine's only view of time: the clock its decisions read (deadlines, spacing, the busy
 * window, the month of the spend) and the one way its loops wait for a moment on that clock. Tests
 * pass a fake, so no engine test waits on real seconds; the scheduled heartbeat, task updates and
 * watchdog still tick in real time, and read this clock when they decide.
 */
public interface Timing {

  /** The clock every decision reads. */
  Clock clock();

  /**
   * Waits on {@code monitor}, which the caller holds, until it is notified or {@code deadline} on
   * {@link #clock()} may have passed. The caller re-checks its condition and the clock: a wake-up
   * says nothing by itself.
   */
  void waitOn(Object monitor, Instant deadline) throws InterruptedException;

  /** Real time, read monotonically (a wall clock set back does not stretch a wait). */
  static Timing system() {
    return SystemTiming.INSTANCE;
  }
}
