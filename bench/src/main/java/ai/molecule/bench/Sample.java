package ai.molecule.bench;

import java.util.Collection;
import java.util.List;

/**
 * Measured values of one kind (milliseconds, say), sorted, with the summaries the report prints.
 *
 * @param sorted the values, smallest first
 */
public record Sample(List<Double> sorted) {

  public Sample {
    if (sorted.isEmpty()) {
      throw new IllegalArgumentException("a sample needs at least one value");
    }
    sorted = sorted.stream().sorted().toList();
  }

  public static Sample of(Collection<? extends Number> values) {
    return new Sample(values.stream().map(Number::doubleValue).toList());
  }

  public int count() {
    return sorted.size();
  }

  public double min() {
    return sorted.get(0);
  }

  public double max() {
    return sorted.get(sorted.size() - 1);
  }

  /** The middle value; with an even count, the mean of the two middle ones. */
  public double median() {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /**
   * The nearest-rank percentile: the smallest value with at least {@code percent} % of the sample
   * at or below it. Always one of the measured values, never an interpolation.
   *
   * @param percent above 0, at most 100
   */
  public double percentile(double percent) {
    if (!(percent > 0 && percent <= 100)) {
      throw new IllegalArgumentException("a percentile is above 0 and at most 100, not " + percent);
    }
    int rank = (int) Math.ceil(percent / 100 * sorted.size());
    return sorted.get(rank - 1);
  }
}
