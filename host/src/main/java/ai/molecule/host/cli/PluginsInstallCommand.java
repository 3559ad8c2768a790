package ai.molecule.host.cli;

import ai.molecule.host.MoleculeException;
import ai.molecule.host.plugins.PluginInstaller;
import ai.molecule.host.plugins.PluginJar;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code molecule plugins install JAR}: checks a plugin jar, then copies it into the plugins directory. */
@Command(name = "install", mixinStandardHelpOptions = true,
    description = "Check a plugin jar against this molecule (contract version, backends, clashes), "
        + "then copy it into the plugins directory in one step.",
    footerHeading = Examples.HEADING,
    footer = {
      "  molecule plugins install ./my-backend.jar",
      "  molecule plugins install --force ./my-backend-1.1.jar"
    })
final class PluginsInstallCommand extends PluginCommand {

  @Parameters(index = "0", paramLabel = "JAR", description = "The plugin jar to install.")
  Path jar;

  @Option(names = "--force", description = "Replace an installed plugin with the same Plugin-Id.")
  boolean force;

  @Override
  protected int execute() throws MoleculeException {
    PluginJar installed = installer(environment(), userPluginDirectory()).install(jar, force);
    out().println("installed plugin " + installed.pluginId() + " " + installed.version()
        + " (backends: " + String.join(", ", installed.backends()) + ") as " + installed.jar());
    out().flush();
    return 0;
  }

  static PluginInstaller installer(CliEnvironment environment, java.nio.file.Path userPlugins) {
    return new PluginInstaller(environment.installation().map(home -> home.resolve("plugins")), userPlugins);
  }
}
