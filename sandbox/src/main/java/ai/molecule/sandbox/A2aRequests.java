package ai.molecule.sandbox;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.UUID;

/** The A2A {@code message/send} request of platform-api.md, carrying one text part. */
final class A2aRequests {

  private A2aRequests() {}

  /**
   * @param role {@code user} for a sender, {@code agent} for a reply
   * @param contextId the conversation, or {@code null} for none
   * @param metadata {@code params.message.metadata}, or {@code null} to leave it out
   */
  static JsonObject textMessage(String role, String messageId, String contextId, String text, JsonObject metadata) {
    JsonObject part = new JsonObject();
    part.addProperty("kind", "text");
    part.addProperty("text", text);
    JsonArray parts = new JsonArray();
    parts.add(part);
    JsonObject message = new JsonObject();
    message.addProperty("role", role);
    message.addProperty("messageId", messageId);
    if (contextId != null) {
      message.addProperty("contextId", contextId);
    }
    message.add("parts", parts);
    if (metadata != null) {
      message.add("metadata", metadata);
    }
    JsonObject params = new JsonObject();
    params.add("message", message);
    JsonObject request = new JsonObject();
    request.addProperty("jsonrpc", "2.0");
    request.addProperty("id", UUID.randomUUID().toString());
    request.addProperty("method", "message/send");
    request.add("params", params);
    return request;
  }
}
