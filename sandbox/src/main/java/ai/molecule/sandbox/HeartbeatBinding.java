package ai.molecule.sandbox;

import com.google.gson.JsonObject;
import java.time.Instant;

/**
 * {@code POST /registry/heartbeat}'s body bound as the platform binds it: integer fields must be
 * JSON integers, and one field of the wrong type fails the whole request with 400
 * {@code invalid request body}. Absent fields are zero values.
 */
final class HeartbeatBinding {

  /** The workspace id and the heartbeat it sent. */
  record Bound(String workspaceId, Heartbeat heartbeat) {}

  private HeartbeatBinding() {}

  static Bound bind(byte[] body, Instant receivedAt) {
    try {
      JsonObject json = Json.body(body);
      String id = Json.optionalString(json, "workspace_id", "");
      if (id.isEmpty()) {
        throw HttpError.invalidBody();
      }
      long activeTasks = Json.integer(json, "active_tasks");
      if (activeTasks > Integer.MAX_VALUE || activeTasks < Integer.MIN_VALUE) {
        throw HttpError.invalidBody();
      }
      return new Bound(id, new Heartbeat(
          Json.number(json, "error_rate"),
          Json.optionalString(json, "sample_error", ""),
          (int) activeTasks,
          Json.integer(json, "uptime_seconds"),
          Json.optionalString(json, "current_task", ""),
          Json.optionalString(json, "runtime_state", ""),
          Json.integer(json, "monthly_spend"),
          Json.optionalObject(json, "runtime_metadata"),
          receivedAt,
          Json.optionalBoolean(json, "is_busy"),
          Json.integer(json, "observed_generation")));
    } catch (HttpError e) {
      // The platform names no field: its binder fails the request as a whole.
      throw e.status() == 400 ? HttpError.invalidBody() : e;
    }
  }
}
