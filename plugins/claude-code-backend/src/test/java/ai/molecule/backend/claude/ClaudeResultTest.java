package ai.molecule.backend.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.spi.InboundMessage;
import ai.molecule.spi.Part;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClaudeResultTest {

  @Test
  void readsTheRealResultWithItsCumulativeCostExactly() {
    ClaudeResult result = ClaudeResult.parse(Fixtures.read("result-success-resumed.json")).orElseThrow();
    assertEquals("turn 2: second message", result.text());
    assertEquals("d8545746-eca5-4a26-9f13-695ab5d75371", result.sessionId());
    assertEquals(Optional.of(new BigDecimal("0.09632")), result.totalCost());
    assertEquals(Map.of("session_id", result.sessionId(), "duration_ms", "80", "turns", "1"), result.metadata());
  }

  @Test
  void readsTheErrorsTheRealCliReports() {
    ClaudeResult unauthorized = ClaudeResult.parse(Fixtures.read("result-api-401.json")).orElseThrow();
    assertTrue(unauthorized.isError());
    assertEquals(401, unauthorized.apiErrorStatus());
    assertEquals("authentication_error", unauthorized.apiErrorType());
    ClaudeResult maxTurns = ClaudeResult.parse(Fixtures.read("result-error-max-turns.json")).orElseThrow();
    assertEquals("error_max_turns", maxTurns.subtype());
    assertEquals(List.of("Reached maximum number of turns (2)"), maxTurns.errors());
    assertEquals(List.of("Read /etc/hostname", "Read /etc/hostname"), maxTurns.denials());
    assertEquals(new BigDecimal("0.048063999999999996"),
        ClaudeResult.parse(lastLine(Fixtures.read("stream-json-partial-messages.jsonl"))).orElseThrow().totalCost()
            .orElseThrow(), "a double would round this");
  }

  @Test
  void findsTheResultInTheVerboseArrayShape() {
    ClaudeResult result = ClaudeResult.parse(Fixtures.read("json-verbose-array.json")).orElseThrow();
    assertTrue(!result.text().isEmpty() && !result.sessionId().isEmpty());
  }

  @Test
  void anythingElseIsNoResult() {
    for (String output : List.of("", "not json", "\"a string\"", "{\"type\":\"system\"}", "[1,2]", "{\"result\":")) {
      assertTrue(ClaudeResult.parse(output).isEmpty(), output);
    }
  }

  @Test
  void filesAndDataOfTheMessageAreNamedInThePromptAFetchedFileByItsLocalPath() {
    Path upload = Path.of("/data/uploads/b.csv");
    InboundMessage message = new InboundMessage("ws", null, "m1", null, null, null, List.of(
        Part.text("Summarise this"),
        new Part.File("a.txt", "text/plain", "https://files.example.com/a.txt", 12),
        new Part.File("b.csv", null, upload.toUri().toString(), -1),
        new Part.Data("{\"k\":1}")), null);
    assertEquals("Summarise this\n\nAttached file: a.txt (text/plain), 12 bytes, at https://files.example.com/a.txt"
        + "\n\nAttached file: b.csv, at /data/uploads/b.csv"
        + "\n\nAttached data: {\"k\":1}", Prompt.of(message));
  }

  static String lastLine(String text) {
    List<String> lines = text.lines().filter(line -> !line.isBlank()).toList();
    return lines.get(lines.size() - 1);
  }
}
