package ai.molecule.host.cli;

import ai.molecule.host.HostVersion;
import ai.molecule.host.engine.Engine;
import ai.molecule.host.engine.EngineSettings;
import ai.molecule.host.platform.AgentCard;
import ai.molecule.host.platform.PlatformClient;
import ai.molecule.host.platform.PlatformConfig;
import ai.molecule.host.platform.Secret;
import ai.molecule.host.plugins.PluginCatalog;
import ai.molecule.sandbox.SandboxOptions;
import ai.molecule.sandbox.SandboxPlatform;
import ai.molecule.sandbox.SentMessage;
import ai.molecule.spi.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;

/**
 * {@code molecule warm-up} (hidden): one real round trip, so the launcher can record the classes it
 * loads in a class-data-sharing archive and later starts skip loading them from the jars. Loads the
 * plugins, then runs the engine against a sandbox for one message from a human and one from a peer.
 */
@Command(name = "warm-up", hidden = true, description = "Exercise start-up for the class-data-sharing archive.")
final class WarmUpCommand extends PluginCommand {

  @Override
  protected String defaultLogLevel() {
    return "off";
  }

  @Override
  protected int execute() throws Exception {
    try (PluginCatalog catalog = loadPlugins()) {
      catalog.backendList().forEach(backend -> backend.info().options());
    }
    Path state = Files.createTempDirectory("molecule-warm-up");
    try (SandboxPlatform sandbox = SandboxPlatform.start(SandboxOptions.defaults().withRateLimitPerMinute(0))) {
      var workspace = sandbox.defaultWorkspace();
      PlatformClient client = new PlatformClient(new PlatformConfig(sandbox.url(), workspace.id(),
          new Secret(workspace.token()), null, Duration.ofSeconds(10)));
      Engine engine = new Engine(client, message -> Reply.text(message.text()),
          new AgentCard("warm-up", "warm-up", HostVersion.version()), state,
          EngineSettings.defaults().toBuilder().pollInterval(Duration.ofMillis(20)).build());
      Thread agent = new Thread(() -> {
        try {
          engine.run();
        } catch (Exception ignored) {
          // a warm-up that fails only means a smaller archive
        }
      });
      agent.start();
      for (SentMessage sent : new SentMessage[] {
          sandbox.sendAsHuman(workspace.id(), "warm"), sandbox.sendAsPeer(workspace.id(), "up")}) {
        sandbox.awaitReply(sent, Duration.ofSeconds(10));
      }
      engine.stop();
      agent.join(10_000);
    } finally {
      ScratchDirectories.deleteQuietly(state);
    }
    return 0;
  }
}
