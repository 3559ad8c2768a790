package ai.molecule.wire;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as operators write them: {@code 500ms}, {@code 300s}, {@code 5m}, {@code 1h}; a bare number is seconds. */
public final class Durations {

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

  /** What to say to someone who wrote something else. */
  public static final String HOW_TO_WRITE = "write it like 500ms, 30s, 5m or 1h";

  private Durations() {}

  /** The duration {@code text} stands for, or empty when it is not one. */
  public static Optional<Duration> parse(String text) {
    Matcher matcher = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      return Optional.empty();
    }
    double amount = Double.parseDouble(matcher.group(1));
    double millis = switch (matcher.group(2) == null ? "s" : matcher.group(2)) {
      case "ms" -> amount;
      case "m" -> amount * 60_000;
      case "h" -> amount * 3_600_000;
      default -> amount * 1000;
    };
    return Optional.of(Duration.ofMillis(Math.round(millis)));
  }

  /** The shortest of {@code 5m}, {@code 30s}, {@code 500ms} that says it exactly. */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 60_000 == 0 && millis > 0) {
      return millis / 60_000 + "m";
    }
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }
}
