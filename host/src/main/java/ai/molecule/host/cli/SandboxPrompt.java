package ai.molecule.host.cli;

import ai.molecule.sandbox.CanvasDelivery;
import ai.molecule.sandbox.Reply;
import ai.molecule.sandbox.SandboxPlatform;
import ai.molecule.sandbox.Sender;
import ai.molecule.sandbox.SentMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox's prompt: each line typed goes to the agent as a message from a human on the canvas
 * (or, after {@code /peer}, from another agent), and the reply is printed with how long it took;
 * lines starting with {@code /} are commands and are never sent. Replies to messages sent from the
 * web page are shown too. Runs on daemon threads, so a signal can end the sandbox while the prompt
 * waits for input.
 */
final class SandboxPrompt implements AutoCloseable {

  static final String HELP = String.join("\n",
      "Type a message and press Enter: it goes to the agent as from a human on the canvas.",
      "  /peer TEXT   send TEXT as another agent would (the sandbox's peer workspace)",
      "  /help        this help (nothing is sent)",
      "  /quit        end the sandbox (Ctrl-D too; Ctrl-C stops it from anywhere)",
      "On a terminal the arrow keys, Home and End edit the line, and Up and Down recall earlier lines.",
      "Replies to messages sent from the web page show up here too, marked [web page].");

  /** How often the web page's conversations are looked at: the sandbox is in memory, so this is cheap. */
  private static final Duration WEB_PAGE_LOOK = Duration.ofMillis(200);

  /** How often a push workspace's delivery is looked at for a failure while the reply is awaited. */
  private static final Duration FAILURE_LOOK = Duration.ofMillis(250);

  private final SandboxPlatform sandbox;
  private final String workspaceId;
  private final String agentName;
  private final Duration timeout;
  private final PromptConsole console;
  private final CountDownLatch done;
  /** Ids of the messages sent from here; sending and recording one is atomic under this set's lock. */
  private final Set<String> sentHere = new HashSet<>();

  SandboxPrompt(SandboxPlatform sandbox, String workspaceId, String agentName, Duration timeout,
      PromptConsole console, CountDownLatch done) {
    this.sandbox = sandbox;
    this.workspaceId = workspaceId;
    this.agentName = agentName;
    this.timeout = timeout;
    this.console = console;
    this.done = done;
  }

  void start() {
    WebPageReplies webPage = new WebPageReplies(sandbox, workspaceId, agentName, console, this::sentHere);
    daemon("molecule-prompt", this::run).start();
    daemon("molecule-web-page-replies", () -> watch(webPage)).start();
  }

  private static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    return thread;
  }

  private void run() {
    console.print("Type a message and press Enter (/help lists the commands; /quit or Ctrl-D ends).");
    try {
      while (done.getCount() > 0) {
        String line = console.readLine("> ");
        if (line == null) {
          break;
        }
        PromptLine action = PromptLine.parse(line);
        if (action instanceof PromptLine.Quit) {
          break;
        } else if (action instanceof PromptLine.Help) {
          console.print(HELP);
        } else if (action instanceof PromptLine.Refused refused && refused.problem() != null) {
          console.print(refused.problem());
        } else if (action instanceof PromptLine.Send send) {
          exchange(send.sender(), send.text());
        }
      }
    } catch (IOException e) {
      console.print("cannot read the prompt: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      console.print("");
      done.countDown();
    }
  }

  private void exchange(Sender sender, String text) throws InterruptedException {
    SentMessage sent;
    synchronized (sentHere) {
      sent = sandbox.send(workspaceId, sender, text);
      sentHere.add(sent.messageId());
    }
    long started = System.nanoTime();
    console.waiting("waiting for " + agentName + "'s reply...");
    Optional<Reply> reply = Optional.empty();
    Optional<CanvasDelivery> failed = Optional.empty();
    try {
      // A push workspace's delivery can fail for good (refused, an error answer): say so then, not at the timeout.
      long deadline = started + timeout.toNanos();
      while (reply.isEmpty() && failed.isEmpty() && System.nanoTime() < deadline) {
        reply = sandbox.awaitReply(sent, min(FAILURE_LOOK, Duration.ofNanos(deadline - System.nanoTime())));
        failed = sandbox.canvasDelivery(sent.messageId()).filter(d -> d.state() == CanvasDelivery.State.FAILED);
      }
    } finally {
      console.stopWaiting();
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    if (reply.isEmpty() && failed.isPresent()) {
      console.print("(the sandbox could not deliver it to " + agentName + " (" + millis + " ms): "
          + failed.get().callerStatus() + " " + failed.get().callerAnswer() + ")");
      return;
    }
    console.print(reply.map(r -> agentName + " (" + millis + " ms): " + r.text())
        .orElse("(no reply within " + timeout.toSeconds() + " s; the agent's log may say why: run with -v)"));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private boolean sentHere(String messageId) {
    synchronized (sentHere) {
      return sentHere.contains(messageId);
    }
  }

  /** Shows the web page's conversations until the sandbox ends. */
  private void watch(WebPageReplies webPage) {
    try {
      while (!done.await(WEB_PAGE_LOOK.toMillis(), TimeUnit.MILLISECONDS)) {
        webPage.printNew();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      console.print("(stopped showing the web page's replies: " + e.getMessage() + ")");
    }
  }

  /** Gives the terminal back as it was. */
  @Override
  public void close() {
    console.close();
  }
}
