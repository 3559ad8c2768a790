package ai.molecule.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

/** The notify row's response body, and the operator's switches: talk to users, send, budget. */
class NotifyAndPolicyTest extends SandboxTest {

  @Test
  void aNotifyRowCarriesItsResultAndFileParts() {
    JsonObject body = Bodies.notify("the answer");
    JsonObject file = new JsonObject();
    file.addProperty("uri", "https://files.example.com/r.pdf");
    file.addProperty("name", "r.pdf");
    JsonArray attachments = new JsonArray();
    attachments.add(file);
    body.add("attachments", attachments);
    assertEquals(200, agent.post("/workspaces/" + workspace.id() + "/notify", body).status());

    JsonObject row = agent.get(activityPath()).array().get(0).getAsJsonObject();
    JsonObject response = row.getAsJsonObject("response_body");
    assertEquals("the answer", response.get("result").getAsString());
    JsonObject part = response.getAsJsonArray("parts").get(0).getAsJsonObject();
    assertEquals("file", part.get("kind").getAsString());
    assertEquals("r.pdf", part.getAsJsonObject("file").get("name").getAsString());
    assertFalse(row.has("request_body"));
  }

  @Test
  void aWorkspaceForbiddenToTalkToUsersGets403WithAHint() {
    sandbox.allowTalkToUser(workspace.id(), false);

    Http.Answer answer = agent.post("/workspaces/" + workspace.id() + "/notify", Bodies.notify("hello"));

    assertEquals(403, answer.status());
    assertEquals("talk_to_user_disabled", answer.error());
    assertFalse(answer.json().get("hint").getAsString().isEmpty());
    assertTrue(sandbox.replies(workspace.id()).isEmpty());
    assertTrue(sandbox.activity(workspace.id(), 10).isEmpty(), "no notify row");

    Http.operator(sandbox.url()).post("/sandbox/workspaces/" + workspace.id() + "/policy", "{\"talk_to_user\":true}");
    assertEquals(200, agent.post("/workspaces/" + workspace.id() + "/notify", Bodies.notify("hello")).status());
  }

  @Test
  void aWorkspaceForbiddenToSendGetsToolCallFailedAndATargetOverBudget402() {
    WorkspaceCredentials target = sandbox.createWorkspace("target");
    Http caller = agent.header("X-Workspace-ID", workspace.id());
    sandbox.allowSending(workspace.id(), false);
    Http.Answer forbidden = caller.post("/workspaces/" + target.id() + "/a2a", Bodies.message("hi", null));
    assertEquals(403, forbidden.status());
    assertEquals("tool call failed", forbidden.error());
    sandbox.allowSending(workspace.id(), true);

    sandbox.setBudget(target.id(), 1000);
    JsonObject spend = Bodies.heartbeat(target.id(), 0, 0, "");
    spend.addProperty("monthly_spend", 1000);
    Http.to(sandbox.url()).token(target.token()).post("/registry/heartbeat", spend);
    Http.Answer overBudget = caller.post("/workspaces/" + target.id() + "/a2a", Bodies.message("hi", null));
    assertEquals(402, overBudget.status());
    assertEquals("workspace budget limit exceeded", overBudget.error());
    assertTrue(sandbox.activity(target.id(), 10).isEmpty());
  }
}
