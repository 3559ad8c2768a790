package ai.molecule.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the operator sent and what came back, in one sequence, with each reply matched to the
 * message it answers where that can be known. Entries older than the feed's retention are
 * forgotten. Thread-safe; {@link #await} blocks until a reply is recorded.
 */
final class Conversations {

  private final Deque<SentMessage> sent = new ArrayDeque<>();
  private final Deque<Reply> replies = new ArrayDeque<>();
  /** Sent messages by message id and by row id: an agent's in_reply_to may name either. */
  private final Map<String, SentMessage> sentByKey = new HashMap<>();
  /** The first reply to each sent message, by its message id. */
  private final Map<String, Reply> firstReply = new HashMap<>();
  private final Runnable changed;
  private long seq;
  private boolean closed;

  Conversations(Runnable changed) {
    this.changed = changed;
  }

  synchronized SentMessage recordSent(String messageId, FeedRow row, Sender sender, String text) {
    SentMessage message = new SentMessage(++seq, messageId, row.id(), row.workspaceId(), sender, text, row.createdAt());
    addSent(message);
    forgetBefore(row.createdAt());
    changed.run();
    return message;
  }

  /**
   * A notify from {@code workspaceId}. The platform does not correlate notifies with messages, so
   * it is taken to answer the oldest canvas message to that workspace still without a reply: an
   * agent answers a human's messages in order, and several sent at once each get their reply.
   */
  synchronized Reply recordCanvasReply(String workspaceId, String text, List<Reply.Attachment> files, FeedRow row) {
    SentMessage answered = null;
    for (SentMessage candidate : sent) {
      if (candidate.workspaceId().equals(workspaceId) && candidate.sender() == Sender.HUMAN
          && !firstReply.containsKey(candidate.messageId())) {
        answered = candidate;
        break;
      }
    }
    return addReply(workspaceId, Reply.Kind.CANVAS, text, files, null, row, answered);
  }

  /** A message from {@code workspaceId} to the peer, matched by {@code in_reply_to}. */
  synchronized Reply recordAgentReply(
      String workspaceId, String text, List<Reply.Attachment> files, String inReplyTo, FeedRow row) {
    SentMessage answered = inReplyTo == null ? null : sentByKey.get(inReplyTo);
    if (answered != null && (answered.sender() != Sender.PEER || !answered.workspaceId().equals(workspaceId))) {
      answered = null;
    }
    return addReply(workspaceId, Reply.Kind.AGENT, text, files, inReplyTo, row, answered);
  }

  /**
   * A push workspace's answer to the sent message {@code messageId}, shown as the platform shows it
   * (on the canvas, or to the peer), at {@code at}.
   */
  synchronized Reply recordAnswer(String messageId, Reply.Kind kind, String text, List<Reply.Attachment> files,
      String rowId, Instant at) {
    SentMessage answered = sentByKey.get(messageId);
    String workspaceId = answered == null ? null : answered.workspaceId();
    return addReply(workspaceId, kind, text, files, null, rowId, at, answered);
  }

  synchronized List<SentMessage> sent(String workspaceId, long afterSeq) {
    return sent.stream().filter(m -> m.workspaceId().equals(workspaceId) && m.seq() > afterSeq).toList();
  }

  synchronized List<Reply> replies(String workspaceId, long afterSeq) {
    return replies.stream().filter(r -> r.workspaceId().equals(workspaceId) && r.seq() > afterSeq).toList();
  }

  synchronized Optional<SentMessage> sentMessage(String messageId) {
    return Optional.ofNullable(sentByKey.get(messageId)).filter(m -> m.messageId().equals(messageId));
  }

  /** The first reply to {@code message}, waiting up to {@code timeout}; empty on timeout or close. */
  synchronized Optional<Reply> await(SentMessage message, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Reply reply = firstReply.get(message.messageId());
      if (reply != null) {
        return Optional.of(reply);
      }
      long left = deadline - System.nanoTime();
      if (closed || left <= 0) {
        return Optional.empty();
      }
      Duration wait = Duration.ofNanos(left);
      wait(Math.max(1, wait.toMillis()));
    }
  }

  synchronized List<SentMessage> allSent() {
    return new ArrayList<>(sent);
  }

  synchronized List<Reply> allReplies() {
    return new ArrayList<>(replies);
  }

  /** Puts back entries read from the state file. */
  synchronized void load(Collection<SentMessage> savedSent, Collection<Reply> savedReplies) {
    savedSent.forEach(this::addSent);
    for (Reply reply : savedReplies) {
      replies.addLast(reply);
      if (reply.answers() != null) {
        firstReply.putIfAbsent(reply.answers(), reply);
      }
    }
    savedSent.forEach(m -> seq = Math.max(seq, m.seq()));
    savedReplies.forEach(r -> seq = Math.max(seq, r.seq()));
  }

  /** Wakes every waiter; they get no reply. */
  synchronized void close() {
    closed = true;
    notifyAll();
  }

  private Reply addReply(String workspaceId, Reply.Kind kind, String text, List<Reply.Attachment> files,
      String inReplyTo, FeedRow row, SentMessage answered) {
    return addReply(workspaceId, kind, text, files, inReplyTo, row.id(), row.createdAt(), answered);
  }

  private Reply addReply(String workspaceId, Reply.Kind kind, String text, List<Reply.Attachment> files,
      String inReplyTo, String rowId, Instant at, SentMessage answered) {
    Long took = answered == null ? null : Duration.between(answered.sentAt(), at).toMillis();
    Reply reply = new Reply(++seq, workspaceId, kind, text, files, inReplyTo, rowId, at,
        answered == null ? null : answered.messageId(), took);
    replies.addLast(reply);
    if (answered != null) {
      firstReply.putIfAbsent(answered.messageId(), reply);
    }
    forgetBefore(at);
    notifyAll();
    changed.run();
    return reply;
  }

  private void addSent(SentMessage message) {
    sent.addLast(message);
    sentByKey.put(message.messageId(), message);
    sentByKey.put(message.rowId(), message);
  }

  private void forgetBefore(Instant now) {
    Instant oldest = now.minus(ActivityFeed.RETENTION);
    while (!sent.isEmpty() && sent.peekFirst().sentAt().isBefore(oldest)) {
      SentMessage old = sent.removeFirst();
      sentByKey.remove(old.messageId());
      sentByKey.remove(old.rowId());
      firstReply.remove(old.messageId());
    }
    while (!replies.isEmpty() && replies.peekFirst().receivedAt().isBefore(oldest)) {
      replies.removeFirst();
    }
  }
}
