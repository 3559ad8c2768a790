package ai.molecule.sandbox;

import ai.molecule.spi.Part;
import ai.molecule.wire.A2aMessage;
import ai.molecule.wire.JsonRpc;
import ai.molecule.wire.Parts;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Where messages become feed rows: the operator's messages (and their staged files) into a
 * workspace's feed, an agent's {@code /a2a} messages into the target's feed (and a bookkeeping row
 * into its own), its notifies and uploads into its own feed, and the platform's system turns.
 * Replies that reach the operator (notifies, messages to the peer) are recorded in the
 * conversations as well.
 */
final class Mailroom {

  private static final int SUMMARY_TEXT = 120;
  /** The canvas user the sandbox's human messages come from, signed in. */
  private static final String USER_ID = "5a9d1c3e-0000-4000-8000-5a9d1c3e0001";
  private static final String USER_EMAIL = "operator@localhost";
  private static final String USER_NAME = "operator";

  private final WorkspaceBook workspaces;
  private final ActivityFeed feed;
  private final Conversations conversations;
  private final UploadStore uploads;
  private final EventHub events;
  private final String peerId;

  Mailroom(WorkspaceBook workspaces, ActivityFeed feed, Conversations conversations, UploadStore uploads,
      EventHub events, String peerId) {
    this.workspaces = workspaces;
    this.feed = feed;
    this.conversations = conversations;
    this.uploads = uploads;
    this.events = events;
    this.peerId = peerId;
  }

  /**
   * A message from a human on the canvas (each file staged first, with its own row) or from the
   * peer workspace, queued for the agent.
   */
  SentMessage send(String workspaceId, Sender sender, String text, List<UploadFile> files) {
    String target = workspaces.require(workspaceId).id();
    if (target.equals(peerId)) {
      throw new IllegalArgumentException("the peer workspace belongs to the sandbox; send to an agent's workspace");
    }
    if (sender == Sender.PEER && !files.isEmpty()) {
      throw new IllegalArgumentException("files come from a human on the canvas; send them with sendAsHuman");
    }
    String messageId = UUID.randomUUID().toString();
    if (sender == Sender.PEER) {
      JsonObject request = A2aRequests.textMessage("user", messageId, peerContext(target), text, new JsonObject());
      FeedRow row = deliver(peerId, target, request).row();
      return conversations.recordSent(messageId, row, sender, text);
    }
    List<Part> fileParts = new ArrayList<>();
    for (UploadFile file : files) {
      fileParts.add(A2aRequests.filePart(stage(target, file.name(), file.mimeType(), file.content())));
    }
    return sendFromCanvas(target, text, fileParts);
  }

  /** A human's canvas message carrying {@code fileParts} (already staged, or ingested by a push agent). */
  SentMessage sendFromCanvas(String target, String text, List<? extends Part> fileParts) {
    String messageId = UUID.randomUUID().toString();
    List<Part> parts = new ArrayList<>();
    parts.add(new Part.Text(text));
    parts.addAll(fileParts);
    JsonObject request = A2aRequests.message("user", messageId, canvasContext(target), parts, null);
    request.getAsJsonObject("params").add("metadata", canvasUser());
    FeedRow row = feed.append(receiveRow(null, target, JsonRpc.MESSAGE_SEND, request));
    return conversations.recordSent(messageId, row, Sender.HUMAN, text);
  }

  /**
   * Stages a file for a poll workspace, with its {@code chat_upload_receive} row: a canvas upload,
   * or the agent's own from {@code /chat/uploads} (both look the same in the feed).
   */
  StagedFile stage(String workspaceId, String name, String mimeType, byte[] content) {
    StagedFile staged = uploads.stage(workspaceId, name, mimeType, content);
    JsonObject record = new JsonObject();
    record.addProperty("file_id", staged.fileId());
    record.addProperty("name", staged.name());
    record.addProperty("mimeType", staged.mimeType());
    record.addProperty("size", staged.size());
    record.addProperty("uri", staged.uri());
    feed.append(FeedRow.draft(workspaceId, "a2a_receive", null, workspaceId, "chat_upload_receive",
        "chat_upload_receive: " + staged.name(), "ok", record, null));
    return staged;
  }

  /**
   * A platform system turn: a {@code message/send} row with no source and a {@code self-*}
   * {@code source_type} in {@code params.message.metadata}.
   */
  FeedRow systemTurn(String workspaceId, String messageId, String sourceType, String kind, String text) {
    if (sourceType == null || !sourceType.startsWith("self-")) {
      throw new IllegalArgumentException("a system turn's source_type starts with self-, not " + sourceType);
    }
    JsonObject metadata = new JsonObject();
    metadata.addProperty("source", "platform");
    metadata.addProperty("kind", kind);
    metadata.addProperty("source_type", sourceType);
    JsonObject request = A2aRequests.textMessage("user", messageId, canvasContext(workspaceId), text, metadata);
    return feed.append(receiveRow(null, workspaceId, JsonRpc.MESSAGE_SEND, request));
  }

  /**
   * {@code POST /workspaces/<target>/a2a} from {@code callerId}, body already normalised: an
   * {@code a2a_receive} row in the target's feed and an {@code a2a_send} row in the caller's. A
   * message id already delivered to the target updates that row and adds none (the platform's
   * one row per messageId).
   */
  ActivityFeed.Stored deliver(String callerId, String targetId, JsonObject request) {
    String method = Json.string(request, "method") != null ? Json.string(request, "method") : JsonRpc.MESSAGE_SEND;
    JsonObject message = A2aRequests.messageOf(request);
    String messageId = Json.string(message, "messageId");
    ActivityFeed.Stored stored = feed.appendOnce(receiveRow(callerId, targetId, method, request), messageId);
    if (!stored.added()) {
      return stored;
    }
    feed.append(FeedRow.draft(callerId, "a2a_send", callerId, targetId, method,
        method + " → " + nameOf(targetId), "ok", null, null));
    if (targetId.equals(peerId) && !callerId.equals(peerId)) {
      JsonObject metadata = Json.object(message, "metadata");
      String inReplyTo = Json.string(metadata, "in_reply_to");
      conversations.recordAgentReply(callerId, text(message), files(message), inReplyTo, stored.row());
    }
    return stored;
  }

  /**
   * {@code POST /workspaces/<id>/notify}: a notify row in the workspace's own feed (its response
   * body {@code {result, parts}}), an {@code AGENT_MESSAGE} event, and a canvas reply.
   */
  Reply notifyCanvas(String workspaceId, String message, List<Reply.Attachment> attachments) {
    JsonObject response = new JsonObject();
    response.addProperty("result", message);
    JsonArray parts = new JsonArray();
    attachments.forEach(a -> parts.add(a.toPart()));
    response.add("parts", parts);
    FeedRow row = feed.append(FeedRow.draft(workspaceId, "a2a_receive", null, workspaceId, FeedRow.NOTIFY,
        "notify: " + shorten(message), "ok", null, response));
    events.agentMessage(workspaceId, message, attachments);
    return conversations.recordCanvasReply(workspaceId, message, attachments, row);
  }

  private FeedRow receiveRow(String sourceId, String targetId, String method, JsonObject request) {
    return FeedRow.draft(targetId, "a2a_receive", sourceId, targetId, method,
        method + " → " + nameOf(targetId) + " (queued for poll)", "ok", request, null);
  }

  private String nameOf(String workspaceId) {
    return workspaces.exists(workspaceId) ? workspaces.require(workspaceId).name() : workspaceId;
  }

  /** What the canvas sends for a signed-in user: its marker and the user's identity. */
  private static JsonObject canvasUser() {
    JsonObject metadata = new JsonObject();
    metadata.addProperty("source", "canvas_user");
    metadata.addProperty("user_identity_status", "AUTHENTICATED");
    metadata.addProperty("user_id", USER_ID);
    metadata.addProperty("email", USER_EMAIL);
    metadata.addProperty("username", USER_NAME);
    return metadata;
  }

  /** The canvas's stable conversation with a workspace (the platform fills the same when it is missing). */
  static String canvasContext(String workspaceId) {
    return "canvas-" + workspaceId;
  }

  /** The peer's one conversation with a workspace, stable across restarts. */
  private static String peerContext(String workspaceId) {
    return UUID.nameUUIDFromBytes((workspaceId + "/" + Sender.PEER).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** The message's text parts, one paragraph each. */
  static String text(JsonObject message) {
    return Parts.text(parts(message));
  }

  static List<Reply.Attachment> files(JsonObject message) {
    return attachments(parts(message));
  }

  /** The file parts as the attachments of a reply. */
  static List<Reply.Attachment> attachments(List<Part> parts) {
    return Parts.files(parts).stream().map(Reply.Attachment::of).toList();
  }

  /** The parts of a message, read as every molecule reader reads them. */
  private static List<Part> parts(JsonObject message) {
    return message == null ? List.of() : A2aMessage.fromJson(message).parts();
  }

  private static String shorten(String text) {
    String line = text.strip().replaceAll("\\s+", " ");
    return line.length() <= SUMMARY_TEXT ? line : line.substring(0, SUMMARY_TEXT) + "…";
  }
}
