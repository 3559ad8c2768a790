package ai.molecule.host.cli;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.tinylog.configuration.Configuration;

/**
 * Sets up tinylog: everything on stderr (stdout is for command output), info by default, debug with
 * {@code --verbose} or {@code MOLECULE_LOG_LEVEL}. Stack traces only at debug level.
 */
final class Logging {

  private Logging() {}

  /** How lines are written: for a person, or one JSON object per line for a log shipper. */
  enum Format { text, json }

  static void configure(boolean verbose, String levelFromEnvironment) {
    configure(verbose, levelFromEnvironment, Format.text);
  }

  static void configure(boolean verbose, String levelFromEnvironment, Format format) {
    // A tinylog configuration on the class path (the tests have one) wins; so does one in use.
    ClassLoader loader = Logging.class.getClassLoader();
    if (Configuration.isFrozen() || loader.getResource("tinylog-test.properties") != null
        || loader.getResource("tinylog.properties") != null) {
      return;
    }
    String level = verbose ? "debug" : levelOrDefault(levelFromEnvironment);
    boolean detailed = level.equals("debug") || level.equals("trace");
    Map<String, String> settings = new HashMap<>();
    if (format == Format.json) {
      settings.put("writer", JsonLogWriter.class.getName());
      settings.put("writer.stack", Boolean.toString(detailed));
    } else {
      settings.put("writer", "console");
      settings.put("writer.stream", "err");
      settings.put("writer.format", detailed
          ? "{date:HH:mm:ss.SSS} {level} [{thread}] {class-name}: {message}"
          : "{date:HH:mm:ss} {level}: {message-only}");
    }
    settings.put("writer.level", level);
    // PF4J reports at info what is routine here; its problems are reported by the plugin catalog.
    settings.put("level@org.pf4j", detailed ? level : "error");
    settings.put("writingthread", "false");
    Configuration.replace(settings);
  }

  private static String levelOrDefault(String text) {
    if (text == null || text.isBlank()) {
      return "info";
    }
    String level = text.trim().toLowerCase(Locale.ROOT);
    return switch (level) {
      case "trace", "debug", "info", "warn", "error", "off" -> level;
      case "warning" -> "warn";
      default -> "info";
    };
  }
}
