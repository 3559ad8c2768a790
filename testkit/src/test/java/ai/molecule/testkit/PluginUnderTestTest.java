package ai.molecule.testkit;

import static ai.molecule.host.testing.PluginJars.plugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.spi.Cost;
import ai.molecule.spi.Reply;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginUnderTestTest {

  private static final String PROGRESSING = "package test.kit;\n"
      + "import ai.molecule.spi.*;\n"
      + "import java.util.List;\n"
      + "public final class Provider implements BackendProvider {\n"
      + "  public BackendInfo info() {\n"
      + "    return new BackendInfo(\"shout\", \"shouts\", List.of(OptionSpec.optional(\"suffix\", \"added\", \"!\")));\n"
      + "  }\n"
      + "  public Backend create(BackendContext context) {\n"
      + "    String suffix = context.option(\"suffix\").orElseThrow();\n"
      + "    return new Backend() {\n"
      + "      public Reply handle(InboundMessage message) throws BackendException { return handle(message, Turn.none()); }\n"
      + "      public Reply handle(InboundMessage message, Turn turn) {\n"
      + "        turn.progress(\"shouting\");\n"
      + "        turn.reportCost(Cost.usd(\"0.01\"));\n"
      + "        return Reply.text(turn.isCancelled() ? \"cancelled\" : message.text().toUpperCase() + suffix);\n"
      + "      }\n"
      + "    };\n"
      + "  }\n"
      + "}\n";

  @TempDir Path dir;

  private Path shoutJar() {
    return plugin("shout-plugin").manifest("Plugin-Requires", "1.1").source("test.kit.Provider", PROGRESSING)
        .listing("test.kit.Provider").writeTo(dir, "shout.jar");
  }

  @Test
  void aBuiltJarIsLoadedAndItsBackendAnswersWithProgressAndCostRecorded() throws Exception {
    try (PluginUnderTest plugin = PluginUnderTest.load(shoutJar());
        BackendUnderTest shout = plugin.start("shout", Map.of("suffix", "?!"))) {
      assertEquals("shout-plugin", plugin.pluginId());
      assertEquals(List.of("shout"), plugin.backends());
      RecordingTurn turn = new RecordingTurn();
      Reply reply = shout.handle(Messages.text("hello").build(), turn);
      Replies.assertText("HELLO?!", reply);
      assertEquals(List.of("shouting"), turn.progressLines());
      assertEquals(new BigDecimal("0.01"), turn.totalCost(Cost.USD));
      assertTrue(Files.isDirectory(shout.dataDirectory()));
    }
  }

  @Test
  void theDeclaredDefaultsFillInAndACancelledTurnIsSeen() throws Exception {
    try (PluginUnderTest plugin = PluginUnderTest.load(shoutJar());
        BackendUnderTest shout = plugin.start("shout", Map.of())) {
      Replies.assertText("HI!", shout.handle(Messages.fromPeer("peer", "hi").build()));
      RecordingTurn turn = new RecordingTurn();
      turn.cancel();
      Replies.assertText("cancelled", shout.handle(Messages.text("hi").build(), turn));
    }
  }

  @Test
  void whatMoleculeWouldRefuseFailsTheTestWithMoleculesReason() throws Exception {
    Path future = plugin("future").greeter("future").manifest("Plugin-Requires", "2.0").writeTo(dir, "future.jar");
    AssertionError refused = assertThrows(AssertionError.class, () -> PluginUnderTest.load(future));
    assertTrue(refused.getMessage().contains("built for spi contract 2.0"), refused.getMessage());

    try (PluginUnderTest plugin = PluginUnderTest.load(shoutJar())) {
      AssertionError unknown = assertThrows(AssertionError.class, () -> plugin.start("shout", Map.of("loud", "yes")));
      assertTrue(unknown.getMessage().contains("has no option 'loud'"), unknown.getMessage());
      AssertionError missing = assertThrows(AssertionError.class, () -> plugin.start("whisper", Map.of()));
      assertTrue(missing.getMessage().contains("offers no backend 'whisper'"), missing.getMessage());
    }
  }

  @Test
  void aOnePointZeroPluginAnswersThroughTheNewHandle() throws Exception {
    Path old = plugin("old").greeter("old").writeTo(dir, "old.jar");
    try (PluginUnderTest plugin = PluginUnderTest.load(old); BackendUnderTest greeter = plugin.start("old", Map.of())) {
      RecordingTurn turn = new RecordingTurn();
      Replies.assertText("hi there", greeter.handle(Messages.text("there").build(), turn));
      assertEquals(List.of(), turn.progressLines());
    }
  }
}
