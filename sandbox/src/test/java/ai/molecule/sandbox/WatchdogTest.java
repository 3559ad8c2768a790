package ai.molecule.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** System turns, the stall watchdog and the phantom-busy sweeper, on the test's clock. */
class WatchdogTest extends SandboxTest {

  @Override
  protected SandboxOptions options(SandboxOptions defaults) {
    // The sweeper would reset the busy state these tests keep up; PhantomBusyTest covers it.
    return defaults.withWatchdogs(Watchdogs.defaults().withPhantomBusyAfter(Duration.ofDays(1)));
  }

  @Test
  void anInjectedSystemTurnIsAMessageWithNoSourceAndASelfMarker() {
    FeedRow row = sandbox.injectSystemTurn(workspace.id(), "self-nudge", "You have 2 unhandled inbox requests");

    JsonObject json = agent.get(activityPath()).array().get(0).getAsJsonObject();
    assertEquals(row.id(), json.get("id").getAsString());
    assertTrue(json.get("source_id").isJsonNull());
    assertEquals("message/send", json.get("method").getAsString());
    JsonObject metadata = json.getAsJsonObject("request_body").getAsJsonObject("params").getAsJsonObject("message")
        .getAsJsonObject("metadata");
    assertEquals("self-nudge", metadata.get("source_type").getAsString());
    assertEquals("platform", metadata.get("source").getAsString());
    assertEquals("self-nudge", row.systemMarker());

    Http.Answer viaJson = Http.operator(sandbox.url()).post("/sandbox/workspaces/" + workspace.id() + "/system-turns",
        "{\"source_type\":\"self-cron\",\"text\":\"cron fired\"}");
    assertEquals(201, viaJson.status(), viaJson.body());
    assertEquals(400, Http.operator(sandbox.url()).post("/sandbox/workspaces/" + workspace.id() + "/system-turns",
        "{\"source_type\":\"cron\",\"text\":\"no marker\"}").status());
  }

  @Test
  void busyAndSilentFor12MinutesGetsOneLivenessCheckThenASoftRestartAndACooldown() {
    register();
    sandbox.sendAsHuman(workspace.id(), "a long task"); // activity at t0
    busy(1);
    clock.advance(Duration.ofMinutes(11));
    busy(1);
    assertEquals(List.of(), sandbox.tick(), "under 12 minutes: no liveness check");

    clock.advance(Duration.ofMinutes(1));
    busy(1);
    List<WatchdogStep> steps = sandbox.tick();

    assertEquals(1, steps.size());
    assertEquals(WatchdogStep.Kind.LIVENESS_CHECK, steps.get(0).kind());
    FeedRow probe = sandbox.row(steps.get(0).rowId()).orElseThrow();
    JsonObject message = probe.requestBody().getAsJsonObject("params").getAsJsonObject("message");
    assertTrue(message.get("messageId").getAsString().startsWith("stall-probe-"));
    assertTrue(Bodies.text(probe.toJson()).startsWith("Liveness check: "));
    JsonObject metadata = message.getAsJsonObject("metadata");
    assertEquals("platform", metadata.get("source").getAsString());
    assertEquals("stall_probe", metadata.get("kind").getAsString());
    assertEquals("self-stall", metadata.get("source_type").getAsString());
    assertEquals("canvas-" + workspace.id(), message.get("contextId").getAsString());
    assertNull(probe.sourceId());
    assertEquals(List.of(), sandbox.tick(), "one check, not one per tick");

    clock.advance(Duration.ofMinutes(5));
    busy(1);
    assertEquals(WatchdogStep.Kind.SOFT_RESTART, sandbox.tick().get(0).kind());

    clock.advance(Duration.ofMinutes(20));
    busy(1);
    assertTrue(sandbox.tick().isEmpty(), "the cooldown holds the next check back");
    clock.advance(Duration.ofMinutes(5));
    busy(1);
    assertEquals(WatchdogStep.Kind.LIVENESS_CHECK, sandbox.tick().get(0).kind(), "30 minutes after the first");
  }

  @Test
  void aTaskUpdateMovesLastActivityButANotifyOrHeartbeatDoesNot() {
    register();
    sandbox.sendAsHuman(workspace.id(), "work");
    clock.advance(Duration.ofMinutes(10));
    JsonObject update = new JsonObject();
    update.addProperty("activity_type", "task_update");
    update.addProperty("summary", "still working (10 min)");
    assertEquals(200, agent.post(activityPath(), update).status());
    assertEquals(clock.instant(), sandbox.status(workspace.id()).lastActivityAt());

    clock.advance(Duration.ofMinutes(5));
    agent.post("/workspaces/" + workspace.id() + "/notify", Bodies.notify("interim"));
    busy(1);
    clock.advance(Duration.ofMinutes(6));
    busy(1);
    assertTrue(sandbox.tick().isEmpty(), "12 minutes after the task_update count, not after the message");
    clock.advance(Duration.ofMinutes(1));
    busy(1);
    assertEquals(WatchdogStep.Kind.LIVENESS_CHECK, sandbox.tick().get(0).kind(),
        "the notify and the heartbeats did not count as activity");
  }

  @Test
  void anIdleWorkspaceGetsNoCheck() {
    register();
    sandbox.sendAsHuman(workspace.id(), "done already");
    busy(0);
    clock.advance(Duration.ofHours(1));
    busy(0);
    assertTrue(sandbox.tick().isEmpty());
    assertTrue(sandbox.watchdogSteps(workspace.id()).isEmpty(), "no liveness probe was sent, no sweep happened");
  }

  private void busy(int activeTasks) {
    assertEquals(200, agent.post("/registry/heartbeat",
        Bodies.heartbeat(workspace.id(), 0, activeTasks, activeTasks > 0 ? "working" : "")).status());
  }
}
