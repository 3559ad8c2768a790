package ai.molecule.host.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.host.engine.EngineSettings;
import ai.molecule.host.engine.WorkspaceObserver;
import ai.molecule.host.platform.AgentCard;
import ai.molecule.host.platform.PlatformClient;
import ai.molecule.host.platform.PlatformConfig;
import ai.molecule.host.platform.Secret;
import ai.molecule.host.testing.Await;
import ai.molecule.sandbox.CanvasDelivery;
import ai.molecule.sandbox.PushDispatch;
import ai.molecule.sandbox.Reply;
import ai.molecule.sandbox.SandboxOptions;
import ai.molecule.sandbox.SandboxPlatform;
import ai.molecule.sandbox.SentMessage;
import ai.molecule.sandbox.WorkspaceCredentials;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the sandbox's push dispatcher: a call whose connection is lost, or that times out, after
 * the agent read it is delivered again from the queue, and the agent's answer cache makes that one
 * backend turn and one answer.
 */
class PushRedeliveryTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir Path stateDir;

  @Test
  void aDroppedConnectionAndItsRedeliveryMakeOneTurnAndOneAnswer() throws Exception {
    redeliveredOnce(sandbox -> sandbox.faults().dropNextDispatch(1), PushDispatch.Outcome.DROPPED);
  }

  @Test
  void aTimedOutCallAndItsRedeliveryMakeOneTurnAndOneAnswer() throws Exception {
    redeliveredOnce(sandbox -> sandbox.faults().timeOutNextDispatch(1), PushDispatch.Outcome.TIMED_OUT);
  }

  private void redeliveredOnce(Consumer<SandboxPlatform> fault, PushDispatch.Outcome firstOutcome) throws Exception {
    try (SandboxPlatform sandbox = SandboxPlatform.start(SandboxOptions.defaults())) {
      WorkspaceCredentials workspace = sandbox.defaultWorkspace();
      AtomicInteger turns = new AtomicInteger();
      PlatformClient client = new PlatformClient(new PlatformConfig(sandbox.url(), workspace.id(),
          new Secret(workspace.token()), null, Duration.ofSeconds(10)));
      PushEngine engine = new PushEngine(client, message -> {
        turns.incrementAndGet();
        return ai.molecule.spi.Reply.text("echo: " + message.text());
      }, new AgentCard("test", "a test agent", "0"), stateDir,
          EngineSettings.defaults().toBuilder().heartbeatInterval(Duration.ofMillis(200)).build(),
          PushSettings.of(URI.create("http://127.0.0.1:0/"),
              new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null, null, false),
          WorkspaceObserver.NONE);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread thread = PushRun.started(engine, failure);
      try {
        Await.until("registered in push mode", PATIENCE, () -> sandbox.pushUrl(workspace.id()).isPresent()
            || !thread.isAlive());
        assertTrue(thread.isAlive(), () -> "the engine ended: " + failure.get());
        fault.accept(sandbox);

        SentMessage sent = sandbox.sendAsHuman(workspace.id(), "once only");
        Reply reply = sandbox.awaitReply(sent, PATIENCE).orElseThrow(() -> new AssertionError("no answer"));

        assertEquals("echo: once only", reply.text());
        List<PushDispatch> dispatches = sandbox.awaitPushDispatches(workspace.id(), 2, PATIENCE);
        assertEquals(2, dispatches.size(), dispatches.toString());
        assertEquals(firstOutcome, dispatches.get(0).outcome());
        assertEquals(1, turns.get(), "the re-delivery got the cached answer: the backend ran once");
        assertEquals(CanvasDelivery.State.ANSWERED, sandbox.canvasDelivery(sent.messageId()).orElseThrow().state());
        assertEquals(1, sandbox.replies(workspace.id()).stream().filter(r -> r.text().equals("echo: once only"))
            .count(), "one answer on the canvas");
      } finally {
        engine.stop();
        thread.join(PATIENCE.toMillis());
      }
      assertEquals(null, failure.get());
    }
  }
}
