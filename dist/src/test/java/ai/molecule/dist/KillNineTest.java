package ai.molecule.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.sandbox.A2aCall;
import ai.molecule.sandbox.Reply;
import ai.molecule.sandbox.SandboxOptions;
import ai.molecule.sandbox.SandboxPlatform;
import ai.molecule.sandbox.SentMessage;
import ai.molecule.sandbox.WorkspaceCredentials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 under load, several times, with a slow backend: no message is lost, and no message gets
 * two different answers. A reply whose delivery and save a kill falls between is made again on the
 * next start, with the same message id, and the platform keeps one; how often that happens is
 * printed, as the figure the robustness contract quotes.
 */
class KillNineTest {

  private static final int MESSAGES = 120;
  private static final int KILLS = 5;

  @TempDir Path home;

  @Test
  void killedFiveTimesUnderLoadItLosesNothingAndAnswersNothingTwice() throws Exception {
    try (SandboxPlatform sandbox = SandboxPlatform.start(SandboxOptions.defaults().withRateLimitPerMinute(0))) {
      WorkspaceCredentials ws = sandbox.defaultWorkspace();
      List<SentMessage> sent = new ArrayList<>();
      for (int i = 0; i < MESSAGES; i++) {
        sent.add(sandbox.sendAsPeer(ws.id(), "message " + i));
      }
      Distribution molecule = new Distribution(home)
          .with("MOLECULE_API_URL", sandbox.url().toString())
          .with("MOLECULE_WORKSPACE_TOKEN", ws.token());
      String[] connect = {"connect", ws.id(), "--backend", "exec", "--backend-opt", "cmd=sleep 0.05; cat",
          "--interval", "100ms", "--since", "1h", "--concurrency", "4"};
      for (int kill = 1; kill <= KILLS; kill++) {
        int before = answered(sandbox, ws.id());
        Distribution.Running running = molecule.start(connect);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        // Kill it in the middle of the work: after a few more answers.
        while (answered(sandbox, ws.id()) < Math.min(MESSAGES, before + MESSAGES / (KILLS + 2))
            && System.nanoTime() < deadline && running.process().isAlive()) {
          Thread.sleep(10);
        }
        running.process().destroyForcibly(); // SIGKILL: no grace, no last save
        running.process().waitFor();
      }
      Distribution.Running last = molecule.start(connect);
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (answered(sandbox, ws.id()) < MESSAGES && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(0, last.terminate(Duration.ofSeconds(30)), last.stderr());

      Map<String, List<Reply>> byMessage = sandbox.replies(ws.id()).stream().filter(r -> r.inReplyTo() != null)
          .collect(Collectors.groupingBy(Reply::inReplyTo));
      Set<String> asked = sent.stream().map(SentMessage::messageId).collect(Collectors.toSet());
      assertEquals(asked, byMessage.keySet(), "every message answered, none lost");
      long twice = byMessage.values().stream().filter(replies -> replies.size() > 1).count();
      Map<String, Long> calls = sandbox.a2aCalls().stream().filter(c -> c.targetId().equals(sandbox.peerWorkspaceId()))
          .collect(Collectors.groupingBy(A2aCall::messageId, Collectors.counting()));
      long resent = calls.values().stream().filter(n -> n > 1).count();
      System.err.println("kill -9 x" + KILLS + " under load: " + MESSAGES + " messages, " + twice
          + " answered twice as the peer sees it, " + resent + " replies sent again with their first id "
          + "(collapsed by the platform)");
      assertEquals(0, twice, "no message gets two answers: " + byMessage.entrySet().stream()
          .filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).toList());
      assertTrue(calls.values().stream().mapToLong(Long::longValue).sum() >= MESSAGES);
      assertEquals(byMessage.size(), calls.size(), "one reply id per message, however often it was sent");
    }
  }

  private static int answered(SandboxPlatform sandbox, String ws) {
    return (int) sandbox.replies(ws).stream().map(Reply::inReplyTo).distinct().count();
  }
}
