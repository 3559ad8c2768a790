package ai.molecule.backend.claude;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;

/** A tool use in a few words, for a progress line or a note: the tool and what it works on. */
final class ToolUse {

  /** The longest description: a progress line is one short line. */
  static final int MAX_LENGTH = 120;

  /** The input fields that say best what a tool works on, in the order they are looked for. */
  private static final List<String> SUBJECTS = List.of(
      "description", "file_path", "notebook_path", "path", "pattern", "url", "query", "command", "prompt");

  private ToolUse() {}

  /** {@code Read /etc/hostname}, {@code Bash: run the tests}; the tool's name alone when its input says nothing. */
  static String describe(String tool, JsonElement input) {
    String name = tool.isBlank() ? "a tool" : tool;
    String subject = input != null && input.isJsonObject() ? subject(input.getAsJsonObject()) : "";
    return cut(subject.isEmpty() ? name : name + " " + subject);
  }

  /** The text on one line, cut to {@link #MAX_LENGTH}. */
  static String cut(String text) {
    String line = text.replaceAll("\\s+", " ").strip();
    return line.length() <= MAX_LENGTH ? line : line.substring(0, MAX_LENGTH - 3) + "...";
  }

  private static String subject(JsonObject input) {
    for (String field : SUBJECTS) {
      String value = Json.string(input, field);
      if (!value.isBlank()) {
        return value;
      }
    }
    return "";
  }
}
