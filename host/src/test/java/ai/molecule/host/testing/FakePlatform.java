package ai.molecule.host.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.matching.UrlPattern;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;

/** The platform as WireMock stubs, for one workspace: platform-api.md's endpoints and answers. */
public final class FakePlatform implements AutoCloseable {

  /** The cursor the engine probes with at start-up. */
  public static final String PROBE_CURSOR = "00000000-0000-0000-0000-000000000000";

  public static final String TOKEN = "tok_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

  private final WireMockServer server;
  private final String workspace;

  private FakePlatform(WireMockServer server, String workspace) {
    this.server = server;
    this.workspace = workspace;
  }

  /** A platform on a free loopback port, with nothing stubbed. */
  public static FakePlatform start(String workspace) {
    WireMockServer server = new WireMockServer(
        WireMockConfiguration.wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    return new FakePlatform(server, workspace);
  }

  @Override
  public void close() {
    server.stop();
  }

  public String url() {
    return server.baseUrl();
  }

  public String activityPath() {
    return "/workspaces/" + workspace + "/activity";
  }

  /** Every endpoint answers success; the feed is empty. Specific stubs added later take precedence. */
  public FakePlatform acceptingEverything() {
    server.stubFor(post("/registry/register").atPriority(10).willReturn(okJson("{\"status\":\"registered\"}")));
    server.stubFor(post("/registry/heartbeat").atPriority(10).willReturn(okJson("{\"status\":\"ok\"}")));
    server.stubFor(post(urlPathMatching("/workspaces/[^/]+/a2a")).atPriority(10)
        .willReturn(okJson("{\"status\":\"queued\",\"delivery_mode\":\"poll\"}")));
    server.stubFor(post(urlPathMatching("/workspaces/[^/]+/notify")).atPriority(10)
        .willReturn(okJson("{\"status\":\"sent\"}")));
    server.stubFor(get(urlPathEqualTo(activityPath())).atPriority(10).willReturn(okJson("[]")));
    // A platform with cursors does not know the all-zero one: the probe at start-up (platform-api.md).
    server.stubFor(pollAfter(PROBE_CURSOR).atPriority(1).willReturn(status(410, "{\"error\":\"cursor not found\"}")));
    server.stubFor(post(urlPathMatching("/workspaces/[^/]+/activity/ack")).atPriority(10)
        .willReturn(okJson("{\"last_acked_seq\":0}")));
    server.stubFor(post(urlPathEqualTo("/workspaces/" + workspace + "/activity")).atPriority(10)
        .willReturn(okJson("{\"status\":\"logged\"}")));
    return this;
  }

  /** The page a poll without a cursor gets (newest first, as the platform sends it). */
  public void firstPage(String json) {
    server.stubFor(firstPoll().atPriority(5).willReturn(okJson(json)));
  }

  public MappingBuilder firstPoll() {
    return get(urlPathEqualTo(activityPath())).withQueryParam("since_id", absent());
  }

  /** The page a poll after {@code cursor} gets. */
  public void pageAfter(String cursor, String json) {
    server.stubFor(pollAfter(cursor).atPriority(5).willReturn(okJson(json)));
  }

  public void answerAfter(String cursor, ResponseDefinitionBuilder response) {
    server.stubFor(pollAfter(cursor).atPriority(4).willReturn(response));
  }

  public MappingBuilder pollAfter(String cursor) {
    return get(urlPathEqualTo(activityPath())).withQueryParam("since_id", equalTo(cursor));
  }

  public static ResponseDefinitionBuilder status(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
  }

  public WireMockServer server() {
    return server;
  }

  /** The replies sent to agents, as parsed JSON-RPC requests, in the order they arrived. */
  public List<JsonObject> agentReplies() {
    return bodies(requests(RequestMethod.POST, urlPathMatching("/workspaces/[^/]+/a2a")));
  }

  public List<LoggedRequest> agentReplyRequests() {
    return requests(RequestMethod.POST, urlPathMatching("/workspaces/[^/]+/a2a"));
  }

  public List<JsonObject> notifications() {
    return bodies(requests(RequestMethod.POST, urlPathMatching("/workspaces/[^/]+/notify")));
  }

  public List<LoggedRequest> heartbeats() {
    return requests(RequestMethod.POST, urlPathEqualTo("/registry/heartbeat"));
  }

  public List<LoggedRequest> registrations() {
    return requests(RequestMethod.POST, urlPathEqualTo("/registry/register"));
  }

  /** The polls of the feed, the start-up probe left out. */
  public List<LoggedRequest> polls() {
    return requests(RequestMethod.GET, urlPathEqualTo(activityPath())).stream()
        .filter(p -> !p.queryParameter("since_id").isPresent()
            || !PROBE_CURSOR.equals(p.queryParameter("since_id").firstValue()))
        .toList();
  }

  /** The task updates posted to the feed ({@code POST /workspaces/<id>/activity}). */
  public List<JsonObject> taskUpdates() {
    return bodies(requests(RequestMethod.POST, urlPathEqualTo("/workspaces/" + workspace + "/activity")));
  }

  /** The acks posted. */
  public List<JsonObject> acks() {
    return bodies(requests(RequestMethod.POST, urlPathMatching("/workspaces/[^/]+/activity/ack")));
  }

  /** Whether a poll asked for the rows after {@code cursor}: the engine got past it. */
  public boolean polledAfter(String cursor) {
    return polls().stream().anyMatch(p -> p.queryParameter("since_id").isPresent()
        && cursor.equals(p.queryParameter("since_id").firstValue()));
  }

  /** The text of the first part of an A2A reply. */
  public static String replyText(JsonObject request) {
    return message(request).getAsJsonArray("parts").get(0).getAsJsonObject().get("text").getAsString();
  }

  public static JsonObject message(JsonObject request) {
    return request.getAsJsonObject("params").getAsJsonObject("message");
  }

  private List<LoggedRequest> requests(RequestMethod method, UrlPattern url) {
    return server.findAll(RequestPatternBuilder.newRequestPattern(method, url));
  }

  private static List<JsonObject> bodies(List<LoggedRequest> requests) {
    return requests.stream().map(r -> JsonParser.parseString(r.getBodyAsString()).getAsJsonObject()).toList();
  }
}
