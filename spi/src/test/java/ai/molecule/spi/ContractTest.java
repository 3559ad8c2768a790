package ai.molecule.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ContractTest {

  @Test
  void contractVersionMatchesTheVersionPluginsDeclareInTheBuild() throws Exception {
    Properties build = new Properties();
    try (InputStream in = getClass().getResourceAsStream("/build.properties")) {
      build.load(in);
    }
    assertEquals(build.getProperty("contract.version"), Contract.VERSION);
    assertTrue(build.getProperty("spi.version").startsWith(Contract.VERSION + "."),
        "the spi is released with its contract's version: " + build.getProperty("spi.version"));
  }

  @Test
  void conversationIsTheContextElseCallerAndTask() {
    List<Part> hello = List.of(Part.text("hello"));
    assertEquals("ctx", new InboundMessage("w", "peer", "m", "ctx", "t", null, hello, null).conversationId());
    assertEquals("peer/t", new InboundMessage("w", "peer", "m", null, "t", null, hello, null).conversationId());
    assertEquals("human", new InboundMessage("w", null, "m", null, null, null, hello, null).conversationId());
  }

  @Test
  void textJoinsOnlyTextParts() {
    var message = new InboundMessage("w", null, "m", null, null, null,
        List.of(Part.text("a"), new Part.Data("{}"), Part.text("b")), null);
    assertEquals("a\n\nb", message.text());
    assertTrue(message.fromHuman());
  }

  @Test
  void valuesRefuseWhatAPluginAuthorCouldGetWrong() {
    assertThrows(IllegalArgumentException.class, () -> new BackendInfo("Claude Code", "", List.of()));
    assertThrows(IllegalArgumentException.class, () -> OptionSpec.optional("Bad-Key", "", null));
    assertThrows(IllegalArgumentException.class, () -> new Reply(List.of(), Map.of()));
  }

  @Test
  void booleanOptionsAcceptTheUsualSpellingsAndRefuseOthers() throws Exception {
    var context = new BackendContext("w", Map.of("a", "Off", "b", "yes", "c", "maybe"), Path.of("."));
    assertFalse(context.booleanOption("a", true));
    assertTrue(context.booleanOption("b", false));
    assertTrue(context.booleanOption("missing", true));
    BackendException e = assertThrows(BackendException.class, () -> context.booleanOption("c", true));
    assertFalse(e.retryable());
  }
}
