package ai.molecule.host.platform;

import ai.molecule.spi.InboundMessage;

/**
 * What one activity row holds for the engine.
 *
 * @param rowId the activity row id (the cursor)
 * @param seq the row's sequence number, or {@code -1}
 * @param kind what sort of row it is
 * @param message the message for the backend ({@link Kind#MESSAGE}, {@link Kind#SYSTEM}), else
 *     {@code null}
 * @param inReplyTo the message this one answers ({@code metadata.in_reply_to}), or {@code null}
 * @param problem why a row that should be a message could not be read ({@link Kind#MALFORMED}),
 *     or why it was skipped ({@link Kind#SKIP}); else {@code null}
 * @param callerId who sent it (to send an error reply to), or {@code null} for a human sender
 * @param upload a staged upload's file id ({@link Kind#UPLOAD}), else {@code null}
 * @param systemType a system turn's {@code source_type} ({@link Kind#SYSTEM}), else {@code null}
 */
public record ParsedMessage(String rowId, long seq, Kind kind, InboundMessage message, String inReplyTo,
    String problem, String callerId, String upload, String systemType) {

  /** The sorts of row the feed holds, as platform-api.md sorts them. */
  public enum Kind {
    /** A message for the backend from a person or a peer. */
    MESSAGE,
    /** A turn the platform itself sent ({@code self-*}); never answered. */
    SYSTEM,
    /** A file staged for us ({@code chat_upload_receive}): fetched when its message arrives. */
    UPLOAD,
    /** Should be a message but cannot be read: refused with an error reply where there is a sender. */
    MALFORMED,
    /** Anything else: our own notifies, answered rows, bookkeeping. The cursor passes it. */
    SKIP
  }

  static ParsedMessage skip(ActivityRow row, String why) {
    return new ParsedMessage(row.id(), row.seq(), Kind.SKIP, null, null, why, null, null, null);
  }

  static ParsedMessage malformed(ActivityRow row, String problem) {
    return new ParsedMessage(row.id(), row.seq(), Kind.MALFORMED, null, null, problem, row.sourceId(), null, null);
  }

  static ParsedMessage upload(ActivityRow row, String fileId) {
    return new ParsedMessage(row.id(), row.seq(), Kind.UPLOAD, null, null, null, null, fileId, null);
  }

  public boolean isMessage() {
    return kind == Kind.MESSAGE;
  }

  public boolean isMalformed() {
    return kind == Kind.MALFORMED;
  }

  /** Whether the message is itself a reply: it gets no automatic reply (the loop guard). */
  public boolean isReply() {
    return inReplyTo != null;
  }

  /** Whether this is the platform's liveness check ({@code self-stall}). */
  public boolean isLivenessCheck() {
    return kind == Kind.SYSTEM && "self-stall".equals(systemType);
  }
}
