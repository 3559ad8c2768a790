package ai.molecule.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for something a backend does in the background (a child process started, a file written)
 * by checking it every few milliseconds until a deadline: no fixed sleeps in tests.
 */
public final class Await {

  /** How long {@link #until(String, BooleanSupplier)} waits. */
  public static final Duration PATIENCE = Duration.ofSeconds(10);

  private Await() {}

  /**
   * Waits up to {@link #PATIENCE} for the condition.
   *
   * @param what what is awaited, for the failure message
   * @param condition true once it has happened
   * @throws AssertionError when it has not happened in time
   */
  public static void until(String what, BooleanSupplier condition) {
    until(what, PATIENCE, condition);
  }

  /**
   * Waits up to {@code timeout} for the condition.
   *
   * @param what what is awaited, for the failure message
   * @param timeout how long to wait
   * @param condition true once it has happened
   * @throws AssertionError when it has not happened in time, or the thread is interrupted
   */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("gave up after " + timeout.toMillis() + " ms waiting for " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}
