package ai.molecule.host.cli;

import ai.molecule.host.plugins.AvailableBackend;
import ai.molecule.host.plugins.PluginCatalog;
import ai.molecule.spi.OptionSpec;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code molecule backends}: what {@code --backend} can select, from which plugin, with which options. */
@Command(
    name = "backends",
    mixinStandardHelpOptions = true,
    description = "List the backends the installed plugins offer, with their options.",
    footerHeading = Examples.HEADING,
    footer = {
      "  molecule backends",
      "  molecule backends --plugins-dir ./target"
    })
final class BackendsCommand extends PluginCommand {

  @Override
  protected int execute() {
    try (PluginCatalog catalog = loadPlugins()) {
      PrintWriter out = out();
      List<AvailableBackend> backends = catalog.backendList();
      if (backends.isEmpty()) {
        out.println("No backends found. Put plugin jars into " + userPluginDirectory());
      }
      for (AvailableBackend backend : backends) {
        out.println(backend.name() + " - " + backend.info().description());
        out.println("  plugin:  " + backend.pluginId() + " " + backend.pluginVersion());
        out.println("  jar:     " + backend.jar());
        if (backend.info().options().isEmpty()) {
          out.println("  options: none");
        } else {
          out.println("  options (--backend-opt KEY=VALUE):");
          int width = backend.info().options().stream().mapToInt(o -> o.key().length()).max().orElse(0);
          for (OptionSpec option : backend.info().options()) {
            out.println(String.format("    %-" + width + "s  %s%s", option.key(), option.description(), suffix(option)));
          }
        }
        out.println();
      }
      if (!catalog.problems().isEmpty()) {
        out.println(catalog.problems().size() + " plugin jar(s) could not be loaded; the warnings above say why.");
      }
      out.flush();
      return 0;
    }
  }

  private static String suffix(OptionSpec option) {
    if (option.required()) {
      return " (required)";
    }
    return option.defaultValue() == null ? "" : " (default: " + option.defaultValue() + ")";
  }
}
