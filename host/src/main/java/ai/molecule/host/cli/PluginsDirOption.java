package ai.molecule.host.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --plugins-dir}: where the operator's plugin jars are; shared by every command that loads them. */
final class PluginsDirOption {

  @Option(names = "--plugins-dir", paramLabel = "DIR",
      description = "Plugin jars directory (env MOLECULE_PLUGINS_DIR; config plugins_dir; default "
          + "~/.config/molecule/plugins). The plugins bundled with molecule are always loaded too.")
  Path pluginsDir;
}
