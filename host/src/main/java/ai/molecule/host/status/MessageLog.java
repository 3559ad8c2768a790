package ai.molecule.host.status;

import ai.molecule.host.engine.WorkspaceObserver;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.tinylog.Logger;
import org.tinylog.ThreadContext;

/**
 * The log lines an operator follows: one INFO line per message (when it is done with: its outcome,
 * conversation, sender kind and duration; never its text, which the dispatcher logs at debug level,
 * so only with {@code --verbose}), and one per change of state. The fields also go into tinylog's
 * thread context for the line, so {@code --log-format json} carries them as fields of their own.
 */
public final class MessageLog implements WorkspaceObserver {

  @Override
  public void messageReceived(MessageEvent message) {
    Logger.debug("message {} received in conversation {} from a {}", message.messageId(), message.conversationId(),
        kind(message.sender()));
  }

  @Override
  public void messageFinished(MessageEvent message, Outcome outcome, Duration took) {
    withFields(Map.of("workspace", message.workspaceId(), "message_id", message.messageId(),
        "conversation", String.valueOf(message.conversationId()), "sender", kind(message.sender()),
        "outcome", kind(outcome), "duration_ms", Long.toString(took.toMillis())),
        () -> Logger.info("message {} from a {} in conversation {}: {} in {} ms", message.messageId(),
            kind(message.sender()), message.conversationId(), words(outcome), took.toMillis()));
  }

  @Override
  public void stateChanged(String workspaceId, State state, String reason) {
    withFields(Map.of("workspace", workspaceId, "state", kind(state)), () -> {
      switch (state) {
        case STARTING -> Logger.debug("workspace {}: {}", workspaceId, reason);
        case CONNECTED -> Logger.info("workspace {}: {}", workspaceId, reason);
        case UNREACHABLE -> Logger.warn("workspace {}: platform unreachable: {}", workspaceId, reason);
        case PARKED -> Logger.error("workspace {}: parked: {}", workspaceId, reason);
        case STOPPED -> Logger.info("workspace {}: stopped ({})", workspaceId, reason);
      }
    });
  }

  private static String words(Outcome outcome) {
    return switch (outcome) {
      case ANSWERED -> "answered";
      case FAILED -> "failed (the sender got an error reply)";
      case SKIPPED -> "not answered (a reply to our reply)";
      case ABANDONED -> "left for the next run (stopping)";
    };
  }

  private static String kind(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  private static void withFields(Map<String, String> fields, Runnable log) {
    fields.forEach(ThreadContext::put);
    try {
      log.run();
    } finally {
      fields.keySet().forEach(ThreadContext::remove);
    }
  }
}
