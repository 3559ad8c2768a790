package ai.molecule.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.host.engine.WorkspaceObserver.State;
import ai.molecule.host.plugins.PluginCatalog;
import ai.molecule.host.status.OperatorViews;
import ai.molecule.host.status.StatusAddress;
import ai.molecule.host.status.StatusServer;
import ai.molecule.host.status.WorkspaceStatus;
import ai.molecule.host.testing.Await;
import ai.molecule.host.testing.LogCapture;
import ai.molecule.sandbox.Reply;
import ai.molecule.sandbox.SandboxOptions;
import ai.molecule.sandbox.SandboxPlatform;
import ai.molecule.sandbox.SentMessage;
import ai.molecule.sandbox.WorkspaceCredentials;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code serve} in this process, against the sandbox: parking, reloads, and a bad file refused. */
class ServeTest extends GreeterHome {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String TUNING = "interval = 200ms\nheartbeat = 1s\ngrace = 5s\n";

  private SandboxPlatform sandbox;
  private PluginCatalog catalog;
  private Serving serving;
  private OperatorViews views;
  private Path file;
  private List<WorkspaceCredentials> workspaces;

  @BeforeEach
  void startSandbox() throws Exception {
    sandbox = SandboxPlatform.start(SandboxOptions.defaults().withRateLimitPerMinute(0));
    workspaces = sandbox.createWorkspaces(4, "ws");
    file = config.resolve("serve.properties");
  }

  @AfterEach
  void stopAll() throws Exception {
    if (serving != null) {
      serving.close();
    }
    if (catalog != null) {
      catalog.close();
    }
    sandbox.close();
  }

  /** Writes a serve file for these workspaces (tokens in files beside it) and starts serving it. */
  private void serve(List<WorkspaceCredentials> served) throws Exception {
    writeServeFile(served);
    CliEnvironment environment = new CliEnvironment(Map.of("XDG_CONFIG_HOME", config.toString()),
        config.resolve("home"), Optional.empty());
    catalog = PluginCatalog.load(environment.pluginDirectories(null));
    views = new OperatorViews(Clock.systemUTC(), Duration.ofSeconds(12), true);
    serving = new Serving(file, environment, catalog, plugins, 4, views);
    serving.start(ServePlans.plans(ServeFile.read(file), environment, catalog));
    for (WorkspaceCredentials workspace : served) {
      awaitState(workspace, State.CONNECTED);
    }
  }

  private void writeServeFile(List<WorkspaceCredentials> served) throws Exception {
    SandboxServeFile.write(file, sandbox.url(), served, "greeter");
    Files.writeString(file, Files.readString(file) + TUNING);
  }

  private Optional<WorkspaceStatus> status(WorkspaceCredentials workspace) {
    return views.board().workspaces().stream().filter(w -> w.workspaceId().equals(workspace.id())).findFirst();
  }

  private void awaitState(WorkspaceCredentials workspace, State state) {
    Await.until(workspace.name() + " " + state, WAIT,
        () -> status(workspace).map(s -> s.state() == state).orElse(false));
  }

  private void assertAnswers(WorkspaceCredentials workspace) throws Exception {
    SentMessage sent = sandbox.sendAsHuman(workspace.id(), "ping " + workspace.name());
    Optional<Reply> reply = sandbox.awaitReply(sent, WAIT);
    assertTrue(reply.isPresent(), workspace.name() + " did not answer");
    assertEquals("hi ping " + workspace.name(), reply.get().text());
  }

  @Test
  void aRevokedTokenParksThatWorkspaceWhileTheOthersAnswerAndANewTokenFileBringsItBack() throws Exception {
    serve(workspaces.subList(0, 3));
    WorkspaceCredentials revoked = workspaces.get(1);
    sandbox.revokeTokens(revoked.id());
    sandbox.sendAsHuman(revoked.id(), "to the revoked one");
    awaitState(revoked, State.PARKED);
    WorkspaceStatus parked = status(revoked).orElseThrow();
    assertTrue(parked.reason().contains("refused") && parked.reason().contains("parked until"), parked.reason());
    assertEquals(1, parked.restarts(), "its engine ended once, with the refusal");

    assertAnswers(workspaces.get(0));
    assertAnswers(workspaces.get(2));
    assertEquals(State.PARKED, status(revoked).orElseThrow().state(), "it stays parked while its token is the same");

    WorkspaceCredentials fresh = sandbox.rotateToken(revoked.id());
    Path tokenFile = file.resolveSibling("tokens").resolve(revoked.name() + ".token");
    ai.molecule.host.AtomicFiles.writeOwnerOnly(tokenFile, fresh.token().getBytes(StandardCharsets.UTF_8));
    awaitState(revoked, State.CONNECTED);
    assertAnswers(revoked);
  }

  @Test
  void theStatusEndpointListsAParkedWorkspaceFailsReadinessOnlyWhenStrictAndCarriesEachWorkspacesSeries()
      throws Exception {
    serve(workspaces.subList(0, 2));
    WorkspaceCredentials revoked = workspaces.get(1);
    sandbox.revokeTokens(revoked.id());
    awaitState(revoked, State.PARKED);
    try (StatusServer server = views.serve(StatusAddress.parse("0"), views.board())) {
      String base = "http://127.0.0.1:" + server.address().getPort();
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> ready = get(http, base + "/readyz");
      assertEquals(200, ready.statusCode(), ready.body());
      JsonObject body = JsonParser.parseString(ready.body()).getAsJsonObject();
      assertEquals(0, body.getAsJsonArray("not_ready").size(), ready.body());
      JsonObject parked = body.getAsJsonArray("parked").get(0).getAsJsonObject();
      assertEquals(revoked.id(), parked.get("workspace").getAsString());
      assertTrue(parked.get("reason").getAsString().contains("parked until"), ready.body());
      assertEquals(1, parked.get("restarts").getAsInt(), ready.body());

      HttpResponse<String> strict = get(http, base + "/readyz?strict");
      assertEquals(503, strict.statusCode(), strict.body());
      assertEquals(revoked.id(), JsonParser.parseString(strict.body()).getAsJsonObject().getAsJsonArray("not_ready")
          .get(0).getAsJsonObject().get("workspace").getAsString());

      assertAnswers(workspaces.get(0));
      String metrics = get(http, base + "/metrics").body();
      assertTrue(metrics.contains("molecule_workspace_state{state=\"parked\",workspace=\"" + revoked.id()
          + "\"} 1.0"), metrics);
      assertTrue(metrics.contains("molecule_workspace_state{state=\"connected\",workspace=\""
          + workspaces.get(0).id() + "\"} 1.0"), metrics);
      assertTrue(metrics.contains("molecule_workspace_restarts{workspace=\"" + revoked.id() + "\"} 1.0"), metrics);
      assertTrue(metrics.contains("molecule_messages_total{outcome=\"answered\",workspace=\""
          + workspaces.get(0).id() + "\"} 1.0"), metrics);
    }
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(WAIT).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aReloadAddsAndRemovesWorkspacesAndLeavesTheOthersAlone() throws Exception {
    serve(workspaces.subList(0, 2));
    assertAnswers(workspaces.get(0));
    WorkspaceStatus before = status(workspaces.get(0)).orElseThrow();

    List<WorkspaceCredentials> next = new ArrayList<>(List.of(workspaces.get(0), workspaces.get(2)));
    writeServeFile(next);
    assertTrue(serving.reload());
    awaitState(workspaces.get(2), State.CONNECTED);
    Await.until("the removed one is no longer shown", WAIT, () -> status(workspaces.get(1)).isEmpty());
    assertEquals(List.of(before.state(), before.since(), 0), unchanging(status(workspaces.get(0)).orElseThrow()),
        "the unchanged one was not touched");
    assertAnswers(workspaces.get(0));
    assertAnswers(workspaces.get(2));

    SentMessage toRemoved = sandbox.sendAsHuman(workspaces.get(1).id(), "anyone?");
    assertTrue(sandbox.awaitReply(toRemoved, Duration.ofSeconds(2)).isEmpty(), "a removed workspace answers no more");
  }

  @Test
  void aChangedWorkspaceRestartsWithItsNewSettings() throws Exception {
    serve(workspaces.subList(0, 2));
    writeServeFile(workspaces.subList(0, 2));
    Files.writeString(file, Files.readString(file) + "workspace.ws-2.backend.greeter.greeting = hello\n");
    assertTrue(serving.reload());
    Await.until("ws-2 answers with its new greeting", WAIT, () -> {
      try {
        SentMessage sent = sandbox.sendAsHuman(workspaces.get(1).id(), "x");
        return sandbox.awaitReply(sent, Duration.ofSeconds(5)).map(r -> r.text().equals("hello x")).orElse(false);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    assertAnswers(workspaces.get(0));
  }

  @Test
  void aBadFileIsRefusedWithItsLineAndTheRunningSetGoesOn() throws Exception {
    serve(workspaces.subList(0, 2));
    List<List<Object>> before = views.board().workspaces().stream().map(ServeTest::unchanging).toList();
    Files.writeString(file, Files.readString(file) + "workspace.ws-3.id = " + workspaces.get(2).id()
        + "\nworkspace.ws-3.hearbeat = 2s\n");
    int badLine = Files.readAllLines(file).size();
    String log = LogCapture.during(() -> assertFalse(serving.reload()));
    assertTrue(log.contains(file + ":" + badLine + ": unknown key 'hearbeat'; did you mean 'heartbeat'?"), log);
    assertTrue(log.contains("the 2 workspaces running go on"), log);
    assertEquals(before, views.board().workspaces().stream().map(ServeTest::unchanging).toList());
    assertAnswers(workspaces.get(0));
    assertAnswers(workspaces.get(1));
  }

  /** What a reload that leaves a workspace alone must not change (its heartbeat and poll times go on). */
  private static List<Object> unchanging(WorkspaceStatus status) {
    return List.of(status.state(), status.since(), status.restarts());
  }
}
