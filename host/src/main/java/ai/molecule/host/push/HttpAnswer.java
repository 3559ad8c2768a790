package ai.molecule.host.push;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the server answers one request with: a status, headers and a body (bytes or a file), or
 * nothing at all ({@link #drop()}: the connection is closed unanswered, which the platform takes as
 * "not delivered" and queues the call again).
 */
final class HttpAnswer {

  private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(200, "OK"),
      Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(404, "Not Found"),
      Map.entry(405, "Method Not Allowed"), Map.entry(408, "Request Timeout"), Map.entry(413, "Content Too Large"),
      Map.entry(415, "Unsupported Media Type"), Map.entry(431, "Request Header Fields Too Large"),
      Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"), Map.entry(503, "Service Unavailable"));

  final int status;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final byte[] body;
  private final Path file;
  private boolean close;

  private HttpAnswer(int status, byte[] body, Path file) {
    this.status = status;
    this.body = body;
    this.file = file;
  }

  static HttpAnswer json(int status, JsonObject json) {
    HttpAnswer answer = new HttpAnswer(status, json.toString().getBytes(StandardCharsets.UTF_8), null);
    answer.headers.put("Content-Type", "application/json");
    return answer;
  }

  /** An error in the shape the platform passes on: {@code {"error":"..."}}. */
  static HttpAnswer error(int status, String message) {
    JsonObject json = new JsonObject();
    json.addProperty("error", message);
    return json(status, json);
  }

  static HttpAnswer file(Path file, String mimeType, String name) {
    HttpAnswer answer = new HttpAnswer(200, null, file);
    answer.headers.put("Content-Type", mimeType == null ? "application/octet-stream" : mimeType);
    answer.headers.put("Content-Disposition", "attachment; filename=\"" + name.replaceAll("[\"\\\\\\r\\n]", "_") + "\"");
    return answer;
  }

  /** No answer: the connection is closed. */
  static HttpAnswer drop() {
    return new HttpAnswer(0, null, null);
  }

  boolean isDrop() {
    return status == 0;
  }

  HttpAnswer header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** The connection closes after this answer (its request's body was not read to the end). */
  HttpAnswer closing() {
    close = true;
    return this;
  }

  boolean closes() {
    return close;
  }

  void write(OutputStream out) throws IOException {
    long length = file != null ? Files.size(file) : body.length;
    StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ')
        .append(REASONS.getOrDefault(status, "Status")).append("\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    head.append("Content-Length: ").append(length).append("\r\n");
    head.append("Cache-Control: no-store\r\n");
    if (close) {
      head.append("Connection: close\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (file != null) {
      try (InputStream in = Files.newInputStream(file)) {
        in.transferTo(out);
      }
    } else {
      out.write(body);
    }
    out.flush();
  }
}
