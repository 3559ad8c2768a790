package ai.molecule.process;

import ai.molecule.spi.BackendContext;
import ai.molecule.spi.BackendException;
import ai.molecule.spi.OptionSpec;
import ai.molecule.wire.Durations;
import java.time.Duration;
import java.util.Optional;

/**
 * The options every process backend shares ({@code timeout}, {@code pass_meta}), declared and read
 * in one place so they mean the same in each.
 */
public final class ProcessOptions {

  public static final String TIMEOUT = "timeout";
  public static final String PASS_META = "pass_meta";

  private ProcessOptions() {}

  /** The {@code timeout} option, with this default, e.g. {@code 60s}. */
  public static OptionSpec timeoutSpec(String defaultValue) {
    return OptionSpec.optional(TIMEOUT,
        "time limit per message, e.g. 500ms, 300s, 5m; then the process and its children are stopped",
        defaultValue);
  }

  /** The {@code pass_meta} option, on by default. */
  public static OptionSpec passMetaSpec() {
    return OptionSpec.optional(PASS_META,
        "on: export the workspace, caller, message, context, task and conversation ids as MOLECULE_* variables",
        "on");
  }

  /** The {@code timeout} option, which must be a positive duration. */
  public static Duration timeout(BackendContext context) throws BackendException {
    String text = required(context, TIMEOUT);
    Duration timeout = Durations.parse(text).orElseThrow(() -> BackendException.permanent(
        "option timeout '" + text + "' is not a duration; " + Durations.HOW_TO_WRITE));
    if (timeout.isZero()) {
      throw BackendException.permanent("option timeout must be more than 0, e.g. 300s");
    }
    return timeout;
  }

  /** The {@code pass_meta} option. */
  public static boolean passMeta(BackendContext context) throws BackendException {
    return context.booleanOption(PASS_META, true);
  }

  /** An option that must have a non-blank value (a declared default counts). */
  public static String required(BackendContext context, String key) throws BackendException {
    return text(context, key).orElseThrow(() -> BackendException.permanent(
        "option " + key + " is empty; give it a value with --backend-opt " + key + "=VALUE"));
  }

  /** An option's value, empty when it is absent or blank. */
  public static Optional<String> text(BackendContext context, String key) {
    return context.option(key).map(String::trim).filter(v -> !v.isEmpty());
  }
}
