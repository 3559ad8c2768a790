package ai.molecule.host.cli;

import ai.molecule.host.plugins.PluginCatalog;
import ai.molecule.host.plugins.PluginProblem;
import java.nio.file.Path;
import org.tinylog.Logger;
import java.util.List;
import picocli.CommandLine.Mixin;

/** The base of the commands that load plugins. */
abstract class PluginCommand extends MoleculeSubcommand {

  @Mixin PluginsDirOption plugins;

  /** Where the operator's plugins are. */
  Path userPluginDirectory() {
    return environment().userPluginDirectory(plugins.pluginsDir);
  }

  /** The bundled plugin directory, if known, then the operator's. */
  List<Path> pluginDirectories() {
    return environment().pluginDirectories(plugins.pluginsDir);
  }

  /** Loads every plugin; each broken jar is reported once, by name and reason. */
  PluginCatalog loadPlugins() {
    PluginCatalog catalog = loadPluginsQuietly();
    reportProblems(catalog);
    return catalog;
  }

  /** Loads every plugin, leaving the report of broken jars to {@link #reportProblems} at a time of the caller's. */
  PluginCatalog loadPluginsQuietly() {
    return PluginCatalog.load(pluginDirectories());
  }

  /** One warning per broken jar: its file and why. */
  static void reportProblems(PluginCatalog catalog) {
    for (PluginProblem problem : catalog.problems()) {
      Logger.warn("plugin {} skipped: {}", problem.jar(), problem.reason());
    }
  }
}
