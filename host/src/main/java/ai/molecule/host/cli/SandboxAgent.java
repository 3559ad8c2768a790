package ai.molecule.host.cli;

import ai.molecule.host.HostVersion;
import ai.molecule.host.MoleculeException;
import ai.molecule.host.engine.Engine;
import ai.molecule.host.engine.EngineSettings;
import ai.molecule.host.engine.WorkspaceObserver;
import ai.molecule.host.platform.AgentCard;
import ai.molecule.host.platform.PlatformClient;
import ai.molecule.host.platform.PlatformConfig;
import ai.molecule.host.platform.Secret;
import ai.molecule.host.push.PushEngine;
import ai.molecule.host.push.PushSettings;
import ai.molecule.sandbox.SandboxPlatform;
import ai.molecule.sandbox.WorkspaceCredentials;
import ai.molecule.spi.Backend;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An agent connected to a sandbox in this same process: the engine on a thread of its own, while
 * the command that started it does something else (a prompt, a warm-up round trip). In push mode it
 * listens on a free loopback port and registers {@code http://127.0.0.1:PORT/} (the sandbox is a
 * dev platform: loopback is accepted, and the bearer is always sent).
 */
final class SandboxAgent {

  /** The sandbox re-delivers a dropped or timed-out call on a heartbeat: a short one makes that quick. */
  static final Duration PUSH_HEARTBEAT = Duration.ofSeconds(1);

  private interface Run {
    void run() throws MoleculeException;
  }

  private final SandboxPlatform sandbox;
  private final String workspaceId;
  private final ConnectCommand.Mode mode;
  private final Runnable stopper;
  private final Thread thread;
  private final AtomicReference<MoleculeException> failure = new AtomicReference<>();

  private SandboxAgent(SandboxPlatform sandbox, WorkspaceCredentials workspace, Backend backend, String name,
      Path stateDirectory, Duration pollInterval, ConnectCommand.Mode mode, Runnable onEnd) {
    this.sandbox = sandbox;
    this.workspaceId = workspace.id();
    this.mode = mode;
    PlatformClient client = new PlatformClient(new PlatformConfig(sandbox.url(), workspace.id(),
        new Secret(workspace.token()), null, Duration.ofSeconds(30)));
    AgentCard card = new AgentCard("molecule (" + name + ")", "A sandbox agent answering with " + name,
        HostVersion.version());
    Run run;
    if (mode == ConnectCommand.Mode.push) {
      PushEngine engine = new PushEngine(client, backend, card, stateDirectory,
          EngineSettings.defaults().toBuilder().heartbeatInterval(PUSH_HEARTBEAT).build(),
          PushSettings.of(URI.create("http://127.0.0.1:0/"), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
              null, null, false), WorkspaceObserver.NONE);
      run = engine::run;
      stopper = engine::stop;
    } else {
      Engine engine = new Engine(client, backend, card, stateDirectory,
          EngineSettings.defaults().toBuilder().pollInterval(pollInterval).build());
      run = engine::run;
      stopper = engine::stop;
    }
    this.thread = new Thread(() -> {
      try {
        run.run();
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
    return start(sandbox, workspace, backend, name, stateDirectory, pollInterval, ConnectCommand.Mode.poll, onEnd);
  }

  /** As above, receiving messages the {@code mode} way. */
  static SandboxAgent start(SandboxPlatform sandbox, WorkspaceCredentials workspace, Backend backend, String name,
      Path stateDirectory, Duration pollInterval, ConnectCommand.Mode mode, Runnable onEnd) {
    SandboxAgent agent = new SandboxAgent(sandbox, workspace, backend, name, stateDirectory, pollInterval, mode,
        onEnd);
    agent.thread.start();
    return agent;
  }

  /**
   * Waits until the agent has registered (in push mode, with its URL); false if it stopped or took
   * longer than {@code timeout}.
   */
  boolean awaitRegistration(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!sandbox.status(workspaceId).registered()
        || mode == ConnectCommand.Mode.push && sandbox.pushUrl(workspaceId).isEmpty()) {
      if (!thread.isAlive() || System.nanoTime() > deadline) {
        return false;
      }
      TimeUnit.MILLISECONDS.sleep(20); // the sandbox's own registry, in memory: nothing to wait on
    }
    return true;
  }

  /** Stops the engine (messages in hand finish) and waits for it. */
  void stop() throws InterruptedException {
    stopper.run();
    thread.join();
  }

  /** Why the engine ended, if it failed. */
  Optional<MoleculeException> failure() {
    return Optional.ofNullable(failure.get());
  }
}
