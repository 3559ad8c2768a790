package ai.molecule.host.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.host.ExitCode;
import ai.molecule.host.testing.Await;
import ai.molecule.host.testing.FakePlatform;
import ai.molecule.host.testing.Rows;
import ai.molecule.spi.Backend;
import ai.molecule.spi.BackendException;
import ai.molecule.spi.Reply;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Concurrency, stopping, crashing and pacing: the engine an operator can leave running. */
class EngineLifecycleTest extends EngineTestBase {


  private static void await(CountDownLatch latch) throws BackendException {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw BackendException.permanent("the test's latch never opened");
      }
    } catch (InterruptedException e) {
      throw BackendException.retryable("interrupted", e);
    }
  }

  @Test
  void conversationsRunConcurrentlyAndEachKeepsItsOrder() throws Exception {
    // a1 waits in the backend for b2's answer, and b2 waits for a1 to be in the backend: this only
    // finishes if the two conversations run at the same time.
    List<JsonObject> rows = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      String conversation = i % 3 == 0 ? "c" : i % 2 == 0 ? "b" : "a";
      rows.add(0, Rows.inConversation(conversation, Rows.message(Rows.id(i), Rows.PEER, conversation + i, T0.plusSeconds(i))));
    }
    platform.firstPage(Rows.page(rows.toArray(JsonObject[]::new)));
    CountDownLatch a1InBackend = new CountDownLatch(1);
    CountDownLatch b2Answered = new CountDownLatch(1);
    Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
    Backend backend = message -> {
      String text = message.text();
      if (text.equals("a1")) {
        a1InBackend.countDown();
        await(b2Answered);
      } else if (text.equals("b2")) {
        await(a1InBackend);
      }
      seen.computeIfAbsent(message.contextId(), k -> new CopyOnWriteArrayList<>())
          .add(Integer.parseInt(text.substring(1)));
      if (text.equals("b2")) {
        b2Answered.countDown();
      }
      return Reply.text(text);
    };
    try (EngineRun run = new EngineRun(platform, backend, stateDir, EngineRun.fastSettings())) {
      Await.until("twelve replies", () -> platform.agentReplies().size() == 12);
      Await.until("the cursor past the last row", () -> platform.polledAfter(Rows.id(12)));
    }
    assertEquals(List.of(1, 5, 7, 11), seen.get("a"));
    assertEquals(List.of(2, 4, 8, 10), seen.get("b"));
    assertEquals(List.of(3, 6, 9, 12), seen.get("c"));
    assertTrue(platform.agentReplies().stream().map(FakePlatform::replyText).noneMatch(t -> t.contains("could not")),
        "no message failed waiting for another conversation");
  }

  @Test
  void aStopLetsTheMessageInHandFinishAndSavesTheCursor() throws Exception {
    platform.firstPage(Rows.page(Rows.message(Rows.id(1), Rows.PEER, "slow", T0)));
    CountDownLatch inBackend = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    EngineRun run = new EngineRun(platform, message -> {
      inBackend.countDown();
      await(release);
      return Reply.text("finished");
    }, stateDir, EngineRun.fastSettings());
    assertTrue(inBackend.await(10, TimeUnit.SECONDS));
    run.engine.stop();
    int pollsAtStop = platform.polls().size();
    release.countDown();
    run.close(); // fails unless run() returns normally
    assertNull(run.failure());
    assertEquals("finished", FakePlatform.replyText(platform.agentReplies().get(0)));
    assertEquals(Rows.id(1), new StateStore(stateDir, Rows.WORKSPACE, 10).load().cursor());
    assertTrue(platform.polls().size() <= pollsAtStop + 1, "no polling after the stop");
  }

  @Test
  void aMessageNotFinishedWithinTheGracePeriodIsDeliveredAgainNotAnsweredWithAnError() throws Exception {
    platform.firstPage(Rows.page(Rows.message(Rows.id(1), Rows.PEER, "endless", T0)));
    CountDownLatch inBackend = new CountDownLatch(1);
    EngineSettings settings = EngineRun.fastSettings().toBuilder().grace(Duration.ofMillis(100)).build();
    EngineRun run = new EngineRun(platform, message -> {
      inBackend.countDown();
      await(new CountDownLatch(1)); // until interrupted
      return Reply.text("never");
    }, stateDir, settings);
    assertTrue(inBackend.await(10, TimeUnit.SECONDS));
    run.close();
    assertTrue(platform.agentReplies().isEmpty(), "an interrupted message gets no error reply");
    assertNull(new StateStore(stateDir, Rows.WORKSPACE, 10).load().cursor(), "it stays in the feed");
  }

  @Test
  void afterACrashNothingIsLostAndNothingAnsweredTwice() throws Exception {
    // Three messages of one conversation; the first engine answers two and "crashes" in the third.
    platform.firstPage(Rows.page(
        Rows.inConversation("c", Rows.message(Rows.id(3), Rows.PEER, "m3", T0.plusSeconds(3))),
        Rows.inConversation("c", Rows.message(Rows.id(2), Rows.PEER, "m2", T0.plusSeconds(2))),
        Rows.inConversation("c", Rows.message(Rows.id(1), Rows.PEER, "m1", T0.plusSeconds(1)))));
    platform.pageAfter(Rows.id(2), Rows.page(Rows.inConversation("c", Rows.message(Rows.id(3), Rows.PEER, "m3", T0.plusSeconds(3)))));
    CountDownLatch stuck = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    List<String> firstEngine = new CopyOnWriteArrayList<>();
    EngineRun crashing = new EngineRun(platform, message -> {
      if (message.text().equals("m3")) {
        stuck.countDown();
        await(never);
      }
      firstEngine.add(message.text());
      return Reply.text(message.text());
    }, stateDir, EngineRun.fastSettings().toBuilder().grace(Duration.ofMillis(50)).build());
    assertTrue(stuck.await(10, TimeUnit.SECONDS));
    Await.until("m2 answered", () -> platform.agentReplies().size() == 2);
    // The first process dies in m3 (its grace is too short for it), releasing the workspace.
    crashing.close();

    // A new process starts from what the first one saved.
    List<String> secondEngine = new CopyOnWriteArrayList<>();
    try (EngineRun restarted = new EngineRun(platform, message -> {
      secondEngine.add(message.text());
      return Reply.text(message.text());
    }, stateDir, EngineRun.fastSettings())) {
      Await.until("m3 answered", () -> platform.agentReplies().size() == 3);
      Await.until("the cursor past r3", () -> platform.polledAfter(Rows.id(3)));
    }
    assertEquals(List.of("m1", "m2"), firstEngine);
    assertEquals(List.of("m3"), secondEngine);
    assertEquals(List.of("m1", "m2", "m3"), platform.agentReplies().stream().map(FakePlatform::replyText).toList());
  }

  @Test
  void aRedeliveredRowAlreadyAnsweredOutOfOrderIsNotAnsweredAgain() throws Exception {
    // r2 finished before r1 when the process died: the cursor stayed before r1, r2 was remembered.
    CursorState before = new CursorState(null, List.of(Rows.id(2), "msg-" + Rows.id(2)), 100);
    new StateStore(stateDir, Rows.WORKSPACE, 100).save(before);
    platform.firstPage(Rows.page(
        Rows.message(Rows.id(2), Rows.PEER, "second", T0.plusSeconds(2)),
        Rows.message(Rows.id(1), Rows.PEER, "first", T0.plusSeconds(1))));
    List<String> handled = new CopyOnWriteArrayList<>();
    try (EngineRun run = new EngineRun(platform, message -> {
      handled.add(message.text());
      return Reply.text(message.text());
    }, stateDir, EngineRun.fastSettings())) {
      Await.until("the cursor past r2", () -> platform.polledAfter(Rows.id(2)));
    }
    assertEquals(List.of("first"), handled);
  }

  @Test
  void aSecondProcessForTheSameWorkspaceIsRefused() throws Exception {
    try (EngineRun first = new EngineRun(platform, m -> Reply.text("hi"), stateDir, EngineRun.fastSettings())) {
      Await.until("the first engine polling", () -> !platform.polls().isEmpty());
      try (EngineRun second = new EngineRun(platform, m -> Reply.text("hi"), stateDir, EngineRun.fastSettings())) {
        var failure = second.awaitFailure(Duration.ofSeconds(10));
        assertEquals(ExitCode.USAGE, failure.exitCode());
        assertTrue(failure.getMessage().contains("already served by another molecule process"), failure.getMessage());
      }
    }
  }

  @Test
  void aReplyThatCannotBeDeliveredForLongIsGivenUpAndTheConversationMovesOn() throws Exception {
    platform.firstPage(Rows.page(
        Rows.inConversation("c", Rows.message(Rows.id(2), null, "for the canvas", T0.plusSeconds(2))),
        Rows.inConversation("c", Rows.message(Rows.id(1), Rows.PEER, "to a peer that is down", T0.plusSeconds(1)))));
    platform.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
        com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/workspaces/[^/]+/a2a"))
        .atPriority(1).willReturn(FakePlatform.status(503, "{}")));
    EngineSettings settings = EngineRun.fastSettings().toBuilder().replyPatience(Duration.ofMillis(200)).build();
    try (EngineRun run = new EngineRun(platform, m -> Reply.text("answer"), stateDir, settings)) {
      Await.until("the next message of the conversation answered", () -> platform.notifications().size() == 1);
      Await.until("the cursor past both", () -> platform.polledAfter(Rows.id(2)));
    }
    assertTrue(platform.agentReplyRequests().size() >= 2, "the reply was retried before it was given up");
  }

  @Test
  void heartbeatsKeepTheirCadenceWhileEveryWorkerIsBusy() throws Exception {
    platform.firstPage(Rows.page(
        Rows.message(Rows.id(2), Rows.PEER, "two", T0.plusSeconds(2)),
        Rows.message(Rows.id(1), Rows.PEER, "one", T0.plusSeconds(1))));
    CountDownLatch bothBusy = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    EngineSettings settings = EngineRun.fastSettings().toBuilder()
        .concurrency(2).heartbeatInterval(Duration.ofMillis(100)).build();
    try (EngineRun run = new EngineRun(platform, message -> {
      bothBusy.countDown();
      await(release);
      return Reply.text("done");
    }, stateDir, settings)) {
      assertTrue(bothBusy.await(10, TimeUnit.SECONDS));
      int before = platform.heartbeats().size();
      Await.until("three heartbeats while both workers are busy", () -> platform.heartbeats().size() >= before + 3);
      JsonObject busy = com.google.gson.JsonParser.parseString(
          platform.heartbeats().get(platform.heartbeats().size() - 1).getBodyAsString()).getAsJsonObject();
      assertEquals(2, busy.get("active_tasks").getAsInt());
      release.countDown();
      Await.until("two replies", () -> platform.agentReplies().size() == 2);
    }
  }

  @Test
  void afterAMessageItPollsQuicklyAndWhenIdleAtTheInterval() throws Exception {
    platform.firstPage(Rows.page(Rows.message(Rows.id(1), Rows.PEER, "hello", T0)));
    EngineSettings settings = EngineRun.fastSettings().toBuilder()
        .pollInterval(Duration.ofSeconds(5))
        .busyPolling(Duration.ofMillis(20), Duration.ofSeconds(30))
        .build();
    try (EngineRun run = new EngineRun(platform, m -> Reply.text("hi"), stateDir, settings)) {
      Await.until("the reply", () -> platform.agentReplies().size() == 1);
      int after = platform.polls().size();
      // At the 5 s idle interval this would take 25 s; busy polling does it in a fraction of a second.
      Await.until("five quick polls", Duration.ofSeconds(4), () -> platform.polls().size() >= after + 5);
    }
  }

  @Test
  void idlePollingStaysAtOnePollPerInterval() throws Exception {
    EngineSettings settings = EngineRun.fastSettings().toBuilder().pollInterval(Duration.ofMillis(250)).build();
    long started;
    try (EngineRun run = new EngineRun(platform, m -> Reply.text("hi"), stateDir, settings)) {
      Await.until("the first poll", () -> !platform.polls().isEmpty());
      started = System.nanoTime();
      Thread.sleep(1_000); // observing an absence: nothing to wait for but time
    }
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;
    int polls = platform.polls().size();
    assertTrue(polls <= elapsedMs / 250 + 2, polls + " polls in " + elapsedMs + " ms at a 250 ms interval");
  }

  @Test
  void anUnreachablePlatformEndsTheEngineAfterTheGiveUpTime() throws Exception {
    EngineSettings settings = EngineRun.fastSettings().toBuilder().giveUpAfter(Duration.ofMillis(300)).build();
    platform.server().stubFor(platform.firstPoll().atPriority(1).willReturn(FakePlatform.status(503, "{}")));
    try (EngineRun run = new EngineRun(platform, m -> Reply.text("hi"), stateDir, settings)) {
      assertEquals(ExitCode.UNREACHABLE, run.awaitFailure(Duration.ofSeconds(10)).exitCode());
    }
  }

  @Test
  void aRevokedTokenDuringWorkEndsTheEngineWithinSeconds() throws Exception {
    platform.firstPage(Rows.page(Rows.message(Rows.id(1), Rows.PEER, "slow", T0)));
    CountDownLatch inBackend = new CountDownLatch(1);
    try (EngineRun run = new EngineRun(platform, message -> {
      inBackend.countDown();
      await(new CountDownLatch(1)); // a very slow backend, until interrupted
      return Reply.text("late");
    }, stateDir, EngineRun.fastSettings().toBuilder().heartbeatInterval(Duration.ofMillis(50)).build())) {
      assertTrue(inBackend.await(10, TimeUnit.SECONDS));
      platform.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/registry/heartbeat")
          .atPriority(1).willReturn(FakePlatform.status(401, "{}")));
      long start = System.nanoTime();
      assertEquals(ExitCode.AUTH, run.awaitFailure(Duration.ofSeconds(5)).exitCode());
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
    }
  }
}
