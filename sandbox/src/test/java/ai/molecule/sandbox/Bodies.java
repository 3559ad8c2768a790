package ai.molecule.sandbox;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.UUID;

/** Request bodies as a poll-mode agent sends them (platform-api.md). */
final class Bodies {

  private Bodies() {}

  static JsonObject register(String workspaceId) {
    JsonObject card = new JsonObject();
    card.addProperty("name", "test agent");
    card.addProperty("description", "an agent written in a test");
    card.addProperty("version", "9.9.9");
    card.add("skills", new JsonArray());
    JsonObject body = new JsonObject();
    body.addProperty("id", workspaceId);
    body.addProperty("delivery_mode", "poll");
    body.add("agent_card", card);
    return body;
  }

  static JsonObject heartbeat(String workspaceId, double errorRate, int activeTasks, String currentTask) {
    JsonObject body = new JsonObject();
    body.addProperty("workspace_id", workspaceId);
    body.addProperty("error_rate", errorRate);
    body.addProperty("sample_error", errorRate > 0 ? "backend timed out" : "");
    body.addProperty("active_tasks", activeTasks);
    body.addProperty("uptime_seconds", 1234);
    body.addProperty("current_task", currentTask);
    body.addProperty("runtime_state", "");
    return body;
  }

  /** A message/send as an agent replies with it; {@code inReplyTo} may be null. */
  static JsonObject message(String text, String inReplyTo) {
    JsonObject metadata = inReplyTo == null ? null : Json.of("in_reply_to", inReplyTo);
    return A2aRequests.textMessage("agent", UUID.randomUUID().toString(), null, text, metadata);
  }

  static JsonObject notify(String text) {
    JsonObject body = new JsonObject();
    body.addProperty("message", text);
    return body;
  }

  /** The message text of a feed row (its first part). */
  static String text(JsonObject row) {
    return row.getAsJsonObject("request_body").getAsJsonObject("params").getAsJsonObject("message")
        .getAsJsonArray("parts").get(0).getAsJsonObject().get("text").getAsString();
  }

  static String messageId(JsonObject row) {
    return row.getAsJsonObject("request_body").getAsJsonObject("params").getAsJsonObject("message")
        .get("messageId").getAsString();
  }
}
