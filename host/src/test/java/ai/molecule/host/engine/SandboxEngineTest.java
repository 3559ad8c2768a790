package ai.molecule.host.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import ai.molecule.host.platform.AgentCard;
import ai.molecule.host.platform.Deadlines;
import ai.molecule.host.platform.PlatformClient;
import ai.molecule.host.platform.PlatformConfig;
import ai.molecule.host.platform.RatePacer;
import ai.molecule.host.platform.Secret;
import ai.molecule.host.testing.Await;
import ai.molecule.host.testing.LogCapture;
import ai.molecule.sandbox.A2aCall;
import ai.molecule.sandbox.FeedRow;
import ai.molecule.sandbox.PushAnswer;
import ai.molecule.sandbox.SandboxOptions;
import ai.molecule.sandbox.SandboxPlatform;
import ai.molecule.sandbox.SentMessage;
import ai.molecule.sandbox.UploadFile;
import ai.molecule.sandbox.Watchdogs;
import ai.molecule.sandbox.WorkspaceCredentials;
import ai.molecule.spi.Backend;
import ai.molecule.spi.Cost;
import ai.molecule.spi.InboundMessage;
import ai.molecule.spi.Part;
import ai.molecule.spi.Reply;
import ai.molecule.spi.Turn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine against the sandbox, which models the platform as platform-api.md describes it
 * (integer fields, system turns, watchdogs, uploads, push-mode peers): the behaviours of the
 * platform issue, each in a test that fails when it breaks.
 */
class SandboxEngineTest {

  @TempDir Path dir;
  private SandboxPlatform sandbox;
  private final List<Thread> engines = new CopyOnWriteArrayList<>();
  private final List<Engine> running = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() throws Exception {
    running.forEach(Engine::stop);
    for (Thread t : engines) {
      t.join(10_000);
    }
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private SandboxPlatform sandbox(SandboxOptions options) throws Exception {
    sandbox = SandboxPlatform.start(options.withRateLimitPerMinute(0));
    return sandbox;
  }

  /** An engine for the default workspace; the failure it ends with lands in {@code failure}. */
  private Engine start(Backend backend, EngineSettings settings, Deadlines deadlines,
      AtomicReference<MoleculeException> failure) {
    WorkspaceCredentials ws = sandbox.defaultWorkspace();
    return start(ws, new PlatformClient(new PlatformConfig(sandbox.url(), ws.id(), new Secret(ws.token()), null,
        deadlines.control()), deadlines, new RatePacer(Clock.systemUTC(), 1.0)), backend,
        settings.toBuilder().filesDirectory(dir.resolve("data")).build(), failure);
  }

  private Engine start(WorkspaceCredentials ws, PlatformClient client, Backend backend, EngineSettings settings,
      AtomicReference<MoleculeException> failure) {
    Engine engine = new Engine(client, backend, new AgentCard("test", "a test agent", "0"), dir.resolve("state"),
        settings);
    Thread thread = new Thread(() -> {
      try {
        engine.run();
      } catch (MoleculeException e) {
        failure.set(e);
      }
    }, "engine-under-test");
    thread.start();
    engines.add(thread);
    running.add(engine);
    return engine;
  }

  private Engine start(Backend backend) {
    return start(backend, fast(), Deadlines.defaults().withControl(Duration.ofSeconds(5)), new AtomicReference<>());
  }

  private static EngineSettings fast() {
    return EngineRun.fastSettings().toBuilder().heartbeatInterval(Duration.ofMillis(100)).build();
  }

  private String awaitReply(SentMessage sent) throws InterruptedException {
    return sandbox.awaitReply(sent, Duration.ofSeconds(20)).orElseThrow(() -> new AssertionError("no reply")).text();
  }

  @Test
  void aHeartbeatCarryingACostIsAcceptedInWholeCents() throws Exception {
    sandbox(SandboxOptions.defaults());
    start(new Backend() {
      @Override
      public Reply handle(InboundMessage message) {
        return handle(message, Turn.none());
      }

      @Override
      public Reply handle(InboundMessage message, Turn turn) {
        turn.reportCost(Cost.usd("0.1234"));
        return Reply.text("paid");
      }
    });
    String ws = sandbox.defaultWorkspace().id();
    assertEquals("paid", awaitReply(sandbox.sendAsHuman(ws, "one")));
    assertEquals("paid", awaitReply(sandbox.sendAsHuman(ws, "two")));
    Await.until("a heartbeat with 24 cents", Duration.ofSeconds(10),
        () -> sandbox.lastHeartbeat(ws).map(h -> h.monthlySpend() == 24).orElse(false));
    assertEquals(ai.molecule.sandbox.WorkspaceStatus.ONLINE, sandbox.status(ws).status(),
        "the platform refuses a decimal spend with 400; whole cents keep the workspace online");
  }

  /** Polls rarely (every 30 s): a quick answer can only come from the event stream. */
  private static EngineSettings slowPolling() {
    return fast().toBuilder().pollInterval(Duration.ofSeconds(30)).busyPolling(Duration.ofSeconds(30),
        Duration.ofSeconds(1)).idleInterval(Duration.ofSeconds(30)).build();
  }

  private void awaitStreamOpen() {
    Await.until("the event stream open", Duration.ofSeconds(10), () -> sandbox.openEventStreams() >= 1);
  }

  @Test
  void anEventWakesThePollLoopLongBeforeTheNextScheduledPoll() throws Exception {
    sandbox(SandboxOptions.defaults());
    String ws = sandbox.defaultWorkspace().id();
    start(message -> Reply.text("re: " + message.text()), slowPolling(),
        Deadlines.defaults().withControl(Duration.ofSeconds(5)), new AtomicReference<>());
    awaitStreamOpen();
    for (int i = 0; i < 3; i++) {
      long sent = System.nanoTime();
      assertEquals("re: quick " + i, awaitReply(sandbox.sendAsHuman(ws, "quick " + i)));
      // Generous for a loaded machine, and still well before the next poll.
      assertTrue(System.nanoTime() - sent < TimeUnit.SECONDS.toNanos(20),
          "answered on the event, not at the next poll 30 s later");
    }
  }

  /** Threads whose name starts so, alive now. */
  private static long threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).count();
  }

  @Test
  void manyEnginesStreamsAreReadWithoutAThreadEachAndStillWakeTheirPolls() throws Exception {
    sandbox(SandboxOptions.defaults());
    int count = 12;
    List<WorkspaceCredentials> workspaces = sandbox.createWorkspaces(count, "ws");
    // As serve does: one HTTP client for all, on a small pool of its own.
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2, runnable -> {
      Thread thread = new Thread(runnable, "test-http");
      thread.setDaemon(true);
      return thread;
    });
    try {
      java.net.http.HttpClient http = PlatformClient.httpClient(Duration.ofSeconds(5), pool);
      Deadlines deadlines = Deadlines.defaults().withControl(Duration.ofSeconds(5));
      for (WorkspaceCredentials ws : workspaces) {
        PlatformClient client = new PlatformClient(new PlatformConfig(sandbox.url(), ws.id(), new Secret(ws.token()),
            null, deadlines.control()), deadlines, new RatePacer(Clock.systemUTC(), 1.0), http);
        start(ws, client, message -> Reply.text("re: " + message.text()),
            slowPolling().toBuilder().filesDirectory(dir.resolve("data").resolve(ws.id())).build(),
            new AtomicReference<>());
      }
      Await.until("every stream open", Duration.ofSeconds(30), () -> sandbox.openEventStreams() == count);
      assertEquals(0, threadsNamed("molecule-events"), "no thread per stream");
      assertEquals(1, threadsNamed("molecule-event-timer"), "one scheduler for every stream");
      assertEquals(2, threadsNamed("test-http"), "the HTTP client's pool reads them all");
      for (WorkspaceCredentials ws : workspaces) {
        long sent = System.nanoTime();
        assertEquals("re: quick", awaitReply(sandbox.sendAsHuman(ws.id(), "quick")));
        assertTrue(System.nanoTime() - sent < TimeUnit.SECONDS.toNanos(10),
            ws.name() + " answered on the event, not at the next poll 30 s later");
      }
    } finally {
      running.forEach(Engine::stop);
      for (Thread t : engines) {
        t.join(10_000);
      }
      pool.shutdownNow();
    }
  }

  @Test
  void aPlatformWithoutAStreamIsPolledAsBeforeWithOneLine() throws Exception {
    sandbox(SandboxOptions.defaults());
    sandbox.offerEventStreams(false);
    String ws = sandbox.defaultWorkspace().id();
    String log = LogCapture.during(() -> {
      start(message -> Reply.text("re: " + message.text()));
      assertEquals("re: polled", awaitReply(sandbox.sendAsHuman(ws, "polled")));
      Await.until("the fallback said", Duration.ofSeconds(10),
          () -> LogCapture.current().contains("offers no event stream"));
    });
    assertEquals(1, log.split("offers no event stream", -1).length - 1, "one line, not one per retry");
  }

  @Test
  void aDroppedStreamIsReconnectedAndAStalledOneIsCoveredByTheSafetyPoll() throws Exception {
    sandbox(SandboxOptions.defaults());
    String ws = sandbox.defaultWorkspace().id();
    start(message -> Reply.text("re: " + message.text()), slowPolling().toBuilder()
        .idleInterval(Duration.ofSeconds(2)).build(), Deadlines.defaults().withControl(Duration.ofSeconds(5)),
        new AtomicReference<>());
    awaitStreamOpen();
    assertEquals("re: before", awaitReply(sandbox.sendAsHuman(ws, "before")));
    sandbox.dropEventStreams();
    SentMessage duringTheDrop = sandbox.sendAsHuman(ws, "while the stream was down");
    awaitStreamOpen();
    assertEquals("re: while the stream was down", awaitReply(duringTheDrop));
    long back = System.nanoTime();
    assertEquals("re: after", awaitReply(sandbox.sendAsHuman(ws, "after")));
    assertTrue(System.nanoTime() - back < TimeUnit.SECONDS.toNanos(5), "back to event speed");
    sandbox.stallEventStreams(true);
    assertEquals("re: stalled", awaitReply(sandbox.sendAsHuman(ws, "stalled")), "the safety poll reads it");
    assertEquals(4, sandbox.replies(ws).size(), "nothing lost, nothing answered twice");
  }

  @Test
  void aOnePointOneBackendsProgressReachesTheHeartbeatAndTaskUpdates() throws Exception {
    sandbox(SandboxOptions.defaults());
    String ws = sandbox.defaultWorkspace().id();
    CountDownLatch release = new CountDownLatch(1);
    start(new Backend() {
      @Override
      public Reply handle(InboundMessage message) {
        return handle(message, Turn.none());
      }

      @Override
      public Reply handle(InboundMessage message, Turn turn) {
        turn.progress("reading the repository");
        await(release);
        return Reply.text("read it");
      }
    });
    SentMessage sent = sandbox.sendAsHuman(ws, "summarise the repository");
    Await.until("the progress in a heartbeat", Duration.ofSeconds(10), () -> sandbox.heartbeats(ws).stream()
        .anyMatch(h -> h.currentTask().equals("reading the repository") && h.activeTasks() == 1));
    Await.until("the progress as a task update", Duration.ofSeconds(10), () -> taskUpdates(ws).stream()
        .anyMatch(r -> r.summary().contains("reading the repository")));
    release.countDown();
    assertEquals("read it", awaitReply(sent));
    Await.until("an idle heartbeat after the turn", Duration.ofSeconds(10),
        () -> sandbox.lastHeartbeat(ws).map(h -> h.activeTasks() == 0 && h.currentTask().isEmpty()).orElse(false));
  }

  @Test
  void aReplyHeldByASlowPushPeerIsDeliveredOnceWhileOtherConversationsAreAnswered() throws Exception {
    sandbox(SandboxOptions.defaults());
    String peer = sandbox.peerWorkspaceId();
    // The peer holds our reply far longer than any control request may take: its own limit applies.
    sandbox.simulatePush(peer, PushAnswer.result("thanks").after(Duration.ofSeconds(8)));
    List<String> seen = new CopyOnWriteArrayList<>();
    start(message -> {
      seen.add(message.text());
      return Reply.text("re: " + message.text());
    }, fast(), Deadlines.defaults().withControl(Duration.ofSeconds(1)), new AtomicReference<>());
    String ws = sandbox.defaultWorkspace().id();
    SentMessage fromPeer = sandbox.sendAsPeer(ws, "question");
    Await.until("the reply call to the peer", Duration.ofSeconds(10),
        () -> sandbox.a2aCalls().stream().anyMatch(c -> c.targetId().equals(peer)));
    assertEquals("re: from the canvas", awaitReply(sandbox.sendAsHuman(ws, "from the canvas")));
    assertFalse(seen.contains("thanks"), "the canvas was answered while the peer still held our reply");
    Await.until("the peer's answer handed to the backend", Duration.ofSeconds(15), () -> seen.contains("thanks"));
    List<A2aCall> toPeer = sandbox.a2aCalls().stream().filter(c -> c.targetId().equals(peer)).toList();
    assertEquals(1, toPeer.size(), "delivered once: " + toPeer);
    assertEquals(1, sandbox.replies(ws).stream().filter(r -> r.text().equals("re: question")).count());
    assertFalse(seen.contains("re: thanks"), "the peer's answer is a reply: not answered again (loop guard)");
    assertTrue(fromPeer.messageId() != null);
  }

  /** A sandbox whose peer is in push mode and answers our reply with {@code text}; the peer's id. */
  private String sandboxWithAPeerAnswering(String text) throws Exception {
    sandbox(SandboxOptions.defaults());
    String peer = sandbox.peerWorkspaceId();
    sandbox.simulatePush(peer, PushAnswer.result(text));
    return peer;
  }

  @Test
  void aPeersSynchronousAnswerIsKeptBeforeItsTurnAndPassedOnOnceAfterARestart() throws Exception {
    String peer = sandboxWithAPeerAnswering("thanks");
    String ws = sandbox.defaultWorkspace().id();
    EngineSettings settings = fast().toBuilder().grace(Duration.ofMillis(100)).build();
    Deadlines deadlines = Deadlines.defaults().withControl(Duration.ofSeconds(5));
    CountDownLatch inTurn = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    Engine first = start(message -> {
      if (!message.text().equals("thanks")) {
        return Reply.text("re: " + message.text());
      }
      inTurn.countDown();
      try {
        never.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw ai.molecule.spi.BackendException.retryable("stopped during the turn", null);
    }, settings, deadlines, new AtomicReference<>());
    sandbox.sendAsPeer(ws, "question");
    assertTrue(inTurn.await(20, TimeUnit.SECONDS), "the peer's answer reached the backend");
    Path stateFile = dir.resolve("state").resolve(ws + ".json");
    assertTrue(Files.readString(stateFile).contains("thanks"), "written to the state file before its turn");

    first.stop();
    engines.get(0).join(10_000);
    assertFalse(engines.get(0).isAlive());
    assertTrue(Files.readString(stateFile).contains("thanks"), "a turn cut short by the stop leaves it kept");

    List<String> seen = new CopyOnWriteArrayList<>();
    start(message -> {
      seen.add(message.text());
      return Reply.text("re: " + message.text());
    }, settings, deadlines, new AtomicReference<>());
    Await.until("the kept answer passed on by the next run", Duration.ofSeconds(20), () -> seen.contains("thanks"));
    Await.until("forgotten once handled", Duration.ofSeconds(10),
        () -> !read(stateFile).contains("peer_answers"));
    assertEquals(List.of("thanks"), seen, "passed on once, and the question not asked again");
    assertEquals(1, sandbox.a2aCalls().stream().filter(c -> c.targetId().equals(peer)).count(),
        "the answer is a reply: never answered (loop guard)");
  }

  @Test
  void withPeerAnswersLoggedOnlyAPeersSynchronousAnswerNeverReachesTheBackend() throws Exception {
    String peer = sandboxWithAPeerAnswering("thanks");
    String ws = sandbox.defaultWorkspace().id();
    List<String> seen = new CopyOnWriteArrayList<>();
    String log = LogCapture.during(() -> {
      start(message -> {
        seen.add(message.text());
        return Reply.text("re: " + message.text());
      }, fast().toBuilder().peerAnswersToBackend(false).build(), Deadlines.defaults().withControl(Duration.ofSeconds(5)),
          new AtomicReference<>());
      sandbox.sendAsPeer(ws, "question");
      // Logged where the answer arrives, instead of being handed on: no turn follows it.
      Await.until("the answer logged", Duration.ofSeconds(20), () -> LogCapture.current().contains("logged only"));
    });
    assertTrue(log.contains(peer + " answered our reply"), log);
    assertEquals(List.of("question"), seen);
  }

  @Test
  void aJsonRpcErrorInA200IsAFailedDelivery() throws Exception {
    sandbox(SandboxOptions.defaults());
    sandbox.simulatePush(sandbox.peerWorkspaceId(), PushAnswer.jsonRpcError(-32603, "the peer broke"));
    String ws = sandbox.defaultWorkspace().id();
    String log = LogCapture.during(() -> {
      start(message -> Reply.text("answer"));
      sandbox.sendAsPeer(ws, "hello");
      Await.until("a heartbeat that counts the failure", Duration.ofSeconds(10),
          () -> sandbox.lastHeartbeat(ws).map(h -> h.errorRate() > 0).orElse(false));
    });
    assertTrue(log.contains("the peer answered with an error: the peer broke"), log);
    assertEquals(1, sandbox.a2aCalls().stream().filter(c -> c.targetId().equals(sandbox.peerWorkspaceId())).count(),
        "a failure the peer reported is not sent again");
  }

  @Test
  void aLivenessCheckIsAnsweredByTheHostAndNeverReachesTheBackend() throws Exception {
    sandbox(SandboxOptions.defaults());
    String ws = sandbox.defaultWorkspace().id();
    CountDownLatch inTurn = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> seen = new CopyOnWriteArrayList<>();
    start(message -> {
      seen.add(message.text());
      inTurn.countDown();
      await(release);
      return Reply.text("done");
    });
    SentMessage sent = sandbox.sendAsHuman(ws, "a long job");
    assertTrue(inTurn.await(10, TimeUnit.SECONDS));
    sandbox.injectSystemTurn(ws, "self-stall", "Liveness check: you've had no recorded activity for over 12 minutes");
    sandbox.injectSystemTurn(ws, "self-cron", "the hourly tick");
    Await.until("a task update", Duration.ofSeconds(10), () -> taskUpdates(ws).stream()
        .anyMatch(r -> r.summary().startsWith("still working")));
    release.countDown();
    assertEquals("done", awaitReply(sent));
    assertEquals(List.of("a long job"), seen, "system turns never reach a 1.0 backend");
    assertEquals(1, sandbox.replies(ws).size(), "and are never answered");
  }

  @Test
  void aLongTurnTriggersNoLivenessCheckAndNoSweep() throws Exception {
    // Time compressed: the watchdogs fire after 2 s of silence; the turn lasts 6 s.
    Watchdogs quick = Watchdogs.defaults().withStallAfter(Duration.ofSeconds(2))
        .withPhantomBusyAfter(Duration.ofSeconds(2));
    sandbox(SandboxOptions.defaults().withWatchdogs(quick).withTickEvery(Duration.ofMillis(100)));
    String ws = sandbox.defaultWorkspace().id();
    CountDownLatch release = new CountDownLatch(1);
    start(message -> {
      await(release);
      return Reply.text("finally");
    }, fast().toBuilder().livenessInterval(Duration.ofMillis(500)).build(),
        Deadlines.defaults().withControl(Duration.ofSeconds(5)), new AtomicReference<>());
    SentMessage sent = sandbox.sendAsHuman(ws, "thirty minutes of work");
    Await.until("the turn under way", Duration.ofSeconds(10),
        () -> sandbox.lastHeartbeat(ws).map(h -> h.activeTasks() == 1).orElse(false));
    Await.until("a few task updates", Duration.ofSeconds(20), () -> taskUpdates(ws).size() >= 6);
    release.countDown();
    assertEquals("finally", awaitReply(sent));
    assertEquals(List.of(), sandbox.watchdogSteps(ws), "neither the stall watchdog nor the sweeper fired");
  }

  @Test
  void anUploadReachesTheBackendAsAReadableLocalFileAndIsAcknowledged() throws Exception {
    sandbox(SandboxOptions.defaults());
    String ws = sandbox.defaultWorkspace().id();
    start(message -> {
      Part.File file = (Part.File) message.parts().stream().filter(Part.File.class::isInstance).findFirst()
          .orElseThrow();
      Path local = file.localPath().orElseThrow();
      try {
        return Reply.text(file.name() + ": " + Files.readString(local, StandardCharsets.UTF_8));
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    });
    SentMessage sent = sandbox.sendAsHuman(ws, "read this", new UploadFile("notes.txt", "text/plain",
        "the contents".getBytes(StandardCharsets.UTF_8)));
    assertEquals("notes.txt: the contents", awaitReply(sent));
    assertTrue(sandbox.stagedFiles(ws).stream().allMatch(f -> f.acknowledged()), "the upload was acknowledged");
    try (var stored = Files.list(dir.resolve("data").resolve("uploads"))) {
      Path file = stored.findFirst().orElseThrow();
      assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
  }

  @Test
  void aFileInAReplyIsUploadedForTheCanvasAndOurOwnUploadRowIsSkipped() throws Exception {
    sandbox(SandboxOptions.defaults());
    String ws = sandbox.defaultWorkspace().id();
    Path report = dir.resolve("data").resolve("report.txt");
    List<String> seen = new CopyOnWriteArrayList<>();
    start(message -> {
      seen.add(message.text());
      try {
        Files.createDirectories(report.getParent());
        Files.writeString(report, "the report");
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
      return Reply.of(Part.text("here it is"), new Part.File("report.txt", "text/plain", report.toUri().toString(), 10));
    });
    var reply = sandbox.awaitReply(sandbox.sendAsHuman(ws, "the report, please"), Duration.ofSeconds(20)).orElseThrow();
    assertEquals("here it is", reply.text());
    assertEquals(1, reply.attachments().size());
    String uri = reply.attachments().get(0).uri();
    assertTrue(uri.startsWith("platform-pending:" + ws + "/"), uri);
    assertEquals("the report", new String(sandbox.download(uri).orElseThrow(), StandardCharsets.UTF_8));
    // Our own upload row lands in our feed: it is skipped, and its file never acknowledged.
    awaitReply(sandbox.sendAsHuman(ws, "ok"));
    assertEquals(List.of("the report, please", "ok"), seen);
    assertFalse(sandbox.stagedFile(uri.substring(uri.lastIndexOf('/') + 1)).orElseThrow().acknowledged());
  }

  @Test
  void talkToUserDisabledLeavesTheProcessServingAgents() throws Exception {
    sandbox(SandboxOptions.defaults());
    String ws = sandbox.defaultWorkspace().id();
    sandbox.allowTalkToUser(ws, false);
    AtomicReference<MoleculeException> failure = new AtomicReference<>();
    String log = LogCapture.during(() -> {
      start(message -> Reply.text("re: " + message.text()), fast(), Deadlines.defaults()
          .withControl(Duration.ofSeconds(5)), failure);
      sandbox.sendAsHuman(ws, "hello from a person");
      SentMessage fromPeer = sandbox.sendAsPeer(ws, "hello from an agent");
      assertEquals("re: hello from an agent", awaitReply(fromPeer));
      Await.until("the refusal of the canvas reply logged", Duration.ofSeconds(10),
          () -> LogCapture.current().contains("talk_to_user_disabled"));
    });
    assertTrue(log.contains("talk_to_user_disabled"), log);
    assertEquals(null, failure.get(), "the process goes on");
  }

  @Test
  void aRevokedTokenSeenByAnyRequestEndsTheEngineWithinSeconds() throws Exception {
    sandbox(SandboxOptions.defaults());
    AtomicReference<MoleculeException> failure = new AtomicReference<>();
    start(message -> Reply.text("x"), fast().toBuilder().heartbeatInterval(Duration.ofSeconds(20)).build(),
        Deadlines.defaults().withControl(Duration.ofSeconds(5)), failure);
    String ws = sandbox.defaultWorkspace().id();
    Await.until("registered", Duration.ofSeconds(10), () -> sandbox.status(ws).registered());
    long revoked = System.nanoTime();
    sandbox.revokeTokens(ws);
    Await.until("the engine ended", Duration.ofSeconds(15), () -> failure.get() != null);
    assertEquals(ExitCode.AUTH, failure.get().exitCode());
    assertTrue(System.nanoTime() - revoked < TimeUnit.SECONDS.toNanos(20),
        "a poll saw the revocation, before any heartbeat (every 20 s) could");
  }

  private List<FeedRow> taskUpdates(String ws) {
    return sandbox.activity(ws, 500).stream().filter(r -> "task_update".equals(r.activityType())).toList();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
