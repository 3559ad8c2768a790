package ai.molecule.backend.claude;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Claude's {@code "type": "result"} event: the last line of {@code --output-format stream-json}, the
 * whole of {@code json}, the last element of {@code json --verbose}.
 *
 * @param isError {@code is_error}
 * @param subtype {@code subtype}, e.g. {@code success} (also on an API error) or {@code error_max_turns}; may be empty
 * @param text {@code result}, the answer or the error; may be empty
 * @param sessionId {@code session_id}, to resume the conversation with; may be empty
 * @param totalCost {@code total_cost_usd}, cumulative over the session, exactly as printed
 * @param apiErrorStatus {@code api_error_status}, the HTTP status of the API's last refusal; 0 for none
 * @param apiErrorType {@code api_error_type}, e.g. {@code authentication_error}; may be empty
 * @param errors {@code errors}, what went wrong when there is no {@code result} (running out of turns)
 * @param denials {@code permission_denials}: the tool uses the permission mode refused
 * @param metadata the figures worth logging: {@code session_id}, {@code duration_ms}, {@code turns}
 */
record ClaudeResult(
    boolean isError,
    String subtype,
    String text,
    String sessionId,
    Optional<BigDecimal> totalCost,
    int apiErrorStatus,
    String apiErrorType,
    List<String> errors,
    List<String> denials,
    Map<String, String> metadata) {

  ClaudeResult {
    errors = List.copyOf(errors);
    denials = List.copyOf(denials);
    metadata = Map.copyOf(metadata);
  }

  /**
   * The result of a run stopped at the API's first refusal of a key that cannot change within the
   * run (Claude would only retry it to the same answer).
   */
  static ClaudeResult refused(int status, String error) {
    return new ClaudeResult(true, "success", "API Error: " + status + " " + error + " (stopped at Claude's first"
        + " retry: a fixed key is refused again)", "", Optional.empty(), status, "", List.of(), List.of(), Map.of());
  }

  /**
   * The result in one line or document of claude's output, or empty when it holds none. A JSON
   * array (the shape {@code json --verbose} gives) is searched for its last result object.
   */
  static Optional<ClaudeResult> parse(String output) {
    JsonElement json;
    try {
      json = JsonParser.parseString(output.trim());
    } catch (JsonParseException e) {
      return Optional.empty();
    }
    if (json.isJsonArray()) {
      return Optional.ofNullable(lastResult(json.getAsJsonArray())).flatMap(ClaudeResult::from);
    }
    return json.isJsonObject() ? from(json.getAsJsonObject()) : Optional.empty();
  }

  /** The result this event is, or empty when it is another kind of event. */
  static Optional<ClaudeResult> from(JsonObject event) {
    if (!(event.has("result") || event.has("is_error"))) {
      return Optional.empty();
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    copy(event, "session_id", metadata, "session_id");
    copy(event, "duration_ms", metadata, "duration_ms");
    copy(event, "num_turns", metadata, "turns");
    return Optional.of(new ClaudeResult(
        Json.primitive(event, "is_error").map(JsonPrimitive::getAsBoolean).orElse(false),
        Json.string(event, "subtype"),
        Json.string(event, "result"),
        Json.string(event, "session_id"),
        Json.primitive(event, "total_cost_usd").filter(JsonPrimitive::isNumber).map(JsonPrimitive::getAsBigDecimal),
        Json.primitive(event, "api_error_status").filter(JsonPrimitive::isNumber).map(JsonPrimitive::getAsInt)
            .orElse(0),
        Json.string(event, "api_error_type"),
        strings(event.get("errors")),
        denials(event.get("permission_denials")),
        metadata));
  }

  private static List<String> denials(JsonElement value) {
    List<String> denials = new ArrayList<>();
    if (value != null && value.isJsonArray()) {
      for (JsonElement denial : value.getAsJsonArray()) {
        if (denial.isJsonObject()) {
          JsonObject object = denial.getAsJsonObject();
          denials.add(ToolUse.describe(Json.string(object, "tool_name"), object.get("tool_input")));
        }
      }
    }
    return denials;
  }

  private static List<String> strings(JsonElement value) {
    List<String> strings = new ArrayList<>();
    if (value != null && value.isJsonArray()) {
      for (JsonElement element : value.getAsJsonArray()) {
        if (element.isJsonPrimitive()) {
          strings.add(element.getAsString());
        }
      }
    }
    return strings;
  }

  private static JsonObject lastResult(JsonArray messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      JsonElement message = messages.get(i);
      if (message.isJsonObject() && "result".equals(Json.string(message.getAsJsonObject(), "type"))) {
        return message.getAsJsonObject();
      }
    }
    return null;
  }

  private static void copy(JsonObject result, String field, Map<String, String> metadata, String key) {
    Json.primitive(result, field).ifPresent(value -> metadata.put(key, value.getAsString()));
  }
}
