package ai.molecule.backend.claude;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code claude -p --output-format json} printed: its {@code "type": "result"} object.
 *
 * @param isError {@code is_error}
 * @param subtype {@code subtype}, e.g. {@code success} or {@code error_max_turns}; may be empty
 * @param text {@code result}, the answer (or the error); may be empty
 * @param sessionId {@code session_id}, to resume the conversation with; may be empty
 * @param metadata the figures worth logging: {@code session_id}, {@code cost_usd}, {@code duration_ms}, {@code turns}
 */
record ClaudeResult(boolean isError, String subtype, String text, String sessionId, Map<String, String> metadata) {

  /**
   * The result in claude's output, or empty when it printed none. A JSON array (the shape {@code
   * --verbose} gives) is searched for its last result object.
   */
  static Optional<ClaudeResult> parse(String stdout) {
    JsonElement json;
    try {
      json = JsonParser.parseString(stdout.trim());
    } catch (JsonParseException e) {
      return Optional.empty();
    }
    JsonObject result = null;
    if (json.isJsonObject()) {
      result = json.getAsJsonObject();
    } else if (json.isJsonArray()) {
      result = lastResult(json.getAsJsonArray());
    }
    if (result == null || !(result.has("result") || result.has("is_error"))) {
      return Optional.empty();
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    copy(result, "session_id", metadata, "session_id");
    copy(result, "total_cost_usd", metadata, "cost_usd");
    copy(result, "duration_ms", metadata, "duration_ms");
    copy(result, "num_turns", metadata, "turns");
    boolean isError = primitive(result, "is_error").map(JsonPrimitive::getAsBoolean).orElse(false);
    return Optional.of(new ClaudeResult(isError, string(result, "subtype"), string(result, "result"),
        string(result, "session_id"), Map.copyOf(metadata)));
  }

  /** Whether trying again may help: a turn limit will be hit again, most other errors pass. */
  boolean retryable() {
    return !subtype.equals("error_max_turns");
  }

  private static JsonObject lastResult(JsonArray messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      JsonElement message = messages.get(i);
      if (message.isJsonObject() && "result".equals(string(message.getAsJsonObject(), "type"))) {
        return message.getAsJsonObject();
      }
    }
    return null;
  }

  private static void copy(JsonObject result, String field, Map<String, String> metadata, String key) {
    primitive(result, field).ifPresent(value -> metadata.put(key, value.getAsString()));
  }

  private static String string(JsonObject object, String field) {
    return primitive(object, field).map(JsonPrimitive::getAsString).orElse("");
  }

  private static Optional<JsonPrimitive> primitive(JsonObject object, String field) {
    JsonElement value = object.get(field);
    return value != null && value.isJsonPrimitive() ? Optional.of(value.getAsJsonPrimitive()) : Optional.empty();
  }
}
