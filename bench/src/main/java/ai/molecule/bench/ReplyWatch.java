package ai.molecule.bench;

import ai.molecule.sandbox.Reply;
import ai.molecule.sandbox.SandboxPlatform;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * The agent's replies to the peer, matched to the benchmark's messages by {@code in_reply_to}.
 * Times come from the sandbox's own record of each reply ({@link Reply#receivedAt()}), so how often
 * this looks does not change the figures.
 */
public final class ReplyWatch {

  private static final Duration PAUSE = Duration.ofMillis(5);

  private final SandboxPlatform sandbox;
  private final String workspaceId;

  public ReplyWatch(SandboxPlatform sandbox, String workspaceId) {
    this.sandbox = sandbox;
    this.workspaceId = workspaceId;
  }

  /** Waits for the reply to one message. */
  public Reply await(String messageId, Deadline deadline) throws InterruptedException, TimeoutException {
    return awaitAll(Set.of(messageId), deadline).get(messageId);
  }

  /**
   * Waits until every message in {@code messageIds} has a reply.
   *
   * @return the first reply to each, by message id
   * @throws TimeoutException when the deadline passes first, saying how many came
   */
  public Map<String, Reply> awaitAll(Collection<String> messageIds, Deadline deadline)
      throws InterruptedException, TimeoutException {
    Set<String> wanted = new HashSet<>(messageIds);
    while (true) {
      Map<String, Reply> first = firstReplies(wanted);
      if (first.size() == wanted.size()) {
        return first;
      }
      deadline.check(first.size() + " of " + wanted.size() + " replies (the others never came)");
      deadline.sleep(PAUSE);
    }
  }

  /** How many replies each of {@code messageIds} has had: exactly one each is the contract. */
  public Map<String, Integer> counts(Collection<String> messageIds) {
    Map<String, Integer> counts = new HashMap<>();
    messageIds.forEach(id -> counts.put(id, 0));
    for (Reply reply : sandbox.replies(workspaceId)) {
      counts.computeIfPresent(reply.inReplyTo() == null ? "" : reply.inReplyTo(), (id, n) -> n + 1);
    }
    return counts;
  }

  private Map<String, Reply> firstReplies(Set<String> wanted) {
    Map<String, Reply> first = new HashMap<>();
    for (Reply reply : sandbox.replies(workspaceId)) { // oldest first: the first seen is the first sent
      if (reply.inReplyTo() != null && wanted.contains(reply.inReplyTo())) {
        first.putIfAbsent(reply.inReplyTo(), reply);
      }
    }
    return first;
  }
}
