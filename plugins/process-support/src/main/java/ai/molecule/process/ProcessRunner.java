package ai.molecule.process;

import ai.molecule.process.StreamCapture.Keep;
import ai.molecule.spi.BackendException;
import ai.molecule.wire.Durations;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs a backend's child processes, one per message, safely for concurrent calls.
 *
 * <p>Each run writes its stdin and reads its stdout and stderr on threads of their own, so a child
 * that never reads its input or writes a lot of output cannot block it. A run that outlives its
 * timeout, is interrupted, or is still going when the runner is {@linkplain #close() closed} has its
 * whole process tree stopped, and fails with a retryable {@link BackendException}.
 */
public final class ProcessRunner implements AutoCloseable {

  /** How much stdout a run keeps; far more than a reply may carry (1 MiB). */
  public static final int STDOUT_LIMIT = 16 * 1024 * 1024;

  /**
   * The longest stdout line a {@link LineTap} gets whole: an event stream's line carries whole tool
   * results, so it is far longer than any reply, yet a child cannot make one line take all memory.
   */
  public static final int STDOUT_LINE_LIMIT = 64 * 1024 * 1024;

  private static final int STDERR_LIMIT = 8 * 1024;
  /** How long stopped processes get to end on SIGTERM before SIGKILL. */
  private static final Duration GRACE = Duration.ofSeconds(2);
  /**
   * How long to wait for the end of the output once the child has exited: a background process it
   * left behind may hold the pipe open for good.
   */
  private static final long DRAIN_MILLIS = 2000;

  private final String label;
  private final int stdoutLimit;
  private final Set<Process> running = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** A runner whose errors name what it runs as {@code label}, e.g. {@code claude} or {@code the command}. */
  public ProcessRunner(String label) {
    this(label, STDOUT_LIMIT);
  }

  ProcessRunner(String label, int stdoutLimit) {
    this.label = label;
    this.stdoutLimit = stdoutLimit;
  }

  /**
   * Runs one process to its end and returns how it ended, whatever its exit code.
   *
   * @throws BackendException when it cannot start (permanent), or outlives its timeout, is
   *     interrupted, or the runner is closed meanwhile (retryable; its process tree is stopped)
   */
  public ProcessResult run(ProcessSpec spec) throws BackendException {
    return run(spec, LineTap.NONE, LineTap.NONE);
  }

  /**
   * Runs one process as {@link #run(ProcessSpec)} does, offering each line of its stdout and stderr
   * to a tap as it is written (the tap runs on the reading thread). What a tap takes is left out of
   * {@link ProcessResult#stdout()} or {@link ProcessResult#stderr()}. A tap that has had {@linkplain
   * LineTap.Enough enough} stops the process tree; the run then returns as it ended.
   *
   * @param stdout takes stdout lines, or {@link LineTap#NONE} to keep stdout byte for byte
   * @param stderr takes stderr lines, or {@link LineTap#NONE}
   * @throws BackendException as {@link #run(ProcessSpec)}
   */
  public ProcessResult run(ProcessSpec spec, LineTap stdout, LineTap stderr) throws BackendException {
    if (closed) {
      throw BackendException.permanent("the backend is closed; " + label + " was not started");
    }
    Process process = start(spec);
    running.add(process);
    try {
      if (closed) {
        ProcessTree.kill(process, GRACE);
      }
      return await(process, spec, stdout, stderr);
    } finally {
      running.remove(process);
    }
  }

  /** Stops every process still running, with its children. Later runs fail. */
  @Override
  public void close() {
    closed = true;
    for (Process process : running) {
      ProcessTree.kill(process, GRACE);
    }
  }

  private Process start(ProcessSpec spec) throws BackendException {
    ProcessBuilder builder = new ProcessBuilder(spec.command());
    if (spec.directory() != null) {
      builder.directory(spec.directory().toFile());
    }
    builder.environment().clear();
    builder.environment().putAll(spec.environment());
    try {
      return builder.start();
    } catch (IOException e) {
      throw new BackendException("cannot start " + label + " (" + spec.command().get(0) + "): " + e.getMessage(),
          false, e);
    }
  }

  private ProcessResult await(Process process, ProcessSpec spec, LineTap stdoutTap, LineTap stderrTap)
      throws BackendException {
    long started = System.nanoTime();
    String name = label.replace(' ', '-') + "-" + process.pid();
    Runnable stop = () -> ProcessTree.kill(process, GRACE);
    StreamCapture stdout = StreamCapture.start(process.getInputStream(), Keep.HEAD, stdoutLimit, stdoutTap,
        STDOUT_LINE_LIMIT, stop, name + "-stdout");
    StreamCapture stderr = StreamCapture.start(process.getErrorStream(), Keep.TAIL, STDERR_LIMIT, stderrTap,
        STDERR_LIMIT, stop, name + "-stderr");
    feed(process, spec.stdin(), name + "-stdin");
    boolean exited;
    try {
      exited = process.waitFor(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      ProcessTree.kill(process, GRACE);
      BackendException failure = drained(process, started, stdout, stderr)
          .failure("was interrupted (molecule is stopping); it and its child processes were stopped", true);
      Thread.currentThread().interrupt();
      throw failure;
    }
    if (!exited) {
      ProcessTree.kill(process, GRACE);
      throw drained(process, started, stdout, stderr).failure("timed out after "
          + Durations.format(spec.timeout()) + "; it and its child processes were stopped", true);
    }
    ProcessResult result = drained(process, started, stdout, stderr);
    if (closed) {
      throw result.failure("was stopped: the backend is closing", true);
    }
    return result;
  }

  /** The result once the output has ended, or once the drain period is over. */
  private ProcessResult drained(Process process, long started, StreamCapture stdout, StreamCapture stderr) {
    try {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
      stdout.awaitEnd(DRAIN_MILLIS);
      stderr.awaitEnd(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return result(process, started, stdout, stderr);
  }

  private ProcessResult result(Process process, long started, StreamCapture stdout, StreamCapture stderr) {
    int exitCode = process.isAlive() ? -1 : process.exitValue();
    return new ProcessResult(label, exitCode,
        new String(stdout.bytes(), StandardCharsets.UTF_8), stdout.overflowed(),
        new String(stderr.bytes(), StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - started));
  }

  /** Writes stdin on a thread of its own: a child may read it late, or never. */
  private static void feed(Process process, String stdin, String threadName) {
    byte[] bytes = stdin.getBytes(StandardCharsets.UTF_8);
    Thread writer = new Thread(() -> {
      try (OutputStream in = process.getOutputStream()) {
        in.write(bytes);
      } catch (IOException e) {
        // The child exited or closed its stdin without reading everything: its output says the rest.
      }
    }, threadName);
    writer.setDaemon(true);
    writer.start();
  }
}
