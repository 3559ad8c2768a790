package ai.molecule.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What 1.1 adds keeps 1.0 callers working: old constructor, old handle, derived sender. */
class ContractElevenTest {

  @Test
  void theOldConstructorDerivesTheSender() {
    InboundMessage human = new InboundMessage("ws", null, "m1", null, null, null, List.of(Part.text("hi")), null);
    InboundMessage peer = new InboundMessage("ws", "p", "m2", null, null, null, List.of(Part.text("hi")), null);
    assertEquals(Sender.Kind.HUMAN, human.sender().kind());
    assertTrue(human.fromHuman());
    assertEquals(Sender.peer("p", null, null), peer.sender());
    assertFalse(peer.fromHuman());
    assertFalse(peer.isReply());
  }

  @Test
  void theBuilderSetsTheCallerFromAPeerSender() {
    InboundMessage message = InboundMessage.builder("ws", "m1")
        .sender(Sender.peer("peer-ws", "reviewer", "code review")).contextId("c").text("q").inReplyTo("ours")
        .build();
    assertEquals("peer-ws", message.callerId());
    assertEquals("c", message.conversationId());
    assertEquals("q", message.text());
    assertTrue(message.isReply());
    assertEquals("reviewer", message.sender().displayName().orElseThrow());
  }

  @Test
  void aSystemTurnIsNeitherHumanNorPeer() {
    InboundMessage message = InboundMessage.builder("ws", "m1").sender(Sender.system("self-cron")).text("tick").build();
    assertTrue(message.fromSystem());
    assertFalse(message.fromHuman());
    assertEquals("human", message.conversationId().substring(0, 5)); // no caller: the canvas lane
  }

  @Test
  void aOnePointZeroBackendIsCalledThroughTheNewHandle() throws BackendException {
    Backend old = message -> Reply.text("old: " + message.text());
    Reply reply = old.handle(InboundMessage.builder("ws", "m").text("x").build(), Turn.none());
    assertEquals(List.of(Part.text("old: x")), reply.parts());
    assertFalse(old.acceptsSystemTurns());
  }

  @Test
  void costsAreExactAndNeverNegative() {
    assertEquals(new BigDecimal("0.0123"), Cost.usd("0.0123").amount());
    assertEquals("EUR", new Cost("eur", BigDecimal.ONE).currency());
    assertThrows(IllegalArgumentException.class, () -> Cost.usd(new BigDecimal("-1")));
    assertThrows(IllegalArgumentException.class, () -> new Cost("dollars", BigDecimal.ONE));
  }

  @Test
  void aFetchedFileHasALocalPath() {
    Path here = Path.of("").toAbsolutePath();
    assertEquals(here, new Part.File("a", null, here.toUri().toString(), 1).localPath().orElseThrow());
    assertTrue(new Part.File("a", null, "platform-pending:ws/f", 1).localPath().isEmpty());
  }

  @Test
  void theContractVersionIsReadableAtRunTime() {
    assertEquals(Contract.VERSION, Contract.version());
    assertSame(Turn.none(), Turn.none());
    assertFalse(Turn.none().isCancelled());
  }
}
