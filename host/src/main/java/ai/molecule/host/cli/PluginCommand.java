package ai.molecule.host.cli;

import ai.molecule.host.plugins.PluginCatalog;
import ai.molecule.host.plugins.PluginProblem;
import java.nio.file.Path;
import org.tinylog.Logger;
import picocli.CommandLine.Option;

/** The base of the commands that load plugins. */
abstract class PluginCommand extends MoleculeSubcommand {

  @Option(names = "--plugins-dir", paramLabel = "DIR",
      description = "Plugin jars directory (env MOLECULE_PLUGINS_DIR; config plugins_dir; default "
          + "~/.config/molecule/plugins). The plugins bundled with molecule are always loaded too.")
  Path pluginsDir;

  /** Where the operator's plugins are. */
  Path userPluginDirectory() {
    return environment().userPluginDirectory(pluginsDir);
  }

  /** Loads every plugin; each broken jar is reported once, by name and reason. */
  PluginCatalog loadPlugins() {
    PluginCatalog catalog = PluginCatalog.load(environment().pluginDirectories(pluginsDir));
    for (PluginProblem problem : catalog.problems()) {
      Logger.warn("plugin {} skipped: {}", problem.jar(), problem.reason());
    }
    return catalog;
  }
}
