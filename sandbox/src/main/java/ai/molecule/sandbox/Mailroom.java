package ai.molecule.sandbox;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where messages become feed rows: the operator's messages into a workspace's feed, an agent's
 * {@code /a2a} messages into the target's feed (and a bookkeeping row into its own), its notifies
 * into its own feed. Replies that reach the operator (notifies, messages to the peer) are recorded
 * in the conversations as well.
 */
final class Mailroom {

  private static final int SUMMARY_TEXT = 120;

  private final WorkspaceBook workspaces;
  private final ActivityFeed feed;
  private final Conversations conversations;
  private final String peerId;

  Mailroom(WorkspaceBook workspaces, ActivityFeed feed, Conversations conversations, String peerId) {
    this.workspaces = workspaces;
    this.feed = feed;
    this.conversations = conversations;
    this.peerId = peerId;
  }

  /** A message from a human on the canvas or from the peer workspace, queued for the agent. */
  SentMessage send(String workspaceId, Sender sender, String text) {
    String target = workspaces.require(workspaceId).id();
    if (target.equals(peerId)) {
      throw new IllegalArgumentException("the peer workspace belongs to the sandbox; send to an agent's workspace");
    }
    String messageId = UUID.randomUUID().toString();
    JsonObject request = userMessage(messageId, contextFor(target, sender), text, sender == Sender.HUMAN);
    FeedRow row = sender == Sender.HUMAN
        ? feed.append(receiveRow(null, target, "message/send", request))
        : deliver(peerId, target, request).orElseThrow();
    return conversations.recordSent(messageId, row, sender, text);
  }

  /**
   * {@code POST /workspaces/<target>/a2a} from {@code callerId}: an {@code a2a_receive} row in the
   * target's feed and an {@code a2a_send} row in the caller's. A message id already delivered to
   * the target is not stored again (the platform's dedupe): empty then.
   */
  Optional<FeedRow> deliver(String callerId, String targetId, JsonObject request) {
    String method = Json.string(request, "method") != null ? Json.string(request, "method") : "message/send";
    JsonObject message = Json.object(Json.object(request, "params"), "message");
    String messageId = Json.string(message, "messageId");
    Optional<FeedRow> stored = feed.appendOnce(receiveRow(callerId, targetId, method, request), messageId);
    if (stored.isEmpty()) {
      return stored;
    }
    feed.append(FeedRow.draft(callerId, "a2a_send", callerId, targetId, method,
        method + " → " + nameOf(targetId), "ok", null, null));
    if (targetId.equals(peerId) && !callerId.equals(peerId)) {
      JsonObject metadata = Json.object(message, "metadata");
      String inReplyTo = Json.string(metadata, "in_reply_to");
      conversations.recordAgentReply(callerId, text(message), files(message), inReplyTo, stored.get());
    }
    return stored;
  }

  /** {@code POST /workspaces/<id>/notify}: a notify row in the workspace's own feed, and a canvas reply. */
  void notifyCanvas(String workspaceId, String message, List<Reply.Attachment> attachments) {
    FeedRow row = feed.append(FeedRow.draft(workspaceId, "a2a_receive", null, workspaceId, "notify",
        "notify: " + shorten(message), "ok", null, null));
    conversations.recordCanvasReply(workspaceId, message, attachments, row);
  }

  private FeedRow receiveRow(String sourceId, String targetId, String method, JsonObject request) {
    return FeedRow.draft(targetId, "a2a_receive", sourceId, targetId, method,
        method + " → " + nameOf(targetId) + " (queued for poll)", "ok", request, null);
  }

  private String nameOf(String workspaceId) {
    return workspaces.exists(workspaceId) ? workspaces.require(workspaceId).name() : workspaceId;
  }

  /** The A2A request the canvas (or the peer) sends; the canvas adds recent turns as history. */
  private static JsonObject userMessage(String messageId, String contextId, String text, boolean fromCanvas) {
    JsonObject request = A2aRequests.textMessage("user", messageId, contextId, text, new JsonObject());
    if (fromCanvas) {
      JsonObject metadata = new JsonObject();
      metadata.add("history", new JsonArray());
      request.getAsJsonObject("params").add("metadata", metadata);
    }
    return request;
  }

  /** One conversation per workspace and sender, stable across restarts. */
  private static String contextFor(String workspaceId, Sender sender) {
    return UUID.nameUUIDFromBytes((workspaceId + "/" + sender).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** The message's text parts ({@code kind} or {@code type} "text"), one paragraph each. */
  private static String text(JsonObject message) {
    List<String> texts = new ArrayList<>();
    for (JsonObject part : parts(message)) {
      String kind = Json.string(part, "kind") != null ? Json.string(part, "kind") : Json.string(part, "type");
      String text = Json.string(part, "text");
      if (text != null && (kind == null || kind.equals("text"))) {
        texts.add(text);
      }
    }
    return String.join("\n\n", texts);
  }

  private static List<Reply.Attachment> files(JsonObject message) {
    List<Reply.Attachment> files = new ArrayList<>();
    for (JsonObject part : parts(message)) {
      JsonObject file = Json.object(part, "file");
      if (file != null && Json.string(file, "uri") != null) {
        files.add(new Reply.Attachment(Json.string(file, "name"), Json.string(file, "uri")));
      }
    }
    return files;
  }

  private static List<JsonObject> parts(JsonObject message) {
    List<JsonObject> parts = new ArrayList<>();
    JsonElement array = message == null ? null : message.get("parts");
    if (array != null && array.isJsonArray()) {
      for (JsonElement part : array.getAsJsonArray()) {
        if (part.isJsonObject()) {
          parts.add(part.getAsJsonObject());
        }
      }
    }
    return parts;
  }

  private static String shorten(String text) {
    String line = text.strip().replaceAll("\\s+", " ");
    return line.length() <= SUMMARY_TEXT ? line : line.substring(0, SUMMARY_TEXT) + "…";
  }
}
