package ai.molecule.host.cli;

import ai.molecule.sandbox.Reply;
import ai.molecule.sandbox.SandboxPlatform;
import ai.molecule.sandbox.Sender;
import ai.molecule.sandbox.SentMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The sandbox's prompt: each line typed goes to the agent as a message from a human on the canvas
 * (or, after {@code /peer}, from another agent), and the reply is printed with how long it took.
 * Runs on a daemon thread, so a signal can end the sandbox while the prompt waits for input.
 */
final class SandboxPrompt {

  private final SandboxPlatform sandbox;
  private final String workspaceId;
  private final String agentName;
  private final Duration timeout;
  private final PrintWriter out;
  private final CountDownLatch done;

  SandboxPrompt(SandboxPlatform sandbox, String workspaceId, String agentName, Duration timeout, PrintWriter out,
      CountDownLatch done) {
    this.sandbox = sandbox;
    this.workspaceId = workspaceId;
    this.agentName = agentName;
    this.timeout = timeout;
    this.out = out;
    this.done = done;
  }

  void start() {
    Thread thread = new Thread(this::run, "molecule-prompt");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    out.println("Type a message and press Enter (/peer TEXT sends it as another agent; /quit or Ctrl-D ends).");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try {
      while (done.getCount() > 0) {
        out.print("> ");
        out.flush();
        String line = in.readLine();
        if (line == null || line.strip().equals("/quit")) {
          break;
        }
        String text = line.strip();
        if (text.isEmpty()) {
          continue;
        }
        boolean asPeer = text.startsWith("/peer ");
        exchange(asPeer ? Sender.PEER : Sender.HUMAN, asPeer ? text.substring(6).strip() : text);
      }
    } catch (IOException e) {
      out.println("cannot read the prompt: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      out.println();
      out.flush();
      done.countDown();
    }
  }

  private void exchange(Sender sender, String text) throws InterruptedException {
    SentMessage sent = sandbox.send(workspaceId, sender, text);
    long started = System.nanoTime();
    Optional<Reply> reply = sandbox.awaitReply(sent, timeout);
    long millis = (System.nanoTime() - started) / 1_000_000;
    if (reply.isPresent()) {
      out.println(agentName + " (" + millis + " ms): " + reply.get().text());
    } else {
      out.println("(no reply within " + timeout.toSeconds() + " s; the agent's log may say why: run with -v)");
    }
    out.flush();
  }
}
