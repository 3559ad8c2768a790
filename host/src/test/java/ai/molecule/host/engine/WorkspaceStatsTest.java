package ai.molecule.host.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.molecule.host.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WorkspaceStatsTest {

  @Test
  void theErrorRateCoversTheLastMinuteAndOnlyOurOwnFailures() {
    FakeClock clock = new FakeClock(Instant.parse("2026-11-30T23:59:00Z"));
    WorkspaceStats stats = new WorkspaceStats(clock, new MonthlySpend(clock, null));
    stats.started("m1", "message from peer: hello");
    assertEquals(1, stats.figures().activeTasks());
    assertEquals("message from peer: hello", stats.figures().currentTask());
    stats.failed("m1", "the model is overloaded");
    stats.started("m2", "x");
    stats.succeeded("m2");
    assertEquals(0.5, stats.figures().errorRate());
    assertEquals("the model is overloaded", stats.figures().sampleError());
    assertEquals("", stats.figures().currentTask());

    clock.advance(Duration.ofSeconds(61));
    assertEquals(0.0, stats.figures().errorRate(), "a minute later the window is empty: healthy again");
    assertEquals("", stats.figures().sampleError());
    assertEquals(61 + 0, stats.figures().uptimeSeconds());
  }

  @Test
  void spendIsWholeCentsCumulativeWithinAMonthAndStartsAgainWithTheNext() {
    FakeClock clock = new FakeClock(Instant.parse("2026-11-30T23:59:00Z"));
    MonthlySpend spend = new MonthlySpend(clock, null);
    WorkspaceStats stats = new WorkspaceStats(clock, spend);
    spend.add(new java.math.BigDecimal("0.004"));
    assertEquals(0, stats.figures().monthlySpendCents(), "under a cent: nothing to report yet");
    spend.add(new java.math.BigDecimal("0.25"));
    spend.add(new java.math.BigDecimal("0.5"));
    assertEquals(75, stats.figures().monthlySpendCents(), "0.754 dollars is 75 cents, rounded down");
    clock.advance(Duration.ofMinutes(2)); // into December
    assertEquals(0, stats.figures().monthlySpendCents());
    spend.add(new java.math.BigDecimal("0.1"));
    assertEquals(10, stats.figures().monthlySpendCents());
  }

  @Test
  void spendSurvivesARestartWithinTheMonthOnly() {
    FakeClock clock = new FakeClock(Instant.parse("2026-11-30T23:59:00Z"));
    MonthlySpend before = new MonthlySpend(clock, null);
    before.add(new java.math.BigDecimal("1.2345"));
    MonthlySpend.Saved saved = before.saved();
    assertEquals(123, new MonthlySpend(clock, saved).cents(), "the same month: the sum goes on");
    clock.advance(Duration.ofMinutes(2)); // into December
    assertEquals(0, new MonthlySpend(clock, saved).cents(), "a new month: a saved November sum is not December's");
  }
}
