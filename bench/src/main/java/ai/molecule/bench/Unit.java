package ai.molecule.bench;

import java.util.Locale;

/** How a figure's number is written: its unit and its precision. */
public enum Unit {
  MILLISECONDS("ms", "%.0f"),
  /** For latencies of a few milliseconds that are compared with each other. */
  HUNDREDTHS_OF_MILLISECONDS("ms", "%.2f"),
  SECONDS("s", "%.2f"),
  MESSAGES_PER_SECOND("messages/s", "%.0f"),
  POLLS_PER_SECOND("polls/s", "%.3f"),
  MIB("MiB", "%.1f");

  private final String label;
  private final String format;

  Unit(String label, String format) {
    this.label = label;
    this.format = format;
  }

  /** {@code value} with this unit, e.g. {@code 1.07 s}. */
  public String format(double value) {
    return String.format(Locale.ROOT, format, value) + " " + label;
  }
}
