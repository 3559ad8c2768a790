package ai.molecule.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The feed's seq, peer_info, filters, the proxy's normalisation and one row per messageId. */
class FeedFiltersTest extends SandboxTest {

  @Test
  void seqIsUniqueAcrossWorkspacesAndIncreasesWithGapsInOneFeed() {
    WorkspaceCredentials other = sandbox.createWorkspace("other");
    long a = sandbox.row(sandbox.sendAsHuman(workspace.id(), "one").rowId()).orElseThrow().seq();
    long b = sandbox.row(sandbox.sendAsHuman(other.id(), "two").rowId()).orElseThrow().seq();
    long c = sandbox.row(sandbox.sendAsHuman(workspace.id(), "three").rowId()).orElseThrow().seq();
    assertTrue(a < b && b < c);
    assertTrue(c - a > 1, "another workspace's row leaves a gap");
  }

  @Test
  void includePeerInfoNamesThePeerAndListsAttachments() {
    sandbox.sendAsPeer(workspace.id(), "from the peer");
    clock.advance(Duration.ofSeconds(1));
    sandbox.sendAsHuman(workspace.id(), "see file", new UploadFile("a b.png", "image/png", new byte[] {1, 2, 3}));

    JsonArray rows = agent.get(activityPath() + "?type=a2a_receive&include=peer_info").array();

    JsonObject canvas = rows.get(0).getAsJsonObject();
    assertEquals("message/send", canvas.get("method").getAsString());
    JsonObject attachment = canvas.getAsJsonArray("attachments").get(0).getAsJsonObject();
    assertEquals("file", attachment.get("kind").getAsString());
    assertEquals("a b.png", attachment.get("name").getAsString());
    assertTrue(attachment.get("uri").getAsString().startsWith("platform-pending:" + workspace.id() + "/"));
    assertFalse(attachment.has("mime_type"), "no mime type for canvas files");
    assertFalse(canvas.has("peer_name"), "a human has no peer fields");
    JsonObject peer = rows.get(rows.size() - 1).getAsJsonObject();
    assertEquals("peer", peer.get("peer_name").getAsString());
    assertEquals(sandbox.url() + "/registry/discover/" + sandbox.peerWorkspaceId(),
        peer.get("agent_card_url").getAsString());
    assertFalse(agent.get(activityPath()).array().get(0).getAsJsonObject().has("attachments"),
        "only with include=peer_info");
  }

  @Test
  void sourcePeerIdAndBeforeTsFilter() {
    String human = sandbox.sendAsHuman(workspace.id(), "human").rowId();
    clock.advance(Duration.ofSeconds(10));
    String cutoff = Timestamps.format(clock.instant());
    String peer = sandbox.sendAsPeer(workspace.id(), "peer").rowId();

    assertEquals(List.of(human), ids(agent.get(activityPath() + "?source=canvas").array()));
    assertEquals(List.of(peer), ids(agent.get(activityPath() + "?source=agent").array()));
    assertEquals(List.of(peer), ids(agent.get(activityPath() + "?peer_id=" + sandbox.peerWorkspaceId()).array()));
    assertEquals(List.of(human), ids(agent.get(activityPath() + "?before_ts=" + cutoff).array()));
    assertEquals(400, agent.get(activityPath() + "?before_ts=yesterday").status());
    assertEquals(400, agent.get(activityPath() + "?source=email").status());
  }

  @Test
  void aResentMessageIdUpdatesItsRowAndAddsNone() {
    WorkspaceCredentials target = sandbox.createWorkspace("target");
    Http caller = agent.header("X-Workspace-ID", workspace.id());
    JsonObject first = Bodies.message("first wording", null);
    JsonObject resent = first.deepCopy();
    resent.getAsJsonObject("params").getAsJsonObject("message").getAsJsonArray("parts").get(0).getAsJsonObject()
        .addProperty("text", "second wording");
    assertEquals(200, caller.post("/workspaces/" + target.id() + "/a2a", first).status());
    assertEquals(200, caller.post("/workspaces/" + target.id() + "/a2a", resent).status());

    List<FeedRow> rows = sandbox.activity(target.id(), 10);
    assertEquals(1, rows.size());
    assertEquals("second wording", Bodies.text(rows.get(0).toJson()));
  }

  @Test
  void theProxyNormalisesABodyWithoutJsonrpcV02ContentAndPartTypes() {
    WorkspaceCredentials target = sandbox.createWorkspace("target");
    String old = "{\"method\":\"message/send\",\"extra\":1,\"params\":{\"message\":{"
        + "\"content\":[{\"type\":\"text\",\"text\":\"old style\"}]}}}";
    Http.Answer answer = agent.post("/workspaces/" + target.id() + "/a2a", old);
    assertEquals(200, answer.status(), answer.body());
    assertEquals("{\"status\":\"queued\",\"delivery_mode\":\"poll\",\"method\":\"message/send\"}", answer.body());

    JsonObject body = sandbox.activity(target.id(), 1).get(0).requestBody();
    assertEquals("2.0", body.get("jsonrpc").getAsString());
    assertTrue(body.has("id"));
    assertFalse(body.has("extra"), "only method and params are kept");
    JsonObject message = body.getAsJsonObject("params").getAsJsonObject("message");
    assertEquals("user", message.get("role").getAsString());
    assertFalse(message.get("messageId").getAsString().isEmpty());
    assertFalse(message.has("content"));
    assertEquals("text", message.getAsJsonArray("parts").get(0).getAsJsonObject().get("kind").getAsString());
  }

  @Test
  void everyA2aCallIsRecordedWithItsMessageIdAndJsonRpcId() {
    WorkspaceCredentials target = sandbox.createWorkspace("target");
    JsonObject request = Bodies.message("once", null);
    agent.post("/workspaces/" + target.id() + "/a2a", request);

    A2aCall call = sandbox.a2aCalls().get(0);
    assertEquals(workspace.id(), call.callerId());
    assertEquals(target.id(), call.targetId());
    assertEquals(Bodies.messageId(sandbox.activity(target.id(), 1).get(0).toJson()), call.messageId());
    assertEquals(request.get("id").getAsString(), call.jsonRpcId());
    assertEquals(200, call.status());
    String json = Http.operator(sandbox.url()).get("/sandbox/a2a-calls").body();
    assertEquals(call.messageId(),
        JsonParser.parseString(json).getAsJsonArray().get(0).getAsJsonObject().get("message_id").getAsString());
  }

  static List<String> ids(JsonArray rows) {
    List<String> ids = new ArrayList<>();
    rows.forEach(row -> ids.add(row.getAsJsonObject().get("id").getAsString()));
    return ids;
  }
}
