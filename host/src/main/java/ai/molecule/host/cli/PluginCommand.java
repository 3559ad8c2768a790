package ai.molecule.host.cli;

import ai.molecule.host.plugins.PluginCatalog;
import ai.molecule.host.plugins.PluginProblem;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.tinylog.Logger;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The base of the commands that load plugins: logging set-up, the environment, the catalog. */
abstract class PluginCommand implements Callable<Integer> {

  /** The command this one belongs to: {@code molecule}, or a group such as {@code molecule plugins}. */
  @ParentCommand Object parent;

  @Spec CommandSpec spec;

  @Mixin CommonOptions common;

  @Override
  public final Integer call() throws Exception {
    Logging.configure(common.verbose, environment().variable("MOLECULE_LOG_LEVEL").orElse(null));
    return execute();
  }

  protected abstract int execute() throws Exception;

  CliEnvironment environment() {
    return parent instanceof PluginsCommand group ? group.environment() : ((MoleculeCommand) parent).environment();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Loads every plugin; each broken jar is reported once, by name and reason. */
  PluginCatalog loadPlugins() {
    PluginCatalog catalog = PluginCatalog.load(environment().pluginDirectories(common.pluginsDir));
    for (PluginProblem problem : catalog.problems()) {
      Logger.warn("plugin {} skipped: {}", problem.jar(), problem.reason());
    }
    return catalog;
  }
}
