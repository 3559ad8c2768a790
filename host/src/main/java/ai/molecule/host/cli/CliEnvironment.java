package ai.molecule.host.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a command reads from outside its arguments: the environment variables and the places on
 * disk. Passed in rather than read from {@link System}, so tests can give their own.
 *
 * @param variables the environment variables
 * @param userHome the user's home directory
 * @param installation the distribution's directory (holding the bundled {@code plugins/}), if known
 * @param config the operator's config file, read or empty
 * @param stdin the standard input
 */
record CliEnvironment(Map<String, String> variables, Path userHome, Optional<Path> installation, ConfigFile config,
    StandardInput stdin) {

  CliEnvironment(Map<String, String> variables, Path userHome, Optional<Path> installation) {
    this(variables, userHome, installation, null, StandardInput.system());
  }

  /** This environment with another standard input (a test's). */
  CliEnvironment withStdin(StandardInput input) {
    return new CliEnvironment(variables, userHome, installation, config, input);
  }

  /** This environment with its config file read: {@code MOLECULE_CONFIG}, else {@code config.properties}. */
  CliEnvironment withConfig() throws ai.molecule.host.MoleculeException {
    Optional<Path> named = variable("MOLECULE_CONFIG").map(Path::of);
    Path path = named.orElse(configDirectory().resolve("config.properties"));
    return new CliEnvironment(variables, userHome, installation, ConfigFile.load(path, named.isPresent()), stdin);
  }

  @Override
  public ConfigFile config() {
    return config != null ? config : ConfigFile.empty(configDirectory().resolve("config.properties"));
  }

  static CliEnvironment fromSystem() {
    String installation = System.getProperty("molecule.home");
    // $HOME, as the shell means "~"; Java's user.home comes from the password database instead.
    String home = System.getenv("HOME");
    return new CliEnvironment(System.getenv(),
        Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home),
        installation == null || installation.isBlank() ? Optional.empty() : Optional.of(Path.of(installation)));
  }

  /** A non-blank environment variable. */
  Optional<String> variable(String name) {
    String value = variables.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  /** {@code $XDG_CONFIG_HOME/molecule}, by default {@code ~/.config/molecule}. */
  Path configDirectory() {
    return variable("XDG_CONFIG_HOME").map(Path::of).orElse(userHome.resolve(".config")).resolve("molecule");
  }

  /** The plugin directories: the bundled one first, then the operator's ({@code --plugins-dir}, else the default). */
  List<Path> pluginDirectories(Path option) {
    List<Path> directories = new ArrayList<>();
    installation.ifPresent(home -> directories.add(home.resolve("plugins")));
    directories.add(userPluginDirectory(option));
    return directories;
  }

  /** Where the operator's own plugin jars go. */
  Path userPluginDirectory(Path option) {
    return option != null ? option : configDirectory().resolve("plugins");
  }

  /** {@code --state-dir}, else {@code ~/.config/molecule/state}. */
  Path stateDirectory(Path option) {
    return option != null ? option : configDirectory().resolve("state");
  }

  /** Where each backend keeps its files for a workspace. */
  Path dataDirectory(String workspaceId, String backend) {
    return configDirectory().resolve("data").resolve(workspaceId).resolve(backend);
  }
}
