package ai.molecule.host.cli;

import ai.molecule.host.plugins.AvailableBackend;
import ai.molecule.host.plugins.PluginCatalog;
import ai.molecule.host.plugins.PluginJar;
import java.util.List;
import java.util.Objects;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Parameters;

/**
 * {@code molecule completion bash|zsh}: a completion script for the shell. The script picocli
 * writes serves both: under zsh it loads zsh's bash compatibility itself. It completes the names of
 * the backends and the ids of the plugins installed when it was made (a shell that sources it at
 * start-up stays current).
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print a shell completion script; it completes commands, options, backend names and plugin ids.",
      "bash: source <(molecule completion bash)    zsh: source <(molecule completion zsh)"
    },
    footerHeading = Examples.HEADING,
    footer = {
      "  source <(molecule completion bash)",
      "  echo 'source <(molecule completion zsh)' >> ~/.zshrc"
    })
final class CompletionCommand extends PluginCommand {

  enum Shell { bash, zsh }

  @Parameters(index = "0", paramLabel = "SHELL", description = "${COMPLETION-CANDIDATES}")
  Shell shell;

  @Override
  protected String defaultLogLevel() {
    return "off"; // a broken plugin is for 'plugins list' to report, not for a shell's start-up
  }

  @Override
  protected int execute() {
    CommandLine root = spec.root().commandLine();
    try (PluginCatalog catalog = loadPluginsQuietly()) {
      List<String> backends = catalog.backendList().stream().map(AvailableBackend::name).sorted().toList();
      List<String> plugins = catalog.jars().stream().map(PluginJar::pluginId).filter(Objects::nonNull).sorted().toList();
      offer(root, backends, plugins);
    }
    out().print(AutoComplete.bash("molecule", root));
    out().flush();
    return 0;
  }

  /** Gives every {@code --backend} the backend names, and {@code plugins remove} the plugin ids, to complete. */
  private static void offer(CommandLine command, List<String> backends, List<String> plugins) {
    CommandSpec spec = command.getCommandSpec();
    OptionSpec backend = spec.findOption("--backend");
    if (backend != null) {
      spec.remove(backend);
      spec.addOption(backend.toBuilder().completionCandidates(backends).build());
    }
    if (spec.userObject() instanceof PluginsRemoveCommand) {
      PositionalParamSpec id = spec.positionalParameters().get(0);
      spec.remove(id);
      spec.addPositional(id.toBuilder().completionCandidates(plugins).build());
    }
    command.getSubcommands().values().forEach(sub -> offer(sub, backends, plugins));
  }
}
