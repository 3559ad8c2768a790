package ai.molecule.backend.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.spi.InboundMessage;
import ai.molecule.spi.Part;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClaudeResultTest {

  @Test
  void readsTheResultObject() {
    ClaudeResult result = ClaudeResult.parse("{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,"
        + "\"result\":\"hi\",\"session_id\":\"s1\",\"total_cost_usd\":0.25,\"duration_ms\":1200,\"num_turns\":2,"
        + "\"usage\":{\"input_tokens\":3}}\n").orElseThrow();
    assertEquals(new ClaudeResult(false, "success", "hi", "s1",
        Map.of("session_id", "s1", "cost_usd", "0.25", "duration_ms", "1200", "turns", "2")), result);
    assertTrue(result.retryable());
  }

  @Test
  void findsTheResultInTheVerboseArrayShape() {
    ClaudeResult result = ClaudeResult.parse("[{\"type\":\"system\",\"subtype\":\"init\"},"
        + "{\"type\":\"assistant\"},{\"type\":\"result\",\"is_error\":false,\"result\":\"done\",\"session_id\":\"s2\"}]")
        .orElseThrow();
    assertEquals("done", result.text());
    assertEquals("s2", result.sessionId());
  }

  @Test
  void anythingElseIsNoResult() {
    for (String output : List.of("", "not json", "\"a string\"", "{\"type\":\"system\"}", "[1,2]", "{\"result\":")) {
      assertTrue(ClaudeResult.parse(output).isEmpty(), output);
    }
  }

  @Test
  void filesAndDataOfTheMessageAreNamedInThePrompt() {
    InboundMessage message = new InboundMessage("ws", null, "m1", null, null, null, List.of(
        Part.text("Summarise this"),
        new Part.File("a.txt", "text/plain", "https://files.example.com/a.txt", 12),
        new Part.Data("{\"k\":1}")), null);
    assertEquals("Summarise this\n\nAttached file: a.txt (text/plain), 12 bytes, at https://files.example.com/a.txt"
        + "\n\nAttached data: {\"k\":1}", Prompt.of(message));
  }
}
