package ai.molecule.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.host.engine.WorkspaceObserver;
import ai.molecule.host.engine.WorkspaceObserver.State;
import ai.molecule.host.fleet.WorkspaceStatusRecord;
import ai.molecule.host.plugins.PluginCatalog;
import ai.molecule.host.testing.Await;
import ai.molecule.host.testing.LogCapture;
import ai.molecule.sandbox.Reply;
import ai.molecule.sandbox.SandboxOptions;
import ai.molecule.sandbox.SandboxPlatform;
import ai.molecule.sandbox.SentMessage;
import ai.molecule.sandbox.WorkspaceCredentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    serving = new Serving(file, environment, catalog, plugins, 4, WorkspaceObserver.NONE);
    serving.start(ServePlans.plans(ServeFile.read(file), environment, catalog));
    for (WorkspaceCredentials workspace : served) {
      awaitState(workspace, State.CONNECTED);
    }
  }

  private void writeServeFile(List<WorkspaceCredentials> served) throws Exception {
    SandboxServeFile.write(file, sandbox.url(), served, "greeter");
    Files.writeString(file, Files.readString(file) + TUNING);
  }

  private Optional<WorkspaceStatusRecord> status(WorkspaceCredentials workspace) {
    return serving.view().workspaces().stream().filter(w -> w.workspaceId().equals(workspace.id())).findFirst();
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
    WorkspaceStatusRecord parked = status(revoked).orElseThrow();
    assertTrue(parked.reason().contains("refused") && parked.reason().contains("parked until"), parked.reason());

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
  void aReloadAddsAndRemovesWorkspacesAndLeavesTheOthersAlone() throws Exception {
    serve(workspaces.subList(0, 2));
    assertAnswers(workspaces.get(0));
    WorkspaceStatusRecord before = status(workspaces.get(0)).orElseThrow();

    List<WorkspaceCredentials> next = new ArrayList<>(List.of(workspaces.get(0), workspaces.get(2)));
    writeServeFile(next);
    assertTrue(serving.reload());
    awaitState(workspaces.get(2), State.CONNECTED);
    assertTrue(status(workspaces.get(1)).isEmpty(), "the removed one is no longer served");
    assertEquals(before, status(workspaces.get(0)).orElseThrow(), "the unchanged one was not touched");
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
    List<WorkspaceStatusRecord> before = serving.view().workspaces();
    Files.writeString(file, Files.readString(file) + "workspace.ws-3.id = " + workspaces.get(2).id()
        + "\nworkspace.ws-3.hearbeat = 2s\n");
    int badLine = Files.readAllLines(file).size();
    String log = LogCapture.during(() -> assertFalse(serving.reload()));
    assertTrue(log.contains(file + ":" + badLine + ": unknown key 'hearbeat'; did you mean 'heartbeat'?"), log);
    assertTrue(log.contains("the 2 workspaces running go on"), log);
    assertEquals(before, serving.view().workspaces());
    assertAnswers(workspaces.get(0));
    assertAnswers(workspaces.get(1));
  }
}
