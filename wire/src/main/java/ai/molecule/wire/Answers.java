package ai.molecule.wire;

import ai.molecule.spi.Part;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An agent's answer, the {@code result} of a JSON-RPC response: written as platform-api.md's push
 * answer, read the ways the platform's readers do.
 */
public final class Answers {

  private Answers() {}

  /**
   * The {@code result} message of an answer: {@code {"kind":"message","role":"agent","messageId",
   * "contextId","parts"}}, with the whole text in the first part (a runtime peer reads only {@code
   * parts[0].text}; data parts are in it too, as {@link Parts#wholeText} renders them) and the files
   * after it.
   *
   * @param contextId the request's conversation, or {@code null}
   * @param metadata {@code result.metadata}, or {@code null}
   */
  public static JsonObject message(String messageId, String contextId, List<? extends Part> parts,
      JsonObject metadata) {
    JsonObject result = new JsonObject();
    result.addProperty("kind", "message");
    result.addProperty("role", A2aMessage.AGENT);
    result.addProperty("messageId", Objects.requireNonNull(messageId, "messageId"));
    if (contextId != null) {
      result.addProperty("contextId", contextId);
    }
    List<Part> ordered = new ArrayList<>();
    ordered.add(new Part.Text(Parts.wholeText(parts)));
    ordered.addAll(Parts.files(parts));
    result.add("parts", Parts.toJson(ordered));
    if (metadata != null) {
      result.add("metadata", metadata);
    }
    return result;
  }

  /**
   * The parts of an answer, where readers look for them: {@code result.parts} (a message), else
   * {@code artifacts[0].parts} (a task's), else {@code status.message.parts} (a task's status);
   * the first of these that has a readable part. None when none has.
   */
  public static List<Part> parts(JsonObject result) {
    JsonArray artifacts = JsonFields.array(result, "artifacts");
    JsonObject firstArtifact = artifacts != null && !artifacts.isEmpty() && artifacts.get(0).isJsonObject()
        ? artifacts.get(0).getAsJsonObject() : null;
    JsonObject statusMessage = JsonFields.object(JsonFields.object(result, "status"), "message");
    for (JsonObject holder : new JsonObject[] {result, firstArtifact, statusMessage}) {
      List<Part> parts = holder == null ? List.of() : Parts.readable(holder.get("parts"));
      if (!parts.isEmpty()) {
        return parts;
      }
    }
    return List.of();
  }

  /** The answer's text as the canvas shows it: every text part of {@link #parts}, joined by blank lines. */
  public static String text(JsonObject result) {
    return Parts.text(parts(result));
  }

  /** The answer's text as a runtime peer reads it: the first part's, when it is a text; else empty. */
  public static String firstText(JsonObject result) {
    JsonArray parts = JsonFields.array(result, "parts");
    if (parts == null || parts.isEmpty()) {
      return "";
    }
    try {
      return Parts.fromJson(parts.get(0)) instanceof Part.Text t ? t.text() : "";
    } catch (Parts.NotAPart unreadable) {
      return "";
    }
  }
}
