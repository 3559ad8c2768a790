package ai.molecule.host.status;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.host.engine.Engine;
import ai.molecule.host.engine.EngineSettings;
import ai.molecule.host.platform.AgentCard;
import ai.molecule.host.platform.Deadlines;
import ai.molecule.host.platform.PlatformClient;
import ai.molecule.host.platform.PlatformConfig;
import ai.molecule.host.platform.RatePacer;
import ai.molecule.host.platform.Secret;
import ai.molecule.host.testing.Await;
import ai.molecule.host.testing.FakeClock;
import ai.molecule.host.testing.FakePlatform;
import ai.molecule.host.testing.LogCapture;
import ai.molecule.host.testing.MetricSamples;
import ai.molecule.host.testing.Rows;
import ai.molecule.spi.Backend;
import ai.molecule.spi.Reply;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An engine against a fake platform, watched through the status endpoint, the metrics and the log. */
class OperatorViewsTest {

  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  private static final String SECRET_TEXT = "the-secret-text-of-the-message";
  private static final Backend ECHO = message -> Reply.text("echo: " + message.text());
  private static final Duration HEARTBEAT_LIMIT = Duration.ofSeconds(70);

  @TempDir Path stateDir;

  private final HttpClient http = HttpClient.newHttpClient();
  private FakePlatform platform;
  private FakeClock clock;
  private OperatorViews views;
  private StatusServer server;
  private Engine engine;
  private Thread thread;

  @BeforeEach
  void start() throws Exception {
    platform = FakePlatform.start(Rows.WORKSPACE).acceptingEverything();
    clock = new FakeClock(Instant.now());
    views = new OperatorViews(clock, HEARTBEAT_LIMIT, true);
    server = views.serve(StatusAddress.parse("0"), views.board());
  }

  @AfterEach
  void stop() throws Exception {
    if (engine != null) {
      engine.stop();
      thread.join(10_000);
    }
    server.close();
    platform.close();
  }

  private void runEngine(Duration heartbeat) {
    EngineSettings settings = EngineSettings.defaults().toBuilder()
        .pollInterval(Duration.ofMillis(20))
        .heartbeatInterval(heartbeat)
        .backoff(Duration.ofMillis(10), Duration.ofMillis(50))
        .events(false)
        .build();
    Deadlines deadlines = Deadlines.defaults().withControl(Duration.ofSeconds(5));
    PlatformClient client = new PlatformClient(new PlatformConfig(URI.create(platform.url()), Rows.WORKSPACE,
        new Secret(FakePlatform.TOKEN), null, deadlines.control()), deadlines, new RatePacer(Clock.systemUTC(), 1.0));
    engine = new Engine(client, ECHO, new AgentCard("test", "a test agent", "0"), stateDir, settings,
        views.observer());
    thread = new Thread(() -> {
      try {
        engine.run();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, "engine-under-test");
    thread.start();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private int status(String path) {
    try {
      return get(path).statusCode();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void readyOnceHeartbeatingAndUnreadyWhenTheHeartbeatIsRefusedUntilItIsAcceptedAgain() throws Exception {
    assertEquals(200, status("/healthz"));
    assertEquals(503, status("/readyz"), "no workspace yet: not ready");
    runEngine(Duration.ofMillis(200));
    Await.until("ready", () -> status("/readyz") == 200);

    StubMapping failing = platform.server().stubFor(post("/registry/heartbeat").atPriority(1)
        .willReturn(FakePlatform.status(500, "{\"error\":\"down\"}")));
    int seen = platform.heartbeats().size();
    Await.until("two refused heartbeats", () -> platform.heartbeats().size() >= seen + 2);
    clock.advance(HEARTBEAT_LIMIT.plusSeconds(1));
    HttpResponse<String> unready = get("/readyz");
    assertEquals(503, unready.statusCode(), unready.body());
    JsonObject body = JsonParser.parseString(unready.body()).getAsJsonObject();
    assertFalse(body.get("ready").getAsBoolean());
    JsonObject entry = body.getAsJsonArray("not_ready").get(0).getAsJsonObject();
    assertEquals(Rows.WORKSPACE, entry.get("workspace").getAsString());
    assertTrue(entry.get("reason").getAsString().contains("heartbeat"), entry.toString());
    // The heartbeat stays refused: the workspace stays unready however often it is asked.
    int later = platform.heartbeats().size();
    Await.until("more refused heartbeats", () -> platform.heartbeats().size() >= later + 2);
    assertEquals(503, status("/readyz"));

    platform.server().removeStub(failing);
    Await.until("ready again once a heartbeat is accepted", () -> status("/readyz") == 200);
    assertEquals(200, status("/healthz"));
  }

  @Test
  void metricsParseWithPrometheusAndCountTheMessagesAndTheLogSaysOneLinePerMessageWithoutItsText()
      throws Exception {
    platform.firstPage(Rows.page(
        Rows.message(Rows.id(3), Rows.PEER, SECRET_TEXT + " 3", T0.plusSeconds(2)),
        Rows.message(Rows.id(2), Rows.PEER, SECRET_TEXT + " 2", T0.plusSeconds(1)),
        Rows.message(Rows.id(1), Rows.PEER, SECRET_TEXT + " 1", T0)));
    String log = LogCapture.during(() -> {
      runEngine(Duration.ofSeconds(30));
      Await.until("three replies", () -> platform.agentReplies().size() == 3);
      Await.until("a poll after the last row", () -> platform.polledAfter(Rows.id(3)));
    });

    // The backlog is as of the last poll: a poll after the three are done says 0.
    Await.until("a poll with nothing in hand", () -> metrics().contains("molecule_backlog_in_hand{workspace=\""
        + Rows.WORKSPACE + "\"} 0.0"));
    String metrics = metrics();
    Promtool.check(metrics);
    assertEquals(3.0, sample(metrics, "molecule_messages_total", "outcome=\"answered\""), metrics);
    assertEquals(3.0, sample(metrics, "molecule_messages_received_total", "sender=\"peer\""), metrics);
    assertEquals(3.0, sample(metrics, "molecule_turn_duration_seconds_count", "outcome=\"answered\""), metrics);
    assertEquals(1.0, sample(metrics, "molecule_workspace_state", "state=\"connected\""), metrics);
    assertEquals(0.0, sample(metrics, "molecule_backlog_in_hand", ""), metrics);
    assertTrue(sample(metrics, "molecule_seconds_since_last_poll", "") >= 0, metrics);
    assertTrue(sample(metrics, "molecule_seconds_since_last_heartbeat", "") >= 0, metrics);
    assertEquals(0.0, sample(metrics, "molecule_monthly_spend_cents", ""), metrics);

    List<String> info = log.lines().filter(line -> line.startsWith("INFO") && line.contains(" message msg-")).toList();
    assertEquals(3, info.size(), log);
    for (int n = 1; n <= 3; n++) {
      String id = "msg-" + Rows.id(n);
      List<String> lines = info.stream().filter(line -> line.contains(id)).toList();
      assertEquals(1, lines.size(), log);
      assertTrue(lines.get(0).contains("from a peer") && lines.get(0).contains("answered in"), lines.get(0));
      assertTrue(lines.get(0).contains("conversation ctx-" + Rows.id(n)), lines.get(0));
    }
    assertFalse(log.lines().filter(line -> !line.startsWith("DEBUG")).anyMatch(line -> line.contains(SECRET_TEXT)),
        "the text appears only at debug level (--verbose)");
    assertFalse(log.contains(FakePlatform.TOKEN), "no token in the log");
    assertTrue(log.lines().anyMatch(line -> line.startsWith("INFO") && line.contains("workspace " + Rows.WORKSPACE
        + ": registered with")), log);
  }

  @Test
  void theStatusListsTheWorkspaceWithItsLastHeartbeatAndPoll() throws Exception {
    runEngine(Duration.ofSeconds(30));
    Await.until("ready", () -> status("/readyz") == 200);
    Await.until("a poll", () -> views.board().workspaces().get(0).lastPoll() != null);
    JsonObject body = JsonParser.parseString(get("/status").body()).getAsJsonObject();
    JsonObject workspace = body.getAsJsonArray("workspaces").get(0).getAsJsonObject();
    assertEquals(Rows.WORKSPACE, workspace.get("workspace").getAsString());
    assertEquals("connected", workspace.get("state").getAsString());
    assertTrue(workspace.get("ready").getAsBoolean());
    assertTrue(workspace.has("last_heartbeat") && workspace.has("last_poll"), workspace.toString());
    assertEquals(405, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort()
        + "/readyz")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString())
        .statusCode());
    assertEquals(404, status("/nothing"));
  }

  private String metrics() {
    try {
      return get("/metrics").body();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static double sample(String exposition, String name, String label) {
    return MetricSamples.sample(exposition, Rows.WORKSPACE, name, label);
  }
}
