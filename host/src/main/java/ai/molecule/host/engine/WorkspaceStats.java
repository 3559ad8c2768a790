package ai.molecule.host.engine;

import ai.molecule.host.platform.HeartbeatFigures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The figures a heartbeat carries: uptime, messages in hand, and the error rate over a rolling
 * window. Only our own failures count (a backend error, a reply we could not send), not a sender's
 * bad input. Thread-safe.
 */
final class WorkspaceStats {

  private static final Duration WINDOW = Duration.ofSeconds(60);
  private static final int SAMPLE_LENGTH = 200;

  private record Outcome(Instant at, boolean failed) {}

  private final Clock clock;
  private final Instant started;
  private final Map<String, String> inHand = new ConcurrentHashMap<>();
  private final Deque<Outcome> outcomes = new ArrayDeque<>();
  private String sampleError = "";
  private java.time.YearMonth spendMonth;
  private double monthlySpend;

  WorkspaceStats(Clock clock) {
    this.clock = clock;
    this.started = clock.instant();
  }

  /** A message is being handled; {@code description} is what the canvas shows as the current task. */
  void started(String messageId, String description) {
    inHand.put(messageId, description);
  }

  void succeeded(String messageId) {
    inHand.remove(messageId);
    record(false);
  }

  /**
   * Adds what a backend reported a message cost. The sum runs for the current month (UTC) of this
   * process: it starts again with each month, and with each start of the process.
   */
  synchronized void spent(double dollars) {
    java.time.YearMonth month = java.time.YearMonth.from(clock.instant().atZone(java.time.ZoneOffset.UTC));
    if (!month.equals(spendMonth)) {
      spendMonth = month;
      monthlySpend = 0;
    }
    monthlySpend += dollars;
  }

  void failed(String messageId, String error) {
    inHand.remove(messageId);
    record(true);
    synchronized (this) {
      sampleError = error.length() <= SAMPLE_LENGTH ? error : error.substring(0, SAMPLE_LENGTH) + "…";
    }
  }

  /** A message left unfinished by a stop: neither a success nor a failure. */
  void abandoned(String messageId) {
    inHand.remove(messageId);
  }

  synchronized HeartbeatFigures figures() {
    Instant now = clock.instant();
    prune(now);
    long failures = outcomes.stream().filter(Outcome::failed).count();
    double rate = outcomes.isEmpty() ? 0.0 : (double) failures / outcomes.size();
    String current = inHand.values().stream().findFirst().orElse("");
    boolean thisMonth = java.time.YearMonth.from(now.atZone(java.time.ZoneOffset.UTC)).equals(spendMonth);
    return new HeartbeatFigures(rate, failures == 0 ? "" : sampleError, inHand.size(),
        Duration.between(started, now).toSeconds(), current, thisMonth ? monthlySpend : 0);
  }

  private synchronized void record(boolean failed) {
    Instant now = clock.instant();
    outcomes.addLast(new Outcome(now, failed));
    prune(now);
  }

  private void prune(Instant now) {
    Instant horizon = now.minus(WINDOW);
    while (!outcomes.isEmpty() && outcomes.peekFirst().at().isBefore(horizon)) {
      outcomes.removeFirst();
    }
  }
}
