package ai.molecule.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sandbox dispatching to a push-mode agent as the platform does (platform-api.md, "Push mode"). */
class PushDispatchTest extends SandboxTest {

  private PushAgent pushAgent;
  private Http caller;
  private WorkspaceCredentials callerWorkspace;

  @BeforeEach
  void startAgent() {
    pushAgent = new PushAgent();
    callerWorkspace = sandbox.createWorkspace("caller");
    caller = Http.to(sandbox.url()).token(callerWorkspace.token());
  }

  @AfterEach
  void stopAgent() {
    pushAgent.close();
  }

  private Http.Answer registerPush(String url) {
    JsonObject body = Bodies.register(workspace.id());
    body.addProperty("delivery_mode", "push");
    body.addProperty("url", url);
    return agent.post("/registry/register", body);
  }

  private String registerPushAgent() {
    Http.Answer answer = registerPush(pushAgent.url().toString());
    assertEquals(200, answer.status(), answer.body());
    return answer.json().get("platform_inbound_secret").getAsString();
  }

  private Http.Answer a2a(String text) {
    return caller.post("/workspaces/" + workspace.id() + "/a2a", Bodies.message(text, null));
  }

  private void heartbeat(int activeTasks) {
    assertEquals(200, agent.post("/registry/heartbeat", Bodies.heartbeat(workspace.id(), 0.0, activeTasks, "")).status());
  }

  /** Polls, with a deadline, until the canvas delivery reaches {@code state} (it moves on a dispatch thread). */
  private CanvasDelivery awaitCanvas(SentMessage sent, CanvasDelivery.State state) throws InterruptedException {
    long deadline = System.nanoTime() + PushAgent.patience().toNanos();
    while (true) {
      CanvasDelivery delivery = sandbox.canvasDelivery(sent.messageId()).orElseThrow();
      if (delivery.state() == state || System.nanoTime() > deadline) {
        return delivery;
      }
      Thread.sleep(5);
    }
  }

  @Test
  void aPeersMessageIsPostedExactlyToTheUrlWithTheBearerAndTheAnswerPassesThrough() throws Exception {
    String secret = registerPushAgent();
    assertEquals("push", sandbox.status(workspace.id()).deliveryMode());

    Http.Answer answer = a2a("hello");

    assertEquals(200, answer.status(), answer.body());
    assertEquals("echo: hello", answer.json().getAsJsonObject("result").getAsJsonArray("parts").get(0)
        .getAsJsonObject().get("text").getAsString());
    PushAgent.Received received = pushAgent.next();
    assertEquals("POST", received.method());
    assertEquals("/molecule", received.path(), "exactly the registered URL, nothing appended");
    assertEquals("application/json", received.header("Content-Type"));
    assertEquals("Bearer " + secret, received.header("Authorization"));
    assertNull(received.header("X-Workspace-ID"), "nothing names an agent caller");
    assertTrue(!received.text().contains(callerWorkspace.id()), "not even the body: " + received.text());
    FeedRow row = sandbox.activity(workspace.id(), 10).stream().filter(r -> "message/send".equals(r.method()))
        .findFirst().orElseThrow();
    assertEquals(row.requestBody(), received.json(), "the same envelope a poll workspace reads in its feed");
    assertEquals(answer.json(), row.responseBody(), "the exchange is recorded in the workspace's own feed");
    assertEquals(PushDispatch.Outcome.ANSWERED, sandbox.pushDispatches(workspace.id()).get(0).outcome());
  }

  @Test
  void theUrlRulesAnswer400WithTheReason() {
    assertTrue(registerPush("ftp://127.0.0.1/x").error().contains("http or https"));
    assertTrue(registerPush("http://169.254.169.254/").error().contains("link-local"));
    assertTrue(registerPush("http://100.100.1.1/").error().contains("carrier-grade NAT"));
    assertTrue(registerPush("http://192.0.2.7/").error().contains("TEST-NET"));
    assertTrue(registerPush("http://[2001:db8::1]/").error().contains("2001:db8::/32"));
    assertTrue(registerPush("http://[fe80::1]/").error().contains("fe80::/10"));
    assertTrue(registerPush("http://224.0.0.1/").error().contains("multicast"));
    assertTrue(registerPush("http://10.1.2.3/").error().contains("hosted"), "private only on hosted platforms");
    assertTrue(registerPush("http://no-such-host.invalid/").error().contains("cannot resolve"));
    JsonObject noUrl = Bodies.register(workspace.id());
    noUrl.addProperty("delivery_mode", "push");
    assertTrue(agent.post("/registry/register", noUrl).error().contains("needs a url"));
    assertEquals(400, registerPush("http://10.1.2.3/").status());
    assertEquals("poll", sandbox.status(workspace.id()).deliveryMode(), "a refused register changes nothing");

    assertEquals(200, registerPush("http://127.0.0.1:9/").status(), "loopback on a platform in dev mode");
    sandbox.devPlatform(false);
    Http.Answer loopback = registerPush("http://127.0.0.1:9/");
    assertEquals(400, loopback.status());
    assertTrue(loopback.error().contains("dev mode"), loopback.body());
    assertEquals(200, registerPush("http://localhost:9/").status(), "localhost passes registration");
  }

  @Test
  void theCardsUrlIsCheckedAndUsedWhenUrlIsEmpty() throws Exception {
    JsonObject body = Bodies.register(workspace.id());
    body.addProperty("delivery_mode", "push");
    body.addProperty("url", "");
    body.getAsJsonObject("agent_card").addProperty("url", pushAgent.url().toString());
    assertEquals(200, agent.post("/registry/register", body).status());
    assertEquals(pushAgent.url(), sandbox.pushUrl(workspace.id()).orElseThrow());
    body.getAsJsonObject("agent_card").addProperty("url", "http://169.254.0.1/");
    body.addProperty("url", pushAgent.url().toString());
    assertEquals(400, agent.post("/registry/register", body).status(), "the card's URL is checked too");
  }

  @Test
  void reRegisteringChangesTheModeBothWays() throws Exception {
    registerPushAgent();
    assertEquals(200, a2a("one").status());
    assertEquals(200, agent.post("/registry/register", Bodies.register(workspace.id())).status());
    assertEquals("queued", a2a("two").json().get("status").getAsString(), "a poll target again");
    assertTrue(sandbox.pushUrl(workspace.id()).isEmpty());
    registerPushAgent();
    assertEquals(200, a2a("three").status());
    assertEquals(List.of("one", "three"), pushAgent.received().stream().map(r -> PushAgent.firstText(r.json())).toList());
  }

  @Test
  void aDroppedConnectionIsRedeliveredWithTheSameBodyOnTheNextHeartbeatWithRoomAtMostFiveTimes() throws Exception {
    registerPushAgent();
    sandbox.faults().dropNextDispatch(100);

    Http.Answer queued = a2a("again and again");

    assertEquals(202, queued.status(), queued.body());
    assertTrue(queued.json().get("queued").getAsBoolean());
    String queueId = queued.json().get("queue_id").getAsString();
    JsonObject first = pushAgent.next().json();
    heartbeat(1);
    assertEquals(1, sandbox.pushDispatches(workspace.id()).size(), "no room: active_tasks is not below 1");
    assertEquals(1, sandbox.pushQueueDepth(workspace.id()));
    for (int attempt = 2; attempt <= 6; attempt++) {
      heartbeat(0);
      List<PushDispatch> dispatches = sandbox.awaitPushDispatches(workspace.id(), attempt, PushAgent.patience());
      assertEquals(attempt, dispatches.size());
      assertEquals(attempt, dispatches.get(attempt - 1).attempt());
      assertEquals(first, pushAgent.next().json(), "the same body: same id, same messageId");
    }
    heartbeat(0);
    assertEquals(6, sandbox.pushDispatches(workspace.id()).size(), "the first delivery and at most 5 from the queue");
    assertEquals(0, sandbox.pushQueueDepth(workspace.id()));
    JsonObject item = caller.get("/workspaces/" + callerWorkspace.id() + "/a2a/queue/" + queueId).json();
    assertEquals("failed", item.get("status").getAsString());
    assertEquals(5, item.get("attempts").getAsInt());
    assertTrue(sandbox.pushDispatches(workspace.id()).stream().allMatch(d -> d.outcome() == PushDispatch.Outcome.DROPPED));
  }

  @Test
  void aRedeliveryThatIsAnsweredCompletesTheQueueItemAndShowsOnTheCanvas() throws Exception {
    registerPushAgent();
    sandbox.faults().dropNextDispatch(1);

    SentMessage sent = sandbox.sendAsHuman(workspace.id(), "hi there");

    JsonObject first = pushAgent.next().json();
    CanvasDelivery queued = awaitCanvas(sent, CanvasDelivery.State.QUEUED);
    assertEquals(CanvasDelivery.State.QUEUED, queued.state());
    assertEquals(202, queued.callerStatus());
    assertEquals("canvas_user", first.getAsJsonObject("params").getAsJsonObject("metadata").get("source").getAsString());
    assertEquals("canvas-" + workspace.id(), A2aRequests.messageOf(first).get("contextId").getAsString());
    heartbeat(0);
    Reply reply = sandbox.awaitReply(sent, PushAgent.patience()).orElseThrow();
    assertEquals("echo: hi there", reply.text());
    assertEquals(Reply.Kind.CANVAS, reply.kind());
    assertEquals(first, pushAgent.next().json());
    assertEquals(CanvasDelivery.State.ANSWERED, sandbox.canvasDelivery(sent.messageId()).orElseThrow().state());
    assertEquals(202, sandbox.canvasDelivery(sent.messageId()).orElseThrow().callerStatus(), "the call had its answer");
    assertTrue(sandbox.row(sent.rowId()).orElseThrow().responseBody().has("result"), "the answer added to the row");
  }

  @Test
  void aRefusedConnectionIs502AndNothingIsQueued() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    assertEquals(200, registerPush("http://127.0.0.1:" + closedPort + "/").status());

    Http.Answer refused = a2a("anyone?");

    assertEquals(502, refused.status());
    assertEquals("failed to reach workspace agent", refused.error());
    assertEquals(0, sandbox.pushQueueDepth(workspace.id()));
    heartbeat(0);
    assertEquals(1, sandbox.pushDispatches(workspace.id()).size());
    assertEquals(PushDispatch.Outcome.REFUSED, sandbox.pushDispatches(workspace.id()).get(0).outcome());
  }

  @Test
  void theCanvasGetsPushAsyncAfter90SecondsAndTheAnswerLater() throws Exception {
    registerPushAgent();
    CountDownLatch release = new CountDownLatch(1);
    pushAgent.answering(request -> {
      release.await();
      return PushAgent.echo(request);
    });
    SentMessage sent = sandbox.sendAsHuman(workspace.id(), "think hard");
    pushAgent.next();

    clock.advance(Duration.ofSeconds(89));
    sandbox.tick();
    assertEquals(CanvasDelivery.State.DISPATCHING, sandbox.canvasDelivery(sent.messageId()).orElseThrow().state());
    clock.advance(Duration.ofSeconds(1));
    sandbox.tick();
    CanvasDelivery async = sandbox.canvasDelivery(sent.messageId()).orElseThrow();
    assertEquals(CanvasDelivery.State.PUSH_ASYNC, async.state());
    assertEquals("{\"status\":\"queued\",\"delivery_mode\":\"push-async\"}", async.callerAnswer());
    assertTrue(sandbox.replies(workspace.id()).isEmpty(), "the call goes on");
    JsonObject page = Http.operator(sandbox.url()).get("/sandbox/workspaces/" + workspace.id() + "/conversation").json();
    JsonObject shown = page.getAsJsonArray("push").get(0).getAsJsonObject();
    assertEquals("PUSH_ASYNC", shown.get("state").getAsString(), "what the web page shows under the message");
    assertEquals(sent.messageId(), shown.get("message_id").getAsString());

    release.countDown();
    assertEquals("echo: think hard", sandbox.awaitReply(sent, PushAgent.patience()).orElseThrow().text());
    CanvasDelivery answered = sandbox.canvasDelivery(sent.messageId()).orElseThrow();
    assertEquals(CanvasDelivery.State.ANSWERED, answered.state());
    assertEquals(async.callerAnswer(), answered.callerAnswer());
    assertTrue(sandbox.canvasDeliveries(workspace.id()).isEmpty(), "answered: nothing left to show");
    assertEquals(1, pushAgent.received().size());
  }

  @Test
  void aCallStillOpenAfter30MinutesIsAbandonedAndQueued() throws Exception {
    registerPushAgent();
    CountDownLatch release = new CountDownLatch(1);
    pushAgent.answering(request -> {
      release.await();
      return PushAgent.echo(request);
    });
    SentMessage sent = sandbox.sendAsPeer(workspace.id(), "slow one");
    pushAgent.next();

    clock.advance(PushDispatcher.ANSWER_TIMEOUT);
    sandbox.tick();

    PushDispatch timedOut = sandbox.awaitPushDispatches(workspace.id(), 1, PushAgent.patience()).get(0);
    assertEquals(PushDispatch.Outcome.TIMED_OUT, timedOut.outcome());
    release.countDown();
    pushAgent.answering(PushAgent::echo);
    heartbeat(0);
    Reply reply = sandbox.awaitReply(sent, PushAgent.patience()).orElseThrow();
    assertEquals("echo: slow one", reply.text());
    assertEquals(Reply.Kind.AGENT, reply.kind(), "the peer's answer: the agent's synchronous result");
  }

  @Test
  void anInjectedTimeoutAnswersTheAgentCaller202AndTheQueueItemHoldsTheLaterAnswer() throws Exception {
    registerPushAgent();
    sandbox.faults().timeOutNextDispatch(1);
    Http.Answer queued = a2a("late");
    assertEquals(202, queued.status());
    assertEquals(PushDispatch.Outcome.TIMED_OUT, sandbox.pushDispatches(workspace.id()).get(0).outcome());
    assertEquals(1, sandbox.pushQueueDepth(workspace.id()));
    String itemPath = "/a2a/queue/" + queued.json().get("queue_id").getAsString();

    heartbeat(0);
    sandbox.awaitPushDispatches(workspace.id(), 2, PushAgent.patience());

    JsonObject item = caller.get("/workspaces/" + callerWorkspace.id() + itemPath).json();
    assertEquals("completed", item.get("status").getAsString());
    assertEquals("echo: late", item.getAsJsonObject("response_body").getAsJsonObject("result").getAsJsonArray("parts")
        .get(0).getAsJsonObject().get("text").getAsString());
    assertEquals(200, agent.get("/workspaces/" + workspace.id() + itemPath).status(), "the target may read it too");
    WorkspaceCredentials other = sandbox.createWorkspace("other");
    assertEquals(403, Http.to(sandbox.url()).token(other.token()).get("/workspaces/" + other.id() + itemPath).status());
    Http.Answer unknown = caller.get("/workspaces/" + callerWorkspace.id() + "/a2a/queue/" + Tokens.newId());
    assertEquals(404, unknown.status());
    assertTrue(unknown.json().get("retryable").getAsBoolean());
  }

  @Test
  void failuresReachTheSenderAsThePlatformPassesThem() {
    registerPushAgent();
    JsonObject rpcError = new JsonObject();
    rpcError.addProperty("jsonrpc", "2.0");
    rpcError.add("error", Json.of("message", "backend failed"));
    pushAgent.answering(request -> PushAgent.Out.json(200, rpcError));
    Http.Answer error = a2a("1");
    assertEquals(200, error.status());
    assertEquals(rpcError, error.json(), "a JSON-RPC error with 200 passes through");

    pushAgent.answering(request -> PushAgent.Out.json(500, Json.of("error", "boom")));
    assertEquals(500, a2a("2").status());
    assertEquals("boom", a2a("2b").error());

    pushAgent.answering(request -> PushAgent.Out.raw(503, "busy, sorry"));
    Http.Answer busy = a2a("3");
    assertEquals(503, busy.status());
    assertEquals("Service Unavailable", busy.error(), "the status text when the body has no error");

    pushAgent.answering(request -> new PushAgent.Out(302, null, new byte[0], java.util.Map.of("Location", "/elsewhere")));
    Http.Answer redirect = a2a("4");
    assertEquals(302, redirect.status(), "no redirect followed");
    assertTrue(!redirect.error().isEmpty(), "the status text as the error");
    assertTrue(pushAgent.received().stream().noneMatch(r -> r.path().equals("/elsewhere")));

    pushAgent.answering(request -> new PushAgent.Out(200, null, new byte[0], java.util.Map.of()));
    Http.Answer empty = a2a("5");
    assertEquals(200, empty.status());
    assertEquals("agent returned empty response body", empty.error());
    assertEquals(0, sandbox.pushQueueDepth(workspace.id()), "neither queued nor retried");
  }

  @Test
  void outsideDevModeLocalhostPassesRegistrationButEveryDispatchIs502() {
    sandbox.devPlatform(false);
    assertEquals(200, registerPush("http://localhost:" + pushAgent.port() + "/molecule").status());

    Http.Answer answer = a2a("hello?");

    assertEquals(502, answer.status());
    assertEquals("workspace URL is not publicly routable", answer.error());
    assertTrue(pushAgent.received().isEmpty(), "no connection is made");
    assertEquals(PushDispatch.Outcome.NOT_ROUTABLE, sandbox.pushDispatches(workspace.id()).get(0).outcome());
    sandbox.devPlatform(true);
    assertEquals(200, a2a("now?").status());
  }

  @Test
  void withoutAlwaysAuthALoopbackAddressGetsNoBearerButAHostNameDoes() throws Exception {
    sandbox.alwaysAuthPush(false);
    registerPushAgent();
    a2a("to an address");
    assertNull(pushAgent.next().header("Authorization"));
    String secret = registerPush("http://localhost:" + pushAgent.port() + "/molecule").json()
        .get("platform_inbound_secret").getAsString();
    a2a("to a name");
    assertEquals("Bearer " + secret, pushAgent.next().header("Authorization"));
  }

  @Test
  void systemTurnsToAPushWorkspaceGoThroughTheQueue() throws Exception {
    registerPushAgent();
    sandbox.injectSystemTurn(workspace.id(), "self-nudge", "You have 1 unhandled inbox request");
    assertTrue(pushAgent.received().isEmpty(), "queued until a heartbeat with room");
    heartbeat(0);
    JsonObject turn = pushAgent.next().json();
    assertEquals("self-nudge", A2aRequests.messageOf(turn).getAsJsonObject("metadata").get("source_type").getAsString());
    sandbox.awaitPushDispatches(workspace.id(), 1, PushAgent.patience());
  }

  @Test
  void aCanvasUploadIsStreamedToTheAgentAndTheMessageCarriesItsUris() throws Exception {
    String secret = registerPushAgent();
    pushAgent.answering(request -> {
      if (request.path().equals("/molecule/internal/chat/uploads/ingest")) {
        JsonObject file = new JsonObject();
        file.addProperty("uri", "workspace:/workspace/.molecule/chat-uploads/notes.txt");
        file.addProperty("name", "notes.txt");
        file.addProperty("mimeType", "text/plain");
        file.addProperty("size", 5);
        com.google.gson.JsonArray files = new com.google.gson.JsonArray();
        files.add(file);
        JsonObject answer = new JsonObject();
        answer.add("files", files);
        return PushAgent.Out.json(200, answer);
      }
      return PushAgent.echo(request);
    });

    SentMessage sent = sandbox.sendAsHuman(workspace.id(), "read this",
        new UploadFile("notes.txt", "text/plain", "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    PushAgent.Received ingest = pushAgent.next();
    assertEquals("POST", ingest.method());
    assertEquals("Bearer " + secret, ingest.header("Authorization"));
    assertTrue(ingest.header("Content-Type").startsWith("multipart/form-data; boundary="));
    assertTrue(ingest.text().contains("name=\"files\"; filename=\"notes.txt\""));
    assertTrue(ingest.text().contains("hello"));
    JsonObject message = A2aRequests.messageOf(pushAgent.next().json());
    assertEquals("workspace:/workspace/.molecule/chat-uploads/notes.txt",
        message.getAsJsonArray("parts").get(1).getAsJsonObject().getAsJsonObject("file").get("uri").getAsString());
    assertTrue(sandbox.stagedFiles(workspace.id()).isEmpty(), "nothing staged on the platform");
    sandbox.awaitReply(sent, PushAgent.patience()).orElseThrow();

    pushAgent.answering(request -> PushAgent.Out.json(413, Json.of("error", "too big for me")));
    Http.Answer refused = Http.operator(sandbox.url()).post("/sandbox/workspaces/" + workspace.id() + "/messages",
        "{\"text\":\"more\",\"files\":[{\"name\":\"b.bin\",\"content_base64\":\"AAAA\"}]}");
    assertEquals(413, refused.status());
    assertEquals("too big for me", refused.error(), "the agent's error reaches the canvas unchanged");
  }

  @Test
  void aDownloadFromAPushWorkspaceIsReadThroughItsAgentAndAPollWorkspaceIs422() throws Exception {
    String secret = registerPushAgent();
    pushAgent.answering(request -> new PushAgent.Out(200, "text/plain", "file bytes".getBytes(
        java.nio.charset.StandardCharsets.UTF_8), java.util.Map.of("Content-Disposition", "attachment; filename=\"a.txt\"")));

    Http.Answer download = caller.get("/workspaces/" + workspace.id() + "/chat/download?path=/workspace/a%20b.txt");

    assertEquals(200, download.status());
    assertEquals("file bytes", download.body());
    assertEquals("text/plain", download.headers().firstValue("Content-Type").orElseThrow());
    assertEquals("attachment; filename=\"a.txt\"", download.headers().firstValue("Content-Disposition").orElseThrow());
    PushAgent.Received read = pushAgent.next();
    assertEquals("GET", read.method());
    assertEquals("/molecule/internal/file/read", read.path());
    assertEquals("path=%2Fworkspace%2Fa+b.txt", read.query());
    assertEquals("Bearer " + secret, read.header("Authorization"));
    assertEquals("file bytes", new String(sandbox.readWorkspaceFile(workspace.id(), "/workspace/a b.txt").orElseThrow(),
        java.nio.charset.StandardCharsets.UTF_8));

    pushAgent.answering(request -> PushAgent.Out.json(404, Json.of("error", "not found")));
    assertEquals(404, caller.get("/workspaces/" + workspace.id() + "/chat/download?path=/etc/passwd").status());
    assertTrue(sandbox.readWorkspaceFile(workspace.id(), "/workspace/gone").isEmpty());

    assertEquals(422, agent.get("/workspaces/" + callerWorkspace.id() + "/chat/download?path=/workspace/a").status());
  }

  @Test
  void theOperatorJsonShowsDispatchesAndInjectsDispatchFaults() {
    registerPushAgent();
    Http operator = Http.operator(sandbox.url());
    assertEquals(200, operator.post("/sandbox/faults", "{\"fault\":\"dispatch_drop\",\"count\":1}").status());
    assertEquals(202, a2a("dropped").status());
    JsonObject dispatch = operator.get("/sandbox/push-dispatches?workspace=" + workspace.id()).array().get(0)
        .getAsJsonObject();
    assertEquals("DROPPED", dispatch.get("outcome").getAsString());
    assertEquals(URI.create(dispatch.get("url").getAsString()), pushAgent.url());
    assertEquals(200, operator.post("/sandbox/platform", "{\"dev_mode\":false}").status());
    assertEquals(400, registerPush(pushAgent.url().toString()).status());
  }
}
