package ai.molecule.sandbox;

import ai.molecule.spi.Part;
import ai.molecule.wire.Parts;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.annotations.SerializedName;
import java.time.Instant;
import java.util.List;

/**
 * Something an agent sent back: a notify to the canvas, or a message/send to the sandbox's peer
 * workspace.
 *
 * @param seq its place in the sandbox's conversation log (shared with {@link SentMessage#seq()})
 * @param workspaceId the workspace whose agent sent it
 * @param kind a canvas notify or an agent message
 * @param text the text (the notify's {@code message}, or the message's text parts joined)
 * @param attachments files it carried (notify attachments or file parts)
 * @param inReplyTo the {@code metadata.in_reply_to} of an agent message, or {@code null}
 * @param rowId the feed row it became: the notify row in the workspace's own feed, or the
 *     {@code a2a_receive} row in the peer's feed
 * @param receivedAt when the sandbox stored it
 * @param answers the message id of the {@link SentMessage} it answers, or {@code null} when none is
 *     known. Agent messages are matched by {@code in_reply_to} (a message id or row id). The
 *     platform does not correlate notifies, so a notify answers the oldest canvas message sent to
 *     the workspace that has no reply yet.
 * @param tookMillis milliseconds from that message to this reply, or {@code null}
 */
public record Reply(
    long seq,
    String workspaceId,
    Kind kind,
    String text,
    List<Attachment> attachments,
    String inReplyTo,
    String rowId,
    Instant receivedAt,
    String answers,
    Long tookMillis) {

  /** How the reply reached the sandbox. */
  public enum Kind {
    /** {@code POST /workspaces/<id>/notify}: for the humans on the canvas. */
    @SerializedName("canvas")
    CANVAS,
    /** {@code POST /workspaces/<peer>/a2a}: a new message to the peer workspace. */
    @SerializedName("agent")
    AGENT
  }

  /**
   * A file a reply points at. A {@code platform-pending:} one can be read back with
   * {@link SandboxPlatform#download(String)} while the platform still holds it.
   *
   * @param name the file name
   * @param uri where it is
   * @param mimeType its type, or {@code null} when the agent sent none
   * @param size its size in bytes, or {@code null} when the agent sent none
   */
  public record Attachment(String name, String uri, String mimeType, Long size) {

    public Attachment(String name, String uri) {
      this(name, uri, null, null);
    }

    /** From {@code {uri, name, mimeType?, size?}} (a notify attachment, or a file part's {@code file}). */
    static Attachment of(JsonObject file) {
      JsonElement size = file.get("size");
      return new Attachment(Json.string(file, "name"), Json.string(file, "uri"), Json.string(file, "mimeType"),
          size != null && size.isJsonPrimitive() && size.getAsJsonPrimitive().isNumber() ? size.getAsLong() : null);
    }

    /** A file part's file. */
    static Attachment of(Part.File file) {
      return new Attachment(file.name(), file.uri(), file.mimeType(), file.size() < 0 ? null : file.size());
    }

    /** As a file part. */
    Part.File asPart() {
      return new Part.File(name, mimeType, uri, size == null ? -1 : size);
    }

    /** {@code {uri, name, mimeType?, size?}}, as a notify carries it. */
    JsonObject toJson() {
      return Parts.fileJson(asPart());
    }

    /** A file part, {@code {"kind":"file","file":{…}}}, as a notify row's response body lists it. */
    JsonObject toPart() {
      return Parts.toJson(asPart());
    }
  }

  public Reply {
    attachments = List.copyOf(attachments);
  }
}
