package ai.molecule.sandbox;

import java.time.Instant;

/**
 * A file staged on the platform for a poll workspace: a canvas upload for the agent, or the
 * agent's own upload from {@code /chat/uploads}.
 *
 * @param fileId its id (a UUID)
 * @param workspaceId the workspace that may read it
 * @param name the (sanitised) file name
 * @param mimeType its type
 * @param size its length in bytes
 * @param uploadedAt when it was staged
 * @param firstAckedAt the first {@code ack}, or {@code null} while unacknowledged
 * @param acks how many times it was acknowledged
 */
public record StagedFile(
    String fileId, String workspaceId, String name, String mimeType, long size, Instant uploadedAt,
    Instant firstAckedAt, int acks) {

  /** {@code platform-pending:<workspace id>/<file id>}: what file parts and attachments carry. */
  public String uri() {
    return UploadStore.uri(workspaceId, fileId);
  }

  public boolean acknowledged() {
    return acks > 0;
  }
}
