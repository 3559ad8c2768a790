package ai.molecule.host.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import ai.molecule.host.testing.Await;
import ai.molecule.host.testing.FakePlatform;
import ai.molecule.host.testing.LogCapture;
import ai.molecule.host.testing.Rows;
import ai.molecule.spi.Backend;
import ai.molecule.spi.BackendException;
import ai.molecule.spi.Reply;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class EngineTest extends EngineTestBase {

  private static final Backend ECHO = message -> Reply.text("echo: " + message.text());

  @Test
  void answersAnAgentSenderAndMovesTheCursorPastTheMessage() throws Exception {
    platform.firstPage(Rows.page(Rows.message(Rows.id(1), Rows.PEER, "hello", T0)));
    try (EngineRun run = run(ECHO)) {
      Await.until("the reply", () -> platform.agentReplies().size() == 1);
      Await.until("a poll after the answered row", () -> platform.polledAfter(Rows.id(1)));
    }
    var request = platform.agentReplyRequests().get(0);
    assertEquals("/workspaces/" + Rows.PEER + "/a2a", request.getUrl());
    assertEquals(Rows.WORKSPACE, request.getHeader("X-Workspace-ID"));
    assertEquals("Bearer " + FakePlatform.TOKEN, request.getHeader("Authorization"));
    JsonObject reply = platform.agentReplies().get(0);
    assertEquals("message/send", reply.get("method").getAsString());
    JsonObject message = FakePlatform.message(reply);
    assertEquals("agent", message.get("role").getAsString());
    assertEquals("ctx-" + Rows.id(1), message.get("contextId").getAsString());
    assertEquals("task-" + Rows.id(1), message.get("taskId").getAsString());
    assertEquals("task-" + Rows.id(1), message.getAsJsonArray("referenceTaskIds").get(0).getAsString());
    assertEquals("msg-" + Rows.id(1), message.getAsJsonObject("metadata").get("in_reply_to").getAsString());
    assertEquals("echo: hello", FakePlatform.replyText(reply));
    assertEquals(Rows.id(1), savedCursor());
    assertTrue(savedState().getAsJsonArray("handled").toString().contains("msg-" + Rows.id(1)));
    assertFalse(platform.registrations().isEmpty());
    JsonObject heartbeat = JsonParser.parseString(platform.heartbeats().get(0).getBodyAsString()).getAsJsonObject();
    assertEquals(Rows.WORKSPACE, heartbeat.get("workspace_id").getAsString());
    assertEquals("", heartbeat.get("runtime_state").getAsString());
  }

  @Test
  void aFirstStartAnswersANewestFirstPageOldestFirstAndEachMessageOnce() throws Exception {
    platform.firstPage(Rows.page(
        Rows.inConversation("c", Rows.message(Rows.id(3), Rows.PEER, "third", T0.plusSeconds(3))),
        Rows.inConversation("c", Rows.message(Rows.id(2), Rows.PEER, "second", T0.plusSeconds(2))),
        Rows.inConversation("c", Rows.message(Rows.id(1), Rows.PEER, "first", T0.plusSeconds(1)))));
    List<String> handled = new CopyOnWriteArrayList<>();
    try (EngineRun run = run(message -> {
      handled.add(message.text());
      return Reply.text(message.text());
    })) {
      Await.until("a poll after the newest row", () -> platform.polledAfter(Rows.id(3)));
      // The poll after the newest row may come before the lane has answered all three; wait for the answers too.
      Await.until("three answers", () -> platform.agentReplies().size() == 3);
    }
    assertEquals(List.of("first", "second", "third"), handled);
    assertEquals(List.of("first", "second", "third"),
        platform.agentReplies().stream().map(FakePlatform::replyText).toList());
    assertEquals(Rows.id(3), savedCursor());
    var firstPoll = platform.polls().get(0);
    assertEquals("60", firstPoll.queryParameter("since_secs").firstValue(), "a first poll is bounded in time");
  }

  @Test
  void aGoneCursorIsResetAndPollingContinuesWithoutAnsweringTwice() throws Exception {
    Files.writeString(stateDir.resolve(Rows.WORKSPACE + ".json"),
        "{\"cursor\":\"" + Rows.id(99) + "\",\"handled\":[\"" + Rows.id(1) + "\",\"msg-" + Rows.id(1) + "\"]}");
    platform.answerAfter(Rows.id(99), FakePlatform.status(410, "{\"error\":\"gone\"}"));
    platform.firstPage(Rows.page(
        Rows.message(Rows.id(2), Rows.PEER, "new", T0.plusSeconds(2)),
        Rows.message(Rows.id(1), Rows.PEER, "already answered", T0.plusSeconds(1))));
    List<String> handled = new CopyOnWriteArrayList<>();
    try (EngineRun run = run(message -> {
      handled.add(message.text());
      return Reply.text(message.text());
    })) {
      Await.until("a poll after the new row", () -> platform.polledAfter(Rows.id(2)));
    }
    assertEquals(List.of("new"), handled);
    assertEquals(Rows.id(2), savedCursor());
  }

  @Test
  void registerRetriesAServiceUnavailableAndThenWorks() throws Exception {
    platform.server().stubFor(post("/registry/register").inScenario("register")
        .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("up")
        .willReturn(FakePlatform.status(503, "{\"code\":\"platform_unavailable\"}").withHeader("Retry-After", "0")));
    platform.firstPage(Rows.page(Rows.message(Rows.id(1), Rows.PEER, "hello", T0)));
    try (EngineRun run = run(ECHO)) {
      Await.until("the reply", () -> platform.agentReplies().size() == 1);
    }
    assertEquals(2, platform.registrations().size());
  }

  @Test
  void unauthorizedOnRegisterEndsWithTheAuthenticationCodeAndNamesTheToken() throws Exception {
    platform.server().stubFor(post("/registry/register").willReturn(FakePlatform.status(401, "{\"error\":\"invalid token\"}")));
    try (EngineRun run = run(ECHO)) {
      MoleculeException failure = run.awaitFailure(Duration.ofSeconds(10));
      assertEquals(ExitCode.AUTH, failure.exitCode());
      assertTrue(failure.getMessage().contains("token"), failure.getMessage());
      assertFalse(failure.getMessage().contains(FakePlatform.TOKEN));
    }
    assertTrue(platform.polls().isEmpty(), "no poll without a registration");
  }

  @Test
  void heartbeatsKeepTheirScheduleWhileTheBackendIsSlow() throws Exception {
    platform.firstPage(Rows.page(Rows.message(Rows.id(1), Rows.PEER, "take your time", T0)));
    CountDownLatch inBackend = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    EngineSettings settings = EngineRun.fastSettings().toBuilder().heartbeatInterval(Duration.ofMillis(100)).build();
    try (EngineRun run = new EngineRun(platform, message -> {
      inBackend.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        throw BackendException.retryable("interrupted", e);
      }
      return Reply.text("done");
    }, stateDir, settings)) {
      inBackend.await();
      int before = platform.heartbeats().size();
      Await.until("three heartbeats while the backend works", () -> platform.heartbeats().size() >= before + 3);
      JsonObject busy = JsonParser.parseString(platform.heartbeats().get(platform.heartbeats().size() - 1)
          .getBodyAsString()).getAsJsonObject();
      assertEquals(1, busy.get("active_tasks").getAsInt());
      assertTrue(busy.get("current_task").getAsString().contains("take your time"));
      release.countDown();
      Await.until("the reply", () -> platform.agentReplies().size() == 1);
    }
  }

  @Test
  void theCursorIsSavedOnlyAfterTheReplyIsDelivered() throws Exception {
    platform.firstPage(Rows.page(Rows.message(Rows.id(1), Rows.PEER, "hello", T0)));
    platform.server().stubFor(post(urlPathMatching("/workspaces/[^/]+/a2a")).atPriority(1)
        .willReturn(FakePlatform.status(503, "{}")));
    try (EngineRun run = run(ECHO)) {
      Await.until("several failed deliveries", () -> platform.agentReplyRequests().size() >= 3);
      assertNull(savedCursor(), "the cursor must not pass an unanswered message");
      platform.server().stubFor(post(urlPathMatching("/workspaces/[^/]+/a2a")).atPriority(1)
          .willReturn(FakePlatform.status(200, "{\"status\":\"queued\"}")));
      Await.until("the cursor saved after delivery", () -> {
        try {
          return Rows.id(1).equals(savedCursor());
        } catch (Exception e) {
          return false;
        }
      });
    }
  }

  @Test
  void aMalformedRowIsRefusedWithAReasonAndTheNextRowIsHandled() throws Exception {
    JsonObject broken = Rows.row(Rows.id(1), Rows.PEER, "message/send", T0.plusSeconds(1));
    broken.addProperty("request_body", "this is not json");
    JsonObject typed = Rows.message(Rows.id(2), Rows.PEER, Rows.textPart("type", "typed part"), T0.plusSeconds(2));
    platform.firstPage(Rows.page(typed, broken));
    String log = LogCapture.during(() -> {
      try (EngineRun run = run(ECHO)) {
        Await.until("two replies", () -> platform.agentReplies().size() == 2);
      }
    });
    assertTrue(log.contains("refusing activity row " + Rows.id(1) + ": the request body is not a JSON object"), log);
    assertTrue(replyTo(Rows.id(1)).contains("could not read this message"), replyTo(Rows.id(1)));
    assertEquals("echo: typed part", replyTo("msg-" + Rows.id(2)));
    assertFalse(log.contains(FakePlatform.TOKEN), "the token must never be logged");
  }

  @Test
  void notificationsAndBookkeepingRowsAreSkippedAndACanvasMessageIsAnsweredOnTheCanvas() throws Exception {
    platform.firstPage(Rows.page(
        Rows.message(Rows.id(3), null, "from a human", T0.plusSeconds(3)),
        Rows.row(Rows.id(2), null, "notify", T0.plusSeconds(2)),
        Rows.row(Rows.id(1), Rows.PEER, null, T0.plusSeconds(1))));
    List<String> handled = new CopyOnWriteArrayList<>();
    try (EngineRun run = run(message -> {
      handled.add(message.text());
      return Reply.text("hi human");
    })) {
      Await.until("the canvas reply", () -> platform.notifications().size() == 1);
    }
    assertEquals(List.of("from a human"), handled);
    assertEquals("hi human", platform.notifications().get(0).get("message").getAsString());
    assertTrue(platform.agentReplies().isEmpty());
  }

  @Test
  void aReplyFromAnotherAgentReachesTheBackendButIsNotAnswered() throws Exception {
    JsonObject reply = Rows.message(Rows.id(1), Rows.PEER, "here is my answer", T0);
    JsonObject metadata = new JsonObject();
    metadata.addProperty("in_reply_to", "our-earlier-message");
    reply.getAsJsonObject("request_body").getAsJsonObject("params").getAsJsonObject("message").add("metadata", metadata);
    platform.firstPage(Rows.page(reply));
    List<String> handled = new CopyOnWriteArrayList<>();
    try (EngineRun run = run(message -> {
      handled.add(message.text());
      return Reply.text("thanks");
    })) {
      Await.until("the cursor past the reply", () -> platform.polledAfter(Rows.id(1)));
    }
    assertEquals(List.of("here is my answer"), handled);
    assertTrue(platform.agentReplies().isEmpty(), "two bridges must not answer each other forever");
  }

  @Test
  void aMessageTheBackendCannotHandleGetsAnErrorReplyAndTheQueueMovesOn() throws Exception {
    platform.firstPage(Rows.page(
        Rows.message(Rows.id(2), Rows.PEER, "fine", T0.plusSeconds(2)),
        Rows.message(Rows.id(1), Rows.PEER, "poison", T0.plusSeconds(1))));
    List<String> attempts = new CopyOnWriteArrayList<>();
    try (EngineRun run = run(message -> {
      attempts.add(message.text());
      if (message.text().equals("poison")) {
        throw BackendException.retryable("the model is overloaded", null);
      }
      return Reply.text("ok");
    })) {
      Await.until("two replies", () -> platform.agentReplies().size() == 2);
    }
    assertEquals(3, attempts.stream().filter("poison"::equals).count(), "bounded retries");
    assertEquals(1, attempts.stream().filter("fine"::equals).count());
    assertEquals("ok", replyTo("msg-" + Rows.id(2)));
    assertEquals("error: the model is overloaded", replyTo("msg-" + Rows.id(1)),
        "a backend's own reason reaches the sender, marked as an error");
    JsonObject error = platform.agentReplies().stream()
        .filter(r -> ("msg-" + Rows.id(1)).equals(FakePlatform.message(r).getAsJsonObject("metadata").get("in_reply_to")
            .getAsString())).findFirst().orElseThrow();
    assertEquals("the model is overloaded",
        FakePlatform.message(error).getAsJsonObject("metadata").get("molecule_error").getAsString());
  }

  @Test
  void unauthorizedOnAPollEndsTheEngineWithTheAuthenticationCode() throws Exception {
    platform.server().stubFor(platform.firstPoll().atPriority(1).willReturn(FakePlatform.status(401, "{}")));
    try (EngineRun run = run(ECHO)) {
      assertEquals(ExitCode.AUTH, run.awaitFailure(Duration.ofSeconds(5)).exitCode());
    }
  }

  @Test
  void aRateLimitedPollWaitsAsLongAsRetryAfterSays() throws Exception {
    platform.server().stubFor(platform.firstPoll().atPriority(1).inScenario("limit")
        .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("open")
        .willReturn(FakePlatform.status(429, "{\"error\":\"rate limit exceeded\",\"retry_after\":1}")
            .withHeader("Retry-After", "1")));
    try (EngineRun run = run(ECHO)) {
      Await.until("a second poll", () -> platform.polls().size() >= 2);
    }
    var polls = platform.polls();
    long gap = polls.get(1).getLoggedDate().getTime() - polls.get(0).getLoggedDate().getTime();
    assertTrue(gap >= 900, "the retry came after " + gap + " ms, not after the 1 s asked for");
  }

  @Test
  void aMessageTooLargeToHoldIsRefusedInBoundedMemoryAndTheNextOneAnswered() throws Exception {
    Files.writeString(stateDir.resolve(Rows.WORKSPACE + ".json"), "{\"cursor\":\"" + Rows.id(0) + "\",\"handled\":[]}");
    JsonObject huge = Rows.message(Rows.id(1), Rows.PEER, "x".repeat(200_000), T0.plusSeconds(1));
    JsonObject small = Rows.message(Rows.id(2), Rows.PEER, "small", T0.plusSeconds(2));
    platform.pageAfter(Rows.id(0), Rows.page(huge, small));
    platform.server().stubFor(platform.pollAfter(Rows.id(0)).withQueryParam("limit", com.github.tomakehurst.wiremock.client.WireMock.equalTo("1"))
        .atPriority(1).willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(Rows.page(huge))));
    platform.pageAfter(Rows.id(1), Rows.page(small));
    EngineSettings settings = EngineRun.fastSettings().toBuilder().maxPageBytes(50_000).build();
    try (EngineRun run = new EngineRun(platform, ECHO, stateDir, settings)) {
      Await.until("two replies", () -> platform.agentReplies().size() == 2);
    }
    assertTrue(replyTo(Rows.id(1)).contains("larger than this host accepts"), replyTo(Rows.id(1)));
    assertEquals("echo: small", replyTo("msg-" + Rows.id(2)));
  }

  @Test
  void aCostTheBackendReportsIsHeartbeatedAsMonthlySpend() throws Exception {
    platform.firstPage(Rows.page(Rows.message(Rows.id(1), Rows.PEER, "hello", T0)));
    EngineSettings settings = EngineRun.fastSettings().toBuilder().heartbeatInterval(Duration.ofMillis(50)).build();
    try (EngineRun run = new EngineRun(platform, m -> Reply.text("hi").withMetadata("cost_usd", "0.25"), stateDir,
        settings)) {
      Await.until("a heartbeat with the spend", () -> platform.heartbeats().stream()
          .map(h -> JsonParser.parseString(h.getBodyAsString()).getAsJsonObject())
          .anyMatch(h -> h.has("monthly_spend") && "25".equals(h.get("monthly_spend").toString())));
    }
  }

  @Test
  void aBackendThatThrowsAnErrorIsRetriedThenAnsweredWithAnErrorAndTheQueueMovesOn() throws Exception {
    platform.firstPage(Rows.page(
        Rows.message(Rows.id(2), Rows.PEER, "fine", T0.plusSeconds(2)),
        Rows.message(Rows.id(1), Rows.PEER, "broken", T0.plusSeconds(1))));
    List<String> attempts = new CopyOnWriteArrayList<>();
    try (EngineRun run = run(message -> {
      attempts.add(message.text());
      if (message.text().equals("broken")) {
        throw new NoClassDefFoundError("com/example/MissingFromThePlugin");
      }
      return Reply.text("ok");
    })) {
      Await.until("two replies", () -> platform.agentReplies().size() == 2);
      Await.until("the cursor past both rows", () -> platform.polledAfter(Rows.id(2)));
    }
    assertEquals(3, attempts.stream().filter("broken"::equals).count());
    assertTrue(replyTo("msg-" + Rows.id(1)).contains("could not handle"), replyTo("msg-" + Rows.id(1)));
    assertEquals("ok", replyTo("msg-" + Rows.id(2)));
  }

  /** The text of the agent reply to this message id; fails if there is not exactly one. */
  private JsonObject savedState() throws Exception {
    Path file = stateDir.resolve(Rows.WORKSPACE + ".json");
    return Files.exists(file) ? JsonParser.parseString(Files.readString(file)).getAsJsonObject() : new JsonObject();
  }

  private String savedCursor() throws Exception {
    JsonObject state = savedState();
    return state.has("cursor") ? state.get("cursor").getAsString() : null;
  }
}
