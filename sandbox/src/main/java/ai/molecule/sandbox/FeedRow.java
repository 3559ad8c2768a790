package ai.molecule.sandbox;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.time.Instant;

/**
 * One row of a workspace's activity feed.
 *
 * @param id the row id (a UUID): what an agent sends back as {@code since_id}
 * @param seq the row's sequence number: unique across workspaces, increasing, with gaps within one
 *     feed; what an agent acknowledges with {@code activity/ack}, and the tie-breaker of rows that
 *     share a {@code created_at}
 * @param workspaceId the feed it belongs to
 * @param activityType {@code a2a_receive}, {@code a2a_send}, {@code task_update}, ...
 * @param sourceId the sending workspace, or {@code null} for a human on the canvas, a platform
 *     system turn or a notify
 * @param targetId the receiving workspace, or {@code null}
 * @param method {@code message/send}, {@code notify}, {@code chat_upload_receive}, ..., or {@code null}
 * @param summary one line for people
 * @param status {@code ok} unless a logged row said otherwise
 * @param createdAt when it was stored, in microseconds
 * @param requestBody the JSON-RPC request (or upload record) it carries, or {@code null}
 * @param responseBody a logged response, a notify's {@code {result, parts}}, or {@code null}
 * @param durationMs a logged duration, or {@code null}
 * @param errorDetail a logged error, or {@code null}
 */
public record FeedRow(
    String id,
    long seq,
    String workspaceId,
    String activityType,
    String sourceId,
    String targetId,
    String method,
    String summary,
    String status,
    Instant createdAt,
    JsonObject requestBody,
    JsonObject responseBody,
    Long durationMs,
    String errorDetail) {

  static final String NOTIFY = "notify";

  /** A row not stored yet: the feed gives it its id, seq and {@code created_at}. */
  static FeedRow draft(String workspaceId, String activityType, String sourceId, String targetId, String method,
      String summary, String status, JsonObject requestBody, JsonObject responseBody) {
    return new FeedRow(null, 0, workspaceId, activityType, sourceId, targetId, method, summary, status, null,
        requestBody, responseBody, null, null);
  }

  FeedRow withDetail(Long newDurationMs, String newErrorDetail) {
    return new FeedRow(id, seq, workspaceId, activityType, sourceId, targetId, method, summary, status, createdAt,
        requestBody, responseBody, newDurationMs, newErrorDetail);
  }

  FeedRow stored(String newId, long newSeq, Instant storedAt) {
    return new FeedRow(newId, newSeq, workspaceId, activityType, sourceId, targetId, method, summary, status,
        storedAt, requestBody, responseBody, durationMs, errorDetail);
  }

  /** The same row (id, seq, time) carrying a resent request: the platform keeps one row per messageId. */
  FeedRow resent(JsonObject newRequestBody) {
    return new FeedRow(id, seq, workspaceId, activityType, sourceId, targetId, method, summary, status, createdAt,
        newRequestBody, responseBody, durationMs, errorDetail);
  }

  FeedRow answered(JsonObject newResponseBody) {
    return new FeedRow(id, seq, workspaceId, activityType, sourceId, targetId, method, summary, status, createdAt,
        requestBody, newResponseBody, durationMs, errorDetail);
  }

  /**
   * Whether the row was written through the platform's activity path: every row but a notify. Such
   * rows move {@code last_activity_at} and raise {@code ACTIVITY_LOGGED}.
   */
  boolean throughActivityPath() {
    return !NOTIFY.equals(method);
  }

  /** The row as {@code GET /workspaces/<id>/activity} sends it: nulls explicit, absent bodies left out. */
  public JsonObject toJson() {
    JsonObject row = new JsonObject();
    row.addProperty("id", id);
    row.addProperty("seq", seq);
    row.addProperty("workspace_id", workspaceId);
    row.addProperty("activity_type", activityType);
    addNullable(row, "source_id", sourceId);
    addNullable(row, "target_id", targetId);
    addNullable(row, "method", method);
    addNullable(row, "summary", summary);
    if (durationMs == null) {
      row.add("duration_ms", JsonNull.INSTANCE);
    } else {
      row.addProperty("duration_ms", durationMs);
    }
    row.addProperty("status", status);
    addNullable(row, "error_detail", errorDetail);
    row.addProperty("created_at", Timestamps.format(createdAt));
    if (requestBody != null) {
      row.add("request_body", requestBody.deepCopy());
    }
    if (responseBody != null) {
      row.add("response_body", responseBody.deepCopy());
    }
    return row;
  }

  /** {@code params.message.messageId} of the request it carries, or {@code null}. */
  String messageId() {
    JsonObject message = Json.object(Json.object(requestBody, "params"), "message");
    return Json.string(message, "messageId");
  }

  /** The {@code self-*} marker of a platform system turn, or {@code null} for any other row. */
  String systemMarker() {
    JsonObject params = Json.object(requestBody, "params");
    for (JsonObject metadata : new JsonObject[] {
        Json.object(Json.object(params, "message"), "metadata"), Json.object(params, "metadata")}) {
      String type = Json.string(metadata, "source_type");
      if (type != null && type.startsWith("self-")) {
        return type;
      }
    }
    return null;
  }

  private static void addNullable(JsonObject row, String name, String value) {
    if (value == null) {
      row.add(name, JsonNull.INSTANCE);
    } else {
      row.addProperty(name, value);
    }
  }
}
