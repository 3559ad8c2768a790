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
 */
record CliEnvironment(Map<String, String> variables, Path userHome, Optional<Path> installation) {

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

  /** The plugin directories, bundled first: flag, else {@code MOLECULE_PLUGINS_DIR}, else the default. */
  List<Path> pluginDirectories(Path flag) {
    List<Path> directories = new ArrayList<>();
    installation.ifPresent(home -> directories.add(home.resolve("plugins")));
    directories.add(userPluginDirectory(flag));
    return directories;
  }

  /** Where the operator's own plugin jars go. */
  Path userPluginDirectory(Path flag) {
    return flag != null ? flag
        : variable("MOLECULE_PLUGINS_DIR").map(Path::of).orElse(configDirectory().resolve("plugins"));
  }

  /** Flag, else {@code MOLECULE_STATE_DIR}, else {@code ~/.config/molecule/state}. */
  Path stateDirectory(Path flag) {
    return flag != null ? flag
        : variable("MOLECULE_STATE_DIR").map(Path::of).orElse(configDirectory().resolve("state"));
  }

  /** Where each backend keeps its files for a workspace. */
  Path dataDirectory(String workspaceId, String backend) {
    return configDirectory().resolve("data").resolve(workspaceId).resolve(backend);
  }
}
