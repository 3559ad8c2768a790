package ai.molecule.host.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The base of every command that does work: logging set-up, the environment, the output. */
abstract class MoleculeSubcommand implements Callable<Integer> {

  /** The command this one belongs to: {@code molecule}, or a group such as {@code molecule plugins}. */
  @ParentCommand Object parent;

  @Spec CommandSpec spec;

  @Mixin VerboseOption verbosity;

  @Override
  public final Integer call() throws Exception {
    configureLogging(verbosity.logFormat);
    return execute();
  }

  /** Sets the logging up in {@code format}; again, before anything is logged, when a command learns its own. */
  void configureLogging(Logging.Format format) {
    Logging.configure(verbosity.verbose, environment().variable("MOLECULE_LOG_LEVEL").orElse(defaultLogLevel()),
        format);
  }

  /** The log level without {@code --verbose} or {@code MOLECULE_LOG_LEVEL}. */
  protected String defaultLogLevel() {
    return "info";
  }

  protected abstract int execute() throws Exception;

  CliEnvironment environment() {
    return parent instanceof PluginsCommand group ? group.environment() : ((MoleculeCommand) parent).environment();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }
}
