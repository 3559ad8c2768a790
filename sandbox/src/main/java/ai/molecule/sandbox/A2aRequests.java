package ai.molecule.sandbox;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.UUID;

/** The A2A {@code message/send} request of platform-api.md. */
final class A2aRequests {

  private A2aRequests() {}

  /**
   * A request carrying one text part.
   *
   * @param role {@code user} for a sender, {@code agent} for a reply
   * @param contextId the conversation, or {@code null} for none
   * @param metadata {@code params.message.metadata}, or {@code null} to leave it out
   */
  static JsonObject textMessage(String role, String messageId, String contextId, String text, JsonObject metadata) {
    return message(role, messageId, contextId, List.of(textPart(text)), metadata);
  }

  /** A request carrying {@code parts}. */
  static JsonObject message(String role, String messageId, String contextId, List<JsonObject> parts,
      JsonObject metadata) {
    JsonArray array = new JsonArray();
    parts.forEach(array::add);
    JsonObject message = new JsonObject();
    message.addProperty("role", role);
    message.addProperty("messageId", messageId);
    if (contextId != null) {
      message.addProperty("contextId", contextId);
    }
    message.add("parts", array);
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

  static JsonObject textPart(String text) {
    JsonObject part = new JsonObject();
    part.addProperty("kind", "text");
    part.addProperty("text", text);
    return part;
  }

  /** A file part pointing at a staged file, as the canvas sends it. */
  static JsonObject filePart(StagedFile staged) {
    JsonObject file = new JsonObject();
    file.addProperty("name", staged.name());
    file.addProperty("mimeType", staged.mimeType());
    file.addProperty("uri", staged.uri());
    file.addProperty("size", staged.size());
    JsonObject part = new JsonObject();
    part.addProperty("kind", "file");
    part.add("file", file);
    return part;
  }

  /** {@code params.message} of a request, or {@code null}. */
  static JsonObject messageOf(JsonObject request) {
    return Json.object(Json.object(request, "params"), "message");
  }
}
