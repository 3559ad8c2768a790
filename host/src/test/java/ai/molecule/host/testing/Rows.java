package ai.molecule.host.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Instant;

/** Activity rows as the platform sends them (platform-api.md). */
public final class Rows {

  /** A row id as the platform makes them (a UUID), numbered for the test. */
  public static String id(int n) {
    return String.format("00000000-0000-4000-8000-%012d", n);
  }


  public static final String WORKSPACE = "6f1f5e1e-8a0c-4a47-9a0c-3b1a7b0c9d11";
  public static final String PEER = "0b7c2d4e-1111-4a47-9a0c-3b1a7b0c9d22";

  private Rows() {}

  /** A message/send row from {@code source} (null for the canvas) with one text part. */
  public static JsonObject message(String id, String source, String text, Instant createdAt) {
    return message(id, source, textPart("kind", text), createdAt);
  }

  public static JsonObject message(String id, String source, JsonObject part, Instant createdAt) {
    JsonArray parts = new JsonArray();
    parts.add(part);
    JsonObject message = new JsonObject();
    message.addProperty("role", "user");
    message.addProperty("messageId", "msg-" + id);
    message.addProperty("contextId", "ctx-" + id);
    message.addProperty("taskId", "task-" + id);
    message.add("parts", parts);
    JsonObject params = new JsonObject();
    params.add("message", message);
    JsonObject body = new JsonObject();
    body.addProperty("jsonrpc", "2.0");
    body.addProperty("id", "rpc-" + id);
    body.addProperty("method", "message/send");
    body.add("params", params);
    JsonObject row = row(id, source, "message/send", createdAt);
    row.add("request_body", body);
    return row;
  }

  /** The message row, moved into conversation {@code contextId}. */
  public static JsonObject inConversation(String contextId, JsonObject row) {
    row.getAsJsonObject("request_body").getAsJsonObject("params").getAsJsonObject("message")
        .addProperty("contextId", contextId);
    return row;
  }

  /** A row with no request body: a notify echo or bookkeeping. */
  public static JsonObject row(String id, String source, String method, Instant createdAt) {
    JsonObject row = new JsonObject();
    row.addProperty("id", id);
    row.addProperty("workspace_id", WORKSPACE);
    row.addProperty("activity_type", "a2a_receive");
    if (source == null) {
      row.add("source_id", com.google.gson.JsonNull.INSTANCE);
    } else {
      row.addProperty("source_id", source);
    }
    row.addProperty("target_id", WORKSPACE);
    if (method != null) {
      row.addProperty("method", method);
    }
    row.addProperty("status", "ok");
    row.addProperty("created_at", createdAt.toString());
    return row;
  }

  public static JsonObject textPart(String kindField, String text) {
    JsonObject part = new JsonObject();
    part.addProperty(kindField, "text");
    part.addProperty("text", text);
    return part;
  }

  public static String page(JsonObject... rows) {
    JsonArray array = new JsonArray();
    for (JsonObject row : rows) {
      array.add(row);
    }
    return array.toString();
  }
}
