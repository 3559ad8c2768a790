package ai.molecule.host.cli;

import ai.molecule.host.MoleculeException;
import ai.molecule.host.fleet.WorkspacePlan;
import ai.molecule.host.plugins.AvailableBackend;
import ai.molecule.host.plugins.BackendOptions;
import ai.molecule.host.plugins.PluginCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Turns a serve file's workspaces into plans, checking each as {@code molecule connect} would check
 * its command line: a workspace's keys become a connect command line, parsed and checked by
 * {@link ConnectCommand} itself, so a value means the same in both and is checked in one place.
 * Every error names the line it comes from.
 */
final class ServePlans {

  private ServePlans() {}

  /** Every workspace of the file, checked; the first error ends the check. */
  static List<WorkspacePlan> plans(ServeFile file, CliEnvironment environment, PluginCatalog catalog)
      throws MoleculeException {
    List<WorkspacePlan> plans = new ArrayList<>();
    Map<String, String> ids = new LinkedHashMap<>();
    for (ServeFile.Workspace workspace : file.workspaces()) {
      Map<String, ServeFile.Line> lines = ServeFile.merged(file, workspace);
      String prefix = "workspace " + workspace.name() + ": ";
      ServeFile.Line id = lines.get("id");
      if (id == null) {
        throw file.error(workspace.first(), prefix + "no id; add workspace." + workspace.name() + ".id = WORKSPACE_ID");
      }
      if (lines.get("token_file") == null) {
        throw file.error(workspace.first(), prefix + "no token file; add workspace." + workspace.name()
            + ".token_file = FILE (the token of each workspace is its own)");
      }
      String other = ids.put(id.value(), workspace.name());
      if (other != null) {
        throw file.error(id.number(), prefix + "the workspace id " + id.value() + " is workspace " + other + "'s too");
      }
      Map<String, String> settings = new LinkedHashMap<>();
      lines.forEach((key, line) -> settings.put(key, line.value()));
      ConnectCommand connect;
      try {
        connect = connect(environment, settings);
        connect.checkArguments();
        connect.platform.platformUrl("(api_url in the serve file)");
      } catch (CommandLine.ParameterException | MoleculeException e) {
        throw file.error(lineOf(e.getMessage(), lines, workspace.first()), prefix + e.getMessage());
      }
      try {
        connect.platform.token(environment);
      } catch (MoleculeException e) {
        throw file.error(lines.get("token_file").number(), prefix + e.getMessage());
      }
      checkBackend(file, catalog, connect, lines, workspace, prefix);
      plans.add(new WorkspacePlan(workspace.name(), id.value(), Path.of(settings.get("token_file")), settings));
    }
    return plans;
  }

  /** The backend exists and takes the options given (nothing is started). */
  private static void checkBackend(ServeFile file, PluginCatalog catalog, ConnectCommand connect,
      Map<String, ServeFile.Line> lines, ServeFile.Workspace workspace, String prefix) throws MoleculeException {
    ServeFile.Line backendLine = lines.get("backend");
    int line = backendLine != null ? backendLine.number() : workspace.first();
    AvailableBackend available = catalog.backend(connect.backendName).orElseThrow(() -> file.error(line, prefix
        + "no backend named '" + connect.backendName + "'; 'molecule backends' lists those installed"));
    try {
      BackendOptions.resolve(available.info(), connect.backendOptions.values);
    } catch (IllegalArgumentException e) {
      int optionLine = lines.values().stream().filter(l -> l.key().startsWith("backend." + connect.backendName + "."))
          .mapToInt(ServeFile.Line::number).findFirst().orElse(line);
      throw file.error(optionLine, prefix + e.getMessage());
    }
  }

  /** A workspace's settings as a parsed {@code connect} command: what its engine runs with. */
  static ConnectCommand connect(CliEnvironment environment, Map<String, String> settings) {
    List<String> args = new ArrayList<>();
    args.add("connect");
    args.add(settings.get("id"));
    settings.forEach((key, value) -> {
      if (!key.equals("id") && !key.startsWith("backend.")) {
        Settings.ALL.stream().filter(setting -> setting.key().equals(key)).findFirst().ifPresent(setting -> {
          args.add(setting.option());
          args.add(value);
        });
      }
    });
    CommandLine.ParseResult parsed = MoleculeCommand.commandLine(environment).parseArgs(args.toArray(String[]::new));
    ConnectCommand connect = (ConnectCommand) parsed.subcommand().commandSpec().userObject();
    String options = "backend." + connect.backendName + ".";
    settings.forEach((key, value) -> {
      if (key.startsWith(options)) {
        connect.backendOptions.values.put(key.substring(options.length()), value);
      }
    });
    return connect;
  }

  /** The line of the key whose option an error names (picocli and connect's checks name the option). */
  private static int lineOf(String message, Map<String, ServeFile.Line> lines, int fallback) {
    for (ServeFile.Line line : lines.values()) {
      boolean named = Settings.ALL.stream().anyMatch(setting -> setting.key().equals(line.key())
          && message.contains(setting.option()));
      if (named) {
        return line.number();
      }
    }
    return fallback;
  }
}
