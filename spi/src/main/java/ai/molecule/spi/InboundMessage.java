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
 * @param sender who sent it: a person, a peer or the platform, with what the platform says of them
 *     (since 1.1; derived from {@code callerId} when built with the 1.0 constructor)
 * @param inReplyTo the id of our own message this one answers, when the sender marked it as a
 *     reply (the host does not answer replies automatically, so two agents never answer each other
 *     forever); else {@code null} (since 1.1)
 * @since 1.0
 */
public record InboundMessage(
    String workspaceId,
    String callerId,
    String messageId,
    String contextId,
    String taskId,
    String method,
    List<Part> parts,
    String rawJson,
    Sender sender,
    String inReplyTo) {

  /**
   * Checks and normalises the values; prefer {@link #builder(String, String)}, which keeps working
   * when later versions add components.
   *
   * @param workspaceId this workspace
   * @param callerId the sending workspace, or {@code null}
   * @param messageId the sender's message id
   * @param contextId the A2A context id, or {@code null}
   * @param taskId the A2A task id, or {@code null}
   * @param method the A2A method; {@code null} means {@code message/send}
   * @param parts the parts
   * @param rawJson the request body as received, or {@code null}
   * @param sender who sent it; {@code null} derives it from {@code callerId}
   * @param inReplyTo the id of the message this one answers, or {@code null}
   * @since 1.1
   */
  public InboundMessage {
    Objects.requireNonNull(workspaceId, "workspaceId");
    Objects.requireNonNull(messageId, "messageId");
    method = method == null ? "message/send" : method;
    parts = List.copyOf(parts);
    rawJson = rawJson == null ? "" : rawJson;
    if (sender == null) {
      sender = callerId == null ? Sender.human() : Sender.peer(callerId, null, null);
    }
  }

  /**
   * The 1.0 constructor: the sender is derived from {@code callerId} (a person when it is {@code
   * null}, else a peer), and the message is not marked as a reply.
   *
   * @param workspaceId this workspace
   * @param callerId the sending workspace, or {@code null} for a person on the canvas
   * @param messageId the sender's message id
   * @param contextId the A2A context id, or {@code null}
   * @param taskId the A2A task id, or {@code null}
   * @param method the A2A method; {@code null} means {@code message/send}
   * @param parts the parts
   * @param rawJson the request body as received, or {@code null}
   * @since 1.0
   */
  public InboundMessage(String workspaceId, String callerId, String messageId, String contextId, String taskId,
      String method, List<Part> parts, String rawJson) {
    this(workspaceId, callerId, messageId, contextId, taskId, method, parts, rawJson, null, null);
  }

  /**
   * Starts building a message: what tests and hosts use, since it keeps working when later
   * versions add components.
   *
   * @param workspaceId this workspace
   * @param messageId the sender's message id
   * @return a builder for a message from a person on the canvas with no parts yet
   * @since 1.1
   */
  public static Builder builder(String workspaceId, String messageId) {
    return new Builder(workspaceId, messageId);
  }

  /**
   * Whether a person sent this from the canvas.
   *
   * @return {@code true} for a person; {@code false} for a peer agent or a system turn
   * @since 1.0
   */
  public boolean fromHuman() {
    return sender.kind() == Sender.Kind.HUMAN;
  }

  /**
   * Whether the platform itself sent this (a system turn: scheduled, a watchdog, a nudge). The
   * host never answers one; a backend sees one only when it asks to.
   *
   * @return {@code true} for a system turn
   * @since 1.1
   */
  public boolean fromSystem() {
    return sender.kind() == Sender.Kind.SYSTEM;
  }

  /**
   * Whether this message answers one of ours; the host does not answer it automatically.
   *
   * @return {@code true} when the sender marked it as a reply
   * @since 1.1
   */
  public boolean isReply() {
    return inReplyTo != null;
  }

  /**
   * The sending workspace.
   *
   * @return the caller's workspace id, empty for a person or the platform
   * @since 1.0
   */
  public Optional<String> caller() {
    return Optional.ofNullable(callerId);
  }

  /**
   * The conversation this message belongs to: the context id, else the caller and task id, else
   * the caller alone. Messages with the same conversation id are handled in order.
   *
   * @return the conversation id, never empty
   * @since 1.0
   */
  public String conversationId() {
    if (contextId != null && !contextId.isEmpty()) {
      return contextId;
    }
    String who = callerId == null ? "human" : callerId;
    return taskId == null || taskId.isEmpty() ? who : who + "/" + taskId;
  }

  /**
   * The text of all text parts, joined by blank lines.
   *
   * @return the text, empty when there is none
   * @since 1.0
   */
  public String text() {
    return parts.stream()
        .filter(Part.Text.class::isInstance)
        .map(p -> ((Part.Text) p).text())
        .collect(Collectors.joining("\n\n"));
  }

  /**
   * Builds an {@link InboundMessage}. Every setter returns the builder.
   *
   * @since 1.1
   */
  public static final class Builder {
    private final String workspaceId;
    private final String messageId;
    private String callerId;
    private String contextId;
    private String taskId;
    private String method;
    private final List<Part> parts = new java.util.ArrayList<>();
    private String rawJson;
    private Sender sender;
    private String inReplyTo;

    private Builder(String workspaceId, String messageId) {
      this.workspaceId = Objects.requireNonNull(workspaceId, "workspaceId");
      this.messageId = Objects.requireNonNull(messageId, "messageId");
    }

    /**
     * Who sent it; a peer's workspace id becomes the caller id as well.
     *
     * @param value the sender
     * @return this builder
     * @since 1.1
     */
    public Builder sender(Sender value) {
      this.sender = Objects.requireNonNull(value, "sender");
      this.callerId = value.kind() == Sender.Kind.PEER ? value.workspaceId() : null;
      return this;
    }

    /**
     * The A2A context id.
     *
     * @param value the context id, or {@code null}
     * @return this builder
     * @since 1.1
     */
    public Builder contextId(String value) {
      this.contextId = value;
      return this;
    }

    /**
     * The A2A task id.
     *
     * @param value the task id, or {@code null}
     * @return this builder
     * @since 1.1
     */
    public Builder taskId(String value) {
      this.taskId = value;
      return this;
    }

    /**
     * The A2A method.
     *
     * @param value {@code message/send} (the default) or {@code message/stream}
     * @return this builder
     * @since 1.1
     */
    public Builder method(String value) {
      this.method = value;
      return this;
    }

    /**
     * Adds a part.
     *
     * @param part the next part
     * @return this builder
     * @since 1.1
     */
    public Builder part(Part part) {
      parts.add(Objects.requireNonNull(part, "part"));
      return this;
    }

    /**
     * Adds a text part.
     *
     * @param text the text
     * @return this builder
     * @since 1.1
     */
    public Builder text(String text) {
      return part(Part.text(text));
    }

    /**
     * The request body as received.
     *
     * @param value the JSON text
     * @return this builder
     * @since 1.1
     */
    public Builder rawJson(String value) {
      this.rawJson = value;
      return this;
    }

    /**
     * Marks the message as a reply to one of ours.
     *
     * @param messageId the id of the message it answers, or {@code null}
     * @return this builder
     * @since 1.1
     */
    public Builder inReplyTo(String messageId) {
      this.inReplyTo = messageId;
      return this;
    }

    /**
     * Builds the message.
     *
     * @return the message
     * @since 1.1
     */
    public InboundMessage build() {
      return new InboundMessage(workspaceId, callerId, messageId, contextId, taskId, method, parts, rawJson,
          sender, inReplyTo);
    }
  }
}
