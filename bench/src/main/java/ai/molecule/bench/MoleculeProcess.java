package ai.molecule.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A {@code bin/molecule} process the benchmark started, with its output in files (never a pipe
 * that could fill and stall it). Closing it stops it: SIGTERM, then after a grace period SIGKILL
 * for it and everything it started. A shutdown hook kills any still running when the benchmark
 * itself is stopped (Ctrl-C), so no child outlives it.
 */
public final class MoleculeProcess implements AutoCloseable {

  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(MoleculeProcess::kill),
        "molecule-bench-children"));
  }

  private final Process process;
  private final Instant launchedAt;
  private final Path stderr;

  private MoleculeProcess(Process process, Instant launchedAt, Path stderr) {
    this.process = process;
    this.launchedAt = launchedAt;
    this.stderr = stderr;
  }

  /** Starts {@code builder} with stdout and stderr going to {@code stdout} and {@code stderr}. */
  static MoleculeProcess start(ProcessBuilder builder, Path stdout, Path stderr) throws IOException {
    builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    Instant launchedAt = Instant.now();
    Process process = builder.start();
    RUNNING.add(process);
    return new MoleculeProcess(process, launchedAt, stderr);
  }

  /** Just before the process was started: the zero of start-up times. */
  public Instant launchedAt() {
    return launchedAt;
  }

  /** The process id; the launcher {@code exec}s java for {@code connect}, so it is java's. */
  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * The memory of the java process. The launcher {@code exec}s java for {@code connect}, so the
   * process started is java itself; this checks it in {@code /proc/<pid>/comm}.
   *
   * @throws IllegalStateException when the process runs something else: its memory would not be molecule's
   */
  public ProcMemory javaMemory() throws IOException {
    String command = Files.readString(Path.of("/proc", Long.toString(pid()), "comm"), StandardCharsets.UTF_8).strip();
    if (!command.equals("java")) {
      throw new IllegalStateException("process " + pid() + " runs " + command
          + ", not java: the launcher no longer execs java, so its memory is not molecule's");
    }
    return ProcMemory.of(pid());
  }

  /** Waits for it to end by itself; false when it is still running after {@code timeout}. */
  public boolean awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public int exitCode() {
    return process.exitValue();
  }

  /** {@link #stop(Duration)} with ten seconds' grace: ample for a backend that takes one. */
  public int stop() throws InterruptedException {
    return stop(STOP_GRACE);
  }

  /**
   * Stops it as a supervisor would: SIGTERM, then SIGKILL (for its descendants too) when it is
   * still running after {@code grace}.
   *
   * @return its exit code, or -1 when it had to be killed
   */
  public int stop(Duration grace) throws InterruptedException {
    try {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
          kill(process);
          return -1;
        }
      }
      return process.exitValue();
    } finally {
      RUNNING.remove(process);
    }
  }

  /** The last {@code lines} lines of its stderr, to show why a scenario failed. */
  public String stderrTail(int lines) {
    try {
      var all = Files.readAllLines(stderr, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(stderr unreadable: " + e.getMessage() + ")";
    }
  }

  /** Stops it if it still runs; an interrupt on the way still kills it. */
  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      kill(process);
      RUNNING.remove(process);
      Thread.currentThread().interrupt();
    }
  }

  private static void kill(Process process) {
    // The exec backend's shells and sleeps are the molecule's descendants: kill them first, while
    // they can still be found through their parent.
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
