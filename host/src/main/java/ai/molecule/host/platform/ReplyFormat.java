package ai.molecule.host.platform;

import ai.molecule.spi.InboundMessage;
import ai.molecule.spi.Part;
import ai.molecule.spi.Reply;
import ai.molecule.wire.A2aMessage;
import ai.molecule.wire.JsonRpc;
import ai.molecule.wire.Marks;
import ai.molecule.wire.Parts;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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

  /** The marker an error reply carries in its metadata ({@code molecule_error}: the reason); see {@link Marks}. */
  public static final String ERROR_MARKER = Marks.ERROR;

  /** How an error reply's text begins; see {@link Marks}. */
  public static final String ERROR_PREFIX = Marks.ERROR_PREFIX;

  /** Whether a reply's text is one of our error replies. */
  public static boolean isErrorText(String text) {
    return Marks.isErrorText(text);
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
    JsonObject metadata = new JsonObject();
    metadata.addProperty(Marks.IN_REPLY_TO, inReplyTo);
    if (kind == Kind.ERROR) {
      metadata.addProperty(Marks.ERROR, reply.metadata().getOrDefault(Marks.ERROR, "error"));
    }
    A2aMessage message = new A2aMessage(A2aMessage.AGENT, id, contextId, taskId,
        taskId == null ? List.of() : List.of(taskId), parts(reply, budget), metadata);
    return JsonRpc.messageSend(id, message);
  }

  /** The notify body that shows {@code reply} on the canvas: its text, files as attachments. */
  public static JsonObject toCanvas(Reply reply) {
    return underTheLimit(budget -> toCanvas(reply, budget));
  }

  /** The attachment for a file part, as notify takes it ({@code uri}, {@code name}, ...). */
  public static JsonObject attachment(Part.File file) {
    return Parts.fileJson(file);
  }

  private static JsonObject toCanvas(Reply reply, int budget) {
    JsonArray attachments = new JsonArray();
    Parts.files(reply.parts()).forEach(f -> attachments.add(Parts.fileJson(f)));
    JsonObject body = new JsonObject();
    String message = cut(Parts.wholeText(reply.parts()), budget);
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

  /** The most text a push answer carries: the platform reads at most 64 MiB of it. */
  static final int MAX_PUSH_TEXT_BYTES = 32 * 1024 * 1024;

  /**
   * The parts of a push answer ({@link ai.molecule.wire.Answers#message} writes them): the whole text,
   * cut to what the platform reads, then the files.
   */
  public static List<Part> pushParts(Reply reply) {
    List<Part> parts = new ArrayList<>();
    parts.add(new Part.Text(cut(Parts.wholeText(reply.parts()), MAX_PUSH_TEXT_BYTES)));
    parts.addAll(Parts.files(reply.parts()));
    return parts;
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

  /** The reply's parts, its texts cut to share {@code textBudget} bytes between them. */
  private static List<Part> parts(Reply reply, int textBudget) {
    List<Part> parts = new ArrayList<>();
    int budget = textBudget;
    for (Part part : reply.parts()) {
      if (part instanceof Part.Text t) {
        String text = budget > 0 ? cut(t.text(), budget) : "";
        budget -= text.getBytes(StandardCharsets.UTF_8).length;
        parts.add(new Part.Text(text));
      } else {
        parts.add(part);
      }
    }
    return parts;
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
