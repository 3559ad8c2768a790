package ai.molecule.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code /a2a} to a workspace the sandbox simulates in push mode: the peer's answer in the body. */
class PushPeerTest extends SandboxTest {

  private Http caller() {
    return agent.header("X-Workspace-ID", workspace.id());
  }

  private String peerPath() {
    return "/workspaces/" + sandbox.peerWorkspaceId() + "/a2a";
  }

  @Test
  void thePeerHoldsTheCallAndAnswersWithItsJsonRpcResult() {
    sandbox.simulatePush(sandbox.peerWorkspaceId(), PushAnswer.result("thanks").after(Duration.ofMillis(200)));
    JsonObject request = Bodies.message("the reply", null);
    long started = System.nanoTime();

    Http.Answer answer = caller().post(peerPath(), request);

    assertTrue(System.nanoTime() - started >= Duration.ofMillis(200).toNanos(), "held for the configured time");
    assertEquals(200, answer.status(), answer.body());
    JsonObject body = answer.json();
    assertEquals("2.0", body.get("jsonrpc").getAsString());
    assertEquals(request.get("id").getAsString(), body.get("id").getAsString());
    JsonObject result = body.getAsJsonObject("result");
    assertEquals("message", result.get("kind").getAsString());
    assertEquals("agent", result.get("role").getAsString());
    assertEquals("thanks", result.getAsJsonArray("parts").get(0).getAsJsonObject().get("text").getAsString());
    FeedRow row = sandbox.activity(sandbox.peerWorkspaceId(), 1).get(0);
    assertEquals(body, row.responseBody(), "the exchange is recorded in the peer's feed");
    List<A2aCall> calls = sandbox.a2aCalls();
    assertEquals(1, calls.size(), "one delivery");
    assertEquals(Bodies.messageId(row.toJson()), calls.get(0).messageId());
  }

  @Test
  void theDefaultPeerIsAPollTargetUntilSwitchedToPush() {
    assertEquals("queued", caller().post(peerPath(), Bodies.message("first", null)).json().get("status").getAsString());
    sandbox.simulatePush(sandbox.peerWorkspaceId(), PushAnswer.result(SandboxPlatform.PEER_ANSWER));
    Http.Answer answer = caller().post(peerPath(), Bodies.message("hi", null));
    assertEquals(SandboxPlatform.PEER_ANSWER, answer.json().getAsJsonObject("result").getAsJsonArray("parts").get(0)
        .getAsJsonObject().get("text").getAsString());
  }

  @Test
  void answersComeInTurnAndTheLastRepeats() {
    sandbox.simulatePush(sandbox.peerWorkspaceId(), PushAnswer.unavailable(503, 30), PushAnswer.unavailable(502, 5),
        PushAnswer.queued(), PushAnswer.jsonRpcError(-32603, "boom"), PushAnswer.emptyBody());

    Http.Answer busy = caller().post(peerPath(), Bodies.message("1", null));
    assertEquals(503, busy.status());
    assertEquals("30", busy.headers().firstValue("Retry-After").orElseThrow());
    Http.Answer unreachable = caller().post(peerPath(), Bodies.message("2", null));
    assertEquals(502, unreachable.status());
    assertEquals("failed to reach workspace agent", unreachable.error());
    Http.Answer queued = caller().post(peerPath(), Bodies.message("3", null));
    assertEquals(202, queued.status());
    assertTrue(queued.json().get("queued").getAsBoolean());
    assertTrue(queued.json().has("queue_id"));
    Http.Answer error = caller().post(peerPath(), Bodies.message("4", null));
    assertEquals(200, error.status(), "a JSON-RPC error comes with HTTP 200");
    assertEquals(-32603, error.json().getAsJsonObject("error").get("code").getAsInt());
    for (int i = 0; i < 2; i++) {
      Http.Answer empty = caller().post(peerPath(), Bodies.message("5", null));
      assertEquals(200, empty.status());
      assertEquals("agent returned empty response body", empty.error());
    }
    assertEquals(List.of(503, 502, 202, 200, 200, 200), sandbox.a2aCalls().stream().map(A2aCall::status).toList());
  }

  @Test
  void aDroppedCallLosesItsConnection() {
    sandbox.simulatePush(sandbox.peerWorkspaceId(), PushAnswer.drop());
    assertThrows(IOException.class, () -> caller().exchange(caller().builder(peerPath())
        .header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Bodies.message("x", null).toString()))));
  }

  @Test
  void aPollTargetStillAnswersQueuedAndTheOperatorCanSwitchOneToPush() {
    WorkspaceCredentials target = sandbox.createWorkspace("target");
    assertEquals("{\"status\":\"queued\",\"delivery_mode\":\"poll\",\"method\":\"message/send\"}",
        caller().post("/workspaces/" + target.id() + "/a2a", Bodies.message("hi", null)).body());

    Http.Answer set = Http.operator(sandbox.url()).post("/sandbox/workspaces/" + target.id() + "/push",
        "{\"answers\":[{\"kind\":\"result\",\"text\":\"pushed\",\"hold_ms\":1}]}");
    assertEquals(200, set.status(), set.body());
    assertEquals("pushed", caller().post("/workspaces/" + target.id() + "/a2a", Bodies.message("again", null)).json()
        .getAsJsonObject("result").getAsJsonArray("parts").get(0).getAsJsonObject().get("text").getAsString());
    Http.operator(sandbox.url()).post("/sandbox/workspaces/" + target.id() + "/push", "{\"answers\":[]}");
    assertEquals(200, caller().post("/workspaces/" + target.id() + "/a2a", Bodies.message("poll", null)).status());
    assertEquals("queued", caller().post("/workspaces/" + target.id() + "/a2a", Bodies.message("poll 2", null))
        .json().get("status").getAsString());
  }
}
