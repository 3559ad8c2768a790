package ai.molecule.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Failures, dropped connections and slow answers on demand. */
class FaultsTest extends SandboxTest {

  @Test
  void theNextRequestsFailWithTheStatusAndThenTheSandboxRecovers() {
    sandbox.faults().failNext(2, 503);

    for (int i = 0; i < 2; i++) {
      Http.Answer failed = agent.get(activityPath());
      assertEquals(503, failed.status());
      assertEquals("platform_unavailable", failed.json().get("code").getAsString());
      assertEquals("1", failed.headers().firstValue("Retry-After").orElseThrow());
    }
    assertEquals(200, agent.get(activityPath()).status());
    assertEquals(0, sandbox.faults().pending());
  }

  @Test
  void aFaultCanAimAtOnePath() {
    register();
    sandbox.faults().failNext(1, 500, "/registry/heartbeat");

    assertEquals(200, agent.get(activityPath()).status());
    assertEquals(500, agent.post("/registry/heartbeat", Bodies.heartbeat(workspace.id(), 0, 0, "")).status());
    assertEquals(200, agent.post("/registry/heartbeat", Bodies.heartbeat(workspace.id(), 0, 0, "")).status());
  }

  @Test
  void anInjected429LooksLikeTheRateLimit() {
    sandbox.faults().failNext(1, 429);
    Http.Answer limited = agent.get(activityPath());
    assertEquals(429, limited.status());
    assertEquals("rate limit exceeded", limited.error());
    assertEquals("1", limited.headers().firstValue("Retry-After").orElseThrow());
  }

  @Test
  void aDroppedConnectionGetsNoAnswerAtAll() throws Exception {
    sandbox.faults().dropNext(1, "/notify");
    HttpRequest.Builder notify = agent.builder("/workspaces/" + workspace.id() + "/notify")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Bodies.notify("lost").toString()));

    assertThrows(IOException.class, () -> agent.exchange(notify));

    assertTrue(sandbox.replies(workspace.id()).isEmpty(), "the dropped request was not handled");
    assertEquals(200, agent.post("/workspaces/" + workspace.id() + "/notify", Bodies.notify("kept")).status());
  }

  @Test
  void aDelayedAnswerComesLateButComplete() {
    Duration delay = Duration.ofMillis(300);
    sandbox.faults().delayNext(1, delay, null);
    long start = System.nanoTime();

    Http.Answer answer = agent.get(activityPath());

    assertEquals(200, answer.status());
    assertTrue(System.nanoTime() - start >= delay.toNanos(), "answered after the delay");
  }

  @Test
  void faultsCanBeSetThroughTheOperatorEndpoint() {
    JsonObject fault = new JsonObject();
    fault.addProperty("fault", "fail");
    fault.addProperty("count", 1);
    fault.addProperty("status", 502);
    Http.Answer set = Http.operator(sandbox.url()).post("/sandbox/faults", fault);
    assertEquals(200, set.status(), set.body());
    assertEquals(1, set.json().get("pending").getAsInt());

    assertEquals(502, agent.get(activityPath()).status());
    assertEquals(200, agent.get(activityPath()).status());

    fault.addProperty("fault", "explode");
    assertEquals(400, Http.operator(sandbox.url()).post("/sandbox/faults", fault).status());
  }

  @Test
  void faultsRefuseNonsense() {
    assertThrows(IllegalArgumentException.class, () -> sandbox.faults().failNext(1, 200));
    assertThrows(IllegalArgumentException.class, () -> sandbox.faults().dropNext(0, null));
    assertThrows(IllegalArgumentException.class, () -> sandbox.faults().delayNext(1, Duration.ZERO, null));
  }
}
