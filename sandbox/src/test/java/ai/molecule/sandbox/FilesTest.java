package ai.molecule.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Canvas uploads staged for the agent, their content and ack, and the agent's own uploads. */
class FilesTest extends SandboxTest {

  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};

  @Test
  void eachFileIsStagedWithItsOwnRowBeforeTheMessageThatPointsAtIt() {
    SentMessage sent = sandbox.sendAsHuman(workspace.id(), "look", new UploadFile("a.png", "image/png", PNG));

    JsonArray rows = agent.get(activityPath() + "?type=a2a_receive").array();
    assertEquals(2, rows.size());
    JsonObject message = rows.get(0).getAsJsonObject();
    JsonObject upload = rows.get(1).getAsJsonObject();
    assertEquals(sent.rowId(), message.get("id").getAsString());
    assertTrue(upload.get("seq").getAsLong() < message.get("seq").getAsLong(), "the upload row comes first");
    assertEquals("chat_upload_receive", upload.get("method").getAsString());
    assertEquals("chat_upload_receive: a.png", upload.get("summary").getAsString());
    assertTrue(upload.get("source_id").isJsonNull());
    JsonObject staged = upload.getAsJsonObject("request_body");
    String fileId = staged.get("file_id").getAsString();
    assertEquals("a.png", staged.get("name").getAsString());
    assertEquals("image/png", staged.get("mimeType").getAsString());
    assertEquals(PNG.length, staged.get("size").getAsLong());
    String uri = "platform-pending:" + workspace.id() + "/" + fileId;
    assertEquals(uri, staged.get("uri").getAsString());
    JsonObject filePart = message.getAsJsonObject("request_body").getAsJsonObject("params")
        .getAsJsonObject("message").getAsJsonArray("parts").get(1).getAsJsonObject();
    assertEquals("file", filePart.get("kind").getAsString());
    assertEquals(uri, filePart.getAsJsonObject("file").get("uri").getAsString());
  }

  @Test
  void theContentIsServedWithItsHeadersAndAnAckIsRecorded() throws Exception {
    sandbox.sendAsHuman(workspace.id(), "look", new UploadFile("a.png", "image/png", PNG));
    StagedFile file = sandbox.stagedFiles(workspace.id()).get(0);
    String path = "/workspaces/" + workspace.id() + "/pending-uploads/" + file.fileId();

    HttpResponse<byte[]> response = Http.client().send(agent.builder(path + "/content").GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, response.statusCode());
    assertEquals("image/png", response.headers().firstValue("Content-Type").orElseThrow());
    assertEquals(Integer.toString(PNG.length), response.headers().firstValue("Content-Length").orElseThrow());
    assertTrue(response.headers().firstValue("Content-Disposition").orElseThrow().contains("a.png"));
    assertArrayEquals(PNG, response.body());
    assertFalse(sandbox.stagedFile(file.fileId()).orElseThrow().acknowledged());

    Http.Answer ack = agent.post(path + "/ack", "");
    assertEquals(200, ack.status(), ack.body());
    assertEquals("{\"acked\":true}", ack.body());
    assertEquals(200, agent.post(path + "/ack", "").status(), "repeatable");
    StagedFile acked = sandbox.stagedFile(file.fileId()).orElseThrow();
    assertTrue(acked.acknowledged());
    assertEquals(2, acked.acks());

    clock.advance(Duration.ofMinutes(61));
    assertEquals(404, agent.get(path + "/content").status(), "an acked file stays readable about an hour");
  }

  @Test
  void unknownExpiredOrAnotherWorkspacesFilesAre404AndANonUuidIs400() {
    sandbox.sendAsHuman(workspace.id(), "look", new UploadFile("a.png", "image/png", PNG));
    StagedFile file = sandbox.stagedFiles(workspace.id()).get(0);
    String base = "/workspaces/" + workspace.id() + "/pending-uploads/";
    assertEquals(404, agent.get(base + UUID.randomUUID() + "/content").status());
    assertEquals(400, agent.get(base + "not-a-uuid/content").status());
    assertEquals(400, agent.post(base + "not-a-uuid/ack", "").status());

    WorkspaceCredentials other = sandbox.createWorkspace("other");
    Http asOther = Http.to(sandbox.url()).token(other.token());
    assertEquals(404, asOther.get("/workspaces/" + other.id() + "/pending-uploads/" + file.fileId() + "/content")
        .status(), "another workspace's file is not found with our token");

    clock.advance(Duration.ofHours(24));
    assertEquals(404, agent.get(base + file.fileId() + "/content").status(), "expired after 24 h");
    assertEquals(404, agent.post(base + file.fileId() + "/ack", "").status());
  }

  @Test
  void theAgentsOwnUploadIsStagedLikeAUsersAndItsNotifyAttachmentIsDownloadable() throws Exception {
    SentMessage question = sandbox.sendAsHuman(workspace.id(), "make me a chart");
    byte[] chart = "chart bytes".getBytes(StandardCharsets.UTF_8);

    var upload = agent.exchange(multipart("/workspaces/" + workspace.id() + "/chat/uploads",
        "my chart (final).png", "image/png", chart));

    assertEquals(200, upload.statusCode(), upload.body());
    JsonObject file = com.google.gson.JsonParser.parseString(upload.body()).getAsJsonObject()
        .getAsJsonArray("files").get(0).getAsJsonObject();
    assertEquals("my_chart__final_.png", file.get("name").getAsString(), "names are sanitised");
    assertEquals("image/png", file.get("mimeType").getAsString());
    assertEquals(chart.length, file.get("size").getAsLong());
    String uri = file.get("uri").getAsString();
    assertTrue(uri.startsWith("platform-pending:" + workspace.id() + "/"));
    JsonObject ownRow = agent.get(activityPath()).array().get(0).getAsJsonObject();
    assertEquals("chat_upload_receive", ownRow.get("method").getAsString(), "a row for our own file in our feed");

    JsonObject notify = Bodies.notify("here it is");
    JsonArray attachments = new JsonArray();
    attachments.add(file);
    notify.add("attachments", attachments);
    assertEquals(200, agent.post("/workspaces/" + workspace.id() + "/notify", notify).status());

    Reply reply = sandbox.awaitReply(question, Duration.ofSeconds(1)).orElseThrow();
    Reply.Attachment attached = reply.attachments().get(0);
    assertEquals(uri, attached.uri());
    assertEquals("image/png", attached.mimeType());
    assertArrayEquals(chart, sandbox.download(attached.uri()).orElseThrow(), "downloadable through the platform");
  }

  @Test
  void anUploadWithoutFilesIs400() throws Exception {
    var plain = agent.exchange(agent.builder("/workspaces/" + workspace.id() + "/chat/uploads")
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertEquals(400, plain.statusCode());
    assertEquals("file_1.txt", FilesApi.sanitise("file 1.txt"));
    assertEquals(100, FilesApi.sanitise("x".repeat(300)).length());
  }

  private HttpRequest.Builder multipart(String path, String name, String type, byte[] content) {
    String boundary = "sandbox-test-boundary";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + name
        + "\"\r\nContent-Type: " + type + "\r\n\r\n";
    body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
    body.writeBytes(content);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return agent.builder(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
  }
}
