package ai.molecule.wire;

import ai.molecule.spi.Part;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * An A2A message, {@code params.message} of a {@code message/send}: {@code role}, {@code messageId},
 * {@code contextId}, {@code taskId}, {@code referenceTaskIds}, {@code parts}, {@code metadata}.
 *
 * @param role {@code user} for a question, {@code agent} for an answer (A2A has no {@code assistant})
 * @param messageId the message's id; the platform keeps one row per (target, messageId)
 * @param contextId the conversation, or {@code null}
 * @param taskId the task, or {@code null}
 * @param referenceTaskIds the tasks it refers to; empty for none
 * @param parts its parts, in order
 * @param metadata {@code metadata}, or {@code null} for none
 */
public record A2aMessage(String role, String messageId, String contextId, String taskId,
    List<String> referenceTaskIds, List<Part> parts, JsonObject metadata) {

  /** The role of a question (and of the platform's own turns). */
  public static final String USER = "user";
  /** The role of an answer. */
  public static final String AGENT = "agent";

  public A2aMessage {
    referenceTaskIds = referenceTaskIds == null ? List.of() : List.copyOf(referenceTaskIds);
    parts = List.copyOf(parts);
  }

  /** A message with no task and no metadata. */
  public static A2aMessage of(String role, String messageId, String contextId, List<Part> parts) {
    return new A2aMessage(role, messageId, contextId, null, List.of(), parts, null);
  }

  /** This message with {@code metadata} instead. */
  public A2aMessage withMetadata(JsonObject value) {
    return new A2aMessage(role, messageId, contextId, taskId, referenceTaskIds, parts, value);
  }

  /** In its A2A shape; absent ids and metadata are left out, never sent as {@code null}. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    json.addProperty("role", Objects.requireNonNull(role, "role"));
    json.addProperty("messageId", Objects.requireNonNull(messageId, "messageId"));
    if (contextId != null) {
      json.addProperty("contextId", contextId);
    }
    if (taskId != null) {
      json.addProperty("taskId", taskId);
    }
    if (!referenceTaskIds.isEmpty()) {
      JsonArray references = new JsonArray();
      referenceTaskIds.forEach(references::add);
      json.add("referenceTaskIds", references);
    }
    json.add("parts", Parts.toJson(parts));
    if (metadata != null) {
      json.add("metadata", metadata);
    }
    return json;
  }

  /**
   * The message {@code json} holds, read tolerantly: snake-case {@code message_id}, {@code
   * context_id}, {@code task_id}; v0.2 {@code content} for {@code parts}; the parts {@linkplain
   * Parts#readable readable} (none when they are missing). Ids not given are {@code null}.
   */
  public static A2aMessage fromJson(JsonObject json) {
    JsonElement parts = json.has("parts") ? json.get("parts") : json.get("content");
    List<String> references = new java.util.ArrayList<>();
    JsonArray referenceArray = JsonFields.array(json, "referenceTaskIds");
    if (referenceArray != null) {
      referenceArray.forEach(e -> {
        if (e.isJsonPrimitive()) {
          references.add(e.getAsString());
        }
      });
    }
    return new A2aMessage(JsonFields.string(json, "role"), JsonFields.firstString(json, "messageId", "message_id"),
        JsonFields.firstString(json, "contextId", "context_id"), JsonFields.firstString(json, "taskId", "task_id"),
        references, Parts.readable(parts), JsonFields.object(json, "metadata"));
  }

  /** A string of {@code metadata}; {@code null} when there is none. */
  public String metadataString(String name) {
    return JsonFields.string(metadata, name);
  }
}
