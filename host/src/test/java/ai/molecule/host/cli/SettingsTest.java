package ai.molecule.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The table of settings and the options' help agree: each option names its variable and key. */
class SettingsTest {

  @Test
  void everyOptionOfTheTableNamesItsVariableAndConfigKeyInItsHelp() {
    CommandLine molecule = MoleculeCommand.commandLine(new CliEnvironment(Map.of(), Path.of("home"), Optional.empty()));
    for (String command : new String[] {"connect", "doctor", "send", "sandbox", "backends"}) {
      for (OptionSpec option : molecule.getSubcommands().get(command).getCommandSpec().options()) {
        Settings.forOption(option.longestName()).ifPresent(setting -> {
          String help = String.join(" ", option.description());
          if (setting.variable() != null) {
            assertTrue(help.contains("env " + setting.variable()), command + " " + option.longestName() + ": " + help);
          }
          assertTrue(help.contains("config " + setting.key()), command + " " + option.longestName() + ": " + help);
        });
      }
    }
  }

  @Test
  void theConfigFileKnowsExactlyTheTablesKeys() {
    assertTrue(ConfigFile.KEYS.containsAll(Settings.ALL.stream().map(Settings.Setting::key).toList()));
    assertEquals(Settings.ALL.size(), ConfigFile.KEYS.size());
  }
}
