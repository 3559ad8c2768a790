package ai.molecule.backend.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.molecule.spi.BackendContext;
import ai.molecule.spi.BackendException;
import ai.molecule.testkit.Messages;
import ai.molecule.testkit.RecordingTurn;
import ai.molecule.testkit.Replies;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EchoBackendTest {

  @Test
  void echoesTheTextThroughTheTemplate() throws Exception {
    var backend = new EchoBackendProvider().create(
        new BackendContext("ws", Map.of("reply", "echo: %s"), Path.of(".")));
    RecordingTurn turn = new RecordingTurn();
    Replies.assertText("echo: 100% hello", backend.handle(Messages.text("100% hello").build(), turn));
    assertEquals(List.of(), turn.progressLines(), "an echo has nothing to report on the way");
  }

  @Test
  void refusesATemplateWithoutPlaceholder() {
    var e = assertThrows(BackendException.class, () -> new EchoBackendProvider().create(
        new BackendContext("ws", Map.of("reply", "static"), Path.of("."))));
    assertEquals(false, e.retryable());
  }
}
