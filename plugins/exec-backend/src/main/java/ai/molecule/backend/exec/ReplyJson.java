package ai.molecule.backend.exec;

import ai.molecule.spi.BackendException;
import ai.molecule.spi.Part;
import ai.molecule.spi.Reply;
import ai.molecule.wire.Parts;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code format=json} command's answer: a JSON object with {@code parts} (text, file, data, read as
 * {@link Parts} reads them) and, optionally, {@code metadata} to log.
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

  /** Every part, read as every molecule reader reads parts, but none left out: a bad one is an error. */
  private static List<Part> parts(JsonElement parts) {
    List<Part> result = Parts.strict(parts);
    if (result.isEmpty()) {
      throw new IllegalArgumentException("parts must be a non-empty array");
    }
    return result;
  }

  private static Map<String, String> metadata(JsonElement metadata) {
    Map<String, String> result = new LinkedHashMap<>();
    if (metadata != null && metadata.isJsonObject()) {
      metadata.getAsJsonObject().entrySet().forEach(entry -> result.put(entry.getKey(),
          entry.getValue().isJsonPrimitive() ? entry.getValue().getAsString() : entry.getValue().toString()));
    }
    return result;
  }
}
