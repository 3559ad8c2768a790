package ai.molecule.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.tinylog.Level;
import org.tinylog.core.LogEntry;
import org.tinylog.runtime.RuntimeProvider;
import org.junit.jupiter.api.Test;

class JsonLogWriterTest {

  /** The shape of a platform token: 43 base64url characters. */
  private static final String TOKEN = "Abcdefghijklmnopqrstuvwxyz0123456789_-ABCDE";

  private static LogEntry entry(Level level, String message, Map<String, String> context, Throwable error) {
    return new LogEntry(RuntimeProvider.createTimestamp(), Thread.currentThread(), context, "ai.molecule.Example",
        "run", "Example.java", 1, null, level, message, error);
  }

  @Test
  void everyEntryIsOneJsonObjectOnALineOfItsOwnWithTheContextAsFieldsAndNoToken() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    JsonLogWriter writer = new JsonLogWriter(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
    writer.write(entry(Level.INFO, "message msg-1 from a peer: answered in 12 ms",
        Map.of("workspace", "ws-1", "outcome", "answered", "duration_ms", "12"), null));
    writer.write(entry(Level.WARN, "two\nlines and a \"quote\", Bearer " + TOKEN, Map.of(), null));
    writer.write(entry(Level.ERROR, "failed", Map.of("level", "not a level"),
        new IllegalStateException("boom with " + TOKEN)));

    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(3, lines.size(), bytes.toString(StandardCharsets.UTF_8));
    JsonObject first = JsonParser.parseString(lines.get(0)).getAsJsonObject();
    assertEquals("info", first.get("level").getAsString());
    assertEquals("message msg-1 from a peer: answered in 12 ms", first.get("message").getAsString());
    assertEquals("ws-1", first.get("workspace").getAsString());
    assertEquals("answered", first.get("outcome").getAsString());
    assertEquals("12", first.get("duration_ms").getAsString());
    Instant.parse(first.get("time").getAsString());
    assertFalse(first.has("stack") || first.has("thread"), "details only at debug level");

    JsonObject second = JsonParser.parseString(lines.get(1)).getAsJsonObject();
    assertTrue(second.get("message").getAsString().startsWith("two\nlines and a \"quote\""));
    JsonObject third = JsonParser.parseString(lines.get(2)).getAsJsonObject();
    assertEquals("error", third.get("level").getAsString(), "a context key never overrides a field of the line");
    assertTrue(third.get("error").getAsString().startsWith("java.lang.IllegalStateException: boom"));
    assertFalse(bytes.toString(StandardCharsets.UTF_8).contains(TOKEN), "tokens are scrubbed");
  }

  @Test
  void atDebugLevelTheStackThreadAndClassAreFields() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new JsonLogWriter(new PrintStream(bytes, true, StandardCharsets.UTF_8), true)
        .write(entry(Level.DEBUG, "x", Map.of(), new RuntimeException("y")));
    JsonObject line = JsonParser.parseString(bytes.toString(StandardCharsets.UTF_8).strip()).getAsJsonObject();
    assertTrue(line.get("stack").getAsString().contains("at "), line.toString());
    assertEquals(Thread.currentThread().getName(), line.get("thread").getAsString());
    assertEquals("ai.molecule.Example", line.get("class").getAsString());
  }
}
