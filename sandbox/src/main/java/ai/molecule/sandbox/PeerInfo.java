package ai.molecule.sandbox;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.net.URI;

/**
 * What {@code include=peer_info} adds to a row, when known: the sender's {@code peer_name} and
 * {@code peer_role}, its {@code agent_card_url}, and the message's {@code attachments}.
 */
final class PeerInfo {

  private final WorkspaceBook workspaces;
  private final URI platform;

  PeerInfo(WorkspaceBook workspaces, URI platform) {
    this.workspaces = workspaces;
    this.platform = platform;
  }

  JsonObject added(FeedRow row) {
    JsonObject json = row.toJson();
    String source = row.sourceId();
    if (source != null && workspaces.exists(source)) {
      WorkspaceRecord sender = workspaces.require(source);
      json.addProperty("peer_name", sender.name());
      String role = Json.string(sender.agentCard, "role");
      if (role != null) {
        json.addProperty("peer_role", role);
      }
      json.addProperty("agent_card_url", platform.resolve("/registry/discover/" + source).toString());
    }
    JsonArray attachments = attachments(row);
    if (!attachments.isEmpty()) {
      json.add("attachments", attachments);
    }
    return json;
  }

  /** The message's file parts as {@code {kind, uri, name}}: no size, and no type for canvas files. */
  private static JsonArray attachments(FeedRow row) {
    JsonArray attachments = new JsonArray();
    for (Reply.Attachment file : Mailroom.files(A2aRequests.messageOf(row.requestBody()))) {
      JsonObject attachment = new JsonObject();
      attachment.addProperty("kind", "file");
      attachment.addProperty("uri", file.uri());
      attachment.addProperty("name", file.name());
      if (row.sourceId() != null && file.mimeType() != null) {
        attachment.addProperty("mime_type", file.mimeType());
      }
      attachments.add(attachment);
    }
    return attachments;
  }
}
