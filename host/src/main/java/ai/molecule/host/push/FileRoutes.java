package ai.molecule.host.push;

import ai.molecule.host.engine.FileStore;
import ai.molecule.spi.Part;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * The file routes under the push URL (platform-api.md, "Push mode", Files), on the backend's data
 * directory ({@link FileStore}) and never outside it: the canvas' uploads stream into it, and a
 * {@code /workspace/...} path is read from it. Anything else is 404.
 */
final class FileRoutes {

  static final String INGEST = "/internal/chat/uploads/ingest";
  static final String READ = "/internal/file/read";
  private static final int MAX_FILES = 64;

  private final FileStore files;
  private final PushSettings settings;
  private final long maxUploadBytes;

  FileRoutes(FileStore files, PushSettings settings, long maxUploadBytes) {
    this.files = files;
    this.settings = settings;
    this.maxUploadBytes = maxUploadBytes;
  }

  /** {@code GET .../internal/file/read?path=<absolute path>}: the bytes, or 404. */
  HttpAnswer read(Call call) {
    if (!call.head().method().equals("GET")) {
      Logger.warn("refused a call from {}: {} on {} (only GET)", call.remote(), call.head().method(), READ);
      return HttpAnswer.error(405, "only GET is served here").header("Allow", "GET").closing();
    }
    String path = call.head().parameter("path");
    Optional<Path> file = files.workspaceFile(path);
    if (file.isEmpty()) {
      Logger.warn("refused a call from {}: a read of {}, which is no file of the backend's data directory",
          call.remote(), path);
      return HttpAnswer.error(404, "no such file");
    }
    String mime;
    try {
      mime = Files.probeContentType(file.get());
    } catch (IOException e) {
      mime = null;
    }
    return HttpAnswer.file(file.get(), mime, file.get().getFileName().toString());
  }

  /** {@code POST .../internal/chat/uploads/ingest}: multipart field {@code files}, streamed into the store. */
  HttpAnswer ingest(Call call) throws IOException {
    if (!call.head().method().equals("POST")) {
      Logger.warn("refused a call from {}: {} on {} (only POST)", call.remote(), call.head().method(), INGEST);
      return HttpAnswer.error(405, "only POST is served here").header("Allow", "POST").closing();
    }
    Optional<String> boundary = Multipart.boundary(call.head().header("content-type"));
    if (boundary.isEmpty()) {
      Logger.warn("refused a call from {}: an upload that is not multipart/form-data", call.remote());
      return HttpAnswer.error(415, "the upload must be multipart/form-data").closing();
    }
    JsonArray stored = new JsonArray();
    InputStream body = call.body(maxUploadBytes * MAX_FILES, settings.uploadTimeout());
    Multipart parts = new Multipart(body, boundary.get());
    for (Optional<Multipart.Part> next = parts.next(); next.isPresent(); next = parts.next()) {
      Multipart.Part part = next.get();
      if (!"files".equals(part.name()) || part.fileName() == null) {
        continue; // another field: skipped
      }
      if (stored.size() == MAX_FILES) {
        Logger.warn("refused a call from {}: an upload of more than {} files", call.remote(), MAX_FILES);
        return HttpAnswer.error(400, "at most " + MAX_FILES + " files per upload").closing();
      }
      Part.File file;
      try {
        file = files.ingest(part.fileName(), part.contentType(), part.content());
      } catch (FileStore.TooLarge e) {
        Logger.warn("refused a call from {}: an upload of {}: {}", call.remote(), part.fileName(), e.getMessage());
        return HttpAnswer.error(413, e.getMessage()).closing();
      }
      JsonObject json = new JsonObject();
      json.addProperty("uri", file.uri());
      json.addProperty("name", file.name());
      if (file.mimeType() != null) {
        json.addProperty("mimeType", file.mimeType());
      }
      json.addProperty("size", file.size());
      stored.add(json);
      Logger.info("stored the upload {} ({} bytes) as {}", file.name(), file.size(), file.uri());
    }
    body.transferTo(java.io.OutputStream.nullOutputStream()); // the epilogue, so the connection can go on
    JsonObject answer = new JsonObject();
    answer.add("files", stored);
    return HttpAnswer.json(200, answer);
  }
}
