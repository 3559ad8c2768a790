package ai.molecule.host.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import ai.molecule.host.platform.Deadlines;
import ai.molecule.host.testing.Await;
import ai.molecule.host.testing.FakePlatform;
import ai.molecule.host.testing.LogCapture;
import ai.molecule.host.testing.Rows;
import ai.molecule.spi.Reply;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Faults that real networks and real senders produce, each of which once stopped the bridge for
 * good: stalled bodies, hung requests, poison rows, bad state, echoed secrets.
 */
class FaultsTest extends EngineTestBase {

  private static final Instant T0 = Instant.parse("2026-08-14T17:42:05Z");
  /** A control bound short enough for a test, long enough for a loaded machine. */
  private static final Deadlines QUICK = new Deadlines(Duration.ofSeconds(2), Duration.ofSeconds(3),
      Duration.ofSeconds(1), Duration.ofSeconds(5));

  private EngineRun quick(ai.molecule.spi.Backend backend, EngineSettings settings) {
    return new EngineRun(platform, backend, stateDir, settings, QUICK);
  }

  @Test
  void aPollWhoseBodyStallsIsCutAtItsDeadlineAndPollingGoesOn() throws Exception {
    // The first poll's headers arrive, then its body dribbles over a minute.
    platform.server().stubFor(platform.firstPoll().atPriority(1).inScenario("stall")
        .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED).willSetStateTo("fine")
        .willReturn(aResponse().withStatus(200).withBody("[" + Rows.message(Rows.id(9), Rows.PEER, "lost", T0) + "]")
            .withChunkedDribbleDelay(20, 60_000)));
    platform.firstPage(Rows.page(Rows.message(Rows.id(1), Rows.PEER, "after the stall", T0)));
    String log = LogCapture.during(() -> {
      try (EngineRun run = quick(ECHO, EngineRun.fastSettings())) {
        Await.until("the message after the stall answered", Duration.ofSeconds(20),
            () -> platform.agentReplies().size() >= 1);
      }
    });
    // Cut by whichever bound runs out first (the headers' deadline, the body's, or its idle limit),
    // each worded its own way: the fact asserted is that the poll failed, was retried, and its
    // half-read row was not acted on.
    assertTrue(log.contains("poll failed, retrying"), log);
    assertEquals(1, platform.agentReplies().size(), "only the message after the stall is answered");
  }

  @Test
  void aHeartbeatWhoseBodyStallsIsCutAndTheNextHeartbeatGoesOut() throws Exception {
    platform.server().stubFor(post(urlPathEqualTo("/registry/heartbeat")).atPriority(1).willReturn(
        aResponse().withStatus(200).withBody("{\"status\":\"ok\",\"generation\":1}").withChunkedDribbleDelay(10, 60_000)));
    EngineSettings settings = EngineRun.fastSettings().toBuilder().heartbeatInterval(Duration.ofMillis(200)).build();
    try (EngineRun run = quick(ECHO, settings)) {
      Await.until("three heartbeats although every body stalls", Duration.ofSeconds(20),
          () -> platform.heartbeats().size() >= 3);
    }
  }

  @Test
  void aReplyWhoseBodyStallsFreesItsConversationAndIsNotSentAgain() throws Exception {
    platform.server().stubFor(post(urlPathMatching("/workspaces/[^/]+/a2a")).atPriority(1).willReturn(
        aResponse().withStatus(200).withBody("{\"jsonrpc\":\"2.0\",\"result\":{}}").withChunkedDribbleDelay(10, 60_000)));
    platform.firstPage(Rows.page(
        Rows.inConversation("c", Rows.message(Rows.id(2), Rows.PEER, "second", T0.plusSeconds(2))),
        Rows.inConversation("c", Rows.message(Rows.id(1), Rows.PEER, "first", T0.plusSeconds(1)))));
    try (EngineRun run = quick(ECHO, EngineRun.fastSettings())) {
      Await.until("both replies sent, one after the other", Duration.ofSeconds(20),
          () -> platform.agentReplies().size() >= 2);
      Await.until("the cursor past both", Duration.ofSeconds(20), () -> platform.polledAfter(Rows.id(2)));
    }
    assertEquals(2, platform.agentReplies().size(), "a reply that may have arrived is never sent again");
  }

  @Test
  void aRowNestedTooDeepIsRefusedByIdAndTheNextRowIsAnswered() throws Exception {
    JsonObject deep = Rows.message(Rows.id(1), Rows.PEER, "deep", T0.plusSeconds(1));
    String nested = "[".repeat(250) + "]".repeat(250);
    String page = "[" + Rows.message(Rows.id(2), Rows.PEER, "fine", T0.plusSeconds(2)) + ","
        + deep.toString().replace("\"text\":\"deep\"", "\"text\":\"deep\",\"junk\":" + nested) + "]";
    platform.firstPage(page);
    String log = LogCapture.during(() -> {
      try (EngineRun run = run(ECHO)) {
        Await.until("two replies", () -> platform.agentReplies().size() == 2);
      }
    });
    assertTrue(log.contains("refusing activity row " + Rows.id(1) + ": the message is nested more than"), log);
    // An unreadable row has no message id to answer: the error reply names the row.
    assertTrue(replyTo(Rows.id(1)).startsWith("error: molecule could not read this message"), replyTo(Rows.id(1)));
    assertEquals("echo: fine", replyTo("msg-" + Rows.id(2)));
  }

  @Test
  void aStateFieldOfTheWrongTypeIsDroppedWithACopyKeptAndTheRestIsKept() throws Exception {
    Path file = stateDir.resolve(Rows.WORKSPACE + ".json");
    Files.createDirectories(stateDir);
    Files.writeString(file, "{\"cursor\":5,\"handled\":[\"msg-" + Rows.id(1) + "\",7],\"acked_seq\":\"ten\"}");
    platform.firstPage(Rows.page(Rows.message(Rows.id(1), Rows.PEER, "answered before", T0),
        Rows.message(Rows.id(2), Rows.PEER, "new", T0.plusSeconds(1))));
    String log = LogCapture.during(() -> {
      try (EngineRun run = run(ECHO)) {
        Await.until("the new message answered", () -> platform.agentReplies().size() >= 1);
      }
    });
    assertTrue(log.contains("cursor 5 is not a row id"), log);
    assertFalse(platform.polls().get(0).queryParameter("since_id").isPresent(), "a bad cursor is never sent");
    assertEquals(1, platform.agentReplies().size(), "the handled ids were kept: nothing answered twice");
    try (Stream<Path> files = Files.list(stateDir)) {
      assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith(Rows.WORKSPACE + ".json.invalid-")),
          "a copy of the file as it was is kept aside");
    }
  }

  @Test
  void aStopAbortsAHungPollAtOnce() throws Exception {
    platform.server().stubFor(platform.firstPoll().atPriority(1).willReturn(
        aResponse().withStatus(200).withBody("[]").withFixedDelay(60_000)));
    EngineRun run = new EngineRun(platform, ECHO, stateDir, EngineRun.fastSettings(),
        Deadlines.defaults().withControl(Duration.ofSeconds(30)));
    Await.until("the poll under way", Duration.ofSeconds(10), () -> !platform.polls().isEmpty());
    long stopped = System.nanoTime();
    run.close();
    assertTrue(System.nanoTime() - stopped < TimeUnit.SECONDS.toNanos(15),
        "nothing in hand: the stop does not wait out the request's 30 s");
  }

  @Test
  void startUpGivesUpWithinItsTotalDeadlineOnAPlatformThatNeverAnswers() throws Exception {
    platform.server().stubFor(post("/registry/register").atPriority(1).willReturn(
        aResponse().withStatus(200).withFixedDelay(60_000)));
    EngineSettings settings = EngineRun.fastSettings().toBuilder().startupDeadline(Duration.ofSeconds(4)).build();
    long started = System.nanoTime();
    EngineRun run = quick(ECHO, settings);
    MoleculeException failure = run.awaitFailure(Duration.ofSeconds(20));
    assertEquals(ExitCode.UNREACHABLE, failure.exitCode());
    // The 4 s deadline, a request in flight at it (2 s) and room for a loaded machine: not a retry for ever.
    assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(14), "about the start-up deadline, no more");
  }

  @Test
  void aTokenEchoedInAnErrorBodyIsNeverLogged() throws Exception {
    platform.server().stubFor(platform.firstPoll().atPriority(1).willReturn(FakePlatform.status(502,
        "{\"error\":\"upstream said: Authorization: Bearer " + FakePlatform.TOKEN + "\"}")));
    String log = LogCapture.during(() -> {
      try (EngineRun run = run(ECHO)) {
        Await.until("a few failed polls", () -> platform.polls().size() >= 2);
      }
    });
    assertTrue(log.contains("upstream said"), log);
    assertFalse(log.contains(FakePlatform.TOKEN), log);
  }

  @Test
  void aHeartbeatOnlyRevocationEndsTheEngineWithinSeconds() throws Exception {
    platform.server().stubFor(post(urlPathEqualTo("/registry/heartbeat")).atPriority(1)
        .willReturn(FakePlatform.status(401, "{\"error\":\"invalid token\"}")));
    long started = System.nanoTime();
    EngineRun run = run(ECHO);
    MoleculeException failure = run.awaitFailure(Duration.ofSeconds(20));
    assertEquals(ExitCode.AUTH, failure.exitCode());
    assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(15),
        "ended on the first heartbeat's 401, not on a later one (every 30 s)");
  }

  @Test
  void repeatedHeartbeatRefusalsEndTheEngineAsRejected() throws Exception {
    platform.server().stubFor(post(urlPathEqualTo("/registry/heartbeat")).atPriority(1)
        .willReturn(FakePlatform.status(400, "{\"error\":\"invalid request body\"}")));
    EngineSettings settings = EngineRun.fastSettings().toBuilder().heartbeatInterval(Duration.ofMillis(100)).build();
    String log = LogCapture.during(() -> {
      EngineRun run = new EngineRun(platform, ECHO, stateDir, settings);
      assertEquals(ExitCode.REJECTED, run.awaitFailure(Duration.ofSeconds(15)).exitCode());
    });
    assertTrue(log.contains("the platform refused a heartbeat (1 in a row)"), log);
  }

  @Test
  void aLongRetryAfterIsCappedAndSaidWithWhenItEnds() throws Exception {
    platform.server().stubFor(platform.firstPoll().atPriority(1).willReturn(FakePlatform.status(429,
        "{\"error\":\"rate limit exceeded\",\"retry_after\":3600}").withHeader("Retry-After", "3600")));
    String log = LogCapture.during(() -> {
      try (EngineRun run = run(ECHO)) {
        Await.until("the first poll", () -> !platform.polls().isEmpty());
        Await.until("the wait logged", () -> LogCapture.current().contains("retrying at"));
      }
    });
    assertTrue(log.contains("the platform asks to wait 3600 s; waiting 300 s"), log);
  }

  @Test
  void aPlatformTooOldForCursorsIsRefused() throws Exception {
    platform.server().stubFor(platform.pollAfter(FakePlatform.PROBE_CURSOR).atPriority(0)
        .willReturn(FakePlatform.status(200, "[]")));
    EngineRun run = run(ECHO);
    MoleculeException failure = run.awaitFailure(Duration.ofSeconds(10));
    assertEquals(ExitCode.REJECTED, failure.exitCode());
    assertTrue(failure.getMessage().contains("--allow-old-platform"), failure.getMessage());
  }

  private static final ai.molecule.spi.Backend ECHO = m -> Reply.text("echo: " + m.text());
}
