package ai.molecule.host.cli;

import static ai.molecule.host.testing.PluginJars.plugin;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The base of command line tests: a configuration home of the test's, with the greeter plugin installed. */
abstract class GreeterHome {

  @TempDir Path config;

  Path plugins;

  @BeforeEach
  void installAPlugin() {
    plugins = config.resolve("molecule/plugins");
    plugin("greeter-plugin").greeter("greeter").writeTo(plugins, "greeter.jar");
  }

  CliRun molecule(Map<String, String> env, String... args) throws Exception {
    return CliRun.run(config, env, args);
  }

  CliRun molecule(String... args) throws Exception {
    return molecule(Map.of(), args);
  }
}
