package ai.molecule.host.platform;

import ai.molecule.spi.InboundMessage;

/**
 * What one activity row holds for the engine.
 *
 * @param rowId the activity row id (the cursor)
 * @param message the message for the backend, or {@code null} when the row is not one
 * @param inReplyTo the message this one answers ({@code metadata.in_reply_to}), or {@code null}
 * @param problem why a row that should be a message could not be read, or {@code null}
 * @param callerId who sent it (to send an error reply to), or {@code null} for a human sender
 */
public record ParsedMessage(String rowId, InboundMessage message, String inReplyTo, String problem, String callerId) {

  /** A row that is not a message for the agent: our own notify echoes, bookkeeping rows. */
  public static ParsedMessage notAMessage(String rowId) {
    return new ParsedMessage(rowId, null, null, null, null);
  }

  public static ParsedMessage malformed(String rowId, String callerId, String problem) {
    return new ParsedMessage(rowId, null, null, problem, callerId);
  }

  public boolean isMessage() {
    return message != null;
  }

  public boolean isMalformed() {
    return problem != null;
  }

  /** Whether the message is itself a reply: it gets no automatic reply (the loop guard). */
  public boolean isReply() {
    return inReplyTo != null;
  }
}
