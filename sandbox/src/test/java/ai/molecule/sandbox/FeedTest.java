package ai.molecule.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code GET /workspaces/<id>/activity}: order, cursor, limit, bounds and gone cursors. */
class FeedTest extends SandboxTest {

  @Test
  void rowsCarryEveryFieldAsThePlatformSendsThem() {
    SentMessage sent = sandbox.sendAsHuman(workspace.id(), "hello");

    JsonObject row = page("?type=a2a_receive").get(0).getAsJsonObject();

    assertEquals(sent.rowId(), row.get("id").getAsString());
    assertTrue(Tokens.isUuid(row.get("id").getAsString()));
    assertEquals(workspace.id(), row.get("workspace_id").getAsString());
    assertEquals("a2a_receive", row.get("activity_type").getAsString());
    assertTrue(row.has("source_id") && row.get("source_id").isJsonNull(), "a human sender is an explicit null");
    assertEquals(workspace.id(), row.get("target_id").getAsString());
    assertEquals("message/send", row.get("method").getAsString());
    assertEquals("message/send → default (queued for poll)", row.get("summary").getAsString());
    assertEquals("ok", row.get("status").getAsString());
    assertEquals("2026-04-30T17:42:05.318274Z", row.get("created_at").getAsString());
    JsonObject body = row.getAsJsonObject("request_body");
    assertEquals("2.0", body.get("jsonrpc").getAsString());
    assertEquals("message/send", body.get("method").getAsString());
    JsonObject message = body.getAsJsonObject("params").getAsJsonObject("message");
    assertEquals("user", message.get("role").getAsString());
    assertEquals(sent.messageId(), message.get("messageId").getAsString());
    assertTrue(message.has("contextId"));
    assertEquals("hello", Bodies.text(row));
    assertEquals("canvas-" + workspace.id(), message.get("contextId").getAsString());
    JsonObject metadata = body.getAsJsonObject("params").getAsJsonObject("metadata");
    assertEquals("canvas_user", metadata.get("source").getAsString());
    assertEquals("AUTHENTICATED", metadata.get("user_identity_status").getAsString());
    for (String field : List.of("user_id", "email", "username")) {
      assertFalse(metadata.get(field).getAsString().isEmpty(), field);
    }
    assertFalse(metadata.has("history"), "the canvas no longer sends history");
    assertTrue(row.get("seq").getAsLong() > 0);
    assertFalse(row.has("response_body"), "absent bodies are left out");
  }

  @Test
  void withoutACursorTheMostRecentRowsComeNewestFirst() {
    List<String> ids = sendMessages(3);

    assertEquals(List.of(ids.get(2), ids.get(1), ids.get(0)), ids(page("?type=a2a_receive")));
  }

  @Test
  void afterACursorTheRowsStrictlyAfterItComeOldestFirst() {
    List<String> ids = sendMessages(4);

    assertEquals(ids.subList(1, 4), ids(page("?type=a2a_receive&since_id=" + ids.get(0))));
    assertEquals(List.of(ids.get(3)), ids(page("?type=a2a_receive&since_id=" + ids.get(2))));
    assertEquals("[]", agent.get(activityPath() + "?type=a2a_receive&since_id=" + ids.get(3)).body(),
        "nothing new is an empty array");
  }

  @Test
  void rowsStoredInTheSameMicrosecondStillHaveADistinctOrder() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(sandbox.sendAsHuman(workspace.id(), "same instant " + i).rowId()); // the clock does not move
    }
    assertEquals(ids.subList(1, 3), ids(page("?since_id=" + ids.get(0))));
    JsonArray newestFirst = page("");
    assertEquals("2026-04-30T17:42:05.318276Z", newestFirst.get(0).getAsJsonObject().get("created_at").getAsString());
  }

  @Test
  void anUnknownCursorOrOneOfAnotherWorkspaceIs410Gone() {
    sendMessages(1);
    Http.Answer unknown = agent.get(activityPath() + "?since_id=" + UUID.randomUUID());
    assertEquals(410, unknown.status());
    assertTrue(unknown.error().contains("without since_id"), unknown.body());

    WorkspaceCredentials other = sandbox.createWorkspace("other");
    String foreignRow = sandbox.sendAsHuman(other.id(), "for the other one").rowId();
    assertEquals(410, agent.get(activityPath() + "?since_id=" + foreignRow).status());
  }

  @Test
  void aCursorThatIsNotAUuidIs500() {
    Http.Answer answer = agent.get(activityPath() + "?since_id=42");
    assertEquals(500, answer.status());
    assertEquals("cursor lookup failed", answer.error());
  }

  @Test
  void theLimitDefaultsTo100AndIsCappedAt500() {
    List<String> ids = sendMessages(600);

    assertEquals(100, page("").size());
    assertEquals(500, page("?limit=1000").size());
    assertEquals(7, page("?limit=7").size());
    assertEquals(100, page("?limit=0").size(), "a limit that is not positive is the default");
    assertEquals(100, page("?limit=many").size(), "an unreadable limit is the default");
    JsonArray after = page("?limit=1000&since_id=" + ids.get(0));
    assertEquals(500, after.size());
    assertEquals(ids.get(1), after.get(0).getAsJsonObject().get("id").getAsString());
  }

  @Test
  void sinceSecsKeepsOnlyRecentRows() {
    String old = sandbox.sendAsHuman(workspace.id(), "old").rowId();
    clock.advance(Duration.ofSeconds(120));
    String recent = sandbox.sendAsHuman(workspace.id(), "recent").rowId();
    clock.advance(Duration.ofSeconds(10));

    assertEquals(List.of(recent), ids(page("?type=a2a_receive&since_secs=60")));
    assertEquals(List.of(recent, old), ids(page("?type=a2a_receive&since_secs=300")));
    assertEquals(List.of(recent, old), ids(page("?type=a2a_receive")));
    for (String bad : List.of("0", "-5", "soon", Long.toString(Duration.ofDays(30).toSeconds() + 1))) {
      assertEquals(400, agent.get(activityPath() + "?since_secs=" + bad).status(), bad);
    }
  }

  @Test
  void theTypeFilterLeavesOutOtherActivityButNotifyRowsAreInTheFeed() {
    SentMessage fromPeer = sandbox.sendAsPeer(workspace.id(), "from a peer");
    agent.header("X-Workspace-ID", workspace.id())
        .post("/workspaces/" + sandbox.peerWorkspaceId() + "/a2a", Bodies.message("to the peer", fromPeer.messageId()));
    agent.post("/workspaces/" + workspace.id() + "/notify", Bodies.notify("to the canvas"));

    List<String> types = new ArrayList<>();
    List<String> methods = new ArrayList<>();
    for (JsonElement row : page("")) {
      types.add(row.getAsJsonObject().get("activity_type").getAsString());
      methods.add(row.getAsJsonObject().get("method").getAsString());
    }
    assertEquals(List.of("a2a_receive", "a2a_send", "a2a_receive"), types);
    assertEquals(List.of("notify", "message/send", "message/send"), methods);

    JsonArray received = page("?type=a2a_receive");
    assertEquals(2, received.size());
    JsonObject notify = received.get(0).getAsJsonObject();
    assertEquals("notify", notify.get("method").getAsString());
    assertTrue(notify.get("source_id").isJsonNull());
    assertFalse(notify.has("request_body"), "a notify row carries no request body");
    assertEquals(sandbox.peerWorkspaceId(), received.get(1).getAsJsonObject().get("source_id").getAsString());
  }

  @Test
  void ackedRowsArePrunedAfterSevenDaysOthersAfterThirtyAndTheirCursorIsThenGone() {
    String acked = sandbox.sendAsHuman(workspace.id(), "acked").rowId();
    long ackedSeq = sandbox.row(acked).orElseThrow().seq();
    String unacked = sandbox.sendAsHuman(workspace.id(), "not acked").rowId();
    assertEquals(ackedSeq, agent.post(activityPath() + "/ack", ackBody(ackedSeq)).json().get("last_acked_seq")
        .getAsLong());

    clock.advance(Duration.ofDays(7).plusSeconds(1));
    assertEquals(200, agent.get(activityPath() + "?since_id=" + acked).status(), "rows go only when the job runs");
    assertEquals(1, sandbox.pruneActivity());

    assertEquals(410, agent.get(activityPath() + "?since_id=" + acked).status());
    assertEquals(List.of(unacked), ids(page("")), "an unacknowledged row stays");

    clock.advance(Duration.ofDays(23));
    sandbox.tick();
    assertEquals("[]", agent.get(activityPath()).body(), "every row goes after 30 days");
    assertEquals(410, agent.get(activityPath() + "?since_id=" + unacked).status());
  }

  @Test
  void anAckKeepsTheLargestSeqAndRefusesBadValues() {
    assertEquals(40, agent.post(activityPath() + "/ack", ackBody(40)).json().get("last_acked_seq").getAsLong());
    assertEquals(40, agent.post(activityPath() + "/ack", ackBody(7)).json().get("last_acked_seq").getAsLong(),
        "an old ack is a no-op answered with the stored maximum");
    assertEquals(40, sandbox.ackedSeq(workspace.id()));

    assertEquals("acked_seq is required", agent.post(activityPath() + "/ack", "{}").error());
    assertEquals("acked_seq must be >= 0", agent.post(activityPath() + "/ack", ackBody(-1)).error());
    Http.Answer decimal = agent.post(activityPath() + "/ack", "{\"acked_seq\": 41.0}");
    assertEquals(400, decimal.status());
    assertEquals(40, sandbox.ackedSeq(workspace.id()));
    WorkspaceCredentials other = sandbox.createWorkspace("other");
    assertEquals(401, agent.post("/workspaces/" + other.id() + "/activity/ack", ackBody(1)).status());
  }

  private static JsonObject ackBody(long seq) {
    JsonObject body = new JsonObject();
    body.addProperty("acked_seq", seq);
    return body;
  }

  /** Sends {@code count} canvas messages a second apart; their row ids, oldest first. */
  private List<String> sendMessages(int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(sandbox.sendAsHuman(workspace.id(), "message " + i).rowId());
      clock.advance(Duration.ofSeconds(1));
    }
    return ids;
  }

  private JsonArray page(String query) {
    Http.Answer answer = agent.get(activityPath() + query);
    assertEquals(200, answer.status(), answer.body());
    return answer.array();
  }

  private static List<String> ids(JsonArray rows) {
    List<String> ids = new ArrayList<>();
    rows.forEach(row -> ids.add(row.getAsJsonObject().get("id").getAsString()));
    return ids;
  }
}
