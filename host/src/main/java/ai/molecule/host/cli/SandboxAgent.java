package ai.molecule.host.cli;

import ai.molecule.host.HostVersion;
import ai.molecule.host.MoleculeException;
import ai.molecule.host.engine.Engine;
import ai.molecule.host.engine.EngineSettings;
import ai.molecule.host.platform.AgentCard;
import ai.molecule.host.platform.PlatformClient;
import ai.molecule.host.platform.PlatformConfig;
import ai.molecule.host.platform.Secret;
import ai.molecule.sandbox.SandboxPlatform;
import ai.molecule.sandbox.WorkspaceCredentials;
import ai.molecule.spi.Backend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An agent connected to a sandbox in this same process: the engine on a thread of its own, while
 * the command that started it does something else (a prompt, a warm-up round trip).
 */
final class SandboxAgent {

  private final SandboxPlatform sandbox;
  private final String workspaceId;
  private final Engine engine;
  private final Thread thread;
  private final AtomicReference<MoleculeException> failure = new AtomicReference<>();

  private SandboxAgent(SandboxPlatform sandbox, WorkspaceCredentials workspace, Backend backend, String name,
      Path stateDirectory, Duration pollInterval, Runnable onEnd) {
    this.sandbox = sandbox;
    this.workspaceId = workspace.id();
    PlatformClient client = new PlatformClient(new PlatformConfig(sandbox.url(), workspace.id(),
        new Secret(workspace.token()), null, Duration.ofSeconds(30)));
    this.engine = new Engine(client, backend,
        new AgentCard("molecule (" + name + ")", "A sandbox agent answering with " + name, HostVersion.version()),
        stateDirectory, EngineSettings.defaults().toBuilder().pollInterval(pollInterval).build());
    this.thread = new Thread(() -> {
      try {
        engine.run();
      } catch (MoleculeException e) {
        failure.set(e);
      } finally {
        onEnd.run();
      }
    }, "molecule-agent");
  }

  /** Connects {@code backend} as the workspace; {@code onEnd} runs when the engine stops, however. */
  static SandboxAgent start(SandboxPlatform sandbox, WorkspaceCredentials workspace, Backend backend, String name,
      Path stateDirectory, Duration pollInterval, Runnable onEnd) {
    SandboxAgent agent = new SandboxAgent(sandbox, workspace, backend, name, stateDirectory, pollInterval, onEnd);
    agent.thread.start();
    return agent;
  }

  /** Waits until the agent has registered; false if it stopped or took longer than {@code timeout}. */
  boolean awaitRegistration(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!sandbox.status(workspaceId).registered()) {
      if (!thread.isAlive() || System.nanoTime() > deadline) {
        return false;
      }
      TimeUnit.MILLISECONDS.sleep(20); // the sandbox's own registry, in memory: nothing to wait on
    }
    return true;
  }

  /** Stops the engine (messages in hand finish) and waits for it. */
  void stop() throws InterruptedException {
    engine.stop();
    thread.join();
  }

  /** Why the engine ended, if it failed. */
  Optional<MoleculeException> failure() {
    return Optional.ofNullable(failure.get());
  }
}
