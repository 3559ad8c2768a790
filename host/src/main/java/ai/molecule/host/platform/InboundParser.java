package ai.molecule.host.platform;

import ai.molecule.spi.InboundMessage;
import ai.molecule.spi.Part;
import ai.molecule.spi.Sender;
import ai.molecule.wire.A2aMessage;
import ai.molecule.wire.JsonRpc;
import ai.molecule.wire.Marks;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * Turns an activity row into what the engine does with it (platform-api.md, "Not every row is a
 * message for the agent"), tolerant of the variants it lists ({@code type} for {@code kind} on
 * parts, snake-case ids, a body without {@code jsonrpc}) the way the wire library reads every message.
 */
public final class InboundParser {

  private static final Set<String> MESSAGE_METHODS = Set.of(JsonRpc.MESSAGE_SEND, JsonRpc.MESSAGE_STREAM);

  private final String workspaceId;

  public InboundParser(String workspaceId) {
    this.workspaceId = workspaceId;
  }

  public ParsedMessage parse(ActivityRow row) {
    JsonObject body = row.requestBody();
    if ("chat_upload_receive".equals(row.method())) {
      String fileId = Json.firstString(body, "file_id");
      return fileId == null ? ParsedMessage.skip(row, "an upload row without a file id")
          : ParsedMessage.upload(row, fileId);
    }
    String method = row.method() != null ? row.method() : Json.string(body, "method");
    if (method == null || !MESSAGE_METHODS.contains(method)) {
      return ParsedMessage.skip(row, method == null ? "a row with no method" : "a " + method + " row");
    }
    if (workspaceId.equals(row.sourceId())) {
      return ParsedMessage.skip(row, "a row of our own");
    }
    if (row.answered()) {
      return ParsedMessage.skip(row, "a row answered already");
    }
    if (!row.hasBody()) {
      return ParsedMessage.skip(row, "a row with no request");
    }
    if (row.bodyProblem() != null) {
      return ParsedMessage.malformed(row, row.bodyProblem());
    }
    JsonObject params = Json.object(body, "params");
    JsonObject json = JsonRpc.messageOf(body);
    if (json == null) {
      return ParsedMessage.malformed(row, "the request has no params.message");
    }
    A2aMessage message = A2aMessage.fromJson(json);
    JsonObject requestMeta = Json.object(params, "metadata");
    String systemType = systemType(message.metadata(), requestMeta);
    if (message.parts().isEmpty() && systemType == null) {
      return ParsedMessage.malformed(row, "the message has no readable parts");
    }
    Sender sender = sender(row, systemType, requestMeta);
    String inReplyTo = Json.firstString(message.metadata(), Marks.IN_REPLY_TO, "inReplyTo");
    InboundMessage.Builder inbound = InboundMessage.builder(workspaceId,
            message.messageId() != null ? message.messageId() : row.id())
        .sender(sender)
        .contextId(message.contextId())
        .taskId(message.taskId())
        .method(method)
        .rawJson(body.toString())
        .inReplyTo(inReplyTo);
    message.parts().forEach(inbound::part);
    ParsedMessage.Kind kind = systemType == null ? ParsedMessage.Kind.MESSAGE : ParsedMessage.Kind.SYSTEM;
    return new ParsedMessage(row.id(), row.seq(), kind, inbound.build(), inReplyTo, null, row.sourceId(), null, systemType);
  }

  /** The message with these parts instead (the host swaps fetched uploads in this way too). */
  public static InboundMessage withParts(InboundMessage m, List<Part> parts) {
    return new InboundMessage(m.workspaceId(), m.callerId(), m.messageId(), m.contextId(), m.taskId(), m.method(),
        parts, m.rawJson(), m.sender(), m.inReplyTo());
  }

  /** A {@code self-*} marker in the message's metadata or the request's: the platform's own turn. */
  private static String systemType(JsonObject messageMeta, JsonObject requestMeta) {
    for (JsonObject meta : new JsonObject[] {messageMeta, requestMeta}) {
      String type = Json.string(meta, "source_type");
      if (type != null && type.startsWith("self-")) {
        return type;
      }
    }
    return null;
  }

  private static Sender sender(ActivityRow row, String systemType, JsonObject requestMeta) {
    if (systemType != null) {
      return Sender.system(systemType);
    }
    if (row.sourceId() != null) {
      return Sender.peer(row.sourceId(), row.peerName(), row.peerRole());
    }
    // A person on the canvas; their identity only when the platform vouches for it.
    if ("AUTHENTICATED".equals(Json.string(requestMeta, "user_identity_status"))
        && Json.string(requestMeta, "user_id") != null) {
      return Sender.authenticatedHuman(Json.string(requestMeta, "user_id"), Json.string(requestMeta, "username"),
          Json.string(requestMeta, "email"));
    }
    return Sender.human();
  }
}
