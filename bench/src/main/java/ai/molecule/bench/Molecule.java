package ai.molecule.bench;

import ai.molecule.sandbox.SandboxPlatform;
import ai.molecule.sandbox.WorkspaceCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The built distribution, run as a user runs it: {@code bin/molecule} in a process of its own, with
 * a home directory of the scenario's (fresh state, config and plugins) and one cache directory
 * shared by every run, so the launcher's class-data-sharing archive is built once and reused.
 */
public final class Molecule {

  /** Variables of the benchmark's own environment that would change how molecule or its JVM runs. */
  private static final List<String> CLEARED = List.of(
      "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "XDG_CONFIG_HOME", "XDG_CACHE_HOME");

  private final Path launcher;
  private final Path cacheHome;
  private final String javaOptions;

  /**
   * @param distribution the distribution's directory ({@code dist/target/molecule})
   * @param cacheHome the {@code XDG_CACHE_HOME} of every run
   * @param javaOptions the launcher's {@code MOLECULE_JAVA_OPTS} for every run; empty for none
   */
  public Molecule(Path distribution, Path cacheHome, String javaOptions) {
    this.launcher = distribution.resolve("bin/molecule").toAbsolutePath();
    this.cacheHome = cacheHome;
    this.javaOptions = javaOptions;
    if (!Files.isExecutable(launcher)) {
      throw new IllegalArgumentException(launcher + " is missing: build the distribution first "
          + "(./mvnw -B -q -DskipTests package), or name its directory");
    }
  }

  public Path launcher() {
    return launcher;
  }

  /**
   * Runs {@code molecule backends} once, as a user's first command would: on Java 17 and 18 the
   * launcher writes its class-data-sharing archive at the end of a command other than
   * {@code connect}, on 19 and later at the end of any.
   *
   * @return the archive the launcher left in the shared cache, if any
   */
  public Optional<Path> warmUp(Path home, Deadline deadline) throws IOException, InterruptedException, TimeoutException {
    try (MoleculeProcess backends = start(home, List.of("backends"), Map.of())) {
      if (!backends.awaitExit(deadline.remaining())) {
        throw new TimeoutException("molecule backends did not finish in time");
      }
      if (backends.exitCode() != 0) {
        throw new IOException("molecule backends failed with exit code " + backends.exitCode() + ":\n"
            + backends.stderrTail(20));
      }
    }
    Path cache = cacheHome.resolve("molecule");
    if (!Files.isDirectory(cache)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(cache)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".jsa")).findFirst();
    }
  }

  /**
   * Starts {@code molecule connect <workspace> <arguments>} against the sandbox, with the
   * workspace's URL and token in its environment (never in its arguments, as an operator should).
   */
  public MoleculeProcess connect(Path home, SandboxPlatform sandbox, List<String> arguments) throws IOException {
    return connect(home, sandbox, arguments, Map.of());
  }

  /** As {@link #connect(Path, SandboxPlatform, List)}, with more environment variables. */
  public MoleculeProcess connect(Path home, SandboxPlatform sandbox, List<String> arguments,
      Map<String, String> environment) throws IOException {
    return connect(home, sandbox, sandbox.defaultWorkspace(), arguments, environment);
  }

  /** As {@link #connect(Path, SandboxPlatform, List, Map)}, for one of the sandbox's workspaces. */
  public MoleculeProcess connect(Path home, SandboxPlatform sandbox, WorkspaceCredentials workspace,
      List<String> arguments, Map<String, String> environment) throws IOException {
    List<String> command = new ArrayList<>(List.of("connect", workspace.id()));
    command.addAll(arguments);
    Map<String, String> variables = new HashMap<>(environment);
    variables.put("MOLECULE_API_URL", sandbox.url().toString());
    variables.put("MOLECULE_WORKSPACE_TOKEN", workspace.token());
    return start(home, command, variables);
  }

  /** Starts {@code molecule serve FILE}: the serve file names the platform and each workspace's token file. */
  public MoleculeProcess serve(Path home, Path serveFile) throws IOException {
    return start(home, List.of("serve", serveFile.toString()), Map.of());
  }

  private MoleculeProcess start(Path home, List<String> arguments, Map<String, String> variables) throws IOException {
    Files.createDirectories(home);
    List<String> command = new ArrayList<>();
    command.add(launcher.toString());
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> name.startsWith("MOLECULE_") || CLEARED.contains(name));
    environment.put("HOME", home.toString());
    environment.put("XDG_CACHE_HOME", cacheHome.toString());
    if (!javaOptions.isEmpty()) {
      environment.put("MOLECULE_JAVA_OPTS", javaOptions);
    }
    environment.putAll(variables);
    String name = arguments.get(0);
    return MoleculeProcess.start(builder, Files.createTempFile(home, name + "-", ".out"),
        Files.createTempFile(home, name + "-", ".err"));
  }
}
