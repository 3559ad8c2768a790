package ai.molecule.host.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command that loads plugins shares. */
final class CommonOptions {

  @Option(names = "--plugins-dir", paramLabel = "DIR",
      description = "Plugin jars directory (env MOLECULE_PLUGINS_DIR; config plugins_dir; default ~/.config/molecule/plugins). "
          + "The plugins bundled with molecule are always loaded too.")
  Path pluginsDir;

  @Option(names = {"-v", "--verbose"}, description = "Debug logging and stack traces (env MOLECULE_LOG_LEVEL sets the level).")
  boolean verbose;
}
