package ai.molecule.sandbox;

import ai.molecule.spi.Part;
import ai.molecule.wire.Parts;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A push workspace's files, through its agent's own routes under its URL, always with the bearer:
 * a canvas upload goes to {@code <url>/internal/chat/uploads/ingest} (multipart field
 * {@code files}) and the message's file parts carry the {@code workspace:} URIs it answers;
 * {@code <url>/internal/file/read?path=} serves a download.
 */
final class PushFiles {

  /** The platform's limit per upload request, and the most a download reads. */
  static final long MAX_BYTES = 100L * 1024 * 1024;

  private final WorkspaceBook workspaces;
  private final PushDispatcher dispatcher;

  PushFiles(WorkspaceBook workspaces, PushDispatcher dispatcher) {
    this.workspaces = workspaces;
    this.dispatcher = dispatcher;
  }

  /**
   * Sends the canvas's files to the agent.
   *
   * @return a file part per file, as the agent named them
   * @throws PushFileException with the agent's error, or 502 when it cannot be reached
   */
  List<Part> ingest(String workspaceId, List<UploadFile> files) {
    WorkspaceRecord target = workspaces.require(workspaceId);
    String boundary = "molecule-" + Tokens.newId();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (UploadFile file : files) {
      String type = file.mimeType() == null ? "application/octet-stream" : file.mimeType();
      String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\""
          + FilesApi.sanitise(file.name()) + "\"\r\nContent-Type: " + type + "\r\n\r\n";
      body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
      body.writeBytes(file.content());
      body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    AgentConnection.Answer answer = call(target, "POST", "/internal/chat/uploads/ingest",
        "multipart/form-data; boundary=" + boundary, body.toByteArray(), PushDispatcher.MAX_ANSWER);
    JsonObject listing = Json.objectOrNull(answer.body());
    JsonElement listed = listing == null ? null : listing.get("files");
    if (listed == null || !listed.isJsonArray()) {
      throw new PushFileException(502, Json.of("error", "the agent's ingest answer lists no files").toString());
    }
    JsonArray parts = new JsonArray();
    for (JsonElement element : listed.getAsJsonArray()) {
      JsonObject part = new JsonObject();
      part.addProperty("kind", "file");
      part.add("file", element.deepCopy());
      parts.add(part);
    }
    return Parts.readable(parts); // a listed file without a uri is none
  }

  /** {@code GET /workspaces/<id>/chat/download?path=}: the agent's answer passed on, headers included. */
  Response read(String workspaceId, String path) {
    WorkspaceRecord target = workspaces.require(workspaceId);
    AgentConnection.Answer answer;
    try {
      answer = call(target, "GET", "/internal/file/read?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8),
          null, new byte[0], MAX_BYTES);
    } catch (PushFileException e) {
      return new Response(e.status(), Response.JSON, e.body().getBytes(StandardCharsets.UTF_8), Map.of(), false, null);
    }
    Response response = new Response(answer.status(), answer.headers().get("content-type"), answer.body(), Map.of(),
        false, null);
    String disposition = answer.headers().get("content-disposition");
    return disposition == null ? response : response.withHeader("Content-Disposition", disposition);
  }

  private AgentConnection.Answer call(WorkspaceRecord target, String method, String pathAndQuery, String contentType,
      byte[] body, long maxAnswer) {
    AgentConnection.Answer answer;
    try {
      answer = dispatcher.internal(URI.create(target.pushUrl), target.inboundSecret, method, pathAndQuery, contentType,
          body, maxAnswer);
    } catch (AgentConnection.Unreachable e) {
      String reason = PushUrlRules.NOT_ROUTABLE.equals(e.getMessage()) ? e.getMessage() : PushDeliveries.UNREACHABLE;
      throw new PushFileException(502, Json.of("error", reason).toString());
    } catch (IOException e) {
      throw new PushFileException(502, Json.of("error", PushDeliveries.UNREACHABLE).toString());
    }
    if (answer.status() / 100 != 2 && method.equals("POST")) {
      throw new PushFileException(answer.status(), new String(answer.body(), StandardCharsets.UTF_8));
    }
    return answer;
  }

}
