package ai.molecule.backend.claude;

import ai.molecule.process.LineTap;
import ai.molecule.spi.Turn;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the events of one {@code claude -p --output-format stream-json --verbose} run as they come:
 * a tool starting, an API retry and a refused tool use become the turn's progress, and the {@code
 * result} event is kept as the answer. Takes every line that is JSON; leaves the others (they are
 * not Claude's) in the run's stdout. Runs on the reading thread while the caller waits.
 *
 * <p>A run whose fixed API key the API refuses is stopped at Claude's first retry: the key cannot
 * change within the run, so the retries would only delay the answer. A login's token may be
 * refreshed by a retry, so a refusal under a login is left to Claude.
 */
final class ClaudeEvents implements LineTap {

  /** The {@code apiKeySource} of a key that stays what it is for the whole run. */
  private static final String FIXED_KEY = "ANTHROPIC_API_KEY";

  private final Turn turn;
  private volatile String apiKeySource = "";
  /** What each tool use works on, by its id: a refusal names only the id. */
  private final Map<String, String> toolUses = new ConcurrentHashMap<>();
  private volatile ClaudeResult result;

  ClaudeEvents(Turn turn) {
    this.turn = turn;
  }

  /** The result event, once it came. */
  Optional<ClaudeResult> result() {
    return Optional.ofNullable(result);
  }

  @Override
  public boolean take(String line) {
    if (line.isBlank()) {
      return true;
    }
    JsonElement json;
    try {
      json = JsonParser.parseString(line);
    } catch (JsonParseException e) {
      return false;
    }
    if (json.isJsonArray()) { // args chose --output-format json --verbose: the events come as one array
      ClaudeResult.parse(line).ifPresent(found -> result = found);
      return true;
    }
    if (!json.isJsonObject()) {
      return false;
    }
    JsonObject event = json.getAsJsonObject();
    switch (Json.string(event, "type")) {
      case "result" -> ClaudeResult.from(event).ifPresent(found -> result = found);
      case "assistant" -> toolsStarted(event);
      case "system" -> system(event);
      default -> { } // user (tool results), stream_event, and what later versions add
    }
    return true;
  }

  private void toolsStarted(JsonObject event) {
    JsonElement content = Json.object(event, "message").map(message -> message.get("content")).orElse(null);
    if (content == null || !content.isJsonArray()) {
      return;
    }
    for (JsonElement block : content.getAsJsonArray()) {
      if (block.isJsonObject() && "tool_use".equals(Json.string(block.getAsJsonObject(), "type"))) {
        JsonObject use = block.getAsJsonObject();
        String description = ToolUse.describe(Json.string(use, "name"), use.get("input"));
        toolUses.put(Json.string(use, "id"), description);
        turn.progress(description);
      }
    }
  }

  private void system(JsonObject event) {
    switch (Json.string(event, "subtype")) {
      case "init" -> apiKeySource = Json.string(event, "apiKeySource");
      case "api_retry" -> retry(event);
      case "permission_denied" -> turn.progress(ToolUse.cut("permission denied: "
          + toolUses.getOrDefault(Json.string(event, "tool_use_id"), Json.string(event, "tool_name"))
          + detail(Json.string(event, "decision_reason"))));
      default -> { } // status and what later versions add
    }
  }

  private void retry(JsonObject event) {
    String status = Json.string(event, "error_status");
    if (FIXED_KEY.equals(apiKeySource) && (status.equals("401") || status.equals("403"))) {
      result = ClaudeResult.refused(Integer.parseInt(status), Json.string(event, "error"));
      throw new LineTap.Enough("the API refused the key");
    }
    turn.progress("the API answered " + status + detail(Json.string(event, "error")) + "; Claude tries again ("
        + Json.string(event, "attempt") + " of " + Json.string(event, "max_retries") + ") in "
        + Json.string(event, "retry_delay_ms") + " ms");
  }

  private static String detail(String text) {
    return text.isBlank() ? "" : " (" + text + ")";
  }
}
