package ai.molecule.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Row times as the platform writes them: UTC with exactly six fractional digits (Postgres keeps
 * microseconds), never earlier than the one before. Unless ties are asked for, every stamp is
 * strictly later than the one before; with ties, rows written at one clock instant share it (as
 * rows of one transaction do), and only {@code seq} orders them.
 */
final class Timestamps {

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final Clock clock;
  private final boolean ties;
  private Instant last = Instant.MIN;

  Timestamps(Clock clock, boolean ties) {
    this.clock = clock;
    this.ties = ties;
  }

  /** Now, at microsecond precision, and not before (with ties) or after (without) every stamp given before. */
  synchronized Instant next() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    if (now.isAfter(last)) {
      last = now;
    } else if (!ties) {
      last = last.plus(1, ChronoUnit.MICROS);
    }
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
