package ai.molecule.host.engine;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * What the backends reported this calendar month cost, exactly, as the heartbeat's {@code
 * monthly_spend} needs it: whole cents (rounded down), cumulative for the month in UTC, kept across
 * restarts through the state file, starting again at zero when the month turns. Thread-safe.
 */
final class MonthlySpend {

  /** The saved form: the month the amount belongs to and the exact amount in dollars. */
  record Saved(YearMonth month, BigDecimal dollars) {}

  private final Clock clock;
  private YearMonth month;
  private BigDecimal dollars = BigDecimal.ZERO;

  MonthlySpend(Clock clock, Saved saved) {
    this.clock = clock;
    this.month = thisMonth();
    if (saved != null && saved.month().equals(month) && saved.dollars().signum() > 0) {
      dollars = saved.dollars();
    }
  }

  /** Adds what a turn cost. */
  synchronized void add(BigDecimal amount) {
    roll();
    if (amount.signum() > 0) {
      dollars = dollars.add(amount);
    }
  }

  /** This month's spend in whole cents, never lower than before within the month. */
  synchronized long cents() {
    roll();
    return dollars.movePointRight(2).setScale(0, RoundingMode.DOWN).longValueExact();
  }

  synchronized Saved saved() {
    roll();
    return new Saved(month, dollars);
  }

  private void roll() {
    YearMonth now = thisMonth();
    if (!now.equals(month)) {
      month = now;
      dollars = BigDecimal.ZERO;
    }
  }

  private YearMonth thisMonth() {
    return YearMonth.from(clock.instant().atZone(ZoneOffset.UTC));
  }
}
