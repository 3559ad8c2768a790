package ai.molecule.host.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

  @Test
  void delaysDoubleWithJitterUpToTheCap() {
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      long first = backoff.delay(1, Optional.empty()).toMillis();
      long third = backoff.delay(3, Optional.empty()).toMillis();
      long late = backoff.delay(40, Optional.empty()).toMillis();
      assertTrue(first >= 50 && first <= 100, "first " + first);
      assertTrue(third >= 200 && third <= 400, "third " + third);
      assertTrue(late >= 2500 && late <= 5000, "capped " + late);
      seen.add(first);
    }
    assertTrue(seen.size() > 10, "jitter spreads retries out");
  }

  @Test
  void retryAfterWinsWhenItAsksForLonger() {
    assertEquals(Duration.ofSeconds(30), backoff.delay(1, Optional.of(Duration.ofSeconds(30))));
    assertTrue(backoff.delay(1, Optional.of(Duration.ZERO)).toMillis() >= 50);
  }
}
