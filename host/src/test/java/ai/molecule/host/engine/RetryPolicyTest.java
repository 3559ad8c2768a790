package ai.molecule.host.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.host.platform.PlatformClient;
import ai.molecule.host.platform.PlatformException;
import ai.molecule.host.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-25T10:00:00Z"));
  private final List<Duration> slept = new ArrayList<>();
  /** Sleeps on the fake clock at once, as the engine's sleeper would once the time came. */
  private final Sleeper sleeper = wait -> {
    slept.add(wait);
    clock.advance(wait);
    return true;
  };
  private final RetryPolicy policy = RetryPolicy.of(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5)),
      clock, sleeper);

  @Test
  void attemptsBoundTheTriesAndASuccessStartsTheCountAgain() {
    RetryPolicy.Retries retries = policy.attempts(3).begin();
    assertTrue(retries.failed(Optional.empty()).isPresent());
    assertTrue(retries.failed(Optional.empty()).isPresent());
    assertTrue(retries.failed(Optional.empty()).isEmpty(), "three tries in all");
    assertEquals(3, retries.failures());
    retries.succeeded();
    assertEquals(0, retries.failures());
    assertTrue(retries.failed(Optional.empty()).isPresent());
  }

  @Test
  void waitsGrowWithJitterAndRetryAfterWinsUpToItsCap() {
    RetryPolicy.Retries retries = policy.begin();
    long first = retries.failed(Optional.empty()).orElseThrow().toMillis();
    long second = retries.failed(Optional.empty()).orElseThrow().toMillis();
    assertTrue(first >= 50 && first <= 100, "first " + first);
    assertTrue(second >= 100 && second <= 200, "second " + second);
    assertEquals(Duration.ofSeconds(30), retries.failed(Optional.of(Duration.ofSeconds(30))).orElseThrow());
    assertEquals(PlatformClient.RETRY_AFTER_CAP, retries.failed(Optional.of(Duration.ofHours(3))).orElseThrow(),
        "a Retry-After longer than the cap is cut to it");
  }

  @Test
  void theGiveUpDeadlineCountsFromTheStartOrTheLastSuccessAndIsNeverOvershot() {
    RetryPolicy.Retries retries = policy.giveUpAfter(Duration.ofSeconds(10)).begin();
    Duration waited = Duration.ZERO;
    Optional<Duration> wait;
    while ((wait = retries.failed(Optional.empty())).isPresent()) {
      assertTrue(retries.pause(wait.get()));
      waited = waited.plus(wait.get());
    }
    assertTrue(waited.compareTo(Duration.ofSeconds(10)) <= 0, "never past the deadline: " + waited);
    assertTrue(waited.compareTo(Duration.ofSeconds(5)) >= 0, "retried until close to it: " + waited);
    assertEquals(waited, retries.failingFor());
    assertEquals(slept.stream().reduce(Duration.ZERO, Duration::plus), waited, "every wait went through the sleeper");

    retries.succeeded();
    assertEquals(Duration.ZERO, retries.failingFor());
    assertTrue(retries.failed(Optional.empty()).isPresent(), "a success gives a new deadline");
    assertTrue(retries.failed(Optional.of(Duration.ofSeconds(11))).isEmpty(),
        "a Retry-After past the deadline gives up at once");
  }

  @Test
  void aWaitCutShortBySomethingElseSaysSo() {
    RetryPolicy.Retries retries = policy.sleepingWith(wait -> false).begin();
    assertFalse(retries.pause(retries.failed(Optional.empty()).orElseThrow()));
  }

  @Test
  void aReplyIsResentOnlyWhenThePlatformCertainlyDidNotGetIt() {
    assertTrue(RetryPolicy.certainlyNotReceived(failure(0, false)), "no connection");
    assertTrue(RetryPolicy.certainlyNotReceived(failure(429, true)));
    assertTrue(RetryPolicy.certainlyNotReceived(failure(502, true)));
    assertTrue(RetryPolicy.certainlyNotReceived(failure(503, true)));
    assertFalse(RetryPolicy.certainlyNotReceived(failure(0, true)), "a timeout after sending: it may have arrived");
    assertFalse(RetryPolicy.certainlyNotReceived(failure(500, true)));
    assertFalse(RetryPolicy.certainlyNotReceived(failure(504, true)));
  }

  private static PlatformException failure(int status, boolean mayHaveArrived) {
    return new PlatformException(PlatformException.Kind.TRANSIENT, status, "HTTP " + status, null, null,
        mayHaveArrived, null);
  }

  @Test
  void theStopSignalIsTheEnginesSleeperOnItsClock() throws Exception {
    StopSignal signal = new StopSignal(clock);
    List<Boolean> result = new ArrayList<>();
    Thread sleeping = new Thread(() -> result.add(signal.sleep(Duration.ofMinutes(1))), "retry-sleeper");
    sleeping.start();
    clock.untilWithoutTime("the sleeper waiting", () -> clock.isParked("retry-sleeper"));
    clock.advance(Duration.ofSeconds(59));
    assertTrue(clock.isParked("retry-sleeper"), "not before its time");
    clock.advance(Duration.ofSeconds(1));
    sleeping.join();
    assertEquals(List.of(true), result);

    Thread stopped = new Thread(() -> result.add(signal.sleep(Duration.ofMinutes(1))), "stopped-sleeper");
    stopped.start();
    clock.untilWithoutTime("the second sleeper waiting", () -> clock.isParked("stopped-sleeper"));
    signal.stop();
    stopped.join();
    assertEquals(List.of(true, false), result, "a stop ends the wait at once, with no time passing");
    assertTrue(signal.sleepThroughStop(Duration.ZERO), "a delivery's wait goes on through an orderly stop");
  }
}
