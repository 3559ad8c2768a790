package ai.molecule.host.cli;

/**
 * ANSI colours for a terminal, and none elsewhere: not when output is piped, not for a dumb
 * terminal, and never when {@code NO_COLOR} is set (no-color.org).
 */
final class Colours {

  private final boolean enabled;

  private Colours(boolean enabled) {
    this.enabled = enabled;
  }

  static Colours forTerminal(CliEnvironment environment) {
    return forOutput(System.console() != null, environment);
  }

  /** Colours for output that is, or is not, a terminal. */
  static Colours forOutput(boolean terminal, CliEnvironment environment) {
    boolean dumb = environment.variable("TERM").map("dumb"::equals).orElse(false);
    boolean refused = environment.variables().containsKey("NO_COLOR");
    return new Colours(terminal && !dumb && !refused);
  }

  String green(String text) {
    return paint("32", text);
  }

  String red(String text) {
    return paint("31", text);
  }

  String yellow(String text) {
    return paint("33", text);
  }

  /** Dim text, for what is transient (a "waiting" line). */
  String faint(String text) {
    return paint("2", text);
  }

  String bold(String text) {
    return paint("1", text);
  }

  private String paint(String code, String text) {
    return enabled ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
  }
}
