package ai.molecule.host.cli;

import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import ai.molecule.host.fleet.WorkspacePlan;
import ai.molecule.host.plugins.PluginCatalog;
import ai.molecule.host.status.OperatorViews;
import ai.molecule.host.status.StatusBoard;
import ai.molecule.host.status.StatusServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.tinylog.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  @Mixin StatusOptions status;

  @Override
  protected int execute() throws Exception {
    ServeFile serveFile = ServeFile.read(file);
    Optional<String> logFormat = fromFile(serveFile, "--log-format", "log_format");
    if (logFormat.isPresent()) {
      configureLogging(logFormat(serveFile, logFormat.get()));
    }
    Path pluginsDir = fromFile(serveFile, "--plugins-dir", "plugins_dir").map(Path::of).orElse(plugins.pluginsDir);
    Optional<String> statusAddress = fromFile(serveFile, "--status-addr", "status_addr");
    if (statusAddress.isPresent()) {
      status.address = statusAddress.get();
      try {
        status.address();
      } catch (MoleculeException e) {
        throw serveFile.error(serveFile.defaults().get("status_addr").number(), "status_addr: "
            + e.getMessage().replaceFirst("^--status-addr: ", ""));
      }
    }
    status.address();
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
      OperatorViews views = new OperatorViews(Clock.systemUTC(), StatusBoard.heartbeatLimit(longestHeartbeat(plans)), status.address().isPresent());
      Optional<StatusServer> endpoint = status.start(views);
      try (Serving serving = new Serving(file, environment(), catalog, environment().userPluginDirectory(pluginsDir),
          cap, views)) {
        StopSignals.install(done::countDown);
        StopSignals.onHangUp(serving::reload);
        serving.start(plans);
        done.await();
        Logger.info("stopping {} workspaces", plans.size());
      } finally {
        endpoint.ifPresent(StatusServer::close);
      }
      Logger.info("stopped");
      return ExitCode.OK.code();
    }
  }

  /**
   * A process key of the serve file, unless its option was given on the command line: a flag wins
   * over the file, the file over the environment and the config file (the option's default).
   */
  private Optional<String> fromFile(ServeFile serveFile, String option, String key) {
    if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
      return Optional.empty();
    }
    return Optional.ofNullable(serveFile.defaults().get(key)).map(ServeFile.Line::value);
  }

  private static Logging.Format logFormat(ServeFile serveFile, String value) throws MoleculeException {
    try {
      return Logging.Format.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw serveFile.error(serveFile.defaults().get("log_format").number(),
          "log_format must be text or json, not '" + value + "'");
    }
  }

  /** The longest heartbeat interval of the plans: the status board's limit fits every workspace. */
  private Duration longestHeartbeat(List<WorkspacePlan> plans) {
    Duration longest = Duration.ofSeconds(1);
    for (WorkspacePlan plan : plans) {
      Duration heartbeat = ServePlans.connect(environment(), plan.settings()).heartbeat;
      longest = heartbeat.compareTo(longest) > 0 ? heartbeat : longest;
    }
    return longest;
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
