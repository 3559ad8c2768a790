package ai.molecule.sandbox;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.net.URLConnection;
import java.util.List;

/**
 * Staged files: {@code GET/POST /workspaces/<id>/pending-uploads/<file id>/content|ack} and the
 * agent's own {@code POST /workspaces/<id>/chat/uploads}, staged exactly like a user's.
 */
final class FilesApi {

  /** The most files one upload request may carry. */
  static final int MAX_FILES = 64;
  static final int MAX_NAME = 100;

  private final Callers callers;
  private final UploadStore uploads;
  private final Mailroom mailroom;

  FilesApi(Callers callers, UploadStore uploads, Mailroom mailroom) {
    this.callers = callers;
    this.uploads = uploads;
    this.mailroom = mailroom;
  }

  void addRoutes(Router router) {
    router.add("GET", "/workspaces/{id}/pending-uploads/{fileId}/content", this::content)
        .add("POST", "/workspaces/{id}/pending-uploads/{fileId}/ack", this::ack)
        .add("POST", "/workspaces/{id}/chat/uploads", this::upload);
  }

  /** {@code [^A-Za-z0-9._-]} becomes {@code _}, at most 100 characters, as the platform names files. */
  static String sanitise(String name) {
    String clean = (name == null || name.isBlank() ? "file" : name).replaceAll("[^A-Za-z0-9._-]", "_");
    return clean.length() <= MAX_NAME ? clean : clean.substring(0, MAX_NAME);
  }

  private Response content(Request request) {
    String id = callers.owner(request);
    String fileId = fileId(request);
    StagedFile file = uploads.file(id, fileId).orElseThrow(FilesApi::gone);
    byte[] bytes = uploads.content(id, fileId).orElseThrow(FilesApi::gone);
    return Response.bytes(file.mimeType(), bytes)
        .withHeader("Content-Disposition", "attachment; filename=\"" + file.name() + "\"");
  }

  private Response ack(Request request) {
    String id = callers.owner(request);
    uploads.ack(id, fileId(request)).orElseThrow(FilesApi::gone);
    JsonObject answer = new JsonObject();
    answer.addProperty("acked", true);
    return Response.ok(answer);
  }

  private Response upload(Request request) {
    String id = callers.owner(request);
    List<Multipart.Part> files = Multipart.parse(request.header("Content-Type"), request.body()).stream()
        .filter(part -> "files".equals(part.field()))
        .toList();
    if (files.isEmpty()) {
      throw HttpError.badRequest("no files: send them in the multipart field \"files\"");
    }
    if (files.size() > MAX_FILES) {
      throw HttpError.badRequest("at most " + MAX_FILES + " files per upload");
    }
    JsonArray staged = new JsonArray();
    for (Multipart.Part part : files) {
      String name = sanitise(part.fileName());
      String type = part.contentType() != null ? part.contentType() : URLConnection.guessContentTypeFromName(name);
      StagedFile file = mailroom.stage(id, name, type == null ? "application/octet-stream" : type, part.content());
      JsonObject json = new JsonObject();
      json.addProperty("uri", file.uri());
      json.addProperty("name", file.name());
      json.addProperty("mimeType", file.mimeType());
      json.addProperty("size", file.size());
      staged.add(json);
    }
    JsonObject answer = new JsonObject();
    answer.add("files", staged);
    return Response.ok(answer);
  }

  private static String fileId(Request request) {
    String fileId = request.param("fileId");
    if (!Tokens.isUuid(fileId)) {
      throw HttpError.badRequest("the file id is not a UUID");
    }
    return fileId;
  }

  private static HttpError gone() {
    return HttpError.notFound("no such staged file (unknown, expired, or another workspace's)");
  }
}
