package ai.molecule.host.cli;

import ai.molecule.host.MoleculeException;
import ai.molecule.host.plugins.PluginJar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code molecule plugins remove ID}: deletes an operator-installed plugin. */
@Command(name = "remove", mixinStandardHelpOptions = true,
    description = "Remove an installed plugin, by its Plugin-Id or its jar's file name. Bundled plugins stay.",
    footerHeading = Examples.HEADING,
    footer = {
      "  molecule plugins remove my-backend",
      "  molecule plugins remove my-backend-1.0.jar"
    })
final class PluginsRemoveCommand extends PluginCommand {

  @Parameters(index = "0", paramLabel = "ID", description = "The plugin's id, as 'molecule plugins list' shows it.")
  String id;

  @Override
  protected int execute() throws MoleculeException {
    for (PluginJar removed : PluginsInstallCommand.installer(environment(), userPluginDirectory()).remove(id)) {
      out().println("removed plugin " + (removed.pluginId() == null ? id : removed.pluginId()) + " (" + removed.jar() + ")");
    }
    out().flush();
    return 0;
  }
}
