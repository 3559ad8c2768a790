package ai.molecule.host.platform;

import com.google.gson.JsonObject;
import java.time.Instant;

/**
 * One row of the workspace's activity feed, as far as we read it.
 *
 * @param id the row id (a UUID): the only thing ever sent back as a cursor
 * @param sourceId the sending workspace, or {@code null} for a human (canvas) sender
 * @param method the A2A method, {@code notify}, or {@code null} for bookkeeping rows
 * @param createdAt when the platform stored it, or {@code null} if unreadable
 * @param requestBody the JSON-RPC request, or {@code null} when the row has none or it was unreadable
 * @param bodyProblem why a request body that was present could not be read (not JSON, too large),
 *     or {@code null}
 */
public record ActivityRow(
    String id,
    String sourceId,
    String method,
    Instant createdAt,
    JsonObject requestBody,
    String bodyProblem) {

  /** Whether the row carried a request body, readable or not. */
  public boolean hasBody() {
    return requestBody != null || bodyProblem != null;
  }
}
