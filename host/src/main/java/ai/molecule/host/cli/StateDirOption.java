package ai.molecule.host.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --state-dir}: where cursors are kept; shared so its description is written once. */
final class StateDirOption {

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Where the cursor is kept (env MOLECULE_STATE_DIR; config state_dir; default "
          + "~/.config/molecule/state).")
  Path stateDir;

  /** The directory: the option's, else the default under the config directory. */
  Path directory(CliEnvironment environment) {
    return environment.stateDirectory(stateDir);
  }
}
