package ai.molecule.bench;

import ai.molecule.sandbox.SandboxOptions;
import ai.molecule.sandbox.SandboxPlatform;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What every scenario works with: the distribution, a directory of its own for homes and logs, a
 * fresh sandbox platform on demand, and a place to say what it is doing.
 */
public final class Workbench {

  private final Molecule molecule;
  private final Path directory;
  private final PrintStream progress;

  public Workbench(Molecule molecule, Path directory, PrintStream progress) {
    this.molecule = molecule;
    this.directory = directory;
    this.progress = progress;
  }

  public Molecule molecule() {
    return molecule;
  }

  /** A new, empty home directory: no saved cursor, config or plugins of an earlier run. */
  public Path newHome(String name) throws IOException {
    Files.createDirectories(directory);
    return Files.createTempDirectory(directory, name + "-");
  }

  /**
   * A new sandbox platform on 127.0.0.1 with no rate limit: the benchmark measures molecule, and
   * at full speed it polls and replies faster than the platform's 600 requests a minute.
   */
  public SandboxPlatform newPlatform() throws IOException {
    return SandboxPlatform.start(SandboxOptions.defaults().withRateLimitPerMinute(0));
  }

  /** One line of progress while the benchmark runs (the figures come at the end). */
  public void say(String line) {
    progress.println("  " + line);
    progress.flush();
  }
}
