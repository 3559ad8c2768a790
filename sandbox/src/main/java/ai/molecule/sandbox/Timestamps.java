package ai.molecule.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Row times as the platform writes them: UTC with exactly six fractional digits (Postgres keeps
 * microseconds). Every stamp handed out is strictly later than the one before, so "rows after the
 * cursor row, compared by created_at" never meets a tie.
 */
final class Timestamps {

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final Clock clock;
  private Instant last = Instant.MIN;

  Timestamps(Clock clock) {
    this.clock = clock;
  }

  /** Now, at microsecond precision, and after every stamp given before. */
  synchronized Instant next() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    last = now.isAfter(last) ? now : last.plus(1, ChronoUnit.MICROS);
    return last;
  }

  /** Stamps continue after {@code instant}: used when rows are loaded from disk. */
  synchronized void notBefore(Instant instant) {
    if (instant.isAfter(last)) {
      last = instant;
    }
  }

  static String format(Instant instant) {
    return FORMAT.format(instant);
  }
}
