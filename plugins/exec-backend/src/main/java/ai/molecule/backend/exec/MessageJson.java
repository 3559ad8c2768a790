package ai.molecule.backend.exec;

import ai.molecule.spi.InboundMessage;
import ai.molecule.spi.Part;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * An inbound message as the one JSON object a {@code format=json} command reads on stdin: the ids
 * (null when absent), the method, and the parts in their A2A shape.
 */
final class MessageJson {

  private MessageJson() {}

  static String of(InboundMessage message) {
    JsonObject json = new JsonObject();
    json.addProperty("workspace_id", message.workspaceId());
    json.addProperty("caller_id", message.callerId());
    json.addProperty("message_id", message.messageId());
    json.addProperty("context_id", message.contextId());
    json.addProperty("task_id", message.taskId());
    json.addProperty("conversation_id", message.conversationId());
    json.addProperty("method", message.method());
    JsonArray parts = new JsonArray();
    message.parts().forEach(part -> parts.add(part(part)));
    json.add("parts", parts);
    return json.toString();
  }

  private static JsonObject part(Part part) {
    JsonObject json = new JsonObject();
    if (part instanceof Part.Text text) {
      json.addProperty("kind", "text");
      json.addProperty("text", text.text());
    } else if (part instanceof Part.File file) {
      JsonObject reference = new JsonObject();
      reference.addProperty("name", file.name());
      reference.addProperty("mimeType", file.mimeType());
      reference.addProperty("uri", file.uri());
      if (file.size() >= 0) {
        reference.addProperty("size", file.size());
      }
      json.addProperty("kind", "file");
      json.add("file", reference);
    } else if (part instanceof Part.Data data) {
      json.addProperty("kind", "data");
      json.add("data", data(data.json()));
    }
    return json;
  }

  /** The data as JSON; as a JSON string should it not parse (the spi only promises text). */
  private static JsonElement data(String text) {
    try {
      return JsonParser.parseString(text);
    } catch (JsonParseException e) {
      return new JsonPrimitive(text);
    }
  }
}
