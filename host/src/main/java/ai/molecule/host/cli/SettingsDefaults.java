package ai.molecule.host.cli;

import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Fills an option the command line leaves out from its environment variable, else from the config
 * file, else the option's own default: flags, then environment, then file, then defaults.
 */
final class SettingsDefaults implements IDefaultValueProvider {

  /** Where an option's value may come from besides the command line. */
  private record Source(String variable, String key) {}

  private static final Map<String, Source> SOURCES = Map.ofEntries(
      Map.entry("--api-url", new Source("MOLECULE_API_URL", "api_url")),
      Map.entry("--org-id", new Source("MOLECULE_ORG_ID", "org_id")),
      Map.entry("--backend", new Source("MOLECULE_BACKEND", "backend")),
      Map.entry("--plugins-dir", new Source("MOLECULE_PLUGINS_DIR", "plugins_dir")),
      Map.entry("--state-dir", new Source("MOLECULE_STATE_DIR", "state_dir")),
      Map.entry("--interval", new Source(null, "interval")),
      Map.entry("--heartbeat", new Source(null, "heartbeat")),
      Map.entry("--since", new Source(null, "since")),
      Map.entry("--concurrency", new Source(null, "concurrency")),
      Map.entry("--attempts", new Source(null, "attempts")),
      Map.entry("--grace", new Source(null, "grace")),
      Map.entry("--give-up-after", new Source(null, "give_up_after")));

  private final CliEnvironment environment;

  SettingsDefaults(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public String defaultValue(ArgSpec argument) {
    if (!(argument instanceof OptionSpec option)) {
      return null;
    }
    Source source = SOURCES.get(option.longestName());
    if (source == null) {
      return null;
    }
    if (source.variable() != null) {
      var fromEnvironment = environment.variable(source.variable());
      if (fromEnvironment.isPresent()) {
        return fromEnvironment.get();
      }
    }
    return environment.config().get(source.key()).orElse(null);
  }
}
