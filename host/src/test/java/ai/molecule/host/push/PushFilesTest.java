package ai.molecule.host.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.spi.Part;
import ai.molecule.spi.Reply;
import com.google.gson.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file routes of push mode: confined to the backend's data directory, whatever the path says. */
class PushFilesTest {

  @TempDir Path stateDir;
  @TempDir Path dataDir;
  @TempDir Path outside;

  @Test
  void fileReadServesTheDataDirectoryAndNothingOutsideIt() throws Exception {
    Files.writeString(dataDir.resolve("notes.txt"), "inside");
    Files.writeString(outside.resolve("secret.txt"), "outside");
    Files.createSymbolicLink(dataDir.resolve("link.txt"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(dataDir.resolve("linked-dir"), outside);
    try (PushRun run = new PushRun(message -> Reply.text("x"), stateDir, dataDir, PushRun.settings())) {
      HttpResponse<String> inside = read(run, "/workspace/notes.txt");
      assertEquals(200, inside.statusCode());
      assertEquals("inside", inside.body());
      assertEquals("attachment; filename=\"notes.txt\"", inside.headers().firstValue("Content-Disposition").orElse(""));
      assertEquals("6", inside.headers().firstValue("Content-Length").orElse(""));
      for (String path : List.of("/workspace/../" + outside.getFileName() + "/secret.txt",
          "/workspace/link.txt", "/workspace/linked-dir/secret.txt", outside.resolve("secret.txt").toString(),
          "/etc/passwd", "/workspace/", "/workspace/missing.txt", "/configs/notes.txt", "notes.txt")) {
        HttpResponse<String> refused = read(run, path);
        assertEquals(404, refused.statusCode(), path);
        assertTrue(!refused.body().contains("outside"), path);
      }
      HttpResponse<String> noBearer = run.http.send(HttpRequest.newBuilder(run.url("/internal/file/read?path="
          + URLEncoder.encode("/workspace/notes.txt", StandardCharsets.UTF_8))).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(401, noBearer.statusCode());
    }
  }

  @Test
  void anUploadIsStoredAndReadBackAndAMessageSeesItAsALocalFile() throws Exception {
    Path[] seen = new Path[1];
    try (PushRun run = new PushRun(message -> {
      Part.File file = (Part.File) message.parts().stream().filter(Part.File.class::isInstance).findFirst()
          .orElseThrow();
      seen[0] = file.localPath().orElseThrow();
      Path answer = dataDir.resolve("answer.txt");
      try {
        Files.writeString(answer, "made by the backend");
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
      return new Reply(List.of(Part.text("see the file"), new Part.File("answer.txt", "text/plain",
          answer.toUri().toString(), -1)), Map.of());
    }, stateDir, dataDir, PushRun.settings())) {
      String boundary = "----molecule-test-boundary";
      String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a b.txt\"\r\n"
          + "Content-Type: text/plain\r\n\r\nhello\r\n--" + boundary + "\r\n"
          + "Content-Disposition: form-data; name=\"other\"\r\n\r\nignored\r\n--" + boundary + "--\r\n";
      HttpResponse<String> upload = run.http.send(HttpRequest.newBuilder(run.url("/internal/chat/uploads/ingest"))
          .header("Authorization", "Bearer " + PushRun.SECRET)
          .header("Content-Type", "multipart/form-data; boundary=" + boundary)
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, upload.statusCode(), upload.body());
      JsonObject file = PushRun.json(upload).getAsJsonArray("files").get(0).getAsJsonObject();
      String uri = file.get("uri").getAsString();
      assertTrue(uri.startsWith("workspace:/workspace/.molecule/chat-uploads/"), uri);
      assertTrue(uri.endsWith("-a_b.txt"), uri);
      assertEquals("a b.txt", file.get("name").getAsString());
      assertEquals(5, file.get("size").getAsInt());
      assertEquals("hello", read(run, uri.substring("workspace:".length())).body());

      String message = "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"message/send\",\"params\":{\"message\":{"
          + "\"role\":\"user\",\"messageId\":\"m-file\",\"contextId\":\"c\",\"parts\":[{\"kind\":\"text\",\"text\":"
          + "\"look\"},{\"kind\":\"file\",\"file\":{\"name\":\"a b.txt\",\"uri\":\"" + uri + "\"}}]}}}";
      HttpResponse<String> answer = run.post(message);
      assertEquals("hello", Files.readString(seen[0]));
      assertTrue(seen[0].startsWith(dataDir.toRealPath()), seen[0].toString());
      var parts = PushRun.json(answer).getAsJsonObject("result").getAsJsonArray("parts");
      assertEquals("see the file", parts.get(0).getAsJsonObject().get("text").getAsString());
      JsonObject answerFile = parts.get(1).getAsJsonObject().getAsJsonObject("file");
      assertEquals("workspace:/workspace/answer.txt", answerFile.get("uri").getAsString());
      assertEquals("made by the backend", read(run, "/workspace/answer.txt").body());
    }
  }

  private static HttpResponse<String> read(PushRun run, String path) throws Exception {
    URI url = run.url("/internal/file/read?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8));
    return run.http.send(HttpRequest.newBuilder(url).header("Authorization", "Bearer " + PushRun.SECRET).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
