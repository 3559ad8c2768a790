package ai.molecule.host.cli;

import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import ai.molecule.host.engine.WorkspaceObserver;
import ai.molecule.host.fleet.WorkspacePlan;
import ai.molecule.host.plugins.PluginCatalog;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.tinylog.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code molecule serve}: the workspaces of a serve file, in one process, each on an engine of its own. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve every workspace listed in FILE (a properties file: defaults at the top, then "
          + "workspace.NAME.KEY lines; see the README, \"Running many agents\") in this one process, each with "
          + "its own engine, state and backend. A workspace that fails is retried, or parked when its token is "
          + "refused, without stopping the others.",
      "SIGHUP reads FILE again: added workspaces start, removed ones stop once their messages in hand are "
          + "answered, changed ones restart, parked ones try again; a bad file is refused and nothing changes. "
          + "SIGTERM stops them all (each within its grace period)."
    },
    footerHeading = Examples.HEADING,
    footer = {
      "  molecule serve --check /etc/molecule/serve.properties",
      "  molecule serve /etc/molecule/serve.properties",
      "  kill -HUP <pid>        # after editing the file"
    })
final class ServeCommand extends PluginCommand {

  private static final int DEFAULT_MAX_TURNS = 4;

  @Parameters(index = "0", paramLabel = "FILE", description = "The serve file.")
  Path file;

  @Option(names = "--check", description = "Check FILE (syntax, keys, values, token files, backends and their "
      + "options) and exit: 0 when it is valid, 2 with the line and reason when not.")
  boolean check;

  @Option(names = "--max-turns", paramLabel = "N",
      description = "Backend turns running at the same time across all workspaces (serve file max_turns; "
          + "default: " + DEFAULT_MAX_TURNS + "); a Claude Code turn takes about 230 MB.")
  Integer maxTurns;

  @Override
  protected int execute() throws Exception {
    ServeFile serveFile = ServeFile.read(file);
    Path pluginsDir = plugins.pluginsDir != null ? plugins.pluginsDir
        : serveFile.defaults().containsKey("plugins_dir") ? Path.of(serveFile.defaults().get("plugins_dir").value())
        : null;
    int cap = maxTurns(serveFile);
    try (PluginCatalog catalog = PluginCatalog.load(environment().pluginDirectories(pluginsDir))) {
      reportProblems(catalog);
      List<WorkspacePlan> plans = ServePlans.plans(serveFile, environment(), catalog);
      if (check) {
        out().println(file + ": " + plans.size() + " workspace" + (plans.size() == 1 ? "" : "s") + ", valid");
        out().flush();
        return ExitCode.OK.code();
      }
      CountDownLatch done = new CountDownLatch(1);
      try (Serving serving = new Serving(file, environment(), catalog, environment().userPluginDirectory(pluginsDir),
          cap, WorkspaceObserver.NONE)) {
        StopSignals.install(done::countDown);
        StopSignals.onHangUp(serving::reload);
        serving.start(plans);
        done.await();
        Logger.info("stopping {} workspaces", plans.size());
      }
      Logger.info("stopped");
      return ExitCode.OK.code();
    }
  }

  private int maxTurns(ServeFile serveFile) throws MoleculeException {
    if (maxTurns != null) {
      if (maxTurns < 1) {
        throw new MoleculeException(ExitCode.USAGE, "--max-turns must be at least 1");
      }
      return maxTurns;
    }
    ServeFile.Line line = serveFile.defaults().get("max_turns");
    if (line == null) {
      return DEFAULT_MAX_TURNS;
    }
    try {
      int value = Integer.parseInt(line.value());
      if (value >= 1) {
        return value;
      }
    } catch (NumberFormatException notANumber) {
      // said below
    }
    throw serveFile.error(line.number(), "max_turns must be a whole number, at least 1, not '" + line.value() + "'");
  }
}
