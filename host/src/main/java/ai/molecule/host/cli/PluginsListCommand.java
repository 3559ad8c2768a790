package ai.molecule.host.cli;

import ai.molecule.host.plugins.PluginCatalog;
import ai.molecule.host.plugins.PluginJar;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code molecule plugins list}: every plugin jar found, with its state and what is wrong with it. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List the plugin jars: id, version, state, backends, jar, and any problem.")
final class PluginsListCommand extends PluginCommand {

  @Override
  protected int execute() {
    try (PluginCatalog catalog = PluginCatalog.load(pluginDirectories())) {
      PrintWriter out = out();
      if (catalog.jars().isEmpty()) {
        out.println("No plugin jars in " + String.join(", ",
            pluginDirectories().stream().map(Object::toString).toList()));
      }
      for (PluginJar jar : catalog.jars()) {
        out.println((jar.pluginId() == null ? "?" : jar.pluginId()) + " " + (jar.version() == null ? "" : jar.version())
            + "  [" + jar.state() + "]" + (jar.backends().isEmpty() ? "" : "  backends: " + String.join(", ", jar.backends())));
        out.println("  jar: " + jar.jar());
        jar.problems().forEach(problem -> out.println("  problem: " + problem));
      }
      out.flush();
      return 0;
    }
  }
}
