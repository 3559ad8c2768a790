package ai.molecule.host.plugins;

import java.nio.file.Path;

/**
 * A plugin jar that could not be used, and why. Reported once; every other backend still works.
 *
 * @param jar the jar the problem is in
 * @param reason one line that says what is wrong
 */
public record PluginProblem(Path jar, String reason) {

  @Override
  public String toString() {
    return jar.getFileName() + ": " + reason;
  }
}
