package ai.molecule.host.cli;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Fills an option the command line leaves out from its environment variable, else from the config
 * file, else the option's own default: flags, then environment, then file, then defaults.
 */
final class SettingsDefaults implements IDefaultValueProvider {

  private final CliEnvironment environment;

  SettingsDefaults(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public String defaultValue(ArgSpec argument) {
    if (!(argument instanceof OptionSpec option)) {
      return null;
    }
    Settings.Setting setting = Settings.forOption(option.longestName()).filter(Settings.Setting::fillsOption)
        .orElse(null);
    if (setting == null) {
      return null;
    }
    if (setting.variable() != null) {
      var fromEnvironment = environment.variable(setting.variable());
      if (fromEnvironment.isPresent()) {
        return fromEnvironment.get();
      }
    }
    return environment.config().get(setting.key()).orElse(null);
  }
}
