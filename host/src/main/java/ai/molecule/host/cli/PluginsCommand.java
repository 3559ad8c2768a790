package ai.molecule.host.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code molecule plugins}: the group of plugin management commands. */
@Command(
    name = "plugins",
    mixinStandardHelpOptions = true,
    description = "List, install and remove backend plugins, or start a new one.",
    footerHeading = Examples.HEADING,
    footer = {
      "  molecule plugins list",
      "  molecule plugins install ./my-backend.jar",
      "  molecule plugins new my-backend --dir ~/src",
      "  molecule plugins remove my-backend"
    },
    subcommands = {PluginsListCommand.class, PluginsInstallCommand.class, PluginsRemoveCommand.class,
        PluginsNewCommand.class, CommandLine.HelpCommand.class})
final class PluginsCommand implements Runnable {

  @ParentCommand MoleculeCommand parent;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  CliEnvironment environment() {
    return parent.environment();
  }
}
