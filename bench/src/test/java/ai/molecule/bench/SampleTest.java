package ai.molecule.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SampleTest {

  @Test
  void percentilesAreNearestRankValuesOfTheSample() {
    Sample sample = Sample.of(List.of(50, 10, 40, 20, 30, 60, 70, 80, 90, 100));
    assertEquals(50, sample.percentile(50));
    assertEquals(90, sample.percentile(90));
    assertEquals(100, sample.percentile(91));
    assertEquals(10, sample.percentile(1));
    assertEquals(100, sample.percentile(100));
  }

  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertEquals(25, Sample.of(List.of(40, 10, 20, 30)).median());
    assertEquals(20, Sample.of(List.of(30, 10, 20)).median());
  }

  @Test
  void minAndMaxAndCount() {
    Sample sample = Sample.of(List.of(3.5, 1.25, 2.0));
    assertEquals(1.25, sample.min());
    assertEquals(3.5, sample.max());
    assertEquals(3, sample.count());
  }

  @Test
  void anEmptySampleOrABadPercentileIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Sample.of(List.of()));
    Sample one = Sample.of(List.of(1));
    assertThrows(IllegalArgumentException.class, () -> one.percentile(0));
    assertThrows(IllegalArgumentException.class, () -> one.percentile(101));
  }
}
