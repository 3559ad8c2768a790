package ai.molecule.process;

import ai.molecule.spi.BackendException;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How a process ended and what it wrote.
 *
 * @param label what ran, as error messages name it, e.g. {@code claude}
 * @param exitCode its exit code
 * @param stdout its standard output, up to the runner's limit
 * @param stdoutOverflowed whether the output went on past that limit (and was cut)
 * @param stderr the end of its standard error
 * @param elapsed how long it ran
 */
public record ProcessResult(
    String label, int exitCode, String stdout, boolean stdoutOverflowed, String stderr, Duration elapsed) {

  /** How much of stderr an error message quotes. */
  static final int QUOTED_STDERR = 1000;

  /**
   * A failure of this run: {@code "<label> <what>"}, followed by the end of stderr when there is
   * any, on one line.
   */
  public BackendException failure(String what, boolean retryable) {
    String tail = stderrTail();
    String message = label + " " + what + (tail.isEmpty() ? "" : "; stderr: " + tail);
    return new BackendException(message, retryable, null);
  }

  /** The end of stderr on one line: see {@link #oneLine(String)}. */
  public String stderrTail() {
    return oneLine(stderr);
  }

  /**
   * The text's non-blank lines joined by {@code " | "}, cut to its last {@value #QUOTED_STDERR}
   * characters: fit for a one-line error message.
   */
  public static String oneLine(String text) {
    String joined = Arrays.stream(text.split("\\R"))
        .map(String::strip)
        .filter(line -> !line.isEmpty())
        .collect(Collectors.joining(" | "));
    return joined.length() <= QUOTED_STDERR ? joined : "..." + joined.substring(joined.length() - QUOTED_STDERR);
  }
}
