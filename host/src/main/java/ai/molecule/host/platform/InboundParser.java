package ai.molecule.host.platform;

import ai.molecule.spi.InboundMessage;
import ai.molecule.spi.Part;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns an activity row into a message for the backend, tolerant of the variants platform-api.md
 * lists: {@code type} for {@code kind} on parts, snake-case ids, a body without {@code jsonrpc}.
 */
public final class InboundParser {

  private static final Set<String> MESSAGE_METHODS = Set.of("message/send", "message/stream");

  private final String workspaceId;

  public InboundParser(String workspaceId) {
    this.workspaceId = workspaceId;
  }

  public ParsedMessage parse(ActivityRow row) {
    JsonObject body = row.requestBody();
    String method = row.method() != null ? row.method() : string(body, "method");
    if (method == null || !MESSAGE_METHODS.contains(method) || !row.hasBody()) {
      return ParsedMessage.notAMessage(row.id());
    }
    if (row.bodyProblem() != null) {
      return ParsedMessage.malformed(row.id(), row.sourceId(), row.bodyProblem());
    }
    JsonObject params = object(body, "params");
    JsonObject message = params == null ? object(body, "message") : object(params, "message");
    if (message == null) {
      return ParsedMessage.malformed(row.id(), row.sourceId(), "the request has no params.message");
    }
    List<Part> parts = new ArrayList<>();
    if (message.get("parts") != null && message.get("parts").isJsonArray()) {
      for (JsonElement element : message.getAsJsonArray("parts")) {
        Part part = element.isJsonObject() ? part(element.getAsJsonObject()) : null;
        if (part != null) {
          parts.add(part);
        }
      }
    }
    if (parts.isEmpty()) {
      return ParsedMessage.malformed(row.id(), row.sourceId(), "the message has no readable parts");
    }
    String messageId = firstString(message, "messageId", "message_id");
    InboundMessage inbound = new InboundMessage(
        workspaceId,
        row.sourceId(),
        messageId != null ? messageId : row.id(),
        firstString(message, "contextId", "context_id"),
        firstString(message, "taskId", "task_id"),
        method,
        parts,
        body.toString());
    JsonObject metadata = object(message, "metadata");
    String inReplyTo = metadata == null ? null : firstString(metadata, "in_reply_to", "inReplyTo");
    return new ParsedMessage(row.id(), inbound, inReplyTo, null, row.sourceId());
  }

  /** One part, by {@code kind} or {@code type}; {@code null} for a kind we do not know. */
  private static Part part(JsonObject part) {
    String kind = firstString(part, "kind", "type");
    if (kind == null && part.has("text")) {
      kind = "text";
    }
    if (kind == null) {
      return null;
    }
    switch (kind) {
      case "text": {
        String text = string(part, "text");
        return text == null ? null : new Part.Text(text);
      }
      case "file": {
        JsonObject file = object(part, "file");
        if (file == null) {
          return null;
        }
        String uri = firstString(file, "uri", "url");
        if (uri == null) {
          return null;
        }
        JsonElement size = file.get("size");
        long bytes = size != null && size.isJsonPrimitive() && size.getAsJsonPrimitive().isNumber()
            ? size.getAsLong() : -1;
        return new Part.File(string(file, "name"), firstString(file, "mimeType", "mime_type"), uri, bytes);
      }
      case "data": {
        JsonElement data = part.get("data");
        return data == null ? null : new Part.Data(data.toString());
      }
      default:
        return null;
    }
  }

  private static JsonObject object(JsonObject parent, String name) {
    if (parent == null) {
      return null;
    }
    JsonElement element = parent.get(name);
    return element != null && element.isJsonObject() ? element.getAsJsonObject() : null;
  }

  private static String string(JsonObject parent, String name) {
    if (parent == null) {
      return null;
    }
    JsonElement element = parent.get(name);
    return element != null && element.isJsonPrimitive() ? element.getAsString() : null;
  }

  private static String firstString(JsonObject parent, String... names) {
    for (String name : names) {
      String value = string(parent, name);
      if (value != null && !value.isEmpty()) {
        return value;
      }
    }
    return null;
  }
}
