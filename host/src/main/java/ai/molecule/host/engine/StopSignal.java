package ai.molecule.host.engine;

import ai.molecule.host.MoleculeException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tells the engine's loops to stop, either because the operator asked or because something failed
 * for good. Waits end at once when it fires, so a stop never waits out a poll interval or a backoff.
 */
final class StopSignal {

  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicReference<MoleculeException> failure = new AtomicReference<>();

  /** An orderly stop. */
  void stop() {
    stopped.countDown();
  }

  /** A stop because of an error the process must exit with; the first failure wins. */
  void fail(MoleculeException error) {
    failure.compareAndSet(null, error);
    stopped.countDown();
  }

  boolean isStopped() {
    return stopped.getCount() == 0;
  }

  MoleculeException failure() {
    return failure.get();
  }

  /** Waits for this long; returns {@code false} if the signal fired first. */
  boolean sleep(Duration duration) {
    try {
      return !stopped.await(Math.max(duration.toMillis(), 0), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop();
      return false;
    }
  }

  /**
   * Waits for this long, through an orderly stop (work in hand still finishes in the grace
   * period); returns {@code false} only if the engine failed first or the thread was interrupted.
   */
  boolean sleepThroughStop(Duration duration) {
    long deadline = System.nanoTime() + Math.max(duration.toNanos(), 0);
    try {
      while (failure.get() == null) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return true;
        }
        TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
