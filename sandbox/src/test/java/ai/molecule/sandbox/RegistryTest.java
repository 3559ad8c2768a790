package ai.molecule.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.List;
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
    assertFalse(answer.json().get("platform_inbound_secret").getAsString().isEmpty());
    assertFalse(answer.json().has("auth_token"), "the workspace has a live token: none is minted");
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
    assertEquals("invalid request body", missingCard.error());

    JsonObject push = Bodies.register(workspace.id());
    push.addProperty("delivery_mode", "push");
    Http.Answer pushMode = agent.post("/registry/register", push);
    assertEquals(400, pushMode.status());
    assertTrue(pushMode.error().contains("needs a url"), pushMode.body());

    JsonObject otherMode = Bodies.register(workspace.id());
    otherMode.addProperty("delivery_mode", "pull");
    assertEquals("delivery_mode must be 'push' or 'poll'", agent.post("/registry/register", otherMode).error());

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
    body.addProperty("monthly_spend", 1250);
    body.addProperty("is_busy", true);
    body.addProperty("observed_generation", 1);
    JsonObject metadata = new JsonObject();
    metadata.addProperty("idle_timeout_seconds", 600);
    body.add("runtime_metadata", metadata);

    Http.Answer answer = agent.post("/registry/heartbeat", body);

    assertEquals(200, answer.status(), answer.body());
    assertEquals("ok", answer.json().get("status").getAsString());
    assertEquals(1, answer.json().get("generation").getAsLong());
    assertEquals(register().json().get("platform_inbound_secret"), answer.json().get("platform_inbound_secret"));
    WorkspaceStatus status = sandbox.status(workspace.id());
    Heartbeat beat = status.heartbeat();
    assertEquals(0.25, beat.errorRate());
    assertEquals("backend timed out", beat.sampleError());
    assertEquals(2, beat.activeTasks());
    assertEquals(1234, beat.uptimeSeconds());
    assertEquals("answering a question", beat.currentTask());
    assertEquals("", beat.runtimeState());
    assertEquals(1250, beat.monthlySpend());
    assertEquals(Boolean.TRUE, beat.isBusy());
    assertEquals(1, beat.observedGeneration());
    assertEquals(1250, status.monthlySpendCents());
    assertEquals(2, status.activeTasks());
    assertEquals("answering a question", status.currentTask());
    assertEquals(List.of(beat), sandbox.heartbeats(workspace.id()));
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
    assertFalse(beat.busy());
  }

  @Test
  void anIntegerFieldSentAsADecimalOrAStringFailsTheWholeHeartbeat() {
    register();
    List<String> bad = List.of("\"active_tasks\": 1.0", "\"active_tasks\": \"1\"", "\"uptime_seconds\": 12.5",
        "\"monthly_spend\": 15.0", "\"monthly_spend\": 1e3", "\"monthly_spend\": \"1500\"",
        "\"observed_generation\": 2.0", "\"error_rate\": \"high\"", "\"is_busy\": 1");
    for (String field : bad) {
      Http.Answer answer = agent.post("/registry/heartbeat",
          "{\"workspace_id\": \"" + workspace.id() + "\", " + field + "}");
      assertEquals(400, answer.status(), field);
      assertEquals("invalid request body", answer.error(), field);
    }
    assertEquals(0, sandbox.status(workspace.id()).heartbeats(), "nothing of a refused heartbeat is stored");
    assertEquals(200, agent.post("/registry/heartbeat",
        "{\"workspace_id\": \"" + workspace.id() + "\", \"error_rate\": 0, \"active_tasks\": 1}").status(),
        "error_rate is a float: an integer is fine there");
  }

  @Test
  void theLast100HeartbeatsAreKeptOldestFirst() {
    for (int i = 0; i <= WorkspaceBook.HISTORY; i++) {
      JsonObject body = Bodies.heartbeat(workspace.id(), 0, 0, "task " + i);
      agent.post("/registry/heartbeat", body);
    }
    List<Heartbeat> kept = sandbox.heartbeats(workspace.id());
    assertEquals(WorkspaceBook.HISTORY, kept.size());
    assertEquals("task 1", kept.get(0).currentTask());
    assertEquals("task " + WorkspaceBook.HISTORY, sandbox.lastHeartbeat(workspace.id()).orElseThrow().currentTask());
  }

  @Test
  void monthlySpendIsCumulativeCentsWhereZeroChangesNothingAndALowerValueStartsAMonth() {
    register();
    assertEquals(1500, spend(1500));
    assertEquals(1500, spend(0), "0 is no update");
    assertEquals(1500, spend(-20), "negative counts as 0");
    JsonObject absent = Bodies.heartbeat(workspace.id(), 0, 0, "");
    agent.post("/registry/heartbeat", absent);
    assertEquals(1500, sandbox.status(workspace.id()).monthlySpendCents(), "absent is no update");
    assertEquals(2210, spend(2210));
    assertEquals(40, spend(40), "lower than the last: a new month");
  }

  private long spend(long cents) {
    JsonObject body = Bodies.heartbeat(workspace.id(), 0, 0, "");
    body.addProperty("monthly_spend", cents);
    assertEquals(200, agent.post("/registry/heartbeat", body).status());
    return sandbox.status(workspace.id()).monthlySpendCents();
  }

  @Test
  void aHeartbeatIsNever404AnUnknownIdGetsA200ThatChangesNothing() {
    String unknown = UUID.randomUUID().toString();
    Http.Answer answer = agent.post("/registry/heartbeat", Bodies.heartbeat(unknown, 0, 0, ""));
    assertEquals(200, answer.status(), answer.body());
    assertEquals("ok", answer.json().get("status").getAsString());
    assertFalse(sandbox.workspaces().stream().anyMatch(w -> w.id().equals(unknown)), "no workspace was made");

    Http.Answer beforeRegister = agent.post("/registry/heartbeat", Bodies.heartbeat(workspace.id(), 0, 0, ""));
    assertEquals(200, beforeRegister.status(), "a heartbeat alone brings a workspace online");
    assertEquals(WorkspaceStatus.ONLINE, sandbox.status(workspace.id()).status());

    sandbox.unregister(workspace.id());
    assertEquals(WorkspaceStatus.AWAITING_AGENT, sandbox.status(workspace.id()).status());
    assertEquals(200, agent.post("/registry/heartbeat", Bodies.heartbeat(workspace.id(), 0, 0, "")).status());
    assertEquals(WorkspaceStatus.ONLINE, sandbox.status(workspace.id()).status());

    assertEquals(500, agent.post("/registry/heartbeat", Bodies.heartbeat("not-a-uuid", 0, 0, "")).status());
    assertEquals(401, Http.to(sandbox.url()).token("x".repeat(43))
        .post("/registry/heartbeat", Bodies.heartbeat(workspace.id(), 0, 0, "")).status(),
        "a workspace with a live token needs it");
  }

  @Test
  void registerMintsAnAuthTokenOnlyWhenTheWorkspaceHasNoLiveOne() {
    sandbox.revokeTokens(workspace.id());
    assertEquals(401, agent.get(activityPath()).status(), "the old token is revoked");
    assertFalse(sandbox.status(workspace.id()).hasLiveToken());

    Http.Answer first = Http.to(sandbox.url()).post("/registry/register", Bodies.register(workspace.id()));

    assertEquals(200, first.status(), first.body());
    String minted = first.json().get("auth_token").getAsString();
    assertTrue(minted.matches("[A-Za-z0-9_-]{43}"));
    assertEquals(minted, sandbox.credentials(workspace.id()).token());
    Http withMinted = Http.to(sandbox.url()).token(minted);
    assertEquals(200, withMinted.get(activityPath()).status());
    Http.Answer again = withMinted.post("/registry/register", Bodies.register(workspace.id()));
    assertFalse(again.json().has("auth_token"), "now it has a live token");
    assertEquals(401, Http.to(sandbox.url()).post("/registry/register", Bodies.register(workspace.id())).status(),
        "and a register without it is refused");
  }

  @Test
  void registeringAnUnknownUuidCreatesAWorkspaceNamedAfterIt() {
    String id = UUID.randomUUID().toString();
    Http.Answer answer = Http.to(sandbox.url()).post("/registry/register", Bodies.register(id));
    assertEquals(200, answer.status(), answer.body());
    assertTrue(answer.json().has("auth_token"));
    assertEquals(id, sandbox.status(id).name());
  }

  @Test
  void wedgedDegradesAndStatusManagementTurnsTheErrorRateRuleOff() {
    register();
    beat(0, "wedged");
    assertEquals(WorkspaceStatus.DEGRADED, sandbox.status(workspace.id()).status());
    beat(0, "");
    assertEquals(WorkspaceStatus.ONLINE, sandbox.status(workspace.id()).status());

    JsonObject managed = Bodies.heartbeat(workspace.id(), 0.9, 0, "");
    JsonObject capabilities = new JsonObject();
    capabilities.addProperty("status_mgmt", true);
    JsonObject metadata = new JsonObject();
    metadata.add("capabilities", capabilities);
    managed.add("runtime_metadata", metadata);
    assertEquals(200, agent.post("/registry/heartbeat", managed).status());
    assertEquals(WorkspaceStatus.ONLINE, sandbox.status(workspace.id()).status(), "status_mgmt: no error-rate rule");
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
  void aWorkspaceIsAwaitingAgentAfter180SecondsWithoutAHeartbeatAndBackWithTheNextOne() {
    register();
    clock.advance(Duration.ofSeconds(60));
    beat(0, "");
    clock.advance(Duration.ofSeconds(180));
    assertEquals(WorkspaceStatus.ONLINE, sandbox.status(workspace.id()).status());
    assertEquals("online", state().get("status").getAsString());

    clock.advance(Duration.ofSeconds(1));
    assertEquals(WorkspaceStatus.AWAITING_AGENT, sandbox.status(workspace.id()).status());
    assertEquals("awaiting_agent", state().get("status").getAsString());

    beat(0, "");
    assertEquals(WorkspaceStatus.ONLINE, sandbox.status(workspace.id()).status());
  }

  @Test
  void stateAnswersStatusPausedAndDeleted() {
    JsonObject state = state();
    assertEquals("awaiting_agent", state.get("status").getAsString());
    assertEquals(workspace.id(), state.get("workspace_id").getAsString());
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
