package ai.molecule.backend.exec;

import ai.molecule.spi.BackendException;
import ai.molecule.spi.Part;
import ai.molecule.spi.Reply;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code format=json} command's answer: a JSON object with {@code parts} (text, file, data; {@code
 * kind} or {@code type} names each) and, optionally, {@code metadata} to log.
 */
final class ReplyJson {

  private ReplyJson() {}

  /**
   * The reply {@code stdout} holds, or empty when it is not a JSON object with {@code parts} (it is
   * then a text reply).
   *
   * @throws BackendException when it has parts, but they do not make a reply
   */
  static Optional<Reply> parse(String stdout) throws BackendException {
    JsonObject json;
    try {
      JsonElement element = JsonParser.parseString(stdout);
      if (!element.isJsonObject() || !element.getAsJsonObject().has("parts")) {
        return Optional.empty();
      }
      json = element.getAsJsonObject();
    } catch (JsonParseException e) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Reply(parts(json.get("parts")), metadata(json.get("metadata"))));
    } catch (RuntimeException e) {
      throw BackendException.permanent("the command's JSON reply is not usable: " + e.getMessage()
          + "; print {\"parts\":[{\"kind\":\"text\",\"text\":\"...\"}]}");
    }
  }

  private static List<Part> parts(JsonElement parts) {
    if (!parts.isJsonArray() || parts.getAsJsonArray().isEmpty()) {
      throw new IllegalArgumentException("parts must be a non-empty array");
    }
    List<Part> result = new ArrayList<>();
    JsonArray array = parts.getAsJsonArray();
    for (int i = 0; i < array.size(); i++) {
      result.add(part(array.get(i), i));
    }
    return result;
  }

  private static Part part(JsonElement element, int index) {
    if (!element.isJsonObject()) {
      throw new IllegalArgumentException("part " + index + " is not an object");
    }
    JsonObject part = element.getAsJsonObject();
    String kind = string(part, "kind").or(() -> string(part, "type")).orElse("");
    switch (kind) {
      case "text":
        return new Part.Text(string(part, "text").orElseThrow(() -> missing(index, "text")));
      case "file":
        JsonObject file = part.has("file") && part.get("file").isJsonObject() ? part.getAsJsonObject("file") : part;
        long size = file.has("size") && file.get("size").isJsonPrimitive() ? file.get("size").getAsLong() : -1;
        return new Part.File(string(file, "name").orElse(""), string(file, "mimeType").orElse(null),
            string(file, "uri").orElseThrow(() -> missing(index, "file.uri")), size);
      case "data":
        if (!part.has("data")) {
          throw missing(index, "data");
        }
        return new Part.Data(part.get("data").toString());
      default:
        throw new IllegalArgumentException("part " + index + " has kind '" + kind + "', not text, file or data");
    }
  }

  private static Map<String, String> metadata(JsonElement metadata) {
    Map<String, String> result = new LinkedHashMap<>();
    if (metadata != null && metadata.isJsonObject()) {
      metadata.getAsJsonObject().entrySet().forEach(entry -> result.put(entry.getKey(),
          entry.getValue().isJsonPrimitive() ? entry.getValue().getAsString() : entry.getValue().toString()));
    }
    return result;
  }

  private static Optional<String> string(JsonObject object, String field) {
    JsonElement value = object.get(field);
    return value != null && value.isJsonPrimitive() ? Optional.of(value.getAsString()) : Optional.empty();
  }

  private static IllegalArgumentException missing(int index, String field) {
    return new IllegalArgumentException("part " + index + " has no " + field);
  }
}
