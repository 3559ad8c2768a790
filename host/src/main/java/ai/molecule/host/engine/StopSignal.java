package ai.molecule.host.engine;

import ai.molecule.host.MoleculeException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Tells the engine's loops to stop, either because the operator asked or because something failed
 * for good. Waits end at once when it fires, so a stop never waits out a poll interval or a backoff.
 */
final class StopSignal {

  private final Timing timing;
  private volatile boolean stopped;
  private final AtomicReference<MoleculeException> failure = new AtomicReference<>();

  StopSignal() {
    this(Timing.system());
  }

  StopSignal(Timing timing) {
    this.timing = timing;
  }

  /** An orderly stop. */
  synchronized void stop() {
    stopped = true;
    notifyAll();
  }

  /** A stop because of an error the process must exit with; the first failure wins. */
  void fail(MoleculeException error) {
    failure.compareAndSet(null, error);
    stop();
  }

  boolean isStopped() {
    return stopped;
  }

  MoleculeException failure() {
    return failure.get();
  }

  /** Waits for this long; returns {@code false} if the signal fired first. */
  boolean sleep(Duration duration) {
    return waitUnless(duration, () -> stopped, true);
  }

  /**
   * Waits for this long, through an orderly stop (work in hand still finishes in the grace
   * period); returns {@code false} only if the engine failed first or the thread was interrupted.
   */
  boolean sleepThroughStop(Duration duration) {
    return waitUnless(duration, () -> failure.get() != null, false);
  }

  private synchronized boolean waitUnless(Duration duration, BooleanSupplier cutShort, boolean stopOnInterrupt) {
    Instant deadline = timing.clock().instant().plus(duration.isNegative() ? Duration.ZERO : duration);
    try {
      while (!cutShort.getAsBoolean()) {
        if (!timing.clock().instant().isBefore(deadline)) {
          return true;
        }
        timing.waitOn(this, deadline);
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (stopOnInterrupt) {
        stop();
      }
      return false;
    }
  }
}
