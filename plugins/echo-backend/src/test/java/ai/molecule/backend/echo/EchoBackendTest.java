package ai.molecule.backend.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.molecule.spi.BackendContext;
import ai.molecule.spi.BackendException;
import ai.molecule.spi.InboundMessage;
import ai.molecule.spi.Part;
import ai.molecule.spi.Reply;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EchoBackendTest {

  private static final InboundMessage HELLO = new InboundMessage(
      "ws", "peer", "m1", null, null, null, List.of(Part.text("100% hello")), null);

  @Test
  void echoesTheTextThroughTheTemplate() throws Exception {
    var backend = new EchoBackendProvider().create(
        new BackendContext("ws", Map.of("reply", "echo: %s"), Path.of(".")));
    assertEquals(Reply.text("echo: 100% hello"), backend.handle(HELLO));
  }

  @Test
  void refusesATemplateWithoutPlaceholder() {
    var e = assertThrows(BackendException.class, () -> new EchoBackendProvider().create(
        new BackendContext("ws", Map.of("reply", "static"), Path.of("."))));
    assertEquals(false, e.retryable());
  }
}
