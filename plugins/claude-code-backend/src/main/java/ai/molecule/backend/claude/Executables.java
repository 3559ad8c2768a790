package ai.molecule.backend.claude;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** Finds an executable as a shell would: a name with a slash is a path, a bare name is looked up on the PATH. */
final class Executables {

  private Executables() {}

  /** Whether {@code name} is a path rather than a name to look up. */
  static boolean isPath(String name) {
    return name.indexOf('/') >= 0;
  }

  /**
   * The executable file {@code name} stands for, as an absolute path.
   *
   * @param path the PATH to search a bare name in, or {@code null}; empty entries are skipped
   */
  static Optional<Path> find(String name, String path) {
    if (isPath(name)) {
      return executable(name);
    }
    if (path == null) {
      return Optional.empty();
    }
    for (String directory : path.split(File.pathSeparator)) {
      if (!directory.isEmpty()) {
        Optional<Path> found = executable(directory + File.separator + name);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<Path> executable(String candidate) {
    try {
      Path file = Path.of(candidate).toAbsolutePath().normalize();
      return Files.isRegularFile(file) && Files.isExecutable(file) ? Optional.of(file) : Optional.empty();
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }
}
