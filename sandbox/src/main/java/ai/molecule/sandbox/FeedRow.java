package ai.molecule.sandbox;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.time.Instant;

/**
 * One row of a workspace's activity feed.
 *
 * @param id the row id (a UUID): what an agent sends back as {@code since_id}
 * @param workspaceId the feed it belongs to
 * @param activityType {@code a2a_receive}, {@code a2a_send}, {@code task_update}, ...
 * @param sourceId the sending workspace, or {@code null} for a human on the canvas or a notify
 * @param targetId the receiving workspace, or {@code null}
 * @param method {@code message/send}, {@code notify}, ..., or {@code null}
 * @param summary one line for people
 * @param status {@code ok} unless a logged row said otherwise
 * @param createdAt when it was stored, in microseconds, unique in the sandbox
 * @param requestBody the JSON-RPC request it carries, or {@code null}
 * @param responseBody a logged response, or {@code null}
 */
public record FeedRow(
    String id,
    String workspaceId,
    String activityType,
    String sourceId,
    String targetId,
    String method,
    String summary,
    String status,
    Instant createdAt,
    JsonObject requestBody,
    JsonObject responseBody) {

  /** A row not stored yet: the feed gives it its id and {@code created_at}. */
  static FeedRow draft(String workspaceId, String activityType, String sourceId, String targetId, String method,
      String summary, String status, JsonObject requestBody, JsonObject responseBody) {
    return new FeedRow(null, workspaceId, activityType, sourceId, targetId, method, summary, status, null,
        requestBody, responseBody);
  }

  FeedRow stored(String newId, Instant storedAt) {
    return new FeedRow(newId, workspaceId, activityType, sourceId, targetId, method, summary, status, storedAt,
        requestBody, responseBody);
  }

  /** The row as {@code GET /workspaces/<id>/activity} sends it: nulls explicit, absent bodies left out. */
  public JsonObject toJson() {
    JsonObject row = new JsonObject();
    row.addProperty("id", id);
    row.addProperty("workspace_id", workspaceId);
    row.addProperty("activity_type", activityType);
    addNullable(row, "source_id", sourceId);
    addNullable(row, "target_id", targetId);
    addNullable(row, "method", method);
    addNullable(row, "summary", summary);
    row.add("duration_ms", JsonNull.INSTANCE);
    row.addProperty("status", status);
    row.add("error_detail", JsonNull.INSTANCE);
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

  private static void addNullable(JsonObject row, String name, String value) {
    if (value == null) {
      row.add(name, JsonNull.INSTANCE);
    } else {
      row.addProperty(name, value);
    }
  }
}
