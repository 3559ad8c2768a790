package ai.molecule.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An agent written in the test talks to the sandbox; the operator API sees its replies. */
class AgentLoopTest {

  private static final Duration REPLY_WITHIN = Duration.ofSeconds(10);

  private SandboxPlatform sandbox;
  private WorkspaceCredentials workspace;
  private TinyAgent agent;

  @BeforeEach
  void start() throws IOException {
    sandbox = SandboxPlatform.start(SandboxOptions.defaults().withRateLimitPerMinute(0));
    workspace = sandbox.defaultWorkspace();
    agent = new TinyAgent(sandbox.url(), workspace, text -> "echo: " + text).start();
  }

  @AfterEach
  void stop() {
    agent.close();
    sandbox.close();
  }

  @Test
  void humanAndPeerMessagesAreAnsweredAndTheOperatorSeesBothReplies() throws InterruptedException {
    SentMessage fromHuman = sandbox.sendAsHuman(workspace.id(), "hello from a human");
    Reply toHuman = sandbox.awaitReply(fromHuman, REPLY_WITHIN).orElseThrow();
    assertEquals(Reply.Kind.CANVAS, toHuman.kind());
    assertEquals("echo: hello from a human", toHuman.text());
    assertEquals(fromHuman.messageId(), toHuman.answers());
    assertNotNull(toHuman.tookMillis());

    SentMessage fromPeer = sandbox.sendAsPeer(workspace.id(), "hello from a peer");
    Reply toPeer = sandbox.awaitReply(fromPeer, REPLY_WITHIN).orElseThrow();
    assertEquals(Reply.Kind.AGENT, toPeer.kind());
    assertEquals("echo: hello from a peer", toPeer.text());
    assertEquals(fromPeer.messageId(), toPeer.inReplyTo());

    // One more round trip: by its end any stray answer to an earlier row would be in too.
    SentMessage last = sandbox.sendAsHuman(workspace.id(), "last one");
    assertEquals("echo: last one", sandbox.awaitReply(last, REPLY_WITHIN).orElseThrow().text());
    List<Reply> replies = sandbox.replies(workspace.id());
    assertEquals(List.of("echo: hello from a human", "echo: hello from a peer", "echo: last one"),
        replies.stream().map(Reply::text).toList(), "each message answered once, no reply answered");
    assertEquals(List.of(), agent.failures());

    WorkspaceStatus status = sandbox.status(workspace.id());
    assertEquals(WorkspaceStatus.ONLINE, status.status());
    assertTrue(status.heartbeats() >= 3, "heartbeats at start and around each message");
  }

  @Test
  void aReplyThatNeverComesTimesOut() throws InterruptedException {
    WorkspaceCredentials silent = sandbox.createWorkspace("nobody home");
    SentMessage unanswered = sandbox.sendAsHuman(silent.id(), "anyone?");
    assertTrue(sandbox.awaitReply(unanswered, Duration.ofMillis(50)).isEmpty());
  }
}
