package ai.molecule.host.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import ai.molecule.host.testing.MemoryPlatform;
import ai.molecule.host.testing.MemoryPlatform.Call;
import ai.molecule.host.testing.Rows;
import ai.molecule.spi.Backend;
import ai.molecule.spi.BackendException;
import ai.molecule.spi.Reply;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Concurrency, stopping, crashing and pacing: the engine an operator can leave running. */
class EngineLifecycleTest extends MemoryEngineTestBase {

  private static void await(CountDownLatch latch) throws BackendException {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw BackendException.permanent("the test's latch never opened");
      }
    } catch (InterruptedException e) {
      throw BackendException.retryable("interrupted", e);
    }
  }

  /** The gaps between successive polls, from poll {@code from} on. */
  private List<Duration> gaps(int from) {
    List<MemoryPlatform.Poll> polls = platform.polls();
    List<Duration> gaps = new ArrayList<>();
    for (int i = Math.max(from, 1); i < polls.size(); i++) {
      gaps.add(Duration.between(polls.get(i - 1).at(), polls.get(i).at()));
    }
    return gaps;
  }

  @Test
  void conversationsRunConcurrentlyAndEachKeepsItsOrder() throws Exception {
    // a1 waits in the backend for b2's answer, and b2 waits for a1 to be in the backend: this only
    // finishes if the two conversations run at the same time.
    for (int i = 1; i <= 12; i++) {
      String conversation = i % 3 == 0 ? "c" : i % 2 == 0 ? "b" : "a";
      platform.rows(Rows.inConversation(conversation, Rows.message(Rows.id(i), Rows.PEER, conversation + i,
          T0.plusSeconds(i))));
    }
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
    try (EngineRun run = run(backend)) {
      until("twelve replies", () -> platform.agentReplies().size() == 12);
      until("the cursor past the last row", () -> platform.polledAfter(Rows.id(12)));
    }
    assertEquals(List.of(1, 5, 7, 11), seen.get("a"));
    assertEquals(List.of(2, 4, 8, 10), seen.get("b"));
    assertEquals(List.of(3, 6, 9, 12), seen.get("c"));
    assertTrue(platform.agentReplies().stream().map(MemoryPlatform::replyText).noneMatch(t -> t.contains("could not")),
        "no message failed waiting for another conversation");
  }

  @Test
  void aStopLetsTheMessageInHandFinishAndSavesTheCursor() throws Exception {
    platform.rows(Rows.message(Rows.id(1), Rows.PEER, "slow", T0));
    CountDownLatch inBackend = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    EngineRun run = run(message -> {
      inBackend.countDown();
      await(release);
      return Reply.text("finished");
    });
    assertTrue(inBackend.await(10, TimeUnit.SECONDS));
    run.engine.stop();
    int pollsAtStop = platform.polls().size();
    release.countDown();
    run.close(); // fails unless run() returns normally
    assertNull(run.failure());
    assertEquals("finished", MemoryPlatform.replyText(platform.agentReplies().get(0)));
    assertEquals(Rows.id(1), new StateStore(stateDir, Rows.WORKSPACE, 10).load().cursor());
    assertTrue(platform.polls().size() <= pollsAtStop + 1, "no polling after the stop");
  }

  @Test
  void aMessageNotFinishedWithinTheGracePeriodIsDeliveredAgainNotAnsweredWithAnError() throws Exception {
    platform.rows(Rows.message(Rows.id(1), Rows.PEER, "endless", T0));
    CountDownLatch inBackend = new CountDownLatch(1);
    EngineSettings settings = settings().toBuilder().grace(Duration.ofMillis(100)).build();
    EngineRun run = run(message -> {
      inBackend.countDown();
      await(new CountDownLatch(1)); // until interrupted
      return Reply.text("never");
    }, settings);
    assertTrue(inBackend.await(10, TimeUnit.SECONDS));
    run.close();
    assertTrue(platform.agentReplies().isEmpty(), "an interrupted message gets no error reply");
    assertNull(new StateStore(stateDir, Rows.WORKSPACE, 10).load().cursor(), "it stays in the feed");
  }

  @Test
  void afterACrashNothingIsLostAndNothingAnsweredTwice() throws Exception {
    // Three messages of one conversation; the first engine answers two and "crashes" in the third.
    platform.rows(
        Rows.inConversation("c", Rows.message(Rows.id(1), Rows.PEER, "m1", T0.plusSeconds(1))),
        Rows.inConversation("c", Rows.message(Rows.id(2), Rows.PEER, "m2", T0.plusSeconds(2))),
        Rows.inConversation("c", Rows.message(Rows.id(3), Rows.PEER, "m3", T0.plusSeconds(3))));
    CountDownLatch stuck = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    List<String> firstEngine = new CopyOnWriteArrayList<>();
    EngineRun crashing = run(message -> {
      if (message.text().equals("m3")) {
        stuck.countDown();
        await(never);
      }
      firstEngine.add(message.text());
      return Reply.text(message.text());
    }, settings().toBuilder().grace(Duration.ofMillis(50)).build());
    assertTrue(stuck.await(10, TimeUnit.SECONDS));
    until("m2 answered", () -> platform.agentReplies().size() == 2);
    // The first process dies in m3 (its grace is too short for it), releasing the workspace.
    crashing.close();

    // A new process starts from what the first one saved.
    List<String> secondEngine = new CopyOnWriteArrayList<>();
    try (EngineRun restarted = run(message -> {
      secondEngine.add(message.text());
      return Reply.text(message.text());
    })) {
      until("m3 answered", () -> platform.agentReplies().size() == 3);
      until("the cursor past r3", () -> platform.polledAfter(Rows.id(3)));
    }
    assertEquals(List.of("m1", "m2"), firstEngine);
    assertEquals(List.of("m3"), secondEngine);
    assertEquals(List.of("m1", "m2", "m3"), platform.agentReplies().stream().map(MemoryPlatform::replyText).toList());
  }

  @Test
  void aRedeliveredRowAlreadyAnsweredOutOfOrderIsNotAnsweredAgain() throws Exception {
    // r2 finished before r1 when the process died: the cursor stayed before r1, r2 was remembered.
    CursorState before = new CursorState(null, List.of(Rows.id(2), "msg-" + Rows.id(2)), 100);
    new StateStore(stateDir, Rows.WORKSPACE, 100).save(before);
    platform.rows(
        Rows.message(Rows.id(1), Rows.PEER, "first", T0.plusSeconds(1)),
        Rows.message(Rows.id(2), Rows.PEER, "second", T0.plusSeconds(2)));
    List<String> handled = new CopyOnWriteArrayList<>();
    try (EngineRun run = run(message -> {
      handled.add(message.text());
      return Reply.text(message.text());
    })) {
      until("the cursor past r2", () -> platform.polledAfter(Rows.id(2)));
      untilSaved(Rows.id(2));
    }
    assertEquals(List.of("first"), handled);
  }

  @Test
  void aSecondProcessForTheSameWorkspaceIsRefused() throws Exception {
    try (EngineRun first = run(m -> Reply.text("hi"))) {
      until("the first engine polling", () -> !platform.polls().isEmpty());
      try (EngineRun second = run(m -> Reply.text("hi"))) {
        var failure = second.awaitFailure(Duration.ofSeconds(10));
        assertEquals(ExitCode.USAGE, failure.exitCode());
        assertTrue(failure.getMessage().contains("already served by another molecule process"), failure.getMessage());
      }
    }
  }

  @Test
  void aReplyThatCannotBeDeliveredForLongIsGivenUpAndTheConversationMovesOn() throws Exception {
    platform.rows(
        Rows.inConversation("c", Rows.message(Rows.id(1), Rows.PEER, "to a peer that is down", T0.plusSeconds(1))),
        Rows.inConversation("c", Rows.message(Rows.id(2), null, "for the canvas", T0.plusSeconds(2))));
    platform.failAlways(Call.PEER, MemoryPlatform.unavailable());
    EngineSettings settings = settings();
    try (EngineRun run = run(m -> Reply.text("answer"), settings)) {
      until("the next message of the conversation answered", () -> platform.notifications().size() == 1);
      until("the cursor past both", () -> platform.polledAfter(Rows.id(2)));
    }
    List<MemoryPlatform.Sent> tries = platform.agentReplyAttempts();
    assertTrue(tries.size() >= 2, "the reply was retried before it was given up");
    Duration tried = Duration.between(tries.get(0).at(), tries.get(tries.size() - 1).at());
    assertTrue(tried.compareTo(settings.replyPatience()) <= 0, "given up within its patience: " + tried);
    assertTrue(tried.compareTo(settings.replyPatience().minus(settings.backoffCap())) >= 0,
        "and retried until then: " + tried);
  }

  @Test
  void heartbeatsKeepTheirCadenceWhileEveryWorkerIsBusy() throws Exception {
    platform.rows(
        Rows.message(Rows.id(1), Rows.PEER, "one", T0.plusSeconds(1)),
        Rows.message(Rows.id(2), Rows.PEER, "two", T0.plusSeconds(2)));
    CountDownLatch bothBusy = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    EngineSettings settings = settings().toBuilder()
        .concurrency(2).heartbeatInterval(Duration.ofMillis(100)).build();
    try (EngineRun run = run(message -> {
      bothBusy.countDown();
      await(release);
      return Reply.text("done");
    }, settings)) {
      assertTrue(bothBusy.await(10, TimeUnit.SECONDS));
      int before = platform.heartbeats().size();
      clock.untilWithoutTime("three heartbeats while both workers are busy",
          () -> platform.heartbeats().size() >= before + 3);
      assertEquals(2, platform.heartbeats().get(platform.heartbeats().size() - 1).activeTasks());
      release.countDown();
      until("two replies", () -> platform.agentReplies().size() == 2);
    }
  }

  @Test
  void afterAMessageItPollsQuicklyAndWhenIdleAtTheInterval() throws Exception {
    platform.rows(Rows.message(Rows.id(1), Rows.PEER, "hello", T0));
    EngineSettings settings = settings().toBuilder()
        .pollInterval(Duration.ofSeconds(5))
        .busyPolling(Duration.ofMillis(200), Duration.ofSeconds(30))
        .build();
    try (EngineRun run = run(m -> Reply.text("hi"), settings)) {
      until("the reply", () -> platform.agentReplies().size() == 1);
      until("an idle gap", () -> gaps(1).contains(Duration.ofSeconds(5)));
    }
    List<Duration> gaps = gaps(1);
    int firstIdle = gaps.indexOf(Duration.ofSeconds(5));
    assertTrue(firstIdle >= 5, "quick polls first: " + gaps);
    assertTrue(gaps.subList(0, firstIdle).stream().allMatch(Duration.ofMillis(200)::equals), "busy polling: " + gaps);
    // The message came with the first poll; the quick polls last the busy window from then, no longer.
    Duration quickFor = Duration.between(platform.polls().get(0).at(), platform.polls().get(firstIdle).at());
    assertTrue(quickFor.compareTo(Duration.ofSeconds(30)) >= 0 && quickFor.compareTo(Duration.ofMillis(30_200)) < 0,
        "quick for the 30 s busy window after the message, then the interval: " + quickFor);
  }

  @Test
  void idlePollingStaysAtOnePollPerInterval() throws Exception {
    EngineSettings settings = settings().toBuilder().pollInterval(Duration.ofMillis(250)).build();
    try (EngineRun run = run(m -> Reply.text("hi"), settings)) {
      clock.untilWithoutTime("the first poll, then the wait", () -> platform.polls().size() == 1
          && clock.isParked(EngineRun.THREAD));
      for (int n = 2; n <= 5; n++) {
        clock.advance(Duration.ofMillis(250));
        int expected = n;
        clock.untilWithoutTime("poll " + n + ", then the wait", () -> platform.polls().size() == expected
            && clock.isParked(EngineRun.THREAD));
      }
      clock.advance(Duration.ofMillis(249));
      assertTrue(clock.isParked(EngineRun.THREAD), "still waiting before the interval is up");
      assertEquals(5, platform.polls().size(), "no poll before the interval is up");
    }
    assertTrue(gaps(1).subList(0, 4).stream().allMatch(Duration.ofMillis(250)::equals), "" + gaps(1));
  }

  @Test
  void anUnreachablePlatformEndsTheEngineAfterTheGiveUpTime() throws Exception {
    EngineSettings settings = settings().toBuilder().giveUpAfter(Duration.ofMinutes(10)).build();
    platform.failAlways(Call.POLL, MemoryPlatform.unavailable());
    Instant started = clock.instant();
    MoleculeException failure;
    try (EngineRun run = run(m -> Reply.text("hi"), settings)) {
      failure = run.awaitFailure(Duration.ofSeconds(10));
    }
    assertEquals(ExitCode.UNREACHABLE, failure.exitCode());
    assertTrue(failure.getMessage().contains("unreachable for more than 600 s"), failure.getMessage());
    List<MemoryPlatform.Poll> polls = platform.polls();
    Duration tried = Duration.between(started, polls.get(polls.size() - 1).at());
    assertTrue(tried.compareTo(Duration.ofMinutes(10)) <= 0, "no try after the give-up time: " + tried);
    assertTrue(tried.compareTo(Duration.ofMinutes(10).minus(settings.backoffCap())) >= 0,
        "tries until about then: " + tried);
  }

  @Test
  void aRevokedTokenDuringWorkEndsTheEngineAtTheFirstRefusal() throws Exception {
    platform.rows(Rows.message(Rows.id(1), Rows.PEER, "slow", T0));
    CountDownLatch inBackend = new CountDownLatch(1);
    try (EngineRun run = run(message -> {
      inBackend.countDown();
      await(new CountDownLatch(1)); // a very slow backend, until interrupted
      return Reply.text("late");
    }, settings().toBuilder().heartbeatInterval(Duration.ofMillis(50)).build())) {
      assertTrue(inBackend.await(10, TimeUnit.SECONDS));
      platform.failAlways(Call.HEARTBEAT, MemoryPlatform.unauthorized());
      assertEquals(ExitCode.AUTH, run.awaitFailure(Duration.ofSeconds(5)).exitCode());
    }
    assertEquals(1, platform.attempts(Call.HEARTBEAT) - platform.heartbeats().size(),
        "the first refused heartbeat ends the engine: no second one is needed");
  }
}
