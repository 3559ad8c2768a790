package ai.molecule.host.cli;

import ai.molecule.sandbox.Reply;
import ai.molecule.sandbox.SandboxPlatform;
import ai.molecule.sandbox.Sender;
import ai.molecule.sandbox.SentMessage;
import java.util.function.Predicate;

/**
 * Shows at the prompt the conversations held elsewhere: each message sent from the web page (or by
 * {@code molecule send}) with the agent's reply, once the reply has come. The prompt's own
 * exchanges it leaves to the prompt.
 */
final class WebPageReplies {

  private final SandboxPlatform sandbox;
  private final String workspaceId;
  private final String agentName;
  private final PromptConsole console;
  private final Predicate<String> sentByThePrompt;
  private long lastSeq;

  WebPageReplies(SandboxPlatform sandbox, String workspaceId, String agentName, PromptConsole console,
      Predicate<String> sentByThePrompt) {
    this.sandbox = sandbox;
    this.workspaceId = workspaceId;
    this.agentName = agentName;
    this.console = console;
    this.sentByThePrompt = sentByThePrompt;
    this.lastSeq = sandbox.replies(workspaceId).stream().mapToLong(Reply::seq).max().orElse(0);
  }

  /** Prints every reply that came since the last look, unless it answers the prompt's own message. */
  void printNew() {
    for (Reply reply : sandbox.replies(workspaceId)) {
      if (reply.seq() <= lastSeq) {
        continue;
      }
      lastSeq = reply.seq();
      if (reply.answers() != null && sentByThePrompt.test(reply.answers())) {
        continue;
      }
      StringBuilder shown = new StringBuilder();
      if (reply.answers() != null) {
        sandbox.sentMessage(reply.answers()).map(WebPageReplies::question)
            .ifPresent(question -> shown.append(question).append('\n'));
      }
      shown.append("[web page] ").append(agentName)
          .append(reply.tookMillis() == null ? "" : " (" + reply.tookMillis() + " ms)").append(": ").append(reply.text());
      console.print(shown.toString());
    }
  }

  private static String question(SentMessage message) {
    return "[web page] " + (message.sender() == Sender.PEER ? "peer" : "you") + ": " + message.text();
  }
}
