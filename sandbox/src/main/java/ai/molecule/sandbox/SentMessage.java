package ai.molecule.sandbox;

import java.time.Instant;

/**
 * A message the operator sent to a workspace.
 *
 * @param seq its place in the sandbox's conversation log (shared with {@link Reply#seq()})
 * @param messageId the A2A {@code params.message.messageId}; an agent reply names it in
 *     {@code metadata.in_reply_to}
 * @param rowId the id of the {@code a2a_receive} row it became in the workspace's feed
 * @param workspaceId the workspace it was sent to
 * @param sender a human on the canvas or the sandbox's peer workspace
 * @param text the message text
 * @param sentAt when the row was stored
 */
public record SentMessage(
    long seq, String messageId, String rowId, String workspaceId, Sender sender, String text, Instant sentAt) {}
