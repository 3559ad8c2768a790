package ai.molecule.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColoursAndCompletionTest {

  @TempDir Path config;

  private static CliEnvironment environment(Map<String, String> variables) {
    return new CliEnvironment(variables, Path.of("."), Optional.empty());
  }

  @Test
  void coloursOnlyOnATerminalAndNeverWithNoColor() {
    assertEquals("\u001b[32mok\u001b[0m", Colours.forOutput(true, environment(Map.of())).green("ok"));
    assertEquals("ok", Colours.forOutput(false, environment(Map.of())).green("ok"), "piped output stays plain");
    assertEquals("ok", Colours.forOutput(true, environment(Map.of("NO_COLOR", ""))).green("ok"));
    assertEquals("ok", Colours.forOutput(true, environment(Map.of("TERM", "dumb"))).red("ok"));
  }

  @Test
  void completionScriptsForBashAndZsh() throws Exception {
    for (String shell : new String[] {"bash", "zsh"}) {
      CliRun run = CliRun.run(config, Map.of(), "completion", shell);
      assertEquals(0, run.exitCode(), run.toString());
      assertTrue(run.out().contains("complete -F _complete_molecule"), run.out());
      assertTrue(run.out().contains("sandbox") && run.out().contains("connect"), "subcommands complete");
    }
    assertEquals(2, CliRun.run(config, Map.of(), "completion", "fish").exitCode());
  }
}
