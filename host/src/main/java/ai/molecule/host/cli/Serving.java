package ai.molecule.host.cli;

import ai.molecule.host.MoleculeException;
import ai.molecule.host.fleet.Fleet;
import ai.molecule.host.fleet.RateBuckets;
import ai.molecule.host.fleet.TurnCap;
import ai.molecule.host.fleet.WorkspacePlan;
import ai.molecule.host.platform.PlatformClient;
import ai.molecule.host.plugins.PluginCatalog;
import ai.molecule.host.status.OperatorViews;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.tinylog.Logger;

/**
 * A running {@code serve}: the fleet of the serve file, and its reload. A reload reads the file
 * again and applies it only when all of it is valid; a bad file is refused with its line and
 * reason, and the workspaces running go on as they were.
 */
final class Serving implements AutoCloseable {

  private static final Duration TOKEN_CHECK = Duration.ofSeconds(2);
  private static final Duration STOP_MARGIN = Duration.ofSeconds(10);
  /** The shared HTTP client's threads: they hand arriving bytes on, the workspaces' own threads read them. */
  private static final int HTTP_THREADS = 4;

  private final Path path;
  private final CliEnvironment environment;
  private final PluginCatalog catalog;
  private final TurnCap turns;
  private final Fleet fleet;
  private final ExecutorService http = Executors.newFixedThreadPool(HTTP_THREADS, runnable -> {
    Thread thread = new Thread(runnable, "molecule-http");
    thread.setDaemon(true);
    return thread;
  });
  private volatile Duration longestGrace = Duration.ZERO;

  Serving(Path path, CliEnvironment environment, PluginCatalog catalog, Path userPlugins, int maxTurns,
      OperatorViews views) {
    this.path = path;
    this.environment = environment;
    this.catalog = catalog;
    this.turns = new TurnCap(maxTurns);
    FleetLauncher launcher = new FleetLauncher(environment, catalog, userPlugins,
        PlatformClient.httpClient(Duration.ofSeconds(10), http), new RateBuckets(Clock.systemUTC()), turns);
    this.fleet = new Fleet(launcher, views.observer(), TOKEN_CHECK, views::forget);
  }

  TurnCap turns() {
    return turns;
  }

  /** Starts the plans (already checked). */
  synchronized Fleet.Changes start(List<WorkspacePlan> plans) {
    longestGrace = longestGrace(plans);
    return fleet.apply(plans);
  }

  /** Reads the serve file again and applies it; a bad one is refused and nothing changes. */
  synchronized boolean reload() {
    Logger.info("reading {} again", path);
    List<WorkspacePlan> plans;
    try {
      plans = ServePlans.plans(ServeFile.read(path), environment, catalog);
    } catch (MoleculeException e) {
      Logger.error("the serve file is refused: {}; the {} workspaces running go on as they were", e.getMessage(),
          fleet.size());
      return false;
    }
    Fleet.Changes changes = start(plans);
    Logger.info("reloaded {}: added {}, removed {}, restarted {}", path, changes.added(), changes.removed(),
        changes.restarted());
    return true;
  }

  /** Each workspace's grace period, the longest: how long a stop may take. */
  private Duration longestGrace(List<WorkspacePlan> plans) {
    Duration longest = Duration.ZERO;
    for (WorkspacePlan plan : plans) {
      Duration grace = ServePlans.connect(environment, plan.settings()).grace;
      longest = grace.compareTo(longest) > 0 ? grace : longest;
    }
    return longest;
  }

  /** Stops every workspace, each finishing its messages in hand within its grace period. */
  @Override
  public void close() throws InterruptedException {
    if (!fleet.stopAll(longestGrace.plus(STOP_MARGIN))) {
      Logger.warn("some workspaces had not stopped {} s after their grace period; stopping anyway",
          STOP_MARGIN.toSeconds());
    }
    http.shutdown();
  }
}
