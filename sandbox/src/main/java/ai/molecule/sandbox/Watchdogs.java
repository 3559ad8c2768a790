package ai.molecule.sandbox;

import java.time.Duration;

/**
 * The platform's liveness limits, all read on the sandbox's clock. Tests shorten them or move the
 * clock past them; {@link #defaults()} are the platform's.
 *
 * @param awaitingAgentAfter without a heartbeat this long a workspace is {@code awaiting_agent} (180 s)
 * @param stallAfter busy and no activity-path row this long: a liveness check (12 min)
 * @param softRestartAfter a liveness check still unanswered this long: a soft restart step (5 min)
 * @param stallCooldown the least time between two liveness checks (30 min)
 * @param phantomBusyAfter busy and no row of any kind this long: active_tasks reset to 0 (10 min)
 */
public record Watchdogs(
    Duration awaitingAgentAfter,
    Duration stallAfter,
    Duration softRestartAfter,
    Duration stallCooldown,
    Duration phantomBusyAfter) {

  public Watchdogs {
    for (Duration d : new Duration[] {awaitingAgentAfter, stallAfter, softRestartAfter, stallCooldown,
        phantomBusyAfter}) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("every watchdog limit must be positive");
      }
    }
  }

  public static Watchdogs defaults() {
    return new Watchdogs(Duration.ofSeconds(180), Duration.ofMinutes(12), Duration.ofMinutes(5),
        Duration.ofMinutes(30), Duration.ofMinutes(10));
  }

  public Watchdogs withAwaitingAgentAfter(Duration d) {
    return new Watchdogs(d, stallAfter, softRestartAfter, stallCooldown, phantomBusyAfter);
  }

  public Watchdogs withStallAfter(Duration d) {
    return new Watchdogs(awaitingAgentAfter, d, softRestartAfter, stallCooldown, phantomBusyAfter);
  }

  public Watchdogs withSoftRestartAfter(Duration d) {
    return new Watchdogs(awaitingAgentAfter, stallAfter, d, stallCooldown, phantomBusyAfter);
  }

  public Watchdogs withStallCooldown(Duration d) {
    return new Watchdogs(awaitingAgentAfter, stallAfter, softRestartAfter, d, phantomBusyAfter);
  }

  public Watchdogs withPhantomBusyAfter(Duration d) {
    return new Watchdogs(awaitingAgentAfter, stallAfter, softRestartAfter, stallCooldown, d);
  }
}
