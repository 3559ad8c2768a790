package ai.molecule.backend.echo;

import ai.molecule.testkit.BackendUnderTest;
import ai.molecule.testkit.Messages;
import ai.molecule.testkit.PluginUnderTest;
import ai.molecule.testkit.Replies;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The built jar, loaded as molecule loads it: descriptor, contract, discovery, options. */
class EchoPluginIT {

  @Test
  void theBuiltJarLoadsAndEchoes() throws Exception {
    try (PluginUnderTest plugin = PluginUnderTest.built();
        BackendUnderTest echo = plugin.start("echo", Map.of("reply", "echo: %s"))) {
      Replies.assertText("echo: hello", echo.handle(Messages.text("hello").build()));
    }
  }
}
