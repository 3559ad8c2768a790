package ai.molecule.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The assembled distribution under dist/target, run as a user runs it: {@code bin/molecule} in a
 * process of its own, with a home directory of the test's. Every test shares one cache directory,
 * so the launcher records its class-data-sharing archive once for the whole run, not once per test;
 * {@link #withOwnCache()} gives a test the first run's view (the archive test).
 */
final class Distribution {

  /** The cache every test shares: the build's (the pom names it), else one for this JVM. */
  private static final Path SHARED_CACHE = sharedCache();

  private final Path launcher;
  private final Path home;
  private final Map<String, String> environment = new HashMap<>();
  private Path workingDirectory;

  Distribution(Path home) {
    this.launcher = Path.of(System.getProperty("molecule.dist", "target/molecule")).resolve("bin/molecule");
    if (!Files.isExecutable(launcher)) {
      throw new IllegalStateException(launcher + " is missing: run the package phase first");
    }
    this.home = home;
    environment.put("HOME", home.toString());
    environment.put("XDG_CACHE_HOME", SHARED_CACHE.toString());
  }

  private static Path sharedCache() {
    try {
      String configured = System.getProperty("molecule.test.cache");
      return configured != null ? Files.createDirectories(Path.of(configured))
          : Files.createTempDirectory("molecule-test-cache");
    } catch (IOException e) {
      throw new IllegalStateException("cannot make the shared cache directory", e);
    }
  }

  /** A cache of this test's own, empty: the launcher records a fresh archive. */
  Distribution withOwnCache() {
    return with("XDG_CACHE_HOME", home.resolve("cache").toString());
  }

  Path home() {
    return home;
  }

  Path configDirectory() {
    return home.resolve(".config/molecule");
  }

  Distribution with(String variable, String value) {
    environment.put(variable, value);
    return this;
  }

  /** Runs the next commands in this directory (relative paths in their arguments are from there). */
  Distribution in(Path directory) {
    workingDirectory = directory;
    return this;
  }

  /** Runs a command that ends by itself. */
  Result run(String... args) throws IOException, InterruptedException {
    Running running = start(args);
    if (!running.process.waitFor(60, TimeUnit.SECONDS)) {
      running.process.destroyForcibly();
      throw new AssertionError("molecule " + String.join(" ", args) + " did not finish within 60 s");
    }
    return running.result();
  }

  /** The launcher's path. */
  Path launcher() {
    return launcher;
  }

  /** A process with this distribution's environment (the test's home, none of the caller's MOLECULE_*). */
  ProcessBuilder processBuilder(List<String> command) {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.startsWith("MOLECULE_") || k.equals("JAVA_TOOL_OPTIONS"));
    builder.environment().putAll(environment);
    return builder;
  }

  /** Starts a command that runs until stopped. */
  Running start(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(launcher.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = processBuilder(command);
    Path out = Files.createTempFile(home, "out", ".txt");
    Path err = Files.createTempFile(home, "err", ".txt");
    builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    if (workingDirectory != null) {
      builder.directory(workingDirectory.toFile());
    }
    return new Running(builder.start(), out, err);
  }

  record Result(int exitCode, String out, String err) {}

  /** A running molecule process; its output goes to files so it never blocks on a full pipe. */
  record Running(Process process, Path out, Path err) {

    String stderr() throws IOException {
      return Files.readString(err, StandardCharsets.UTF_8);
    }

    String stdout() throws IOException {
      return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** Waits until stdout holds {@code text}; returns all of stdout. */
    String awaitOutput(String text, Duration timeout) throws IOException, InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!stdout().contains(text)) {
        if (!process.isAlive()) {
          throw new AssertionError("molecule ended (exit " + process.exitValue() + ") before printing '" + text
              + "'; stdout: " + stdout() + "; stderr: " + stderr());
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no '" + text + "' within " + timeout.toMillis() + " ms; stdout: " + stdout());
        }
        Thread.sleep(20);
      }
      return stdout();
    }

    /** Types a line at the process's standard input. */
    void type(String line) throws IOException {
      process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().flush();
    }

    /** SIGTERM, as a supervisor stops it, then its exit code. */
    int terminate(Duration timeout) throws InterruptedException {
      process.destroy();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("molecule did not stop within " + timeout.toMillis() + " ms of SIGTERM");
      }
      return process.exitValue();
    }

    Result result() throws IOException {
      return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), stderr());
    }
  }
}
