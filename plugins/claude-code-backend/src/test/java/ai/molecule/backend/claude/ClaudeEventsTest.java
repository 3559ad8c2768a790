package ai.molecule.backend.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.testkit.RecordingTurn;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClaudeEventsTest {

  private final RecordingTurn turn = new RecordingTurn();
  private final ClaudeEvents events = new ClaudeEvents(turn);

  /** Feeds a fixture's lines; returns the result's text. */
  private String feed(String fixture) {
    Fixtures.read(fixture).lines().forEach(line -> assertTrue(events.take(line), line));
    return events.result().orElseThrow().text();
  }

  @Test
  void aToolStartingAndItsRefusalAreProgressAndTheResultIsKept() {
    assertEquals("turn 1: tool:1 stream it (after 1 tool calls)", feed("stream-json-verbose-tool.jsonl"));
    assertEquals(List.of("Read /etc/hostname",
        "permission denied: Read /etc/hostname (Path is outside allowed working directories)"), turn.progressLines());
    assertEquals(List.of("Read /etc/hostname"), events.result().orElseThrow().denials());
  }

  @Test
  void apiRetriesAreProgress() {
    assertEquals("turn 1: transient", feed("stream-json-api-retry.jsonl"));
    assertEquals(List.of("the API answered 529 (overloaded); Claude tries again (1 of 10) in 553 ms",
        "the API answered 529 (overloaded); Claude tries again (2 of 10) in 1037 ms"), turn.progressLines());
  }

  @Test
  void partialMessagesAndUnknownEventsAreTakenQuietlyAndNonJsonIsLeft() {
    assertEquals("turn 1: partial", feed("stream-json-partial-messages.jsonl"));
    assertEquals(List.of(), turn.progressLines());
    assertFalse(events.take("Warning: not an event"));
  }
}
