package ai.molecule.sandbox;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A program a test needs (a browser, tmux). Where it is missing, CI (the {@code CI} variable set, as
 * {@code .ci/run} does) fails the test, since a skipped test there would pass unseen; a developer's
 * run skips it with one loud line on stderr that says how to install it.
 */
public final class RequiredTool {

  private RequiredTool() {}

  /** The tool if it was found; else the test fails under CI, and is skipped (loudly) elsewhere. */
  public static Path require(String tool, Optional<Path> found, String howToInstall) {
    if (found.isPresent()) {
      return found.get();
    }
    String why = tool + " is not installed (" + howToInstall + "; .ci/run installs it)";
    if (underCi()) {
      Assertions.fail("CI is set, so a missing tool fails the test: " + why);
    }
    System.err.println("SKIPPED (not under CI): " + why);
    Assumptions.abort(why);
    throw new AssertionError("unreachable: abort throws");
  }

  /** The first executable of that name on the PATH. */
  public static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static boolean underCi() {
    String ci = System.getenv("CI");
    return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false") && !ci.equals("0");
  }
}
