package ai.molecule.host.cli;

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
      // A warm-up that fails only means a smaller archive: its failure is not looked at.
      SandboxAgent agent = SandboxAgent.start(sandbox, workspace, message -> Reply.text(message.text()), "warm-up",
          state, Duration.ofMillis(20), () -> { });
      for (SentMessage sent : new SentMessage[] {
          sandbox.sendAsHuman(workspace.id(), "warm"), sandbox.sendAsPeer(workspace.id(), "up")}) {
        sandbox.awaitReply(sent, Duration.ofSeconds(10));
      }
      agent.stop();
    } finally {
      ScratchDirectories.deleteQuietly(state);
    }
    return 0;
  }
}
