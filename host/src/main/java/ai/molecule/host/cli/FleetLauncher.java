package ai.molecule.host.cli;

import ai.molecule.host.MoleculeException;
import ai.molecule.host.engine.Engine;
import ai.molecule.host.engine.WorkspaceObserver;
import ai.molecule.host.fleet.RateBuckets;
import ai.molecule.host.fleet.TurnCap;
import ai.molecule.host.fleet.WorkspaceLauncher;
import ai.molecule.host.fleet.WorkspacePlan;
import ai.molecule.host.platform.Deadlines;
import ai.molecule.host.platform.PlatformClient;
import ai.molecule.host.platform.PlatformConfig;
import ai.molecule.host.platform.RatePacer;
import ai.molecule.host.platform.Secret;
import ai.molecule.host.plugins.PluginCatalog;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Builds each workspace of {@code serve} as {@code connect} would (its settings parsed by
 * {@link ConnectCommand}), on what the process shares: one HTTP client, one plugin catalog, one
 * rate pacer per rate bucket, the fleet-wide turn cap.
 */
final class FleetLauncher implements WorkspaceLauncher {

  private final CliEnvironment environment;
  private final PluginCatalog catalog;
  private final Path userPlugins;
  private final HttpClient http;
  private final RateBuckets buckets;
  private final TurnCap turns;

  FleetLauncher(CliEnvironment environment, PluginCatalog catalog, Path userPlugins, HttpClient http,
      RateBuckets buckets, TurnCap turns) {
    this.environment = environment;
    this.catalog = catalog;
    this.userPlugins = userPlugins;
    this.http = http;
    this.buckets = buckets;
    this.turns = turns;
  }

  @Override
  public Launched launch(WorkspacePlan plan, WorkspaceObserver observer) throws MoleculeException {
    ConnectCommand connect = ServePlans.connect(environment, plan.settings());
    connect.checkArguments();
    Secret token = connect.platform.token(environment); // read again at every start: a new token is used
    PlatformConfig config = new PlatformConfig(connect.platform.platformUrl("(api_url in the serve file)"),
        plan.workspaceId(), token, connect.platform.orgId, Duration.ofSeconds(30));
    BackendStarter.Started started = BackendStarter.start(catalog, environment, userPlugins, connect.backendName,
        connect.backendOptions.values, plan.workspaceId());
    RatePacer pacer = buckets.join(config.orgId(), token, connect.rateShare);
    PlatformClient client = new PlatformClient(config, Deadlines.defaults().withControl(config.requestTimeout()),
        pacer, http);
    Engine engine = connect.engine(client, turns.wrap(started.backend()), started.dataDirectory(), observer);
    return new Launched(engine, () -> {
      pacer.unshare();
      started.close();
    });
  }
}
