package ai.molecule.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code /a2a}, {@code /notify} and logged activity: what lands in which feed. */
class MessagingTest extends SandboxTest {

  @Test
  void a2aQueuesTheRequestAsARowInTheTargetsFeed() {
    WorkspaceCredentials target = sandbox.createWorkspace("target");
    JsonObject request = Bodies.message("hello, target", null);

    Http.Answer answer = asCaller().post("/workspaces/" + target.id() + "/a2a", request);

    assertEquals(200, answer.status(), answer.body());
    assertEquals("queued", answer.json().get("status").getAsString());
    assertEquals("poll", answer.json().get("delivery_mode").getAsString());
    JsonArray feed = Http.to(sandbox.url()).token(target.token())
        .get("/workspaces/" + target.id() + "/activity?type=a2a_receive").array();
    assertEquals(1, feed.size());
    JsonObject row = feed.get(0).getAsJsonObject();
    assertEquals(workspace.id(), row.get("source_id").getAsString());
    assertEquals(target.id(), row.get("target_id").getAsString());
    assertEquals(target.id(), row.get("workspace_id").getAsString());
    assertEquals("message/send", row.get("method").getAsString());
    assertEquals(request, row.getAsJsonObject("request_body"));

    JsonObject bookkeeping = agent.get(activityPath()).array().get(0).getAsJsonObject();
    assertEquals("a2a_send", bookkeeping.get("activity_type").getAsString());
    assertEquals(target.id(), bookkeeping.get("target_id").getAsString());
  }

  @Test
  void theSameMessageIdIsStoredOnce() {
    WorkspaceCredentials target = sandbox.createWorkspace("target");
    JsonObject request = Bodies.message("sent twice", null);
    assertEquals(200, asCaller().post("/workspaces/" + target.id() + "/a2a", request).status());
    assertEquals(200, asCaller().post("/workspaces/" + target.id() + "/a2a", request).status());

    assertEquals(1, sandbox.activity(target.id(), 10).size());
  }

  @Test
  void a2aRefusesUnknownTargetsMissingOrFalseCallersAndBadBodies() {
    Http.Answer unknown = asCaller().post("/workspaces/" + UUID.randomUUID() + "/a2a", Bodies.message("hi", null));
    assertEquals(403, unknown.status(), "no such target is an access denial, not a 404");
    assertTrue(unknown.error().startsWith("access denied"), unknown.body());

    Http.Answer systemCaller = agent.header("X-Workspace-ID", "system:scheduler")
        .post("/workspaces/" + sandbox.peerWorkspaceId() + "/a2a", Bodies.message("hi", null));
    assertEquals(403, systemCaller.status());

    Http.Answer falseCaller = agent.header("X-Workspace-ID", sandbox.peerWorkspaceId())
        .post("/workspaces/" + sandbox.peerWorkspaceId() + "/a2a", Bodies.message("hi", null));
    assertEquals(401, falseCaller.status(), "the caller header is checked against the token");
    assertEquals("caller ID does not match workspace auth token", falseCaller.error());

    JsonObject noMessage = Bodies.message("hi", null);
    noMessage.getAsJsonObject("params").remove("message");
    Http.Answer badBody = asCaller().post("/workspaces/" + sandbox.peerWorkspaceId() + "/a2a", noMessage);
    assertEquals(400, badBody.status());
    assertTrue(badBody.error().contains("params.message"), badBody.body());
    assertEquals(400, asCaller().post("/workspaces/" + sandbox.peerWorkspaceId() + "/a2a", "nope").status());
    assertTrue(sandbox.activity(sandbox.peerWorkspaceId(), 10).isEmpty());
  }

  @Test
  void aReplyToThePeerIsMatchedByInReplyTo() throws InterruptedException {
    SentMessage question = sandbox.sendAsPeer(workspace.id(), "what is 6 x 7?");
    JsonObject row = agent.get(activityPath() + "?type=a2a_receive").array().get(0).getAsJsonObject();
    assertEquals(sandbox.peerWorkspaceId(), row.get("source_id").getAsString());
    clock.advance(Duration.ofMillis(1500));

    asCaller().post("/workspaces/" + sandbox.peerWorkspaceId() + "/a2a", Bodies.message("42", Bodies.messageId(row)));

    Reply reply = sandbox.awaitReply(question, Duration.ofSeconds(1)).orElseThrow();
    assertEquals(Reply.Kind.AGENT, reply.kind());
    assertEquals("42", reply.text());
    assertEquals(question.messageId(), reply.inReplyTo());
    assertEquals(question.messageId(), reply.answers());
    assertEquals(1500, reply.tookMillis());
    assertEquals(workspace.id(), reply.workspaceId());
    assertEquals(List.of(reply), sandbox.replies(workspace.id()));
  }

  @Test
  void notifyStoresANotifyRowInTheWorkspacesOwnFeedAndACanvasReply() throws InterruptedException {
    SentMessage question = sandbox.sendAsHuman(workspace.id(), "hello?");
    clock.advance(Duration.ofMillis(250));
    JsonObject body = Bodies.notify("hello, human");
    JsonObject file = new JsonObject();
    file.addProperty("uri", "https://files.example.com/a.txt");
    file.addProperty("name", "a.txt");
    file.addProperty("mimeType", "text/plain");
    JsonArray attachments = new JsonArray();
    attachments.add(file);
    body.add("attachments", attachments);

    Http.Answer answer = agent.post("/workspaces/" + workspace.id() + "/notify", body);

    assertEquals(200, answer.status(), answer.body());
    assertEquals("sent", answer.json().get("status").getAsString());
    JsonObject row = agent.get(activityPath() + "?type=a2a_receive").array().get(0).getAsJsonObject();
    assertEquals("notify", row.get("method").getAsString());
    assertTrue(row.get("source_id").isJsonNull());
    assertFalse(row.has("request_body"));
    Reply reply = sandbox.awaitReply(question, Duration.ofSeconds(1)).orElseThrow();
    assertEquals(Reply.Kind.CANVAS, reply.kind());
    assertEquals("hello, human", reply.text());
    assertEquals(List.of(new Reply.Attachment("a.txt", "https://files.example.com/a.txt", "text/plain", null)),
        reply.attachments());
    assertEquals(row.get("id").getAsString(), reply.rowId());
    assertEquals(250, reply.tookMillis());
    assertNull(reply.inReplyTo());
  }

  @Test
  void canvasMessagesSentTogetherEachGetTheirReplyInOrder() throws InterruptedException {
    SentMessage first = sandbox.sendAsHuman(workspace.id(), "one");
    SentMessage second = sandbox.sendAsHuman(workspace.id(), "two");
    agent.post("/workspaces/" + workspace.id() + "/notify", Bodies.notify("answer one"));
    agent.post("/workspaces/" + workspace.id() + "/notify", Bodies.notify("answer two"));

    assertEquals("answer one", sandbox.awaitReply(first, Duration.ofSeconds(1)).orElseThrow().text());
    assertEquals("answer two", sandbox.awaitReply(second, Duration.ofSeconds(1)).orElseThrow().text());
  }

  @Test
  void aSecondNotifyIsNotTakenForTheAnswerToTheSameMessageAgain() {
    sandbox.sendAsHuman(workspace.id(), "question");
    agent.post("/workspaces/" + workspace.id() + "/notify", Bodies.notify("working on it…"));
    agent.post("/workspaces/" + workspace.id() + "/notify", Bodies.notify("done"));

    List<Reply> replies = sandbox.replies(workspace.id());
    assertTrue(replies.get(0).answers() != null);
    assertNull(replies.get(1).answers());
  }

  @Test
  void notifyNeedsAMessageAndAttachmentsNeedUriAndName() {
    String path = "/workspaces/" + workspace.id() + "/notify";
    Http.Answer noMessage = agent.post(path, "{}");
    assertEquals(400, noMessage.status());
    assertEquals("message is required", noMessage.error());
    assertEquals("message is required", agent.post(path, Bodies.notify("")).error());
    assertEquals("message is required", agent.post(path, "not json").error());

    JsonObject body = Bodies.notify("with a bad file");
    JsonArray attachments = new JsonArray();
    attachments.add(Json.of("name", "no-uri.txt"));
    body.add("attachments", attachments);
    Http.Answer badFile = agent.post(path, body);
    assertEquals(400, badFile.status());
    assertEquals("attachment[0]: uri and name are required", badFile.error());

    WorkspaceCredentials other = sandbox.createWorkspace("other");
    assertEquals(401, agent.post("/workspaces/" + other.id() + "/notify", Bodies.notify("not mine")).status());
    assertTrue(sandbox.replies(workspace.id()).isEmpty());
  }

  @Test
  void anAgentMayLogItsOwnActivityButNotInAnotherWorkspacesName() {
    JsonObject log = new JsonObject();
    log.addProperty("activity_type", "task_update");
    log.addProperty("summary", "halfway there");
    Http.Answer logged = agent.post(activityPath(), log);
    assertEquals(200, logged.status(), logged.body());
    assertEquals("logged", logged.json().get("status").getAsString());
    JsonObject row = agent.get(activityPath()).array().get(0).getAsJsonObject();
    assertEquals("task_update", row.get("activity_type").getAsString());
    assertEquals(workspace.id(), row.get("source_id").getAsString());
    assertEquals("halfway there", row.get("summary").getAsString());
    assertEquals("[]", agent.get(activityPath() + "?type=a2a_receive").body());

    log.addProperty("activity_type", "gossip");
    assertEquals(400, agent.post(activityPath(), log).status());
    log.addProperty("activity_type", "agent_log");
    log.addProperty("source_id", sandbox.peerWorkspaceId());
    assertEquals(403, agent.post(activityPath(), log).status());
  }

  private Http asCaller() {
    return agent.header("X-Workspace-ID", workspace.id());
  }
}
