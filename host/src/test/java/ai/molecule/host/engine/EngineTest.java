package ai.molecule.host.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import ai.molecule.host.testing.FakePlatform;
import ai.molecule.host.testing.LogCapture;
import ai.molecule.host.testing.MemoryPlatform;
import ai.molecule.host.testing.MemoryPlatform.Call;
import ai.molecule.host.testing.Rows;
import ai.molecule.spi.Backend;
import ai.molecule.spi.BackendException;
import ai.molecule.spi.Reply;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The message path on the platform in memory and a fake clock: what is answered, how, and when. */
class EngineTest extends MemoryEngineTestBase {

  private static final Backend ECHO = message -> Reply.text("echo: " + message.text());

  @Test
  void answersAnAgentSenderAndMovesTheCursorPastTheMessage() throws Exception {
    platform.rows(Rows.message(Rows.id(1), Rows.PEER, "hello", T0));
    try (EngineRun run = run(ECHO)) {
      until("the reply", () -> platform.agentReplies().size() == 1);
      until("a poll after the answered row", () -> platform.polledAfter(Rows.id(1)));
      untilSaved(Rows.id(1));
    }
    MemoryPlatform.Sent sent = platform.agentReplies().get(0);
    assertEquals(Rows.PEER, sent.peerId(), "the reply goes to the sender's workspace");
    JsonObject reply = sent.request();
    assertEquals("message/send", reply.get("method").getAsString());
    JsonObject message = FakePlatform.message(reply);
    assertEquals("agent", message.get("role").getAsString());
    assertEquals("ctx-" + Rows.id(1), message.get("contextId").getAsString());
    assertEquals("task-" + Rows.id(1), message.get("taskId").getAsString());
    assertEquals("task-" + Rows.id(1), message.getAsJsonArray("referenceTaskIds").get(0).getAsString());
    assertEquals("msg-" + Rows.id(1), message.getAsJsonObject("metadata").get("in_reply_to").getAsString());
    assertEquals("echo: hello", MemoryPlatform.replyText(sent));
    assertEquals(Rows.id(1), savedCursor());
    assertTrue(savedState().getAsJsonArray("handled").toString().contains("msg-" + Rows.id(1)));
    assertTrue(platform.registrations() > 0);
    assertFalse(platform.heartbeats().isEmpty(), "a heartbeat at start-up");
  }

  @Test
  void aFirstStartAnswersANewestFirstPageOldestFirstAndEachMessageOnce() throws Exception {
    platform.rows(
        Rows.inConversation("c", Rows.message(Rows.id(1), Rows.PEER, "first", T0.plusSeconds(1))),
        Rows.inConversation("c", Rows.message(Rows.id(2), Rows.PEER, "second", T0.plusSeconds(2))),
        Rows.inConversation("c", Rows.message(Rows.id(3), Rows.PEER, "third", T0.plusSeconds(3))));
    List<String> handled = new CopyOnWriteArrayList<>();
    try (EngineRun run = run(message -> {
      handled.add(message.text());
      return Reply.text(message.text());
    })) {
      until("a poll after the newest row", () -> platform.polledAfter(Rows.id(3)));
      // The poll after the newest row may come before the lane has answered all three; wait for the answers too.
      until("three answers", () -> platform.agentReplies().size() == 3);
      untilSaved(Rows.id(3));
    }
    assertEquals(List.of("first", "second", "third"), handled);
    assertEquals(List.of("first", "second", "third"),
        platform.agentReplies().stream().map(MemoryPlatform::replyText).toList());
    assertEquals(Rows.id(3), savedCursor());
    var firstPoll = platform.polls().get(0).query();
    assertNull(firstPoll.cursor());
    assertEquals(60, firstPoll.sinceSeconds(), "a first poll is bounded in time");
  }

  @Test
  void aGoneCursorIsResetAndPollingContinuesWithoutAnsweringTwice() throws Exception {
    Files.writeString(stateDir.resolve(Rows.WORKSPACE + ".json"),
        "{\"cursor\":\"" + Rows.id(99) + "\",\"handled\":[\"" + Rows.id(1) + "\",\"msg-" + Rows.id(1) + "\"]}");
    // The feed no longer holds row 99: the platform answers 410 after it.
    platform.rows(
        Rows.message(Rows.id(1), Rows.PEER, "already answered", T0.plusSeconds(1)),
        Rows.message(Rows.id(2), Rows.PEER, "new", T0.plusSeconds(2)));
    List<String> handled = new CopyOnWriteArrayList<>();
    try (EngineRun run = run(message -> {
      handled.add(message.text());
      return Reply.text(message.text());
    })) {
      until("a poll after the new row", () -> platform.polledAfter(Rows.id(2)));
      untilSaved(Rows.id(2));
    }
    assertEquals(List.of("new"), handled);
    assertEquals(Rows.id(2), savedCursor());
    assertEquals(Rows.id(99), platform.polls().get(0).query().cursor());
    assertEquals(3600, platform.polls().get(1).query().sinceSeconds(), "after a 410 the last hour is read again");
  }

  @Test
  void registerRetriesAServiceUnavailableAndThenWorks() throws Exception {
    platform.failNext(Call.REGISTER, 1, MemoryPlatform.unavailable());
    platform.rows(Rows.message(Rows.id(1), Rows.PEER, "hello", T0));
    try (EngineRun run = run(ECHO)) {
      until("the reply", () -> platform.agentReplies().size() == 1);
    }
    assertEquals(2, platform.attempts(Call.REGISTER));
    assertEquals(1, platform.registrations());
  }

  @Test
  void unauthorizedOnRegisterEndsWithTheAuthenticationCodeAndNamesTheToken() throws Exception {
    platform.failAlways(Call.REGISTER, MemoryPlatform.unauthorized());
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
    platform.rows(Rows.message(Rows.id(1), Rows.PEER, "take your time", T0));
    CountDownLatch inBackend = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    EngineSettings settings = settings().toBuilder().heartbeatInterval(Duration.ofMillis(100)).build();
    try (EngineRun run = run(message -> {
      inBackend.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        throw BackendException.retryable("interrupted", e);
      }
      return Reply.text("done");
    }, settings)) {
      inBackend.await();
      int before = platform.heartbeats().size();
      clock.untilWithoutTime("three heartbeats while the backend works", () -> platform.heartbeats().size() >= before + 3);
      var busy = platform.heartbeats().get(platform.heartbeats().size() - 1);
      assertEquals(1, busy.activeTasks());
      assertTrue(busy.currentTask().contains("take your time"), busy.currentTask());
      release.countDown();
      until("the reply", () -> platform.agentReplies().size() == 1);
    }
  }

  @Test
  void theCursorIsSavedOnlyAfterTheReplyIsDelivered() throws Exception {
    platform.rows(Rows.message(Rows.id(1), Rows.PEER, "hello", T0));
    platform.failAlways(Call.PEER, MemoryPlatform.unavailable());
    try (EngineRun run = run(ECHO)) {
      until("several failed deliveries", () -> platform.agentReplyAttempts().size() >= 3);
      assertNull(savedCursor(), "the cursor must not pass an unanswered message");
      platform.failAlways(Call.PEER, null);
      untilSaved(Rows.id(1));
    }
    assertEquals(1, platform.agentReplies().size());
    List<MemoryPlatform.Sent> tries = platform.agentReplyAttempts();
    assertTrue(tries.stream().map(t -> FakePlatform.message(t.request()).get("messageId").getAsString()).distinct()
        .count() == 1, "every resend carries the same reply id");
  }

  @Test
  void aMalformedRowIsRefusedWithAReasonAndTheNextRowIsHandled() throws Exception {
    JsonObject broken = Rows.row(Rows.id(1), Rows.PEER, "message/send", T0.plusSeconds(1));
    broken.addProperty("request_body", "this is not json");
    JsonObject typed = Rows.message(Rows.id(2), Rows.PEER, Rows.textPart("type", "typed part"), T0.plusSeconds(2));
    platform.rows(broken, typed);
    String log = LogCapture.during(() -> {
      try (EngineRun run = run(ECHO)) {
        until("two replies", () -> platform.agentReplies().size() == 2);
      }
    });
    assertTrue(log.contains("refusing activity row " + Rows.id(1) + ": the request body is not a JSON object"), log);
    assertTrue(replyTo(Rows.id(1)).contains("could not read this message"), replyTo(Rows.id(1)));
    assertEquals("echo: typed part", replyTo("msg-" + Rows.id(2)));
    assertFalse(log.contains(FakePlatform.TOKEN), "the token must never be logged");
  }

  @Test
  void notificationsAndBookkeepingRowsAreSkippedAndACanvasMessageIsAnsweredOnTheCanvas() throws Exception {
    platform.rows(
        Rows.row(Rows.id(1), Rows.PEER, null, T0.plusSeconds(1)),
        Rows.row(Rows.id(2), null, "notify", T0.plusSeconds(2)),
        Rows.message(Rows.id(3), null, "from a human", T0.plusSeconds(3)));
    List<String> handled = new CopyOnWriteArrayList<>();
    try (EngineRun run = run(message -> {
      handled.add(message.text());
      return Reply.text("hi human");
    })) {
      until("the canvas reply", () -> platform.notifications().size() == 1);
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
    platform.rows(reply);
    List<String> handled = new CopyOnWriteArrayList<>();
    try (EngineRun run = run(message -> {
      handled.add(message.text());
      return Reply.text("thanks");
    })) {
      // Done with it (the cursor saved past it) only after the backend had it, with no answer sent.
      untilSaved(Rows.id(1));
    }
    assertEquals(List.of("here is my answer"), handled);
    assertTrue(platform.agentReplies().isEmpty(), "two bridges must not answer each other forever");
  }

  @Test
  void aMessageTheBackendCannotHandleGetsAnErrorReplyAndTheQueueMovesOn() throws Exception {
    platform.rows(
        Rows.message(Rows.id(1), Rows.PEER, "poison", T0.plusSeconds(1)),
        Rows.message(Rows.id(2), Rows.PEER, "fine", T0.plusSeconds(2)));
    List<String> attempts = new CopyOnWriteArrayList<>();
    try (EngineRun run = run(message -> {
      attempts.add(message.text());
      if (message.text().equals("poison")) {
        throw BackendException.retryable("the model is overloaded", null);
      }
      return Reply.text("ok");
    })) {
      until("two replies", () -> platform.agentReplies().size() == 2);
    }
    assertEquals(3, attempts.stream().filter("poison"::equals).count(), "bounded retries");
    assertEquals(1, attempts.stream().filter("fine"::equals).count());
    assertEquals("ok", replyTo("msg-" + Rows.id(2)));
    assertEquals("error: the model is overloaded", replyTo("msg-" + Rows.id(1)),
        "a backend's own reason reaches the sender, marked as an error");
    JsonObject error = platform.agentReplies().stream()
        .filter(r -> ("msg-" + Rows.id(1)).equals(MemoryPlatform.inReplyTo(r))).findFirst().orElseThrow().request();
    assertEquals("the model is overloaded",
        FakePlatform.message(error).getAsJsonObject("metadata").get("molecule_error").getAsString());
  }

  @Test
  void unauthorizedOnAPollEndsTheEngineWithTheAuthenticationCode() throws Exception {
    platform.failAlways(Call.POLL, MemoryPlatform.unauthorized());
    try (EngineRun run = run(ECHO)) {
      assertEquals(ExitCode.AUTH, run.awaitFailure(Duration.ofSeconds(5)).exitCode());
    }
    assertEquals(1, platform.polls().size(), "the first refusal ends it");
  }

  @Test
  void aRateLimitedPollWaitsAsLongAsRetryAfterSays() throws Exception {
    platform.failNext(Call.POLL, 1, MemoryPlatform.rateLimited(Duration.ofSeconds(7)));
    try (EngineRun run = run(ECHO)) {
      until("a second poll", () -> platform.polls().size() >= 2);
    }
    var polls = platform.polls();
    Duration gap = Duration.between(polls.get(0).at(), polls.get(1).at());
    assertEquals(Duration.ofSeconds(7), gap, "the retry comes when Retry-After says, and not before");
  }

  @Test
  void aRetryAfterLongerThanTheCapIsCutToTheCap() throws Exception {
    platform.failNext(Call.POLL, 1, MemoryPlatform.rateLimited(Duration.ofHours(2)));
    String log = LogCapture.during(() -> {
      try (EngineRun run = run(ECHO)) {
        until("a second poll", () -> platform.polls().size() >= 2);
      }
    });
    var polls = platform.polls();
    assertEquals(ai.molecule.host.platform.PlatformClient.RETRY_AFTER_CAP,
        Duration.between(polls.get(0).at(), polls.get(1).at()));
    assertTrue(log.contains("the platform asks to wait 7200 s; waiting 300 s"), log);
  }

  @Test
  void aMessageTooLargeToHoldIsRefusedInBoundedMemoryAndTheNextOneAnswered() throws Exception {
    Files.writeString(stateDir.resolve(Rows.WORKSPACE + ".json"), "{\"cursor\":\"" + Rows.id(0) + "\",\"handled\":[]}");
    platform.rows(Rows.row(Rows.id(0), null, "notify", T0),
        Rows.message(Rows.id(1), Rows.PEER, "x".repeat(200_000), T0.plusSeconds(1)),
        Rows.message(Rows.id(2), Rows.PEER, "small", T0.plusSeconds(2)));
    EngineSettings settings = settings().toBuilder().maxPageBytes(50_000).build();
    try (EngineRun run = run(ECHO, settings)) {
      until("two replies", () -> platform.agentReplies().size() == 2);
    }
    assertTrue(replyTo(Rows.id(1)).contains("larger than this host accepts"), replyTo(Rows.id(1)));
    assertEquals("echo: small", replyTo("msg-" + Rows.id(2)));
  }

  @Test
  void aCostTheBackendReportsIsHeartbeatedAsMonthlySpend() throws Exception {
    platform.rows(Rows.message(Rows.id(1), Rows.PEER, "hello", T0));
    try (EngineRun run = run(m -> Reply.text("hi").withMetadata("cost_usd", "0.25"))) {
      // The turn's end nudges a heartbeat: no need to wait for the next period.
      clock.untilWithoutTime("a heartbeat with the spend",
          () -> platform.heartbeats().stream().anyMatch(h -> h.monthlySpendCents() == 25));
    }
  }

  @Test
  void aBackendThatThrowsAnErrorIsRetriedThenAnsweredWithAnErrorAndTheQueueMovesOn() throws Exception {
    platform.rows(
        Rows.message(Rows.id(1), Rows.PEER, "broken", T0.plusSeconds(1)),
        Rows.message(Rows.id(2), Rows.PEER, "fine", T0.plusSeconds(2)));
    List<String> attempts = new CopyOnWriteArrayList<>();
    try (EngineRun run = run(message -> {
      attempts.add(message.text());
      if (message.text().equals("broken")) {
        throw new NoClassDefFoundError("com/example/MissingFromThePlugin");
      }
      return Reply.text("ok");
    })) {
      until("two replies", () -> platform.agentReplies().size() == 2);
      until("the cursor past both rows", () -> platform.polledAfter(Rows.id(2)));
    }
    assertEquals(3, attempts.stream().filter("broken"::equals).count());
    assertTrue(replyTo("msg-" + Rows.id(1)).contains("could not handle"), replyTo("msg-" + Rows.id(1)));
    assertEquals("ok", replyTo("msg-" + Rows.id(2)));
  }
}
