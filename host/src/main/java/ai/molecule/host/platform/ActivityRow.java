package ai.molecule.host.platform;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.Map;

/**
 * One row of the workspace's activity feed, as far as we read it.
 *
 * @param id the row id (a UUID): the only thing ever sent back as a cursor
 * @param seq the row's sequence number (what an ack names), or {@code -1} when absent
 * @param activityType {@code a2a_receive}, ... or {@code null}
 * @param sourceId the sending workspace, or {@code null} for a human (canvas) or platform sender
 * @param method the A2A method, {@code notify}, {@code chat_upload_receive}, ... or {@code null}
 * @param createdAt when the platform stored it, or {@code null} if unreadable
 * @param requestBody the JSON-RPC request (or an upload's description), or {@code null} when the
 *     row has none or it was unreadable
 * @param answered whether the row already carries a response body (answered synchronously)
 * @param peerName the sender's workspace name ({@code include=peer_info}), or {@code null}
 * @param peerRole the sender's workspace role, or {@code null}
 * @param bodyProblem why a row that was present could not be read (not JSON, too large, too
 *     deep), or {@code null}
 */
public record ActivityRow(
    String id,
    long seq,
    String activityType,
    String sourceId,
    String method,
    Instant createdAt,
    JsonObject requestBody,
    boolean answered,
    String peerName,
    String peerRole,
    String bodyProblem) {

  /** A row with just what the engine's tests and the feed's oldest shape need. */
  public ActivityRow(String id, String sourceId, String method, Instant createdAt, JsonObject requestBody,
      String bodyProblem) {
    this(id, -1, null, sourceId, method, createdAt, requestBody, false, null, null, bodyProblem);
  }

  /** Whether the row carried a request body, readable or not. */
  public boolean hasBody() {
    return requestBody != null || bodyProblem != null;
  }

  /**
   * Builds a row from its top-level scalar fields (always readable) and, when it parsed within the
   * limits, the row as JSON.
   */
  static ActivityRow from(Map<String, String> scalars, JsonObject row, String problem) {
    JsonObject body = null;
    boolean answered = false;
    if (row != null) {
      JsonElement request = row.get("request_body");
      if (request != null && request.isJsonObject()) {
        body = request.getAsJsonObject();
      } else if (request != null && request.isJsonPrimitive() && request.getAsJsonPrimitive().isString()) {
        // Some paths store the body as JSON text.
        body = Json.objectOrNull(request.getAsString());
        problem = body == null ? "the request body is not a JSON object" : null;
      } else if (request != null && !request.isJsonNull()) {
        problem = "the request body is not a JSON object";
      }
      JsonElement response = row.get("response_body");
      answered = response != null && !response.isJsonNull();
    } else if (problem == null) {
      problem = "the row could not be read";
    }
    return new ActivityRow(scalars.get("id"), seq(scalars.get("seq")), scalars.get("activity_type"),
        scalars.get("source_id"), scalars.get("method"), ActivityFeedParser.instant(scalars.get("created_at")),
        body, answered, scalars.get("peer_name"), scalars.get("peer_role"),
        problem);
  }

  private static long seq(String text) {
    if (text == null) {
      return -1;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException notAnInteger) {
      return -1;
    }
  }
}
