package ai.molecule.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The phantom-busy sweeper, with the stall watchdog out of the way. */
class PhantomBusyTest extends SandboxTest {

  @Override
  protected SandboxOptions options(SandboxOptions defaults) {
    return defaults.withWatchdogs(Watchdogs.defaults().withStallAfter(Duration.ofDays(1)));
  }

  @Test
  void busyWithNoRowOfAnyKindFor10MinutesIsResetUntilTheNextHeartbeat() {
    register();
    sandbox.sendAsHuman(workspace.id(), "a task");
    JsonObject beat = Bodies.heartbeat(workspace.id(), 0, 1, "thinking");
    agent.post("/registry/heartbeat", beat);
    clock.advance(Duration.ofMinutes(9));
    agent.post("/workspaces/" + workspace.id() + "/notify", Bodies.notify("a notify counts as a row"));
    clock.advance(Duration.ofMinutes(9));
    assertTrue(sandbox.tick().isEmpty(), "9 minutes since the notify");
    assertEquals(1, sandbox.status(workspace.id()).activeTasks());

    clock.advance(Duration.ofMinutes(1));
    List<WatchdogStep> steps = sandbox.tick();

    assertEquals(WatchdogStep.Kind.PHANTOM_BUSY_RESET, steps.get(steps.size() - 1).kind());
    WorkspaceStatus status = sandbox.status(workspace.id());
    assertEquals(0, status.activeTasks());
    assertEquals("", status.currentTask());
    assertEquals(1, status.heartbeat().activeTasks(), "the heartbeat as received is kept");
    agent.post("/registry/heartbeat", beat);
    assertEquals(1, sandbox.status(workspace.id()).activeTasks(), "the next heartbeat writes them again");
  }

  @Test
  void theLimitIsConfigurable() throws Exception {
    sandbox.close();
    sandbox = SandboxPlatform.start(SandboxOptions.defaults().withClock(clock).withTickEvery(Duration.ZERO)
        .withWatchdogs(Watchdogs.defaults().withPhantomBusyAfter(Duration.ofSeconds(30))
            .withStallAfter(Duration.ofDays(1))));
    Http http = Http.to(sandbox.url()).token(sandbox.defaultWorkspace().token());
    String id = sandbox.defaultWorkspace().id();
    http.post("/registry/heartbeat", Bodies.heartbeat(id, 0, 2, "x"));
    sandbox.sendAsHuman(id, "row");
    clock.advance(Duration.ofSeconds(29));
    assertTrue(sandbox.tick().isEmpty());
    clock.advance(Duration.ofSeconds(1));
    assertEquals(WatchdogStep.Kind.PHANTOM_BUSY_RESET, sandbox.tick().get(0).kind());
  }
}
