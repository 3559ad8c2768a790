package ai.molecule.host.platform;

import ai.molecule.spi.InboundMessage;
import ai.molecule.spi.Part;
import ai.molecule.spi.Reply;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Builds the bodies that carry a reply back: a new A2A {@code message/send} for an agent sender,
 * a notify for a human on the canvas. Keeps each under the oldest platforms' 1 MiB body limit by
 * cutting the text and saying so at its end.
 */
public final class ReplyFormat {

  /** The largest body sent: the oldest platforms refuse more than 1 MiB. */
  static final int MAX_BODY_BYTES = 1024 * 1024 - 1024;

  /** The text a reply starts with before it is measured as JSON, where escapes make it longer. */
  static final int MAX_TEXT_BYTES = 1024 * 1024 - 16 * 1024;

  private ReplyFormat() {}

  /** What a reply is, for its id: an answer and a later error reply to one message never share one. */
  public enum Kind { ANSWER, ERROR }

  /** The marker an error reply carries in its metadata ({@code molecule_error}: the reason). */
  public static final String ERROR_MARKER = "molecule_error";

  /** How an error reply's text begins: the marker a reader without metadata (the canvas) has. */
  public static final String ERROR_PREFIX = "error: ";

  /** Whether a reply's text is one of our error replies. */
  public static boolean isErrorText(String text) {
    return text != null && text.startsWith(ERROR_PREFIX);
  }

  /**
   * The id of our reply of this kind to message {@code inReplyTo}: derived, so it is the same on
   * every retry and after a restart, and the platform collapses a resend into the first.
   */
  public static String replyId(String inReplyTo, Kind kind) {
    return UUID.nameUUIDFromBytes(("molecule-reply:" + kind + ":" + inReplyTo).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /** The A2A request that answers {@code inbound} with {@code reply}. */
  public static JsonObject toAgent(InboundMessage inbound, Reply reply, Kind kind) {
    return toAgent(inbound.messageId(), inbound.contextId(), inbound.taskId(), reply, kind);
  }

  /**
   * The A2A request that answers message {@code inReplyTo}, in its conversation and task when known.
   * The {@code in_reply_to} mark also tells a bridge on the other side not to answer it again.
   */
  public static JsonObject toAgent(String inReplyTo, String contextId, String taskId, Reply reply, Kind kind) {
    return underTheLimit(budget -> toAgent(inReplyTo, contextId, taskId, reply, kind, budget));
  }

  private static JsonObject toAgent(String inReplyTo, String contextId, String taskId, Reply reply, Kind kind,
      int budget) {
    String id = replyId(inReplyTo, kind);
    JsonObject message = new JsonObject();
    message.addProperty("role", "agent");
    message.addProperty("messageId", id);
    if (contextId != null) {
      message.addProperty("contextId", contextId);
    }
    if (taskId != null) {
      message.addProperty("taskId", taskId);
      JsonArray references = new JsonArray();
      references.add(taskId);
      message.add("referenceTaskIds", references);
    }
    message.add("parts", parts(reply, budget));
    JsonObject metadata = new JsonObject();
    metadata.addProperty("in_reply_to", inReplyTo);
    if (kind == Kind.ERROR) {
      metadata.addProperty(ERROR_MARKER, reply.metadata().getOrDefault(ERROR_MARKER, "error"));
    }
    message.add("metadata", metadata);

    return messageSend(message, id);
  }

  /** The JSON-RPC {@code message/send} request that carries {@code message}, with a fresh request id. */
  public static JsonObject messageSend(JsonObject message) {
    return messageSend(message, UUID.randomUUID().toString());
  }

  /** The JSON-RPC {@code message/send} request that carries {@code message}; {@code id} stays the same on every retry. */
  public static JsonObject messageSend(JsonObject message, String id) {
    JsonObject params = new JsonObject();
    params.add("message", message);
    JsonObject request = new JsonObject();
    request.addProperty("jsonrpc", "2.0");
    request.addProperty("id", id);
    request.addProperty("method", "message/send");
    request.add("params", params);
    return request;
  }

  /** The notify body that shows {@code reply} on the canvas: its text, files as attachments. */
  public static JsonObject toCanvas(Reply reply) {
    return underTheLimit(budget -> toCanvas(reply, budget));
  }

  /** The attachment for a file part, as notify takes it ({@code uri}, {@code name}, ...). */
  public static JsonObject attachment(Part.File file) {
    return file(file);
  }

  private static JsonObject toCanvas(Reply reply, int budget) {
    StringBuilder text = new StringBuilder();
    JsonArray attachments = new JsonArray();
    for (Part part : reply.parts()) {
      if (part instanceof Part.Text t) {
        appendParagraph(text, t.text());
      } else if (part instanceof Part.Data d) {
        appendParagraph(text, "```json\n" + d.json() + "\n```");
      } else if (part instanceof Part.File f) {
        attachments.add(file(f));
      }
    }
    JsonObject body = new JsonObject();
    String message = cut(text.toString(), budget);
    if (message.isBlank()) {
      // The platform refuses an empty message (400): say what there is instead.
      message = attachments.isEmpty() ? "(the agent had nothing to say)"
          : attachments.size() == 1 ? "(a file)" : "(" + attachments.size() + " files)";
    }
    body.addProperty("message", message);
    if (!attachments.isEmpty()) {
      body.add("attachments", attachments);
    }
    return body;
  }

  /**
   * Builds a body with less and less text until its JSON fits: escapes (a newline is two bytes, a
   * control character six) can make a text that fits as text too large as JSON.
   */
  private static JsonObject underTheLimit(java.util.function.IntFunction<JsonObject> build) {
    int budget = MAX_TEXT_BYTES;
    while (true) {
      JsonObject body = build.apply(budget);
      int size = body.toString().getBytes(StandardCharsets.UTF_8).length;
      if (size <= MAX_BODY_BYTES || budget == 0) {
        return body; // budget 0: what is left (data, files) cannot be cut
      }
      // Escapes grow the text by about size/budget: shrink it by that ratio, with a margin.
      budget = (int) Math.max(0, (long) budget * MAX_BODY_BYTES / size - 1024);
    }
  }

  private static JsonArray parts(Reply reply, int textBudget) {
    JsonArray parts = new JsonArray();
    int budget = textBudget;
    for (Part part : reply.parts()) {
      JsonObject json = new JsonObject();
      if (part instanceof Part.Text t) {
        String text = budget > 0 ? cut(t.text(), budget) : "";
        budget -= text.getBytes(StandardCharsets.UTF_8).length;
        json.addProperty("kind", "text");
        json.addProperty("text", text);
      } else if (part instanceof Part.File f) {
        json.addProperty("kind", "file");
        json.add("file", file(f));
      } else if (part instanceof Part.Data d) {
        json.addProperty("kind", "data");
        json.add("data", dataJson(d.json()));
      }
      parts.add(json);
    }
    return parts;
  }

  private static JsonObject file(Part.File f) {
    JsonObject file = new JsonObject();
    file.addProperty("uri", f.uri());
    // The platform needs a name on every attachment: the last segment of the URI stands in.
    file.addProperty("name", f.name().isEmpty() ? nameFrom(f.uri()) : f.name());
    if (f.mimeType() != null) {
      file.addProperty("mimeType", f.mimeType());
    }
    if (f.size() >= 0) {
      file.addProperty("size", f.size());
    }
    return file;
  }

  private static String nameFrom(String uri) {
    String path = uri.replaceAll("[?#].*$", "").replaceAll("/+$", "");
    String last = path.substring(path.lastIndexOf('/') + 1);
    return last.isEmpty() ? "attachment" : last;
  }

  private static JsonElement dataJson(String json) {
    try {
      return JsonParser.parseString(json);
    } catch (RuntimeException notJson) {
      JsonObject wrapped = new JsonObject();
      wrapped.addProperty("text", json);
      return wrapped;
    }
  }

  private static void appendParagraph(StringBuilder text, String paragraph) {
    if (text.length() > 0) {
      text.append("\n\n");
    }
    text.append(paragraph);
  }

  static String cut(String text) {
    return cut(text, MAX_TEXT_BYTES);
  }

  /** The text, cut to at most {@code maxBytes} of UTF-8 with a note saying how much was left out. */
  static String cut(String text, int maxBytes) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= maxBytes) {
      return text;
    }
    String note = "\n\n[reply cut by molecule: it was " + bytes.length + " bytes, the limit is " + maxBytes + "]";
    int keep = Math.max(0, maxBytes - note.getBytes(StandardCharsets.UTF_8).length);
    // Step back to a character boundary: never split a UTF-8 sequence.
    while (keep > 0 && (bytes[keep] & 0xC0) == 0x80) {
      keep--;
    }
    return new String(bytes, 0, keep, StandardCharsets.UTF_8) + note;
  }
}
