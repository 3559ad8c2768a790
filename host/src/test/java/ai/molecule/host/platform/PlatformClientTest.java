package ai.molecule.host.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.host.testing.FakePlatform;
import ai.molecule.host.testing.Rows;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PlatformClientTest {

  private final FakePlatform platform = FakePlatform.start(Rows.WORKSPACE);

  @AfterEach
  void stop() {
    platform.close();
  }

  private PlatformClient client(String orgId) {
    return new PlatformClient(new PlatformConfig(URI.create(platform.url() + "/"), Rows.WORKSPACE,
        new Secret(FakePlatform.TOKEN), orgId, Duration.ofSeconds(10)));
  }

  @Test
  void retryAfterIsReadAsSecondsOrAnHttpDate() {
    assertEquals(Duration.ofSeconds(7), PlatformClient.parseRetryAfter("7"));
    assertEquals(Duration.ZERO, PlatformClient.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT"));
    assertNull(PlatformClient.parseRetryAfter("soon"));
  }

  @Test
  void tenantRoutedRequestsCarryTheOrgHeaderAndHeartbeatsGoByToken() throws Exception {
    platform.acceptingEverything();
    client("org-1").heartbeat(new HeartbeatFigures(0, "", 0, 1, "", 0, -1));
    var request = platform.heartbeats().get(0);
    assertEquals(platform.url(), request.getHeader("Origin"));
    assertFalse(request.containsHeader("X-Molecule-Org-Id"), "register and heartbeat count against the token's bucket");
    assertEquals("application/json", request.getHeader("Content-Type"));
    client("org-1").activity(new ActivityQuery(null, 60, 1), 1 << 20, 1 << 20);
    var poll = platform.server().getAllServeEvents().stream().map(e -> e.getRequest())
        .filter(r -> r.getUrl().contains("/activity")).findFirst().orElseThrow();
    assertEquals("org-1", poll.getHeader("X-Molecule-Org-Id"));
    assertTrue(poll.getUrl().contains("include=peer_info"), poll.getUrl());
  }

  /** What the engine tests on the platform in memory take for granted of the wire. */
  @Test
  void aReplyGoesToTheSendersA2aAsUsAndPollsAndHeartbeatsSayWhatThePlatformNeeds() throws Exception {
    platform.acceptingEverything();
    PlatformClient client = client(null);
    JsonObject request = new JsonObject();
    request.addProperty("method", "message/send");
    client.sendToAgent(Rows.PEER, request);
    var sent = platform.agentReplyRequests().get(0);
    assertEquals("/workspaces/" + Rows.PEER + "/a2a", sent.getUrl());
    assertEquals(Rows.WORKSPACE, sent.getHeader("X-Workspace-ID"));
    assertEquals("Bearer " + FakePlatform.TOKEN, sent.getHeader("Authorization"));
    assertEquals("message/send", platform.agentReplies().get(0).get("method").getAsString());

    client.heartbeat(new HeartbeatFigures(0, "", 0, 1, "", 0, -1));
    JsonObject beat = JsonParser.parseString(platform.heartbeats().get(0).getBodyAsString()).getAsJsonObject();
    assertEquals(Rows.WORKSPACE, beat.get("workspace_id").getAsString());
    assertEquals("", beat.get("runtime_state").getAsString(), "only \"\" lets a degraded workspace return to online");

    client.activity(new ActivityQuery(null, 60, 500), 1 << 20, 1 << 20);
    client.activity(new ActivityQuery(Rows.id(1), 60, 100), 1 << 20, 1 << 20);
    var polls = platform.polls();
    assertEquals("60", polls.get(0).queryParameter("since_secs").firstValue(), "a first poll is bounded in time");
    assertFalse(polls.get(0).queryParameter("since_id").isPresent());
    assertEquals(Rows.id(1), polls.get(1).queryParameter("since_id").firstValue());
    assertFalse(polls.get(1).queryParameter("since_secs").isPresent(), "after a cursor, the cursor alone");
    assertTrue(client.keepsCursors(), "the all-zero cursor is unknown (410) to a platform that keeps cursors");
  }

  @Test
  void aHeartbeatSendsIntegersOnlyAndIsBusy() throws Exception {
    platform.acceptingEverything();
    client(null).heartbeat(new HeartbeatFigures(0.25, "", 2, 61, "working", 1234, 7));
    var body = com.google.gson.JsonParser.parseString(platform.heartbeats().get(0).getBodyAsString()).getAsJsonObject();
    assertEquals("1234", body.get("monthly_spend").toString(), "integer cents, never a decimal");
    assertEquals("2", body.get("active_tasks").toString());
    assertEquals("61", body.get("uptime_seconds").toString());
    assertEquals("7", body.get("observed_generation").toString());
    assertTrue(body.get("is_busy").getAsBoolean());
  }

  @Test
  void statusCodesBecomeKindsThatSayWhatToDo() {
    record Case(int status, String body, PlatformException.Kind kind) {}
    for (Case c : new Case[] {
        new Case(401, "{}", PlatformException.Kind.AUTH),
        new Case(403, "{}", PlatformException.Kind.AUTH),
        new Case(429, "{\"retry_after\":3}", PlatformException.Kind.TRANSIENT),
        new Case(503, "{\"code\":\"platform_unavailable\"}", PlatformException.Kind.TRANSIENT),
        new Case(400, "{\"error\":\"bad\"}", PlatformException.Kind.PERMANENT),
        new Case(404, "", PlatformException.Kind.NOT_FOUND)}) {
      platform.server().resetAll();
      platform.server().stubFor(WireMock.post("/registry/heartbeat")
          .willReturn(FakePlatform.status(c.status(), c.body()).withHeader("Retry-After", "3")));
      var e = assertThrows(PlatformException.class, () -> client(null).heartbeat(new HeartbeatFigures(0, "", 0, 1, "", 0, -1)));
      assertEquals(c.kind(), e.kind(), "HTTP " + c.status());
      if (c.status() == 429) {
        assertEquals(Duration.ofSeconds(3), e.retryAfter().orElseThrow());
      }
      if (c.status() == 404) {
        assertTrue(e.getMessage().contains("--org-id"), "an empty 404 hints at the org id: " + e.getMessage());
      }
    }
  }

  @Test
  void aRowLargerThanTheLimitIsRefusedByIdAndTheRestOfThePageIsRead() throws Exception {
    String big = "x".repeat(10_000);
    platform.firstPage(Rows.page(Rows.message(Rows.id(1), Rows.PEER, big, java.time.Instant.EPOCH),
        Rows.message(Rows.id(2), Rows.PEER, "small", java.time.Instant.EPOCH.plusSeconds(1))));
    var rows = client(null).activity(new ActivityQuery(null, 60, 2), 1_000, 1 << 20).rows();
    assertEquals(List.of(Rows.id(1), Rows.id(2)), rows.stream().map(ActivityRow::id).toList());
    assertTrue(rows.get(0).bodyProblem().contains("larger than"), rows.get(0).bodyProblem());
    assertNull(rows.get(1).bodyProblem());
  }

  @Test
  void aRedirectIsNotFollowedAndTheErrorSaysWhereToPoint() {
    platform.server().stubFor(WireMock.post("/registry/register").willReturn(
        WireMock.aResponse().withStatus(301).withHeader("Location", "https://platform.example.com/registry/register")));
    var e = assertThrows(PlatformException.class, () -> client(null).register(new AgentCard("a", "b", "c"), null));
    assertEquals(PlatformException.Kind.PERMANENT, e.kind());
    assertTrue(e.getMessage().contains("https://platform.example.com/registry/register") && e.getMessage().contains("--api-url"),
        e.getMessage());
  }

  @Test
  void anUnreachablePlatformIsTransient() {
    var config = new PlatformConfig(URI.create("http://127.0.0.1:1"), Rows.WORKSPACE, new Secret("t"), null,
        Duration.ofSeconds(2));
    var e = assertThrows(PlatformException.class, () -> new PlatformClient(config).register(new AgentCard("a", "b", "c"), null));
    assertEquals(PlatformException.Kind.TRANSIENT, e.kind());
    assertTrue(e.getMessage().contains("cannot reach http://127.0.0.1:1"), e.getMessage());
  }

  /**
   * The JDK's request timeout and our own wait on the headers run out together (on a loaded
   * machine either may fire first); whichever does, the answer is the same: sent, and unanswered
   * in time, so perhaps arrived.
   */
  @Test
  void headersLateBeyondTheDeadlineAreNoAnswerWhicheverTimerFiresFirst() {
    platform.server().stubFor(platform.firstPoll().willReturn(WireMock.aResponse().withStatus(200).withBody("[]")
        .withFixedDelay(60_000)));
    var deadlines = new Deadlines(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
        Duration.ofSeconds(1));
    var config = new PlatformConfig(URI.create(platform.url()), Rows.WORKSPACE, new Secret(FakePlatform.TOKEN), null,
        deadlines.control());
    var pacer = new RatePacer(java.time.Clock.systemUTC(), 1.0);
    HttpClient jdkTimerFirst = new TimedOutClient(HttpClient.newHttpClient());
    for (PlatformClient client : List.of(new PlatformClient(config, deadlines, pacer),
        new PlatformClient(config, deadlines, pacer, jdkTimerFirst))) {
      var e = assertThrows(PlatformException.class,
          () -> client.activity(new ActivityQuery(null, 60, 1), 1 << 20, 1 << 20));
      assertEquals(PlatformException.Kind.TRANSIENT, e.kind());
      assertTrue(e.getMessage().startsWith("poll: no answer from " + platform.url() + " within 1 s"), e.getMessage());
      assertTrue(e.mayHaveArrived(), "the request went out");
    }
  }

  /** A client whose request timer has fired, as the JDK's does when it beats ours. */
  private static final class TimedOutClient extends HttpClient {
    private final HttpClient real;

    TimedOutClient(HttpClient real) {
      this.real = real;
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
      return CompletableFuture.failedFuture(new HttpTimeoutException("request timed out"));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
        HttpResponse.PushPromiseHandler<T> push) {
      return sendAsync(request, handler);
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
      throw new HttpTimeoutException("request timed out");
    }

    @Override public Optional<CookieHandler> cookieHandler() { return real.cookieHandler(); }
    @Override public Optional<Duration> connectTimeout() { return real.connectTimeout(); }
    @Override public Redirect followRedirects() { return real.followRedirects(); }
    @Override public Optional<ProxySelector> proxy() { return real.proxy(); }
    @Override public SSLContext sslContext() { return real.sslContext(); }
    @Override public SSLParameters sslParameters() { return real.sslParameters(); }
    @Override public Optional<Authenticator> authenticator() { return real.authenticator(); }
    @Override public Version version() { return real.version(); }
    @Override public Optional<Executor> executor() { return real.executor(); }
  }
}
