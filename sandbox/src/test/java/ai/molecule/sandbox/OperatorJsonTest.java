package ai.molecule.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The operator endpoints added for the newest server's behaviour: the same as the Java methods. */
class OperatorJsonTest extends SandboxTest {

  private Http operator() {
    return Http.operator(sandbox.url());
  }

  @Test
  void heartbeatsAreReadBackWithCurrentTaskAndTheStatusShowsSpend() {
    JsonObject beat = Bodies.heartbeat(workspace.id(), 0, 1, "reading the file");
    beat.addProperty("monthly_spend", 1500);
    agent.post("/registry/heartbeat", beat);
    agent.post("/registry/heartbeat", Bodies.heartbeat(workspace.id(), 0, 0, ""));

    JsonArray history = operator().get("/sandbox/workspaces/" + workspace.id() + "/heartbeats").array();
    assertEquals(2, history.size());
    assertEquals("reading the file", history.get(0).getAsJsonObject().get("current_task").getAsString());
    assertEquals("", history.get(1).getAsJsonObject().get("current_task").getAsString());
    assertEquals(1500, operator().get("/sandbox/workspaces/" + workspace.id()).json().get("monthly_spend_cents")
        .getAsLong());
  }

  @Test
  void revokeTokensMakesTheNextRegisterMintOne() {
    assertEquals(200, operator().post("/sandbox/workspaces/" + workspace.id() + "/revoke-tokens", "").status());
    assertEquals(401, agent.get(activityPath()).status());
    assertTrue(Http.to(sandbox.url()).post("/registry/register", Bodies.register(workspace.id())).json()
        .has("auth_token"));
  }

  @Test
  void tickRunsTheWatchdogsAndWatchdogListsTheirSteps() {
    register();
    sandbox.sendAsHuman(workspace.id(), "work");
    agent.post("/registry/heartbeat", Bodies.heartbeat(workspace.id(), 0, 1, "working"));
    clock.advance(Duration.ofMinutes(13));
    agent.post("/registry/heartbeat", Bodies.heartbeat(workspace.id(), 0, 1, "working"));

    JsonArray steps = operator().post("/sandbox/tick", "").array();

    assertEquals("LIVENESS_CHECK", steps.get(0).getAsJsonObject().get("kind").getAsString());
    JsonArray listed = operator().get("/sandbox/watchdog?workspace=" + workspace.id()).array();
    assertEquals(steps.size(), listed.size());
    assertEquals(0, operator().post("/sandbox/prune", "").json().get("pruned").getAsInt());
  }

  @Test
  void aMessageWithFilesIsStagedAndItsUploadsAreListedAndDownloadable() {
    byte[] content = "hello file".getBytes(StandardCharsets.UTF_8);
    JsonObject file = new JsonObject();
    file.addProperty("name", "note.txt");
    file.addProperty("mime_type", "text/plain");
    file.addProperty("content_base64", Base64.getEncoder().encodeToString(content));
    JsonArray files = new JsonArray();
    files.add(file);
    JsonObject body = new JsonObject();
    body.addProperty("text", "with a file");
    body.add("files", files);

    Http.Answer sent = operator().post("/sandbox/workspaces/" + workspace.id() + "/messages", body);

    assertEquals(201, sent.status(), sent.body());
    JsonObject listed = operator().get("/sandbox/workspaces/" + workspace.id() + "/uploads").array().get(0)
        .getAsJsonObject();
    assertEquals("note.txt", listed.get("name").getAsString());
    assertFalse(listed.get("uri").getAsString().isEmpty());
    Http.Answer download = operator().get("/sandbox/uploads/" + listed.get("file_id").getAsString() + "/content");
    assertEquals("hello file", download.body());
    body.addProperty("from", "peer");
    assertEquals(400, operator().post("/sandbox/workspaces/" + workspace.id() + "/messages", body).status());
  }

  @Test
  void streamFaultsAndPolicyAreSetThroughJson() {
    assertEquals(200, operator().post("/sandbox/faults", "{\"fault\":\"streams_off\"}").status());
    assertEquals(404, agent.get("/workspaces/" + workspace.id() + "/events/stream").status());
    assertEquals(200, operator().post("/sandbox/faults", "{\"fault\":\"clear\"}").status());

    Http.Answer policy = operator().post("/sandbox/workspaces/" + workspace.id() + "/policy",
        "{\"talk_to_user\":false}");
    assertEquals(200, policy.status(), policy.body());
    assertEquals(403, agent.post("/workspaces/" + workspace.id() + "/notify", Bodies.notify("hi")).status());
  }
}
