package ai.molecule.sandbox;

import ai.molecule.wire.JsonRpc;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.UUID;

/**
 * The platform proxy's normalisation of an A2A body before it is stored or forwarded: a body
 * without {@code jsonrpc} is wrapped (a new {@code id}; only {@code method} and {@code params}
 * kept), {@code params.message.messageId} and {@code role} are filled when absent, v0.2
 * {@code content} becomes {@code parts}, and a part's {@code type} becomes {@code kind}.
 */
final class Envelopes {

  private Envelopes() {}

  /** A normalised copy of {@code body}; the original is left as it was. */
  static JsonObject normalise(JsonObject body) {
    JsonObject envelope;
    if (body.has("jsonrpc")) {
      envelope = body.deepCopy();
    } else {
      envelope = new JsonObject();
      envelope.addProperty("jsonrpc", JsonRpc.VERSION);
      envelope.addProperty("id", UUID.randomUUID().toString());
      String method = Json.string(body, "method");
      envelope.addProperty("method", method == null ? JsonRpc.MESSAGE_SEND : method);
      JsonObject params = Json.object(body, "params");
      envelope.add("params", params == null ? new JsonObject() : params.deepCopy());
    }
    JsonObject message = Json.object(Json.object(envelope, "params"), "message");
    if (message == null) {
      return envelope;
    }
    if (Json.string(message, "messageId") == null) {
      message.addProperty("messageId", UUID.randomUUID().toString());
    }
    if (Json.string(message, "role") == null) {
      message.addProperty("role", "user");
    }
    if (!message.has("parts") && message.has("content")) {
      message.add("parts", message.remove("content"));
    }
    JsonElement parts = message.get("parts");
    if (parts != null && parts.isJsonArray()) {
      for (JsonElement part : parts.getAsJsonArray()) {
        if (part.isJsonObject() && !part.getAsJsonObject().has("kind") && part.getAsJsonObject().has("type")) {
          part.getAsJsonObject().add("kind", part.getAsJsonObject().remove("type"));
        }
      }
    } else {
      message.add("parts", new JsonArray());
    }
    return envelope;
  }
}
