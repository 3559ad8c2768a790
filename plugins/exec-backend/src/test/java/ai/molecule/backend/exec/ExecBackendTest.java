package ai.molecule.backend.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.process.ProcessTree;
import ai.molecule.testkit.RecordingTurn;
import ai.molecule.spi.Backend;
import ai.molecule.spi.BackendContext;
import ai.molecule.spi.BackendException;
import ai.molecule.spi.InboundMessage;
import ai.molecule.spi.Part;
import ai.molecule.spi.Reply;
import ai.molecule.testkit.Await;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecBackendTest {

  private static final InboundMessage HELLO = new InboundMessage("ws", "peer", "m1", "ctx-1", "task-1", null,
      List.of(Part.text("hello there")), null);

  @TempDir Path dir;

  @Test
  void textFormatPassesTheTextOnStdinAndAnswersWithStdout() throws Exception {
    Reply reply = handle(Map.of("cmd", "tr a-z A-Z; echo"), HELLO);
    assertEquals(List.of(Part.text("HELLO THERE")), reply.parts(), "trailing blank lines are dropped");
    assertTrue(reply.metadata().containsKey("duration_ms"));
  }

  @Test
  void jsonFormatPassesTheWholeMessage() throws Exception {
    InboundMessage message = new InboundMessage("ws", null, "m1", null, "task-1", "message/stream", List.of(
        Part.text("see attached"),
        new Part.File("a.txt", "text/plain", "https://files.example.com/a.txt", 12),
        new Part.Data("{\"k\":[1,2]}")), null);
    Path stdin = dir.resolve("stdin.json");
    handle(Map.of("cmd", "cat > '" + stdin + "'; echo ok", "format", "json"), message);
    assertEquals(JsonParser.parseString("{\"workspace_id\":\"ws\",\"caller_id\":null,\"message_id\":\"m1\","
        + "\"context_id\":null,\"task_id\":\"task-1\",\"conversation_id\":\"human/task-1\",\"method\":\"message/stream\","
        + "\"parts\":[{\"kind\":\"text\",\"text\":\"see attached\"},"
        + "{\"kind\":\"file\",\"file\":{\"name\":\"a.txt\",\"mimeType\":\"text/plain\","
        + "\"uri\":\"https://files.example.com/a.txt\",\"size\":12}},"
        + "{\"kind\":\"data\",\"data\":{\"k\":[1,2]}}]}"), JsonParser.parseString(Files.readString(stdin)));
  }

  @Test
  void jsonFormatAnswersWithThePartsTheCommandPrints() throws Exception {
    String answer = "{\"parts\":[{\"kind\":\"text\",\"text\":\"done\"},"
        + "{\"type\":\"file\",\"file\":{\"name\":\"r.csv\",\"mimeType\":\"text/csv\",\"uri\":\"https://x.example.com/r.csv\"}},"
        + "{\"kind\":\"data\",\"data\":{\"rows\":3}}],\"metadata\":{\"cost_usd\":0.5}}";
    Reply reply = handle(Map.of("cmd", "cat > /dev/null; printf '%s' '" + answer + "'", "format", "json"), HELLO);
    assertEquals(List.of(Part.text("done"), new Part.File("r.csv", "text/csv", "https://x.example.com/r.csv", -1),
        new Part.Data("{\"rows\":3}")), reply.parts());
    assertEquals("0.5", reply.metadata().get("cost_usd"));
  }

  @Test
  void jsonFormatTakesOtherOutputAsText() throws Exception {
    assertEquals(List.of(Part.text("{\"answer\":42}")),
        handle(Map.of("cmd", "echo '{\"answer\":42}'", "format", "json"), HELLO).parts());
    assertEquals(List.of(Part.text("plain words")),
        handle(Map.of("cmd", "echo plain words", "format", "json"), HELLO).parts());
  }

  @Test
  void unusablePartsAreAPermanentError() {
    BackendException e = assertThrows(BackendException.class, () -> handle(
        Map.of("cmd", "echo '{\"parts\":[{\"kind\":\"text\"}]}'", "format", "json"), HELLO));
    assertFalse(e.retryable());
    assertEquals("the command's JSON reply is not usable: part 0: a text part without a text; print {\"parts\":[{\"kind\":\"text\",\"text\":\"...\"}]}",
        e.getMessage());
  }

  @Test
  void aNonZeroExitIsAnErrorWithTheEndOfStderr() {
    BackendException e = assertThrows(BackendException.class,
        () -> handle(Map.of("cmd", "echo partial; echo 'no such file' >&2; exit 3"), HELLO));
    assertFalse(e.retryable());
    assertEquals("the command exited with code 3; stderr: no such file", e.getMessage());

    BackendException later = assertThrows(BackendException.class,
        () -> handle(Map.of("cmd", "echo busy >&2; exit 75"), HELLO));
    assertTrue(later.retryable(), "exit code 75 (EX_TEMPFAIL) asks for another try");
  }

  @Test
  void emptyOutputIsAnError() {
    BackendException e = assertThrows(BackendException.class, () -> handle(Map.of("cmd", "cat > /dev/null; echo"), HELLO));
    assertFalse(e.retryable());
    assertEquals("the command printed nothing; it must print the reply on stdout", e.getMessage());
  }

  @Test
  void aTimeoutStopsTheCommandAndWhatItStarted() throws Exception {
    BackendException e = assertThrows(BackendException.class, () -> handle(Map.of(
        "cmd", "sleep 300 & echo $! > '" + dir.resolve("grandchild.pid") + "'; sleep 300", "timeout", "300ms"), HELLO));
    assertTrue(e.retryable());
    assertTrue(e.getMessage().startsWith("the command timed out after 300ms; it and its child processes were stopped"),
        e.getMessage());
    Path pid = dir.resolve("grandchild.pid");
    Await.until("the pid file", () -> Files.exists(pid));
    assertFalse(ProcessTree.running(Long.parseLong(Files.readString(pid).trim())));
  }

  @Test
  void theMessageIdsArePassedAsVariablesButMoleculesOwnNever() throws Exception {
    String cmd = "echo \"$MOLECULE_WORKSPACE_ID|$MOLECULE_CALLER_ID|$MOLECULE_MESSAGE_ID|$MOLECULE_CONTEXT_ID"
        + "|$MOLECULE_TASK_ID|$MOLECULE_CONVERSATION_ID|${MOLECULE_WORKSPACE_TOKEN-no token}\"";
    assertEquals(List.of(Part.text("ws|peer|m1|ctx-1|task-1|ctx-1|no token")), handle(Map.of("cmd", cmd), HELLO).parts());
    assertEquals(List.of(Part.text("||||||no token")), handle(Map.of("cmd", cmd, "pass_meta", "off"), HELLO).parts());
  }

  @Test
  void stderrLinesWithTheProgressPrefixAreProgressAndNotErrorOutput() throws Exception {
    RecordingTurn turn = new RecordingTurn();
    String cmd = "echo 'molecule-progress: reading the input' >&2; cat > /dev/null; echo 'molecule-progress: writing' >&2;"
        + " echo 'real trouble' >&2; exit 1";
    try (Backend backend = create(Map.of("cmd", cmd))) {
      BackendException e = assertThrows(BackendException.class, () -> backend.handle(HELLO, turn));
      assertEquals("the command exited with code 1; stderr: real trouble", e.getMessage());
    }
    assertEquals(List.of("reading the input", "writing"), turn.progressLines());
  }

  @Test
  void aTurnWithLittleTimeLeftCutsTheTimeout() throws Exception {
    try (Backend backend = create(Map.of("cmd", "sleep 30", "timeout", "60s"))) {
      BackendException e = assertThrows(BackendException.class,
          () -> backend.handle(HELLO, RecordingTurn.lasting(java.time.Duration.ofMillis(300))));
      assertTrue(e.retryable());
      assertTrue(e.getMessage().startsWith("the command timed out after "), e.getMessage());
    }
  }

  @Test
  void badOptionsAreRefusedAtStart() {
    Map<Map<String, String>, String> expected = Map.of(
        Map.of("cmd", " "), "option cmd is empty; give it a value with --backend-opt cmd=VALUE",
        Map.of("cmd", "cat", "format", "xml"), "option format must be text or json, not 'xml'",
        Map.of("cmd", "cat", "timeout", "1 minute"), "option timeout '1 minute' is not a duration; write it like 500ms, 30s, 5m or 1h");
    expected.forEach((options, message) -> {
      BackendException e = assertThrows(BackendException.class, () -> create(options), options.toString());
      assertEquals(message, e.getMessage());
    });
  }

  private Reply handle(Map<String, String> options, InboundMessage message) throws BackendException {
    try (Backend backend = create(options)) {
      return backend.handle(message);
    }
  }

  private Backend create(Map<String, String> options) throws BackendException {
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.put("MOLECULE_WORKSPACE_TOKEN", "secret-token");
    Map<String, String> resolved = new HashMap<>(Map.of("timeout", "10s", "pass_meta", "on", "format", "text"));
    resolved.putAll(options);
    return new ExecBackendProvider(environment).create(new BackendContext("ws", resolved, dir));
  }
}
