package ai.molecule.host.cli;

import ai.molecule.host.ExitCode;
import ai.molecule.host.plugins.PluginCatalog;
import ai.molecule.host.plugins.PluginJar;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;

/**
 * {@code molecule plugins list}: every plugin jar found, in a table (id, version, bundled or
 * installed, state, backends), each with its jar and what is wrong with it; a jar that did not
 * load makes the exit code non-zero, so a script or a supervisor notices.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List the plugin jars: id, version, where from (bundled with molecule, or installed), state, "
        + "backends, jar, and any problem. Exits 9 when a jar did not load.",
    footerHeading = Examples.HEADING,
    footer = {
      "  molecule plugins list",
      "  molecule plugins list --plugins-dir ./target"
    })
final class PluginsListCommand extends PluginCommand {

  private static final List<String> HEADINGS = List.of("ID", "VERSION", "FROM", "STATE", "BACKENDS");

  @Override
  protected int execute() {
    try (PluginCatalog catalog = loadPluginsQuietly()) {
      PrintWriter out = out();
      if (catalog.jars().isEmpty()) {
        out.println("No plugin jars in " + String.join(", ", pluginDirectories().stream().map(Object::toString).toList()));
        out.flush();
        return ExitCode.OK.code();
      }
      Optional<Path> bundled = environment().installation().map(home -> home.resolve("plugins"));
      List<List<String>> rows = new ArrayList<>();
      for (PluginJar jar : catalog.jars()) {
        boolean isBundled = bundled.isPresent() && jar.jar().toAbsolutePath().startsWith(bundled.get().toAbsolutePath());
        rows.add(List.of(jar.pluginId() == null ? "?" : jar.pluginId(), jar.version() == null ? "?" : jar.version(),
            isBundled ? "bundled" : "installed", jar.state(), String.join(", ", jar.backends())));
      }
      int[] widths = widths(rows);
      out.println(row(HEADINGS, widths));
      for (int i = 0; i < rows.size(); i++) {
        PluginJar jar = catalog.jars().get(i);
        out.println(row(rows.get(i), widths));
        out.println("  jar: " + jar.jar());
        jar.problems().forEach(problem -> out.println("  problem: " + problem));
      }
      long broken = catalog.jars().stream().filter(jar -> !jar.problems().isEmpty()).count();
      if (broken > 0) {
        out.println(broken + " of " + catalog.jars().size() + " plugin jars did not load fully; "
            + "replace them, or remove them with 'molecule plugins remove'");
      }
      out.flush();
      return broken > 0 ? ExitCode.CHECK_FAILED.code() : ExitCode.OK.code();
    }
  }

  private static int[] widths(List<List<String>> rows) {
    int[] widths = HEADINGS.stream().mapToInt(String::length).toArray();
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    return widths;
  }

  private static String row(List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      line.append(i == cells.size() - 1 ? cells.get(i) : String.format("%-" + widths[i] + "s  ", cells.get(i)));
    }
    return line.toString().stripTrailing();
  }
}
