package ai.molecule.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.spi.Cost;
import ai.molecule.spi.InboundMessage;
import ai.molecule.spi.Part;
import ai.molecule.spi.Reply;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestkitValuesTest {

  @Test
  void messagesGetTheirOwnIdsAndTheSenderAsked() {
    InboundMessage first = Messages.text("a").build();
    InboundMessage second = Messages.fromPeer("peer-ws", "b").contextId("c").build();
    assertNotEquals(first.messageId(), second.messageId());
    assertEquals(Messages.WORKSPACE, first.workspaceId());
    assertTrue(first.fromHuman());
    assertEquals("peer-ws", second.callerId());
    assertEquals("c", second.conversationId());
  }

  @Test
  void aRecordingTurnKeepsProgressAndCostsAndHonoursItsDeadline() {
    Instant past = Instant.parse("2020-01-01T00:00:00Z");
    RecordingTurn turn = new RecordingTurn(past);
    turn.progress("reading");
    turn.progress("  ");
    turn.progress("writing");
    turn.reportCost(Cost.usd("0.10"));
    turn.reportCost(Cost.usd("0.05"));
    turn.reportCost(new Cost("EUR", BigDecimal.ONE));
    assertEquals(List.of("reading", "writing"), turn.progressLines());
    assertEquals(new BigDecimal("0.15"), turn.totalCost("usd"));
    assertEquals(past, turn.deadline());
    assertEquals(Duration.ZERO, turn.remaining());
    assertFalse(turn.isCancelled());
    turn.cancel();
    assertTrue(turn.isCancelled());
    assertTrue(RecordingTurn.lasting(Duration.ofHours(1)).remaining().compareTo(Duration.ofMinutes(59)) > 0);
  }

  @Test
  void replyAssertionsReadTheTextParts() {
    Reply reply = Reply.of(Part.text("one"), new Part.Data("{}"), Part.text("two")).withMetadata("k", "v");
    assertEquals("one\n\ntwo", Replies.textOf(reply));
    Replies.assertTextContains("two", reply);
    Replies.assertMetadata("k", "v", reply);
    AssertionError wrong = assertThrows(AssertionError.class, () -> Replies.assertText("three", reply));
    assertTrue(wrong.getMessage().contains("three"), wrong.getMessage());
  }

  @Test
  void awaitGivesUpWithWhatItWaitedFor() {
    AssertionError late = assertThrows(AssertionError.class,
        () -> Await.until("never", Duration.ofMillis(30), () -> false));
    assertTrue(late.getMessage().contains("waiting for never"));
  }
}
