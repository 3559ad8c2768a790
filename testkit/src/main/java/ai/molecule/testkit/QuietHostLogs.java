package ai.molecule.testkit;

import org.tinylog.configuration.Configuration;

/**
 * Keeps the host's and PF4J's debug logging out of a plugin's test output: warnings and errors
 * only, on stderr, unless the test class path brings a tinylog configuration of its own.
 */
final class QuietHostLogs {

  private QuietHostLogs() {}

  static synchronized void apply() {
    ClassLoader loader = QuietHostLogs.class.getClassLoader();
    if (Configuration.isFrozen() || loader.getResource("tinylog.properties") != null
        || loader.getResource("tinylog-test.properties") != null) {
      return;
    }
    Configuration.set("writer", "console");
    Configuration.set("writer.stream", "err");
    Configuration.set("writer.level", "warn");
    Configuration.set("writer.format", "{level} {message}");
  }
}
