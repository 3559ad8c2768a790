package ai.molecule.bench;

/**
 * One line of the report: what was measured, its target, and whether it met it.
 *
 * @param name what the figure is
 * @param measured the measured value, written out with its unit
 * @param target the target, or {@code -} for a figure given for information
 * @param verdict met, missed, for information, or not measured because the scenario failed
 */
public record Figure(String name, String measured, String target, Verdict verdict) {

  /** Whether a figure met its target. */
  public enum Verdict {
    PASS("pass"),
    MISS("MISS"),
    INFO("info"),
    FAILED("FAILED");

    private final String label;

    Verdict(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** A figure whose target is a ceiling: {@code value <= limit} passes. */
  public static Figure atMost(String name, double value, double limit, Unit unit) {
    return new Figure(name, unit.format(value), "<= " + unit.format(limit), value <= limit ? Verdict.PASS : Verdict.MISS);
  }

  /** A figure whose target is a floor: {@code value >= limit} passes. */
  public static Figure atLeast(String name, double value, double limit, Unit unit) {
    return new Figure(name, unit.format(value), ">= " + unit.format(limit), value >= limit ? Verdict.PASS : Verdict.MISS);
  }

  /** A yes-or-no check, such as "every message got exactly one reply". */
  public static Figure check(String name, boolean ok, String measured, String target) {
    return new Figure(name, measured, target, ok ? Verdict.PASS : Verdict.MISS);
  }

  /** A figure with no target of its own, printed to explain the others. */
  public static Figure info(String name, String measured) {
    return new Figure(name, measured, "-", Verdict.INFO);
  }

  /** The place of a figure its scenario could not measure, with the reason. */
  public static Figure failed(String name, String reason) {
    return new Figure(name, reason, "-", Verdict.FAILED);
  }
}
