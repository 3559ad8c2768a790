package ai.molecule.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One message sent to this workspace.
 *
 * @param workspaceId this workspace
 * @param callerId the sending workspace, or {@code null} when a human sent it from the canvas
 * @param messageId the sender's message id (the activity row id when the sender gave none)
 * @param contextId the A2A context id (the conversation), or {@code null}
 * @param taskId the A2A task id, or {@code null}
 * @param method the A2A method, {@code message/send} or {@code message/stream}
 * @param parts the message's parts, in order; never empty
 * @param rawJson the whole JSON-RPC request body as received, for backends that need more
 */
public record InboundMessage(
    String workspaceId,
    String callerId,
    String messageId,
    String contextId,
    String taskId,
    String method,
    List<Part> parts,
    String rawJson) {

  public InboundMessage {
    Objects.requireNonNull(workspaceId, "workspaceId");
    Objects.requireNonNull(messageId, "messageId");
    method = method == null ? "message/send" : method;
    parts = List.copyOf(parts);
    rawJson = rawJson == null ? "" : rawJson;
  }

  /** Whether a human sent this from the canvas (there is no calling workspace). */
  public boolean fromHuman() {
    return callerId == null;
  }

  /** The sending workspace, empty for a human sender. */
  public Optional<String> caller() {
    return Optional.ofNullable(callerId);
  }

  /**
   * The conversation this message belongs to: the context id, else the caller and task id, else
   * the caller alone. Messages with the same conversation id are handled in order.
   */
  public String conversationId() {
    if (contextId != null && !contextId.isEmpty()) {
      return contextId;
    }
    String who = callerId == null ? "human" : callerId;
    return taskId == null || taskId.isEmpty() ? who : who + "/" + taskId;
  }

  /** The text of all text parts, joined by blank lines. */
  public String text() {
    return parts.stream()
        .filter(Part.Text.class::isInstance)
        .map(p -> ((Part.Text) p).text())
        .collect(Collectors.joining("\n\n"));
  }
}
