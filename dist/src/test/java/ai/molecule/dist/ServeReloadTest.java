package ai.molecule.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.host.testing.Await;
import ai.molecule.sandbox.Reply;
import ai.molecule.sandbox.SandboxOptions;
import ai.molecule.sandbox.SandboxPlatform;
import ai.molecule.sandbox.SentMessage;
import ai.molecule.sandbox.WorkspaceCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code molecule serve} on the built launcher: a real SIGHUP adds and removes workspaces; a bad file is refused. */
class ServeReloadTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path home;

  @Test
  void sighupAddsAndRemovesWorkspacesRefusesABadFileAndSigtermStopsThemAll() throws Exception {
    try (SandboxPlatform sandbox = SandboxPlatform.start(SandboxOptions.defaults().withRateLimitPerMinute(0))) {
      List<WorkspaceCredentials> ws = sandbox.createWorkspaces(3, "ws");
      Path file = home.resolve("serve.properties");
      writeServeFile(file, sandbox, List.of(ws.get(0), ws.get(1)), "");
      Distribution molecule = new Distribution(home);
      assertEquals(0, molecule.run("serve", "--check", file.toString()).exitCode());
      Distribution.Running running = molecule.start("serve", file.toString());
      assertAnswers(sandbox, ws.get(0), running);
      assertAnswers(sandbox, ws.get(1), running);

      writeServeFile(file, sandbox, List.of(ws.get(0), ws.get(2)), "");
      hangUp(running);
      Await.until("the reload", WAIT, () -> log(running).contains("added [ws-3], removed [ws-2]"));
      assertAnswers(sandbox, ws.get(2), running);
      assertAnswers(sandbox, ws.get(0), running);
      SentMessage toRemoved = sandbox.sendAsHuman(ws.get(1).id(), "anyone?");
      assertTrue(sandbox.awaitReply(toRemoved, Duration.ofSeconds(2)).isEmpty(), "ws-2 is no longer served");

      writeServeFile(file, sandbox, List.of(ws.get(0), ws.get(2)), "workspace.ws-1.heartbeat = soon\n");
      hangUp(running);
      Await.until("the refusal", WAIT, () -> log(running).contains("the serve file is refused: " + file + ":"));
      assertAnswers(sandbox, ws.get(0), running);
      assertAnswers(sandbox, ws.get(2), running);
      assertEquals(1, occurrences(log(running), "workspace " + ws.get(0).id() + ": registered with"),
          "ws-1 was never restarted: " + log(running));

      assertEquals(0, running.terminate(WAIT), log(running));
    }
  }

  /** A serve file for these workspaces (echo, quick intervals), tokens beside it, {@code extra} at its end. */
  static void writeServeFile(Path file, SandboxPlatform sandbox, List<WorkspaceCredentials> served,
      String extra) throws IOException {
    StringBuilder text = new StringBuilder("api_url = " + sandbox.url() + "\nbackend = echo\ninterval = 200ms\n"
        + "heartbeat = 2s\ngrace = 5s\n");
    for (WorkspaceCredentials workspace : served) {
      Path token = file.resolveSibling(workspace.name() + ".token");
      Files.writeString(token, workspace.token());
      text.append("workspace.").append(workspace.name()).append(".id = ").append(workspace.id()).append('\n')
          .append("workspace.").append(workspace.name()).append(".token_file = ").append(token).append('\n');
    }
    Files.writeString(file.resolveSibling("serve.tmp"), text + extra);
    Files.move(file.resolveSibling("serve.tmp"), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static void assertAnswers(SandboxPlatform sandbox, WorkspaceCredentials workspace,
      Distribution.Running running) throws Exception {
    SentMessage sent = sandbox.sendAsHuman(workspace.id(), "ping " + workspace.name());
    Optional<Reply> reply = sandbox.awaitReply(sent, WAIT);
    assertTrue(reply.isPresent(), workspace.name() + " did not answer; " + log(running));
    assertTrue(reply.get().text().contains("ping " + workspace.name()), reply.get().text());
  }

  private static void hangUp(Distribution.Running running) throws Exception {
    Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(running.process().pid())).inheritIO().start();
    assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -HUP failed");
  }

  private static String log(Distribution.Running running) {
    try {
      return running.stderr();
    } catch (IOException e) {
      return "(cannot read the log: " + e.getMessage() + ")";
    }
  }

  private static int occurrences(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }
}
