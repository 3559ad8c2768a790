package ai.molecule.host.testing;

import ai.molecule.host.engine.Timing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Time that moves only when a test moves it: the engine's waits park here until the clock reaches
 * their deadline (or they are woken otherwise: a stop, a doorbell). {@link #until} runs the engine
 * forward, deadline by deadline, until a condition holds, so a test of a 5 s interval or a 1 s
 * {@code Retry-After} takes no real time and asserts exact virtual times. With nothing parked on it,
 * it is simply a clock a test moves by hand.
 */
public final class FakeClock extends Clock implements Timing {

  /** How long, in real time, a test waits for a condition before it fails. */
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private record Parked(Object monitor, Instant deadline, Thread thread) {}

  private final List<Parked> parked = new ArrayList<>();
  /** Notified when anything changes: a wait parks, or {@link #changed()} is called (a platform call). */
  private final Object changes = new Object();
  private Instant now;

  public FakeClock(Instant start) {
    this.now = start;
  }

  @Override
  public Clock clock() {
    return this;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  @Override
  public void waitOn(Object monitor, Instant deadline) throws InterruptedException {
    Parked wait = new Parked(monitor, deadline, Thread.currentThread());
    synchronized (this) {
      parked.add(wait);
    }
    changed();
    try {
      // The caller holds the monitor, so no advance can notify it before it waits.
      monitor.wait();
    } finally {
      synchronized (this) {
        parked.remove(wait);
      }
    }
  }

  /** Moves the clock on and wakes every wait now due. */
  public void advance(Duration step) {
    List<Parked> due = new ArrayList<>();
    synchronized (this) {
      now = now.plus(step);
      parked.stream().filter(p -> !p.deadline().isAfter(now)).forEach(due::add);
    }
    for (Parked p : due) {
      synchronized (p.monitor()) {
        p.monitor().notifyAll();
      }
    }
    changed();
  }

  /** The earliest deadline a wait is parked on, if any. */
  public synchronized Optional<Instant> nextDeadline() {
    return parked.stream().map(Parked::deadline).min(Instant::compareTo);
  }

  /** Whether the thread of this name is parked on the clock (the poll loop runs on the engine's thread). */
  public synchronized boolean isParked(String threadName) {
    return parked.stream().anyMatch(p -> p.thread().getName().equals(threadName));
  }

  /** Something the engine did that a test may be waiting for. */
  public void changed() {
    synchronized (changes) {
      changes.notifyAll();
    }
  }

  /**
   * Runs the engine forward until {@code condition} holds: whenever it does not, the clock moves
   * to the earliest parked deadline; when nothing is parked, it waits for the engine to do
   * something. Fails after {@link #PATIENCE} of real time.
   */
  public void until(String what, BooleanSupplier condition) {
    long giveUp = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("timed out after " + PATIENCE.toSeconds() + " s (virtual time " + instant()
            + ") waiting for " + what);
      }
      Optional<Instant> next = nextDeadline();
      if (next.isPresent()) {
        advance(max(Duration.ZERO, Duration.between(instant(), next.get())));
      }
      awaitChange();
    }
  }

  /** As {@link #until}, with the clock held still: the condition must come true without time passing. */
  public void untilWithoutTime(String what, BooleanSupplier condition) {
    long giveUp = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("timed out after " + PATIENCE.toSeconds() + " s waiting for " + what);
      }
      awaitChange();
    }
  }

  /** Waits (in real time, briefly) for the engine to park a wait or call the platform. */
  private void awaitChange() {
    synchronized (changes) {
      try {
        changes.wait(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
