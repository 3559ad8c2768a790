package ai.molecule.host.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Real time: the UTC wall clock at start, advanced by {@link System#nanoTime()}. */
final class SystemTiming extends Clock implements Timing {
  static final SystemTiming INSTANCE = new SystemTiming();
  private final Instant start = Instant.now();
  private final long startNanos = System.nanoTime();

  private SystemTiming() {}

  @Override
  public Clock clock() {
    return this;
  }

  @Override
  public void waitOn(Object monitor, Instant deadline) throws InterruptedException {
    long millis = Duration.between(instant(), deadline).toMillis();
    monitor.wait(Math.max(1, millis));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return ZoneOffset.UTC.equals(zone) ? this : Clock.system(zone);
  }

  @Override
  public Instant instant() {
    return start.plusNanos(System.nanoTime() - startNanos);
  }
}
