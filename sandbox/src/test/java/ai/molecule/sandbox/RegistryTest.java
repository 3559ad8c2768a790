package ai.molecule.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RegistryTest extends SandboxTest {

  @Test
  void registerStoresTheCardAndAnswersRegisteredInPollMode() {
    assertEquals(WorkspaceStatus.AWAITING_AGENT, sandbox.status(workspace.id()).status());

    Http.Answer answer = register();

    assertEquals(200, answer.status(), answer.body());
    assertEquals("registered", answer.json().get("status").getAsString());
    assertEquals("poll", answer.json().get("delivery_mode").getAsString());
    WorkspaceStatus status = sandbox.status(workspace.id());
    assertTrue(status.registered());
    assertEquals("poll", status.deliveryMode());
    assertEquals("test agent", status.agentCard().get("name").getAsString());
    assertEquals(WorkspaceStatus.ONLINE, status.status());
  }

  @Test
  void registerRefusesBadBodiesWithAReason() {
    assertEquals(400, agent.post("/registry/register", "{not json").status());
    assertEquals(400, agent.post("/registry/register", "[]").status());
    assertEquals(400, agent.post("/registry/register", "").status());

    JsonObject noCard = Bodies.register(workspace.id());
    noCard.remove("agent_card");
    Http.Answer missingCard = agent.post("/registry/register", noCard);
    assertEquals(400, missingCard.status());
    assertTrue(missingCard.error().contains("agent_card"), missingCard.body());

    JsonObject push = Bodies.register(workspace.id());
    push.addProperty("delivery_mode", "push");
    Http.Answer pushMode = agent.post("/registry/register", push);
    assertEquals(400, pushMode.status());
    assertTrue(pushMode.error().contains("poll"), pushMode.body());

    JsonObject numberId = Bodies.register(workspace.id());
    numberId.addProperty("id", 42);
    assertEquals(400, agent.post("/registry/register", numberId).status());
    assertFalse(sandbox.status(workspace.id()).registered());
  }

  @Test
  void anIdThatIsNotAUuidIs500AndAnotherWorkspacesIdIs401() {
    assertEquals(500, agent.post("/registry/register", Bodies.register("not-a-uuid")).status());
    WorkspaceCredentials other = sandbox.createWorkspace("other");
    assertEquals(401, agent.post("/registry/register", Bodies.register(other.id())).status());
  }

  @Test
  void heartbeatRecordsEveryField() {
    register();
    JsonObject body = Bodies.heartbeat(workspace.id(), 0.25, 2, "answering a question");
    body.addProperty("monthly_spend", 12.5);
    JsonObject metadata = new JsonObject();
    metadata.addProperty("idle_timeout_seconds", 600);
    body.add("runtime_metadata", metadata);

    Http.Answer answer = agent.post("/registry/heartbeat", body);

    assertEquals(200, answer.status(), answer.body());
    assertEquals("ok", answer.json().get("status").getAsString());
    WorkspaceStatus status = sandbox.status(workspace.id());
    Heartbeat beat = status.heartbeat();
    assertEquals(0.25, beat.errorRate());
    assertEquals("backend timed out", beat.sampleError());
    assertEquals(2, beat.activeTasks());
    assertEquals(1234, beat.uptimeSeconds());
    assertEquals("answering a question", beat.currentTask());
    assertEquals("", beat.runtimeState());
    assertEquals(12.5, beat.monthlySpend());
    assertEquals(600, beat.runtimeMetadata().get("idle_timeout_seconds").getAsInt());
    assertEquals(clock.instant(), beat.receivedAt());
    assertEquals(1, status.heartbeats());
  }

  @Test
  void absentHeartbeatFieldsAreStoredAsZeroValuesAndWrongTypesAre400() {
    register();
    JsonObject minimal = new JsonObject();
    minimal.addProperty("workspace_id", workspace.id());
    assertEquals(200, agent.post("/registry/heartbeat", minimal).status());
    Heartbeat beat = sandbox.status(workspace.id()).heartbeat();
    assertEquals(new Heartbeat(0, "", 0, 0, "", "", 0, null, clock.instant()), beat);

    JsonObject wrong = Bodies.heartbeat(workspace.id(), 0, 0, "");
    wrong.addProperty("error_rate", "high");
    Http.Answer answer = agent.post("/registry/heartbeat", wrong);
    assertEquals(400, answer.status());
    assertTrue(answer.error().contains("error_rate"), answer.body());
  }

  @Test
  void heartbeatIs404ForAnUnknownOrUnregisteredWorkspace() {
    assertEquals(404, agent.post("/registry/heartbeat", Bodies.heartbeat(UUID.randomUUID().toString(), 0, 0, "")).status());
    Http.Answer beforeRegister = agent.post("/registry/heartbeat", Bodies.heartbeat(workspace.id(), 0, 0, ""));
    assertEquals(404, beforeRegister.status());
    assertTrue(beforeRegister.error().contains("register"), beforeRegister.body());

    register();
    assertEquals(200, agent.post("/registry/heartbeat", Bodies.heartbeat(workspace.id(), 0, 0, "")).status());
    sandbox.unregister(workspace.id());
    assertEquals(404, agent.post("/registry/heartbeat", Bodies.heartbeat(workspace.id(), 0, 0, "")).status(),
        "a forgotten registration makes the agent register again");
  }

  @Test
  void anErrorRateOfHalfDegradesAndOnlyALowRateWithAnEmptyRuntimeStateRecovers() {
    register();
    beat(0.5, "");
    assertEquals(WorkspaceStatus.DEGRADED, sandbox.status(workspace.id()).status());
    beat(0.3, "");
    assertEquals(WorkspaceStatus.DEGRADED, sandbox.status(workspace.id()).status(), "0.1 to 0.5 keeps it degraded");
    beat(0.05, "ok");
    assertEquals(WorkspaceStatus.DEGRADED, sandbox.status(workspace.id()).status(), "only \"\" lets it recover");
    beat(0.05, "");
    assertEquals(WorkspaceStatus.ONLINE, sandbox.status(workspace.id()).status());
  }

  @Test
  void aWorkspaceGoesOfflineAfter90SecondsWithoutAHeartbeatAndComesBackWithOne() {
    register();
    clock.advance(Duration.ofSeconds(60));
    beat(0, "");
    clock.advance(Duration.ofSeconds(90));
    assertEquals(WorkspaceStatus.ONLINE, sandbox.status(workspace.id()).status());
    assertEquals("online", state().get("status").getAsString());

    clock.advance(Duration.ofSeconds(1));
    assertEquals(WorkspaceStatus.OFFLINE, sandbox.status(workspace.id()).status());
    assertEquals("offline", state().get("status").getAsString());

    beat(0, "");
    assertEquals(WorkspaceStatus.ONLINE, sandbox.status(workspace.id()).status());
  }

  @Test
  void stateAnswersStatusPausedAndDeleted() {
    JsonObject state = state();
    assertEquals("awaiting_agent", state.get("status").getAsString());
    assertFalse(state.get("paused").getAsBoolean());
    assertFalse(state.get("deleted").getAsBoolean());
  }

  @Test
  void updateCardReplacesTheCard() {
    register();
    JsonObject card = new JsonObject();
    card.addProperty("name", "renamed");
    JsonObject body = new JsonObject();
    body.addProperty("workspace_id", workspace.id());
    body.add("agent_card", card);
    assertEquals(200, agent.post("/registry/update-card", body).status());
    assertEquals("renamed", sandbox.status(workspace.id()).agentCard().get("name").getAsString());
  }

  private void beat(double errorRate, String runtimeState) {
    JsonObject body = Bodies.heartbeat(workspace.id(), errorRate, 0, "");
    body.addProperty("runtime_state", runtimeState);
    Http.Answer answer = agent.post("/registry/heartbeat", body);
    assertEquals(200, answer.status(), answer.body());
  }

  private JsonObject state() {
    Http.Answer answer = agent.get("/workspaces/" + workspace.id() + "/state");
    assertEquals(200, answer.status(), answer.body());
    assertNotNull(answer.json().get("status"));
    return answer.json();
  }
}
