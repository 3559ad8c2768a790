package ai.molecule.host.engine;

import java.time.Duration;

/**
 * Waits this long unless stopped: the one way a retry waits. In the engine it is {@link
 * StopSignal#sleep} (a stop ends the wait) or {@link StopSignal#sleepThroughStop} (only a failure
 * does), on the engine's {@link Timing}.
 */
@FunctionalInterface
interface Sleeper {

  /** Waits {@code duration}; returns {@code false} when the wait was cut short and the caller should give up. */
  boolean sleep(Duration duration);
}
