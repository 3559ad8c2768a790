package ai.molecule.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code /sandbox/} JSON endpoints the page and {@code molecule send} use. */
class OperatorApiTest extends SandboxTest {

  private Http operator;

  @BeforeEach
  void operator() {
    operator = Http.operator(sandbox.url());
  }

  @Test
  void infoNamesTheApiUrlAndTheTwoWorkspacesMadeAtStart() {
    JsonObject info = operator.get("/sandbox/info").json();
    assertEquals(sandbox.url().toString(), info.get("api_url").getAsString());
    assertEquals(workspace.id(), info.get("default_workspace").getAsString());
    assertEquals(sandbox.peerWorkspaceId(), info.get("peer_workspace").getAsString());

    JsonArray workspaces = operator.get("/sandbox/workspaces").array();
    assertEquals(2, workspaces.size());
    for (JsonElement ws : workspaces) {
      assertFalse(ws.getAsJsonObject().has("token"), "the list never shows tokens");
    }
  }

  @Test
  void creatingAWorkspaceReturnsItsIdAndToken() {
    Http.Answer created = operator.post("/sandbox/workspaces", Json.of("name", "second"));
    assertEquals(201, created.status(), created.body());
    JsonObject credentials = created.json();
    assertTrue(Tokens.isUuid(credentials.get("id").getAsString()));
    assertTrue(credentials.get("token").getAsString().matches("[A-Za-z0-9_-]{43}"));
    assertEquals("second", credentials.get("name").getAsString());

    Http asNew = Http.to(sandbox.url()).token(credentials.get("token").getAsString());
    assertEquals(200, asNew.get("/workspaces/" + credentials.get("id").getAsString() + "/activity").status());
    assertEquals(201, operator.post("/sandbox/workspaces", "").status(), "a name is optional");
  }

  @Test
  void aMessageSentAsAHumanIsAnsweredAndTheReplyCanBeAwaited() {
    String base = "/sandbox/workspaces/" + workspace.id();
    JsonObject message = new JsonObject();
    message.addProperty("text", "hello");
    message.addProperty("from", "human");
    Http.Answer sent = operator.post(base + "/messages", message);
    assertEquals(201, sent.status(), sent.body());
    String messageId = sent.json().get("message_id").getAsString();
    assertEquals("human", sent.json().get("sender").getAsString());

    String wait = "/sandbox/messages/" + messageId + "/reply?wait_ms=0";
    assertEquals("waiting", operator.get(wait).json().get("status").getAsString());
    agent.post("/workspaces/" + workspace.id() + "/notify", Bodies.notify("hello back"));
    JsonObject replied = operator.get(wait).json();
    assertEquals("replied", replied.get("status").getAsString());
    assertEquals("hello back", replied.getAsJsonObject("reply").get("text").getAsString());
    assertEquals("canvas", replied.getAsJsonObject("reply").get("kind").getAsString());

    JsonArray replies = operator.get(base + "/replies").array();
    assertEquals(1, replies.size());
    assertEquals(messageId, replies.get(0).getAsJsonObject().get("answers").getAsString());

    JsonObject conversation = operator.get(base + "/conversation").json();
    JsonArray entries = conversation.getAsJsonArray("entries");
    assertEquals("sent", entries.get(0).getAsJsonObject().get("type").getAsString());
    assertEquals("reply", entries.get(1).getAsJsonObject().get("type").getAsString());
    long last = conversation.get("last_seq").getAsLong();
    assertEquals(0, operator.get(base + "/conversation?after=" + last).json().getAsJsonArray("entries").size());
  }

  @Test
  void aMessageSentAsThePeerComesFromThePeerWorkspace() {
    JsonObject message = new JsonObject();
    message.addProperty("text", "hi from a peer");
    message.addProperty("from", "peer");
    assertEquals(201, operator.post("/sandbox/workspaces/" + workspace.id() + "/messages", message).status());

    JsonObject row = operator.get("/sandbox/workspaces/" + workspace.id() + "/activity").array().get(0).getAsJsonObject();
    assertEquals(sandbox.peerWorkspaceId(), row.get("source_id").getAsString());
  }

  @Test
  void badOperatorRequestsAreRefusedWithAReason() {
    String messages = "/sandbox/workspaces/" + workspace.id() + "/messages";
    assertEquals(400, operator.post(messages, "{}").status());
    JsonObject badSender = Json.of("text", "hi");
    badSender.addProperty("from", "martian");
    assertEquals(400, operator.post(messages, badSender).status());
    assertEquals(400, operator.post("/sandbox/workspaces/" + sandbox.peerWorkspaceId() + "/messages",
        Json.of("text", "to myself")).status());
    Http.Answer unknown = operator.get("/sandbox/workspaces/" + UUID.randomUUID());
    assertEquals(404, unknown.status());
    assertTrue(unknown.error().contains("no workspace"), unknown.body());
    assertEquals(404, operator.get("/sandbox/messages/" + UUID.randomUUID() + "/reply?wait_ms=0").status());
    assertEquals(405, operator.post("/sandbox/info", "{}").status());
    assertEquals(404, operator.get("/sandbox/nothing-here").status());
  }

  @Test
  void theStatusShowsTheLastHeartbeat() {
    register();
    agent.post("/registry/heartbeat", Bodies.heartbeat(workspace.id(), 0, 1, "thinking"));
    JsonObject status = operator.get("/sandbox/workspaces/" + workspace.id()).json();
    assertEquals("online", status.get("status").getAsString());
    assertEquals("thinking", status.getAsJsonObject("heartbeat").get("current_task").getAsString());
    assertEquals(1, status.getAsJsonObject("heartbeat").get("active_tasks").getAsInt());
    assertEquals(0, status.get("seen_seconds_ago").getAsLong());
    assertEquals("test agent", status.getAsJsonObject("agent_card").get("name").getAsString());
  }

  @Test
  void thePageIsServedWithItsScriptAndStyles() {
    Http.Answer page = operator.get("/");
    assertEquals(200, page.status());
    assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
    assertTrue(page.headers().firstValue("Content-Security-Policy").orElseThrow().contains("default-src 'self'"));
    assertTrue(page.body().contains("/app.js"));
    assertEquals(200, operator.get("/app.js").status());
    assertEquals(200, operator.get("/app.css").status());
  }

  @Test
  void anotherHostNameOrOriginIsRefused() throws IOException {
    String answer = rawGet("/sandbox/info", "rebound.example.com:" + sandbox.url().getPort());
    assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
    assertTrue(rawGet("/sandbox/info", "localhost:" + sandbox.url().getPort()).startsWith("HTTP/1.1 200"));

    Http.Answer crossOrigin = operator.header("Origin", "https://elsewhere.example.com")
        .post("/sandbox/workspaces/" + workspace.id() + "/messages", Json.of("text", "csrf"));
    assertEquals(403, crossOrigin.status());
    Http.Answer sameOrigin = operator.header("Origin", sandbox.url().toString())
        .post("/sandbox/workspaces/" + workspace.id() + "/messages", Json.of("text", "fine"));
    assertEquals(201, sameOrigin.status());
  }

  /** A GET with a Host header of our choosing, which the JDK client does not allow setting. */
  private String rawGet(String path, String host) throws IOException {
    try (Socket socket = new Socket(sandbox.url().getHost(), sandbox.url().getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
