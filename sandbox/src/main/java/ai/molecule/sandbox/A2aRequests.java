package ai.molecule.sandbox;

import ai.molecule.spi.Part;
import ai.molecule.wire.A2aMessage;
import ai.molecule.wire.JsonRpc;
import ai.molecule.wire.Parts;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.UUID;

/** The A2A {@code message/send} request of platform-api.md, as the sandbox's senders write it (a fresh request id each). */
final class A2aRequests {

  private A2aRequests() {}

  /**
   * A request carrying one text part.
   *
   * @param role {@code user} for a sender, {@code agent} for a reply
   * @param contextId the conversation, or {@code null} for none
   * @param metadata {@code params.message.metadata}, or {@code null} to leave it out
   */
  static JsonObject textMessage(String role, String messageId, String contextId, String text, JsonObject metadata) {
    return message(role, messageId, contextId, List.of(new Part.Text(text)), metadata);
  }

  /** A request carrying {@code parts}. */
  static JsonObject message(String role, String messageId, String contextId, List<Part> parts, JsonObject metadata) {
    return JsonRpc.messageSend(UUID.randomUUID().toString(),
        A2aMessage.of(role, messageId, contextId, parts).withMetadata(metadata));
  }

  static JsonObject textPart(String text) {
    return Parts.toJson(new Part.Text(text));
  }

  /** A file part pointing at a staged file, as the canvas sends it. */
  static Part.File filePart(StagedFile staged) {
    return new Part.File(staged.name(), staged.mimeType(), staged.uri(), staged.size());
  }

  /** {@code params.message} of a request, or {@code null}. */
  static JsonObject messageOf(JsonObject request) {
    return JsonRpc.messageOf(request);
  }
}
