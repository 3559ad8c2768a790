package ai.molecule.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void readsTheFormsOperatorsWrite() {
    assertEquals(Optional.of(Duration.ofMillis(500)), Durations.parse("500ms"));
    assertEquals(Optional.of(Duration.ofSeconds(300)), Durations.parse("300s"));
    assertEquals(Optional.of(Duration.ofSeconds(300)), Durations.parse("300"));
    assertEquals(Optional.of(Duration.ofMinutes(5)), Durations.parse(" 5M "));
    assertEquals(Optional.of(Duration.ofMillis(1500)), Durations.parse("1.5s"));
    assertEquals(Optional.of(Duration.ofHours(1)), Durations.parse("1h"));
    assertEquals(Optional.empty(), Durations.parse("5 minutes"));
    assertEquals(Optional.empty(), Durations.parse("-1s"));
  }

  @Test
  void formatsTheShortestExactForm() {
    assertEquals("5m", Durations.format(Duration.ofMinutes(5)));
    assertEquals("90s", Durations.format(Duration.ofSeconds(90)));
    assertEquals("500ms", Durations.format(Duration.ofMillis(500)));
    assertEquals("0s", Durations.format(Duration.ZERO));
  }
}
