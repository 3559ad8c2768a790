package ai.molecule.host.cli;

import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.tinylog.Logger;

/** Temporary directories a command makes for itself and removes when it is done. */
final class ScratchDirectories {

  private ScratchDirectories() {}

  /** A new directory in the temp dir, owner-only as the JDK makes it. */
  static Path create(String prefix) throws MoleculeException {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new MoleculeException(ExitCode.SOFTWARE, "cannot make a scratch directory (" + e.getMessage()
          + "); check that the temp dir (java.io.tmpdir) is writable", e);
    }
  }

  /** Deletes the directory and everything in it; one left behind in the temp dir is harmless. */
  static void deleteQuietly(Path directory) {
    if (directory == null || !Files.exists(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      Logger.debug("could not delete {}: {}", directory, e.getMessage());
    }
  }
}
